// Filtering as people type: a text that extends an earlier one can only narrow its matches, so a
// keystroke filters the rows the earlier text matched instead of all of them, and deleting back to
// an earlier text reuses its result.
import type { PrRow } from "../api";
import { filterExceptLight, type Filters } from "./filter";

/** Results kept per text (the texts of one typing session, a few dozen keystrokes). */
const KEPT = 64;

export type Narrower = (rows: readonly PrRow[], f: Filters) => PrRow[];

/**
 * A `filterExceptLight` that remembers its results for the current rows and provider / account /
 * repo filters. Every word of an earlier text is a word, or the prefix of a word, of a text that
 * extends it, so the rows it matches are among the earlier text's matches, in the same order.
 */
export function createNarrower(): Narrower {
  let source: readonly PrRow[] | null = null;
  let scope = "";
  const byText = new Map<string, PrRow[]>();
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
    const result = filterExceptLight(from, f);
    byText.set(text, result);
    if (byText.size > KEPT) {
      const oldest = byText.keys().next();
      if (!oldest.done) byText.delete(oldest.value);
    }
    return result;
  };
}
