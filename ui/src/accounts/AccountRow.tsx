// One account in Settings > Provider Accounts: identity, token facts, status, and its actions.
import { useState } from "react";
import { api, toApiError, type Account, type ApiError, type TestReport } from "../api";
import { Badge, type Tone } from "../components/Badge";
import { ProviderIcon } from "../components/ProviderIcon";
import { Spinner } from "../components/Spinner";
import { Avatar } from "./Avatar";
import { explain } from "./diagnosis";
import { accountKind, ago, expiry, statusWords, tokenKindWords } from "./format";

export type RowDialog = "rename" | "replace" | "remove" | "watched";

interface Props {
  account: Account;
  onDialog: (dialog: RowDialog, account: Account) => void;
  /** Called after an action changed the account, to reload the list. */
  onChanged: () => void;
  /** Its API budget in words, from the last sync ("4,321 of 5,000 API requests left"). */
  budget?: string;
}

const STATUS_TONE: Record<Account["status"], Tone> = {
  verified: "ok",
  not_verified: "neutral",
  failed: "bad",
  token_must_be_reentered: "warn",
};

const EXPIRY_TONE = { ok: "neutral", warn: "warn", expired: "bad" } as const;

function retestWords(account: Account, report: TestReport): string {
  if (report.ok) return "Connection OK";
  const d = report.diagnosis;
  if (!d) return "Connection failed";
  return `${explain(d.code, account.provider, d).title}: ${d.message}`;
}

export function AccountRow({ account, onDialog, onChanged, budget }: Props) {
  const [busy, setBusy] = useState<"retest" | "toggle" | null>(null);
  const [retest, setRetest] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const exp = expiry(account.expiresAt);
  const knowsExpiry = account.expiresAt !== null || account.status === "verified";
  const kind = accountKind(account);

  const testAgain = async () => {
    setBusy("retest");
    setRetest(null);
    setError(null);
    try {
      const result = await api.retestAccount(account.id);
      setRetest(retestWords(account, result.report));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
      onChanged();
    }
  };

  const toggle = async () => {
    setBusy("toggle");
    setError(null);
    try {
      await api.setAccountEnabled(account.id, !account.enabled);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
      onChanged();
    }
  };

  const who = account.login
    ? account.displayName && account.displayName !== account.login
      ? `${account.login} (${account.displayName})`
      : account.login
    : (account.username ?? "not yet verified");

  return (
    <li
      className={account.enabled ? "account-row" : "account-row disabled"}
      data-testid="account-row"
      data-account-name={account.name}
      data-account-id={account.id}
      data-enabled={String(account.enabled)}
    >
      <ProviderIcon provider={account.provider} />
      <div className="account-main">
        <p className="account-title">
          <span className="account-name" data-testid="account-name">
            {account.name}
          </span>
          {!account.enabled && <Badge tone="neutral">Disabled</Badge>}
        </p>
        <p className="account-login" data-testid="account-login">
          <Avatar
            className="avatar small"
            provider={account.provider}
            src={account.avatar}
            name={account.displayName ?? account.login ?? account.name}
            alt={`Avatar of ${account.login ?? account.name}`}
            size={20}
          />
          {who}
          <span className="muted"> · {account.baseUrl}</span>
        </p>
        <p className="account-meta muted">
          <code data-testid="account-hint">{account.tokenHint}</code>
          {" · "}
          <span data-testid="account-kind">{tokenKindWords(kind)}</span>
          {" · "}
          <span data-testid="account-scopes">
            {account.scopes.length > 0 ? account.scopes.join(", ") : "scopes not reported"}
          </span>
        </p>
        <p className="account-state">
          <Badge tone={STATUS_TONE[account.status]} testId="account-status" data={{ "data-status": account.status }}>
            {statusWords(account)}
          </Badge>
          {knowsExpiry && (
            <Badge tone={EXPIRY_TONE[exp.level]} testId="account-expiry" data={{ "data-level": exp.level }}>
              {exp.text}
            </Badge>
          )}
          {budget && (
            <span className="muted" data-testid="account-budget">
              {budget}
            </span>
          )}
          <span className="muted" data-testid="account-validated">
            {account.lastValidatedAt ? `validated ${ago(account.lastValidatedAt)}` : "never validated"}
          </span>
        </p>
        <div aria-live="polite">
          {busy === "retest" && <Spinner label={`Testing ${account.name}`} testId="account-retest-spinner" />}
          {retest && (
            <p className="note" data-testid="account-retest-result">
              {retest}
            </p>
          )}
          {error && (
            <p className="field-error" role="alert" data-testid="account-error" data-code={error.code}>
              {explain(error.code, account.provider, error.diagnosis).title}: {error.message}
            </p>
          )}
        </div>
      </div>
      <div className="account-actions">
        <button
          type="button"
          className="button small"
          data-testid="account-retest"
          aria-label={`Test again: ${account.name}`}
          disabled={busy !== null}
          onClick={() => void testAgain()}
        >
          Test again
        </button>
        <button
          type="button"
          className="button small"
          data-testid="account-rename"
          aria-label={`Rename ${account.name}`}
          onClick={() => {
            onDialog("rename", account);
          }}
        >
          Rename
        </button>
        <button
          type="button"
          className={account.status === "token_must_be_reentered" ? "button small primary" : "button small"}
          data-testid="account-replace-token"
          aria-label={`Replace token of ${account.name}`}
          onClick={() => {
            onDialog("replace", account);
          }}
        >
          Replace token
        </button>
        <button
          type="button"
          className="button small"
          data-testid="account-watched"
          aria-label={`Watched repositories of ${account.name}`}
          onClick={() => {
            onDialog("watched", account);
          }}
        >
          Watched repositories
        </button>
        <button
          type="button"
          className="button small"
          data-testid="account-toggle-enabled"
          aria-label={`${account.enabled ? "Disable" : "Enable"} ${account.name}`}
          disabled={busy !== null}
          onClick={() => void toggle()}
        >
          {account.enabled ? "Disable" : "Enable"}
        </button>
        <button
          type="button"
          className="button small danger"
          data-testid="account-remove"
          aria-label={`Remove ${account.name}`}
          onClick={() => {
            onDialog("remove", account);
          }}
        >
          Remove
        </button>
      </div>
    </li>
  );
}
