// Complete settings objects (every field filled) and the choices the settings pages offer.
import type { Density, NotificationSettings, QuietHours, Section, Settings, Theme } from "../api";

/** NotificationSettings with every field present (what the UI always sends). */
export type FullNotifications = Required<NotificationSettings> & { quietHours: Required<QuietHours> | null };
/** Settings with every field present: serde defaults make them optional in TypeScript only. */
export type FullSettings = Required<Omit<Settings, "notifications">> & { notifications: FullNotifications };

export const DEFAULT_QUIET: Required<QuietHours> = { start: "22:00", end: "07:00" };

export const DEFAULTS: FullSettings = {
  refreshIntervalSecs: 120,
  theme: "system",
  density: "comfortable",
  startAtLogin: false,
  closeToTray: true,
  defaultSection: "needs_my_review",
  ciRecheckSecs: 900,
  teamRequestsAreMine: false,
  notifications: {
    enabled: true,
    newReviewRequest: true,
    ciFailed: true,
    approvedOrReady: true,
    changesRequested: true,
    conflict: true,
    tokenExpiring: true,
    tokenExpired: true,
    myTurn: true,
    autoMerge: true,
    quietHours: null,
    pausedUntil: null,
  },
};

/** Fills what Rust left out (or everything, when it answered nothing) with the documented defaults. */
export function complete(s: Settings | null | undefined): FullSettings {
  const n = s?.notifications ?? {};
  const quiet = n.quietHours ?? null;
  return {
    refreshIntervalSecs: s?.refreshIntervalSecs ?? DEFAULTS.refreshIntervalSecs,
    theme: s?.theme ?? DEFAULTS.theme,
    density: s?.density ?? DEFAULTS.density,
    startAtLogin: s?.startAtLogin ?? DEFAULTS.startAtLogin,
    closeToTray: s?.closeToTray ?? DEFAULTS.closeToTray,
    defaultSection: s?.defaultSection ?? DEFAULTS.defaultSection,
    ciRecheckSecs: s?.ciRecheckSecs ?? DEFAULTS.ciRecheckSecs,
    teamRequestsAreMine: s?.teamRequestsAreMine ?? DEFAULTS.teamRequestsAreMine,
    notifications: {
      enabled: n.enabled ?? true,
      newReviewRequest: n.newReviewRequest ?? true,
      ciFailed: n.ciFailed ?? true,
      approvedOrReady: n.approvedOrReady ?? true,
      changesRequested: n.changesRequested ?? true,
      conflict: n.conflict ?? true,
      tokenExpiring: n.tokenExpiring ?? true,
      tokenExpired: n.tokenExpired ?? true,
      myTurn: n.myTurn ?? true,
      autoMerge: n.autoMerge ?? true,
      quietHours: quiet && {
        start: quiet.start ?? DEFAULT_QUIET.start,
        end: quiet.end ?? DEFAULT_QUIET.end,
      },
      pausedUntil: n.pausedUntil ?? null,
    },
  };
}

/** Refresh interval choices, in seconds (the select's values). */
export const INTERVALS: readonly number[] = [60, 120, 300, 600, 900, 1800, 3600];

/** Re-check bound choices for a finished CI state, in seconds. */
export const CI_RECHECKS: readonly number[] = [300, 600, 900, 1800, 3600, 7200];

/** "1 minute", "5 minutes", "45 seconds" (for a value set outside the UI). */
export function intervalLabel(secs: number): string {
  if (secs % 60 !== 0) return `${String(secs)} seconds`;
  const min = secs / 60;
  if (min > 60 && min % 60 === 0) return `${String(min / 60)} hours`;
  return min === 1 ? "1 minute" : `${String(min)} minutes`;
}

export const THEMES: readonly { id: Theme; label: string }[] = [
  { id: "system", label: "System" },
  { id: "light", label: "Light" },
  { id: "dark", label: "Dark" },
];

export const DENSITIES: readonly { id: Density; label: string }[] = [
  { id: "comfortable", label: "Comfortable (two lines a row)" },
  { id: "compact", label: "Compact (one line a row)" },
];

export const SECTION_CHOICES: readonly { id: Section; label: string }[] = [
  { id: "needs_my_review", label: "My turn (needs my review)" },
  { id: "mine", label: "Mine" },
  { id: "assigned_to_me", label: "Assigned to me" },
  { id: "watched", label: "Watched repositories" },
];

/** The per-kind switches, in the order the Notifications page lists them. */
export type NotifyKind =
  | "newReviewRequest"
  | "ciFailed"
  | "approvedOrReady"
  | "changesRequested"
  | "conflict"
  | "tokenExpiring"
  | "tokenExpired"
  | "myTurn"
  | "autoMerge";

export const KINDS: readonly { key: NotifyKind; label: string; testId: string }[] = [
  { key: "newReviewRequest", label: "New review requests", testId: "setting-notify-new-review-request" },
  { key: "myTurn", label: "Re-review needed or my pull request returned to me", testId: "setting-notify-my-turn" },
  { key: "autoMerge", label: "Merged by auto-merge or the queue, or dropped from them", testId: "setting-notify-auto-merge" },
  { key: "ciFailed", label: "CI failed on my pull requests", testId: "setting-notify-ci-failed" },
  { key: "approvedOrReady", label: "My pull request approved or ready to merge", testId: "setting-notify-approved" },
  { key: "changesRequested", label: "Changes requested on my pull requests", testId: "setting-notify-changes-requested" },
  { key: "conflict", label: "Merge conflicts", testId: "setting-notify-conflict" },
  { key: "tokenExpiring", label: "Token expiring within 7 days", testId: "setting-notify-token-expiring" },
  { key: "tokenExpired", label: "Token expired or revoked", testId: "setting-notify-token-expired" },
];
