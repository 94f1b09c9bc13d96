//! Bitbucket Cloud REST 2.0 under `/2.0`: `GET /user`, answering API tokens (Basic
//! with the Atlassian email), access tokens (Bearer, 403 with scope headers) and
//! removed app passwords the way Bitbucket does; the pull-request reads are in
//! `bitbucket_prs.rs`.

use crate::auth::{self, AuthKind};
use crate::fault;
use crate::reply::{self, CREATED};
use crate::state::{find_token, Shared};
use crate::token::{FakeToken, TokenKind};
use ampel_core::Provider;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

#[path = "bitbucket_actions.rs"]
mod actions;
#[path = "bitbucket_prs.rs"]
mod prs;
#[path = "bitbucket_repos.rs"]
mod repos;

/// Routes under `/bitbucket`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/2.0/user", get(user))
        .merge(prs::routes())
        .merge(repos::routes())
        .merge(actions::routes())
}

const INVALID: &str = "Token is invalid, expired, or not supported for this endpoint.";

fn unauthorized() -> Response {
    let mut resp = fault::error(Provider::Bitbucket, StatusCode::UNAUTHORIZED, INVALID);
    resp.headers_mut().insert(
        "www-authenticate",
        axum::http::HeaderValue::from_static("Basic realm=\"Bitbucket.org HTTP\""),
    );
    resp
}

fn scope_headers(t: &FakeToken, credential_type: &str) -> Vec<(&'static str, String)> {
    vec![
        ("x-credential-type", credential_type.to_string()),
        ("x-oauth-scopes", t.scopes.join(", ")),
        ("x-accepted-oauth-scopes", "account".to_string()),
        ("x-request-id", "7f3c2a1e9b8d4c6f".to_string()),
    ]
}

async fn user(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let p = auth::presented(&headers);
    let token = p
        .secret
        .as_deref()
        .and_then(|v| find_token(&state, Provider::Bitbucket, v));
    let Some(t) = token else {
        return unauthorized();
    };
    if t.is_expired() || t.revoked {
        return unauthorized();
    }
    match (&t.kind, p.kind) {
        (TokenKind::BitbucketApiToken { email }, AuthKind::Basic) => {
            let user_ok = p
                .username
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(email));
            if !user_ok {
                return unauthorized();
            }
            if !t.has_any_scope(&["read:user:bitbucket"]) {
                return reply::json(
                    StatusCode::FORBIDDEN,
                    json!({"type": "error", "error": {
                        "message": "Your credentials lack one or more required privilege scopes.",
                        "detail": {"granted": t.scopes, "required": ["read:user:bitbucket"]},
                    }}),
                    &scope_headers(&t, "api_token"),
                );
            }
            reply::json(
                StatusCode::OK,
                user_body(&t),
                &scope_headers(&t, "api_token"),
            )
        }
        (TokenKind::BitbucketAccessToken { credential_type }, AuthKind::Bearer) => reply::json(
            StatusCode::FORBIDDEN,
            json!({"type": "error", "error": {
                "message": "This API is only accessible with the following authentication types: session, password, apppassword, api_token"
            }}),
            &scope_headers(&t, credential_type),
        ),
        // App passwords were removed on 2026-07-28; every other pairing is refused.
        _ => unauthorized(),
    }
}

fn user_body(t: &FakeToken) -> serde_json::Value {
    let u = &t.user;
    let uuid = format!("{{d3b5f1a2-7c4e-4e1b-9a0f-{:012x}}}", u.id);
    json!({
        "display_name": u.name,
        "links": {
            "self": {"href": format!("https://api.bitbucket.org/2.0/users/{uuid}")},
            "avatar": {"href": format!("https://secure.gravatar.com/avatar/{:x}?d=identicon", u.id)},
            "repositories": {"href": format!("https://api.bitbucket.org/2.0/repositories/{uuid}")},
            "html": {"href": format!("https://bitbucket.org/{uuid}/")},
        },
        "created_on": CREATED,
        "type": "user",
        "uuid": uuid,
        "has_2fa_enabled": null,
        "is_staff": false,
        "account_id": format!("557058:{:08x}-5d1c-4f8e-9d2b-0c6a1e3f7b90", u.id),
        "nickname": u.login,
        "account_status": "active",
        "location": null,
    })
}
