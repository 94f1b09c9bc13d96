// Loads app_info once per page and exposes loading / ready / failed states with a coded error.
import { useEffect, useState } from "react";
import { api, toApiError, type ApiError, type AppInfo } from "./api";

export type AppInfoState =
  | { status: "loading" }
  | { status: "ready"; info: AppInfo }
  | { status: "failed"; error: ApiError };

export function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    api.appInfo().then(
      (info) => {
        if (live) setState({ status: "ready", info });
      },
      (e: unknown) => {
        if (live) setState({ status: "failed", error: toApiError(e) });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
