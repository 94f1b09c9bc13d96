// The weaker key-file mode, offered only when no keyring answers and only as an explicit choice:
// the consequence is spelled out and must be confirmed before the button does anything.
import { useId, useState } from "react";
import { api, toApiError, type ApiError } from "../api";
import { ErrorMessage } from "../components/ErrorMessage";

export function KeyFileOptIn({ accounts, onDone }: { accounts: number; onDone: () => void }) {
  const id = useId();
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const choose = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.useKeyFile();
      onDone();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="key-file-opt-in">
      <h2 id={`${id}-title`}>Or: keep the key in a file (weaker)</h2>
      <p>
        Without a keyring, Ampel can keep the encryption key in a file that only your user can read
        (<code>data-key</code> in Ampel&apos;s data folder), like <code>ampel-cli --insecure-key-file</code>.
      </p>
      <p data-testid="key-file-consequence">
        <strong>Consequence:</strong> anything that can read your files — another program you run, a
        backup, a copied home folder — can decrypt every saved token.
        {accounts > 0 &&
          " Tokens saved under the keyring's key cannot be opened with the new key and must be re-entered."}
      </p>
      <div className="check">
        <input
          id={`${id}-ok`}
          type="checkbox"
          data-testid="key-file-understood"
          checked={understood}
          onChange={(e) => {
            setUnderstood(e.target.checked);
          }}
        />
        <label htmlFor={`${id}-ok`}>I understand that the tokens are less protected</label>
      </div>
      <button
        type="button"
        className="button"
        data-testid="use-key-file"
        disabled={!understood || busy}
        onClick={() => void choose()}
      >
        Use a key file instead of the keyring
      </button>
      {error && <ErrorMessage error={error} what="Could not create the key file." />}
    </section>
  );
}
