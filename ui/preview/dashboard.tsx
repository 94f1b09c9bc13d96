// Dev-only: the app with mocked IPC and generated PRs (?n=5000, ?offline=1, ?theme=dark), for looks and the real-browser timing.
import { mockIPC } from "@tauri-apps/api/mocks";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { AccountSync, Dashboard, Settings, Theme } from "../src/api";
import { DEFAULTS } from "../src/settings/defaults";
import { App } from "../src/App";
import "../src/styles.css";
import { makeRows } from "../bench/rows";

const params = new URLSearchParams(location.search);
const rows = makeRows(Number(params.get("n") ?? "60"));
const names = new Map(rows.map((r) => [r.accountId, r]));
const accounts: AccountSync[] = [...names.values()].map((r, i) => ({
  accountId: r.accountId,
  name: r.accountName,
  provider: r.provider,
  enabled: true,
  lastSuccessAt: new Date(Date.now() - 180_000).toISOString(),
  errorCode: i === 1 ? "unreachable" : i === 2 ? "rate_limited" : null,
  errorMessage: i === 1 ? "connection refused" : i === 2 ? "API rate limit exceeded" : null,
  rateRemaining: i === 0 ? 4321 : i === 2 ? 0 : null,
  rateLimit: i === 0 || i === 2 ? 5000 : null,
  rateResetAt: i === 2 ? new Date(Date.now() + 1_800_000).toISOString() : null,
  capped: i === 0 ? [{ section: "mine", shown: 1000, total: 1234 }] : [],
}));
const data: Dashboard = {
  rows,
  accounts,
  lastSyncedAt: new Date(Date.now() - 180_000).toISOString(),
  offline: params.get("offline") === "1",
  refreshing: false,
  profile: null,
};

let settings: Settings = { ...DEFAULTS, theme: (params.get("theme") ?? "system") as Theme };

mockIPC(
  (cmd, args) => {
    if (cmd === "get_settings") return settings;
    if (cmd === "set_settings") {
      settings = (args as { settings: Settings }).settings;
      return settings;
    }
    if (cmd === "dashboard" || cmd === "refresh") return data;
    if (cmd === "list_accounts") return [];
    if (cmd === "watched_repos") return [];
    return null;
  },
  { shouldMockEvents: true },
);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
