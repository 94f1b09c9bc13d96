//! Gitea / Forgejo REST under `/api/v1`: `GET /user` (needs `read:user`, reports a
//! missing scope only in a 403 message) and the unauthenticated `GET /version`;
//! the pull-request reads are in `gitea_prs.rs`.

use crate::auth::{self, AuthKind};
use crate::fault;
use crate::reply::{self, CREATED};
use crate::state::{find_token, Shared};
use ampel_core::Provider;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

#[path = "gitea_actions.rs"]
mod actions;
#[path = "gitea_prs.rs"]
mod prs;
#[path = "gitea_repos.rs"]
mod repos;

/// Routes under `/gitea`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/user", get(user))
        .route("/api/v1/version", get(version))
        .merge(prs::routes())
        .merge(repos::routes())
        .merge(actions::routes())
}

async fn version() -> Response {
    reply::json(StatusCode::OK, json!({"version": "1.24.6"}), &[])
}

async fn user(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let p = auth::presented(&headers);
    if p.kind == AuthKind::None {
        return fault::error(
            Provider::Gitea,
            StatusCode::UNAUTHORIZED,
            "token is required",
        );
    }
    let token = match p.kind {
        AuthKind::Token | AuthKind::Bearer | AuthKind::Basic => p
            .secret
            .and_then(|v| find_token(&state, Provider::Gitea, &v)),
        _ => None,
    };
    let Some(t) = token.filter(|t| !t.revoked && !t.is_expired()) else {
        return fault::error(
            Provider::Gitea,
            StatusCode::UNAUTHORIZED,
            "invalid username, password or token",
        );
    };
    if !t.has_any_scope(&["read:user", "write:user", "all"]) {
        return fault::error(
            Provider::Gitea,
            StatusCode::FORBIDDEN,
            "token does not have at least one of required scope(s): [read:user]",
        );
    }
    let u = &t.user;
    let body = json!({
        "id": u.id,
        "login": u.login,
        "login_name": "",
        "source_id": 0,
        "full_name": u.name,
        "email": u.email,
        "avatar_url": format!("https://gitea.example.com/avatars/{:x}", u.id),
        "html_url": format!("https://gitea.example.com/{}", u.login),
        "language": "en-US",
        "is_admin": false,
        "last_login": CREATED,
        "created": CREATED,
        "restricted": false,
        "active": true,
        "prohibit_login": false,
        "location": "",
        "website": "",
        "description": "",
        "visibility": "public",
        "followers_count": 0,
        "following_count": 0,
        "starred_repos_count": 0,
        "username": u.login,
    });
    reply::json(StatusCode::OK, body, &[])
}
