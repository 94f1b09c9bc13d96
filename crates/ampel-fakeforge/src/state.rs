//! The fake forge's mutable state, shared by every route behind one mutex so tests
//! can change tokens and faults while the server runs.

use crate::auth::AuthKind;
use crate::fault::Fault;
use crate::prs::FakePr;
use crate::token::FakeToken;
use ampel_core::Provider;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// State handed to every handler.
pub(crate) type Shared = Arc<Mutex<State>>;

/// Tokens, pull requests, faults, latency and the request log.
#[derive(Default)]
pub(crate) struct State {
    pub tokens: Vec<FakeToken>,
    pub prs: Vec<FakePr>,
    /// Repositories added beside those the PRs are in (see `repos.rs`).
    pub repos: Vec<(Provider, String)>,
    /// GitLab projects with "Pipelines must succeed" on (off is GitLab's default).
    pub gitlab_pipelines_must_succeed: Vec<String>,
    /// Bumped on every PR change: a cheap source of ETags.
    pub revision: u64,
    pub faults: Vec<(Provider, Option<String>, Fault)>,
    /// The random fault mode, when on (`chaos.rs`).
    pub chaos: Option<crate::chaos::Chaos>,
    pub latency: Duration,
    pub log: Vec<LoggedRequest>,
    /// Comments, merges and merge rules of the write endpoints (`actions.rs`).
    pub actions: crate::actions::ActionState,
    /// Auto-merge and queue settings (`automerge.rs`).
    pub automation: crate::automerge::AutomationState,
}

/// One request as the fake forge saw it. Never holds a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoggedRequest {
    /// `GET`, `POST`…
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// Which forge the path prefix belongs to, if any.
    pub provider: Option<Provider>,
    /// Which kind of credential was presented.
    pub auth: AuthKind,
    /// The `User-Agent` header, if any.
    pub user_agent: Option<String>,
    /// The `X-GitHub-Api-Version` header, if any.
    pub api_version: Option<String>,
    /// The status answered (0 while the answer is not ready).
    pub status: u16,
}

/// Runs `f` on the state, recovering from a poisoned lock (a panicking test).
pub(crate) fn with<R>(state: &Shared, f: impl FnOnce(&mut State) -> R) -> R {
    let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut guard)
}

/// The token registered for `provider` with this exact value, if any.
pub(crate) fn find_token(state: &Shared, provider: Provider, value: &str) -> Option<FakeToken> {
    with(state, |s| {
        s.tokens
            .iter()
            .find(|t| t.provider == provider && t.value == value)
            .cloned()
    })
}
