// Rename an account: one field, Enter saves, duplicate names are refused by Rust and shown here.
import { useState, type SyntheticEvent } from "react";
import { api, toApiError, type Account, type ApiError } from "../api";
import { Dialog } from "../components/Dialog";
import { TextField } from "../components/Field";
import { DiagnosisView } from "./DiagnosisView";

interface Props {
  account: Account;
  onClose: () => void;
  onDone: () => void;
}

export function RenameDialog({ account, onClose, onDone }: Props) {
  const [name, setName] = useState(account.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.renameAccount(account.id, name.trim());
      onDone();
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Rename ${account.name}`} testId="rename-dialog" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Account Name"
          testId="field-rename"
          value={name}
          onChange={setName}
          error={error && error.code !== "duplicate_name" ? null : error?.message}
        />
        {error && (
          <div role="alert">
            <DiagnosisView
              testId="dialog-error"
              code={error.code}
              provider={account.provider}
              diagnosis={error.diagnosis}
              message={error.message}
            />
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <span className="spacer" />
          <button type="submit" className="button primary" data-testid="rename-save" disabled={busy}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
