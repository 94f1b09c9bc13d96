// Step 2 of Add Account: the guide's fields for one provider, shape warnings, Test Connection and Save.
import { useEffect, useRef, useState, type SyntheticEvent } from "react";
import {
  api,
  toApiError,
  type Account,
  type AccountInput,
  type ApiError,
  type ProviderId,
  type TestReport,
  type Warning,
} from "../api";
import { ExternalLink } from "../components/ExternalLink";
import { TextField, TokenField } from "../components/Field";
import { Spinner } from "../components/Spinner";
import { DiagnosisView } from "./DiagnosisView";
import { fieldError, isUnreachable } from "./errors";
import { BITBUCKET_API_TOKEN_HELP, providerForm } from "./providers";
import { ScopeChecklist } from "./ScopeChecklist";
import { TestResult } from "./TestResult";

interface Props {
  provider: ProviderId;
  accounts: Account[];
  onBack: () => void;
  onCancel: () => void;
  onSaved: (account: Account) => void;
}

/** How long typing must pause before the token's shape is checked. */
const SHAPE_DEBOUNCE_MS = 150;

function BitbucketNotice() {
  return (
    <div className="notice" data-testid="app-password-notice" role="note">
      <p>
        <strong>Bitbucket app passwords no longer work.</strong> The guide asks for an app
        password, but Atlassian stopped app passwords on 28 July 2026. Create an{" "}
        <ExternalLink href={BITBUCKET_API_TOKEN_HELP}>API token with scopes</ExternalLink> instead
        and enter your Atlassian account email as the Username.
      </p>
      <p>Workspace and repository access tokens (ATCTT…) also work, without a username.</p>
    </div>
  );
}

export function AccountForm({ provider, accounts, onBack, onCancel, onSaved }: Props) {
  const form = providerForm(provider);
  const [name, setName] = useState("");
  const [baseUrl, setBaseUrl] = useState(form.baseUrlDefault);
  const [username, setUsername] = useState("");
  // The token lives only in memory here (and uncontrolled in the input), never in the DOM's attributes.
  const [token, setToken] = useState("");
  const [advanced, setAdvanced] = useState(false);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [recommended, setRecommended] = useState<string[]>([]);
  const [busy, setBusy] = useState<"test" | "save" | null>(null);
  const [report, setReport] = useState<TestReport | null>(null);
  const [testError, setTestError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [linkError, setLinkError] = useState<ApiError | null>(null);
  const nameRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    nameRef.current?.querySelector("input")?.focus();
  }, []);

  useEffect(() => {
    let live = true;
    api.recommendedScopes(provider).then(
      (scopes) => {
        if (live) setRecommended(scopes);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [provider]);

  // Inline shape warnings while typing: a local check in Rust, no network.
  const shapeUser = form.username ? username.trim() || null : null;
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      if (token === "") {
        setWarnings([]);
        return;
      }
      api.checkTokenShape(provider, token, shapeUser).then(
        (found) => {
          if (live) setWarnings(found);
        },
        () => {
          if (live) setWarnings([]);
        },
      );
    }, SHAPE_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [provider, token, shapeUser]);

  useEffect(() => {
    if (report || testError) resultRef.current?.focus();
  }, [report, testError]);

  useEffect(() => {
    if (saveError) errorRef.current?.focus();
  }, [saveError]);

  const input = (): AccountInput => ({
    provider,
    name: name.trim(),
    baseUrl: baseUrl.trim() || null,
    username: form.username ? username.trim() || null : null,
    token,
  });

  /** Any edit makes the last answer stale. */
  const edited = () => {
    setReport(null);
    setTestError(null);
    setSaveError(null);
  };

  const test = async () => {
    if (busy) return;
    setBusy("test");
    edited();
    try {
      setReport(await api.testConnection(input()));
    } catch (e) {
      setTestError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  const save = async (validate: boolean) => {
    if (busy) return;
    setBusy("save");
    setSaveError(null);
    try {
      onSaved(await api.addAccount(input(), validate));
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  const replaceExisting = async (id: string) => {
    if (busy) return;
    setBusy("save");
    try {
      onSaved(await api.replaceToken(id, token, true));
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  const openTokenPage = async () => {
    setLinkError(null);
    try {
      await api.openUrl(await api.tokenPage(provider, baseUrl.trim() || null));
    } catch (e) {
      setLinkError(toApiError(e));
    }
  };

  // Keyboard rule: Enter anywhere in the form means Save (validated). Test Connection is its own button.
  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    void save(true);
  };

  const lastError = saveError ?? testError;
  const offerUnverified =
    isUnreachable(report?.diagnosis ?? null) || isUnreachable(testError) || isUnreachable(saveError);
  const baseUrlError = fieldError(lastError, "base_url");
  const showBaseUrl = form.baseUrl !== "advanced" || advanced || baseUrlError !== null;
  const existing = saveError?.code === "duplicate_account" ? saveError.existingAccountId : null;
  const existingName = accounts.find((a) => a.id === existing)?.name ?? "the existing account";

  const baseUrlField = (
    <TextField
      label="Base URL"
      testId="field-base-url"
      type="url"
      value={baseUrl}
      placeholder={form.baseUrlPlaceholder}
      hint={form.baseUrlHelp}
      required={form.baseUrl === "required"}
      error={baseUrlError}
      onChange={(v) => {
        setBaseUrl(v);
        edited();
      }}
    />
  );

  return (
    <form className="account-form" onSubmit={onSubmit} noValidate>
      <p className="form-provider">
        <span className="muted">Provider:</span> <strong>{form.label}</strong>{" "}
        <button type="button" className="link-button" data-testid="provider-back" onClick={onBack}>
          Change
        </button>
      </p>
      {provider === "bitbucket" && <BitbucketNotice />}
      <div ref={nameRef}>
        <TextField
          label="Account Name"
          testId="field-name"
          value={name}
          placeholder={form.namePlaceholder}
          hint={`A friendly name (e.g., "${form.namePlaceholder}")`}
          error={fieldError(lastError, "name")}
          onChange={(v) => {
            setName(v);
            setSaveError(null);
          }}
        />
      </div>
      {form.username && (
        <TextField
          label="Username"
          testId="field-username"
          type="email"
          value={username}
          placeholder="you@example.com"
          hint="Your Atlassian account email for API tokens (your Bitbucket username only worked with app passwords)"
          error={fieldError(lastError, "username")}
          onChange={(v) => {
            setUsername(v);
            edited();
          }}
        />
      )}
      <TokenField
        label={form.tokenLabel}
        testId="field-token"
        hint={form.tokenHelp}
        error={fieldError(lastError, "token")}
        required
        onChange={(v) => {
          setToken(v);
          edited();
        }}
      />
      {warnings.length > 0 && (
        <ul className="shape-warnings" aria-live="polite">
          {warnings.map((w) => (
            <li key={w.code} data-testid="shape-warning" data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
      <p className="token-link">
        <button type="button" className="link-button" data-testid="create-token-link" onClick={() => void openTokenPage()}>
          Create a token on {form.label} ↗
        </button>
      </p>
      {linkError && (
        <p className="field-error" data-testid="create-token-error">
          {linkError.message}
        </p>
      )}
      {form.baseUrl === "advanced" && (
        <div className="advanced">
          <button
            type="button"
            className="link-button"
            data-testid="toggle-advanced"
            aria-expanded={showBaseUrl}
            onClick={() => {
              setAdvanced((a) => !a);
            }}
          >
            {showBaseUrl ? "▾" : "▸"} Advanced
          </button>
        </div>
      )}
      {showBaseUrl && baseUrlField}
      <ScopeChecklist recommended={recommended} validation={report?.validation ?? null} />
      <TestResult ref={resultRef} provider={provider} report={report} error={testError} />
      {saveError && (
        <div ref={errorRef} tabIndex={-1} className="dialog-error" role="alert">
          <DiagnosisView
            testId="dialog-error"
            code={saveError.code}
            provider={provider}
            diagnosis={saveError.diagnosis}
            message={saveError.diagnosis?.message ?? saveError.message}
          />
          {existing && (
            <button
              type="button"
              className="button"
              data-testid="replace-existing"
              disabled={busy !== null}
              onClick={() => void replaceExisting(existing)}
            >
              Replace token of {existingName}
            </button>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="button"
          data-testid="test-connection"
          disabled={busy !== null}
          aria-busy={busy === "test"}
          onClick={() => void test()}
        >
          {busy === "test" && <Spinner label="Testing the connection" testId="test-spinner" />}
          Test Connection
        </button>
        {offerUnverified && (
          <button
            type="button"
            className="button"
            data-testid="save-unverified"
            disabled={busy !== null}
            onClick={() => void save(false)}
          >
            Save without testing
          </button>
        )}
        <button
          type="submit"
          className="button primary"
          data-testid="save-account"
          disabled={busy !== null}
          aria-busy={busy === "save"}
        >
          {busy === "save" && <Spinner label="Saving" testId="save-spinner" />}
          Save
        </button>
      </div>
    </form>
  );
}
