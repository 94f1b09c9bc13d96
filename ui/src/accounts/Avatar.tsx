// A forge user's avatar: the image the app fetched and cached (a data: URL; the CSP allows no remote
// image), else the user's initials — never a broken-image icon, offline or not.
import { useState } from "react";
import type { ProviderId } from "../api";
import { providerLetters } from "../components/ProviderIcon";

interface Props {
  provider: ProviderId;
  /** A `data:` URL from the avatar cache, or null when there is none. */
  src: string | null;
  /** Login or name the initials come from (the provider's letters when empty). */
  name: string;
  alt: string;
  size: number;
  className: string;
}

/** Up to two initials of a login or name ("alice" → "A", "Bob Stone" → "BS"). */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter((w) => w.length > 0);
  return words
    .slice(0, 2)
    .map((w) => Array.from(w)[0]?.toUpperCase() ?? "")
    .join("");
}

export function Avatar({ provider, src, name, alt, size, className }: Props) {
  const [failed, setFailed] = useState<string | null>(null);
  if (src === null || failed === src) {
    return (
      <span
        className={`${className} provider-icon provider-${provider}`}
        role="img"
        aria-label={alt}
        data-testid="avatar-initials"
        style={{ width: size, height: size, fontSize: Math.max(9, Math.round(size * 0.4)) }}
      >
        {initials(name) || providerLetters(provider)}
      </span>
    );
  }
  return (
    <img
      className={className}
      src={src}
      alt={alt}
      width={size}
      height={size}
      data-testid="avatar-image"
      onError={() => {
        setFailed(src);
      }}
    />
  );
}
