//! GitHub as served by GitHub Enterprise Server: REST under `/api/v3` (`GET /user`
//! with the scope, expiry and rate-limit headers real responses carry) and GraphQL
//! at `POST /api/graphql` for the dashboard search (see [`graphql`]).

mod actions;
mod automation;
mod graphql;
mod render;
mod repos;
mod search;

use crate::auth::{self, AuthKind};
use crate::fault;
use crate::reply::{self, CREATED};
use crate::state::{find_token, Shared};
use crate::token::{FakeToken, TokenKind};
use ampel_core::Provider;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;
use time::macros::format_description;

/// Routes under `/github`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v3/user", get(user))
        .route("/api/v3/user/repos", get(repos::user_repos))
        .route("/api/graphql", post(graphql::graphql))
        .route("/avatars/{*file}", get(avatar))
}

/// A public avatar image (GitHub Enterprise serves them on its own host), the same
/// small PNG for every user: what the app fetches and caches for the account list.
async fn avatar() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "image/png")],
        &include_bytes!("../assets/avatar.png")[..],
    )
}

/// The login of the user behind a valid (known, unexpired, unrevoked) token.
fn viewer(state: &Shared, headers: &HeaderMap) -> Option<String> {
    token_for(state, headers)
        .filter(|t| !t.is_expired() && !t.revoked)
        .map(|t| t.user.login)
}

fn token_for(state: &Shared, headers: &HeaderMap) -> Option<FakeToken> {
    let p = auth::presented(headers);
    match p.kind {
        AuthKind::Bearer | AuthKind::Token => p
            .secret
            .and_then(|v| find_token(state, Provider::Github, &v)),
        _ => None,
    }
}

async fn user(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let bad = || {
        fault::error(
            Provider::Github,
            StatusCode::UNAUTHORIZED,
            "Bad credentials",
        )
    };
    let Some(t) = token_for(&state, &headers) else {
        return bad();
    };
    if t.is_expired() || t.revoked {
        return bad();
    }
    if t.kind == TokenKind::GithubAppInstallation {
        return fault::error(
            Provider::Github,
            StatusCode::FORBIDDEN,
            "Resource not accessible by integration",
        );
    }
    let u = &t.user;
    let host = "https://github.example.com";
    let body = json!({
        "login": u.login,
        "id": u.id,
        "node_id": format!("MDQ6VXNlcj{}", u.id),
        // As GitHub Enterprise answers: avatars on its own host (so tests stay offline).
        "avatar_url": t.avatar.clone().unwrap_or_else(|| {
            let origin = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1");
            format!("http://{origin}/github/avatars/u/{}?v=4", u.id)
        }),
        "gravatar_id": "",
        "url": format!("{host}/api/v3/users/{}", u.login),
        "html_url": format!("{host}/{}", u.login),
        "type": "User",
        "site_admin": false,
        "name": u.name,
        "company": null,
        "blog": "",
        "location": null,
        "email": u.email,
        "hireable": null,
        "bio": null,
        "twitter_username": null,
        "public_repos": 8,
        "public_gists": 0,
        "followers": 3,
        "following": 0,
        "created_at": CREATED,
        "updated_at": CREATED,
    });
    let reset = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let mut headers: Vec<(&str, String)> = vec![
        ("x-github-media-type", "github.v3; format=json".into()),
        ("x-github-api-version-selected", "2022-11-28".into()),
        (
            "x-github-enterprise-version",
            "enterprise-server@3.17.2".into(),
        ),
        (
            "x-github-request-id",
            "C2C8:3A1E:1B2F3A:1C4D5E:6745A1B2".into(),
        ),
        ("x-ratelimit-limit", "5000".into()),
        ("x-ratelimit-remaining", "4999".into()),
        ("x-ratelimit-used", "1".into()),
        ("x-ratelimit-reset", reset.to_string()),
        ("x-ratelimit-resource", "core".into()),
        ("etag", format!("W/\"{:x}\"", u.id * 7919)),
    ];
    if t.kind == TokenKind::GithubClassic {
        headers.push(("x-oauth-scopes", t.scopes.join(", ")));
        headers.push(("x-accepted-oauth-scopes", String::new()));
    }
    if let Some(at) = t.expires_at {
        headers.push((
            "github-authentication-token-expiration",
            expiry_header(&t, at),
        ));
    }
    reply::json(StatusCode::OK, body, &headers)
}

/// Classic tokens get the `… UTC` form, fine-grained ones the numeric-offset form,
/// so clients meet both formats GitHub is known to send.
fn expiry_header(t: &FakeToken, at: time::OffsetDateTime) -> String {
    let utc = format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    let offset = format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] [offset_hour sign:mandatory][offset_minute]"
    );
    if t.kind == TokenKind::GithubFineGrained {
        let plus_two = time::UtcOffset::from_hms(2, 0, 0).unwrap_or(time::UtcOffset::UTC);
        at.to_offset(plus_two).format(offset).unwrap_or_default()
    } else {
        at.to_offset(time::UtcOffset::UTC)
            .format(utc)
            .unwrap_or_default()
    }
}
