// A refused test or save in the guide's Troubleshooting words: headline, what to do, the detail line.
import type { Diagnosis, ProviderId } from "../api";
import { ExternalLink } from "../components/ExternalLink";
import { explain } from "./diagnosis";

interface Props {
  code: string;
  provider: ProviderId;
  diagnosis: Diagnosis | null;
  /** The detail line: diagnosis.message, or the error's message. */
  message: string;
  testId: string;
}

export function DiagnosisView({ code, provider, diagnosis, message, testId }: Props) {
  const { title, steps } = explain(code, provider, diagnosis);
  const link = diagnosis?.link ?? null;
  return (
    <div className="diagnosis" data-testid={testId} data-code={code}>
      <p className="diagnosis-title" data-testid={`${testId}-title`}>
        {title}
      </p>
      {steps.length > 0 && (
        <ul className="diagnosis-steps">
          {steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ul>
      )}
      {link && (
        <p>
          <ExternalLink href={link} testId={`${testId}-link`}>
            {code === "sso_required"
              ? "Authorize the token for SSO"
              : code === "insufficient_scope"
                ? "Add the scope in the token's settings"
                : "Open the token's settings"}
          </ExternalLink>
        </p>
      )}
      {message && (
        <p className="diagnosis-message muted" data-testid={`${testId}-message`}>
          {message}
        </p>
      )}
    </div>
  );
}
