// Loads the cached dashboard, reloads it on dashboardChanged / accountsChanged, and runs Refresh with progress.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, toApiError, type ApiError, type Dashboard, type SyncProgress } from "../api";

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

/** Subscribes to a Tauri event for the component's lifetime, even if it unmounts before `listen` resolves. */
function useListener(listen: () => Promise<() => void>) {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    listen().then(
      (unlisten) => {
        if (cancelled) unlisten();
        else stop = unlisten;
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [listen]);
}

export function useDashboard(): DashboardHook {
  const [state, setState] = useState<DashboardState>({ status: "loading" });
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [refreshError, setRefreshError] = useState<ApiError | null>(null);
  const live = useRef(true);

  const reload = useCallback(async () => {
    try {
      const data = await api.dashboard();
      if (live.current) setState({ status: "ready", data, at: performance.now() });
    } catch (e) {
      if (live.current) setState((s) => (s.status === "ready" ? s : { status: "failed", error: toApiError(e) }));
    }
  }, []);

  useEffect(() => {
    live.current = true;
    void reload();
    return () => {
      live.current = false;
    };
  }, [reload]);

  useListener(
    useCallback(
      () =>
        api.onDashboardChanged(() => {
          setProgress(null);
          void reload();
        }),
      [reload],
    ),
  );
  useListener(useCallback(() => api.onSyncProgress(setProgress), []));
  useListener(useCallback(() => api.onAccountsChanged(() => void reload()), [reload]));

  const refresh = useCallback(async (): Promise<RefreshOutcome> => {
    setRunning(true);
    setProgress(null);
    setRefreshError(null);
    try {
      const data = await api.refresh();
      if (live.current) setState({ status: "ready", data, at: performance.now() });
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
  }, []);

  const background =
    (state.status === "ready" && state.data.refreshing) || (progress !== null && progress.done < progress.total);
  return { state, refreshing: running || background, progress, refreshError, refresh };
}
