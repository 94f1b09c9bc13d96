// Where the token key lives (vault_status), with the weaker-mode and lost-key warnings when they apply.
import { ErrorMessage } from "../components/ErrorMessage";
import { explain } from "./diagnosis";
import type { VaultState } from "./useVault";

export function StorageLine({ state }: { state: VaultState }) {
  if (state.status === "loading") {
    return (
      <p className="muted storage-line" aria-busy="true">
        Checking secret storage…
      </p>
    );
  }
  if (state.status === "failed") {
    const { code } = state.error;
    if (code === "keyring_unavailable") {
      return (
        <div className="error" role="alert" data-testid="keyring-unavailable">
          <p className="error-title">{explain(code, "github", null).title}</p>
          <p>
            Ampel keeps the key that encrypts your tokens in the system keyring. Install and unlock
            gnome-keyring or KWallet (any Secret Service provider), then reopen this page.
          </p>
          <p className="muted" data-testid="error-message">
            {state.error.message}
          </p>
        </div>
      );
    }
    return <ErrorMessage error={state.error} what="Could not read the secret storage details." />;
  }
  const { vault } = state;
  return (
    <>
      <p className="storage-line" data-testid="storage-line">
        Tokens are encrypted with a key kept in <strong>{vault.backend}</strong>
      </p>
      {vault.weakerMode && (
        <div className="notice warn" role="alert" data-testid="weaker-mode-warning">
          <p>
            <strong>Weaker mode:</strong> no system keyring is available, so the encryption key is
            kept in a file next to the database. Anyone who can read your files can decrypt the
            tokens. Install gnome-keyring or KWallet to use the keyring instead.
          </p>
          {vault.detail && <p className="muted">{vault.detail}</p>}
        </div>
      )}
      {!vault.weakerMode && vault.keyState !== "ok" && (
        <div className="notice warn" role="alert" data-testid="key-state-warning" data-key-state={vault.keyState}>
          <p>
            {vault.keyState === "missing"
              ? "The encryption key is missing from the keyring."
              : "The keyring could not give Ampel the encryption key."}{" "}
            {vault.detail}
          </p>
        </div>
      )}
      {vault.tokensToReenter > 0 && (
        <p className="note warn" data-testid="tokens-to-reenter">
          {vault.tokensToReenter === 1
            ? "1 account needs its token re-entered"
            : `${String(vault.tokensToReenter)} accounts need their tokens re-entered`}
          : use Replace token on it.
        </p>
      )}
    </>
  );
}
