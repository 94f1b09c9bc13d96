//! Reads the credential a request presents, in each of the forms the four forges
//! accept, so routes can decide and the log can say which form was used.

use axum::http::{header, HeaderMap};
use base64::Engine;
use serde::Serialize;

/// The form of credential a request carried (logged instead of the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// No credential.
    None,
    /// `Authorization: Bearer …`.
    Bearer,
    /// `Authorization: token …` (GitHub legacy, Gitea).
    Token,
    /// `Authorization: Basic …`.
    Basic,
    /// GitLab's `PRIVATE-TOKEN` header.
    PrivateToken,
    /// Some other Authorization scheme.
    Other,
}

/// A credential pulled from a request.
pub(crate) struct Presented {
    pub kind: AuthKind,
    pub username: Option<String>,
    pub secret: Option<String>,
}

/// Parses the Authorization / PRIVATE-TOKEN headers.
pub(crate) fn presented(headers: &HeaderMap) -> Presented {
    if let Some(v) = headers.get("private-token").and_then(|v| v.to_str().ok()) {
        return Presented {
            kind: AuthKind::PrivateToken,
            username: None,
            secret: Some(v.trim().to_string()),
        };
    }
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Presented {
            kind: AuthKind::None,
            username: None,
            secret: None,
        };
    };
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let rest = rest.trim().to_string();
    match scheme.to_ascii_lowercase().as_str() {
        "bearer" => Presented {
            kind: AuthKind::Bearer,
            username: None,
            secret: Some(rest),
        },
        "token" => Presented {
            kind: AuthKind::Token,
            username: None,
            secret: Some(rest),
        },
        "basic" => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(rest.as_bytes())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_default();
            let (user, pass) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
            Presented {
                kind: AuthKind::Basic,
                username: Some(user.to_string()),
                secret: Some(pass.to_string()),
            }
        }
        _ => Presented {
            kind: AuthKind::Other,
            username: None,
            secret: None,
        },
    }
}
