//! Exit codes and error reporting: one code per class of failure, so scripts
//! can branch without parsing messages.

use ampel_store::StoreError;
use std::process::ExitCode;

/// The exit-code table shown in `--help`.
pub const HELP: &str = "\
Tokens are read only from standard input (--token-stdin), never from arguments.

Exit codes:
  0  success
  1  unexpected failure (database or file system)
  2  bad input or usage (invalid value, duplicate name, token on the command line)
  3  keyring trouble (keyring unavailable or locked, key file unusable)
  4  account not found
  5  database busy (another Ampel process is writing); try again
  6  a stored token cannot be used (must be re-entered with `accounts set-token`)
  7  the forge refused the credentials (invalid, expired, missing scope, SSO,
     Bitbucket app password)
  8  network or forge trouble (unreachable, rate limited, not a forge, server error)
     (`sync`: 7 when any account's credentials were refused, else 8 when any failed)
  9  the forge refused the action on the pull request (`pr`: merge conflict, head
     moved since the last sync, blocked by branch protection / reviews / checks,
     method not allowed, already merged or closed); nothing was changed
     (`pr`: 7 also when the token lacks the write scope, which is named)";

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
    /// Some accounts failed to sync (exit code, how many); the report says why.
    #[error("{1} account(s) failed to sync")]
    SyncFailed(u8, usize),
    /// The async runtime failed to start.
    #[error("could not start: {0}")]
    Runtime(String),
}

impl CliError {
    /// The stable error code printed with the message.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Store(e) => e.code(),
            CliError::Forge(e) => e.code(),
            CliError::Action(e) => e.code(),
            CliError::Duplicate(_) => "duplicate_account",
            CliError::TokenOnArgv(_) | CliError::Input(_) | CliError::NoDataDir => "invalid_input",
            CliError::Runtime(_) => "internal",
            CliError::SyncFailed(7, _) => "sync_credentials",
            CliError::SyncFailed(..) => "sync_failed",
        }
    }

    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        if let CliError::SyncFailed(code, _) = self {
            return *code;
        }
        if let CliError::Action(e) = self {
            return match e.as_ref() {
                ampel_forge::actions::ActionError::EmptyBody {}
                | ampel_forge::actions::ActionError::BadTarget { .. }
                | ampel_forge::actions::ActionError::OptionNotOffered { .. } => 2,
                ampel_forge::actions::ActionError::NotFound { .. } => 4,
                ampel_forge::actions::ActionError::Forge(f) => match f.kind() {
                    ampel_forge::ErrorKind::Credentials => 7,
                    ampel_forge::ErrorKind::Network => 8,
                    ampel_forge::ErrorKind::Input => 2,
                },
                other => match other.kind() {
                    ampel_forge::ErrorKind::Credentials => 7,
                    ampel_forge::ErrorKind::Network => 8,
                    ampel_forge::ErrorKind::Input => 9,
                },
            };
        }
        if let CliError::Forge(e) = self {
            return match e.kind() {
                ampel_forge::ErrorKind::Credentials => 7,
                ampel_forge::ErrorKind::Network => 8,
                ampel_forge::ErrorKind::Input => 2,
            };
        }
        match self.code() {
            "invalid_input" | "duplicate_name" | "duplicate_account" => 2,
            "keyring_unavailable" | "keyring" | "key_file" => 3,
            "not_found" => 4,
            "db_busy" => 5,
            "key_mismatch" | "decrypt_failed" => 6,
            _ => 1,
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
    ExitCode::from(e.exit_code())
}
