// Loads vault_status once for the storage line (where the key lives, weaker mode, tokens to re-enter).
import { useCallback, useEffect, useState } from "react";
import { api, toApiError, type ApiError, type VaultView } from "../api";

export type VaultState =
  | { status: "loading" }
  | { status: "ready"; vault: VaultView }
  | { status: "failed"; error: ApiError };

export function useVault(): { state: VaultState; reload: () => void } {
  const [state, setState] = useState<VaultState>({ status: "loading" });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    api.vaultStatus().then(
      (vault) => {
        if (live) setState({ status: "ready", vault });
      },
      (e: unknown) => {
        if (live) setState({ status: "failed", error: toApiError(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [round]);
  const reload = useCallback(() => {
    setRound((r) => r + 1);
  }, []);
  return { state, reload };
}
