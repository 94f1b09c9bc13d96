// Each account's API budget in words, read from the cached dashboard, for Provider Accounts (the dashboard shows only low ones).
import { useEffect, useState } from "react";
import { api } from "../api";
import { budget } from "../dashboard/format";
import { attachThenRead } from "../listen";

/** Account id → "4,321 of 5,000 API requests left" (or "API budget not reported"); empty until read or when it fails. */
export function useBudgets(): ReadonlyMap<string, string> {
  const [budgets, setBudgets] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    const read = () => {
      api.dashboard().then(
        (d) => {
          if (live) setBudgets(new Map(d.accounts.map((a) => [a.accountId, budget(a)])));
        },
        // Without the cache the rows just leave the budget out.
        () => undefined,
      );
    };
    const detach = attachThenRead([api.onDashboardChanged(read)], read);
    return () => {
      live = false;
      detach();
    };
  }, []);
  return budgets;
}
