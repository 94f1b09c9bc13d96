// UI benchmark (npm run bench): filter+sort per keystroke over 5,000 rows and the dashboard's jsdom render, vs 16 ms.
import { fireEvent } from "@testing-library/dom";
import { createElement } from "react";
import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import { afterAll, describe, it } from "vitest";
import type { Dashboard } from "../src/api";
import { DashboardView } from "../src/dashboard/DashboardView";
import { NO_FILTERS, filterExceptLight, sortRows, viewOf, type Filters } from "../src/dashboard/filter";
import { makeRows } from "./rows";

const N = 5_000;
const FRAME = 16;
const results: { what: string; ms: number }[] = [];

/** Filtering all rows afresh (no narrowing, no reuse): the worst case of a keystroke. */
function view(sorted: Parameters<typeof filterExceptLight>[0], f: Filters) {
  return viewOf(filterExceptLight(sorted, f), f.lights);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

// Typing "fix login" one key at a time, then deleting it again: 18 keystrokes per round.
const TYPED = "fix login";
const KEYSTROKES = [...Array.from(TYPED, (_, i) => TYPED.slice(0, i + 1)), ...Array.from(TYPED, (_, i) => TYPED.slice(0, TYPED.length - i - 1))];

describe(`dashboard with ${String(N)} rows`, () => {
  const rows = makeRows(N);

  it("filters per keystroke (pure functions)", () => {
    const cold = time(() => view(sortRows(rows, "age"), { ...NO_FILTERS, text: "f" }));
    const sorted = sortRows(rows, "age");
    const keystroke: number[] = [];
    const withSort: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const text of KEYSTROKES) {
        keystroke.push(time(() => view(sorted, { ...NO_FILTERS, text })));
        withSort.push(time(() => view(sortRows(rows, round % 2 ? "colour" : "repo"), { ...NO_FILTERS, text })));
      }
    }
    results.push({ what: "first filter incl. sort, cold search cache", ms: cold });
    results.push({ what: `filter keystroke, median of ${String(keystroke.length)}`, ms: median(keystroke) });
    results.push({ what: "filter keystroke, 95th percentile", ms: [...keystroke].sort((a, b) => a - b)[Math.floor(keystroke.length * 0.95)] ?? NaN });
    results.push({ what: `re-sort + filter (sort change), median of ${String(withSort.length)}`, ms: median(withSort) });
  });

  it("renders in jsdom and applies a filter keystroke", async () => {
    const data: Dashboard = { rows, accounts: [], lastSyncedAt: new Date().toISOString(), offline: false, refreshing: false, profile: null };
    const hook = { refreshing: false, progress: null, refreshError: null, refresh: () => Promise.resolve({ ok: true as const, data }) };
    const renders: number[] = [];
    let root: Root | null = null;
    let host: HTMLElement | null = null;
    for (let i = 0; i < 5; i++) {
      root?.unmount();
      host?.remove();
      host = document.body.appendChild(document.createElement("div"));
      const r = createRoot(host);
      root = r;
      const t = performance.now();
      flushSync(() => {
        r.render(createElement(DashboardView, { data, hook, loadedAt: t }));
      });
      renders.push(performance.now() - t);
    }
    const shown = document.querySelectorAll("[data-testid='pr-row']").length;
    results.push({ what: `render dashboard (jsdom, ${String(shown)} rows in an 800 px window), median of 5`, ms: median(renders) });

    // A keystroke's own mark: from the input event to the commit of the filtered list (what the real window reports).
    const input = document.querySelector<HTMLInputElement>("[data-testid='filter-text']");
    if (!input) throw new Error("no filter input");
    const marks = () => (window.__AMPEL_PERF__ ?? []).filter((m) => m.name === "filter-apply");
    for (const text of KEYSTROKES) {
      const before = marks().length;
      fireEvent.change(input, { target: { value: text } });
      while (marks().length === before) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const typed = marks().map((m) => m.ms);
    results.push({ what: `keystroke → filtered list committed (jsdom, React incl.), median of ${String(typed.length)}`, ms: median(typed) });
    const first = (window.__AMPEL_PERF__ ?? []).filter((m) => m.name === "dashboard-first-render").map((m) => m.ms);
    results.push({ what: "window.__AMPEL_PERF__ dashboard-first-render mark, median", ms: median(first) });
    root?.unmount();
    host?.remove();
  });

  afterAll(() => {
    const lines = results.map(
      ({ what, ms }) => `  ${ms.toFixed(2).padStart(8)} ms  ${(ms / FRAME).toFixed(2).padStart(5)} × 16 ms  ${what}`,
    );
    console.log(`\nAmpel UI benchmark, ${String(N)} PRs (goal: a keystroke under one frame, ratio ≤ 1.00)\n${lines.join("\n")}\n`);
  });
});
