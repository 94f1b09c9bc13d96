//! The error shape that crosses IPC: a stable code the UI branches on, and a
//! message for people that never contains a secret.

use serde::Serialize;
use specta::Type;

/// Stable error codes. Add a variant only when the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Neither HOME nor AMPEL_DATA_DIR gives a data folder.
    NoDataDir,
    /// Anything the UI cannot act on; the message says what happened.
    Internal,
}

/// `{code, message}` as the UI receives it.
#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// What went wrong, for the UI to branch on.
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
}

impl AppError {
    /// An error with a code and a message for people.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() -> Result<(), serde_json::Error> {
        let json = serde_json::to_string(&AppError::new(ErrorCode::NoDataDir, "no home"))?;
        assert_eq!(json, r#"{"code":"no_data_dir","message":"no home"}"#);
        Ok(())
    }
}
