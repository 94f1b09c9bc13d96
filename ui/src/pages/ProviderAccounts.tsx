// Settings > Provider Accounts: the storage line, the account list with its actions, and Add Account.
import { useEffect, useRef, useState } from "react";
import type { Account } from "../api";
import { AccountRow, type RowDialog } from "../accounts/AccountRow";
import { AddAccountDialog } from "../accounts/AddAccountDialog";
import { RemoveDialog } from "../accounts/RemoveDialog";
import { RenameDialog } from "../accounts/RenameDialog";
import { ReplaceTokenDialog } from "../accounts/ReplaceTokenDialog";
import { StorageLine } from "../accounts/StorageLine";
import { useAccounts } from "../accounts/useAccounts";
import { useBudgets } from "../accounts/useBudgets";
import { useVault } from "../accounts/useVault";
import { WatchedDialog } from "../accounts/WatchedDialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageTitle } from "../components/PageTitle";

type Open = { kind: "add" } | { kind: RowDialog; account: Account } | null;

export function ProviderAccounts({ focusTitle }: { focusTitle: boolean }) {
  const { state, reload } = useAccounts();
  const vault = useVault();
  const budgets = useBudgets();
  const [open, setOpen] = useState<Open>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  // A removed row takes its focused button with it: land on Add Account rather than nowhere.
  useEffect(() => {
    if (!refocus.current || state.status === "loading") return;
    refocus.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) addButton.current?.focus();
  }, [state]);
  const accounts = state.status === "ready" ? state.accounts : [];

  const close = () => {
    setOpen(null);
  };
  const changed = () => {
    setOpen(null);
    vault.reload();
    refocus.current = true;
    void reload();
  };

  return (
    <>
      <PageTitle focus={focusTitle}>Provider Accounts</PageTitle>
      <div className="page-actions">
        <button
          type="button"
          className="button primary"
          data-testid="accounts-add"
          ref={addButton}
          onClick={() => {
            setOpen({ kind: "add" });
          }}
        >
          Add Account
        </button>
      </div>
      {state.status === "loading" && (
        <p className="muted" aria-busy="true" data-testid="accounts-loading">
          Loading accounts…
        </p>
      )}
      {state.status === "failed" && <ErrorMessage error={state.error} what="Could not load the accounts." />}
      {state.status === "ready" && accounts.length === 0 && (
        <section className="card" aria-labelledby="accounts-empty-heading" data-testid="accounts-empty">
          <h2 id="accounts-empty-heading">No provider accounts yet</h2>
          <p>
            Each account uses a personal access token. Ampel validates the token against the forge
            before saving it, and stores it encrypted on this computer; it is never shown again in
            full.
          </p>
        </section>
      )}
      {accounts.length > 0 && (
        <ul className="account-list" aria-label="Provider accounts" data-testid="account-list">
          {accounts.map((account) => (
            <AccountRow
              key={account.id}
              account={account}
              budget={budgets.get(account.id)}
              onChanged={() => {
                vault.reload();
                void reload();
              }}
              onDialog={(kind, a) => {
                setOpen({ kind, account: a });
              }}
            />
          ))}
        </ul>
      )}
      <section className="storage" aria-label="Token storage">
        <StorageLine state={vault.state} onChanged={vault.reload} />
      </section>
      {open?.kind === "add" && <AddAccountDialog accounts={accounts} onClose={close} onSaved={changed} />}
      {open?.kind === "rename" && <RenameDialog account={open.account} onClose={close} onDone={changed} />}
      {open?.kind === "replace" && (
        <ReplaceTokenDialog account={open.account} onClose={close} onDone={changed} />
      )}
      {open?.kind === "watched" && <WatchedDialog account={open.account} onClose={close} onDone={close} />}
      {open?.kind === "remove" && <RemoveDialog account={open.account} onClose={close} onDone={changed} />}
    </>
  );
}
