//! The error shape that crosses IPC: a stable code the UI branches on, a message
//! for people that never contains a secret, and details where the UI acts on them.

use crate::json::Diagnosis;
use ampel_accounts::AccountsError;
use ampel_store::StoreError;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Stable error codes: the codes of the core crates, plus the shell's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Neither HOME nor AMPEL_DATA_DIR gives a data folder.
    NoDataDir,
    /// The database could not be opened at start-up; the message says why.
    StoreUnavailable,
    /// Refused input; `field` names it.
    InvalidInput,
    /// Another account already has this friendly name.
    DuplicateName,
    /// This forge user already has an account; `existingAccountId` names it.
    DuplicateAccount,
    /// No such account.
    NotFound,
    /// The OS keyring is missing or locked.
    KeyringUnavailable,
    /// The OS keyring refused a request.
    Keyring,
    /// The weaker mode's key file cannot be used.
    KeyFile,
    /// The vault key changed: the token must be re-entered.
    KeyMismatch,
    /// A stored token did not decrypt (damaged or moved).
    DecryptFailed,
    /// Another process holds the database.
    DbBusy,
    /// Unexpected data in the database.
    DbCorrupt,
    /// Another database failure.
    Db,
    /// A file-system failure.
    Io,
    /// The forge refused the token.
    InvalidToken,
    /// The token has expired.
    TokenExpired,
    /// The token lacks a scope; `diagnosis.missingScopes` names it.
    InsufficientScope,
    /// GitHub SAML SSO authorisation is needed.
    SsoRequired,
    /// The forge's rate limit is exhausted.
    RateLimited,
    /// The forge could not be reached: offer "Save without testing".
    Unreachable,
    /// Something else answered at that URL.
    NotAForge,
    /// Bitbucket app passwords were removed.
    BitbucketAppPasswordRemoved,
    /// The base URL cannot be used.
    BadBaseUrl,
    /// Bitbucket needs the account email.
    MissingUsername,
    /// The forge refused access for another reason.
    Forbidden,
    /// The forge failed (5xx).
    ServerError,
    /// A GraphQL query answered with errors.
    GraphqlError,
    /// The token cannot write: `scope` names what to add, `settingsUrl` where.
    MissingWriteScope,
    /// A merge rule (branch protection, reviews, checks, draft) blocks the merge.
    MergeBlocked,
    /// The pull request conflicts with its target branch.
    MergeConflict,
    /// New commits since the last sync: nothing was merged.
    HeadMoved,
    /// The head commit is not known (not synced): refresh first.
    HeadUnknown,
    /// The merge method is not allowed.
    MethodNotAllowed,
    /// Already merged or closed.
    AlreadyClosed,
    /// The forge refused the action for another reason; the message says which.
    Refused,
    /// A comment or change request needs a text.
    EmptyBody,
    /// The repository or number cannot be used.
    BadTarget,
    /// The base branch merges only through its merge queue / train: add it to the queue.
    QueueRequired,
    /// The repository does not allow auto-merge.
    AutoMergeNotAllowed,
    /// What was asked is already so (auto-merge on, queued, up to date): nothing changed.
    AlreadySo,
    /// The forge's API has no such action: nothing was sent.
    ActionNotOffered,
    /// An option the forge's API cannot carry out: nothing was sent.
    OptionNotOffered,
    /// The first step of a two-step action was done, the second refused.
    PartlyDone,
    /// Anything the UI cannot act on; the message says what happened.
    Internal,
}

impl ErrorCode {
    /// The code for a core crate's code text; unknown texts are `internal`.
    pub fn from_code(code: &str) -> Self {
        serde_json::from_value(serde_json::Value::String(code.to_string()))
            .unwrap_or(ErrorCode::Internal)
    }
}

/// `{code, message, …}` as the UI receives it.
#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    /// What went wrong, for the UI to branch on.
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
    /// The refused field, for `invalid_input`.
    pub field: Option<String>,
    /// The account that already exists, for `duplicate_account`.
    pub existing_account_id: Option<String>,
    /// The forge's diagnosis, for forge errors.
    pub diagnosis: Option<Box<Diagnosis>>,
    /// The scope to add and where, for `missing_write_scope`.
    pub missing_write: Option<Box<MissingWrite>>,
}

/// What a read-only token needs before it can approve, comment or merge.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MissingWrite {
    /// The scope to add ("add <scope> to this token").
    pub scope: String,
    /// Where the token is edited.
    pub settings_url: String,
}

impl AppError {
    /// An error with a code and a message for people.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            field: None,
            existing_account_id: None,
            diagnosis: None,
            missing_write: None,
        }
    }
}

impl From<ampel_sync::ActFailure> for AppError {
    fn from(e: ampel_sync::ActFailure) -> Self {
        match e {
            ampel_sync::ActFailure::Store(s) => s.into(),
            ampel_sync::ActFailure::Action(ampel_forge::actions::ActionError::Forge(f)) => {
                AccountsError::Forge(Box::new(f)).into()
            }
            ampel_sync::ActFailure::Action(a) => {
                let report = a.report();
                let mut err = AppError::new(ErrorCode::from_code(a.code()), report.message);
                if let Some(scope) = report.scope {
                    err.missing_write = Some(Box::new(MissingWrite {
                        scope,
                        settings_url: report.settings_url.unwrap_or_default(),
                    }));
                }
                err
            }
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let mut err = AppError::new(ErrorCode::from_code(e.code()), e.to_string());
        if let StoreError::Input(input) = &e {
            err.field = Some(input.field.to_string());
        }
        err
    }
}

impl From<AccountsError> for AppError {
    fn from(e: AccountsError) -> Self {
        match e {
            AccountsError::Store(e) => e.into(),
            AccountsError::Forge(f) => {
                let report = f.report();
                let mut err = AppError::new(ErrorCode::from_code(f.code()), report.message.clone());
                err.diagnosis = Some(Box::new(Diagnosis::from(&report)));
                err
            }
            AccountsError::Duplicate { ref existing } => {
                let mut err = AppError::new(ErrorCode::DuplicateAccount, e.to_string());
                err.existing_account_id = Some(existing.id.to_string());
                err
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() -> Result<(), serde_json::Error> {
        let json = serde_json::to_value(AppError::new(ErrorCode::NoDataDir, "no home"))?;
        assert_eq!(json["code"], "no_data_dir");
        assert_eq!(json["message"], "no home");
        Ok(())
    }

    #[test]
    fn every_core_code_has_its_own_variant() {
        let codes = [
            "invalid_input",
            "duplicate_name",
            "not_found",
            "keyring_unavailable",
            "keyring",
            "key_file",
            "key_mismatch",
            "decrypt_failed",
            "db_busy",
            "db_corrupt",
            "db",
            "io",
            "invalid_token",
            "token_expired",
            "insufficient_scope",
            "sso_required",
            "rate_limited",
            "unreachable",
            "not_a_forge",
            "bitbucket_app_password_removed",
            "bad_base_url",
            "missing_username",
            "forbidden",
            "server_error",
            "graphql_error",
            "missing_write_scope",
            "merge_blocked",
            "merge_conflict",
            "head_moved",
            "head_unknown",
            "method_not_allowed",
            "already_closed",
            "refused",
            "empty_body",
            "bad_target",
            "queue_required",
            "auto_merge_not_allowed",
            "already_so",
            "action_not_offered",
            "option_not_offered",
            "partly_done",
        ];
        for code in codes {
            assert_ne!(
                ErrorCode::from_code(code),
                ErrorCode::Internal,
                "{code} is unmapped"
            );
        }
        assert_eq!(ErrorCode::from_code("something_new"), ErrorCode::Internal);
    }
}
