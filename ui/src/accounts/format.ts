// Pure wording for account facts (token kind, expiry, status, times), shared by the list and the form.
import type { Account } from "../api";
import { diagnosisTitle } from "./diagnosis";

const DAY = 24 * 60 * 60 * 1000;

const KIND_WORDS: Record<string, string> = {
  github_classic: "Classic personal access token",
  github_fine_grained: "Fine-grained personal access token",
  github_oauth: "GitHub OAuth token",
  github_app_user: "GitHub App user token",
  github_app_installation: "GitHub App installation token",
  gitlab_personal: "GitLab personal access token",
  gitlab_project_or_group: "GitLab project or group access token",
  gitlab_other: "GitLab token (scopes not readable)",
  bitbucket_api_token: "Bitbucket API token",
  bitbucket_workspace_access_token: "Bitbucket workspace access token",
  bitbucket_project_access_token: "Bitbucket project access token",
  bitbucket_repository_access_token: "Bitbucket repository access token",
  bitbucket_app_password: "Bitbucket app password (no longer works)",
  gitea_token: "Gitea access token",
};

export function tokenKindWords(kind: string | null | undefined): string {
  if (!kind || kind === "unknown") return "Token";
  return KIND_WORDS[kind] ?? kind.replace(/_/g, " ");
}

/** A best guess from the token hint's prefix, for accounts listed before Rust sends tokenKind. */
export function kindFromHint(hint: string): string | null {
  if (hint.startsWith("ghp_")) return "github_classic";
  if (hint.startsWith("github_pat_")) return "github_fine_grained";
  if (hint.startsWith("glpat-")) return "gitlab_personal";
  if (hint.startsWith("ATATT")) return "bitbucket_api_token";
  if (hint.startsWith("ATBB")) return "bitbucket_app_password";
  return null;
}

export function accountKind(account: Account): string | null {
  return account.tokenKind ?? kindFromHint(account.tokenHint);
}

export type ExpiryLevel = "ok" | "warn" | "expired";

export interface Expiry {
  level: ExpiryLevel;
  text: string;
}

function days(n: number): string {
  return n === 1 ? "1 day" : `${String(n)} days`;
}

/** "expires in 5 days" (amber under 14 days), "expired 3 days ago", or "no expiry". */
export function expiry(expiresAt: string | null, now: Date = new Date()): Expiry {
  if (!expiresAt) return { level: "ok", text: "no expiry" };
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return { level: "ok", text: "expiry unknown" };
  const left = at - now.getTime();
  if (left <= 0) {
    const ago = Math.round(-left / DAY);
    return { level: "expired", text: ago === 0 ? "expired today" : `expired ${days(ago)} ago` };
  }
  const n = Math.round(left / DAY);
  return {
    level: left < 14 * DAY ? "warn" : "ok",
    text: n === 0 ? "expires today" : `expires in ${days(n)}`,
  };
}

/** "3 min ago", "2 h ago", "4 days ago", "just now". */
export function ago(iso: string, now: Date = new Date()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "at an unknown time";
  const seconds = Math.max(0, Math.round((now.getTime() - t) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${String(minutes)} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${String(hours)} h ago`;
  return `${days(Math.round(hours / 24))} ago`;
}

export function statusWords(account: Account): string {
  switch (account.status) {
    case "verified":
      return "Verified";
    case "not_verified":
      return "Not verified — will be tested when the forge is reachable";
    case "failed":
      return `Failed: ${diagnosisTitle(account.statusDetail ?? "", account.provider, null)}`;
    case "token_must_be_reentered":
      return "Token must be re-entered";
  }
}
