// Add Account, as the guide describes it: pick the provider, fill its fields, Test Connection, Save.
import { useEffect, useRef, useState } from "react";
import type { Account, ProviderId } from "../api";
import { Dialog } from "../components/Dialog";
import { AccountForm } from "./AccountForm";
import { PROVIDERS, providerForm } from "./providers";

interface Props {
  /** Existing accounts, to name the one a duplicate_account error points at. */
  accounts: Account[];
  onClose: () => void;
  onSaved: (account: Account) => void;
}

function ProviderPicker({ onPick }: { onPick: (provider: ProviderId) => void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  return (
    <div className="provider-picker" role="group" aria-label="Select the provider">
      <p className="muted">Select the provider</p>
      {PROVIDERS.map((p, i) => (
        <button
          key={p.id}
          ref={i === 0 ? first : undefined}
          type="button"
          className="provider-choice"
          data-testid={`provider-${p.id}`}
          onClick={() => {
            onPick(p.id);
          }}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}

export function AddAccountDialog({ accounts, onClose, onSaved }: Props) {
  const [provider, setProvider] = useState<ProviderId | null>(null);
  return (
    <Dialog
      title={provider ? `Add ${providerForm(provider).label} Account` : "Add Account"}
      testId="add-account-dialog"
      onClose={onClose}
      wide
    >
      {provider === null ? (
        <ProviderPicker onPick={setProvider} />
      ) : (
        <AccountForm
          key={provider}
          provider={provider}
          accounts={accounts}
          onBack={() => {
            setProvider(null);
          }}
          onCancel={onClose}
          onSaved={onSaved}
        />
      )}
    </Dialog>
  );
}

