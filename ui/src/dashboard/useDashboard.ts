// Loads the cached dashboard, reloads it on dashboardChanged / accountsChanged, and runs Refresh with progress.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError, type ApiError, type Dashboard, type SyncProgress } from "../api";
import { attachThenRead } from "../listen";

export type DashboardState =
  | { status: "loading" }
  /** `at`: performance.now() when this data arrived, for the render timing. */
  | { status: "ready"; data: Dashboard; at: number }
  | { status: "failed"; error: ApiError };

/** How a Refresh ended: the fresh dashboard, or why it failed (the cached rows stay). */
export type RefreshOutcome = { ok: true; data: Dashboard } | { ok: false; error: ApiError };

export interface DashboardHook {
  state: DashboardState;
  /** True while any refresh runs (this window's button, or the automatic one). */
  refreshing: boolean;
  /** The last account finished in the running refresh, if any. */
  progress: SyncProgress | null;
  /** Why the last Refresh failed (the cached rows stay shown). */
  refreshError: ApiError | null;
  refresh: () => Promise<RefreshOutcome>;
}

export function useDashboard(): DashboardHook {
  const [state, setState] = useState<DashboardState>({ status: "loading" });
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [refreshError, setRefreshError] = useState<ApiError | null>(null);
  const live = useRef(true);
  // Dashboards asked for, and the newest one shown: an older answer arriving late (read while a
  // refresh ran) must not replace a newer one.
  const asked = useRef(0);
  const shown = useRef(0);

  const show = useCallback((seq: number, data: Dashboard) => {
    if (!live.current || seq < shown.current) return;
    shown.current = seq;
    setState({ status: "ready", data, at: performance.now() });
  }, []);

  const reload = useCallback(async () => {
    const seq = ++asked.current;
    try {
      show(seq, await api.dashboard());
    } catch (e) {
      if (live.current) setState((s) => (s.status === "ready" ? s : { status: "failed", error: toApiError(e) }));
    }
  }, [show]);

  // The first read waits for the listeners, so a refresh that ends before they are attached
  // (its dashboardChanged unheard) is still seen: `refreshing` comes from the backend, not from
  // having heard every event.
  useEffect(() => {
    live.current = true;
    const detach = attachThenRead(
      [
        api.onDashboardChanged(() => {
          setProgress(null);
          void reload();
        }),
        api.onSyncProgress(setProgress),
        api.onAccountsChanged(() => void reload()),
      ],
      () => void reload(),
    );
    return () => {
      live.current = false;
      detach();
    };
  }, [reload]);

  const refresh = useCallback(async (): Promise<RefreshOutcome> => {
    setRunning(true);
    setProgress(null);
    setRefreshError(null);
    const seq = ++asked.current;
    try {
      const data = await api.refresh();
      show(seq, data);
      return { ok: true, data };
    } catch (e) {
      const error = toApiError(e);
      if (live.current) setRefreshError(error);
      return { ok: false, error };
    } finally {
      if (live.current) {
        setRunning(false);
        setProgress(null);
      }
    }
  }, [show]);

  const background =
    (state.status === "ready" && state.data.refreshing) || (progress !== null && progress.done < progress.total);
  return { state, refreshing: running || background, progress, refreshError, refresh };
}
