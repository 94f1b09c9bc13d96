// The keyboard and the detail panel on the dashboard: j selects, Space shows the panel (checks failing first
// with links, reviewers), p / m / s pin, mute and snooze through their commands, / focuses the filter, keys
// typed there do nothing, ? lists every shortcut; each has a button doing the same.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import type { PrDetail } from "../api";
import { commandsCalled, mockBackend } from "../test/fixtures";
import { dashboard, pr } from "../test/prs";
import { SHORTCUTS } from "./shortcuts";

const ROW = pr({ number: 7, title: "Add the widget", repo: "acme/widgets", light: "red", labels: ["ui"] });
const OTHER = pr({ number: 8, title: "Tidy up", repo: "acme/widgets" });

const DETAIL: PrDetail = {
  row: ROW,
  checks: [
    { name: "test", state: "failure", failing: true, url: "https://ci.example/test" },
    { name: "lint", state: "success", failing: false, url: null },
  ],
  combined: null,
  reviewers: [
    { login: "bob", state: "approved" },
    { login: "carol", state: "changes_requested" },
  ],
  requestedReviewers: ["dave"],
  assignees: [],
  approvalsRequired: null,
  mergeability: "conflict",
  sourceBranch: "widget",
  targetBranch: "main",
  headSha: "abc",
};

function setup() {
  const calls = mockBackend({
    list_accounts: () => [],
    dashboard: () => dashboard({ rows: [ROW, OTHER] }),
    pr_detail: () => DETAIL,
    set_pinned: () => null,
    set_muted: () => null,
    snooze_pr: () => null,
  });
  const user = userEvent.setup();
  render(<App />);
  return { calls, user };
}

describe("triage from the keyboard and the detail panel", () => {
  it("selects with j, shows the detail with Space, and acts with p, m and s", async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId("pr-row");
    await user.keyboard("j");
    await waitFor(() => {
      expect(screen.getAllByTestId("pr-row")[0]).toHaveAttribute("data-selected", "true");
    });
    await user.keyboard(" ");
    const panel = await screen.findByTestId("detail-panel");
    expect(within(panel).getByRole("heading", { name: "Add the widget" })).toBeInTheDocument();
    await within(panel).findAllByTestId("detail-check");
    const checks = within(panel).getAllByTestId("detail-check");
    expect(checks.map((c) => c.dataset.state)).toEqual(["failure", "success"]);
    expect(within(panel).getByTestId("detail-branches")).toHaveTextContent("widget → main");
    expect(within(panel).getByTestId("detail-merge")).toHaveTextContent("conflict");
    expect(within(panel).getByTestId("detail-requested")).toHaveTextContent("dave");
    expect(within(panel).getAllByTestId("detail-reviewer").map((r) => r.textContent)).toEqual([
      "bob: approved",
      "carol: changes requested",
    ]);
    await user.click(within(panel).getByTestId("detail-check-link"));
    expect(commandsCalled(calls, "plugin:opener|open_url").at(-1)?.url).toBe("https://ci.example/test");

    await user.keyboard("p");
    await waitFor(() => {
      expect(commandsCalled(calls, "set_pinned")).toEqual([
        { accountId: ROW.accountId, repo: "acme/widgets", number: 7, pinned: true },
      ]);
    });
    await user.keyboard("m");
    await waitFor(() => {
      expect(commandsCalled(calls, "set_muted")).toEqual([{ accountId: ROW.accountId, repo: "acme/widgets", muted: true }]);
    });
    await user.keyboard("s");
    const menu = await screen.findByTestId("snooze-dialog");
    await user.click(within(menu).getByTestId("snooze-until_change"));
    await waitFor(() => {
      expect(commandsCalled(calls, "snooze_pr")).toEqual([
        { accountId: ROW.accountId, repo: "acme/widgets", number: 7, choice: "until_change" },
      ]);
    });
    expect(screen.getByTestId("triage-result")).toHaveTextContent("Snoozed acme/widgets#7: until it changes.");
  });

  it("focuses the filter with / and ignores shortcuts typed there", async () => {
    const { calls, user } = setup();
    await screen.findAllByTestId("pr-row");
    await user.keyboard("/");
    const filter = screen.getByTestId("filter-text");
    expect(filter).toHaveFocus();
    await user.keyboard("pms");
    expect(filter).toHaveValue("pms");
    expect(commandsCalled(calls, "set_pinned")).toEqual([]);
    expect(screen.queryByTestId("snooze-dialog")).toBeNull();
  });

  it("lists every shortcut with ? and with its button", async () => {
    const { user } = setup();
    await screen.findAllByTestId("pr-row");
    await user.keyboard("?");
    const dialog = await screen.findByTestId("shortcuts-dialog");
    expect(within(dialog).getAllByTestId("shortcut")).toHaveLength(SHORTCUTS.length);
    expect(dialog).toHaveTextContent("g then n");
    await user.keyboard("{Escape}");
    await waitFor(() => {
      expect(screen.queryByTestId("shortcuts-dialog")).toBeNull();
    });
    await user.click(screen.getByTestId("shortcuts-button"));
    expect(await screen.findByTestId("shortcuts-dialog")).toBeInTheDocument();
  });

  it("opens the panel from a row's More actions menu and goes to a page with g then n", async () => {
    const { user } = setup();
    const [, second] = await screen.findAllByTestId("pr-row");
    if (!second) throw new Error("two rows expected");
    const more = within(second).getByTestId("pr-more");
    expect(more).toHaveAccessibleName(`More actions for ${OTHER.title}`);
    await user.click(more);
    const menu = screen.getByRole("menu");
    expect(more).toHaveAttribute("aria-expanded", "true");
    expect(within(menu).getAllByRole("menuitem").map((i) => i.textContent)).toEqual([
      "Details",
      "Actions…",
      "Snooze…",
      "Pin",
      "Mute repository",
      "Open in browser",
    ]);
    // The first item has the focus; arrows move it, Escape gives it back to the button.
    expect(document.activeElement).toBe(within(menu).getByTestId("menu-details"));
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(within(menu).getByTestId("menu-open"));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(more);
    await user.click(more);
    await user.click(screen.getByTestId("menu-details"));
    const panel = await screen.findByTestId("detail-panel");
    expect(panel).toHaveAttribute("data-pr-id", OTHER.id);
    await user.click(within(panel).getByTestId("detail-close"));
    expect(screen.queryByTestId("detail-panel")).toBeNull();
    await user.keyboard("gn");
    expect(await screen.findByTestId("muted-repos")).toBeInTheDocument();
  });
});
