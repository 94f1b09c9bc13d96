// Watched repositories: the per-account dialog loads the list, parses one owner/name per line and saves it.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ProviderAccounts } from "../pages/ProviderAccounts";
import { account, commandsCalled, mockBackend } from "../test/fixtures";
import { badRepos, parseRepos } from "./WatchedDialog";

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
