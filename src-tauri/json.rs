//! Transport types for the UI: what crosses IPC, built from core types at the
//! boundary. Times are RFC 3339 strings; a token only ever travels UI → core.

use ampel_core::Provider;
use ampel_forge::{ErrorReport, Report, ScopeCheck, ShapeWarning, Validation};
use ampel_store::{Account, TokenState, ValidationStatus, VaultStatus};
use serde::{Deserialize, Serialize};
use specta::Type;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A forge family as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum ProviderId {
    /// GitHub, GitHub Enterprise Server, ghe.com.
    Github,
    /// GitLab.com and self-managed GitLab.
    Gitlab,
    /// Bitbucket Cloud.
    Bitbucket,
    /// Gitea, Forgejo, Codeberg.
    Gitea,
}

impl From<ProviderId> for Provider {
    fn from(p: ProviderId) -> Self {
        match p {
            ProviderId::Github => Provider::Github,
            ProviderId::Gitlab => Provider::Gitlab,
            ProviderId::Bitbucket => Provider::Bitbucket,
            ProviderId::Gitea => Provider::Gitea,
        }
    }
}

impl From<Provider> for ProviderId {
    fn from(p: Provider) -> Self {
        match p {
            Provider::Github => ProviderId::Github,
            Provider::Gitlab => ProviderId::Gitlab,
            Provider::Bitbucket => ProviderId::Bitbucket,
            Provider::Gitea => ProviderId::Gitea,
        }
    }
}

/// What the Add Account form sends: the guide's fields.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountInput {
    /// The forge.
    pub provider: ProviderId,
    /// Account Name (unused by Test Connection).
    pub name: String,
    /// Base URL; empty or absent means the forge's cloud host.
    pub base_url: Option<String>,
    /// Bitbucket: the Atlassian account email (or legacy username).
    pub username: Option<String>,
    /// The token as pasted. Never sent back.
    pub token: String,
}

/// How an account's last validation went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Saved without asking the forge (offline); tested when it can be reached.
    NotVerified,
    /// The forge accepted the token.
    Verified,
    /// The forge refused the token; `statusDetail` has the code.
    Failed,
    /// The vault key changed: the token must be re-entered.
    TokenMustBeReentered,
}

/// A stored account, as listed in Settings > Provider Accounts.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    /// Stable id (UUID).
    pub id: String,
    /// The forge.
    pub provider: ProviderId,
    /// Friendly name.
    pub name: String,
    /// The forge's base URL.
    pub base_url: String,
    /// Username / email where the forge needs one.
    pub username: Option<String>,
    /// A safe hint such as `ghp_…3456`.
    pub token_hint: String,
    /// The token kind at the last validation (`github_classic`, `gitlab_personal`, …).
    pub token_kind: Option<String>,
    /// Login at the last successful validation.
    pub login: Option<String>,
    /// Display name at the last successful validation.
    pub display_name: Option<String>,
    /// The avatar as a `data:` URL from the local cache; `null`: show initials.
    pub avatar: Option<String>,
    /// Email, when the forge shares it.
    pub email: Option<String>,
    /// Scopes granted at the last validation.
    pub scopes: Vec<String>,
    /// Token expiry, when known.
    pub expires_at: Option<String>,
    /// When the token was last validated.
    pub last_validated_at: Option<String>,
    /// The validation outcome.
    pub status: AccountStatus,
    /// The diagnosis code of a failure (e.g. `invalid_token`).
    pub status_detail: Option<String>,
    /// Disabled accounts are kept but not synced.
    pub enabled: bool,
}

/// RFC 3339 text of a time (empty never happens for valid times).
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        let status = match (a.token_state, a.validation) {
            (TokenState::MustReenter, _) => AccountStatus::TokenMustBeReentered,
            (_, ValidationStatus::NotVerified) => AccountStatus::NotVerified,
            (_, ValidationStatus::Verified) => AccountStatus::Verified,
            (_, ValidationStatus::Failed) => AccountStatus::Failed,
        };
        let identity = a.identity.as_ref();
        AccountView {
            id: a.id.to_string(),
            provider: a.provider.into(),
            name: a.name.clone(),
            base_url: a.base_url.clone(),
            username: a.username.clone(),
            token_hint: a.token_hint.clone(),
            token_kind: a.token_kind.clone(),
            login: identity.map(|i| i.login.clone()),
            display_name: identity.and_then(|i| i.name.clone()),
            avatar: None,
            email: identity.and_then(|i| i.email.clone()),
            scopes: a.scopes.clone(),
            expires_at: a.token_expires_at.map(rfc3339),
            last_validated_at: a.last_validated_at.map(rfc3339),
            status,
            status_detail: a.validation_detail.clone(),
            enabled: a.enabled,
        }
    }
}

/// A warning about how a token looks, from before any network call.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Warning {
    /// `whitespace_stripped`, `wrong_provider`, `truncated`, `app_password`, …
    pub code: String,
    /// The sentence to show.
    pub message: String,
}

impl From<&ShapeWarning> for Warning {
    fn from(w: &ShapeWarning) -> Self {
        Warning {
            code: w.code.clone(),
            message: w.message.clone(),
        }
    }
}

/// One line of the scope checklist.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ScopeLine {
    /// `read_user`, `read_orgs`, `read_repos`, `read_pull_requests`, `write`.
    pub feature: String,
    /// Whether the dashboard needs it.
    pub required: bool,
    /// Any one of these serves it; the first is the one to add.
    pub any_of: Vec<String>,
    /// Granted? `null` when the forge does not tell.
    pub granted: Option<bool>,
}

impl From<&ScopeCheck> for ScopeLine {
    fn from(c: &ScopeCheck) -> Self {
        ScopeLine {
            feature: serde_json::to_value(c.feature)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            required: c.required,
            any_of: c.any_of.clone(),
            granted: c.granted,
        }
    }
}

/// What a successful Test Connection learnt.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ValidationView {
    /// Login; `null` for bot tokens (Bitbucket access tokens).
    pub login: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// The avatar as a `data:` URL (fetched by the app, cached); `null`: initials.
    pub avatar: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// `github_classic`, `github_fine_grained`, `gitlab_personal`, `bitbucket_api_token`, …
    pub token_kind: String,
    /// Scopes granted; `null` when the forge does not tell (fine-grained GitHub).
    pub scopes: Option<Vec<String>>,
    /// Granted versus needed, per feature.
    pub checklist: Vec<ScopeLine>,
    /// Scopes to add for reading pull requests.
    pub missing_read: Vec<String>,
    /// Scopes to add for approve / merge / comment.
    pub missing_write: Vec<String>,
    /// Expiry, when the token has one.
    pub expires_at: Option<String>,
    /// Where the token is managed.
    pub settings_url: String,
    /// Other things worth telling.
    pub notes: Vec<String>,
}

impl From<&Validation> for ValidationView {
    fn from(v: &Validation) -> Self {
        let identity = v.identity.as_ref();
        ValidationView {
            login: identity.map(|i| i.login.clone()),
            name: identity.and_then(|i| i.name.clone()),
            avatar: None,
            email: identity.and_then(|i| i.email.clone()),
            token_kind: serde_json::to_value(v.token_kind)
                .ok()
                .and_then(|k| k.as_str().map(str::to_string))
                .unwrap_or_default(),
            scopes: v.scopes.clone(),
            checklist: v.checklist.iter().map(ScopeLine::from).collect(),
            missing_read: v.missing_read.clone(),
            missing_write: v.missing_write.clone(),
            expires_at: v.expires_at.map(rfc3339),
            settings_url: v.settings_url.clone(),
            notes: v.notes.clone(),
        }
    }
}

/// A forge's refusal, with what to do next.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// The stable code: `invalid_token`, `token_expired`, `insufficient_scope`,
    /// `sso_required`, `rate_limited`, `unreachable`, `not_a_forge`,
    /// `bitbucket_app_password_removed`, `bad_base_url`, …
    pub code: String,
    /// `credentials`, `network` or `input`.
    pub kind: String,
    /// The explanation, for people.
    pub message: String,
    /// Scopes to add (insufficient_scope).
    pub missing_scopes: Vec<String>,
    /// Where to fix it (token settings, SSO authorisation).
    pub link: Option<String>,
    /// The URL tried (unreachable, not_a_forge).
    pub url: Option<String>,
}

impl From<&ErrorReport> for Diagnosis {
    fn from(r: &ErrorReport) -> Self {
        let json = serde_json::to_value(r).unwrap_or_default();
        let text = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let missing_scopes = json
            .get("missing")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Diagnosis {
            code: r.error.code().to_string(),
            kind: text("kind").unwrap_or_default(),
            message: r.message.clone(),
            missing_scopes,
            link: text("settings_url").or_else(|| text("authorize_url")),
            url: text("url"),
        }
    }
}

/// The answer to Test Connection.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TestReport {
    /// True when the token can read pull requests.
    pub ok: bool,
    /// Shape warnings from before the call.
    pub warnings: Vec<Warning>,
    /// What the forge told, when it accepted the token.
    pub validation: Option<ValidationView>,
    /// Why not, when it did not.
    pub diagnosis: Option<Diagnosis>,
}

impl From<&Report> for TestReport {
    fn from(r: &Report) -> Self {
        TestReport {
            ok: r.ok,
            warnings: r.warnings.iter().map(Warning::from).collect(),
            validation: r.validation.as_ref().map(ValidationView::from),
            diagnosis: r.error.as_ref().map(Diagnosis::from),
        }
    }
}

/// A re-tested account and what the forge said.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Retest {
    /// The account after recording the answer.
    pub account: AccountView,
    /// The forge's answer.
    pub report: TestReport,
}

impl From<&ampel_accounts::Retested> for Retest {
    fn from(r: &ampel_accounts::Retested) -> Self {
        Retest {
            account: AccountView::from(&r.account),
            report: TestReport::from(&r.report),
        }
    }
}

/// Where the data key lives, for the storage line.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct VaultView {
    /// The backend, for people ("Secret Service (GNOME Keyring / KWallet)").
    pub backend: String,
    /// `keyring` or `file`.
    pub source: String,
    /// True in the weaker file mode; the UI must say so.
    pub weaker_mode: bool,
    /// `ok`, `not_created` (first run: made with the first account), `missing`
    /// (accounts exist, their key is gone) or `unavailable` (no keyring).
    pub key_state: String,
    /// Why the key is unavailable, when it is.
    pub detail: Option<String>,
    /// Accounts whose token must be re-entered.
    pub tokens_to_reenter: u32,
    /// How many accounts exist.
    pub accounts: u32,
}

impl VaultView {
    /// The view of `status`, naming `backend` for the keyring source.
    pub fn new(status: &VaultStatus, backend: &str) -> Self {
        VaultView {
            backend: if status.weaker_mode {
                status.location.clone()
            } else {
                backend.to_string()
            },
            source: status.source.to_string(),
            weaker_mode: status.weaker_mode,
            key_state: status.key_state.to_string(),
            detail: status.detail.clone(),
            tokens_to_reenter: u32::try_from(status.tokens_to_reenter).unwrap_or(u32::MAX),
            accounts: u32::try_from(status.accounts).unwrap_or(u32::MAX),
        }
    }
}
