// The one door from components to Rust: unwraps tauri-specta's Result and throws a coded ApiError.
import { openUrl as openInBrowser } from "@tauri-apps/plugin-opener";
import {
  commands,
  events,
  type AccountInput,
  type AccountSync,
  type ActedView,
  type PrActionInput,
  type PrActions,
  type Dashboard,
  type LightId,
  type NotificationSettings,
  type PrRow,
  type QuietHours,
  type RepoItem,
  type RepoPageView,
  type Section,
  type Settings,
  type Theme,
  type Density,
  type SyncProgress,
  type AccountView,
  type AppError,
  type AppInfo,
  type Diagnosis,
  type ProviderId,
  type ScopeLine,
  type TestReport,
  type ValidationView,
  type FocusView,
  type Profile,
  type RuleKind,
  type RuleView,
  type VaultView,
  type Warning,
  type CheckView,
  type MutedRepoView,
  type PrDetail,
  type ReviewerView,
  type RowTriage,
  type SnoozeFor,
} from "./bindings";

export type {
  FocusView,
  Profile,
  RuleKind,
  RuleView,
  AccountInput,
  AccountSync,
  ActedView,
  PrActionInput,
  PrActions,
  Dashboard,
  LightId,
  NotificationSettings,
  PrRow,
  QuietHours,
  RepoItem,
  RepoPageView,
  Section,
  Settings,
  Theme,
  Density,
  SyncProgress,
  AppInfo,
  Diagnosis,
  ProviderId,
  ScopeLine,
  TestReport,
  ValidationView,
  VaultView,
  Warning,
  CheckView,
  MutedRepoView,
  PrDetail,
  ReviewerView,
  RowTriage,
  SnoozeFor,
};

/** A stored account as the UI sees it (never with its token: only `tokenHint`). */
export type Account = AccountView;

/** The error codes Rust can send, plus "internal" for failures Tauri itself reports. */
export type ErrorCode = AppError["code"];

interface ApiErrorDetails {
  field?: string | null;
  existingAccountId?: string | null;
  diagnosis?: Diagnosis | null;
  missingWrite?: { scope: string; settingsUrl: string } | null;
}

/** A failed command; the UI branches on `code`, never on `message`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** The refused field, for invalid_input. */
  readonly field: string | null;
  /** The account that already exists, for duplicate_account. */
  readonly existingAccountId: string | null;
  /** The forge's diagnosis, for forge errors. */
  readonly diagnosis: Diagnosis | null;
  /** The scope to add, for missing_write_scope. */
  readonly scope: string | null;
  /** Where the token is edited, for missing_write_scope. */
  readonly settingsUrl: string | null;

  constructor(code: ErrorCode, message: string, details: ApiErrorDetails = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = details.field ?? null;
    this.existingAccountId = details.existingAccountId ?? null;
    this.diagnosis = details.diagnosis ?? null;
    this.scope = details.missingWrite?.scope ?? null;
    this.settingsUrl = details.missingWrite?.settingsUrl ?? null;
  }
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

function isAppError(value: unknown): value is Partial<AppError> & Pick<AppError, "code" | "message"> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).code === "string" &&
    typeof (value as Record<string, unknown>).message === "string"
  );
}

/** Any thrown value as an ApiError: AppError objects keep their code, anything else is "internal". */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isAppError(error)) {
    return new ApiError(error.code, error.message, {
      field: error.field ?? null,
      existingAccountId: error.existingAccountId ?? null,
      diagnosis: error.diagnosis ?? null,
      missingWrite: error.missingWrite ?? null,
    });
  }
  if (error instanceof Error) return new ApiError("internal", error.message);
  return new ApiError("internal", typeof error === "string" ? error : "unexpected error");
}

/**
 * Unwraps a command result. Framework failures (unknown command, ACL denial) reject with a
 * bare string rather than an AppError, so those become code "internal".
 */
export async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  let result: CommandResult<T>;
  try {
    result = await call;
  } catch (e) {
    throw toApiError(e);
  }
  if (result.status === "ok") return result.data;
  throw toApiError(result.error);
}

/** Commands that return plain promises (no Result) still reject with coded errors. */
async function plain<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  appInfo: (): Promise<AppInfo> => unwrap(commands.appInfo()),
  listAccounts: (): Promise<Account[]> => unwrap(commands.listAccounts()),
  testConnection: (input: AccountInput): Promise<TestReport> =>
    unwrap(commands.testConnection(input)),
  checkTokenShape: (provider: ProviderId, token: string, username: string | null) =>
    plain(commands.checkTokenShape(provider, token, username)),
  addAccount: (input: AccountInput, validate: boolean): Promise<Account> =>
    unwrap(commands.addAccount(input, validate)),
  renameAccount: (id: string, name: string): Promise<Account> =>
    unwrap(commands.renameAccount(id, name)),
  replaceToken: (id: string, token: string, validate: boolean): Promise<Account> =>
    unwrap(commands.replaceToken(id, token, validate)),
  retestAccount: (id: string): Promise<{ account: Account; report: TestReport }> =>
    unwrap(commands.retestAccount(id)),
  setAccountEnabled: (id: string, enabled: boolean): Promise<Account> =>
    unwrap(commands.setAccountEnabled(id, enabled)),
  removeAccount: (id: string): Promise<null> => unwrap(commands.removeAccount(id)),
  vaultStatus: (): Promise<VaultView> => unwrap(commands.vaultStatus()),
  /** The explicit opt-in to the weaker key file (no keyring on this machine). */
  useKeyFile: (): Promise<VaultView> => unwrap(commands.useKeyFile()),
  tokenPage: (provider: ProviderId, baseUrl: string | null): Promise<string> =>
    unwrap(commands.tokenPage(provider, baseUrl)),
  recommendedScopes: (provider: ProviderId): Promise<string[]> =>
    plain(commands.recommendedScopes(provider)),
  /** Opens a forge page in the user's browser (never inside the app's webview). */
  openUrl: (url: string): Promise<void> => plain(openInBrowser(url)),
  /** Every cached PR and each account's sync state (works offline). */
  dashboard: (): Promise<Dashboard> => unwrap(commands.dashboard()),
  /** Syncs every enabled account now, then answers the fresh dashboard. */
  refresh: (): Promise<Dashboard> => unwrap(commands.refresh()),
  watchedRepos: (accountId: string): Promise<string[]> => unwrap(commands.watchedRepos(accountId)),
  setWatchedRepos: (accountId: string, repos: string[]): Promise<string[]> =>
    unwrap(commands.setWatchedRepos(accountId, repos)),
  /** One page of the repositories the account can see (`cursor`: the previous page's `next`). */
  listRepos: (accountId: string, cursor: string | null, filter: string | null): Promise<RepoPageView> =>
    unwrap(commands.listRepos(accountId, cursor, filter)),
  /** Approves, requests changes, comments on or merges one pull request; it is re-synced alone. */
  actOnPr: (accountId: string, repo: string, number: number, action: PrActionInput): Promise<ActedView> =>
    unwrap(commands.actOnPr(accountId, repo, number, action)),
  /** The stored settings (Rust fills every default). */
  snoozePr: (accountId: string, repo: string, number: number, choice: SnoozeFor): Promise<null> =>
    unwrap(commands.snoozePr(accountId, repo, number, choice)),
  unsnoozePr: (accountId: string, repo: string, number: number): Promise<boolean> =>
    unwrap(commands.unsnoozePr(accountId, repo, number)),
  setPinned: (accountId: string, repo: string, number: number, pinned: boolean): Promise<boolean> =>
    unwrap(commands.setPinned(accountId, repo, number, pinned)),
  setMuted: (accountId: string, repo: string, muted: boolean): Promise<boolean> =>
    unwrap(commands.setMuted(accountId, repo, muted)),
  mutedRepos: (): Promise<MutedRepoView[]> => unwrap(commands.mutedRepos()),
  /** The detail panel of one cached pull request (no forge request). */
  prDetail: (accountId: string, repo: string, number: number): Promise<PrDetail> =>
    unwrap(commands.prDetail(accountId, repo, number)),

  /** Focus (issue 29): exclusion rules, profiles and which profile is in effect. */
  getFocus: (): Promise<FocusView> => unwrap(commands.getFocus()),
  addExclusionRule: (kind: RuleKind, account: string | null): Promise<RuleView> =>
    unwrap(commands.addExclusionRule(kind, account)),
  removeExclusionRule: (id: string): Promise<boolean> => unwrap(commands.removeExclusionRule(id)),
  putProfile: (profile: Profile): Promise<null> => unwrap(commands.putProfile(profile)),
  removeProfile: (name: string): Promise<boolean> => unwrap(commands.removeProfile(name)),
  /** Follows `name` (null: all accounts) until the next scheduled change, or the schedule again. */
  useProfile: (name: string | null, schedule: boolean): Promise<FocusView> =>
    unwrap(commands.useProfile(name, schedule)),

  getSettings: (): Promise<Settings> => plain(commands.getSettings()),
  /** Saves a complete settings object; answers the saved, normalised settings (applied at once). */
  setSettings: (settings: Settings): Promise<Settings> => unwrap(commands.setSettings(settings)),
  /** Calls `onProgress` after each account of a refresh; resolves to the unsubscribe. */
  onSyncProgress: (onProgress: (p: SyncProgress) => void): Promise<() => void> =>
    events.syncProgress.listen((e) => {
      onProgress(e.payload);
    }),
  /** Calls `onChange` when any refresh (manual or automatic) finished; resolves to the unsubscribe. */
  onDashboardChanged: (onChange: () => void): Promise<() => void> =>
    events.dashboardChanged.listen(() => {
      onChange();
    }),
  /** Calls `onChange` whenever Rust changed accounts by itself; resolves to the unsubscribe. */
  onAccountsChanged: (onChange: () => void): Promise<() => void> =>
    events.accountsChanged.listen(() => {
      onChange();
    }),
};
