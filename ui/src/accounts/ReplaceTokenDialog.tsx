// Replace an account's token: validated first; when the forge is unreachable, offer saving untested.
import { useState, type SyntheticEvent } from "react";
import { api, toApiError, type Account, type ApiError } from "../api";
import { Dialog } from "../components/Dialog";
import { TokenField } from "../components/Field";
import { Spinner } from "../components/Spinner";
import { DiagnosisView } from "./DiagnosisView";
import { isUnreachable } from "./errors";
import { providerForm } from "./providers";

interface Props {
  account: Account;
  onClose: () => void;
  onDone: () => void;
}

export function ReplaceTokenDialog({ account, onClose, onDone }: Props) {
  // Held in memory only; the input itself is uncontrolled and goes away with the dialog.
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const replace = async (validate: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.replaceToken(account.id, token, validate);
      onDone();
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  // Enter saves with validation, like the Save button.
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void replace(true);
  };

  return (
    <Dialog title={`Replace token of ${account.name}`} testId="replace-token-dialog" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p className="muted">
          Current token: <code>{account.tokenHint}</code>. The new token is tested against the forge
          before it replaces the old one.
        </p>
        <TokenField
          label={`New ${providerForm(account.provider).tokenLabel}`}
          testId="field-new-token"
          required
          onChange={(v) => {
            setToken(v);
            setError(null);
          }}
        />
        {error && (
          <div role="alert">
            <DiagnosisView
              testId="dialog-error"
              code={error.diagnosis?.code ?? error.code}
              provider={account.provider}
              diagnosis={error.diagnosis}
              message={error.diagnosis?.message ?? error.message}
            />
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <span className="spacer" />
          {isUnreachable(error) && (
            <button
              type="button"
              className="button"
              data-testid="replace-save-unverified"
              disabled={busy}
              onClick={() => void replace(false)}
            >
              Save without testing
            </button>
          )}
          <button type="submit" className="button primary" data-testid="replace-save" disabled={busy}>
            {busy && <Spinner label="Testing the new token" />}
            Replace token
          </button>
        </div>
      </form>
    </Dialog>
  );
}
