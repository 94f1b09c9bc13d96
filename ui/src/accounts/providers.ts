// Per-provider form wording taken from the user guide (with the Bitbucket API-token correction).
import type { ProviderId } from "../api";

export interface ProviderForm {
  id: ProviderId;
  /** The provider picker's label. */
  label: string;
  /** Short name used in sentences ("This is not a GitLab API at …"). */
  short: string;
  namePlaceholder: string;
  tokenLabel: string;
  tokenHelp: string;
  /** How the Base URL field appears: hidden under Advanced, shown with a default, or required. */
  baseUrl: "advanced" | "default" | "required";
  baseUrlDefault: string;
  baseUrlPlaceholder: string;
  baseUrlHelp: string;
  /** Bitbucket asks for a username (the Atlassian email for API tokens). */
  username: boolean;
  /** The guide's "Insufficient permissions" hint for this provider. */
  scopeHint: string;
}

export const PROVIDERS: readonly ProviderForm[] = [
  {
    id: "github",
    label: "GitHub",
    short: "GitHub",
    namePlaceholder: "My GitHub",
    tokenLabel: "Personal Access Token",
    tokenHelp: "Paste your GitHub token (ghp_… classic or github_pat_… fine-grained)",
    baseUrl: "advanced",
    baseUrlDefault: "",
    baseUrlPlaceholder: "https://github.example.com",
    baseUrlHelp:
      "Leave empty for github.com; enter https://github.example.com for Enterprise Server or https://SUBDOMAIN.ghe.com",
    username: false,
    scopeHint: "For GitHub: Ensure repo scope is enabled",
  },
  {
    id: "gitlab",
    label: "GitLab",
    short: "GitLab",
    namePlaceholder: "My GitLab",
    tokenLabel: "Personal Access Token",
    tokenHelp: "Paste your GitLab token",
    baseUrl: "default",
    baseUrlDefault: "https://gitlab.com",
    baseUrlPlaceholder: "https://gitlab.com",
    baseUrlHelp: "Leave default for GitLab.com, or enter your self-hosted URL",
    username: false,
    scopeHint: "For GitLab: Ensure api or read_api scope is enabled",
  },
  {
    id: "bitbucket",
    label: "Bitbucket",
    short: "Bitbucket",
    namePlaceholder: "My Bitbucket",
    tokenLabel: "API token",
    tokenHelp: "Paste your Bitbucket API token (ATATT…) or a workspace/repository access token (ATCTT…)",
    baseUrl: "advanced",
    baseUrlDefault: "",
    baseUrlPlaceholder: "https://api.bitbucket.org",
    baseUrlHelp: "Leave empty for bitbucket.org",
    username: true,
    scopeHint: "For Bitbucket: Ensure repositories and pull requests have read permission",
  },
  {
    id: "gitea",
    label: "Gitea / Forgejo",
    short: "Gitea",
    namePlaceholder: "My Gitea",
    tokenLabel: "Access Token",
    tokenHelp: "Paste your Gitea or Forgejo access token",
    baseUrl: "required",
    baseUrlDefault: "",
    baseUrlPlaceholder: "https://codeberg.org",
    baseUrlHelp: "Your instance's address, e.g. https://codeberg.org",
    username: false,
    scopeHint: "For Gitea / Forgejo: Ensure read:user, read:organization and read:repository are enabled",
  },
];

export function providerForm(id: ProviderId): ProviderForm {
  const form = PROVIDERS.find((p) => p.id === id);
  if (!form) throw new Error(`unknown provider ${id}`);
  return form;
}

/** Where Atlassian explains API tokens with scopes (the replacement for app passwords). */
export const BITBUCKET_API_TOKEN_HELP =
  "https://support.atlassian.com/bitbucket-cloud/docs/create-an-api-token/";
