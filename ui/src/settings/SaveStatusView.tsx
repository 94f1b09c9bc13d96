// The small save indicator beside the settings: "Saving…", "Saved", or the failed change's code and message.
import { ErrorMessage } from "../components/ErrorMessage";
import type { SaveStatus } from "./useSaver";

export function SaveStatusView({ status }: { status: SaveStatus }) {
  return (
    <div className="save-status" aria-live="polite">
      {status.kind === "saving" && (
        <span className="muted small" data-testid="settings-saving">
          Saving…
        </span>
      )}
      {status.kind === "saved" && (
        <span className="saved small" data-testid="settings-saved">
          Saved
        </span>
      )}
      {status.kind === "failed" && (
        <ErrorMessage error={status.error} what="Could not save the settings." />
      )}
    </div>
  );
}
