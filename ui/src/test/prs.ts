// Dashboard test data: PR rows and account sync states with sensible defaults, overridden per test.
import type { AccountSync, Dashboard, PrRow } from "../api";

const HOUR = 60 * 60 * 1000;

/** An RFC 3339 time `hours` ago. */
export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * HOUR).toISOString();
}

export function pr(overrides: Partial<PrRow> & { number: number }): PrRow {
  const repo = overrides.repo ?? "acme/api";
  const accountId = overrides.accountId ?? "acc-gh";
  return {
    id: `${accountId}:${repo}#${String(overrides.number)}`,
    accountId,
    accountName: "Work GitHub",
    provider: "github",
    repo,
    title: `Change ${String(overrides.number)}`,
    url: `https://github.com/${repo}/pull/${String(overrides.number)}`,
    author: "alice",
    createdAt: hoursAgo(overrides.number),
    updatedAt: hoursAgo(1),
    draft: false,
    labels: [],
    sections: ["mine"],
    light: "green",
    reasons: [],
    ci: { passed: 0, failed: 0, running: 0 },
    approvals: 0,
    changesRequestedBy: [],
    conflict: false,
    actions: {
      writable: true,
      missingScope: null,
      tokenPage: null,
      mergeMethods: ["merge", "squash", "rebase"],
      deleteBranch: false,
      headKnown: true,
      mergeWhenReady: true,
      autoMergeOn: false,
      queueRequired: false,
      queued: false,
      queueWord: "merge queue",
      updateStyles: ["merge", "rebase"],
      behind: false,
      offersNote: null,
    },
    triage: { pinned: false, muted: false, snoozed: false, wakesAt: null, listedIn: [] },
    turn: null,
    automation: null,
    hiddenBy: [],
    inProfile: true,
    ...overrides,
  };
}

export function sync(overrides: Partial<AccountSync> = {}): AccountSync {
  return {
    accountId: "acc-gh",
    name: "Work GitHub",
    provider: "github",
    enabled: true,
    lastSuccessAt: hoursAgo(0.05),
    errorCode: null,
    errorMessage: null,
    rateRemaining: null,
    rateLimit: null,
    rateResetAt: null,
    capped: [],
    ...overrides,
  };
}

export function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    rows: [],
    accounts: [sync()],
    lastSyncedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    offline: false,
    refreshing: false,
    profile: null,
    ...overrides,
  };
}
