// 5,000 varied dashboard rows from a seeded generator, so every benchmark run measures the same data.
import type { LightId, PrRow, ProviderId } from "../src/api";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = "fix add remove refactor login cache sync dashboard token retry build docs bump deps flaky test api web ui dark mode".split(" ");
const PROVIDERS: ProviderId[] = ["github", "gitlab", "bitbucket", "gitea"];
const LIGHTS: LightId[] = ["red", "yellow", "green", "grey"];
const SECTIONS = ["needs_my_review", "mine", "assigned_to_me", "watched"];
const REASONS: Record<LightId, string[]> = {
  red: ["CI failing: build", "changes requested by alice", "merge conflict"],
  yellow: ["waiting for 1 approval", "draft", "checks running (2)"],
  green: [],
  grey: ["closed"],
};

export function makeRows(n: number, seed = 42): PrRow[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const now = Date.parse("2026-11-28T12:00:00Z");
  return Array.from({ length: n }, (_, i) => {
    const account = i % 10;
    const provider = PROVIDERS[account % 4] ?? "github";
    const repo = `org${String(account)}/repo-${String(Math.floor(r() * 50))}`;
    const light = pick(LIGHTS);
    const sections = [pick(SECTIONS)];
    if (r() < 0.2) sections.push(pick(SECTIONS.filter((s) => s !== sections[0])));
    return {
      id: `acc-${String(account)}:${repo}#${String(i + 1)}`,
      accountId: `acc-${String(account)}`,
      accountName: `Account ${String(account)}`,
      provider,
      repo,
      number: i + 1,
      title: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
      url: `https://forge.example/${repo}/pull/${String(i + 1)}`,
      author: `user${String(Math.floor(r() * 300))}`,
      createdAt: new Date(now - Math.floor(r() * 90 * 86_400_000)).toISOString(),
      updatedAt: new Date(now - Math.floor(r() * 86_400_000)).toISOString(),
      draft: light === "yellow" && r() < 0.3,
      labels: r() < 0.5 ? [pick(WORDS), pick(WORDS)] : [],
      sections,
      light,
      reasons: REASONS[light].filter(() => r() < 0.7),
      ci: { passed: Math.floor(r() * 8), failed: light === "red" ? 1 : 0, running: light === "yellow" ? 2 : 0 },
      approvals: Math.floor(r() * 3),
      changesRequestedBy: light === "red" && r() < 0.3 ? ["alice"] : [],
      conflict: light === "red" && r() < 0.2,
      actions: {
        writable: true,
        missingScope: null,
        tokenPage: null,
        mergeMethods: ["merge", "squash", "rebase"],
        deleteBranch: false,
        headKnown: true,
        mergeWhenReady: provider !== "bitbucket",
        autoMergeOn: false,
        queueRequired: false,
        queued: false,
        queueWord: provider === "gitlab" ? "merge train" : "merge queue",
        updateStyles: provider === "bitbucket" ? [] : ["merge", "rebase"],
        behind: false,
        offersNote: null,
      },
      triage: { pinned: false, muted: false, snoozed: false, wakesAt: null, listedIn: [] },
      turn: sections.includes("needs_my_review")
        ? { kind: "requested_of_me" as const, words: `user${String(i % 300)} requested your review`, at: null }
        : null,
      automation: i % 17 === 0 ? "auto-merge on (squash) — waits for CI" : null,
      hiddenBy: [],
      inProfile: true,
    };
  });
}
