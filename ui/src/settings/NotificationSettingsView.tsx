// Settings > Notifications' controls: master switch, one switch per kind, quiet hours, pause / resume.
import { useState } from "react";
import { useNow } from "../dashboard/useNow";
import { Check } from "./controls";
import { DEFAULT_QUIET, KINDS, type FullNotifications, type FullSettings } from "./defaults";
import { activePause, inOneHour, pauseEnd } from "./pause";
import { SaveStatusView } from "./SaveStatusView";
import { SettingsGate } from "./SettingsGate";
import { useSaver } from "./useSaver";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function Controls({ settings }: { settings: FullSettings }) {
  const { status, change } = useSaver();
  const now = useNow(15_000);
  const n = settings.notifications;
  // The times shown while quiet hours are off, so switching them back on restores them.
  const [lastQuiet, setLastQuiet] = useState(n.quietHours ?? DEFAULT_QUIET);
  const quiet = n.quietHours ?? lastQuiet;
  const set = (patch: Partial<FullNotifications>) => {
    change({ ...settings, notifications: { ...n, ...patch } });
  };
  const setTime = (which: "start" | "end", value: string) => {
    // A half-typed time input reports ""; only whole HH:MM values are saved.
    if (!HHMM.test(value)) return;
    const next = { ...quiet, [which]: value };
    setLastQuiet(next);
    set({ quietHours: next });
  };
  const paused = activePause(n.pausedUntil, now);

  return (
    <>
      <Check
        label="Show desktop notifications"
        testId="setting-notifications-enabled"
        checked={n.enabled}
        onChange={(enabled) => {
          set({ enabled });
        }}
      />
      <fieldset className="settings-group" disabled={!n.enabled}>
        <legend>Notify me about</legend>
        {KINDS.map((k) => (
          <Check
            key={k.key}
            label={k.label}
            testId={k.testId}
            checked={n[k.key]}
            disabled={!n.enabled}
            onChange={(on) => {
              set({ [k.key]: on });
            }}
          />
        ))}
      </fieldset>
      <fieldset className="settings-group">
        <legend>Quiet hours</legend>
        <Check
          label="No notifications during quiet hours"
          testId="setting-quiet-hours-enabled"
          checked={n.quietHours !== null}
          onChange={(on) => {
            set({ quietHours: on ? quiet : null });
          }}
        />
        <div className="quiet-times">
          <label>
            From{" "}
            <input
              type="time"
              data-testid="setting-quiet-start"
              value={quiet.start}
              disabled={n.quietHours === null}
              onChange={(e) => {
                setTime("start", e.target.value);
              }}
            />
          </label>
          <label>
            to{" "}
            <input
              type="time"
              data-testid="setting-quiet-end"
              value={quiet.end}
              disabled={n.quietHours === null}
              onChange={(e) => {
                setTime("end", e.target.value);
              }}
            />
          </label>
        </div>
      </fieldset>
      <div className="pause-line">
        {paused ? (
          <>
            <span data-testid="paused-until">Paused until {pauseEnd(paused, now)}</span>
            <button
              type="button"
              className="button small"
              data-testid="setting-resume"
              onClick={() => {
                set({ pausedUntil: null });
              }}
            >
              Resume
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button small"
            data-testid="setting-pause"
            onClick={() => {
              set({ pausedUntil: inOneHour(new Date()) });
            }}
          >
            Pause for 1 hour
          </button>
        )}
      </div>
      <SaveStatusView status={status} />
    </>
  );
}

export function NotificationSettingsView() {
  return (
    <section className="card settings-card" aria-labelledby="notification-settings-heading">
      <h2 id="notification-settings-heading">Desktop notifications</h2>
      <SettingsGate>{(settings) => <Controls settings={settings} />}</SettingsGate>
    </section>
  );
}
