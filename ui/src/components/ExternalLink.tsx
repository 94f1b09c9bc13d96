// A link that opens in the user's browser via the opener plugin, never inside the app's webview.
import type { ReactNode } from "react";
import { api } from "../api";

interface Props {
  href: string;
  testId?: string;
  children: ReactNode;
}

export function ExternalLink({ href, testId, children }: Props) {
  return (
    <a
      href={href}
      data-testid={testId}
      target="_blank"
      rel="noreferrer"
      onClick={(e) => {
        e.preventDefault();
        api.openUrl(href).catch(() => undefined);
      }}
    >
      {children}
    </a>
  );
}
