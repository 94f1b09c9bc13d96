// Pause state of notifications: whether pausedUntil lies ahead, and "14:05" in local time.
/** The pause's end if it lies after `now`, else null (past, absent or unreadable). */
export function activePause(pausedUntil: string | null, now: Date): Date | null {
  if (!pausedUntil) return null;
  const until = new Date(pausedUntil);
  if (Number.isNaN(until.getTime()) || until.getTime() <= now.getTime()) return null;
  return until;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "14:05" today; "Mon 14:05"-style with the date when the pause ends on another day. */
export function pauseEnd(until: Date, now: Date): string {
  const hm = `${pad(until.getHours())}:${pad(until.getMinutes())}`;
  if (until.toDateString() === now.toDateString()) return hm;
  return `${until.toLocaleDateString(undefined, { month: "short", day: "numeric" })} ${hm}`;
}

/** An RFC 3339 instant one hour after `now`. */
export function inOneHour(now: Date): string {
  return new Date(now.getTime() + 60 * 60 * 1000).toISOString();
}
