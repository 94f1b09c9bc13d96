// Settings > General's controls: refresh interval, CI re-check, theme, row density, start at login, close to tray, default section.
import type { Density, Section, Theme } from "../api";
import { Check, Select } from "./controls";
import { CI_RECHECKS, DENSITIES, INTERVALS, SECTION_CHOICES, THEMES, intervalLabel, type FullSettings } from "./defaults";
import { SaveStatusView } from "./SaveStatusView";
import { SettingsGate } from "./SettingsGate";
import { useSaver } from "./useSaver";

function Controls({ settings, trayMissing }: { settings: FullSettings; trayMissing: string | null }) {
  const { status, change } = useSaver();
  const set = (patch: Partial<FullSettings>) => {
    change({ ...settings, ...patch });
  };
  // A value set outside the UI (or clamped by Rust) still shows as itself.
  const secs = settings.refreshIntervalSecs;
  const intervals = INTERVALS.includes(secs) ? INTERVALS : [...INTERVALS, secs].sort((a, b) => a - b);
  const recheck = settings.ciRecheckSecs;
  const rechecks = CI_RECHECKS.includes(recheck) ? CI_RECHECKS : [...CI_RECHECKS, recheck].sort((a, b) => a - b);
  return (
    <>
      <Select
        label="Refresh interval"
        testId="setting-refresh-interval"
        value={String(secs)}
        options={intervals.map((s) => ({ value: String(s), label: intervalLabel(s) }))}
        onChange={(v) => {
          set({ refreshIntervalSecs: Number(v) });
        }}
      />
      <Select
        label="Re-check finished CI after"
        testId="setting-ci-recheck"
        value={String(recheck)}
        options={rechecks.map((s) => ({ value: String(s), label: intervalLabel(s) }))}
        hint="A passed or failed CI is read again after this long even without a new commit, so a re-run shows up; Gitea and Bitbucket look for repositories with new pull requests as often"
        onChange={(v) => {
          set({ ciRecheckSecs: Number(v) });
        }}
      />
      <Select<Theme>
        label="Theme"
        testId="setting-theme"
        value={settings.theme}
        options={THEMES.map((t) => ({ value: t.id, label: t.label }))}
        onChange={(theme) => {
          set({ theme });
        }}
      />
      <Select<Density>
        label="Dashboard rows"
        testId="setting-density"
        value={settings.density}
        options={DENSITIES.map((d) => ({ value: d.id, label: d.label }))}
        onChange={(density) => {
          set({ density });
        }}
      />
      <Select<Section>
        label="Default section"
        testId="setting-default-section"
        value={settings.defaultSection}
        options={SECTION_CHOICES.map((s) => ({ value: s.id, label: s.label }))}
        onChange={(defaultSection) => {
          set({ defaultSection });
        }}
      />
      <Check
        label="Start at login"
        testId="setting-start-at-login"
        checked={settings.startAtLogin}
        onChange={(startAtLogin) => {
          set({ startAtLogin });
        }}
      />
      <Check
        label="Close to tray"
        testId="setting-close-to-tray"
        checked={settings.closeToTray && trayMissing === null}
        disabled={trayMissing !== null}
        hint={
          trayMissing === null ? (
            "Closing the window keeps Ampel running in the tray"
          ) : (
            <span data-testid="tray-missing">
              Off: {trayMissing}. Install <code>libayatana-appindicator3-1</code> and restart Ampel to
              get the tray.
            </span>
          )
        }
        onChange={(closeToTray) => {
          set({ closeToTray });
        }}
      />
      <Check
        label="Team review requests are my turn"
        testId="setting-team-requests-are-mine"
        checked={settings.teamRequestsAreMine}
        hint="A review requested only of a team you belong to shows under My turn, counts in the tray and notifies"
        onChange={(teamRequestsAreMine) => {
          set({ teamRequestsAreMine });
        }}
      />
      <SaveStatusView status={status} />
    </>
  );
}

/** `trayMissing`: why this desktop has no tray icon (close to tray is then off), or null. */
export function GeneralSettings({ trayMissing }: { trayMissing: string | null }) {
  return (
    <section className="card settings-card" aria-labelledby="general-settings-heading">
      <h2 id="general-settings-heading">Preferences</h2>
      <SettingsGate>{(settings) => <Controls settings={settings} trayMissing={trayMissing} />}</SettingsGate>
    </section>
  );
}
