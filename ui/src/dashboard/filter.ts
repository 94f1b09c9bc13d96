// Pure filtering, sorting, colour counts and section grouping of dashboard rows (memoised by the page).
import type { LightId, PrRow, ProviderId } from "../api";
import type { TurnKind } from "../bindings";

export type SortKey = "age" | "colour" | "repo";
export type SectionId =
  | "my_turn"
  | "waiting"
  | "teams"
  | "needs_my_review"
  | "mine"
  | "assigned_to_me"
  | "reviewed"
  | "watched"
  | "snoozed";

/** The forge sections (each PR is listed in every one it belongs to). */
export const SECTIONS: readonly { id: SectionId; title: string }[] = [
  { id: "needs_my_review", title: "Needs my review" },
  { id: "mine", title: "Mine" },
  { id: "assigned_to_me", title: "Assigned to me" },
  { id: "reviewed", title: "Reviewed by me" },
  { id: "watched", title: "Watched repositories" },
];

/** Whose turn (issue 27): my move first, then others', then my teams' requests (collapsed). */
export const TURN_SECTIONS: readonly { id: SectionId; title: string }[] = [
  { id: "my_turn", title: "My turn" },
  { id: "waiting", title: "Waiting on others" },
  { id: "teams", title: "Requested of my teams" },
];

/** The list's sections: whose turn, the forge sections, then the snoozed pull requests. */
export const LIST_SECTIONS: readonly { id: SectionId; title: string }[] = [
  ...TURN_SECTIONS,
  ...SECTIONS,
  { id: "snoozed", title: "Snoozed" },
];

/** The turn block a row belongs in (mirrors ampel_core::turn::Turn::group), or null. */
export function turnSection(kind: TurnKind | undefined, teamsAreMine: boolean): SectionId | null {
  switch (kind) {
    case "requested_of_me":
    case "re_review_needed":
    case "returned_to_me":
      return "my_turn";
    case "waiting_on_author":
    case "waiting_on_reviewers":
      return "waiting";
    case "requested_of_teams":
      return teamsAreMine ? "my_turn" : "teams";
    default:
      return null;
  }
}

/** Blocks left out of the list while empty: only My turn and the four forge sections always show. */
const HIDDEN_WHILE_EMPTY: readonly SectionId[] = ["waiting", "teams", "reviewed", "snoozed"];

/**
 * How the blocks show: team requests counted as mine, the teams block opened, and the sections whose
 * "Hidden by rules" line is opened (issue 29).
 */
export interface TurnOptions {
  teamsAreMine: boolean;
  teamsOpen: boolean;
  hiddenOpen?: readonly SectionId[];
}

export const TURN_DEFAULTS: TurnOptions = { teamsAreMine: false, teamsOpen: false };

/** True when an exclusion rule hides the row: it leaves every section and count. */
export function isHidden(row: PrRow): boolean {
  return row.hiddenBy.length > 0;
}

export const LIGHTS: readonly LightId[] = ["red", "yellow", "green", "grey"];

export interface Filters {
  text: string;
  provider: ProviderId | "";
  accountId: string;
  repo: string;
  /** Colours shown; empty means every colour. */
  lights: readonly LightId[];
  /** Only the pull requests the Focus profile in effect covers (issue 29). */
  profileOnly?: boolean;
}

export const NO_FILTERS: Filters = { text: "", provider: "", accountId: "", repo: "", lights: [] };

const LIGHT_RANK: Record<LightId, number> = { red: 0, yellow: 1, green: 2, grey: 3 };

// Rows are immutable snapshots from Rust, so a row's lower-cased search text is computed once.
const haystacks = new WeakMap<PrRow, string>();

/** A row's lower-cased search text: title, repo, author, #number, labels, reasons and why it is (not) my turn. */
export function haystack(row: PrRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [row.title, row.repo, row.author, `#${String(row.number)}`, ...row.labels, ...row.reasons, row.turn?.words ?? "", row.automation ?? ""]
      .join("\n")
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** The lower-cased words of a filter text; a row matches when each occurs somewhere in its search text. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether a row passes the provider, account and repository filters. */
export function inScope(row: PrRow, f: Filters): boolean {
  return (
    (!f.provider || row.provider === f.provider) &&
    (!f.accountId || row.accountId === f.accountId) &&
    (!f.repo || row.repo === f.repo) &&
    (!f.profileOnly || row.inProfile)
  );
}

/**
 * The rows passing every filter except the colour one (the colour counts are taken here). Text
 * matching is case-insensitive and every whitespace-separated word must occur somewhere.
 */
export function filterExceptLight(rows: readonly PrRow[], f: Filters): PrRow[] {
  const words = searchWords(f.text);
  return rows.filter((row) => {
    if (!inScope(row, f)) return false;
    if (words.length === 0) return true;
    const text = haystack(row);
    return words.every((w) => text.includes(w));
  });
}

export function filterRows(rows: readonly PrRow[], f: Filters): PrRow[] {
  const base = filterExceptLight(rows, f);
  if (f.lights.length === 0) return base;
  return base.filter((row) => f.lights.includes(row.light));
}

export type LightCounts = Record<LightId, number>;

/** Colour counts; snoozed and muted pull requests are out of sight and do not count. */
export function countByLight(rows: readonly PrRow[]): LightCounts {
  const counts: LightCounts = { red: 0, yellow: 0, green: 0, grey: 0 };
  for (const row of rows) if (!row.triage.snoozed && !row.triage.muted) counts[row.light] += 1;
  return counts;
}

function newestFirst(a: PrRow, b: PrRow): number {
  // RFC 3339 UTC strings from Rust compare like their instants; ids break ties for a stable order.
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const COMPARE: Record<SortKey, (a: PrRow, b: PrRow) => number> = {
  age: newestFirst,
  colour: (a, b) => LIGHT_RANK[a.light] - LIGHT_RANK[b.light] || newestFirst(a, b),
  repo: (a, b) => a.repo.localeCompare(b.repo) || a.number - b.number || newestFirst(a, b),
};

/** Sorted by `key`, pinned pull requests first whatever the key. */
export function sortRows(rows: readonly PrRow[], key: SortKey): PrRow[] {
  const compare = COMPARE[key];
  return [...rows].sort((a, b) => Number(b.triage.pinned) - Number(a.triage.pinned) || compare(a, b));
}

/** `key`: the item's identity in the list ("header:mine", "empty:mine", "mine:<PR id>"). */
export type ListItem =
  /** `open`: false for a collapsed block (its rows are left out); undefined where blocks do not collapse. */
  | { kind: "header"; key: string; section: SectionId; title: string; count: number; open?: boolean }
  | { kind: "empty"; key: string; section: SectionId }
  /** "Hidden by rules (count)" at the bottom of a section; its rows follow when `open`. */
  | { kind: "hidden"; key: string; section: SectionId; count: number; open: boolean }
  /**
   * `position` (1-based) and `size`: the row's place in its section, for aria-posinset / aria-setsize;
   * `hidden`: a row an exclusion rule hides, shown on demand under the section's "Hidden by rules".
   */
  | {
      kind: "row";
      key: string;
      section: SectionId;
      title: string;
      row: PrRow;
      position: number;
      size: number;
      hidden?: boolean;
    };

export type RowItem = Extract<ListItem, { kind: "row" }>;

/**
 * The virtual list's items: each section's header, then its rows (a PR may sit in several) or "empty";
 * snoozed pull requests only in "Snoozed". The turn blocks come first; "Requested of my teams" shows
 * its rows only when opened. Blocks that are often empty are left out while empty (HIDDEN_WHILE_EMPTY).
 */
export function toItems(sorted: readonly PrRow[], turns: TurnOptions = TURN_DEFAULTS): ListItem[] {
  const bySection = new Map<SectionId, PrRow[]>(LIST_SECTIONS.map((s) => [s.id, []]));
  const hiddenIn = new Map<SectionId, PrRow[]>(LIST_SECTIONS.map((s) => [s.id, []]));
  for (const row of sorted) {
    if (isHidden(row)) {
      for (const section of row.triage.listedIn) hiddenIn.get(section as SectionId)?.push(row);
      continue;
    }
    if (row.triage.snoozed) {
      bySection.get("snoozed")?.push(row);
      continue;
    }
    // A muted repository's pull requests show only in Watched: whose turn does not apply.
    const turn = row.triage.muted ? null : turnSection(row.turn?.kind, turns.teamsAreMine);
    if (turn !== null) bySection.get(turn)?.push(row);
    for (const section of row.sections) bySection.get(section as SectionId)?.push(row);
  }
  const items: ListItem[] = [];
  for (const { id, title } of LIST_SECTIONS) {
    const list = bySection.get(id) ?? [];
    const hidden = hiddenIn.get(id) ?? [];
    if (HIDDEN_WHILE_EMPTY.includes(id) && list.length === 0 && hidden.length === 0) continue;
    if (id === "teams") {
      items.push({ kind: "header", key: `header:${id}`, section: id, title, count: list.length, open: turns.teamsOpen });
      if (!turns.teamsOpen) continue;
    } else {
      items.push({ kind: "header", key: `header:${id}`, section: id, title, count: list.length });
    }
    if (list.length === 0) items.push({ kind: "empty", key: `empty:${id}`, section: id });
    list.forEach((row, i) => {
      items.push({ kind: "row", key: `${id}:${row.id}`, section: id, title, row, position: i + 1, size: list.length });
    });
    if (hidden.length > 0) {
      const open = turns.hiddenOpen?.includes(id) ?? false;
      items.push({ kind: "hidden", key: `hidden:${id}`, section: id, count: hidden.length, open });
      if (open) {
        hidden.forEach((row, i) => {
          items.push({
            kind: "row",
            key: `hidden:${id}:${row.id}`,
            section: id,
            title: `${title}, hidden by rules`,
            row,
            position: i + 1,
            size: hidden.length,
            hidden: true,
          });
        });
      }
    }
  }
  return items;
}

/**
 * The selected row's item and index: the item with `key`, else the first showing the PR `id` (a
 * snoozed PR moves to another section); null when the filters hide it.
 */
export function findRow(
  items: readonly ListItem[],
  { key, id }: { key: string; id: string },
): { item: RowItem; index: number } | null {
  let index = items.findIndex((i) => i.key === key);
  if (index < 0) index = items.findIndex((i) => i.kind === "row" && i.row.id === id);
  const item = items[index];
  return item?.kind === "row" ? { item, index } : null;
}

/** The nearest row item after (`step` 1) or before (-1) index `from`, or null past either end. */
export function stepRow(items: readonly ListItem[], from: number, step: 1 | -1): RowItem | null {
  for (let i = from + step; i >= 0 && i < items.length; i += step) {
    const item = items[i];
    if (item?.kind === "row") return item;
  }
  return null;
}

export interface View {
  counts: LightCounts;
  /** Distinct PRs shown (a PR in two sections counts once). */
  total: number;
  items: ListItem[];
}

/** The view of rows that passed every filter but the colour one. */
export function viewOf(matched: readonly PrRow[], lights: readonly LightId[], turns: TurnOptions = TURN_DEFAULTS): View {
  const visible = matched.filter((r) => !isHidden(r));
  const counts = countByLight(visible);
  const shown = lights.length === 0 ? matched : matched.filter((r) => lights.includes(r.light));
  return { counts, total: shown.filter((r) => !isHidden(r)).length, items: toItems(shown, turns) };
}

/** Distinct values for the provider / account / repo selects. */
export function options(rows: readonly PrRow[]) {
  const accounts = new Map<string, string>();
  const repos = new Set<string>();
  const providers = new Set<ProviderId>();
  for (const row of rows) {
    accounts.set(row.accountId, row.accountName);
    repos.add(row.repo);
    providers.add(row.provider);
  }
  return {
    accounts: [...accounts].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    repos: [...repos].sort((a, b) => a.localeCompare(b)),
    providers: [...providers].sort(),
  };
}
