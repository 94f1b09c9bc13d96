// The Add Account form: fields per provider, shape warnings, Test Connection, diagnoses, Save paths, keyboard.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ProviderAccounts } from "../pages/ProviderAccounts";
import {
  account,
  appError,
  commandsCalled,
  fail,
  failedReport,
  mockBackend,
  okReport,
  validation,
} from "../test/fixtures";

type User = ReturnType<typeof userEvent.setup>;

async function openForm(provider: "github" | "gitlab" | "bitbucket" | "gitea") {
  const user = userEvent.setup();
  render(<ProviderAccounts focusTitle={false} />);
  await user.click(await screen.findByTestId("accounts-add"));
  await user.click(screen.getByTestId(`provider-${provider}`));
  return user;
}

async function fill(user: User, name: string, token: string) {
  await user.type(screen.getByTestId("field-name"), name);
  await user.type(screen.getByTestId("field-token"), token);
}

describe("Add Account: provider and fields", () => {
  it("opens as a modal dialog on the provider choice, labelled as in the guide", async () => {
    mockBackend();
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await user.click(await screen.findByTestId("accounts-add"));
    const dialog = screen.getByTestId("add-account-dialog");
    expect(dialog).toHaveAttribute("role", "dialog");
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(screen.getByTestId("provider-github")).toHaveTextContent("GitHub");
    expect(screen.getByTestId("provider-gitlab")).toHaveTextContent("GitLab");
    expect(screen.getByTestId("provider-bitbucket")).toHaveTextContent("Bitbucket");
    expect(screen.getByTestId("provider-gitea")).toHaveTextContent("Gitea / Forgejo");
    expect(screen.getByTestId("provider-github")).toHaveFocus();
  });

  it("GitHub: Account Name and Personal Access Token; Base URL only under Advanced", async () => {
    mockBackend();
    const user = await openForm("github");
    expect(screen.getByLabelText("Account Name")).toHaveAttribute("placeholder", "My GitHub");
    expect(screen.getByLabelText("Account Name")).toHaveFocus();
    const token = screen.getByLabelText(/^Personal Access Token/);
    expect(token).toHaveAttribute("type", "password");
    expect(token).toHaveAttribute("autocomplete", "off");
    expect(token).toHaveAttribute("spellcheck", "false");
    expect(screen.queryByTestId("field-base-url")).not.toBeInTheDocument();
    expect(screen.queryByTestId("app-password-notice")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("toggle-advanced"));
    expect(screen.getByLabelText("Base URL")).toHaveValue("");
    expect(screen.getByText(/Leave empty for github\.com/)).toHaveTextContent(
      "Leave empty for github.com; enter https://github.example.com for Enterprise Server or https://SUBDOMAIN.ghe.com",
    );
  });

  it("shows and hides the token on request", async () => {
    mockBackend();
    const user = await openForm("github");
    await user.click(screen.getByTestId("field-token-visibility"));
    expect(screen.getByTestId("field-token")).toHaveAttribute("type", "text");
    await user.click(screen.getByTestId("field-token-visibility"));
    expect(screen.getByTestId("field-token")).toHaveAttribute("type", "password");
  });

  it("GitLab: Base URL prefilled with https://gitlab.com and the guide's hint", async () => {
    mockBackend();
    await openForm("gitlab");
    expect(screen.getByLabelText("Base URL")).toHaveValue("https://gitlab.com");
    expect(
      screen.getByText("Leave default for GitLab.com, or enter your self-hosted URL"),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Account Name")).toHaveAttribute("placeholder", "My GitLab");
    expect(screen.queryByTestId("field-username")).not.toBeInTheDocument();
  });

  it("Bitbucket: Username (Atlassian email), API token and the app-password notice", async () => {
    mockBackend();
    await openForm("bitbucket");
    expect(screen.getByLabelText("Username")).toBeInTheDocument();
    expect(
      screen.getByText(
        "Your Atlassian account email for API tokens (your Bitbucket username only worked with app passwords)",
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/^API token/)).toHaveAttribute("type", "password");
    const notice = screen.getByTestId("app-password-notice");
    expect(notice).toHaveTextContent("28 July 2026");
    expect(notice).toHaveTextContent(/API token with scopes/);
    expect(notice).toHaveTextContent(/Atlassian account email/);
    expect(notice).toHaveTextContent(/ATCTT/);
  });

  it("Gitea / Forgejo: Access Token and a required Base URL", async () => {
    mockBackend();
    await openForm("gitea");
    expect(screen.getByLabelText(/^Access Token/)).toBeInTheDocument();
    expect(screen.getByTestId("field-base-url")).toBeRequired();
    expect(screen.getByTestId("field-base-url")).toHaveAttribute("placeholder", "https://codeberg.org");
  });

  it("switching provider changes the fields", async () => {
    mockBackend();
    const user = await openForm("bitbucket");
    expect(screen.getByTestId("field-username")).toBeInTheDocument();
    await user.click(screen.getByTestId("provider-back"));
    await user.click(screen.getByTestId("provider-gitlab"));
    expect(screen.queryByTestId("field-username")).not.toBeInTheDocument();
    expect(screen.getByTestId("field-base-url")).toHaveValue("https://gitlab.com");
  });

  it("lists the recommended scopes and opens the token page in the browser", async () => {
    const calls = mockBackend({ token_page: () => "https://github.com/settings/tokens/new?scopes=repo" });
    const user = await openForm("github");
    const items = await screen.findAllByTestId("scope-item");
    expect(items.map((i) => i.dataset.scope)).toEqual(["repo", "read:user", "read:org"]);
    expect(items.every((i) => i.dataset.state === "recommended")).toBe(true);

    await user.click(screen.getByTestId("create-token-link"));
    await waitFor(() => {
      expect(commandsCalled(calls, "plugin:opener|open_url")[0]).toMatchObject({
        url: "https://github.com/settings/tokens/new?scopes=repo",
      });
    });
    expect(commandsCalled(calls, "token_page")).toEqual([{ provider: "github", baseUrl: null }]);
  });
});

describe("Add Account: shape warnings", () => {
  it("shows checkTokenShape's warnings while typing", async () => {
    const calls = mockBackend({
      check_token_shape: (a) =>
        (a.token as string).startsWith("glpat-")
          ? [{ code: "wrong_provider", message: "This looks like a GitLab token" }]
          : [],
    });
    const user = await openForm("github");
    await user.type(screen.getByTestId("field-token"), "glpat-abc");
    const warning = await screen.findByTestId("shape-warning");
    expect(warning).toHaveTextContent("This looks like a GitLab token");
    expect(warning).toHaveAttribute("data-code", "wrong_provider");
    expect(commandsCalled(calls, "check_token_shape").at(-1)).toEqual({
      provider: "github",
      token: "glpat-abc",
      username: null,
    });

    await user.clear(screen.getByTestId("field-token"));
    await waitFor(() => {
      expect(screen.queryByTestId("shape-warning")).not.toBeInTheDocument();
    });
  });

  it("passes the Bitbucket username to the shape check", async () => {
    const calls = mockBackend({
      check_token_shape: (a) =>
        a.username === null ? [{ code: "needs_email", message: "Enter your Atlassian email" }] : [],
    });
    const user = await openForm("bitbucket");
    await user.type(screen.getByTestId("field-token"), "ATATT123");
    expect(await screen.findByTestId("shape-warning")).toHaveAttribute("data-code", "needs_email");
    await user.type(screen.getByTestId("field-username"), "me@example.com");
    await waitFor(() => {
      expect(screen.queryByTestId("shape-warning")).not.toBeInTheDocument();
    });
    expect(commandsCalled(calls, "check_token_shape").at(-1)).toMatchObject({
      provider: "bitbucket",
      username: "me@example.com",
    });
  });
});

describe("Add Account: Test Connection", () => {
  it("shows a spinner, then the identity, kind, expiry and a granted/missing checklist", async () => {
    let answer: (r: unknown) => void = () => undefined;
    const calls = mockBackend({
      test_connection: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    });
    const user = await openForm("github");
    await fill(user, "Work", "ghp_x");
    await user.click(screen.getByTestId("test-connection"));
    expect(screen.getByTestId("test-spinner")).toBeInTheDocument();
    expect(screen.getByTestId("test-connection")).toBeDisabled();

    answer(okReport(validation({ missingWrite: [] })));
    const card = await screen.findByTestId("test-result");
    expect(card).toHaveAttribute("data-ok", "true");
    expect(card).toHaveFocus();
    expect(screen.queryByTestId("test-spinner")).not.toBeInTheDocument();
    expect(screen.getByTestId("result-login")).toHaveTextContent("alice (Alice Example)");
    expect(screen.getByTestId("result-kind")).toHaveTextContent("Classic personal access token");
    expect(screen.getByTestId("result-expiry")).toHaveTextContent("expires in 12 days");
    expect(within(card).getByRole("img")).toHaveAttribute("alt", "Avatar of alice");

    const states: Record<string, string | undefined> = {};
    for (const item of screen.getAllByTestId("scope-item")) {
      states[item.dataset.scope ?? ""] = item.dataset.state;
    }
    expect(states).toEqual({ repo: "granted", "read:user": "granted", "read:org": "missing" });
    expect(commandsCalled(calls, "test_connection")).toEqual([
      { input: { provider: "github", name: "Work", baseUrl: null, username: null, token: "ghp_x" } },
    ]);
    expect(commandsCalled(calls, "add_account")).toEqual([]);
  });

  it("says scopes are not reported for fine-grained tokens, and notes missing write scopes", async () => {
    mockBackend({
      test_connection: () =>
        okReport(
          validation({
            tokenKind: "github_fine_grained",
            scopes: null,
            expiresAt: null,
            missingWrite: ["pull_requests:write"],
            checklist: [
              { feature: "read_pull_requests", required: true, anyOf: ["repo"], granted: null },
            ],
          }),
        ),
    });
    const user = await openForm("github");
    await fill(user, "FG", "github_pat_x");
    await user.click(screen.getByTestId("test-connection"));
    expect(await screen.findByTestId("result-scopes")).toHaveTextContent("scopes not reported");
    expect(screen.getByTestId("result-kind")).toHaveTextContent("Fine-grained personal access token");
    expect(screen.getByTestId("result-expiry")).toHaveTextContent("no expiry");
    expect(screen.getByTestId("result-write-note")).toHaveTextContent(
      "Read-only: add pull_requests:write for approve/merge",
    );
    expect(screen.getByTestId("result-settings-link")).toHaveAttribute(
      "href",
      "https://github.com/settings/tokens",
    );
    expect(screen.getAllByTestId("scope-item")[0]).toHaveAttribute("data-state", "unknown");
  });

  it("sends the GitLab base URL and the Bitbucket username", async () => {
    const calls = mockBackend({ test_connection: () => okReport() });
    const user = await openForm("bitbucket");
    await user.type(screen.getByTestId("field-name"), "BB");
    await user.type(screen.getByTestId("field-username"), "me@example.com");
    await user.type(screen.getByTestId("field-token"), "ATATT1");
    await user.click(screen.getByTestId("test-connection"));
    await screen.findByTestId("test-result");
    expect(commandsCalled(calls, "test_connection")[0]).toEqual({
      input: { provider: "bitbucket", name: "BB", baseUrl: null, username: "me@example.com", token: "ATATT1" },
    });
  });
});

describe("Add Account: diagnoses in the guide's words", () => {
  const cases: [string, Parameters<typeof failedReport>[1], (RegExp | string)[]][] = [
    [
      "invalid_token",
      {},
      [
        "Invalid token",
        "Verify you copied the entire token (no truncation)",
        "Check for extra whitespace when pasting",
        "Ensure the token hasn't expired",
        "Confirm the token has the required scopes",
      ],
    ],
    [
      "insufficient_scope",
      { missingScopes: ["read:org"], link: "https://github.com/settings/tokens" },
      ["Insufficient permissions", "read:org", "For GitHub: Ensure repo scope is enabled"],
    ],
    ["token_expired", {}, ["Token expired", "Create a new token (tokens can't be renewed) and update the account"]],
    ["sso_required", { link: "https://github.com/orgs/acme/sso" }, ["SSO authorization required"]],
    ["rate_limited", { message: "rate limit resets at 10:42" }, ["Rate limited", "resets at 10:42"]],
    ["not_a_forge", { url: "https://intranet.example", kind: "input" }, ["This is not a GitHub API at https://intranet.example"]],
    ["unreachable", { url: "https://ghe.example", kind: "network" }, ["Cannot reach https://ghe.example"]],
  ];

  it.each(cases)("%s", async (code, extra, texts) => {
    mockBackend({ test_connection: () => failedReport(code, extra) });
    const user = await openForm("github");
    await fill(user, "X", "ghp_x");
    await user.click(screen.getByTestId("test-connection"));
    const diagnosis = await screen.findByTestId("diagnosis");
    expect(diagnosis).toHaveAttribute("data-code", code);
    expect(screen.getByTestId("test-result")).toHaveAttribute("data-ok", "false");
    for (const text of texts) expect(diagnosis).toHaveTextContent(text);
    expect(screen.getByTestId("diagnosis-message")).toHaveTextContent(extra?.message ?? `forge said ${code}`);
    if (extra?.link) expect(screen.getByTestId("diagnosis-link")).toHaveAttribute("href", extra.link);
    expect(diagnosis.textContent).not.toMatch(/[{}]|at .*\.rs:/);
  });

  it("uses each provider's permission hint", async () => {
    mockBackend({ test_connection: () => failedReport("insufficient_scope", { missingScopes: ["read_api"] }) });
    const user = await openForm("gitlab");
    await fill(user, "X", "glpat-x");
    await user.click(screen.getByTestId("test-connection"));
    expect(await screen.findByTestId("diagnosis")).toHaveTextContent(
      "For GitLab: Ensure api or read_api scope is enabled",
    );
  });

  it("explains that Bitbucket app passwords were removed", async () => {
    mockBackend({ test_connection: () => failedReport("bitbucket_app_password_removed") });
    const user = await openForm("bitbucket");
    await fill(user, "X", "ATBBx");
    await user.click(screen.getByTestId("test-connection"));
    const diagnosis = await screen.findByTestId("diagnosis");
    expect(diagnosis).toHaveTextContent("app passwords no longer work");
    expect(diagnosis).toHaveTextContent("API token");
  });

  it("shows a coded command error (not a report) as a diagnosis too", async () => {
    mockBackend({
      test_connection: () => fail(appError("invalid_input", { field: "base_url", message: "base URL must be https" })),
    });
    const user = await openForm("gitea");
    await fill(user, "X", "abc");
    await user.click(screen.getByTestId("test-connection"));
    expect(await screen.findByTestId("diagnosis")).toHaveAttribute("data-code", "invalid_input");
    expect(screen.getByTestId("field-error")).toHaveTextContent("base URL must be https");
    expect(screen.getByTestId("field-base-url")).toHaveAttribute("aria-invalid", "true");
  });
});

describe("Add Account: Save", () => {
  it("saves validated, closes the dialog and shows the new row", async () => {
    let saved = false;
    const calls = mockBackend({
      list_accounts: () => (saved ? [account({ name: "Work" })] : []),
      add_account: () => {
        saved = true;
        return account({ name: "Work" });
      },
    });
    const user = await openForm("github");
    await fill(user, "Work", "ghp_secret_value");
    await user.click(screen.getByTestId("save-account"));
    await waitFor(() => {
      expect(screen.queryByTestId("add-account-dialog")).not.toBeInTheDocument();
    });
    expect(await screen.findByTestId("account-row")).toHaveAttribute("data-account-name", "Work");
    expect(commandsCalled(calls, "add_account")).toEqual([
      {
        input: { provider: "github", name: "Work", baseUrl: null, username: null, token: "ghp_secret_value" },
        validate: true,
      },
    ]);
    expect(document.body.innerHTML).not.toContain("ghp_secret_value");
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
    expect(screen.getByTestId("accounts-add")).toHaveFocus();
  });

  it("Enter in the form saves", async () => {
    const calls = mockBackend({ add_account: () => account() });
    const user = await openForm("github");
    await fill(user, "Work", "ghp_x{Enter}");
    await waitFor(() => {
      expect(commandsCalled(calls, "add_account")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "test_connection")).toHaveLength(0);
  });

  it("keeps the token out of the DOM while typing", async () => {
    mockBackend();
    const user = await openForm("github");
    await user.type(screen.getByTestId("field-token"), "ghp_never_in_dom");
    expect(document.body.innerHTML).not.toContain("ghp_never_in_dom");
  });

  it("offers Save without testing when the forge is unreachable, and saves with validate=false", async () => {
    const calls = mockBackend({
      test_connection: () => failedReport("unreachable", { kind: "network", url: "https://ghe.example" }),
      add_account: () => account({ status: "not_verified" }),
    });
    const user = await openForm("github");
    expect(screen.queryByTestId("save-unverified")).not.toBeInTheDocument();
    await fill(user, "GHE", "ghp_x");
    await user.click(screen.getByTestId("toggle-advanced"));
    await user.type(screen.getByTestId("field-base-url"), "https://ghe.example");
    await user.click(screen.getByTestId("test-connection"));
    await user.click(await screen.findByTestId("save-unverified"));
    await waitFor(() => {
      expect(commandsCalled(calls, "add_account")).toEqual([
        {
          input: { provider: "github", name: "GHE", baseUrl: "https://ghe.example", username: null, token: "ghp_x" },
          validate: false,
        },
      ]);
    });
  });

  it("offers Save without testing when Save itself finds the forge unreachable", async () => {
    const calls = mockBackend({
      add_account: (a) => {
        if (a.validate) fail(appError("unreachable", { message: "connection refused" }));
        return account();
      },
    });
    const user = await openForm("gitlab");
    await fill(user, "GL", "glpat-x");
    await user.click(screen.getByTestId("save-account"));
    expect(await screen.findByTestId("dialog-error")).toHaveAttribute("data-code", "unreachable");
    await user.click(screen.getByTestId("save-unverified"));
    await waitFor(() => {
      expect(commandsCalled(calls, "add_account").map((a) => a.validate)).toEqual([true, false]);
    });
  });

  it("shows a refused save in the dialog", async () => {
    mockBackend({
      add_account: () => fail(appError("invalid_token", {
          diagnosis: failedReport("invalid_token").diagnosis,
        })),
    });
    const user = await openForm("github");
    await fill(user, "Work", "ghp_bad");
    await user.click(screen.getByTestId("save-account"));
    const error = await screen.findByTestId("dialog-error");
    expect(error).toHaveAttribute("data-code", "invalid_token");
    expect(error).toHaveTextContent("Invalid token");
    expect(screen.getByTestId("add-account-dialog")).toBeInTheDocument();
    expect(screen.queryByTestId("save-unverified")).not.toBeInTheDocument();
  });

  it("offers to replace the token of the existing account on duplicate_account", async () => {
    const existing = account({ id: "existing-id", name: "Personal GitHub" });
    const calls = mockBackend({
      list_accounts: () => [existing],
      add_account: () => fail(appError("duplicate_account", { existingAccountId: "existing-id" })),
      replace_token: () => existing,
    });
    const user = await openForm("github");
    await fill(user, "Again", "ghp_new");
    await user.click(screen.getByTestId("save-account"));
    const replace = await screen.findByTestId("replace-existing");
    expect(replace).toHaveTextContent("Replace token of Personal GitHub");
    await user.click(replace);
    await waitFor(() => {
      expect(screen.queryByTestId("add-account-dialog")).not.toBeInTheDocument();
    });
    expect(commandsCalled(calls, "replace_token")).toEqual([
      { id: "existing-id", token: "ghp_new", validate: true },
    ]);
  });

  it("marks the field named by an invalid_input error", async () => {
    mockBackend({
      add_account: () => fail(appError("duplicate_name", { message: "an account named Work exists" })),
    });
    const user = await openForm("github");
    await fill(user, "Work", "ghp_x");
    await user.click(screen.getByTestId("save-account"));
    expect(await screen.findByTestId("dialog-error")).toHaveAttribute("data-code", "duplicate_name");
    expect(screen.getByTestId("field-name")).toHaveAttribute("aria-invalid", "true");
  });
});

describe("Add Account: keyboard", () => {
  it("Escape closes the dialog, returns focus, and the token is gone on reopening", async () => {
    mockBackend();
    const user = await openForm("github");
    await user.type(screen.getByTestId("field-token"), "ghp_typed");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("add-account-dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("accounts-add")).toHaveFocus();
    await user.click(screen.getByTestId("accounts-add"));
    await user.click(screen.getByTestId("provider-github"));
    expect(screen.getByTestId("field-token")).toHaveValue("");
  });

  it("Escape closes even when focus has left the dialog", async () => {
    mockBackend();
    const user = await openForm("gitlab");
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("add-account-dialog")).not.toBeInTheDocument();
  });

  it("traps Tab inside the dialog", async () => {
    mockBackend();
    const user = userEvent.setup();
    render(<ProviderAccounts focusTitle={false} />);
    await user.click(await screen.findByTestId("accounts-add"));
    const dialog = screen.getByTestId("add-account-dialog");
    for (let i = 0; i < 8; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });

  it("labels every form control", async () => {
    mockBackend();
    await openForm("bitbucket");
    const dialog = screen.getByTestId("add-account-dialog");
    for (const input of dialog.querySelectorAll("input")) {
      expect(input.labels?.length ?? 0).toBeGreaterThan(0);
    }
    for (const button of within(dialog).getAllByRole("button")) {
      expect(button).toHaveAccessibleName();
    }
  });
});
