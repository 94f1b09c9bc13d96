// The snooze choices for one pull request (1 hour, tomorrow 09:00, next week, until it changes) as a small dialog.
import { useState } from "react";
import { api, toApiError, type PrRow, type SnoozeFor } from "../api";
import { Dialog } from "../components/Dialog";

export const SNOOZE_CHOICES: readonly { id: SnoozeFor; label: string }[] = [
  { id: "one_hour", label: "For 1 hour" },
  { id: "tomorrow", label: "Until tomorrow 09:00" },
  { id: "next_week", label: "Until next week (Monday 09:00)" },
  { id: "until_change", label: "Until it changes" },
];

interface Props {
  row: PrRow;
  onClose: () => void;
  /** After the snooze was stored, with what was chosen. */
  onDone: (label: string) => void;
}

export function SnoozeMenu({ row, onClose, onDone }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = async (id: SnoozeFor, label: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.snoozePr(row.accountId, row.repo, row.number, id);
      onDone(label);
    } catch (e) {
      setError(toApiError(e).message);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Snooze ${row.repo}#${String(row.number)}`} testId="snooze-dialog" onClose={onClose}>
      <p className="muted">It leaves its sections, the colour counts and the tray until then.</p>
      <ul className="snooze-choices">
        {SNOOZE_CHOICES.map((c, i) => (
          <li key={c.id}>
            <button
              type="button"
              className="button"
              data-testid={`snooze-${c.id}`}
              data-autofocus={i === 0 ? "" : undefined}
              disabled={busy}
              onClick={() => void choose(c.id, c.label)}
            >
              {c.label}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert" data-testid="snooze-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
