// Applies the chosen theme app-wide: data-theme on <html> overrides prefers-color-scheme; "system" removes it.
import type { Theme } from "../api";

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", theme);
}
