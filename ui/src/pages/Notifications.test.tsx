// Settings > Notifications: per-kind switches, the master switch, quiet hours, pause and resume.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { KINDS } from "../settings/defaults";
import type { FullSettings } from "../settings/defaults";
import { mockBackend, settings } from "../test/fixtures";
import { renderWithSettings, saved } from "../test/settings";
import { Notifications } from "./Notifications";

function setup(loaded: FullSettings = settings()) {
  const calls = mockBackend({ get_settings: () => loaded });
  const { user } = renderWithSettings(<Notifications focusTitle={false} />);
  return { calls, user };
}

const el = (id: string) => screen.getByTestId(id);

async function lastSaved(calls: Parameters<typeof saved>[0]): Promise<FullSettings> {
  const last = await waitFor(() => {
    const sent = saved(calls).at(-1);
    if (!sent) throw new Error("nothing saved yet");
    return sent;
  });
  await screen.findByTestId("settings-saved");
  return last;
}

describe("Notifications page", () => {
  it("lists every kind with its label, checked as loaded", async () => {
    setup(settings({}, { ciFailed: false, tokenExpired: false }));
    expect(el("page-title")).toHaveTextContent(/^Notifications$/);
    await screen.findByTestId("setting-notifications-enabled");
    expect(el("setting-notifications-enabled")).toBeChecked();
    for (const k of KINDS) {
      expect(screen.getByLabelText(k.label)).toBe(el(k.testId));
      expect(el(k.testId)).toBeEnabled();
    }
    expect(el("setting-notify-ci-failed")).not.toBeChecked();
    expect(el("setting-notify-token-expired")).not.toBeChecked();
    expect(el("setting-notify-new-review-request")).toBeChecked();
  });

  it.each(KINDS.map((k) => [k.testId, k.key] as const))(
    "%s switches off only its own kind, sending the whole object",
    async (testId, key) => {
      const loaded = settings({ refreshIntervalSecs: 900, theme: "dark" });
      const { calls, user } = setup(loaded);
      await user.click(await screen.findByTestId(testId));
      expect(await lastSaved(calls)).toEqual({
        ...loaded,
        notifications: { ...loaded.notifications, [key]: false },
      });
      expect(el(testId)).not.toBeChecked();
    },
  );

  it("the master switch off disables every kind, and on enables them again", async () => {
    const { calls, user } = setup();
    await user.click(await screen.findByTestId("setting-notifications-enabled"));
    expect((await lastSaved(calls)).notifications.enabled).toBe(false);
    for (const k of KINDS) expect(el(k.testId)).toBeDisabled();
    // The kinds keep their own values while muted.
    expect(el("setting-notify-conflict")).toBeChecked();

    await user.click(el("setting-notifications-enabled"));
    await waitFor(() => {
      expect(saved(calls).at(-1)?.notifications.enabled).toBe(true);
    });
    for (const k of KINDS) expect(el(k.testId)).toBeEnabled();
  });

  it("loads with the master switch off: kinds disabled", async () => {
    setup(settings({}, { enabled: false }));
    expect(await screen.findByTestId("setting-notifications-enabled")).not.toBeChecked();
    for (const k of KINDS) expect(el(k.testId)).toBeDisabled();
  });

  it("quiet hours: off by default with 22:00–07:00 shown; enabling saves them, times change, disabling clears", async () => {
    const { calls, user } = setup();
    const enabled = await screen.findByTestId("setting-quiet-hours-enabled");
    expect(enabled).not.toBeChecked();
    expect(el("setting-quiet-start")).toHaveValue("22:00");
    expect(el("setting-quiet-end")).toHaveValue("07:00");
    expect(el("setting-quiet-start")).toBeDisabled();

    await user.click(enabled);
    expect((await lastSaved(calls)).notifications.quietHours).toEqual({ start: "22:00", end: "07:00" });
    expect(el("setting-quiet-start")).toBeEnabled();

    fireEvent.change(el("setting-quiet-start"), { target: { value: "23:30" } });
    await waitFor(() => {
      expect(saved(calls).at(-1)?.notifications.quietHours).toEqual({ start: "23:30", end: "07:00" });
    });
    fireEvent.change(el("setting-quiet-end"), { target: { value: "06:15" } });
    await waitFor(() => {
      expect(saved(calls).at(-1)?.notifications.quietHours).toEqual({ start: "23:30", end: "06:15" });
    });
    const before = saved(calls).length;
    fireEvent.change(el("setting-quiet-end"), { target: { value: "" } });
    expect(saved(calls)).toHaveLength(before);

    await user.click(enabled);
    await waitFor(() => {
      expect(saved(calls).at(-1)?.notifications.quietHours).toBeNull();
    });
    expect(el("setting-quiet-end")).toBeDisabled();
    // Switching back on restores the times last chosen.
    await user.click(enabled);
    await waitFor(() => {
      expect(saved(calls).at(-1)?.notifications.quietHours).toEqual({ start: "23:30", end: "06:15" });
    });
  });

  it("shows loaded quiet hours", async () => {
    setup(settings({}, { quietHours: { start: "21:00", end: "08:30" } }));
    expect(await screen.findByTestId("setting-quiet-hours-enabled")).toBeChecked();
    expect(el("setting-quiet-start")).toHaveValue("21:00");
    expect(el("setting-quiet-end")).toHaveValue("08:30");
  });

  it("Pause for 1 hour sets pausedUntil an hour ahead; Resume clears it", async () => {
    const { calls, user } = setup();
    expect(screen.queryByTestId("setting-resume")).not.toBeInTheDocument();
    const before = Date.now();
    await user.click(await screen.findByTestId("setting-pause"));
    const until = (await lastSaved(calls)).notifications.pausedUntil;
    expect(until).not.toBeNull();
    const ms = Date.parse(until ?? "");
    expect(ms).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(ms).toBeLessThan(Date.now() + 3_600_000 + 1);
    expect(until).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);

    const end = new Date(ms);
    const hm = `${String(end.getHours()).padStart(2, "0")}:${String(end.getMinutes()).padStart(2, "0")}`;
    expect(el("paused-until")).toHaveTextContent(new RegExp(`^Paused until .*${hm}$`));
    expect(screen.queryByTestId("setting-pause")).not.toBeInTheDocument();

    await user.click(el("setting-resume"));
    await waitFor(() => {
      expect(saved(calls).at(-1)?.notifications.pausedUntil).toBeNull();
    });
    expect(el("setting-pause")).toHaveTextContent("Pause for 1 hour");
    expect(screen.queryByTestId("paused-until")).not.toBeInTheDocument();
  });

  it("shows 'Paused until HH:MM' for a future pause and the Pause button for a past one", async () => {
    const soon = new Date();
    soon.setHours(14, 5, 0, 0);
    const future = soon.getTime() > Date.now() ? soon : new Date(Date.now() + 10 * 60_000);
    const hm = `${String(future.getHours()).padStart(2, "0")}:${String(future.getMinutes()).padStart(2, "0")}`;
    setup(settings({}, { pausedUntil: future.toISOString() }));
    // Today: just the time; a pause ending after midnight also names the day.
    const day = future.toDateString() === new Date().toDateString() ? "" : ".* ";
    expect(await screen.findByTestId("paused-until")).toHaveTextContent(new RegExp(`^Paused until ${day}${hm}$`));
    expect(el("setting-resume")).toHaveTextContent(/^Resume$/);
  });

  it("treats a pause that already ended as not paused", async () => {
    setup(settings({}, { pausedUntil: new Date(Date.now() - 60_000).toISOString() }));
    expect(await screen.findByTestId("setting-pause")).toBeInTheDocument();
    expect(screen.queryByTestId("paused-until")).not.toBeInTheDocument();
  });
});
