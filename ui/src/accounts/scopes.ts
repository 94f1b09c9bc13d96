// Decides each recommended scope's state (recommended / granted / missing / unknown) from a test.
import type { ValidationView } from "../api";

export type ScopeState = "recommended" | "granted" | "missing" | "unknown";

export interface ScopeItem {
  scope: string;
  state: ScopeState;
}

/**
 * Before a test every scope is "recommended". After one: granted when the forge listed it, or
 * when every feature it serves is already served by another granted scope (e.g. `user` covers
 * `read:user`); unknown when the forge does not report scopes (fine-grained GitHub); else missing.
 */
export function scopeItems(recommended: string[], validation: ValidationView | null): ScopeItem[] {
  const extra = validation ? [...validation.missingRead, ...validation.missingWrite] : [];
  const all = [...recommended, ...extra.filter((s) => !recommended.includes(s))];
  return all.map((scope) => ({ scope, state: stateOf(scope, validation) }));
}

function stateOf(scope: string, v: ValidationView | null): ScopeState {
  if (!v) return "recommended";
  if (v.scopes?.includes(scope)) return "granted";
  if (v.missingRead.includes(scope) || v.missingWrite.includes(scope)) return "missing";
  const lines = v.checklist.filter((line) => line.anyOf.includes(scope));
  if (lines.length > 0 && lines.every((line) => line.granted === true)) return "granted";
  if (v.scopes === null || lines.some((line) => line.granted === null)) return "unknown";
  return "missing";
}

export const FEATURE_WORDS: Record<string, string> = {
  read_user: "Read your profile",
  read_orgs: "Read organizations",
  read_repos: "Read repositories",
  read_pull_requests: "Read pull requests",
  write: "Approve, merge and comment",
};
