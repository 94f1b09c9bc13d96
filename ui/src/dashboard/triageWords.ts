// Pure wording of triage: when a snoozed pull request wakes, check and reviewer states, mergeability.
import type { RowTriage } from "../api";

/** "wakes in 45 min", "wakes on Tue 2 Dec, 09:00" (local), "until it changes". */
export function wakeWords(t: Pick<RowTriage, "snoozed" | "wakesAt">, now: number = Date.now()): string {
  if (!t.snoozed) return "";
  if (t.wakesAt === null) return "until it changes";
  const at = Date.parse(t.wakesAt);
  if (Number.isNaN(at)) return "until a time";
  const minutes = Math.max(0, Math.ceil((at - now) / 60_000));
  if (minutes <= 60) return `wakes in ${String(minutes)} min`;
  const when = new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
  return `wakes ${when}`;
}

/** A check or merge state id in words: "timed_out" → "timed out". */
export function stateWords(id: string): string {
  return id.replaceAll("_", " ");
}
