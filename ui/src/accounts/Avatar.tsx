// A forge user's avatar that falls back to the provider's initials whenever the image cannot be shown
// (http:// on a self-hosted forge, a host the CSP blocks, a 404), never a broken-image icon.
import { useState } from "react";
import type { ProviderId } from "../api";
import { providerLetters } from "../components/ProviderIcon";

interface Props {
  provider: ProviderId;
  src: string;
  alt: string;
  size: number;
  className: string;
}

export function Avatar({ provider, src, alt, size, className }: Props) {
  const [failed, setFailed] = useState<string | null>(null);
  if (failed === src) {
    return (
      <span
        className={`${className} provider-icon provider-${provider}`}
        role="img"
        aria-label={alt}
        data-testid="avatar-initials"
        style={{ width: size, height: size, fontSize: Math.max(9, Math.round(size * 0.4)) }}
      >
        {providerLetters(provider)}
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
