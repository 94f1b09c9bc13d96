// The one door from components to Rust: unwraps tauri-specta's Result and throws a coded ApiError.
import { commands, type AppError, type AppInfo } from "./bindings";

export type { AppInfo };

/** The error codes Rust can send, plus "internal" for failures Tauri itself reports. */
export type ErrorCode = AppError["code"];

/** A failed command; the UI branches on `code`, never on `message`. */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).code === "string" &&
    typeof (value as Record<string, unknown>).message === "string"
  );
}

/**
 * Unwraps a command result. Framework failures (unknown command, ACL denial) reject with a
 * bare string rather than an AppError, so those become code "internal".
 */
export async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  const result = await call;
  if (result.status === "ok") return result.data;
  const error: unknown = result.error;
  if (isAppError(error)) throw new ApiError(error.code, error.message);
  throw new ApiError("internal", typeof error === "string" ? error : JSON.stringify(error));
}

export const api = {
  appInfo: (): Promise<AppInfo> => unwrap(commands.appInfo()),
};
