// Keyboard shortcuts as data and one pure key → action function, so the help dialog lists exactly what works.
import type { PageId } from "../nav";

export type ShortcutAction =
  | "next"
  | "previous"
  | "open"
  | "detail"
  | "snooze"
  | "pin"
  | "mute"
  | "filter"
  | "refresh"
  | "help"
  | { page: PageId };

export interface Shortcut {
  /** The keys as shown ("g then d"). */
  keys: string;
  /** What it does. */
  does: string;
  /** The visible control that does the same with a click. */
  click: string;
}

/** Every shortcut, in the order the help dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: "j or ↓", does: "Select the next pull request", click: "Details in a row's More actions menu (⋯)" },
  { keys: "k or ↑", does: "Select the previous pull request", click: "Details in a row's More actions menu (⋯)" },
  { keys: "Enter or o", does: "Open the selected pull request in the browser", click: "Click the row or Open" },
  { keys: "Space", does: "Show or hide the detail panel", click: "Details / Close details" },
  { keys: "s", does: "Snooze the selected pull request", click: "Snooze… in the row's menu or the detail panel" },
  { keys: "p", does: "Pin or unpin the selected pull request", click: "Pin in the row's menu or the detail panel" },
  { keys: "m", does: "Mute or unmute its repository", click: "Mute repository in the row's menu or the detail panel" },
  { keys: "/", does: "Focus the filter", click: "Click the filter field" },
  { keys: "r", does: "Refresh", click: "Refresh" },
  { keys: "g then d", does: "Go to the Dashboard", click: "Dashboard in the sidebar" },
  { keys: "g then a", does: "Go to Provider Accounts", click: "Provider Accounts in the sidebar" },
  { keys: "g then s", does: "Go to General settings", click: "General in the sidebar" },
  { keys: "g then n", does: "Go to Notifications", click: "Notifications in the sidebar" },
  { keys: "?", does: "Show these shortcuts", click: "Keyboard shortcuts" },
];

/** The window event that carries a dashboard shortcut's action from the app shell to the dashboard. */
export const SHORTCUT_EVENT = "ampel-shortcut";

const PAGES: Record<string, PageId> = { d: "dashboard", a: "accounts", s: "general", n: "notifications" };

const KEYS: Record<string, ShortcutAction> = {
  j: "next",
  ArrowDown: "next",
  k: "previous",
  ArrowUp: "previous",
  o: "open",
  " ": "detail",
  s: "snooze",
  p: "pin",
  m: "mute",
  "/": "filter",
  r: "refresh",
  "?": "help",
};

/** True when keys go to a text field, a select or an editable element (shortcuts must not fire). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file"].includes(type);
}

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/**
 * The action of a key press, and whether a "g" now waits for its page letter. Modifier chords, keys
 * typed into fields and keys inside a dialog or a menu do nothing; Enter is left to the focused row's link.
 */
export function keyAction(e: KeyInput, afterG: boolean): { action: ShortcutAction | null; afterG: boolean } {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return { action: null, afterG: false };
  // A dialog or a row's menu keeps its keys (arrows move within the menu, not the selection).
  if (e.target instanceof HTMLElement && e.target.closest("[role='dialog'], [role='menu']")) {
    return { action: null, afterG: false };
  }
  if (afterG) {
    const page = PAGES[e.key];
    return { action: page ? { page } : null, afterG: false };
  }
  if (e.key === "g") return { action: null, afterG: true };
  // Space on a button or checkbox presses it, as always.
  if (e.key === " " && e.target instanceof HTMLElement && e.target.closest("button, input, [role='button']")) {
    return { action: null, afterG: false };
  }
  return { action: KEYS[e.key] ?? null, afterG: false };
}
