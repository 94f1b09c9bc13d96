// The Test Connection result card: who the token belongs to and what it may do, or why it failed.
import type { Ref } from "react";
import type { ApiError, ProviderId, TestReport, ValidationView } from "../api";
import { ExternalLink } from "../components/ExternalLink";
import { Avatar } from "./Avatar";
import { DiagnosisView } from "./DiagnosisView";
import { expiry, tokenKindWords } from "./format";
import { FEATURE_WORDS } from "./scopes";

interface Props {
  provider: ProviderId;
  report: TestReport | null;
  error: ApiError | null;
  ref?: Ref<HTMLDivElement>;
}

function identity(v: ValidationView): string {
  if (v.login && v.name && v.name !== v.login) return `${v.login} (${v.name})`;
  return v.login ?? v.name ?? "Access token (not a user)";
}

function Identity({ v, provider }: { v: ValidationView; provider: ProviderId }) {
  const exp = expiry(v.expiresAt);
  return (
    <>
      <div className="result-identity">
        <Avatar
          className="avatar"
          provider={provider}
          src={v.avatar}
          name={v.name ?? v.login ?? ""}
          alt={`Avatar of ${v.login ?? v.name ?? "the token's user"}`}
          size={40}
        />
        <div>
          <p className="result-login" data-testid="result-login">
            {identity(v)}
          </p>
          {v.email && <p className="muted">{v.email}</p>}
        </div>
      </div>
      <dl className="info-list">
        <dt>Token</dt>
        <dd data-testid="result-kind">{tokenKindWords(v.tokenKind)}</dd>
        <dt>Expiry</dt>
        <dd data-testid="result-expiry" data-level={exp.level}>
          {exp.text}
        </dd>
        <dt>Scopes</dt>
        <dd data-testid="result-scopes">
          {v.scopes === null
            ? "scopes not reported"
            : v.scopes.length === 0
              ? "none"
              : v.scopes.join(", ")}
        </dd>
      </dl>
      {v.checklist.length > 0 && (
        <ul className="feature-list">
          {v.checklist.map((line) => (
            <li
              key={line.feature}
              data-testid="result-feature"
              data-feature={line.feature}
              data-granted={line.granted === null ? "unknown" : String(line.granted)}
            >
              <span aria-hidden="true">
                {line.granted === true ? "✓" : line.granted === false ? "✗" : "?"}
              </span>{" "}
              {FEATURE_WORDS[line.feature] ?? line.feature}
              {line.granted === false && line.anyOf[0] && (
                <span className="muted"> — add {line.anyOf[0]}</span>
              )}
              {line.granted === null && <span className="muted"> — not reported</span>}
            </li>
          ))}
        </ul>
      )}
      {v.missingRead.length > 0 && (
        <p className="note warn" data-testid="result-read-note">
          Cannot read pull requests: add {v.missingRead.join(", ")}
        </p>
      )}
      {v.missingWrite.length > 0 && (
        <p className="note" data-testid="result-write-note">
          Read-only: add {v.missingWrite.join(", ")} for approve/merge
        </p>
      )}
      {(v.missingRead.length > 0 || v.missingWrite.length > 0) && v.settingsUrl && (
        <p className="note">
          <ExternalLink href={v.settingsUrl} testId="result-settings-link">
            Open the token&apos;s settings to add scopes
          </ExternalLink>
        </p>
      )}
      {v.notes.map((note) => (
        <p className="note" key={note} data-testid="result-note">
          {note}
        </p>
      ))}
    </>
  );
}

export function TestResult({ provider, report, error, ref }: Props) {
  if (!report && !error) return null;
  const ok = report?.ok ?? false;
  const diagnosis = report?.diagnosis ?? error?.diagnosis ?? null;
  const code = diagnosis?.code ?? error?.code ?? null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={ok ? "result-card ok" : "result-card failed"}
      data-testid="test-result"
      data-ok={String(ok)}
      role="region"
      aria-label="Test Connection result"
    >
      <p className="result-headline">{ok ? "Connection OK" : "Connection failed"}</p>
      {report?.validation && <Identity v={report.validation} provider={provider} />}
      {code && (
        <DiagnosisView
          testId="diagnosis"
          code={code}
          provider={provider}
          diagnosis={diagnosis}
          message={diagnosis?.message ?? error?.message ?? ""}
        />
      )}
    </div>
  );
}
