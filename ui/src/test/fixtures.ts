// Shared test data and IPC mocks (app_info alone, or the whole account backend), so tests state only what differs.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Account, AccountSync, AppInfo, Dashboard, TestReport, ValidationView, VaultView } from "../api";
import type { AppError } from "../bindings";
import { DEFAULTS, type FullSettings } from "../settings/defaults";

export const APP_INFO: AppInfo = {
  version: "9.8.7-test",
  identifier: "dev.ampel.test",
  dataDir: "/tmp/ampel-test-data",
  keyringService: "dev.ampel.test.keyring",
  secretBackend: "Secret Service (gnome-keyring)",
  trayMissing: null,
};

export const VAULT: VaultView = {
  backend: "Secret Service (GNOME Keyring / KWallet)",
  source: "keyring",
  weakerMode: false,
  keyState: "ok",
  detail: null,
  tokensToReenter: 0,
  accounts: 0,
};

/** One day in milliseconds, for expiry dates relative to now. */
export const DAY = 24 * 60 * 60 * 1000;

/** An RFC 3339 time `days` from now (plus a minute, so rounding lands on `days`). */
export function inDays(days: number): string {
  return new Date(Date.now() + days * DAY + 60_000).toISOString();
}

export function account(overrides: Partial<Account> = {}): Account {
  return {
    id: "0b5b6a4e-0000-4000-8000-000000000001",
    provider: "github",
    name: "Work GitHub",
    baseUrl: "https://api.github.com",
    username: null,
    tokenHint: "ghp_…3456",
    tokenKind: null,
    login: "alice",
    displayName: "Alice Example",
    avatar: "data:image/png;base64,iVBORw0KGgo=",
    email: null,
    scopes: ["repo", "read:user", "read:org"],
    expiresAt: null,
    lastValidatedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    status: "verified",
    statusDetail: null,
    enabled: true,
    ...overrides,
  };
}

export function validation(overrides: Partial<ValidationView> = {}): ValidationView {
  return {
    login: "alice",
    name: "Alice Example",
    avatar: "data:image/png;base64,iVBORw0KGgo=",
    email: null,
    tokenKind: "github_classic",
    scopes: ["repo", "read:user"],
    checklist: [
      { feature: "read_user", required: true, anyOf: ["read:user", "user"], granted: true },
      { feature: "read_orgs", required: false, anyOf: ["read:org"], granted: false },
      { feature: "read_repos", required: true, anyOf: ["repo"], granted: true },
      { feature: "read_pull_requests", required: true, anyOf: ["repo"], granted: true },
      { feature: "write", required: false, anyOf: ["repo"], granted: true },
    ],
    missingRead: [],
    missingWrite: [],
    expiresAt: inDays(12),
    settingsUrl: "https://github.com/settings/tokens",
    notes: [],
    ...overrides,
  };
}

export function okReport(v: ValidationView = validation()): TestReport {
  return { ok: true, warnings: [], validation: v, diagnosis: null };
}

export function failedReport(
  code: string,
  extra: { kind?: string; message?: string; missingScopes?: string[]; link?: string; url?: string } = {},
): TestReport {
  return {
    ok: false,
    warnings: [],
    validation: null,
    diagnosis: {
      code,
      kind: extra.kind ?? "credentials",
      message: extra.message ?? `forge said ${code}`,
      missingScopes: extra.missingScopes ?? [],
      link: extra.link ?? null,
      url: extra.url ?? null,
    },
  };
}

/** An AppError as Rust sends it (a plain object, not an Error). */
export function appError(code: AppError["code"], extra: Partial<AppError> = {}): AppError {
  return {
    code,
    message: `failed: ${code}`,
    field: null,
    existingAccountId: null,
    diagnosis: null,
    missingWrite: null,
    ...extra,
  };
}

/** Rejects a mocked command the way Rust does: with a plain AppError object, not an Error. */
export function fail(error: unknown): never {
  // Tauri rejects with plain objects (typed `unknown` here, so the lint rule allows it).
  throw error;
}

export const SCOPES: Record<string, string[]> = {
  github: ["repo", "read:user", "read:org"],
  gitlab: ["api", "read_user", "read_repository"],
  bitbucket: ["read:user:bitbucket", "read:repository:bitbucket", "read:pullrequest:bitbucket"],
  gitea: ["read:user", "read:organization", "read:repository"],
};

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => unknown;

/** Answers the commands with `handlers`, else with sensible defaults, recording each call in `calls`. */
function answerer(handlers: Record<string, Handler>, calls: Call[]): (cmd: string, args: unknown) => unknown {
  const listAccounts = handlers.list_accounts ?? (() => []);
  const defaults: Record<string, Handler> = {
    app_info: () => APP_INFO,
    list_accounts: () => [],
    // The dashboard of the mocked accounts, never synced (tests with rows override it).
    dashboard: (a) => emptyDashboard((listAccounts(a) as Account[]).map(accountSync)),
    vault_status: () => VAULT,
    recommended_scopes: (a) => SCOPES[a.provider as string] ?? [],
    check_token_shape: () => [],
    token_page: (a) => `https://tokens.example/${a.provider as string}`,
    "plugin:opener|open_url": () => null,
    get_settings: () => DEFAULTS,
    // Echoes what was sent, as Rust does for in-range values.
    set_settings: (a) => a.settings,
    // The Watched picker's repository list: empty unless a test gives one.
    list_repos: () => ({ repos: [], next: null, total: 0 }),
    // Settings > Notifications lists the muted repositories: none unless a test gives some.
    muted_repos: () => [],
  };
  return (cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    const handler = handlers[cmd] ?? defaults[cmd];
    if (!handler) throw new Error(`unexpected command ${cmd}`);
    return handler(payload);
  };
}

/**
 * Mocks the account backend: sensible defaults for every command, overridden per test. A
 * handler that throws rejects the command, as Rust does with an AppError. Events are mocked too.
 */
export function mockBackend(handlers: Record<string, Handler> = {}): Call[] {
  const calls: Call[] = [];
  mockIPC(answerer(handlers, calls), { shouldMockEvents: true });
  return calls;
}

interface EventArgs {
  event: string;
  handler: number;
  eventId: number;
  payload: unknown;
}

/** What mockIPC installs on window: runCallback delivers an event to a listener's callback. */
function internals(): { runCallback: (id: number, data: unknown) => void } {
  return (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
}

/**
 * mockBackend whose event listeners are attached only when `attach` is called, as after a slow
 * `listen` round trip: an event emitted before then reaches no one, as in Rust.
 */
export function mockBackendSlowListen(handlers: Record<string, Handler> = {}): {
  calls: Call[];
  attach: () => void;
} {
  const calls: Call[] = [];
  const answer = answerer(handlers, calls);
  const waiting: (() => void)[] = [];
  const attached: { event: string; handler: number }[] = [];
  mockIPC((cmd, args) => {
    const a = args as unknown as EventArgs;
    switch (cmd) {
      case "plugin:event|listen":
        return new Promise((resolve) => {
          waiting.push(() => {
            attached.push({ event: a.event, handler: a.handler });
            resolve(a.handler);
          });
        });
      case "plugin:event|emit":
        for (const l of attached.filter((l) => l.event === a.event)) {
          internals().runCallback(l.handler, { event: a.event, payload: a.payload, id: l.handler });
        }
        return null;
      case "plugin:event|unlisten": {
        const at = attached.findIndex((l) => l.event === a.event && l.handler === a.eventId);
        if (at >= 0) attached.splice(at, 1);
        return null;
      }
      default:
        return answer(cmd, args);
    }
  });
  return {
    calls,
    attach: () => {
      for (const attach of waiting.splice(0)) attach();
    },
  };
}

/** An account's sync state with no error and no rate figures. */
export function accountSync(a: Pick<Account, "id" | "name" | "provider" | "enabled">): AccountSync {
  return {
    accountId: a.id,
    name: a.name,
    provider: a.provider,
    enabled: a.enabled,
    lastSuccessAt: null,
    errorCode: null,
    errorMessage: null,
    rateRemaining: null,
    rateLimit: null,
    rateResetAt: null,
    capped: [],
  };
}

export function emptyDashboard(accounts: AccountSync[] = []): Dashboard {
  return { rows: [], accounts, lastSyncedAt: null, offline: false, refreshing: false, profile: null };
}

/** The commands called, without the noise of lookups every render makes. */
export function commandsCalled(calls: Call[], cmd: string): Record<string, unknown>[] {
  return calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}

/** What Rust emits after a background re-test. */
export async function emitAccountsChanged(): Promise<void> {
  await emit("accounts-changed", null);
}

/** Answers app_info with `info`, or rejects with `error` (as Rust does for a command error). */
export function mockAppInfo(reply: { info: AppInfo } | { error: unknown }): string[] {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd !== "app_info") throw new Error(`unexpected command ${cmd}`);
    // Rust command errors reach the webview as plain {code, message} objects, not Error instances.
    if ("error" in reply) throw reply.error;
    return reply.info;
  });
  return calls;
}

/** Complete settings: the defaults with `patch` (and `notifications` patch) applied. */
export function settings(
  patch: Partial<Omit<FullSettings, "notifications">> = {},
  notifications: Partial<FullSettings["notifications"]> = {},
): FullSettings {
  return { ...DEFAULTS, ...patch, notifications: { ...DEFAULTS.notifications, ...notifications } };
}
