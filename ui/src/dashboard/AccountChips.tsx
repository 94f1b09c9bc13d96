// One chip per account whose last sync failed or was postponed (its rows stay listed), plus each account's API budget.
import type { AccountSync } from "../api";
import { budget, chipMessage, chipTitle } from "./format";

export function AccountChips({ accounts }: { accounts: readonly AccountSync[] }) {
  const failed = accounts.filter((a) => a.enabled && a.errorCode);
  const budgets = accounts.filter((a) => a.enabled);
  if (failed.length === 0 && budgets.length === 0) return null;
  return (
    <div className="dash-accounts">
      {failed.length > 0 && (
        <ul className="account-chips" aria-label="Accounts that failed to sync">
          {failed.map((a) => (
            <li
              key={a.accountId}
              className="account-chip"
              data-testid="account-chip"
              data-account-name={a.name}
              data-error-code={a.errorCode}
              title={chipTitle(a)}
            >
              <strong>{a.name}</strong>: {chipMessage(a)}
            </li>
          ))}
        </ul>
      )}
      {budgets.length > 0 && (
        <p className="muted small" data-testid="rate-budget">
          {budgets.map((a) => `${a.name}: ${budget(a)}`).join(" · ")}
        </p>
      )}
    </div>
  );
}
