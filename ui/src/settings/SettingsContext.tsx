// Loads the settings once for the whole app, applies the theme, and saves complete objects through set_settings.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, toApiError, type ApiError } from "../api";
import { complete, type FullSettings } from "./defaults";
import { applyTheme } from "./theme";

export type SettingsState =
  | { status: "loading" }
  | { status: "ready"; settings: FullSettings }
  | { status: "failed"; error: ApiError }
  /** Rendered outside a SettingsProvider (component tests): nothing loaded, nothing applied. */
  | { status: "absent" };

export interface SettingsHook {
  state: SettingsState;
  /**
   * Shows `next` at once, sends it whole, then shows what Rust saved (normalised). On failure the
   * last saved settings come back and the coded ApiError is thrown.
   */
  save: (next: FullSettings) => Promise<FullSettings>;
}

const SettingsContext = createContext<SettingsHook>({
  state: { status: "absent" },
  save: () => Promise.reject(new Error("no SettingsProvider")),
});

export function useSettings(): SettingsHook {
  return useContext(SettingsContext);
}

/** The loaded settings, or null while loading / failed / outside a provider. */
export function useLoadedSettings(): FullSettings | null {
  const { state } = useSettings();
  return state.status === "ready" ? state.settings : null;
}

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SettingsState>({ status: "loading" });
  const saved = useRef<FullSettings | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (s) => {
        if (!live) return;
        const full = complete(s);
        saved.current = full;
        setState({ status: "ready", settings: full });
      },
      (e: unknown) => {
        if (live) setState({ status: "failed", error: toApiError(e) });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const theme = state.status === "ready" ? state.settings.theme : "system";
  useEffect(() => {
    applyTheme(theme);
  }, [theme]);
  useEffect(
    () => () => {
      applyTheme("system");
    },
    [],
  );

  const save = useCallback(async (next: FullSettings) => {
    const seq = ++latest.current;
    setState({ status: "ready", settings: next });
    try {
      const result = complete(await api.setSettings(next));
      saved.current = result;
      // An older answer must not overwrite what a newer change shows.
      if (seq === latest.current) setState({ status: "ready", settings: result });
      return result;
    } catch (e) {
      const back = saved.current;
      if (seq === latest.current && back) setState({ status: "ready", settings: back });
      throw toApiError(e);
    }
  }, []);

  const value = useMemo(() => ({ state, save }), [state, save]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}
