// Pure wording for the dashboard: row ages, "last synced", status messages, colour names, CI summary and account chips.
import type { AccountSync, LightId, PrRow, ProviderId, SyncProgress } from "../api";
import type { SectionId } from "./filter";
import { ago } from "../accounts/format";
import { providerForm } from "../accounts/providers";
import type { RefreshOutcome } from "./useDashboard";

/** A row's age since it was opened: "now", "12 min", "3 h", "2 d", "5 w". */
export function age(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "?";
  const minutes = Math.max(0, Math.floor((now - t) / 60_000));
  if (minutes < 1) return "now";
  if (minutes < 60) return `${String(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${String(hours)} h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${String(days)} d`;
  return `${String(Math.floor(days / 7))} w`;
}

/** How long ago, in words: "just now", "12 min ago", "3 h ago". */
export function ageAgo(iso: string, now: number): string {
  const a = age(iso, now);
  return a === "now" ? "just now" : `${a} ago`;
}

/** Why it is (or is not) my turn, with when: "bob requested changes 3 h ago"; "" without a turn. */
export function turnWords(turn: PrRow["turn"], now: number): string {
  if (!turn) return "";
  return turn.at ? `${turn.words} ${ageAgo(turn.at, now)}` : turn.words;
}

/** "last synced 3 min ago", or "never synced". */
export function lastSynced(iso: string | null, now: Date = new Date()): string {
  return iso ? `last synced ${ago(iso, now)}` : "never synced";
}

export function offlineWords(iso: string | null, now: Date = new Date()): string {
  return iso
    ? `Offline — showing the state from ${ago(iso, now)}`
    : "Offline — nothing synced yet, so there is nothing cached to show";
}

/** The filter's result: "4 pull requests of 23", or "23 pull requests" when nothing is filtered out. */
export function shownWords(shown: number, all: number): string {
  const words = shown === 1 ? "1 pull request" : `${String(shown)} pull requests`;
  return shown === all ? words : `${words} of ${String(all)}`;
}

/** A running refresh: "Refreshing 2/4 — Work GitHub" once an account finished, else "Refreshing…". */
export function progressWords(p: SyncProgress | null): string {
  if (!p) return "Refreshing…";
  return `Refreshing ${String(p.done)}/${String(p.total)} — ${p.account}`;
}

/** How a Refresh ended, as the status region says it. */
export function refreshWords(outcome: RefreshOutcome, now: Date = new Date()): string {
  if (!outcome.ok) return `Refresh failed: ${outcome.error.message}`;
  const { data } = outcome;
  if (data.offline) return `Refresh done: ${offlineWords(data.lastSyncedAt, now)}`;
  const prs = data.rows.length === 1 ? "1 pull request" : `${String(data.rows.length)} pull requests`;
  const failed = data.accounts.filter((a) => a.enabled && a.errorCode).length;
  if (failed === 0) return `Refresh done: ${prs}`;
  return `Refresh done: ${prs}; ${failed === 1 ? "1 account" : `${String(failed)} accounts`} failed to sync`;
}

export const LIGHT_NAMES: Record<LightId, string> = {
  red: "Red",
  yellow: "Yellow",
  green: "Green",
  grey: "Grey",
};

/** The light dot's accessible name: "Red: CI failing: build, merge conflict". */
export function lightLabel(row: Pick<PrRow, "light" | "reasons">): string {
  const why = row.reasons.length > 0 ? row.reasons.join(", ") : "no reasons given";
  return `${LIGHT_NAMES[row.light]}: ${why}`;
}

export function ciSpeech(ci: PrRow["ci"]): string {
  if (ci.passed + ci.failed + ci.running === 0) return "no checks";
  return `checks: ${String(ci.passed)} passed, ${String(ci.failed)} failed, ${String(ci.running)} running`;
}

/** "changes requested by carol", else "2 approvals". */
export function reviewWords(row: Pick<PrRow, "approvals" | "changesRequestedBy">): string {
  if (row.changesRequestedBy.length > 0) return `changes requested by ${row.changesRequestedBy.join(", ")}`;
  return row.approvals === 1 ? "1 approval" : `${String(row.approvals)} approvals`;
}

/**
 * A row's description for screen readers (its name is the title): the light and its reasons, the
 * tags, then repo, author, age, CI, reviews and account, as plain text every browser reads alike.
 */
export function rowDescription(row: PrRow, now: number = Date.now()): string {
  const tags = [row.draft ? "Draft" : null, row.conflict ? "Conflict" : null, ...row.labels].filter(Boolean);

  return [
    lightLabel(row),
    turnWords(row.turn, now),
    row.automation,
    tags.length > 0 ? tags.join(", ") : null,
    `${row.repo}#${String(row.number)} by ${row.author}, opened ${ageAgo(row.createdAt, now)}`,
    ciSpeech(row.ci),
    reviewWords(row),
    row.accountName,
  ]
    .filter(Boolean)
    .join(". ");
}

export function forgeName(provider: ProviderId): string {
  return providerForm(provider).short;
}

function hhmm(iso: string | null): string | null {
  if (!iso) return null;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return null;
  return `${String(t.getHours()).padStart(2, "0")}:${String(t.getMinutes()).padStart(2, "0")}`;
}

/** The chip's short words for an account whose last sync failed. */
export function chipMessage(a: AccountSync): string {
  const forge = forgeName(a.provider);
  switch (a.errorCode) {
    case "unreachable":
      return `can't reach ${forge}`;
    case "rate_limited": {
      const until = hhmm(a.rateResetAt);
      return until ? `rate limited until ${until}` : "rate limited";
    }
    case "invalid_token":
    case "token_expired":
      return "token refused — replace it in Settings";
    case "key_mismatch":
      return "token must be re-entered in Settings";
    case "insufficient_scope":
      return "token lacks a scope — see Settings";
    case "sso_required":
      return "SSO authorization needed";
    case "server_error":
      return `${forge} server error`;
    case "graphql_error":
      return `${forge} answered with errors`;
    case "postponed": {
      const until = hhmm(a.rateResetAt);
      return until ? `refresh postponed until ${until} (API budget)` : "refresh postponed (API budget)";
    }
    default:
      return "sync failed";
  }
}

/** "4,321 of 5,000 API requests left", or "API budget not reported" when the forge sends no figures. */
export function budget(a: AccountSync): string {
  if (a.rateRemaining === null || a.rateLimit === null) return "API budget not reported";
  const fmt = new Intl.NumberFormat("en-US");
  return `${fmt.format(a.rateRemaining)} of ${fmt.format(a.rateLimit)} API requests left`;
}

/** Per section, what a forge cut short: "showing 1,000 of 1,234 — GitHub search stops at 1,000 (Work)". */
export function capNotes(accounts: readonly AccountSync[]): Partial<Record<SectionId, string>> {
  const fmt = new Intl.NumberFormat("en-US");
  const out: Partial<Record<SectionId, string>> = {};
  for (const a of accounts) {
    if (!a.enabled) continue;
    for (const c of a.capped) {
      const section = c.section as SectionId;
      const text = `showing ${fmt.format(c.shown)} of ${fmt.format(c.total)} — ${forgeName(a.provider)} search stops at 1,000 (${a.name})`;
      const before = out[section];
      out[section] = before ? `${before}; ${text}` : text;
    }
  }
  return out;
}

/** The chip's title: the full message, and the budget when the forge reports one. */
/** True when the forge reported a budget and less than 10 % of it is left. */
export function lowBudget(a: Pick<AccountSync, "rateRemaining" | "rateLimit">): boolean {
  return a.rateRemaining !== null && a.rateLimit !== null && a.rateLimit > 0 && a.rateRemaining < a.rateLimit / 10;
}

/** Every enabled account's budget, one per line, for the toolbar's tooltip. */
export function budgetList(accounts: readonly AccountSync[]): string {
  return accounts
    .filter((a) => a.enabled)
    .map((a) => `${a.name}: ${budget(a)}`)
    .join("\n");
}

export function chipTitle(a: AccountSync): string {
  const reported = a.rateRemaining !== null && a.rateLimit !== null;
  return [a.errorMessage ?? a.errorCode ?? "", reported ? budget(a) : ""].filter(Boolean).join(" · ");
}
