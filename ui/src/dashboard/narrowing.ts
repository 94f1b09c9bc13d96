// Filtering as people type: a text that extends an earlier one can only narrow its matches, so a
// keystroke filters the rows the earlier text matched instead of all of them, and deleting back to
// an earlier text reuses its result. A text that keeps every row of the one it extends keeps that
// result itself, so the view built from it (sections, counts) is reused too.
import type { PrRow } from "../api";
import { filterExceptLight, viewOf, type Filters, type View } from "./filter";

/** Results kept per text (the texts of one typing session, a few dozen keystrokes). */
const KEPT = 64;

export type Narrower = (rows: readonly PrRow[], f: Filters) => readonly PrRow[];

/**
 * A `filterExceptLight` that remembers its results for the current rows and provider / account /
 * repo filters. Every word of an earlier text is a word, or the prefix of a word, of a text that
 * extends it, so the rows it matches are among the earlier text's matches, in the same order.
 */
export function createNarrower(): Narrower {
  let source: readonly PrRow[] | null = null;
  let scope = "";
  const byText = new Map<string, readonly PrRow[]>();
  return (rows, f) => {
    const key = [f.provider, f.accountId, f.repo].join("\u0000");
    if (rows !== source || key !== scope) {
      source = rows;
      scope = key;
      byText.clear();
    }
    const text = f.text.toLowerCase();
    const kept = byText.get(text);
    if (kept) return kept;
    let from: readonly PrRow[] = rows;
    let longest = -1;
    for (const [earlier, matched] of byText) {
      if (earlier.length > longest && text.startsWith(earlier)) {
        longest = earlier.length;
        from = matched;
      }
    }
    const narrowed = filterExceptLight(from, f);
    // Filtering keeps the order, so as many rows means the same rows.
    const result = narrowed.length === from.length ? from : narrowed;
    byText.set(text, result);
    if (byText.size > KEPT) {
      const oldest = byText.keys().next();
      if (!oldest.done) byText.delete(oldest.value);
    }
    return result;
  };
}

/**
 * `view` over a narrower: the view of a result the narrower handed out before (the same array) is
 * built once per colour filter, so a keystroke that changes no row rebuilds nothing.
 */
export function createViewer(): (sorted: readonly PrRow[], f: Filters) => View {
  const narrow = createNarrower();
  const views = new WeakMap<readonly PrRow[], Map<string, View>>();
  return (sorted, f) => {
    const matched = narrow(sorted, f);
    let byLights = views.get(matched);
    if (!byLights) {
      byLights = new Map();
      views.set(matched, byLights);
    }
    const key = f.lights.join(",");
    const kept = byLights.get(key);
    if (kept) return kept;
    const made = viewOf(matched, f.lights);
    byLights.set(key, made);
    return made;
  };
}
