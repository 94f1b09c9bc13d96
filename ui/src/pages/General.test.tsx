// Settings > General: the preferences (loaded, saved whole on change, normalised, errors) and app_info's values.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { APP_INFO, appError, fail, mockBackend, settings } from "../test/fixtures";
import { renderWithSettings, saved } from "../test/settings";
import { General } from "./General";

const LOADED = settings({
  refreshIntervalSecs: 600,
  theme: "dark",
  startAtLogin: true,
  closeToTray: false,
  defaultSection: "mine",
});

function setup(handlers: Parameters<typeof mockBackend>[0] = {}) {
  const calls = mockBackend({ get_settings: () => LOADED, ...handlers });
  const { user } = renderWithSettings(<General focusTitle={false} />);
  return { calls, user };
}

const control = (id: string) => screen.getByTestId(id);

describe("General page: preferences", () => {
  it("without a tray says why close to tray is off, and keeps it off", async () => {
    setup({
      get_settings: () => ({ ...LOADED, closeToTray: true }),
      app_info: () => ({ ...APP_INFO, trayMissing: "the system tray library is not installed" }),
    });
    expect(await screen.findByTestId("tray-missing")).toHaveTextContent(
      "Off: the system tray library is not installed. Install libayatana-appindicator3-1 and restart Ampel",
    );
    expect(control("setting-close-to-tray")).not.toBeChecked();
    expect(control("setting-close-to-tray")).toBeDisabled();
  });

  it("shows the loaded values", async () => {
    setup();
    expect(await screen.findByTestId("setting-refresh-interval")).toHaveValue("600");
    expect(control("setting-refresh-interval")).toHaveDisplayValue("10 minutes");
    expect(control("setting-theme")).toHaveValue("dark");
    expect(control("setting-default-section")).toHaveDisplayValue("Mine");
    expect(control("setting-start-at-login")).toBeChecked();
    expect(control("setting-close-to-tray")).not.toBeChecked();
    expect(screen.getByLabelText("Close to tray")).toHaveAccessibleDescription(
      "Closing the window keeps Ampel running in the tray",
    );
    const interval = within(control("setting-refresh-interval"));
    expect(interval.getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual([
      "60", "120", "300", "600", "900", "1800", "3600",
    ]);
    expect(control("setting-ci-recheck")).toHaveDisplayValue("15 minutes");
    expect(screen.getByLabelText("Re-check finished CI after")).toHaveAccessibleDescription(
      "A passed or failed CI is read again after this long even without a new commit, so a re-run shows up; Gitea and Bitbucket look for repositories with new pull requests as often",
    );
    const rechecks = within(control("setting-ci-recheck"));
    expect(rechecks.getAllByRole("option").map((o) => o.textContent)).toEqual([
      "5 minutes", "10 minutes", "15 minutes", "30 minutes", "60 minutes", "2 hours",
    ]);
    expect(screen.queryByTestId("settings-saved")).not.toBeInTheDocument();
  });

  it.each([
    ["setting-refresh-interval", "select", "1800", { refreshIntervalSecs: 1800 }],
    ["setting-ci-recheck", "select", "3600", { ciRecheckSecs: 3600 }],
    ["setting-theme", "select", "light", { theme: "light" }],
    ["setting-density", "select", "compact", { density: "compact" }],
    ["setting-default-section", "select", "watched", { defaultSection: "watched" }],
    ["setting-start-at-login", "click", "", { startAtLogin: false }],
    ["setting-close-to-tray", "click", "", { closeToTray: true }],
  ] as const)("%s sends the whole settings object with the new value", async (id, how, value, patch) => {
    const { calls, user } = setup();
    const el = await screen.findByTestId(id);
    if (how === "select") await user.selectOptions(el, value);
    else await user.click(el);

    await waitFor(() => {
      expect(saved(calls)).toEqual([{ ...LOADED, ...patch }]);
    });
    expect(await screen.findByTestId("settings-saved")).toHaveTextContent(/^Saved$/);
  });

  it("shows the normalised settings Rust answered, not what was sent", async () => {
    const { calls, user } = setup({
      set_settings: (a) => ({ ...(a.settings as object), refreshIntervalSecs: 45, startAtLogin: false }),
    });
    await user.selectOptions(await screen.findByTestId("setting-refresh-interval"), "60");
    await screen.findByTestId("settings-saved");
    expect(saved(calls)[0]?.refreshIntervalSecs).toBe(60);
    expect(control("setting-refresh-interval")).toHaveValue("45");
    expect(control("setting-refresh-interval")).toHaveDisplayValue("45 seconds");
    expect(control("setting-start-at-login")).not.toBeChecked();
  });

  it("shows the error's code and message and the saved value again when saving fails", async () => {
    const { user } = setup({
      set_settings: () => fail(appError("store_unavailable", { message: "settings.json is read-only" })),
    });
    await user.click(await screen.findByTestId("setting-start-at-login"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not save the settings.");
    expect(within(alert).getByTestId("error-code")).toHaveTextContent(/^store_unavailable$/);
    expect(within(alert).getByTestId("error-message")).toHaveTextContent(/^settings\.json is read-only$/);
    expect(control("setting-start-at-login")).toBeChecked();
    expect(screen.queryByTestId("settings-saved")).not.toBeInTheDocument();
  });

  it("shows the code and message when the settings cannot be loaded", async () => {
    setup({ get_settings: () => fail(appError("store_unavailable", { message: "no store" })) });
    expect(await screen.findByText("Could not load the settings.")).toBeInTheDocument();
    expect(screen.getAllByTestId("error-code")[0]).toHaveTextContent(/^store_unavailable$/);
    expect(screen.queryByTestId("setting-theme")).not.toBeInTheDocument();
  });
});

describe("General page: about", () => {
  it("shows a loading state, then the values app_info returned, under About", async () => {
    const calls = mockBackend();
    renderWithSettings(<General focusTitle={false} />);
    expect(screen.getByTestId("page-title")).toHaveTextContent(/^General$/);
    expect(screen.getByTestId("info-loading")).toBeInTheDocument();

    expect(await screen.findByTestId("info-version")).toHaveTextContent(/^9\.8\.7-test$/);
    expect(screen.getByTestId("info-data-dir")).toHaveTextContent(/^\/tmp\/ampel-test-data$/);
    expect(screen.getByTestId("info-keyring-service")).toHaveTextContent(/^dev\.ampel\.test\.keyring$/);
    expect(screen.getByTestId("info-secret-backend")).toHaveTextContent(
      /^Secret Service \(gnome-keyring\)$/,
    );
    expect(screen.queryByTestId("info-loading")).not.toBeInTheDocument();
    const about = screen.getByRole("region", { name: "About" });
    expect(about).toContainElement(screen.getByTestId("info-version"));
    expect(calls.filter((c) => c.cmd === "app_info")).toHaveLength(1);
  });

  it("shows the error code and message when app_info fails", async () => {
    mockBackend({ app_info: () => fail({ code: "no_data_dir", message: "no home directory for this user" }) });
    renderWithSettings(<General focusTitle={false} />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load the app information.");
    expect(within(alert).getByTestId("error-code")).toHaveTextContent(/^no_data_dir$/);
    expect(within(alert).getByTestId("error-message")).toHaveTextContent(/^no home directory for this user$/);
    expect(screen.queryByTestId("info-version")).not.toBeInTheDocument();
  });

  it("reports a framework failure (a bare string, e.g. an ACL denial) as code internal", async () => {
    mockBackend({ app_info: () => fail("app_info not allowed by the capability") });
    renderWithSettings(<General focusTitle={false} />);

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByTestId("error-code")).toHaveTextContent(/^internal$/);
    expect(within(alert).getByTestId("error-message")).toHaveTextContent(
      /^app_info not allowed by the capability$/,
    );
  });
});
