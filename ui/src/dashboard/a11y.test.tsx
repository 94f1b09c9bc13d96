// The dashboard for assistive technology: list semantics with position and size on the virtualized
// list, a row's name (its title) and description, opening by a single click, and the one status region.
import { emit } from "@tauri-apps/api/event";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Dashboard as DashboardData, SyncProgress } from "../api";
import { Dashboard } from "../pages/Dashboard";
import { appError, commandsCalled, fail, mockBackend } from "../test/fixtures";
import { dashboard, pr, sync } from "../test/prs";

const RED = pr({
  number: 1,
  title: "Fix login redirect",
  light: "red",
  reasons: ["CI failing: build", "changes requested by carol"],
  ci: { passed: 3, failed: 1, running: 2 },
  changesRequestedBy: ["carol"],
  labels: ["bug"],
  conflict: true,
});
const YELLOW = pr({
  number: 2,
  title: "Add dark mode",
  repo: "acme/web",
  light: "yellow",
  reasons: ["waiting for 1 approval"],
  sections: ["needs_my_review", "watched"],
});
const GREEN = pr({ number: 3, title: "Bump deps", light: "green", approvals: 2 });

function setup(data: DashboardData, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const calls = mockBackend({ dashboard: () => data, ...extra });
  const user = userEvent.setup();
  render(<Dashboard focusTitle={false} />);
  return { calls, user };
}

function row(title: string): HTMLElement {
  const found = screen.getAllByTestId("pr-row").find((r) => within(r).getByTestId("pr-title").textContent === title);
  if (!found) throw new Error(`no row titled ${title}`);
  return found;
}

/** The row's link: its title. */
function link(title: string): HTMLElement {
  return within(row(title)).getByRole("link");
}

const LIVE = "[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer]";

describe("Dashboard a11y: list semantics", () => {
  it("puts each section's rows in a list named after it, each row with its position and the section's size", async () => {
    setup(dashboard({ rows: [RED, YELLOW, GREEN] }));
    await screen.findAllByTestId("pr-row");
    const lists = screen.getAllByRole("list");
    expect(lists.map((l) => l.getAttribute("aria-label"))).toEqual(["Needs my review", "Mine", "Watched repositories"]);
    const mine = screen.getByRole("list", { name: "Mine" });
    const items = within(mine).getAllByRole("listitem");
    expect(items.map((i) => [i.getAttribute("aria-posinset"), i.getAttribute("aria-setsize")])).toEqual([
      ["1", "2"],
      ["2", "2"],
    ]);
    expect(within(items[0] ?? mine).getByRole("link")).toHaveAccessibleName("Fix login redirect");
    // Headings are not list items: they stay outside the lists.
    for (const heading of screen.getAllByRole("heading", { level: 2 })) {
      expect(heading.closest("[role=list]")).toBeNull();
    }
  });

  it("gives the full section size on the few rows a long virtualized list renders", async () => {
    const many = Array.from({ length: 300 }, (_, i) => pr({ number: i + 1, title: `Change ${String(i + 1)}` }));
    setup(dashboard({ rows: many }));
    await screen.findAllByTestId("pr-row");
    const items = within(screen.getByRole("list", { name: "Mine" })).getAllByRole("listitem");
    expect(items.length).toBeLessThan(300);
    expect(new Set(items.map((i) => i.getAttribute("aria-setsize")))).toEqual(new Set(["300"]));
    expect(items.map((i) => Number(i.getAttribute("aria-posinset")))).toEqual(items.map((_, i) => i + 1));
  });
});

describe("Dashboard a11y: a row's name and description", () => {
  it("is a link named by its visible title alone, and described by everything else it shows", async () => {
    setup(dashboard({ rows: [RED] }));
    await screen.findAllByTestId("pr-row");
    expect(within(row("Fix login redirect")).getAllByRole("link")).toHaveLength(1);
    const r = link("Fix login redirect");
    expect(r).not.toHaveAttribute("aria-label");
    expect(r).not.toHaveAttribute("aria-labelledby");
    expect(r).toHaveAttribute("href", RED.url);
    expect(r).toHaveAccessibleName("Fix login redirect");
    expect(r).toHaveAccessibleDescription(
      "Red: CI failing: build, changes requested by carol. Conflict, bug. acme/api#1 by alice, opened 1 h ago. " +
        "checks: 3 passed, 1 failed, 2 running. changes requested by carol. Work GitHub",
    );
  });

  it("leaves out the tags when a row has none", async () => {
    setup(dashboard({ rows: [GREEN] }));
    await screen.findAllByTestId("pr-row");
    expect(link("Bump deps")).toHaveAccessibleDescription(
      "Green: no reasons given. acme/api#3 by alice, opened 3 h ago. no checks. 2 approvals. Work GitHub",
    );
  });
});

describe("Dashboard a11y: opening a pull request", () => {
  it("opens on a single click on the link or anywhere on the row", async () => {
    const { calls, user } = setup(dashboard({ rows: [GREEN] }));
    await screen.findAllByTestId("pr-row");
    // Screen readers in browse mode and voice control click the link.
    await user.click(link("Bump deps"));
    await waitFor(() => {
      expect(commandsCalled(calls, "plugin:opener|open_url")).toEqual([expect.objectContaining({ url: GREEN.url })]);
    });
    await user.click(within(row("Bump deps")).getByTestId("pr-author"));
    await waitFor(() => {
      expect(commandsCalled(calls, "plugin:opener|open_url")).toHaveLength(2);
    });
  });

  it("patches rows in place when the items change, and keeps the focus on the same pull request", async () => {
    let current = dashboard({ rows: [RED, GREEN] });
    setup(current, { dashboard: () => current });
    await screen.findAllByTestId("pr-row");
    act(() => {
      link("Bump deps").focus();
    });
    const place = row("Bump deps");
    // A newer pull request arrives: it sorts first in "Mine", and every row there moves down one place.
    current = dashboard({ rows: [RED, GREEN, pr({ number: 0, title: "Newest change" })] });
    await act(() => emit("dashboard-changed", null));
    await waitFor(() => {
      expect(screen.getByTestId("shown-count")).toHaveTextContent("3 pull requests");
    });
    // The rendered row at that place was reused for the pull request now there (nothing remounted)…
    expect(place.isConnected).toBe(true);
    expect(within(place).getByTestId("pr-title")).toHaveTextContent("Fix login redirect");
    // …and the focus followed "Bump deps" to its new place.
    expect(document.activeElement).toBe(link("Bump deps"));
  });

  it("opens once on a double-click, and once per Enter", async () => {
    const { calls, user } = setup(dashboard({ rows: [GREEN] }));
    await screen.findAllByTestId("pr-row");
    await user.dblClick(row("Bump deps"));
    await waitFor(() => {
      expect(commandsCalled(calls, "plugin:opener|open_url")).toHaveLength(1);
    });
    link("Bump deps").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => {
      expect(commandsCalled(calls, "plugin:opener|open_url")).toHaveLength(2);
    });
  });
});

describe("Dashboard a11y: status messages", () => {
  it("has one polite status region, and 'last synced' is outside every live region", async () => {
    setup(dashboard({ rows: [RED, GREEN] }));
    await screen.findAllByTestId("pr-row");
    const live = Array.from(screen.getByTestId("dashboard").querySelectorAll(LIVE));
    expect(live).toEqual([screen.getByTestId("dash-status")]);
    expect(screen.getByRole("status")).toBe(screen.getByTestId("dash-status"));
    expect(screen.getByTestId("last-synced").closest(LIVE)).toBeNull();
    // Nothing is announced on load.
    expect(screen.getByTestId("dash-status")).toHaveTextContent(/^$/);
  });

  it("announces the filter's result count, and nothing when the data merely reloads", async () => {
    let current = dashboard({ rows: [RED, YELLOW, GREEN] });
    const { user } = setup(current, { dashboard: () => current });
    await screen.findAllByTestId("pr-row");
    await user.type(screen.getByTestId("filter-text"), "fix");
    await waitFor(() => {
      expect(screen.getByTestId("dash-status")).toHaveTextContent(/^1 pull request of 3$/);
    });
    await user.clear(screen.getByTestId("filter-text"));
    await waitFor(() => {
      expect(screen.getByTestId("dash-status")).toHaveTextContent(/^3 pull requests$/);
    });
    await user.click(screen.getByTestId("count-red"));
    await waitFor(() => {
      expect(screen.getByTestId("dash-status")).toHaveTextContent(/^1 pull request of 3$/);
    });
    current = dashboard({ rows: [RED, YELLOW, GREEN, pr({ number: 9, light: "red" })] });
    await act(() => emit("dashboard-changed", null));
    await waitFor(() => {
      expect(screen.getByTestId("shown-count")).toHaveTextContent("2 pull requests of 4");
    });
    expect(screen.getByTestId("dash-status")).toHaveTextContent(/^1 pull request of 3$/);
  });

  it("announces a Refresh's progress and then exactly its result", async () => {
    let finish: (d: DashboardData) => void = () => undefined;
    const { user } = setup(dashboard({ rows: [GREEN] }), {
      refresh: () =>
        new Promise<DashboardData>((resolve) => {
          finish = resolve;
        }),
    });
    await screen.findAllByTestId("pr-row");
    await user.click(screen.getByTestId("refresh"));
    expect(screen.getByTestId("dash-status")).toHaveTextContent(/^Refreshing…$/);
    const progress: SyncProgress = { done: 1, total: 2, account: "Work GitHub" };
    await act(() => emit("sync-progress", progress));
    expect(screen.getByTestId("dash-status")).toHaveTextContent(/^Refreshing 1\/2 — Work GitHub$/);
    const failed = sync({ accountId: "acc-gl", name: "Company GitLab", provider: "gitlab", errorCode: "unreachable" });
    await act(async () => {
      finish(dashboard({ rows: [RED, GREEN], accounts: [sync(), failed] }));
      await Promise.resolve();
    });
    await waitFor(() => {
      expect(screen.getByTestId("dash-status")).toHaveTextContent(/^Refresh done: 2 pull requests; 1 account failed to sync$/);
    });
  });

  it("announces a failed Refresh once, in the status region", async () => {
    const { user } = setup(dashboard({ rows: [GREEN] }), {
      refresh: () => fail(appError("internal", { message: "database is locked" })),
    });
    await screen.findAllByTestId("pr-row");
    await user.click(screen.getByTestId("refresh"));
    await waitFor(() => {
      expect(screen.getByTestId("dash-status")).toHaveTextContent(/^Refresh failed: database is locked$/);
    });
    expect(screen.getByTestId("refresh-error").closest(LIVE)).toBeNull();
  });

  it("does not announce an automatic refresh's progress", async () => {
    setup(dashboard({ rows: [GREEN], refreshing: true }));
    await screen.findAllByTestId("pr-row");
    expect(screen.getByTestId("refresh-progress")).toHaveTextContent("Refreshing…");
    expect(screen.getByTestId("dash-status")).toHaveTextContent(/^$/);
  });
});
