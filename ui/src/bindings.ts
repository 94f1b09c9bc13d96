// TEMPORARY stand-in for the file tauri-specta generates from Rust; it will be overwritten. Do not edit.

import { invoke } from "@tauri-apps/api/core";

export const commands = {
  async appInfo(): Promise<Result<AppInfo, AppError>> {
    try {
      return { status: "ok", data: await invoke<AppInfo>("app_info") };
    } catch (e) {
      if (e instanceof Error) throw e;
      return { status: "error", error: e as AppError };
    }
  },
};

export type AppInfo = {
  version: string;
  identifier: string;
  dataDir: string;
  keyringService: string;
  secretBackend: string;
};
export type AppError = { code: ErrorCode; message: string };
export type ErrorCode = "no_data_dir" | "internal";
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };
