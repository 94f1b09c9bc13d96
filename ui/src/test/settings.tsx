// Renders a page inside the SettingsProvider (as App does) and reads back set_settings calls.
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import type { FullSettings } from "../settings/defaults";
import { SettingsProvider } from "../settings/SettingsContext";
import { commandsCalled, type Call } from "./fixtures";

export function renderWithSettings(ui: ReactElement) {
  const user = userEvent.setup();
  render(<SettingsProvider>{ui}</SettingsProvider>);
  return { user };
}

/** Every settings object sent to set_settings, in order. */
export function saved(calls: Call[]): FullSettings[] {
  return commandsCalled(calls, "set_settings").map((a) => a.settings as FullSettings);
}
