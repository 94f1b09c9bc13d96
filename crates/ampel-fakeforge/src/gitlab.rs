//! GitLab REST v4 under `/api/v4`: `GET /user` and `GET /personal_access_tokens/self`,
//! with GitLab's OAuth-style error bodies for expired, revoked and under-scoped tokens,
//! the merge-request lists (in `gitlab_mrs.rs`), pipelines, jobs and approvals
//! (in `gitlab_pipelines.rs`), and each MR's reviewers with their review states
//! (in `gitlab_reviewers.rs`), and auto-merge, rebase and merge trains (in
//! `gitlab_automerge.rs`).

#[path = "gitlab_actions.rs"]
mod actions;
#[path = "gitlab_automerge.rs"]
mod automerge;
#[path = "gitlab_mrs.rs"]
mod mrs;
#[path = "gitlab_pipelines.rs"]
mod pipelines;
#[path = "gitlab_repos.rs"]
mod repos;
#[path = "gitlab_reviewers.rs"]
mod reviewers;

use crate::auth::{self, AuthKind};
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

/// Routes under `/gitlab`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v4/user", get(user))
        .route("/api/v4/personal_access_tokens/self", get(token_self))
        .route("/api/v4/projects", get(repos::projects))
        .route("/api/v4/merge_requests", get(mrs::list_mine))
        .route(
            "/api/v4/projects/{id}/merge_requests",
            get(mrs::list_project),
        )
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}",
            get(mrs::single),
        )
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/approvals",
            get(pipelines::approvals),
        )
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/reviewers",
            get(reviewers::reviewers_of),
        )
        .route("/api/v4/projects/{id}/pipelines", get(pipelines::list))
        .route(
            "/api/v4/projects/{id}/pipelines/{pipeline_id}/jobs",
            get(pipelines::jobs),
        )
        .merge(actions::routes())
        .merge(automerge::routes())
}

/// The token, or the 401 GitLab answers instead.
fn authenticate(state: &Shared, headers: &HeaderMap) -> Result<FakeToken, Box<Response>> {
    let p = auth::presented(headers);
    let token = match p.kind {
        AuthKind::Bearer | AuthKind::PrivateToken => p
            .secret
            .and_then(|v| find_token(state, Provider::Gitlab, &v)),
        _ => None,
    };
    let Some(t) = token else {
        return Err(Box::new(reply::json(
            StatusCode::UNAUTHORIZED,
            json!({"message": "401 Unauthorized"}),
            &[],
        )));
    };
    let oauth_error = |desc: &str| {
        reply::json(
            StatusCode::UNAUTHORIZED,
            json!({"error": "invalid_token", "error_description": desc}),
            &[(
                "www-authenticate",
                format!("Bearer realm=\"\", error=\"invalid_token\", error_description=\"{desc}\""),
            )],
        )
    };
    if t.revoked {
        return Err(Box::new(oauth_error(
            "Token was revoked. You have to re-authorize from the user.",
        )));
    }
    if t.is_expired() {
        return Err(Box::new(oauth_error(
            "Token is expired. You can either do re-authorization or token refresh.",
        )));
    }
    Ok(t)
}

fn rate_headers() -> Vec<(&'static str, String)> {
    let reset = time::OffsetDateTime::now_utc().unix_timestamp() + 60;
    vec![
        ("ratelimit-name", "throttle_authenticated_api".into()),
        ("ratelimit-limit", "2000".into()),
        ("ratelimit-observed", "1".into()),
        ("ratelimit-remaining", "1999".into()),
        ("ratelimit-reset", reset.to_string()),
        (
            "x-gitlab-meta",
            "{\"correlation_id\":\"01JD5Y8ZK3\",\"version\":\"1\"}".into(),
        ),
    ]
}

async fn user(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let t = match authenticate(&state, &headers) {
        Ok(t) => t,
        Err(resp) => return *resp,
    };
    if !t.has_any_scope(&["api", "read_api", "read_user"]) {
        return reply::json(
            StatusCode::FORBIDDEN,
            json!({
                "error": "insufficient_scope",
                "error_description": "The request requires higher privileges than provided by the access token.",
                "scope": "api read_api read_user",
            }),
            &[],
        );
    }
    let u = &t.user;
    let body = json!({
        "id": u.id,
        "username": u.login,
        "public_email": u.email,
        "name": u.name,
        "state": "active",
        "locked": false,
        "avatar_url": format!("https://secure.gravatar.com/avatar/{:x}?s=80&d=identicon", u.id),
        "web_url": format!("https://gitlab.example.com/{}", u.login),
        "created_at": CREATED,
        "bio": "",
        "location": "",
        "linkedin": "",
        "twitter": "",
        "website_url": "",
        "organization": "",
        "job_title": "",
        "pronouns": null,
        "bot": false,
        "work_information": null,
        "local_time": null,
        "last_sign_in_at": CREATED,
        "confirmed_at": CREATED,
        "last_activity_on": "2026-11-27",
        "email": u.email,
        "theme_id": 1,
        "color_scheme_id": 1,
        "projects_limit": 100000,
        "current_sign_in_at": CREATED,
        "identities": [],
        "can_create_group": true,
        "can_create_project": true,
        "two_factor_enabled": true,
        "external": false,
        "private_profile": false,
        "commit_email": u.email,
    });
    reply::json(StatusCode::OK, body, &rate_headers())
}

async fn token_self(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let t = match authenticate(&state, &headers) {
        Ok(t) => t,
        Err(resp) => return *resp,
    };
    if t.kind != TokenKind::GitlabPersonal {
        return reply::json(
            StatusCode::BAD_REQUEST,
            json!({"message": "400 Bad request - This endpoint requires token type to be a personal access token"}),
            &[],
        );
    }
    let expires = t.effective_expiry().map(|at| {
        let d = at.date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    });
    let body = json!({
        "id": 4242,
        "name": "Ampel PR Dashboard",
        "revoked": t.revoked,
        "created_at": CREATED,
        "description": "",
        "scopes": t.scopes,
        "user_id": t.user.id,
        "last_used_at": reply::rfc3339(time::OffsetDateTime::now_utc()),
        "active": !t.revoked && !t.is_expired(),
        "expires_at": expires,
        "last_used_ips": ["127.0.0.1"],
    });
    reply::json(StatusCode::OK, body, &rate_headers())
}
