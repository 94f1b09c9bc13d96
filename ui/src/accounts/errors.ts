// Small predicates over coded errors, so the form and the dialogs branch on codes the same way.
import type { ApiError, Diagnosis } from "../api";

/** The forge could not be reached: the place to offer "Save without testing". */
export function isUnreachable(e: { code?: string; diagnosis?: Diagnosis | null } | null): boolean {
  if (!e) return false;
  return (
    e.code === "unreachable" || e.diagnosis?.code === "unreachable" || e.diagnosis?.kind === "network"
  );
}

/** The message to show beside a field, when an error names that field. */
export function fieldError(error: ApiError | null, field: string): string | null {
  if (!error) return null;
  if (error.code === "invalid_input" && error.field === field) return error.message;
  if (field === "username" && error.code === "missing_username") return error.message;
  if (field === "base_url" && error.code === "bad_base_url") return error.message;
  if (field === "name" && error.code === "duplicate_name") return error.message;
  return null;
}
