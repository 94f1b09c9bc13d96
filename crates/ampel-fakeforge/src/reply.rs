//! Small helpers to build JSON responses with extra headers, shared by the forge routes.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// A JSON response with `headers` added (invalid header values are skipped).
pub(crate) fn json(status: StatusCode, body: Value, headers: &[(&str, String)]) -> Response {
    let mut resp = (status, axum::Json(body)).into_response();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            resp.headers_mut().append(n, v);
        }
    }
    resp
}

/// An RFC 3339 timestamp for bodies.
pub(crate) fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A fixed creation date for fake accounts.
pub(crate) const CREATED: &str = "2019-03-14T09:26:53Z";
