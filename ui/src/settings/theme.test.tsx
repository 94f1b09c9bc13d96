// The theme app-wide (data-theme on <html>), the Notifications nav item, and the dashboard's default section.
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { fail, mockBackend, settings } from "../test/fixtures";
import { dashboard, pr, sync } from "../test/prs";
import { saved } from "../test/settings";

const html = () => document.documentElement;

/** The whole app, which loads the settings itself. */
function renderApp() {
  const user = userEvent.setup();
  render(<App />);
  return { user };
}

describe("theme", () => {
  it("applies the loaded theme to <html> and follows changes made in General", async () => {
    const calls = mockBackend({ get_settings: () => settings({ theme: "dark" }) });
    const { user } = renderApp();
    await waitFor(() => {
      expect(html()).toHaveAttribute("data-theme", "dark");
    });

    await user.click(screen.getByTestId("nav-general"));
    await user.selectOptions(await screen.findByTestId("setting-theme"), "light");
    expect(html()).toHaveAttribute("data-theme", "light");
    await screen.findByTestId("settings-saved");

    await user.selectOptions(screen.getByTestId("setting-theme"), "system");
    expect(html()).not.toHaveAttribute("data-theme");
    await waitFor(() => {
      expect(saved(calls).map((s) => s.theme)).toEqual(["light", "system"]);
    });
  });

  it("puts back the saved theme when saving another one fails", async () => {
    mockBackend({
      get_settings: () => settings({ theme: "dark" }),
      set_settings: () => fail({ code: "io", message: "disk full" }),
    });
    const { user } = renderApp();
    await user.click(screen.getByTestId("nav-general"));
    await user.selectOptions(await screen.findByTestId("setting-theme"), "light");
    await screen.findByRole("alert");
    expect(html()).toHaveAttribute("data-theme", "dark");
    expect(screen.getByTestId("setting-theme")).toHaveValue("dark");
  });

  it("leaves <html> without data-theme for 'system'", async () => {
    mockBackend();
    renderApp();
    await screen.findByTestId("empty-state");
    expect(html()).not.toHaveAttribute("data-theme");
  });

  it("styles.css lets data-theme override the OS preference both ways", () => {
    // Vitest runs from ui/; Vite's CSS pipeline would hand the test an empty module.
    const css = readFileSync(resolve(process.cwd(), "src/styles.css"), "utf8");
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\s*:root:not\(\[data-theme="light"\]\) \{/);
    expect(css).toMatch(/:root\[data-theme="dark"\] \{\s*color-scheme: dark;\s*--bg: #15181d;/);
    expect(css).toMatch(/:root\[data-theme="light"\] \{\s*color-scheme: light;/);
  });
});

describe("Notifications nav item", () => {
  it("sits under Settings and opens the Notifications page", async () => {
    mockBackend();
    const { user } = renderApp();
    const item = screen.getByTestId("nav-notifications");
    expect(screen.getByRole("list", { name: "Settings" })).toContainElement(item);
    expect(item).toHaveTextContent(/^Notifications$/);

    await user.click(item);
    expect(screen.getByTestId("page-title")).toHaveTextContent(/^Notifications$/);
    expect(screen.getByTestId("page-title")).toHaveFocus();
    expect(item).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("nav-general")).not.toHaveAttribute("aria-current");
    expect(await screen.findByTestId("setting-notifications-enabled")).toBeChecked();
  });
});

describe("default section", () => {
  const rows = [
    pr({ number: 1, title: "Review me", sections: ["needs_my_review"] }),
    pr({ number: 2, title: "Watched one", sections: ["watched"] }),
  ];

  it("focuses the default section's heading when the dashboard first shows data", async () => {
    mockBackend({
      get_settings: () => settings({ defaultSection: "watched" }),
      dashboard: () => dashboard({ rows, accounts: [sync()] }),
    });
    renderApp();
    const heading = await screen.findByTestId("section-watched");
    await waitFor(() => {
      expect(heading).toHaveFocus();
    });
    expect(heading).toHaveAttribute("data-default", "true");
    expect(screen.getByTestId("section-needs_my_review")).not.toHaveAttribute("data-default");
  });

  it("leaves focus alone when the default is the first section (Needs my review opens on My turn)", async () => {
    mockBackend({ dashboard: () => dashboard({ rows, accounts: [sync()] }) });
    renderApp();
    const heading = await screen.findByTestId("section-my_turn");
    expect(heading).toHaveAttribute("data-default", "true");
    await screen.findByTestId("section-watched");
    expect(heading).not.toHaveFocus();
    expect(screen.getByTestId("section-watched")).not.toHaveFocus();
  });
});
