//! Reading tokens from standard input, and refusing them on the command line.

use crate::exit::CliError;
use ampel_core::account::{looks_like_token, parse_token, MAX_TOKEN_BYTES};
use ampel_core::Secret;
use std::ffi::OsString;
use std::io::Read;
use zeroize::Zeroizing;

/// The 1-based position of the first argument that looks like a token.
pub fn token_on_argv(args: impl Iterator<Item = OsString>) -> Option<usize> {
    args.enumerate()
        .find(|(_, a)| a.to_str().is_some_and(looks_like_token))
        .map(|(i, _)| i + 1)
}

/// Reads one token from standard input; surrounding whitespace is stripped.
pub fn token_from_stdin() -> Result<Secret, CliError> {
    let limit = MAX_TOKEN_BYTES * 4;
    let mut buf = Zeroizing::new(Vec::with_capacity(256));
    std::io::stdin()
        .lock()
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::Input(format!("could not read the token from stdin: {e}")))?;
    if buf.len() > limit {
        return Err(CliError::Input(format!(
            "invalid token: standard input holds more than {limit} bytes; is this really a token?"
        )));
    }
    let text = std::str::from_utf8(&buf)
        .map_err(|_| CliError::Input("invalid token: stdin is not UTF-8 text".into()))?;
    Ok(parse_token(text).map_err(ampel_store::StoreError::from)?)
}
