// The typing filter's remembered results equal filtering all rows afresh, whatever the keystrokes.
import { describe, expect, it } from "vitest";
import type { PrRow } from "../api";
import { pr } from "../test/prs";
import { NO_FILTERS, filterExceptLight, viewOf, type Filters } from "./filter";
import { createNarrower, createViewer } from "./narrowing";

const ROWS: PrRow[] = Array.from({ length: 60 }, (_, i) =>
  pr({
    number: i + 1,
    title: `Change ${String(i + 1)} to the ${i % 3 === 0 ? "Widget" : "gadget"} pipeline`,
    repo: `acme/repo-${String(i % 7)}`,
    author: i % 2 ? "bob" : "alice",
    accountId: i % 4 ? "acc-a" : "acc-b",
  }),
);

function f(patch: Partial<Filters>): Filters {
  return { ...NO_FILTERS, ...patch };
}

describe("createNarrower", () => {
  it("gives the same rows as filtering afresh while typing, correcting and deleting", () => {
    const narrow = createNarrower();
    const session = ["w", "wi", "wid", "widg", "widge", "widget", "widget ", "widget 1", "widget 12", "widget 1",
      "widget ", "widget", "wid", "", "r", "re", "repo-3", "repo-3 b", "repo-3 bo", "REPO-3 BOB", "repo-3 bo",
      "repo", "", "Change 1", "change 1 ", "change 1 gadget", "change 1", ""];
    for (const text of session) {
      expect(narrow(ROWS, f({ text })), text).toEqual(filterExceptLight(ROWS, f({ text })));
    }
  });

  it("starts afresh when the rows or the other filters change", () => {
    const narrow = createNarrower();
    expect(narrow(ROWS, f({ text: "bob" })).length).toBeGreaterThan(0);
    const only = f({ text: "bob", accountId: "acc-b" });
    expect(narrow(ROWS, only)).toEqual(filterExceptLight(ROWS, only));
    const fewer = ROWS.slice(0, 10);
    expect(narrow(fewer, f({ text: "bob" }))).toEqual(filterExceptLight(fewer, f({ text: "bob" })));
    expect(narrow(ROWS, f({ text: "bob" }))).toEqual(filterExceptLight(ROWS, f({ text: "bob" })));
  });

  it("gives the same rows after search texts were warmed, for these rows or others", () => {
    const narrow = createNarrower();
    narrow.warm(ROWS.slice(0, 5));
    expect(narrow(ROWS, f({ text: "widget" }))).toEqual(filterExceptLight(ROWS, f({ text: "widget" })));
    narrow.warm(ROWS);
    expect(narrow(ROWS, f({ text: "widget b" }))).toEqual(filterExceptLight(ROWS, f({ text: "widget b" })));
    narrow.warm(ROWS.slice(0, 5));
    expect(narrow(ROWS, f({ text: "widget bob" }))).toEqual(filterExceptLight(ROWS, f({ text: "widget bob" })));
  });

  it("keeps a bounded number of results and stays right past that bound", () => {
    const narrow = createNarrower();
    for (let i = 0; i < 200; i += 1) {
      const text = `change ${String(i % 61)}`;
      expect(narrow(ROWS, f({ text }))).toEqual(filterExceptLight(ROWS, f({ text })));
    }
  });
});

describe("createViewer", () => {
  it("gives the view of filtering afresh, whatever the keystrokes and colours", () => {
    const viewer = createViewer();
    const session: [string, Filters["lights"]][] = [["w", []], ["wi", ["red"]], ["widget", []], ["widget 1", []],
      ["widget", ["green"]], ["", []], ["bob", ["red", "green"]], ["", []]];
    for (const [text, lights] of session) {
      const filters = f({ text, lights });
      expect(viewer(ROWS, filters), text).toEqual(viewOf(filterExceptLight(ROWS, filters), lights));
    }
  });

  it("reuses the view while a keystroke keeps every row, and builds a new one when rows go", () => {
    const viewer = createViewer();
    const all = viewer(ROWS, f({ text: "" }));
    // Every title has "change": the same rows, so the same view object (nothing to re-render).
    expect(viewer(ROWS, f({ text: "c" }))).toBe(all);
    expect(viewer(ROWS, f({ text: "change" }))).toBe(all);
    const fewer = viewer(ROWS, f({ text: "change 1" }));
    expect(fewer).not.toBe(all);
    expect(fewer.total).toBeLessThan(all.total);
    expect(viewer(ROWS, f({ text: "" }))).toBe(all);
    expect(viewer(ROWS, f({ text: "", lights: ["red"] }))).not.toBe(all);
  });
});

describe("the viewer and Focus (issue 29)", () => {
  it("builds a new view when a Hidden by rules line opens or the profile filter changes", () => {
    const viewer = createViewer();
    const hidden = pr({
      number: 50,
      sections: [],
      hiddenBy: [{ id: "r", words: "bots" }],
      triage: { pinned: false, muted: false, snoozed: false, wakesAt: null, listedIn: ["mine"] },
    });
    const away = pr({ number: 51, sections: ["mine"], inProfile: false });
    const rows = [hidden, away];
    const closed = viewer(rows, NO_FILTERS, { teamsAreMine: false, teamsOpen: false, hiddenOpen: [] });
    const open = viewer(rows, NO_FILTERS, { teamsAreMine: false, teamsOpen: false, hiddenOpen: ["mine"] });
    expect(closed.items.some((i) => i.key === `hidden:mine:${hidden.id}`)).toBe(false);
    expect(open.items.some((i) => i.key === `hidden:mine:${hidden.id}`)).toBe(true);
    expect(viewer(rows, { ...NO_FILTERS, profileOnly: true }).total).toBe(0);
    expect(viewer(rows, NO_FILTERS).total).toBe(1);
  });
});
