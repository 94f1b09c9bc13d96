// Turns a diagnosis or error code into the words of the guide's Troubleshooting section.
import type { Diagnosis, ProviderId } from "../api";
import { providerForm } from "./providers";

export interface Explanation {
  title: string;
  /** What to do next, as the guide's bullets. */
  steps: string[];
}

function host(url: string | null | undefined): string {
  return url ?? "the forge";
}

/** The headline for a code, e.g. "Invalid token" or "Cannot reach https://…". */
export function diagnosisTitle(
  code: string,
  provider: ProviderId,
  diagnosis: Partial<Pick<Diagnosis, "url">> | null,
): string {
  return explain(code, provider, diagnosis).title;
}

export function explain(
  code: string,
  provider: ProviderId,
  diagnosis: Partial<Pick<Diagnosis, "url" | "missingScopes">> | null,
): Explanation {
  const form = providerForm(provider);
  switch (code) {
    case "invalid_token":
      return {
        title: "Invalid token",
        steps: [
          "Verify you copied the entire token (no truncation)",
          "Check for extra whitespace when pasting",
          "Ensure the token hasn't expired",
          "Confirm the token has the required scopes",
        ],
      };
    case "insufficient_scope": {
      const missing = diagnosis?.missingScopes ?? [];
      return {
        title: "Insufficient permissions",
        steps: [
          ...(missing.length > 0 ? [`Add the missing scope: ${missing.join(", ")}`] : []),
          "Review the token scopes/permissions",
          form.scopeHint,
        ],
      };
    }
    case "token_expired":
      return {
        title: "Token expired",
        steps: [
          "Create a new token (tokens can't be renewed) and update the account",
          "Consider using a longer expiration next time",
        ],
      };
    case "unreachable":
      return {
        title: `Cannot reach ${host(diagnosis?.url)}`,
        steps: [
          "Check your network connection, VPN or proxy, and the Base URL",
          "You can save without testing: the account is tested automatically when the forge is reachable",
        ],
      };
    case "sso_required":
      return {
        title: "SSO authorization required",
        steps: [
          "Your organization uses SAML single sign-on: authorize this token for the organization, then test again",
        ],
      };
    case "rate_limited":
      return {
        title: "Rate limited",
        steps: ["The forge's rate limit is used up; test again after it resets"],
      };
    case "not_a_forge":
      return {
        title: `This is not a ${form.short} API at ${host(diagnosis?.url)}`,
        steps: ["Check the Base URL: it must be the address of your " + form.label + " server"],
      };
    case "bitbucket_app_password_removed":
      return {
        title: "Bitbucket app passwords no longer work",
        steps: [
          "Atlassian removed app passwords on 28 July 2026",
          "Create an API token with scopes (account, repositories and pull requests: read) instead",
          "Enter your Atlassian account email as the Username",
        ],
      };
    case "bad_base_url":
      return {
        title: "The Base URL cannot be used",
        steps: ["Enter an https:// address such as " + form.baseUrlPlaceholder],
      };
    case "missing_username":
      return {
        title: "Username required",
        steps: ["Bitbucket API tokens need your Atlassian account email as the Username"],
      };
    case "forbidden":
      return { title: "Access refused", steps: ["Review the token scopes/permissions"] };
    case "server_error":
      return { title: `${form.short} had a problem`, steps: ["Try again in a few minutes"] };
    case "duplicate_name":
      return { title: "An account with this name already exists", steps: ["Choose another Account Name"] };
    case "duplicate_account":
      return { title: "This account is already connected", steps: ["Replace its token instead"] };
    case "invalid_input":
      return { title: "Check the form", steps: [] };
    case "keyring_unavailable":
      return {
        title: "The system keyring is not available",
        steps: [
          "Install and unlock gnome-keyring or KWallet (a Secret Service provider), then try again",
        ],
      };
    case "key_mismatch":
      return {
        title: "Token must be re-entered",
        steps: ["The encryption key changed; replace the token to use this account again"],
      };
    default:
      return { title: "Something went wrong", steps: [] };
  }
}
