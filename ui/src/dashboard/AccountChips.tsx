// Chips only for accounts with something wrong — a failed or postponed sync, an API budget below 10 % — so a healthy setup costs no line.
import type { AccountSync } from "../api";
import { budget, chipMessage, chipTitle, lowBudget } from "./format";

interface Props {
  accounts: readonly AccountSync[];
  /** Offline: the banner already says no forge answers, so "can't reach" chips are left out. */
  offline?: boolean;
}

export function AccountChips({ accounts, offline = false }: Props) {
  const enabled = accounts.filter((a) => a.enabled);
  const failed = enabled.filter((a) => a.errorCode && !(offline && a.errorCode === "unreachable"));
  const low = enabled.filter((a) => !a.errorCode && lowBudget(a));
  if (failed.length === 0 && low.length === 0) return null;
  return (
    <div className="dash-accounts">
      <ul className="account-chips" aria-label="Accounts that need attention">
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
        {low.map((a) => (
          <li
            key={a.accountId}
            className="account-chip budget-chip"
            data-testid="budget-chip"
            data-account-name={a.name}
            title={chipTitle(a)}
          >
            <strong>{a.name}</strong>: {budget(a)}
          </li>
        ))}
      </ul>
    </div>
  );
}
