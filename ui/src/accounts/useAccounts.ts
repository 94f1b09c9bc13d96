// Loads the account list, reloads it on demand and whenever Rust emits accountsChanged.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError, type Account, type ApiError } from "../api";
import { attachThenRead } from "../listen";

export type AccountsState =
  | { status: "loading" }
  | { status: "ready"; accounts: Account[] }
  | { status: "failed"; error: ApiError };

export function useAccounts(): { state: AccountsState; reload: () => Promise<void> } {
  const [state, setState] = useState<AccountsState>({ status: "loading" });
  const live = useRef(true);

  const reload = useCallback(
    () =>
      api.listAccounts().then(
        (accounts) => {
          if (live.current) setState({ status: "ready", accounts });
        },
        (e: unknown) => {
          if (live.current) setState({ status: "failed", error: toApiError(e) });
        },
      ),
    [],
  );

  // The first read waits for the listener, so accounts changed before it was attached are seen.
  useEffect(() => {
    live.current = true;
    const detach = attachThenRead(
      [
        api.onAccountsChanged(() => {
          void reload();
        }),
      ],
      () => void reload(),
    );
    return () => {
      live.current = false;
      detach();
    };
  }, [reload]);

  return { state, reload };
}
