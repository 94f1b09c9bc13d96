// Confirms removing an account, and reminds that the token stays valid at the forge until revoked.
import { useState } from "react";
import { api, toApiError, type Account, type ApiError } from "../api";
import { Dialog } from "../components/Dialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { providerForm } from "./providers";

interface Props {
  account: Account;
  onClose: () => void;
  onDone: () => void;
}

export function RemoveDialog({ account, onClose, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const remove = async () => {
    setBusy(true);
    try {
      await api.removeAccount(account.id);
      onDone();
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Remove ${account.name}?`} testId="remove-dialog" onClose={onClose}>
      <p>
        Ampel deletes this account and its encrypted token from this computer. The token itself
        stays valid on {providerForm(account.provider).label}: revoke it there if you no longer
        need it.
      </p>
      {error && <ErrorMessage error={error} what="Could not remove the account." />}
      <div className="dialog-actions">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="button danger"
          data-testid="confirm-remove"
          disabled={busy}
          onClick={() => void remove()}
        >
          Remove
        </button>
      </div>
    </Dialog>
  );
}
