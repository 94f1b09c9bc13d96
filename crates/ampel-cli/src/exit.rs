//! Exit codes and error reporting: one code per class of failure, so scripts
//! can branch without parsing messages.

use ampel_store::StoreError;
use std::process::ExitCode;

/// What the process exit status means: one meaning a code, listed by `--help` and the
/// README from [`Exit::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Internal = 1,
    Usage = 2,
    Keyring = 3,
    AccountNotFound = 4,
    Busy = 5,
    TokenUnusable = 6,
    Credentials = 7,
    Network = 8,
    Refused = 9,
    NotFound = 10,
}

impl Exit {
    /// Every exit status the CLI returns, in code order.
    pub const ALL: [Exit; 11] = [
        Exit::Success,
        Exit::Internal,
        Exit::Usage,
        Exit::Keyring,
        Exit::AccountNotFound,
        Exit::Busy,
        Exit::TokenUnusable,
        Exit::Credentials,
        Exit::Network,
        Exit::Refused,
        Exit::NotFound,
    ];

    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// What the code means (one line).
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "success",
            Exit::Internal => "unexpected failure (database or file system)",
            Exit::Usage => {
                "bad input or usage (invalid value, duplicate name, token on the command line)"
            }
            Exit::Keyring => "keyring trouble (keyring unavailable or locked, key file unusable)",
            Exit::AccountNotFound => "account not found",
            Exit::Busy => "database busy (another Ampel process is writing); try again",
            Exit::TokenUnusable => {
                "a stored token cannot be used (re-enter it with `accounts set-token`)"
            }
            Exit::Credentials => {
                "the forge refused the credentials (invalid, expired, missing scope or write \
                 scope, SSO); `sync`: for any account"
            }
            Exit::Network => {
                "network or forge trouble (unreachable, rate limited, not a forge, server \
                 error); `sync`: an account failed so"
            }
            Exit::Refused => {
                "the forge refused the action on the pull request (conflict, head moved, \
                 branch protection, method, already closed); nothing was changed"
            }
            Exit::NotFound => {
                "pull request or repository not found (not in the cache, not watched, or \
                 the forge has none); `sync` first, or `mute --force`"
            }
        }
    }
}

/// The exit-code table, as `--help` and the README list it.
pub fn table() -> String {
    Exit::ALL
        .iter()
        .map(|e| format!("  {:>2}  {}", e.code(), e.meaning()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What `--help` says after the options.
pub fn help() -> String {
    format!(
        "Tokens are read only from standard input (--token-stdin), never from arguments.\n\n\
         Exit codes:\n{}",
        table()
    )
}

/// A CLI failure; the store's errors keep their codes.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// From the store or vault.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A token-looking value was passed as an argument.
    #[error(
        "argument {0} looks like a token; tokens are never accepted on the command line (other \
         processes and shell history can see it). Pipe it instead: ... | ampel-cli accounts add \
         ... --token-stdin"
    )]
    TokenOnArgv(usize),
    /// The forge refused the token or could not be asked.
    #[error(transparent)]
    Forge(Box<ampel_forge::ForgeError>),
    /// The token's forge user already has an account.
    #[error("{0}")]
    Duplicate(String),
    /// Bad input detected by the CLI itself.
    #[error("{0}")]
    Input(String),
    /// No data folder could be determined.
    #[error("no data folder: pass --data-dir or set AMPEL_DATA_DIR")]
    NoDataDir,
    /// An action on a pull request was refused or failed.
    #[error(transparent)]
    Action(Box<ampel_forge::actions::ActionError>),
    /// Some accounts failed to sync (exit status, how many); the report says why.
    #[error("{1} account(s) failed to sync")]
    SyncFailed(Exit, usize),
    /// A repository or pull request that the account does not know (with suggestions).
    #[error("{0}")]
    NotFound(String),
    /// No exclusion rule or profile of that id / name.
    #[error("{0}")]
    NoSuchFocus(String),
    /// The async runtime failed to start.
    #[error("could not start: {0}")]
    Runtime(String),
}

impl CliError {
    /// The stable error code printed with the message.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Store(StoreError::PrNotCached(_)) => "pr_not_cached",
            CliError::Store(e) => e.code(),
            CliError::NotFound(_) => "repo_not_found",
            CliError::NoSuchFocus(_) => "not_found",
            CliError::Forge(e) => e.code(),
            CliError::Action(e) => e.code(),
            CliError::Duplicate(_) => "duplicate_account",
            CliError::TokenOnArgv(_) | CliError::Input(_) | CliError::NoDataDir => "invalid_input",
            CliError::Runtime(_) => "internal",
            CliError::SyncFailed(Exit::Credentials, _) => "sync_credentials",
            CliError::SyncFailed(..) => "sync_failed",
        }
    }

    /// The process exit status for this failure.
    pub fn exit(&self) -> Exit {
        use ampel_forge::actions::ActionError;
        use ampel_forge::ErrorKind;
        let by_kind = |kind: ErrorKind, input: Exit| match kind {
            ErrorKind::Credentials => Exit::Credentials,
            ErrorKind::Network => Exit::Network,
            ErrorKind::Input => input,
        };
        match self {
            CliError::SyncFailed(exit, _) => *exit,
            CliError::Store(StoreError::PrNotCached(_))
            | CliError::NotFound(_)
            | CliError::NoSuchFocus(_) => Exit::NotFound,
            CliError::Action(e) => match e.as_ref() {
                ActionError::EmptyBody {}
                | ActionError::BadTarget { .. }
                | ActionError::OptionNotOffered { .. }
                | ActionError::ActionNotOffered { .. } => Exit::Usage,
                ActionError::NotFound { .. } => Exit::NotFound,
                ActionError::Forge(f) => by_kind(f.kind(), Exit::Usage),
                other => by_kind(other.kind(), Exit::Refused),
            },
            CliError::Forge(e) => by_kind(e.kind(), Exit::Usage),
            _ => match self.code() {
                "invalid_input" | "duplicate_name" | "duplicate_account" => Exit::Usage,
                "keyring_unavailable" | "keyring" | "key_file" => Exit::Keyring,
                "not_found" => Exit::AccountNotFound,
                "db_busy" => Exit::Busy,
                "key_mismatch" | "decrypt_failed" => Exit::TokenUnusable,
                _ => Exit::Internal,
            },
        }
    }
}

impl From<ampel_accounts::AccountsError> for CliError {
    fn from(e: ampel_accounts::AccountsError) -> Self {
        match e {
            ampel_accounts::AccountsError::Store(s) => CliError::Store(s),
            ampel_accounts::AccountsError::Forge(f) => CliError::Forge(f),
            d @ ampel_accounts::AccountsError::Duplicate { .. } => {
                CliError::Duplicate(d.to_string())
            }
        }
    }
}

/// Prints the error as `error[code]: message` on stderr and returns its exit code.
pub fn report(e: &CliError) -> ExitCode {
    eprintln!("error[{}]: {e}", e.code());
    ExitCode::from(e.exit().code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_has_one_meaning_and_the_readme_lists_the_same_table() {
        let codes: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        let expected: Vec<u8> = (0..=10).collect();
        assert_eq!(codes, expected, "codes 0..=10, each once, in order");
        let readme = include_str!("../../../README.md");
        assert!(
            readme.contains(&format!("```text\n{}\n```", table())),
            "README's exit-code block differs from --help's:\n{}",
            table()
        );
        assert!(help().ends_with(&table()));
    }

    #[test]
    fn a_pr_not_in_the_cache_is_not_found_never_refused_nor_account_not_found() {
        let e = CliError::Store(StoreError::PrNotCached("octo/app#9".into()));
        assert_eq!(e.exit(), Exit::NotFound);
        let e = CliError::Action(Box::new(ampel_forge::actions::ActionError::NotFound {
            provider: ampel_core::Provider::Gitlab,
            what: "acme/app#9".into(),
        }));
        assert_eq!(e.exit(), Exit::NotFound);
        let e = CliError::Store(StoreError::NotFound("Work".into()));
        assert_eq!(e.exit(), Exit::AccountNotFound);
    }
}
