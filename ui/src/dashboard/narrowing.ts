// Filtering as people type: a text that extends an earlier one can only narrow its matches, so a
// keystroke filters the rows the earlier text matched instead of all of them, and deleting back to
// an earlier text reuses its result. A text that keeps every row of the one it extends keeps that
// result itself, so the view built from it (sections, counts) is reused too.
import type { PrRow } from "../api";
import { haystack, inScope, searchWords, TURN_DEFAULTS, viewOf, type Filters, type TurnOptions, type View } from "./filter";

/** Results kept per text (the texts of one typing session, a few dozen keystrokes). */
const KEPT = 64;

export type Narrower = ((rows: readonly PrRow[], f: Filters) => readonly PrRow[]) & {
  /** Builds the search texts of `rows` ahead of the first keystroke (call when idle). */
  warm: (rows: readonly PrRow[]) => void;
};

/** Rows matched, and their indexes in the source rows (where their search texts are). */
interface Matched {
  rows: readonly PrRow[];
  at: readonly number[];
}

/**
 * A `filterExceptLight` that remembers its results for the current rows and provider / account /
 * repo filters. Every word of an earlier text is a word, or the prefix of a word, of a text that
 * extends it, so the rows it matches are among the earlier text's matches, in the same order.
 * The search texts sit in an array beside the rows, read by index in a plain loop.
 */
export function createNarrower(): Narrower {
  let source: readonly PrRow[] | null = null;
  let texts: { of: readonly PrRow[]; hay: string[] } | null = null;
  let scope = "";
  let scoped: Matched = { rows: [], at: [] };
  const byText = new Map<string, Matched>();
  const searchTexts = (rows: readonly PrRow[]): string[] => {
    if (texts?.of !== rows) texts = { of: rows, hay: rows.map(haystack) };
    return texts.hay;
  };
  const narrow = (rows: readonly PrRow[], f: Filters): readonly PrRow[] => {
    const key = [f.provider, f.accountId, f.repo, String(f.profileOnly ?? false)].join("\u0000");
    if (rows !== source || key !== scope) {
      source = rows;
      scope = key;
      byText.clear();
      const at: number[] = [];
      rows.forEach((row, i) => {
        if (inScope(row, f)) at.push(i);
      });
      scoped = { rows: at.length === rows.length ? rows : at.flatMap((i) => rows[i] ?? []), at };
    }
    const text = f.text.toLowerCase();
    const kept = byText.get(text);
    if (kept) return kept.rows;
    let from = scoped;
    let longest = -1;
    for (const [earlier, matched] of byText) {
      if (earlier.length > longest && text.startsWith(earlier)) {
        longest = earlier.length;
        from = matched;
      }
    }
    const words = searchWords(text);
    let result = from;
    if (words.length > 0) {
      const hay = searchTexts(rows);
      const at: number[] = [];
      const matched: PrRow[] = [];
      for (const i of from.at) {
        const t = hay[i] ?? "";
        let all = true;
        for (const w of words) {
          if (!t.includes(w)) {
            all = false;
            break;
          }
        }
        const row = rows[i];
        if (all && row) {
          at.push(i);
          matched.push(row);
        }
      }
      // Filtering keeps the order, so as many rows means the same rows.
      if (at.length !== from.at.length) result = { rows: matched, at };
    }
    byText.set(text, result);
    if (byText.size > KEPT) {
      const oldest = byText.keys().next();
      if (!oldest.done) byText.delete(oldest.value);
    }
    return result.rows;
  };
  return Object.assign(narrow, {
    warm: (rows: readonly PrRow[]) => {
      searchTexts(rows);
    },
  });
}

export type Viewer = ((sorted: readonly PrRow[], f: Filters, turns?: TurnOptions) => View) & Pick<Narrower, "warm">;

/**
 * `view` over a narrower: the view of a result the narrower handed out before (the same array) is
 * built once per colour filter, so a keystroke that changes no row rebuilds nothing.
 */
export function createViewer(): Viewer {
  const narrow = createNarrower();
  const views = new WeakMap<readonly PrRow[], Map<string, View>>();
  const viewer = (sorted: readonly PrRow[], f: Filters, turns: TurnOptions = TURN_DEFAULTS): View => {
    const matched = narrow(sorted, f);
    let byLights = views.get(matched);
    if (!byLights) {
      byLights = new Map();
      views.set(matched, byLights);
    }
    const key = `${f.lights.join(",")}|${String(turns.teamsAreMine)}|${String(turns.teamsOpen)}|${(turns.hiddenOpen ?? []).join(",")}`;
    const kept = byLights.get(key);
    if (kept) return kept;
    const made = viewOf(matched, f.lights, turns);
    byLights.set(key, made);
    return made;
  };
  return Object.assign(viewer, { warm: narrow.warm });
}
