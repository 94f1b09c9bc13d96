// Navigation through the shell: sidebar buttons, aria-current, and the first-run "Add Account" path.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { account, mockBackend } from "./test/fixtures";

function title() {
  return screen.getByTestId("page-title");
}

describe("App shell", () => {
  beforeEach(() => {
    mockBackend();
  });

  it("opens on the dashboard with the first-run empty state", async () => {
    render(<App />);
    await screen.findByTestId("empty-state");
    expect(title()).toHaveTextContent(/^Dashboard$/);
    expect(title().tagName).toBe("H1");
    expect(screen.getByTestId("nav-dashboard")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("nav-accounts")).not.toHaveAttribute("aria-current");
    const empty = screen.getByTestId("empty-state");
    expect(empty).toHaveTextContent("No accounts yet");
    expect(empty).toHaveTextContent(
      "Add a GitHub, GitLab, Bitbucket or Gitea account with a personal access token and Ampel will show every open pull request as a traffic light.",
    );
    expect(screen.getByTestId("add-account")).toHaveTextContent("Add Account");
  });

  it("shows the brand name and groups the settings pages under Settings", () => {
    render(<App />);
    expect(screen.getByText("Ampel")).toBeInTheDocument();
    const settings = screen.getByRole("list", { name: "Settings" });
    expect(settings).toContainElement(screen.getByTestId("nav-accounts"));
    expect(settings).toContainElement(screen.getByTestId("nav-general"));
    expect(settings).not.toContainElement(screen.getByTestId("nav-dashboard"));
  });

  it("navigates between the three pages and moves aria-current with the selection", async () => {
    const user = userEvent.setup();
    render(<App />);

    await user.click(screen.getByTestId("nav-accounts"));
    expect(title()).toHaveTextContent(/^Provider Accounts$/);
    expect(screen.getByTestId("nav-accounts")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("nav-dashboard")).not.toHaveAttribute("aria-current");
    expect(screen.queryByTestId("empty-state")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("nav-general"));
    expect(title()).toHaveTextContent(/^General$/);
    expect(screen.getByTestId("nav-general")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("nav-accounts")).not.toHaveAttribute("aria-current");

    await user.click(screen.getByTestId("nav-dashboard"));
    expect(title()).toHaveTextContent(/^Dashboard$/);
    expect(await screen.findByTestId("empty-state")).toBeInTheDocument();
  });

  it("'Add Account' on the empty state opens the Add Account dialog right away", async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("add-account"));
    expect(await screen.findByTestId("add-account-dialog")).toBeInTheDocument();
    expect(screen.getByTestId("provider-github")).toBeInTheDocument();
    expect(title()).toHaveTextContent(/^Dashboard$/);
  });

  it("can be driven from the keyboard alone", async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.tab(); // Dashboard
    expect(screen.getByTestId("nav-dashboard")).toHaveFocus();
    await user.tab(); // Provider Accounts
    await user.tab(); // General
    expect(screen.getByTestId("nav-general")).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(title()).toHaveTextContent(/^General$/);
    expect(title()).toHaveFocus();
  });

  it("shows a neutral 'accounts connected' card instead of the empty state when accounts exist", async () => {
    mockBackend({
      list_accounts: () => [account({ id: "a", name: "A" }), account({ id: "b", name: "B" })],
    });
    render(<App />);
    expect(await screen.findByTestId("dashboard-accounts-ready")).toHaveTextContent(
      "2 accounts connected. Pull requests appear here after the first sync.",
    );
    expect(screen.queryByTestId("empty-state")).not.toBeInTheDocument();
  });

  it("says '1 account connected' for a single account", async () => {
    mockBackend({ list_accounts: () => [account()] });
    render(<App />);
    expect(await screen.findByTestId("dashboard-accounts-ready")).toHaveTextContent(
      /^1 account connected\./,
    );
  });
});
