// Watched repositories: the per-account dialog loads the list, parses one owner/name per line and saves it;
// its picker pages through the forge's repositories (search, Load more) and its checkboxes edit the lines.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RepoItem, RepoPageView } from "../api";
import { ProviderAccounts } from "../pages/ProviderAccounts";
import { account, appError, commandsCalled, fail, mockBackend, type Call } from "../test/fixtures";
import { addRepo, badRepos, BATCH_MAX_REQUESTS, BATCH_TARGET, parseRepos, removeRepo } from "./WatchedDialog";

describe("parseRepos", () => {
  it("trims lines and drops blanks, comments and duplicates", () => {
    expect(parseRepos("  acme/api \n\n# later\nacme/web\r\nacme/api\n")).toEqual(["acme/api", "acme/web"]);
    expect(badRepos(["acme/api", "group/sub/tool", "nope", "a b/c", "/x"])).toEqual(["nope", "a b/c", "/x"]);
  });
});

describe("Watched repositories dialog", () => {
  it("opens from the account row, shows the stored list and saves the parsed lines", async () => {
    const calls = mockBackend({
      list_accounts: () => [account({ id: "id-alice", name: "Work GitHub" })],
      watched_repos: () => ["acme/old"],
      set_watched_repos: (a) => a.repos,
    });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await user.click(await screen.findByTestId("account-watched"));
    const dialog = screen.getByTestId("watched-dialog");
    const field = within(dialog).getByTestId("field-watched");
    await waitFor(() => {
      expect(field).toHaveValue("acme/old");
    });
    expect(commandsCalled(calls, "watched_repos")).toEqual([{ id: "id-alice" }]);
    await user.clear(field);
    await user.type(field, " acme/api {Enter}{Enter}group/sub/tool{Enter}acme/api");
    await user.click(within(dialog).getByTestId("watched-save"));
    await waitFor(() => {
      expect(screen.queryByTestId("watched-dialog")).not.toBeInTheDocument();
    });
    expect(commandsCalled(calls, "set_watched_repos")).toEqual([
      { id: "id-alice", repos: ["acme/api", "group/sub/tool"] },
    ]);
  });

  it("refuses lines that are not owner/name without calling Rust", async () => {
    const calls = mockBackend({
      list_accounts: () => [account({ id: "id-alice" })],
      watched_repos: () => [],
    });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await user.click(await screen.findByTestId("account-watched"));
    const field = screen.getByTestId("field-watched");
    await waitFor(() => {
      expect(field).toBeEnabled();
    });
    await user.type(field, "justaname");
    await user.click(screen.getByTestId("watched-save"));
    expect(screen.getByTestId("field-error")).toHaveTextContent("Not owner/name: justaname");
    expect(commandsCalled(calls, "set_watched_repos")).toEqual([]);
    expect(screen.getByTestId("watched-dialog")).toBeInTheDocument();
  });
});

describe("addRepo / removeRepo", () => {
  it("adds a line once and removes only the lines naming the repository", () => {
    expect(addRepo("", "acme/api")).toBe("acme/api");
    expect(addRepo("acme/web", "acme/api")).toBe("acme/web\nacme/api");
    expect(addRepo("acme/web\n", "acme/api")).toBe("acme/web\nacme/api");
    expect(addRepo("Acme/API", "acme/api")).toBe("Acme/API");
    expect(removeRepo("# keep\n acme/API \nacme/web\nacme/api-two", "acme/api")).toBe("# keep\nacme/web\nacme/api-two");
  });
});

function repo(fullName: string, extra: Partial<RepoItem> = {}): RepoItem {
  return { fullName, private: null, description: null, ...extra };
}

function page(repos: RepoItem[], next: string | null = null, total: number | null = null): RepoPageView {
  return { repos, next, total };
}

/** The options shown, by data-full-name, in order. */
function shown(): (string | null)[] {
  return screen.queryAllByTestId("watched-repo-option").map((o) => o.getAttribute("data-full-name"));
}

function option(fullName: string): HTMLElement {
  const found = screen.getAllByTestId("watched-repo-option").find((o) => o.getAttribute("data-full-name") === fullName);
  if (!found) throw new Error(`no option ${fullName}`);
  return found;
}

/** A promise the test resolves when it wants the mocked command to answer. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Renders Provider Accounts with one account and opens its Watched dialog, once the stored list shows. */
async function openPicker(handlers: Parameters<typeof mockBackend>[0]): Promise<{
  calls: Call[];
  user: ReturnType<typeof userEvent.setup>;
  field: HTMLElement;
}> {
  const calls = mockBackend({ list_accounts: () => [account({ id: "id-alice", name: "Work GitHub" })], ...handlers });
  const user = userEvent.setup();
  render(<ProviderAccounts focusTitle={false} />);
  await user.click(await screen.findByTestId("account-watched"));
  const field = screen.getByTestId("field-watched");
  await waitFor(() => {
    expect(field).toBeEnabled();
  });
  return { calls, user, field };
}

describe("Watched repositories picker", () => {
  it("lists the first page with the watched repositories checked, private badges and descriptions", async () => {
    const first = deferred<RepoPageView>();
    const { calls } = await openPicker({
      watched_repos: () => ["acme/api", "other/manual"],
      list_repos: () => first.promise,
    });
    expect(screen.getByTestId("watched-loading")).toBeInTheDocument();
    first.resolve(
      page(
        [
          repo("acme/api", { private: true, description: "The API service" }),
          repo("acme/web", { private: false }),
          repo("acme/docs"),
        ],
        null,
        3,
      ),
    );
    await waitFor(() => {
      expect(shown()).toEqual(["acme/api", "acme/web", "acme/docs"]);
    });
    expect(screen.queryByTestId("watched-loading")).not.toBeInTheDocument();
    expect(commandsCalled(calls, "list_repos")).toEqual([{ id: "id-alice", cursor: null, filter: null }]);
    expect(option("acme/api")).toBeChecked();
    expect(option("acme/web")).not.toBeChecked();
    expect(option("acme/docs")).not.toBeChecked();
    // Each checkbox is named by its repository and described by its description.
    expect(screen.getByRole("checkbox", { name: /acme\/web/ })).toBe(option("acme/web"));
    expect(option("acme/api")).toHaveAccessibleDescription("The API service");
    const badges = screen.getAllByTestId("watched-repo-private");
    expect(badges).toHaveLength(1);
    expect(option("acme/api").closest("li")).toContainElement(badges[0] ?? null);
    expect(screen.getByTestId("watched-count")).toHaveTextContent("2 watched");
    expect(screen.getByTestId("watched-shown")).toHaveTextContent("3 of 3 shown");
    expect(screen.queryByTestId("watched-load-more")).not.toBeInTheDocument();
  });

  it("Load more sends the cursor and appends the next page", async () => {
    const { calls, user } = await openPicker({
      watched_repos: () => ["acme/c"],
      list_repos: (a) =>
        a.cursor === null ? page([repo("acme/a"), repo("acme/b")], "cur-2", 3) : page([repo("acme/c")], null, 3),
    });
    await user.click(await screen.findByTestId("watched-load-more"));
    await waitFor(() => {
      expect(shown()).toEqual(["acme/a", "acme/b", "acme/c"]);
    });
    expect(commandsCalled(calls, "list_repos")).toEqual([
      { id: "id-alice", cursor: null, filter: null },
      { id: "id-alice", cursor: "cur-2", filter: null },
    ]);
    expect(option("acme/c")).toBeChecked();
    expect(screen.queryByTestId("watched-load-more")).not.toBeInTheDocument();
  });

  it("search waits for typing to pause, sends the filter from the first page and keeps it on Load more", async () => {
    // A full batch, so the first filtered answer is not followed on its own.
    const webs = Array.from({ length: BATCH_TARGET }, (_, i) => `acme/web-${String(i)}`);
    const { calls, user } = await openPicker({
      watched_repos: () => [],
      list_repos: (a) => {
        if (a.filter === null) return page([repo("acme/api"), repo("acme/web")], "all-2");
        return a.cursor === null ? page(webs.map((w) => repo(w)), "web-2") : page([repo("acme/webhooks")]);
      },
    });
    await screen.findByTestId("watched-load-more");
    await user.type(screen.getByTestId("watched-search"), "we");
    await waitFor(() => {
      expect(shown()).toEqual(webs);
    });
    // One request for "we" (not one per keystroke), restarting at cursor null.
    expect(commandsCalled(calls, "list_repos")).toEqual([
      { id: "id-alice", cursor: null, filter: null },
      { id: "id-alice", cursor: null, filter: "we" },
    ]);
    await user.click(screen.getByTestId("watched-load-more"));
    await waitFor(() => {
      expect(shown()).toEqual([...webs, "acme/webhooks"]);
    });
    expect(commandsCalled(calls, "list_repos").at(-1)).toEqual({ id: "id-alice", cursor: "web-2", filter: "we" });
    // Clearing the search lists everything again, from the first page.
    await user.clear(screen.getByTestId("watched-search"));
    await waitFor(() => {
      expect(shown()).toEqual(["acme/api", "acme/web"]);
    });
    expect(commandsCalled(calls, "list_repos").at(-1)).toEqual({ id: "id-alice", cursor: null, filter: null });
  });

  it("drops the answer of an older search that arrives after a newer one", async () => {
    const slow = deferred<RepoPageView>();
    const { user } = await openPicker({
      watched_repos: () => [],
      list_repos: (a) => (a.filter === null ? slow.promise : page([repo("acme/web")])),
    });
    await user.type(screen.getByTestId("watched-search"), "web{Enter}");
    await waitFor(() => {
      expect(shown()).toEqual(["acme/web"]);
    });
    slow.resolve(page([repo("acme/api")]));
    await slow.promise;
    await new Promise((r) => setTimeout(r, 20));
    expect(shown()).toEqual(["acme/web"]);
  });

  it("follows short filtered pages until the end, but asks no more than a batch's worth unprompted", async () => {
    const { calls, user } = await openPicker({
      watched_repos: () => [],
      list_repos: (a) => {
        if (a.filter === "rare") {
          if (a.cursor === null) return page([], "r2");
          if (a.cursor === "r2") return page([repo("acme/rare-one")], "r3");
          return page([]);
        }
        // Empty pages without end: n1, n2, …
        if (a.filter === "none") {
          const at = typeof a.cursor === "string" ? Number(a.cursor.slice(1)) : 0;
          return page([], `n${String(at + 1)}`);
        }
        return page([repo("acme/api")]);
      },
    });
    await user.type(screen.getByTestId("watched-search"), "rare");
    await waitFor(() => {
      expect(commandsCalled(calls, "list_repos").filter((c) => c.filter === "rare")).toEqual([
        { id: "id-alice", cursor: null, filter: "rare" },
        { id: "id-alice", cursor: "r2", filter: "rare" },
        { id: "id-alice", cursor: "r3", filter: "rare" },
      ]);
    });
    await waitFor(() => {
      expect(screen.queryByTestId("watched-loading")).not.toBeInTheDocument();
    });
    expect(shown()).toEqual(["acme/rare-one"]);
    expect(screen.queryByTestId("watched-load-more")).not.toBeInTheDocument();

    await user.clear(screen.getByTestId("watched-search"));
    await user.type(screen.getByTestId("watched-search"), "none");
    await screen.findByTestId("watched-load-more");
    expect(commandsCalled(calls, "list_repos").filter((c) => c.filter === "none")).toHaveLength(BATCH_MAX_REQUESTS);
    expect(screen.getByTestId("watched-empty")).toHaveTextContent("No repositories match “none”");
    await user.click(screen.getByTestId("watched-load-more"));
    await waitFor(() => {
      expect(commandsCalled(calls, "list_repos").filter((c) => c.filter === "none")).toHaveLength(
        2 * BATCH_MAX_REQUESTS,
      );
    });
    expect(commandsCalled(calls, "list_repos").filter((c) => c.filter === "none")[BATCH_MAX_REQUESTS]).toEqual({
      id: "id-alice",
      cursor: `n${String(BATCH_MAX_REQUESTS)}`,
      filter: "none",
    });
  });

  it("checking adds a line, unchecking removes it, typing checks, and Save sends the parsed list", async () => {
    const { calls, user, field } = await openPicker({
      watched_repos: () => ["acme/api", "# note", "manual/x"],
      list_repos: () => page([repo("acme/api"), repo("acme/web"), repo("acme/docs")]),
      set_watched_repos: (a) => a.repos,
    });
    await screen.findAllByTestId("watched-repo-option");
    expect(screen.getByTestId("watched-count")).toHaveTextContent("2 watched");
    await user.click(option("acme/web"));
    expect(field).toHaveValue("acme/api\n# note\nmanual/x\nacme/web");
    expect(option("acme/web")).toBeChecked();
    expect(screen.getByTestId("watched-count")).toHaveTextContent("3 watched");
    // Clicking the label toggles too.
    await user.click(screen.getByText("acme/api"));
    expect(field).toHaveValue("# note\nmanual/x\nacme/web");
    expect(option("acme/api")).not.toBeChecked();
    await user.type(field, "{Enter}acme/docs");
    expect(option("acme/docs")).toBeChecked();
    expect(screen.getByTestId("watched-count")).toHaveTextContent("3 watched");
    await user.click(screen.getByTestId("watched-save"));
    await waitFor(() => {
      expect(screen.queryByTestId("watched-dialog")).not.toBeInTheDocument();
    });
    expect(commandsCalled(calls, "set_watched_repos")).toEqual([
      { id: "id-alice", repos: ["manual/x", "acme/web", "acme/docs"] },
    ]);
  });

  it("shows a listing error's code and message, keeps manual entry working and retries", async () => {
    let failing = true;
    const { calls, user, field } = await openPicker({
      watched_repos: () => [],
      list_repos: () =>
        failing
          ? fail(appError("insufficient_scope", { message: "the token may not list repositories" }))
          : page([repo("acme/api")]),
      set_watched_repos: (a) => a.repos,
    });
    const error = await screen.findByTestId("watched-error");
    expect(within(error).getByTestId("watched-error-code")).toHaveTextContent("insufficient_scope");
    expect(within(error).getByTestId("watched-error-message")).toHaveTextContent("the token may not list repositories");
    expect(shown()).toEqual([]);
    expect(screen.queryByTestId("watched-empty")).not.toBeInTheDocument();

    failing = false;
    await user.click(within(error).getByTestId("watched-retry"));
    await waitFor(() => {
      expect(shown()).toEqual(["acme/api"]);
    });
    expect(screen.queryByTestId("watched-error")).not.toBeInTheDocument();

    failing = true;
    await user.type(screen.getByTestId("watched-search"), "x{Enter}");
    expect(await screen.findByTestId("watched-error-code")).toHaveTextContent("insufficient_scope");
    await user.type(field, "acme/private-one");
    expect(screen.getByTestId("watched-count")).toHaveTextContent("1 watched");
    await user.click(screen.getByTestId("watched-save"));
    await waitFor(() => {
      expect(screen.queryByTestId("watched-dialog")).not.toBeInTheDocument();
    });
    expect(commandsCalled(calls, "set_watched_repos")).toEqual([{ id: "id-alice", repos: ["acme/private-one"] }]);
  });

  it("is keyboard operable: search first, Tab to a checkbox, Space ticks it, Enter in search does not save, Escape closes", async () => {
    const { calls, user, field } = await openPicker({
      watched_repos: () => [],
      list_repos: () => page([repo("acme/api"), repo("acme/web")]),
    });
    await screen.findAllByTestId("watched-repo-option");
    const search = screen.getByTestId("watched-search");
    expect(search).toHaveFocus();
    expect(search).toHaveAccessibleName(/Search Work GitHub.s repositories/);
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("watched-dialog")).toBeInTheDocument();
    expect(commandsCalled(calls, "set_watched_repos")).toEqual([]);
    await user.tab();
    expect(option("acme/api")).toHaveFocus();
    await user.keyboard(" ");
    expect(field).toHaveValue("acme/api");
    await user.tab();
    expect(option("acme/web")).toHaveFocus();
    await user.tab();
    expect(field).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("watched-dialog")).not.toBeInTheDocument();
    expect(commandsCalled(calls, "set_watched_repos")).toEqual([]);
  });
});
