// Filtering, sorting, colour counts and section grouping of dashboard rows (pure functions).
import { describe, expect, it } from "vitest";
import { pr } from "../test/prs";
import {
  NO_FILTERS,
  TURN_DEFAULTS,
  countByLight,
  filterExceptLight,
  filterRows,
  findRow,
  options,
  sortRows,
  stepRow,
  toItems,
  turnSection,
  viewOf,
  type Filters,
} from "./filter";
import type { TurnKind } from "../bindings";

const ROWS = [
  pr({ number: 1, title: "Fix login redirect", light: "red", reasons: ["CI failing: build"], labels: ["Bug"] }),
  pr({
    number: 2,
    title: "Add dark mode",
    repo: "acme/web",
    author: "bob",
    light: "yellow",
    reasons: ["waiting for 1 approval"],
    sections: ["needs_my_review", "watched"],
  }),
  pr({
    number: 3,
    title: "Bump deps",
    accountId: "acc-gl",
    accountName: "Company GitLab",
    provider: "gitlab",
    repo: "group/sub/tool",
    light: "green",
    sections: ["assigned_to_me"],
  }),
  pr({ number: 40, title: "Old thing", repo: "acme/api", light: "grey", reasons: ["merge conflict"] }),
];

function ids(rows: { number: number }[]) {
  return rows.map((r) => r.number);
}

function f(patch: Partial<Filters>): Filters {
  return { ...NO_FILTERS, ...patch };
}

describe("filterRows", () => {
  it("matches text case-insensitively in title, repo, author, labels, number and reasons", () => {
    expect(ids(filterRows(ROWS, f({ text: "LOGIN" })))).toEqual([1]);
    expect(ids(filterRows(ROWS, f({ text: "acme/web" })))).toEqual([2]);
    expect(ids(filterRows(ROWS, f({ text: "bob" })))).toEqual([2]);
    expect(ids(filterRows(ROWS, f({ text: "bug" })))).toEqual([1]);
    expect(ids(filterRows(ROWS, f({ text: "#40" })))).toEqual([40]);
    expect(ids(filterRows(ROWS, f({ text: "conflict" })))).toEqual([40]);
    expect(ids(filterRows(ROWS, f({ text: "ci failing" })))).toEqual([1]);
  });

  it("requires every word and ignores surrounding blanks", () => {
    expect(ids(filterRows(ROWS, f({ text: "  acme   old " })))).toEqual([40]);
    expect(ids(filterRows(ROWS, f({ text: "acme nothing" })))).toEqual([]);
    expect(ids(filterRows(ROWS, f({ text: "   " })))).toEqual([1, 2, 3, 40]);
  });

  it("filters by provider, account and repo", () => {
    expect(ids(filterRows(ROWS, f({ provider: "gitlab" })))).toEqual([3]);
    expect(ids(filterRows(ROWS, f({ accountId: "acc-gh" })))).toEqual([1, 2, 40]);
    expect(ids(filterRows(ROWS, f({ repo: "acme/api" })))).toEqual([1, 40]);
    expect(ids(filterRows(ROWS, f({ repo: "acme/api", text: "fix" })))).toEqual([1]);
  });

  it("keeps only the chosen colours", () => {
    expect(ids(filterRows(ROWS, f({ lights: ["red"] })))).toEqual([1]);
    expect(ids(filterRows(ROWS, f({ lights: ["green", "grey"] })))).toEqual([3, 40]);
  });
});

describe("sortRows", () => {
  it("sorts newest first by default (age)", () => {
    expect(ids(sortRows(ROWS, "age"))).toEqual([1, 2, 3, 40]);
    expect(ids(sortRows([...ROWS].reverse(), "age"))).toEqual([1, 2, 3, 40]);
  });

  it("sorts by colour red, yellow, green, grey", () => {
    const shuffled = [ROWS[3], ROWS[2], ROWS[0], ROWS[1]].filter((r) => r !== undefined);
    expect(sortRows(shuffled, "colour").map((r) => r.light)).toEqual(["red", "yellow", "green", "grey"]);
  });

  it("sorts by repository, then number", () => {
    expect(ids(sortRows(ROWS, "repo"))).toEqual([1, 40, 2, 3]);
  });
});

describe("counts and sections", () => {
  it("counts rows per colour", () => {
    expect(countByLight(ROWS)).toEqual({ red: 1, yellow: 1, green: 1, grey: 1 });
  });

  it("counts after the other filters but not the colour filter", () => {
    const only = f({ repo: "acme/api", lights: ["red"] });
    const v = viewOf(filterExceptLight(ROWS, only), only.lights);
    expect(v.counts).toEqual({ red: 1, yellow: 0, green: 0, grey: 1 });
    expect(v.total).toBe(1);
  });

  it("puts a PR in every section it belongs to, in the fixed order, with 'empty' markers", () => {
    const items = toItems(sortRows(ROWS, "age"));
    const flat = items.map((i) =>
      i.kind === "row" ? `${i.section}:${String(i.row.number)}` : `${i.kind}:${i.section}`,
    );
    expect(flat).toEqual([
      "header:my_turn",
      "empty:my_turn",
      "header:needs_my_review",
      "needs_my_review:2",
      "header:mine",
      "mine:1",
      "mine:40",
      "header:assigned_to_me",
      "assigned_to_me:3",
      "header:watched",
      "watched:2",
    ]);
    const empty = toItems([]);
    expect(empty.filter((i) => i.kind === "empty")).toHaveLength(5);
    const headers = items.filter((i) => i.kind === "header");
    expect(headers.map((h) => h.count)).toEqual([0, 1, 2, 1, 1]);
    // Each row knows its place in its own section (aria-posinset / aria-setsize).
    const mine = items.flatMap((i) => (i.kind === "row" && i.section === "mine" ? [[i.position, i.size]] : []));
    expect(mine).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it("finds the selected row by key, else by PR, and steps between rows past headers", () => {
    const items = toItems(sortRows(ROWS, "age"));
    const id = (n: number) => ROWS.find((r) => r.number === n)?.id ?? "";
    const key = (section: string, n: number) => `${section}:${id(n)}`;
    const keys = items.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    // PR 2 is under "Needs my review" and "Watched repositories".
    const watched = findRow(items, { key: key("watched", 2), id: id(2) });
    expect(watched?.item.section).toBe("watched");
    expect(items[watched?.index ?? -1]).toBe(watched?.item);
    // Its key gone (snoozed, or the section filtered away): the first item showing the PR.
    expect(findRow(items, { key: key("snoozed", 2), id: id(2) })?.item.section).toBe("needs_my_review");
    expect(findRow(items, { key: "mine:nine", id: "nine" })).toBeNull();
    const mine1 = findRow(items, { key: key("mine", 1), id: id(1) });
    expect(mine1).not.toBeNull();
    const at = mine1?.index ?? -1;
    expect(stepRow(items, at, 1)?.key).toBe(key("mine", 40));
    // Back over the "Mine" header to the last row of "Needs my review".
    expect(stepRow(items, at, -1)?.key).toBe(key("needs_my_review", 2));
    expect(stepRow(items, -1, 1)?.key).toBe(key("needs_my_review", 2));
    expect(stepRow(items, items.length - 1, 1)).toBeNull();
    expect(stepRow(items, 1, -1)).toBeNull();
  });

  it("lists distinct accounts, repos and providers for the selects", () => {
    const o = options(ROWS);
    expect(o.accounts).toEqual([
      { id: "acc-gl", name: "Company GitLab" },
      { id: "acc-gh", name: "Work GitHub" },
    ]);
    expect(o.repos).toEqual(["acme/api", "acme/web", "group/sub/tool"]);
    expect(o.providers).toEqual(["github", "gitlab"]);
  });
});

describe("whose turn (issue 27)", () => {
  const turn = (kind: TurnKind, words: string) => ({ kind, words, at: null });
  const rows = [
    pr({ number: 1, sections: ["needs_my_review"], turn: turn("requested_of_me", "alice requested your review") }),
    pr({ number: 2, sections: ["reviewed"], turn: turn("re_review_needed", "alice pushed since your review") }),
    pr({ number: 3, sections: ["mine"], turn: turn("returned_to_me", "bob approved") }),
    pr({ number: 4, sections: ["reviewed"], turn: turn("waiting_on_author", "you requested changes; waiting on carol") }),
    pr({ number: 5, sections: ["mine"], turn: turn("waiting_on_reviewers", "waiting on dave") }),
    pr({ number: 6, sections: ["needs_my_review"], turn: turn("requested_of_teams", "requested of core") }),
    pr({ number: 7, sections: ["watched"] }),
  ];
  const blocks = (items: ReturnType<typeof toItems>) =>
    items.flatMap((i) => {
      if (i.kind === "header") return [`${i.section}(${String(i.count)})`];
      if (i.kind === "row" && ["my_turn", "waiting", "teams"].includes(i.section)) return [`${i.section}:${String(i.row.number)}`];
      return [];
    });

  it("lists my move first, then others', then my teams' requests collapsed", () => {
    const items = toItems(sortRows(rows, "repo"));
    expect(blocks(items)).toEqual([
      "my_turn(3)",
      "my_turn:1",
      "my_turn:2",
      "my_turn:3",
      "waiting(2)",
      "waiting:4",
      "waiting:5",
      "teams(1)",
      "needs_my_review(2)",
      "mine(2)",
      "assigned_to_me(0)",
      "reviewed(2)",
      "watched(1)",
    ]);
    expect(items.find((i) => i.kind === "header" && i.section === "teams")).toMatchObject({ open: false });
  });

  it("opens the teams block, or counts team requests as mine when chosen", () => {
    const open = blocks(toItems(sortRows(rows, "repo"), { teamsAreMine: false, teamsOpen: true }));
    expect(open.slice(open.indexOf("teams(1)"), open.indexOf("teams(1)") + 2)).toEqual(["teams(1)", "teams:6"]);
    const mine = blocks(toItems(sortRows(rows, "repo"), { teamsAreMine: true, teamsOpen: false }));
    expect(mine.slice(0, 5)).toEqual(["my_turn(4)", "my_turn:1", "my_turn:2", "my_turn:3", "my_turn:6"]);
    expect(mine).not.toContain("teams(1)");
  });

  it("mirrors the Rust grouping for every kind", () => {
    expect(turnSection("requested_of_me", false)).toBe("my_turn");
    expect(turnSection("re_review_needed", false)).toBe("my_turn");
    expect(turnSection("returned_to_me", false)).toBe("my_turn");
    expect(turnSection("waiting_on_author", true)).toBe("waiting");
    expect(turnSection("waiting_on_reviewers", true)).toBe("waiting");
    expect(turnSection("requested_of_teams", false)).toBe("teams");
    expect(turnSection("requested_of_teams", true)).toBe("my_turn");
    expect(turnSection(undefined, true)).toBeNull();
  });
});

describe("whose turn and triage", () => {
  it("leaves a muted repository's pull requests out of the turn blocks", () => {
    const muted = pr({
      number: 9,
      sections: ["watched"],
      turn: { kind: "requested_of_me", words: "alice requested your review", at: null },
      triage: { pinned: false, muted: true, snoozed: false, wakesAt: null, listedIn: ["needs_my_review", "watched"] },
    });
    const items = toItems([muted]);
    expect(items.filter((i) => i.kind === "row").map((i) => i.section)).toEqual(["watched"]);
  });
});

describe("filtering by whose turn", () => {
  it("finds a row by its turn words", () => {
    const pushed = pr({
      number: 11,
      turn: { kind: "re_review_needed", words: "alice pushed since your review", at: null },
    });
    const other = pr({ number: 12 });
    expect(filterRows([pushed, other], { ...NO_FILTERS, text: "pushed since" }).map((r) => r.number)).toEqual([11]);
  });
});

describe("Focus: exclusion rules and profiles (issue 29)", () => {
  const bot = pr({
    number: 40,
    author: "dependabot[bot]",
    sections: [],
    light: "red",
    hiddenBy: [{ id: "r1", words: "bots" }],
    triage: { pinned: false, muted: false, snoozed: false, wakesAt: null, listedIn: ["needs_my_review", "watched"] },
  });
  const mine = pr({ number: 41, sections: ["mine"], light: "green" });
  const home = pr({ number: 42, sections: ["mine"], light: "yellow", inProfile: false });

  it("leaves hidden rows out of every section and count, behind a closed 'Hidden by rules' line", () => {
    const view = viewOf([bot, mine, home], []);
    expect(view.counts).toEqual({ red: 0, yellow: 1, green: 1, grey: 0 });
    expect(view.total).toBe(2);
    const hidden = view.items.flatMap((i) => (i.kind === "hidden" ? [[i.section, i.count, i.open]] : []));
    expect(hidden).toEqual([
      ["needs_my_review", 1, false],
      ["watched", 1, false],
    ]);
    expect(view.items.some((i) => i.kind === "row" && i.row.number === 40)).toBe(false);
  });

  it("shows the hidden rows of an opened section only, marked hidden, after its line", () => {
    const view = viewOf([bot, mine], [], { ...TURN_DEFAULTS, hiddenOpen: ["watched"] });
    const keys = view.items.map((i) => i.key);
    const line = keys.indexOf("hidden:watched");
    expect(keys[line + 1]).toBe(`hidden:watched:${bot.id}`);
    const row = view.items[line + 1];
    expect(row?.kind === "row" && row.hidden).toBe(true);
    expect(keys).not.toContain(`hidden:needs_my_review:${bot.id}`);
  });

  it("shows only the profile's pull requests when asked", () => {
    expect(filterRows([mine, home], { ...NO_FILTERS, profileOnly: true }).map((r) => r.number)).toEqual([41]);
    expect(filterRows([mine, home], NO_FILTERS).map((r) => r.number)).toEqual([41, 42]);
  });
});
