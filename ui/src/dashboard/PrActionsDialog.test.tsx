// The pull request Actions dialog from the dashboard: opening from the row's button, its context menu and
// Shift+F10; each action sent with what the user chose; progress, result and refusals in words; a
// read-only token shows the actions disabled naming the scope; Escape closes and focus returns.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { toApiError, type ActedView, type Dashboard as DashboardData, type PrRow } from "../api";
import { Dashboard } from "../pages/Dashboard";
import { actionErrorWords, offeredKinds } from "./PrActionsDialog";
import { appError, commandsCalled, fail, mockBackend } from "../test/fixtures";
import { dashboard, pr } from "../test/prs";

const ROW = pr({ number: 7, title: "Add the widget", repo: "acme/widgets", light: "yellow", reasons: ["review required"] });
const GITLAB = pr({
  number: 9,
  title: "Tidy the tool",
  repo: "group/tool",
  provider: "gitlab",
  accountId: "acc-gl",
  actions: {
    writable: true,
    missingScope: null,
    tokenPage: null,
    mergeMethods: ["merge", "squash"],
    deleteBranch: true,
    headKnown: true,
    mergeWhenReady: true,
    autoMergeOn: false,
    queueRequired: false,
    queued: false,
    queueWord: "merge train",
    updateStyles: ["rebase"],
    behind: false,
    offersNote: null,
  },
});

function acted(row: PrRow | null, message: string): ActedView {
  return { message, requests: 1, row, resyncError: null };
}

function setup(data: DashboardData, act: (a: Record<string, unknown>) => unknown) {
  const calls = mockBackend({ dashboard: () => data, act_on_pr: act });
  const user = userEvent.setup();
  render(<Dashboard focusTitle={false} />);
  return { calls, user };
}

async function openActions(user: ReturnType<typeof userEvent.setup>, title: string): Promise<HTMLElement> {
  const row = (await screen.findAllByTestId("pr-row")).find(
    (r) => within(r).getByTestId("pr-title").textContent === title,
  );
  if (!row) throw new Error(`no row ${title}`);
  await user.click(within(row).getByTestId("pr-more"));
  await user.click(within(screen.getByRole("menu")).getByRole("menuitem", { name: "Actions…" }));
  return screen.getByTestId("pr-actions-dialog");
}

const QUEUED_BRANCH = pr({
  number: 11,
  title: "Queue me",
  repo: "acme/widgets",
  actions: { ...ROW.actions, queueRequired: true },
});
const BEHIND = pr({
  number: 12,
  title: "Catch up",
  repo: "acme/widgets",
  reasons: ["behind main"],
  light: "yellow",
  actions: { ...ROW.actions, behind: true },
  automation: "auto-merge on (squash) — waits for CI",
});
const BITBUCKET = pr({
  number: 13,
  title: "On Bitbucket",
  repo: "ws/repo",
  provider: "bitbucket",
  actions: {
    ...ROW.actions,
    mergeWhenReady: false,
    updateStyles: [],
    offersNote: "Bitbucket Cloud's published API has no auto-merge, merge queue or branch update",
  },
});

describe("merge when ready", () => {
  it("offers Merge when ready beside Merge and sends it with the chosen method", async () => {
    const { calls, user } = setup(dashboard({ rows: [ROW] }), () => acted(ROW, "auto-merge on for acme/widgets#7"));
    const dialog = await openActions(user, "Add the widget");
    const names = within(dialog)
      .getAllByRole("radio")
      .map((r) => r.closest("label")?.textContent.trim());
    expect(names).toEqual(["Approve", "Request changes", "Comment", "Merge", "Merge when ready", "Update branch"]);
    await user.click(within(dialog).getByTestId("pr-action-merge_when_ready"));
    await user.selectOptions(within(dialog).getByLabelText<HTMLSelectElement>("Merge method"), "squash");
    expect(within(dialog).getByTestId("pr-action-confirm").textContent).toBe("Merge acme/widgets#7 when ready");
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    await waitFor(() => {
      expect(commandsCalled(calls, "act_on_pr")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "act_on_pr")[0]?.action).toEqual({
      kind: "merge_when_ready",
      body: null,
      method: "squash",
      deleteBranch: false,
      style: null,
    });
  });

  it("offers only Add to queue where the base branch requires a queue, and Remove once queued", async () => {
    const { calls, user } = setup(dashboard({ rows: [QUEUED_BRANCH] }), () => acted(QUEUED_BRANCH, "queued"));
    const dialog = await openActions(user, "Queue me");
    expect(within(dialog).queryByTestId("pr-action-merge")).toBeNull();
    expect(within(dialog).queryByTestId("pr-action-merge_when_ready")).toBeNull();
    expect(within(dialog).queryByTestId("pr-action-remove_from_queue")).toBeNull();
    await user.click(within(dialog).getByTestId("pr-action-add_to_queue"));
    expect(within(dialog).queryByLabelText("Merge method")).toBeNull();
    expect(within(dialog).getByTestId("pr-action-confirm").textContent).toBe("Add to merge queue");
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    await waitFor(() => {
      expect(commandsCalled(calls, "act_on_pr")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "act_on_pr")[0]?.action).toMatchObject({ kind: "add_to_queue" });
    const queued = pr({ ...QUEUED_BRANCH, actions: { ...QUEUED_BRANCH.actions, queued: true } });
    expect(offeredKinds(queued)).toEqual(["approve", "request_changes", "comment", "remove_from_queue", "update_branch"]);
    const autoOn = pr({ ...ROW, actions: { ...ROW.actions, autoMergeOn: true } });
    expect(offeredKinds(autoOn)).toContain("cancel_merge_when_ready");
    expect(offeredKinds(autoOn)).not.toContain("merge_when_ready");
  });

  it("updates a branch that is behind by the chosen style and shows what the forge is doing", async () => {
    const { calls, user } = setup(dashboard({ rows: [BEHIND] }), () => acted(BEHIND, "updated"));
    expect((await screen.findByTestId("pr-automation")).textContent).toBe("auto-merge on (squash) — waits for CI");
    const dialog = await openActions(user, "Catch up");
    expect(within(dialog).getByTestId("pr-actions-automation").textContent).toBe(
      "Now: auto-merge on (squash) — waits for CI",
    );
    await user.click(within(dialog).getByTestId("pr-action-update_branch"));
    expect(within(dialog).getByTestId("pr-action-update_branch").closest("label")?.textContent.trim()).toBe(
      "Update branch (behind its base)",
    );
    await user.selectOptions(within(dialog).getByTestId("pr-action-style"), "rebase");
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    await waitFor(() => {
      expect(commandsCalled(calls, "act_on_pr")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "act_on_pr")[0]?.action).toEqual({
      kind: "update_branch",
      body: null,
      method: null,
      deleteBranch: false,
      style: "rebase",
    });
  });

  it("says why Bitbucket offers none of them", async () => {
    const { user } = setup(dashboard({ rows: [BITBUCKET] }), () => acted(BITBUCKET, "x"));
    const dialog = await openActions(user, "On Bitbucket");
    expect(within(dialog).queryByTestId("pr-action-merge_when_ready")).toBeNull();
    expect(within(dialog).queryByTestId("pr-action-update_branch")).toBeNull();
    expect(within(dialog).getByTestId("pr-actions-offers-note").textContent).toContain("no auto-merge");
  });

  it("words a refused direct merge on a queue-only branch", () => {
    expect(actionErrorWords(toApiError({ code: "queue_required", message: "x" }))).toContain("add the pull request to the queue");
  });
});

describe("PR actions", () => {
  it("approves from the row's More actions menu, shows the result and does not open the PR", async () => {
    const { calls, user } = setup(dashboard({ rows: [ROW] }), () =>
      acted({ ...ROW, light: "green", reasons: [] }, "approved acme/widgets#7"),
    );
    const dialog = await openActions(user, "Add the widget");
    expect(within(dialog).getByRole("heading", { name: "Act on acme/widgets#7" })).toBeTruthy();
    expect(within(dialog).getByTestId<HTMLInputElement>("pr-action-approve").checked).toBe(true);
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    await waitFor(() => {
      expect(screen.queryByTestId("pr-actions-dialog")).toBeNull();
    });
    expect(commandsCalled(calls, "act_on_pr")).toEqual([
      {
        accountId: "acc-gh",
        repo: "acme/widgets",
        number: 7,
        action: { kind: "approve", body: "", method: null, deleteBranch: false, style: null },
      },
    ]);
    expect(screen.getByTestId("action-result").textContent).toBe("Approved acme/widgets#7; now green.");
    expect(commandsCalled(calls, "plugin:opener|open_url")).toEqual([]);
  });

  it("comments with the text as typed; an empty comment is not sent", async () => {
    const { calls, user } = setup(dashboard({ rows: [ROW] }), () => acted(ROW, "commented on acme/widgets#7"));
    const dialog = await openActions(user, "Add the widget");
    await user.click(within(dialog).getByTestId("pr-action-comment"));
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    expect(within(dialog).getByTestId("pr-action-error").dataset.code).toBe("empty_body");
    expect(commandsCalled(calls, "act_on_pr")).toEqual([]);
    await user.type(within(dialog).getByTestId("pr-action-body"), "**Ship** it");
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    await waitFor(() => {
      expect(commandsCalled(calls, "act_on_pr")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "act_on_pr")[0]?.action).toEqual({
      kind: "comment",
      body: "**Ship** it",
      method: null,
      deleteBranch: false,
      style: null,
    });
  });

  it("merges with the chosen method among the offered ones and deletes the branch where supported", async () => {
    const { calls, user } = setup(dashboard({ rows: [GITLAB] }), () => acted(null, "merged group/tool!9 by squash"));
    const dialog = await openActions(user, "Tidy the tool");
    await user.click(within(dialog).getByTestId("pr-action-merge"));
    const picker = within(dialog).getByLabelText<HTMLSelectElement>("Merge method");
    expect(Array.from(picker.options).map((o) => o.value)).toEqual(["merge", "squash"]);
    expect(picker.value).toBe("merge");
    await user.selectOptions(picker, "squash");
    await user.click(within(dialog).getByTestId("pr-action-delete-branch"));
    await user.click(within(dialog).getByRole("button", { name: "Merge group/tool!9" }));
    await waitFor(() => {
      expect(screen.getByTestId("action-result").textContent).toBe(
        "Merged group/tool!9 by squash; it left the open list.",
      );
    });
    expect(commandsCalled(calls, "act_on_pr")[0]?.action).toEqual({
      kind: "merge",
      body: null,
      method: "squash",
      deleteBranch: true,
      style: null,
    });
  });

  it("shows a refused merge in words and keeps the dialog open", async () => {
    const { user } = setup(dashboard({ rows: [ROW] }), () =>
      fail(appError("head_moved", { message: "the pull request changed since the last sync" })),
    );
    const dialog = await openActions(user, "Add the widget");
    await user.click(within(dialog).getByTestId("pr-action-merge"));
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    const error = await within(dialog).findByTestId("pr-action-error");
    expect(error.dataset.code).toBe("head_moved");
    expect(error.textContent).toContain("nothing was merged");
    expect(screen.queryByTestId("action-result")).toBeNull();
  });

  it("a write refused for a missing scope names the scope to add", async () => {
    const { user } = setup(dashboard({ rows: [ROW] }), () =>
      fail(
        appError("missing_write_scope", {
          message: "the token cannot do this",
          missingWrite: { scope: "pull_requests:write", settingsUrl: "https://github.com/settings/tokens" },
        }),
      ),
    );
    const dialog = await openActions(user, "Add the widget");
    await user.click(within(dialog).getByTestId("pr-action-confirm"));
    const error = await within(dialog).findByTestId("pr-action-error");
    expect(error.textContent).toBe("This token cannot do that: add pull_requests:write to this token.");
  });

  it("a read-only token shows every action disabled naming the scope and the token page", async () => {
    const readOnly = pr({
      ...GITLAB,
      number: 9,
      actions: { ...GITLAB.actions, writable: false, missingScope: "api", tokenPage: "https://gl.example/-/tokens" },
    });
    const { calls, user } = setup(dashboard({ rows: [readOnly] }), () => acted(null, "x"));
    const dialog = await openActions(user, "Tidy the tool");
    expect(within(dialog).getByTestId("pr-actions-readonly").textContent).toContain("add api to this token");
    expect(within(dialog).getByTestId("pr-actions-token-page").getAttribute("href")).toBe(
      "https://gl.example/-/tokens",
    );
    for (const k of ["approve", "request_changes", "comment", "merge"]) {
      expect(within(dialog).getByTestId<HTMLInputElement>(`pr-action-${k}`).disabled).toBe(true);
    }
    expect(within(dialog).getByTestId<HTMLButtonElement>("pr-action-confirm").disabled).toBe(true);
    expect(commandsCalled(calls, "act_on_pr")).toEqual([]);
  });

  it("opens from the context menu and Shift+F10; Escape closes and gives focus back", async () => {
    const { user } = setup(dashboard({ rows: [ROW] }), () => acted(ROW, "x"));
    const row = (await screen.findAllByTestId("pr-row"))[0];
    if (!row) throw new Error("no row");
    await user.pointer({ keys: "[MouseRight]", target: row });
    expect(screen.getByTestId("pr-actions-dialog")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("pr-actions-dialog")).toBeNull();

    const link = within(row).getByTestId("pr-title");
    link.focus();
    await user.keyboard("{Shift>}{F10}{/Shift}");
    const dialog = screen.getByTestId("pr-actions-dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("pr-actions-dialog")).toBeNull();
    expect(document.activeElement).toBe(link);
  });
});
