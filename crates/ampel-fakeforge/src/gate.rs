//! The middleware every request passes: it logs the request and its answer's status
//! (never the credential),
//! applies the injected latency and answers with a configured (or randomly drawn)
//! fault instead of the route.

use crate::auth;
use crate::fault::{self, Fault};
use crate::state::{self, LoggedRequest, Shared};
use ampel_core::Provider;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// The forge a path belongs to, from its first segment.
pub(crate) fn provider_of(path: &str) -> Option<Provider> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    Provider::ALL.into_iter().find(|p| p.as_str() == first)
}

/// Logs, delays, and injects faults.
pub(crate) async fn gate(State(shared): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let provider = provider_of(&path);
    let headers = req.headers();
    let header_text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let entry = LoggedRequest {
        method: req.method().to_string(),
        path: path.clone(),
        provider,
        auth: auth::presented(headers).kind,
        user_agent: header_text(header::USER_AGENT.as_str()),
        api_version: header_text("x-github-api-version"),
        status: 0,
    };
    let (latency, fault, at) = state::with(&shared, |s| {
        // Whatever changed since the last request, the forge has merged what was ready.
        crate::automerge::settle(s);
        let at = s.log.len();
        s.log.push(entry);
        let fault = s
            .faults
            .iter()
            .find(|(p, suffix, _)| {
                Some(*p) == provider && suffix.as_ref().is_none_or(|sfx| path.ends_with(sfx))
            })
            .map(|(_, _, f)| f.clone());
        let random = match (&fault, provider, s.chaos.as_mut()) {
            (None, Some(_), Some(chaos)) => chaos.draw(),
            _ => None,
        };
        (s.latency, fault.or(random), at)
    });
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = match (fault, provider) {
        (Some(Fault::Slow(delay)), _) => {
            tokio::time::sleep(delay).await;
            next.run(req).await
        }
        (Some(Fault::Timeout(silence)), _) => {
            tokio::time::sleep(silence).await;
            fault::render(Provider::Github, &Fault::Timeout(silence), req.uri())
        }
        (Some(f @ (Fault::Truncated | Fault::HugeBody(_) | Fault::Trickle { .. })), _) => {
            fault::reshape(&f, next.run(req).await).await
        }
        (Some(f), Some(p)) => fault::render(p, &f, req.uri()),
        _ => next.run(req).await,
    };
    state::with(&shared, |s| {
        if let Some(entry) = s.log.get_mut(at).filter(|e| e.path == path) {
            entry.status = response.status().as_u16();
        }
    });
    response
}
