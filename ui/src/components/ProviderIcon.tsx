// A letter badge per forge, drawn locally so the list never fetches logos.
import type { ProviderId } from "../api";

const MARKS: Record<ProviderId, { letters: string; name: string }> = {
  github: { letters: "GH", name: "GitHub" },
  gitlab: { letters: "GL", name: "GitLab" },
  bitbucket: { letters: "BB", name: "Bitbucket" },
  gitea: { letters: "Gt", name: "Gitea / Forgejo" },
};

/** The provider's initials ("GH"), also the fallback of an avatar that cannot be shown. */
export function providerLetters(provider: ProviderId): string {
  return MARKS[provider].letters;
}

export function ProviderIcon({ provider }: { provider: ProviderId }) {
  const mark = MARKS[provider];
  return (
    <span
      className={`provider-icon provider-${provider}`}
      role="img"
      aria-label={mark.name}
      data-testid="account-provider"
      data-provider={provider}
    >
      {mark.letters}
    </span>
  );
}
