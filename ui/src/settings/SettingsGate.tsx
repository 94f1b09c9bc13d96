// Renders its children with the loaded settings; a loading line or the coded load error otherwise.
import type { ReactNode } from "react";
import { ErrorMessage } from "../components/ErrorMessage";
import type { FullSettings } from "./defaults";
import { useSettings } from "./SettingsContext";

export function SettingsGate({ children }: { children: (settings: FullSettings) => ReactNode }) {
  const { state } = useSettings();
  if (state.status === "ready") return <>{children(state.settings)}</>;
  if (state.status === "failed") return <ErrorMessage error={state.error} what="Could not load the settings." />;
  return (
    <p className="muted" aria-busy="true" data-testid="settings-loading">
      Loading…
    </p>
  );
}
