// Where the token key lives (vault_status): no alarm on a first run, the lost-key alarm only when
// accounts exist, and without a keyring what is missing plus the explicit key-file opt-in.
import { ErrorMessage } from "../components/ErrorMessage";
import { explain } from "./diagnosis";
import { KeyFileOptIn } from "./KeyFileOptIn";
import type { VaultState } from "./useVault";

function NoKeyring({ detail, accounts, onChanged }: { detail: string | null; accounts: number; onChanged: () => void }) {
  return (
    <>
      <div className="error" role="alert" data-testid="keyring-unavailable">
        <p className="error-title">{explain("keyring_unavailable", "github", null).title}</p>
        <p>
          Ampel keeps the key that encrypts your tokens in the system keyring, through the Secret Service
          on the session bus, and none answered. Install and start gnome-keyring or KWallet (on Debian
          and Ubuntu: <code>sudo apt install gnome-keyring</code>), unlock its login keyring, then reopen
          this page.
        </p>
        {detail && (
          <p className="muted" data-testid="error-message">
            {detail}
          </p>
        )}
      </div>
      <KeyFileOptIn accounts={accounts} onDone={onChanged} />
    </>
  );
}

export function StorageLine({ state, onChanged }: { state: VaultState; onChanged: () => void }) {
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
      return <NoKeyring detail={state.error.message} accounts={0} onChanged={onChanged} />;
    }
    return <ErrorMessage error={state.error} what="Could not read the secret storage details." />;
  }
  const { vault } = state;
  if (vault.keyState === "unavailable") {
    return <NoKeyring detail={vault.detail} accounts={vault.accounts} onChanged={onChanged} />;
  }
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
      {vault.keyState === "not_created" && (
        <p className="muted" data-testid="key-not-created">
          No encryption key yet: it is created with your first account.
        </p>
      )}
      {vault.keyState === "missing" && (
        <div className="notice warn" role="alert" data-testid="key-state-warning" data-key-state="missing">
          <p>
            The encryption key is missing although{" "}
            {vault.accounts === 1 ? "1 account exists" : `${String(vault.accounts)} accounts exist`}: their
            tokens cannot be decrypted. Was the keyring reset? Re-enter each token with Replace token.
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
