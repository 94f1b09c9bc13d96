// Loads the account list, reloads it on demand and whenever Rust emits accountsChanged.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError, type Account, type ApiError } from "../api";

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

  useEffect(() => {
    live.current = true;
    let unlisten: (() => void) | null = null;
    let cancelled = false;
    api.listAccounts().then(
      (accounts) => {
        if (live.current) setState({ status: "ready", accounts });
      },
      (e: unknown) => {
        if (live.current) setState({ status: "failed", error: toApiError(e) });
      },
    );
    api
      .onAccountsChanged(() => {
        void reload();
      })
      .then(
        (stop) => {
          if (cancelled) stop();
          else unlisten = stop;
        },
        () => undefined,
      );
    return () => {
      live.current = false;
      cancelled = true;
      unlisten?.();
    };
  }, [reload]);

  return { state, reload };
}
