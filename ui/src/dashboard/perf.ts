// Timing marks for the end-to-end benchmark: durations pushed to window.__AMPEL_PERF__ as {name, ms}.

export interface PerfMark {
  name: string;
  ms: number;
}

declare global {
  interface Window {
    __AMPEL_PERF__?: PerfMark[];
  }
}

/** Records a duration (kept to the last 2,000 marks so a long session does not grow it forever). */
export function recordPerf(name: string, ms: number): void {
  const marks = (window.__AMPEL_PERF__ ??= []);
  marks.push({ name, ms: Math.round(ms * 100) / 100 });
  if (marks.length > 2000) marks.splice(0, marks.length - 2000);
}

/** Runs `fn` and records its duration as `name` (pure code timed where it runs, e.g. inside useMemo). */
export function timed<T>(name: string, fn: () => T): T {
  const t = performance.now();
  const result = fn();
  recordPerf(name, performance.now() - t);
  return result;
}
