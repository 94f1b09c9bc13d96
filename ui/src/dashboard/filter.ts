// Pure filtering, sorting, colour counts and section grouping of dashboard rows (memoised by the page).
import type { LightId, PrRow, ProviderId } from "../api";

export type SortKey = "age" | "colour" | "repo";
export type SectionId = "needs_my_review" | "mine" | "assigned_to_me" | "watched" | "snoozed";

export const SECTIONS: readonly { id: SectionId; title: string }[] = [
  { id: "needs_my_review", title: "Needs my review" },
  { id: "mine", title: "Mine" },
  { id: "assigned_to_me", title: "Assigned to me" },
  { id: "watched", title: "Watched repositories" },
];

/** The list's sections: the dashboard's four, then the snoozed pull requests. */
export const LIST_SECTIONS: readonly { id: SectionId; title: string }[] = [
  ...SECTIONS,
  { id: "snoozed", title: "Snoozed" },
];

export const LIGHTS: readonly LightId[] = ["red", "yellow", "green", "grey"];

export interface Filters {
  text: string;
  provider: ProviderId | "";
  accountId: string;
  repo: string;
  /** Colours shown; empty means every colour. */
  lights: readonly LightId[];
}

export const NO_FILTERS: Filters = { text: "", provider: "", accountId: "", repo: "", lights: [] };

const LIGHT_RANK: Record<LightId, number> = { red: 0, yellow: 1, green: 2, grey: 3 };

// Rows are immutable snapshots from Rust, so a row's lower-cased search text is computed once.
const haystacks = new WeakMap<PrRow, string>();

function haystack(row: PrRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [row.title, row.repo, row.author, `#${String(row.number)}`, ...row.labels, ...row.reasons]
      .join("\n")
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** Builds the search text of every row ahead of the first keystroke (call when idle). */
export function warmSearch(rows: readonly PrRow[]): void {
  for (const row of rows) haystack(row);
}

/**
 * The rows passing every filter except the colour one (the colour counts are taken here). Text
 * matching is case-insensitive and every whitespace-separated word must occur somewhere.
 */
export function filterExceptLight(rows: readonly PrRow[], f: Filters): PrRow[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (f.provider && row.provider !== f.provider) return false;
    if (f.accountId && row.accountId !== f.accountId) return false;
    if (f.repo && row.repo !== f.repo) return false;
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

export type ListItem =
  | { kind: "header"; section: SectionId; title: string; count: number }
  | { kind: "empty"; section: SectionId }
  /** `position` (1-based) and `size`: the row's place in its section, for aria-posinset / aria-setsize. */
  | { kind: "row"; section: SectionId; title: string; row: PrRow; position: number; size: number };

/**
 * The virtual list's items: each section's header, then its rows (a PR may sit in several) or "empty";
 * snoozed pull requests only in "Snoozed", which is left out while empty.
 */
export function toItems(sorted: readonly PrRow[]): ListItem[] {
  const bySection = new Map<SectionId, PrRow[]>(LIST_SECTIONS.map((s) => [s.id, []]));
  for (const row of sorted) {
    if (row.triage.snoozed) bySection.get("snoozed")?.push(row);
    else for (const section of row.sections) bySection.get(section as SectionId)?.push(row);
  }
  const items: ListItem[] = [];
  for (const { id, title } of LIST_SECTIONS) {
    const list = bySection.get(id) ?? [];
    if (id === "snoozed" && list.length === 0) continue;
    items.push({ kind: "header", section: id, title, count: list.length });
    if (list.length === 0) items.push({ kind: "empty", section: id });
    list.forEach((row, i) => {
      items.push({ kind: "row", section: id, title, row, position: i + 1, size: list.length });
    });
  }
  return items;
}

export interface View {
  counts: LightCounts;
  /** Distinct PRs shown (a PR in two sections counts once). */
  total: number;
  items: ListItem[];
}

/**
 * What a filter keystroke recomputes, over rows already sorted (filtering keeps their order);
 * `base` filters all but the colours (the page passes one that narrows while typing).
 */
/** The view of rows that passed every filter but the colour one. */
export function viewOf(matched: readonly PrRow[], lights: readonly LightId[]): View {
  const counts = countByLight(matched);
  const shown = lights.length === 0 ? matched : matched.filter((r) => lights.includes(r.light));
  return { counts, total: shown.length, items: toItems(shown) };
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
