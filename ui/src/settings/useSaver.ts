// One page's save status ("Saving…", "Saved", or the coded error of the last change).
import { useCallback, useEffect, useRef, useState } from "react";
import { toApiError, type ApiError } from "../api";
import type { FullSettings } from "./defaults";
import { useSettings } from "./SettingsContext";

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "failed"; error: ApiError };

export function useSaver(): { status: SaveStatus; change: (next: FullSettings) => void } {
  const { save } = useSettings();
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const seq = useRef(0);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const change = useCallback(
    (next: FullSettings) => {
      const mine = ++seq.current;
      setStatus({ kind: "saving" });
      save(next).then(
        () => {
          if (live.current && mine === seq.current) setStatus({ kind: "saved" });
        },
        (e: unknown) => {
          if (live.current && mine === seq.current) setStatus({ kind: "failed", error: toApiError(e) });
        },
      );
    },
    [save],
  );
  return { status, change };
}
