// A small coloured pill for states (expiry, status); the tone sets the colour, the text says it.
import type { ReactNode } from "react";

export type Tone = "ok" | "warn" | "bad" | "neutral";

interface Props {
  tone: Tone;
  testId?: string;
  children: ReactNode;
  /** Extra data-* attributes the end-to-end tests read (data-level, data-status). */
  data?: Record<`data-${string}`, string>;
}

export function Badge({ tone, testId, children, data }: Props) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} {...data}>
      {children}
    </span>
  );
}
