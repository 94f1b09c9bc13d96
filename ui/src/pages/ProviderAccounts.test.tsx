// Settings > Provider Accounts: storage line, account rows (badges, status words) and per-row actions.
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Account } from "../api";
import {
  VAULT,
  account,
  accountSync,
  appError,
  commandsCalled,
  emitAccountsChanged,
  emptyDashboard,
  fail,
  failedReport,
  inDays,
  mockBackend,
  mockBackendSlowListen,
  okReport,
} from "../test/fixtures";
import { ProviderAccounts } from "./ProviderAccounts";

const ALICE = account({ id: "id-alice", name: "Work GitHub" });
const BOB = account({
  id: "id-bob",
  provider: "gitlab",
  name: "Self-hosted GitLab",
  baseUrl: "https://gitlab.example",
  tokenHint: "glpat-…wxyz",
  login: "bob",
  displayName: null,
  avatar: null,
  scopes: ["read_api"],
  expiresAt: inDays(5),
});

function row(name: string): HTMLElement {
  const found = within(screen.getByTestId("account-list"))
    .getAllByTestId("account-row")
    .find((r) => r.dataset.accountName === name);
  if (!found) throw new Error(`no row named ${name}`);
  return found;
}

describe("Provider Accounts: storage line and empty state", () => {
  it("shows the empty card and the storage line from vault_status", async () => {
    const calls = mockBackend();
    render(<ProviderAccounts focusTitle={false} />);
    expect(screen.getByTestId("page-title")).toHaveTextContent(/^Provider Accounts$/);
    expect(await screen.findByText("No provider accounts yet")).toBeInTheDocument();
    expect(screen.getByText(/validates the token against the forge/)).toBeInTheDocument();
    expect(await screen.findByTestId("storage-line")).toHaveTextContent(
      /^Tokens are encrypted with a key kept in Secret Service \(GNOME Keyring \/ KWallet\)$/,
    );
    expect(screen.queryByTestId("weaker-mode-warning")).not.toBeInTheDocument();
    expect(screen.getByTestId("accounts-add")).toHaveTextContent("Add Account");
    expect(commandsCalled(calls, "vault_status")).toHaveLength(1);
  });

  it("warns clearly in weaker mode", async () => {
    mockBackend({ vault_status: () => ({ ...VAULT, backend: "a key file", source: "file", weakerMode: true }) });
    render(<ProviderAccounts focusTitle={false} />);
    expect(await screen.findByTestId("weaker-mode-warning")).toHaveTextContent(/Weaker mode/);
    expect(screen.getByTestId("storage-line")).toHaveTextContent("a key file");
  });

  it("explains a missing keyring", async () => {
    mockBackend({
      vault_status: () => fail(appError("keyring_unavailable", { message: "no Secret Service on the session bus" })),
    });
    render(<ProviderAccounts focusTitle={false} />);
    const box = await screen.findByTestId("keyring-unavailable");
    expect(box).toHaveTextContent(/gnome-keyring or KWallet/);
    expect(box).toHaveTextContent("no Secret Service on the session bus");
    expect(screen.queryByTestId("storage-line")).not.toBeInTheDocument();
  });

  it("raises no key alarm on a first run (no key, no account)", async () => {
    mockBackend({ vault_status: () => ({ ...VAULT, keyState: "not_created", accounts: 0 }) });
    render(<ProviderAccounts focusTitle={false} />);
    expect(await screen.findByTestId("key-not-created")).toHaveTextContent(/created with your first account/);
    expect(screen.queryByTestId("key-state-warning")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("raises the key alarm when accounts exist and their key is gone", async () => {
    mockBackend({
      list_accounts: () => [ALICE, BOB],
      vault_status: () => ({ ...VAULT, keyState: "missing", accounts: 2, tokensToReenter: 2 }),
    });
    render(<ProviderAccounts focusTitle={false} />);
    const alarm = await screen.findByTestId("key-state-warning");
    expect(alarm).toHaveTextContent(/missing although 2 accounts exist/);
    expect(screen.getByTestId("tokens-to-reenter")).toHaveTextContent("2 accounts need their tokens re-entered");
  });

  it("without a keyring offers the key file only after the consequence is confirmed", async () => {
    const user = userEvent.setup();
    let chosen = false;
    const calls = mockBackend({
      vault_status: () =>
        chosen
          ? { ...VAULT, backend: "key file /d/data-key (WEAKER)", source: "file", weakerMode: true }
          : { ...VAULT, keyState: "unavailable", detail: "no Secret Service on the session bus" },
      use_key_file: () => {
        chosen = true;
        return { ...VAULT, source: "file", weakerMode: true };
      },
    });
    render(<ProviderAccounts focusTitle={false} />);
    expect(await screen.findByTestId("keyring-unavailable")).toHaveTextContent("no Secret Service on the session bus");
    expect(screen.getByTestId("key-file-consequence")).toHaveTextContent(/can decrypt every saved token/);
    const button = screen.getByTestId("use-key-file");
    expect(button).toBeDisabled();
    await user.click(screen.getByTestId("key-file-understood"));
    expect(button).toBeEnabled();
    await user.click(button);
    expect(await screen.findByTestId("weaker-mode-warning")).toBeInTheDocument();
    expect(commandsCalled(calls, "use_key_file")).toHaveLength(1);
    expect(screen.queryByTestId("keyring-unavailable")).not.toBeInTheDocument();
  });

  it("shows the coded error when listing fails", async () => {
    mockBackend({
      list_accounts: () => fail(appError("db_busy", { message: "database is locked" })),
    });
    render(<ProviderAccounts focusTitle={false} />);
    expect(await screen.findByTestId("error-code")).toHaveTextContent(/^db_busy$/);
  });
});

describe("Provider Accounts: the list", () => {
  it("renders each account's facts", async () => {
    mockBackend({ list_accounts: () => [ALICE, BOB] });
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    expect(screen.queryByText("No provider accounts yet")).not.toBeInTheDocument();

    const alice = row("Work GitHub");
    expect(within(alice).getByTestId("account-name")).toHaveTextContent("Work GitHub");
    expect(within(alice).getByTestId("account-login")).toHaveTextContent("alice (Alice Example)");
    expect(within(alice).getByAltText("Avatar of alice")).toHaveAttribute(
      "src",
      "data:image/png;base64,iVBORw0KGgo=",
    );
    expect(within(alice).getByTestId("account-hint")).toHaveTextContent("ghp_…3456");
    expect(within(alice).getByTestId("account-kind")).toHaveTextContent("Classic personal access token");
    expect(within(alice).getByTestId("account-scopes")).toHaveTextContent("repo, read:user, read:org");
    expect(within(alice).getByTestId("account-expiry")).toHaveTextContent("no expiry");
    expect(within(alice).getByTestId("account-status")).toHaveTextContent(/^Verified$/);
    expect(within(alice).getByTestId("account-status")).toHaveAttribute("data-status", "verified");
    expect(within(alice).getByTestId("account-validated")).toHaveTextContent("validated 3 min ago");
    expect(within(alice).getByTestId("account-provider")).toHaveAttribute("data-provider", "github");

    const bob = row("Self-hosted GitLab");
    // No cached avatar: the login's initials, never a remote image.
    expect(within(bob).getByRole("img", { name: "Avatar of bob" })).toHaveTextContent(/^B$/);
    expect(within(bob).queryByTestId("avatar-image")).not.toBeInTheDocument();
    expect(within(bob).getByTestId("account-login")).toHaveTextContent("bob");
    expect(within(bob).getByTestId("account-kind")).toHaveTextContent("GitLab personal access token");
  });

  it("uses tokenKind from Rust when present", async () => {
    mockBackend({ list_accounts: () => [account({ tokenKind: "github_fine_grained" })] });
    render(<ProviderAccounts focusTitle={false} />);
    expect(await screen.findByTestId("account-kind")).toHaveTextContent(
      "Fine-grained personal access token",
    );
  });

  it("colours the expiry badge: amber under 14 days, red when expired, plain otherwise", async () => {
    mockBackend({
      list_accounts: () => [
        account({ id: "a", name: "soon", expiresAt: inDays(5) }),
        account({ id: "b", name: "gone", expiresAt: inDays(-3) }),
        account({ id: "c", name: "later", expiresAt: inDays(60) }),
      ],
    });
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    const soon = within(row("soon")).getByTestId("account-expiry");
    expect(soon).toHaveTextContent("expires in 5 days");
    expect(soon).toHaveAttribute("data-level", "warn");
    expect(soon).toHaveClass("badge-warn");
    const gone = within(row("gone")).getByTestId("account-expiry");
    expect(gone).toHaveTextContent("expired 3 days ago");
    expect(gone).toHaveAttribute("data-level", "expired");
    expect(gone).toHaveClass("badge-bad");
    expect(within(row("later")).getByTestId("account-expiry")).toHaveAttribute("data-level", "ok");
  });

  it("words every status", async () => {
    mockBackend({
      list_accounts: () => [
        account({ id: "a", name: "nv", status: "not_verified", login: null, lastValidatedAt: null }),
        account({ id: "b", name: "f", status: "failed", statusDetail: "token_expired" }),
        account({ id: "c", name: "r", status: "token_must_be_reentered" }),
      ],
    });
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    expect(within(row("nv")).getByTestId("account-status")).toHaveTextContent(
      "Not verified — will be tested when the forge is reachable",
    );
    expect(within(row("nv")).getByTestId("account-validated")).toHaveTextContent("never validated");
    expect(within(row("f")).getByTestId("account-status")).toHaveTextContent("Failed: Token expired");
    expect(within(row("f")).getByTestId("account-status")).toHaveAttribute("data-status", "failed");
    expect(within(row("r")).getByTestId("account-status")).toHaveTextContent("Token must be re-entered");
  });

  it("looks disabled when the account is disabled", async () => {
    mockBackend({ list_accounts: () => [account({ enabled: false })] });
    render(<ProviderAccounts focusTitle={false} />);
    const r = await screen.findByTestId("account-row");
    expect(r).toHaveClass("disabled");
    expect(within(r).getByTestId("account-toggle-enabled")).toHaveTextContent("Enable");
    expect(within(r).getByTestId("account-toggle-enabled")).toHaveAccessibleName("Enable Work GitHub");
  });

  it("reloads when Rust emits accountsChanged", async () => {
    let list: Account[] = [account({ status: "not_verified" })];
    const calls = mockBackend({ list_accounts: () => list });
    render(<ProviderAccounts focusTitle={false} />);
    expect(await screen.findByTestId("account-status")).toHaveAttribute("data-status", "not_verified");
    list = [account({ status: "verified" })];
    await emitAccountsChanged();
    await waitFor(() => {
      expect(screen.getByTestId("account-status")).toHaveAttribute("data-status", "verified");
    });
    expect(commandsCalled(calls, "list_accounts").length).toBeGreaterThanOrEqual(2);
  });
});

describe("Provider Accounts: API budgets", () => {
  it("shows each account's budget from the last sync (the dashboard chips only low ones)", async () => {
    mockBackend({
      list_accounts: () => [ALICE, BOB],
      dashboard: () =>
        emptyDashboard([{ ...accountSync(ALICE), rateRemaining: 4321, rateLimit: 5000 }, accountSync(BOB)]),
    });
    render(<ProviderAccounts focusTitle={false} />);
    await waitFor(() => {
      expect(within(row("Work GitHub")).getByTestId("account-budget")).toHaveTextContent(
        /^4,321 of 5,000 API requests left$/,
      );
    });
    expect(within(row("Self-hosted GitLab")).getByTestId("account-budget")).toHaveTextContent(
      /^API budget not reported$/,
    );
  });
});

describe("Provider Accounts: events sent before the page listened", () => {
  it("shows an account verified in the background before the accountsChanged listener was attached", async () => {
    let list = [account({ status: "not_verified" })];
    const { attach } = mockBackendSlowListen({ list_accounts: () => list });
    render(<ProviderAccounts focusTitle={false} />);
    list = [account({ status: "verified" })];
    await act(() => emitAccountsChanged());
    await act(async () => {
      attach();
      await Promise.resolve();
    });
    await waitFor(() => {
      expect(screen.getByTestId("account-status")).toHaveAttribute("data-status", "verified");
    });
  });
});

describe("Provider Accounts: row actions", () => {
  it("Test again shows a spinner, then the result, with the row's id", async () => {
    let answer: (r: unknown) => void = () => undefined;
    const calls = mockBackend({
      list_accounts: () => [ALICE, BOB],
      retest_account: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    const bob = row("Self-hosted GitLab");
    const button = within(bob).getByTestId("account-retest");
    expect(button).toHaveAccessibleName("Test again: Self-hosted GitLab");
    await user.click(button);
    expect(within(bob).getByTestId("account-retest-spinner")).toBeInTheDocument();
    expect(commandsCalled(calls, "retest_account")).toEqual([{ id: "id-bob" }]);
    const before = commandsCalled(calls, "list_accounts").length;
    answer({ account: BOB, report: failedReport("invalid_token", { message: "401 Unauthorized" }) });
    expect(await within(bob).findByTestId("account-retest-result")).toHaveTextContent(
      "Invalid token: 401 Unauthorized",
    );
    expect(within(bob).queryByTestId("account-retest-spinner")).not.toBeInTheDocument();
    await waitFor(() => {
      expect(commandsCalled(calls, "list_accounts").length).toBeGreaterThan(before);
    });
  });

  it("Test again reports success", async () => {
    mockBackend({ list_accounts: () => [ALICE], retest_account: () => ({ account: ALICE, report: okReport() }) });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await user.click(await screen.findByTestId("account-retest"));
    expect(await screen.findByTestId("account-retest-result")).toHaveTextContent("Connection OK");
  });

  it("Rename opens a dialog and renames the right account", async () => {
    const calls = mockBackend({ list_accounts: () => [ALICE, BOB], rename_account: () => BOB });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    const opener = within(row("Self-hosted GitLab")).getByTestId("account-rename");
    await user.click(opener);
    const field = screen.getByTestId("field-rename");
    expect(field).toHaveValue("Self-hosted GitLab");
    expect(field).toHaveFocus();
    await user.clear(field);
    await user.type(field, "GitLab at work");
    await user.click(screen.getByTestId("rename-save"));
    await waitFor(() => {
      expect(screen.queryByTestId("rename-dialog")).not.toBeInTheDocument();
    });
    expect(commandsCalled(calls, "rename_account")).toEqual([{ id: "id-bob", name: "GitLab at work" }]);
    expect(opener).toHaveFocus();
  });

  it("Rename shows a duplicate name in the dialog", async () => {
    mockBackend({
      list_accounts: () => [ALICE],
      rename_account: () => fail(appError("duplicate_name", { message: "name taken" })),
    });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await user.click(await screen.findByTestId("account-rename"));
    await user.type(screen.getByTestId("field-rename"), "2{Enter}");
    expect(await screen.findByTestId("dialog-error")).toHaveAttribute("data-code", "duplicate_name");
    expect(screen.getByTestId("rename-dialog")).toBeInTheDocument();
  });

  it("Replace token validates first and offers saving untested when unreachable", async () => {
    const calls = mockBackend({
      list_accounts: () => [ALICE, BOB],
      replace_token: (a) => {
        if (a.validate) fail(appError("unreachable", {
            diagnosis: failedReport("unreachable", { kind: "network", url: "https://gitlab.example" }).diagnosis,
          }));
        return BOB;
      },
    });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    await user.click(within(row("Self-hosted GitLab")).getByTestId("account-replace-token"));
    const field = screen.getByTestId("field-new-token");
    expect(field).toHaveAttribute("type", "password");
    expect(field).toHaveFocus();
    expect(screen.queryByTestId("replace-save-unverified")).not.toBeInTheDocument();
    await user.type(field, "glpat-new");
    await user.click(screen.getByTestId("replace-save"));
    expect(await screen.findByTestId("dialog-error")).toHaveTextContent("Cannot reach https://gitlab.example");
    await user.click(screen.getByTestId("replace-save-unverified"));
    await waitFor(() => {
      expect(screen.queryByTestId("replace-token-dialog")).not.toBeInTheDocument();
    });
    expect(commandsCalled(calls, "replace_token")).toEqual([
      { id: "id-bob", token: "glpat-new", validate: true },
      { id: "id-bob", token: "glpat-new", validate: false },
    ]);
    expect(document.body.innerHTML).not.toContain("glpat-new");
  });

  it("Disable / Enable calls setAccountEnabled with the row's id and the new state", async () => {
    const calls = mockBackend({ list_accounts: () => [ALICE, BOB], set_account_enabled: () => BOB });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    await user.click(within(row("Self-hosted GitLab")).getByTestId("account-toggle-enabled"));
    await waitFor(() => {
      expect(commandsCalled(calls, "set_account_enabled")).toEqual([{ id: "id-bob", enabled: false }]);
    });
  });

  it("Remove asks first, Cancel keeps the account, Confirm removes it", async () => {
    let list = [ALICE, BOB];
    const calls = mockBackend({
      list_accounts: () => list,
      remove_account: () => {
        list = [ALICE];
        return null;
      },
    });
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await screen.findByTestId("account-list");
    await user.click(within(row("Work GitHub")).getByTestId("account-remove"));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("remove-dialog")).not.toBeInTheDocument();
    expect(commandsCalled(calls, "remove_account")).toEqual([]);

    await user.click(within(row("Self-hosted GitLab")).getByTestId("account-remove"));
    expect(screen.getByTestId("remove-dialog")).toHaveTextContent("Remove Self-hosted GitLab?");
    await user.click(screen.getByTestId("confirm-remove"));
    await waitFor(() => {
      expect(screen.getAllByTestId("account-row")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "remove_account")).toEqual([{ id: "id-bob" }]);
    expect(screen.getByTestId("accounts-add")).toHaveFocus();
  });

  it("every row action is a labelled, keyboard-reachable button", async () => {
    mockBackend({ list_accounts: () => [ALICE] });
    render(<ProviderAccounts focusTitle={false} />);
    const r = await screen.findByTestId("account-row");
    const names = within(r)
      .getAllByRole("button")
      .map((b) => b.getAttribute("aria-label"));
    expect(names).toEqual([
      "Test again: Work GitHub",
      "Rename Work GitHub",
      "Replace token of Work GitHub",
      "Watched repositories of Work GitHub",
      "Disable Work GitHub",
      "Remove Work GitHub",
    ]);
  });
});
