// The Dashboard page: sections, rows, counts and colour filters, text filter, offline banner, chips, refresh, opening.
import { emit } from "@tauri-apps/api/event";
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Dashboard as DashboardData, SyncProgress } from "../api";
import { SettingsProvider } from "../settings/SettingsContext";
import { appError, commandsCalled, fail, mockBackend, mockBackendSlowListen, settings } from "../test/fixtures";
import { dashboard, hoursAgo, pr, sync } from "../test/prs";
import { Dashboard } from "./Dashboard";

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
  draft: true,
});
const GREEN = pr({
  number: 3,
  title: "Bump deps",
  accountId: "acc-gl",
  accountName: "Company GitLab",
  provider: "gitlab",
  repo: "group/tool",
  light: "green",
  approvals: 2,
});

const TWO_ACCOUNTS = [sync(), sync({ accountId: "acc-gl", name: "Company GitLab", provider: "gitlab" })];

function setup(data: DashboardData, extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const calls = mockBackend({ dashboard: () => data, ...extra });
  const user = userEvent.setup();
  render(<Dashboard focusTitle={false} />);
  return { calls, user };
}

function rows(section?: string): HTMLElement[] {
  const all = screen.queryAllByTestId("pr-row");
  return section ? all.filter((r) => r.dataset.section === section) : all;
}

function titles(section?: string): string[] {
  return rows(section).map((r) => within(r).getByTestId("pr-title").textContent);
}

describe("Dashboard: sections and rows", () => {
  it("shows the four sections in order with counts; a PR in two sections appears in both", async () => {
    setup(dashboard({ rows: [RED, YELLOW, GREEN], accounts: TWO_ACCOUNTS }));
    await screen.findAllByTestId("pr-row");
    const headings = screen.getAllByRole("heading", { level: 2 });
    expect(headings.map((h) => h.textContent)).toEqual([
      "My turn 0",
      "Needs my review 1",
      "Mine 2",
      "Assigned to me 0",
      "Watched repositories 1",
    ]);
    expect(titles("needs_my_review")).toEqual(["Add dark mode"]);
    expect(titles("watched")).toEqual(["Add dark mode"]);
    expect(titles("mine")).toEqual(["Fix login redirect", "Bump deps"]);
    const empties = screen.getAllByTestId("section-empty");
    expect(empties.map((e) => e.getAttribute("data-section"))).toEqual(["my_turn", "assigned_to_me"]);
    expect(empties[1]).toHaveTextContent("Nothing here");
    expect(screen.getByTestId("section-assigned_to_me")).toHaveAttribute("data-count", "0");
  });

  it("renders a row's light, reasons, CI, review state and badges", async () => {
    setup(dashboard({ rows: [RED] }));
    const [row] = await screen.findAllByTestId("pr-row");
    if (!row) throw new Error("no row");
    expect(row).toHaveAttribute("data-light", "red");
    expect(row).toHaveAttribute("data-pr-id", RED.id);
    expect(within(row).getByRole("link", { name: "Fix login redirect" })).toHaveAttribute("href", RED.url);
    expect(within(row).getByRole("img", { name: "Red: CI failing: build, changes requested by carol" })).toBeInTheDocument();
    expect(within(row).getByTestId("pr-reasons")).toHaveTextContent(/^CI failing: build · changes requested by carol$/);
    const ci = within(row).getByTestId("pr-ci");
    expect(ci).toHaveTextContent("✓ 3 ✗ 1 ● 2");
    expect(ci).toHaveAccessibleName("checks: 3 passed, 1 failed, 2 running");
    expect(within(row).getByTestId("pr-review")).toHaveTextContent("changes requested by carol");
    expect(within(row).getByTestId("pr-conflict")).toHaveTextContent("Conflict");
    expect(within(row).queryByTestId("pr-draft")).not.toBeInTheDocument();
    expect(within(row).getByTestId("pr-ref")).toHaveTextContent("acme/api#1");
    expect(within(row).getByTestId("pr-age")).toHaveTextContent("1 h");
    expect(within(row).getByTestId("pr-label")).toHaveTextContent("bug");
  });
});

describe("Dashboard: counts and filters", () => {
  it("counts each colour and toggles a colour filter from its count", async () => {
    const { user } = setup(dashboard({ rows: [RED, YELLOW, GREEN], accounts: TWO_ACCOUNTS }));
    await screen.findAllByTestId("pr-row");
    expect(screen.getByTestId("count-red")).toHaveTextContent(/^1$/);
    expect(screen.getByTestId("count-yellow")).toHaveTextContent(/^1$/);
    expect(screen.getByTestId("count-green")).toHaveTextContent(/^1$/);
    expect(screen.getByTestId("count-grey")).toHaveTextContent(/^0$/);

    await user.click(screen.getByTestId("count-red"));
    expect(screen.getByTestId("count-red")).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => {
      expect(titles()).toEqual(["Fix login redirect"]);
    });
    expect(screen.getByTestId("count-yellow")).toHaveTextContent(/^1$/);

    await user.click(screen.getByTestId("count-red"));
    expect(screen.getByTestId("count-red")).toHaveAttribute("aria-pressed", "false");
    await waitFor(() => {
      expect(rows()).toHaveLength(4);
    });
  });

  it("filters by text, and the counts follow the filter", async () => {
    const { user } = setup(dashboard({ rows: [RED, YELLOW, GREEN], accounts: TWO_ACCOUNTS }));
    await screen.findAllByTestId("pr-row");
    await user.type(screen.getByTestId("filter-text"), "DARK");
    await waitFor(() => {
      expect(titles()).toEqual(["Add dark mode", "Add dark mode"]);
    });
    expect(screen.getByTestId("count-red")).toHaveTextContent(/^0$/);
    expect(screen.getByTestId("count-yellow")).toHaveTextContent(/^1$/);
    const marks = window.__AMPEL_PERF__ ?? [];
    expect(marks.some((m) => m.name === "dashboard-first-render")).toBe(true);
    expect(marks.some((m) => m.name === "filter-apply")).toBe(true);
  });

  it("filters by provider, account and repo, and sorts by colour", async () => {
    const NEWEST = pr({ number: 7, title: "Newest green", repo: "zzz/last", createdAt: hoursAgo(0.5) });
    const { user } = setup(dashboard({ rows: [GREEN, YELLOW, RED, NEWEST], accounts: TWO_ACCOUNTS }));
    await screen.findAllByTestId("pr-row");
    // The selects are folded into the Filters popover; its button counts the ones set.
    expect(screen.queryByTestId("filter-provider")).toBeNull();
    await user.click(screen.getByTestId("filters-button"));
    expect(screen.getByTestId("filters-button")).toHaveAttribute("aria-expanded", "true");
    await user.selectOptions(screen.getByTestId("filter-provider"), "gitlab");
    expect(screen.getByTestId("filters-button")).toHaveTextContent("Filters (1)");
    await waitFor(() => {
      expect(titles()).toEqual(["Bump deps"]);
    });
    await user.selectOptions(screen.getByTestId("filter-provider"), "");
    await user.selectOptions(screen.getByTestId("filter-account"), "acc-gh");
    await waitFor(() => {
      expect(titles("mine")).toEqual(["Newest green", "Fix login redirect"]);
    });
    await user.selectOptions(screen.getByTestId("filter-account"), "");
    await user.selectOptions(screen.getByTestId("filter-repo"), "acme/web");
    await waitFor(() => {
      expect(titles()).toEqual(["Add dark mode", "Add dark mode"]);
    });
    await user.selectOptions(screen.getByTestId("filter-repo"), "");
    expect(titles("mine")).toEqual(["Newest green", "Fix login redirect", "Bump deps"]);
    await user.selectOptions(screen.getByTestId("sort"), "colour");
    await waitFor(() => {
      expect(titles("mine")).toEqual(["Fix login redirect", "Newest green", "Bump deps"]);
    });
    await user.selectOptions(screen.getByTestId("sort"), "repo");
    await waitFor(() => {
      expect(titles("mine")).toEqual(["Fix login redirect", "Bump deps", "Newest green"]);
    });
  });
});

describe("Dashboard: row density", () => {
  it("lays rows out in two lines by default and in one with Settings > General > Dashboard rows: Compact", async () => {
    setup(dashboard({ rows: [RED] }));
    await screen.findAllByTestId("pr-row");
    expect(screen.getByTestId("dashboard")).toHaveAttribute("data-density", "comfortable");
    cleanup();
    mockBackend({ dashboard: () => dashboard({ rows: [RED] }), get_settings: () => settings({ density: "compact" }) });
    render(
      <SettingsProvider>
        <Dashboard focusTitle={false} />
      </SettingsProvider>,
    );
    await screen.findAllByTestId("pr-row");
    await waitFor(() => {
      expect(screen.getByTestId("dashboard")).toHaveAttribute("data-density", "compact");
    });
  });
});

describe("Dashboard: sync state", () => {
  it("shows the offline banner only when offline", async () => {
    setup(dashboard({ rows: [RED], offline: true }));
    expect(await screen.findByTestId("offline-banner")).toHaveTextContent(
      "Offline — showing the state from 3 min ago",
    );
    expect(rows()).toHaveLength(1);
  });

  it("has no offline banner when online, and says when it last synced", async () => {
    setup(dashboard({ rows: [RED] }));
    await screen.findAllByTestId("pr-row");
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();
    expect(screen.getByTestId("last-synced")).toHaveTextContent(/^last synced 3 min ago$/);
  });

  it("shows a chip per failed account and still lists every account's rows", async () => {
    const reset = new Date(2026, 10, 28, 14, 5).toISOString();
    setup(
      dashboard({
        rows: [RED, GREEN],
        accounts: [
          sync({ rateRemaining: 4321, rateLimit: 5000 }),
          sync({
            accountId: "acc-gl",
            name: "Company GitLab",
            provider: "gitlab",
            errorCode: "unreachable",
            errorMessage: "connection refused (gitlab.example:443)",
          }),
          sync({ accountId: "acc-x", name: "Rate GitHub", errorCode: "rate_limited", rateResetAt: reset, rateRemaining: 0, rateLimit: 5000 }),
          sync({ accountId: "acc-y", name: "Old Gitea", provider: "gitea", errorCode: "token_expired" }),
        ],
      }),
    );
    await screen.findAllByTestId("pr-row");
    const chips = screen.getAllByTestId("account-chip");
    expect(chips.map((c) => [c.dataset.accountName, c.dataset.errorCode, c.textContent])).toEqual([
      ["Company GitLab", "unreachable", "Company GitLab: can't reach GitLab"],
      ["Rate GitHub", "rate_limited", "Rate GitHub: rate limited until 14:05"],
      ["Old Gitea", "token_expired", "Old Gitea: token refused — replace it in Settings"],
    ]);
    expect(chips[0]).toHaveAttribute("title", "connection refused (gitlab.example:443)");
    expect(chips[1]).toHaveAttribute("title", "rate_limited · 0 of 5,000 API requests left");
    expect(titles()).toEqual(["Fix login redirect", "Bump deps"]);
    // Healthy budgets are no chip; every budget is in the tooltip of "last synced".
    expect(screen.queryAllByTestId("budget-chip")).toEqual([]);
    const tip = screen.getByTestId("last-synced").getAttribute("title") ?? "";
    expect(tip).toContain("Work GitHub: 4,321 of 5,000 API requests left");
    expect(tip).toContain("Old Gitea: API budget not reported");
  });

  it("chips only a budget below 10 %, and leaves out can't-reach chips under the offline banner", async () => {
    setup(
      dashboard({
        rows: [RED],
        offline: true,
        accounts: [
          sync({ rateRemaining: 499, rateLimit: 5000 }),
          sync({ accountId: "acc-b", name: "Fine GitHub", rateRemaining: 500, rateLimit: 5000 }),
          sync({ accountId: "acc-gl", name: "Company GitLab", provider: "gitlab", errorCode: "unreachable" }),
          sync({ accountId: "acc-y", name: "Old Gitea", provider: "gitea", errorCode: "token_expired" }),
        ],
      }),
    );
    await screen.findAllByTestId("pr-row");
    expect(screen.getByTestId("offline-banner")).toBeInTheDocument();
    expect(screen.getAllByTestId("budget-chip").map((c) => c.textContent)).toEqual([
      "Work GitHub: 499 of 5,000 API requests left",
    ]);
    expect(screen.getAllByTestId("account-chip").map((c) => c.dataset.accountName)).toEqual(["Old Gitea"]);
  });

  it("says on the section when GitHub search cut it at 1,000", async () => {
    setup(dashboard({ rows: [RED], accounts: [sync({ capped: [{ section: "mine", shown: 1000, total: 1234 }] })] }));
    const cap = await screen.findByTestId("section-cap");
    expect(cap.dataset.section).toBe("mine");
    expect(cap).toHaveTextContent("showing 1,000 of 1,234 — GitHub search stops at 1,000 (Work GitHub)");
    expect(within(screen.getByTestId("section-mine")).getByTestId("section-cap")).toBe(cap);
  });

  it("keeps the first-run card when accounts exist but nothing was synced yet", async () => {
    setup(dashboard({ lastSyncedAt: null }));
    expect(await screen.findByTestId("dashboard-accounts-ready")).toHaveTextContent("1 account connected.");
    expect(screen.getByTestId("last-synced")).toHaveTextContent("never synced");
  });
});

describe("Dashboard: refresh and reload", () => {
  it("Refresh calls refresh, shows progress from syncProgress, then the fresh rows", async () => {
    let finish: (d: DashboardData) => void = () => undefined;
    const { calls, user } = setup(dashboard({ rows: [GREEN] }), {
      refresh: () =>
        new Promise<DashboardData>((resolve) => {
          finish = resolve;
        }),
    });
    await screen.findAllByTestId("pr-row");
    await user.click(screen.getByTestId("refresh"));
    expect(commandsCalled(calls, "refresh")).toHaveLength(1);
    expect(screen.getByTestId("refresh")).toBeDisabled();
    expect(screen.getByTestId("refresh-progress")).toHaveTextContent("Refreshing…");
    const progress: SyncProgress = { done: 2, total: 4, account: "Work GitHub" };
    await act(() => emit("sync-progress", progress));
    expect(screen.getByTestId("refresh-progress")).toHaveTextContent(/^Refreshing 2\/4 — Work GitHub$/);
    await act(async () => {
      finish(dashboard({ rows: [RED] }));
      await Promise.resolve();
    });
    await waitFor(() => {
      expect(titles()).toEqual(["Fix login redirect"]);
    });
    expect(screen.getByTestId("refresh")).toBeEnabled();
    expect(screen.queryByTestId("refresh-progress")).not.toBeInTheDocument();
  });

  it("keeps the cached rows and says why when Refresh fails; a running automatic refresh disables it", async () => {
    const { user } = setup(dashboard({ rows: [GREEN] }), {
      refresh: () => fail(appError("internal", { message: "database is locked" })),
    });
    await screen.findAllByTestId("pr-row");
    await user.click(screen.getByTestId("refresh"));
    expect(await screen.findByTestId("refresh-error")).toHaveTextContent("Refresh failed: database is locked");
    expect(titles()).toEqual(["Bump deps"]);
    cleanup();
    setup(dashboard({ rows: [GREEN], refreshing: true }));
    await screen.findAllByTestId("pr-row");
    expect(screen.getByTestId("refresh")).toBeDisabled();
    expect(screen.getByTestId("refresh-progress")).toHaveTextContent("Refreshing…");
  });

  it("reloads the dashboard when dashboardChanged arrives", async () => {
    let current = dashboard({ rows: [GREEN] });
    const { calls } = setup(current, { dashboard: () => current });
    await screen.findAllByTestId("pr-row");
    expect(titles()).toEqual(["Bump deps"]);
    current = dashboard({ rows: [{ ...GREEN, light: "red", reasons: ["CI failing: build"] }] });
    await act(() => emit("dashboard-changed", null));
    await waitFor(() => {
      expect(rows()[0]).toHaveAttribute("data-light", "red");
    });
    expect(commandsCalled(calls, "dashboard").length).toBeGreaterThanOrEqual(2);
  });
});

describe("Dashboard: events sent before the page listened", () => {
  it("ends 'last synced …' with Refresh enabled when dashboardChanged fired before its listener was attached", async () => {
    let current = dashboard({ rows: [GREEN], lastSyncedAt: null, refreshing: true });
    const { attach } = mockBackendSlowListen({ dashboard: () => current });
    render(<Dashboard focusTitle={false} />);
    // The start-up refresh ends, and says so, while the page's listeners are still being attached.
    current = dashboard({ rows: [GREEN], lastSyncedAt: new Date(Date.now() - 60_000).toISOString() });
    await act(() => emit("dashboard-changed", null));
    await act(async () => {
      attach();
      await Promise.resolve();
    });
    await waitFor(() => {
      expect(screen.getByTestId("last-synced")).toHaveTextContent(/^last synced 1 min ago$/);
    });
    expect(screen.getByTestId("refresh")).toBeEnabled();
    expect(screen.queryByTestId("refresh-progress")).not.toBeInTheDocument();
    expect(titles()).toEqual(["Bump deps"]);
  });

  it("keeps the newer dashboard when an answer read during the refresh arrives after it", async () => {
    const answers: ((d: DashboardData) => void)[] = [];
    const { attach } = mockBackendSlowListen({
      dashboard: () =>
        new Promise<DashboardData>((resolve) => {
          answers.push(resolve);
        }),
    });
    render(<Dashboard focusTitle={false} />);
    await act(async () => {
      attach();
      await Promise.resolve();
    });
    // Read while a refresh runs (an account changed), then again when it ended.
    await act(() => emit("accounts-changed", null));
    await act(() => emit("dashboard-changed", null));
    const [first, during, after] = answers;
    if (!first || !during || !after) throw new Error(`expected 3 reads, saw ${String(answers.length)}`);
    await act(async () => {
      after(dashboard({ rows: [GREEN] }));
      await Promise.resolve();
    });
    await screen.findAllByTestId("pr-row");
    await act(async () => {
      during(dashboard({ rows: [GREEN], refreshing: true }));
      first(dashboard({ rows: [GREEN], refreshing: true }));
      await Promise.resolve();
    });
    expect(screen.getByTestId("refresh")).toBeEnabled();
    expect(screen.queryByTestId("refresh-progress")).not.toBeInTheDocument();
  });
});

describe("Dashboard: keyboard", () => {
  it("Enter opens the focused row's URL; arrows move between rows across sections", async () => {
    const { calls, user } = setup(dashboard({ rows: [RED, YELLOW] }));
    await screen.findAllByTestId("pr-row");
    const [first] = rows();
    if (!first) throw new Error("no row");
    const firstLink = within(first).getByRole("link");
    firstLink.focus();
    expect(first).toHaveAttribute("data-section", "needs_my_review");
    await user.keyboard("{ArrowDown}");
    const focusedRow = () => document.activeElement?.closest("[data-testid='pr-row']");
    expect(focusedRow()).toHaveAttribute("data-section", "mine");
    expect(focusedRow()).toHaveAttribute("data-pr-id", RED.id);
    await user.keyboard("{Enter}");
    await waitFor(() => {
      expect(commandsCalled(calls, "plugin:opener|open_url")).toEqual([
        expect.objectContaining({ url: RED.url }),
      ]);
    });
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(firstLink);
  });

  it("double-click opens the row's URL", async () => {
    const { calls, user } = setup(dashboard({ rows: [GREEN] }));
    const [row] = await screen.findAllByTestId("pr-row");
    if (!row) throw new Error("no row");
    await user.dblClick(row);
    await waitFor(() => {
      expect(commandsCalled(calls, "plugin:opener|open_url")).toEqual([expect.objectContaining({ url: GREEN.url })]);
    });
  });
});
