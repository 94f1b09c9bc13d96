// Triage in the pure list functions and the shortcut table: pinned rows first whatever the sort, snoozed
// rows only in "Snoozed", colour counts without snoozed or muted rows; which keys do what, and when not.
import { describe, expect, it } from "vitest";
import { pr } from "../test/prs";
import { countByLight, sortRows, toItems } from "./filter";
import { keyAction, SHORTCUTS, type KeyInput } from "./shortcuts";
import { wakeWords } from "./triageWords";

const TRIAGE = { pinned: false, muted: false, snoozed: false, wakesAt: null, listedIn: [] };

describe("triage in the list", () => {
  const rows = [
    pr({ number: 1, light: "red", repo: "a/a" }),
    pr({ number: 2, light: "green", repo: "b/b", triage: { ...TRIAGE, pinned: true } }),
    pr({ number: 3, light: "yellow", repo: "c/c", sections: [], triage: { ...TRIAGE, snoozed: true, listedIn: ["mine"] } }),
    pr({ number: 4, light: "red", repo: "d/d", sections: ["watched"], triage: { ...TRIAGE, muted: true } }),
  ];

  it("keeps pinned rows first whatever the sort", () => {
    for (const key of ["age", "colour", "repo"] as const) {
      expect(sortRows(rows, key)[0]?.number).toBe(2);
    }
    expect(sortRows(rows, "colour").map((r) => r.number)).toEqual([2, 1, 4, 3]);
  });

  it("lists snoozed rows only under Snoozed, and leaves Snoozed out while empty", () => {
    const items = toItems(rows);
    const where = (n: number) =>
      items.flatMap((i) => (i.kind === "row" && i.row.number === n ? [i.section] : []));
    expect(where(3)).toEqual(["snoozed"]);
    expect(where(4)).toEqual(["watched"]);
    expect(where(1)).toEqual(["mine"]);
    expect(toItems(rows.slice(0, 1)).some((i) => i.section === "snoozed")).toBe(false);
  });

  it("leaves snoozed and muted rows out of the colour counts", () => {
    expect(countByLight(rows)).toEqual({ red: 1, yellow: 0, green: 1, grey: 0 });
  });

  it("words when a snooze ends", () => {
    const now = Date.parse("2026-12-01T10:00:00Z");
    expect(wakeWords({ snoozed: true, wakesAt: null }, now)).toBe("until it changes");
    expect(wakeWords({ snoozed: true, wakesAt: "2026-12-01T10:45:00Z" }, now)).toBe("wakes in 45 min");
    expect(wakeWords({ snoozed: true, wakesAt: "2026-12-01T11:00:00Z" }, now)).toBe("wakes in 60 min");
    expect(wakeWords({ snoozed: true, wakesAt: "2026-12-02T09:00:00Z" }, now)).toMatch(/^wakes /);
    expect(wakeWords({ snoozed: false, wakesAt: null }, now)).toBe("");
  });
});

function key(k: string, target: EventTarget | null = document.body, mods: Partial<KeyInput> = {}): KeyInput {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, target, ...mods };
}

describe("keyAction", () => {
  it("maps every documented single key", () => {
    const cases: [string, string][] = [
      ["j", "next"],
      ["ArrowDown", "next"],
      ["k", "previous"],
      ["ArrowUp", "previous"],
      ["o", "open"],
      [" ", "detail"],
      ["s", "snooze"],
      ["p", "pin"],
      ["m", "mute"],
      ["/", "filter"],
      ["r", "refresh"],
      ["?", "help"],
    ];
    for (const [k, action] of cases) expect(keyAction(key(k), false).action).toBe(action);
    expect(SHORTCUTS.length).toBe(14);
  });

  it("goes to a page with g then a letter", () => {
    const g = keyAction(key("g"), false);
    expect(g).toEqual({ action: null, afterG: true });
    expect(keyAction(key("d"), true).action).toEqual({ page: "dashboard" });
    expect(keyAction(key("a"), true).action).toEqual({ page: "accounts" });
    expect(keyAction(key("s"), true).action).toEqual({ page: "general" });
    expect(keyAction(key("n"), true).action).toEqual({ page: "notifications" });
    expect(keyAction(key("x"), true)).toEqual({ action: null, afterG: false });
  });

  it("never fires while typing, in a dialog or a row's menu, with a modifier, or for Space on a button", () => {
    const input = document.createElement("input");
    const area = document.createElement("textarea");
    const select = document.createElement("select");
    const checkbox = Object.assign(document.createElement("input"), { type: "checkbox" });
    for (const target of [input, area, select]) expect(keyAction(key("p", target), false).action).toBeNull();
    expect(keyAction(key("p", checkbox), false).action).toBe("pin");
    const dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    const inside = document.createElement("button");
    dialog.append(inside);
    expect(keyAction(key("s", inside), false).action).toBeNull();
    const menu = document.createElement("div");
    menu.setAttribute("role", "menu");
    const item = document.createElement("button");
    menu.append(item);
    expect(keyAction(key("ArrowDown", item), false).action).toBeNull();
    expect(keyAction(key("p", item), false).action).toBeNull();
    expect(keyAction(key("r", document.body, { ctrlKey: true }), false).action).toBeNull();
    expect(keyAction(key(" ", document.createElement("button")), false).action).toBeNull();
    expect(keyAction(key(" ", document.createElement("a")), false).action).toBe("detail");
  });
});
