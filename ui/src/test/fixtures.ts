// Shared test data and an IPC mock for app_info, so each test states only what differs.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppInfo } from "../api";

export const APP_INFO: AppInfo = {
  version: "9.8.7-test",
  identifier: "dev.ampel.test",
  dataDir: "/tmp/ampel-test-data",
  keyringService: "dev.ampel.test.keyring",
  secretBackend: "Secret Service (gnome-keyring)",
};

/** Answers app_info with `info`, or rejects with `error` (as Rust does for a command error). */
export function mockAppInfo(reply: { info: AppInfo } | { error: unknown }): string[] {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd !== "app_info") throw new Error(`unexpected command ${cmd}`);
    // Rust command errors reach the webview as plain {code, message} objects, not Error instances.
    if ("error" in reply) throw reply.error;
    return reply.info;
  });
  return calls;
}
