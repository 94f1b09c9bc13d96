//! A fake forge over real HTTP, so forge clients, the CLI and the UI are tested
//! against realistic status codes, headers and bodies without touching the network.
//!
//! One server on `127.0.0.1` serves every forge under its own path prefix, each
//! laid out exactly as the client computes it for a self-hosted base URL:
//!
//! | forge | base URL to give the client | endpoints served |
//! |---|---|---|
//! | GitHub (as GHES) | `{url}/github` | `/github/api/v3/user` |
//! | GitLab (self-managed) | `{url}/gitlab` | `/gitlab/api/v4/user`, `/gitlab/api/v4/personal_access_tokens/self` |
//! | Bitbucket Cloud | `{url}/bitbucket` | `/bitbucket/2.0/user` |
//! | Gitea / Forgejo | `{url}/gitea` | `/gitea/api/v1/user`, `/gitea/api/v1/version` |
//!
//! Later endpoints (PR lists, GraphQL) are added as routes in the forge's module;
//! the prefixes keep GitHub's and GitLab's `/api/graphql` apart.

mod actions;
mod auth;
mod automerge;
mod bitbucket;
pub mod chaos;
mod control;
mod fault;
mod gate;
mod gitea;
mod github;
mod gitlab;
mod prs;
mod reply;
mod repos;
pub mod scenario;
mod state;
mod token;

pub use actions::{FakeComment, FakeMerge};
pub use auth::AuthKind;
pub use automerge::FakeAutoMerge;
pub use fault::Fault;
pub use prs::FakePr;
pub use state::LoggedRequest;
pub use token::{FakeToken, FakeUser, TokenKind};

use ampel_core::Provider;
use axum::Router;
use state::{Shared, State};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

/// A running fake forge. Dropping it stops the server.
pub struct FakeForge {
    addr: SocketAddr,
    state: Shared,
    task: JoinHandle<()>,
}

impl FakeForge {
    /// Starts a server on `127.0.0.1` with a free port.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on(0).await
    }

    /// A forge on a free port that knows the demo scenario's tokens (no pull
    /// requests yet).
    pub async fn start_with_demo_tokens() -> std::io::Result<Self> {
        let forge = Self::start().await?;
        for t in scenario::demo() {
            forge.add_token(t);
        }
        Ok(forge)
    }

    /// A forge on a free port serving the demo scenario: its tokens and its pull
    /// requests on every forge.
    pub async fn start_demo() -> std::io::Result<Self> {
        let forge = Self::start_with_demo_tokens().await?;
        for pr in scenario::demo_prs() {
            forge.add_pr(pr);
        }
        Ok(forge)
    }

    /// Starts a server on `127.0.0.1:port` (0 picks a free port).
    pub async fn start_on(port: u16) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let state: Shared = Arc::new(Mutex::new(State::default()));
        let app = router(state.clone());
        let task = tokio::spawn(async move {
            // The server only ends when the task is aborted; an accept error ends it early.
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeForge { addr, state, task })
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL a client should be given for `provider` (see the crate docs).
    pub fn base_url(&self, provider: Provider) -> String {
        format!("{}/{}", self.url(), provider.as_str())
    }

    /// Registers a token the forge will accept (replacing one with the same value).
    pub fn add_token(&self, token: FakeToken) {
        self.with(|s| {
            s.tokens
                .retain(|t| !(t.provider == token.provider && t.value == token.value));
            s.tokens.push(token);
        });
    }

    /// Adds a pull request (replacing one with the same forge, repo and number).
    pub fn add_pr(&self, pr: FakePr) {
        self.with(|s| {
            s.prs.retain(|p| {
                !(p.provider == pr.provider && p.repo == pr.repo && p.number == pr.number)
            });
            s.prs.push(pr);
            s.revision += 1;
        });
    }

    /// Adds a repository the accounts of `provider` can see (listed by the
    /// repository-picker endpoints beside the repositories of the PRs).
    pub fn add_repo(&self, provider: Provider, full_name: &str) {
        self.with(|s| {
            if !s
                .repos
                .iter()
                .any(|(p, r)| *p == provider && r == full_name)
            {
                s.repos.push((provider, full_name.to_string()));
            }
        });
    }

    /// Changes a pull request in place (CI fails, a review arrives…); false when
    /// there is no such PR.
    pub fn update_pr(
        &self,
        provider: Provider,
        repo: &str,
        number: u64,
        change: impl FnOnce(&mut FakePr),
    ) -> bool {
        self.edit_pr(provider, repo, number, |pr| {
            change(pr);
            pr.updated_at = time::OffsetDateTime::now_utc();
            pr.ci_updated_at = pr.updated_at;
        })
    }

    /// A review by `who` made on the forge (an approval, changes requested): the
    /// head stays, the PR's activity time moves as a note moves it (GitLab's
    /// `updated_at`); false when there is no such PR.
    pub fn review_as(
        &self,
        provider: Provider,
        repo: &str,
        number: u64,
        who: &str,
        vote: ampel_core::pr::ReviewVote,
    ) -> bool {
        let Some(pr) = actions::find(&self.state, provider, repo, number) else {
            return false;
        };
        actions::review(&self.state, &pr, who, vote, "");
        actions::touch(&self.state, &pr);
        true
    }

    /// Replaces a pull request's checks as a re-run CI does: the statuses change,
    /// the commit and `updated_at` do not; false when there is no such PR.
    pub fn rerun_checks(
        &self,
        provider: Provider,
        repo: &str,
        number: u64,
        checks: &[(&str, ampel_core::pr::CheckState)],
    ) -> bool {
        self.update_checks(provider, repo, number, |pr| {
            pr.checks = checks.iter().map(|(n, c)| (n.to_string(), *c)).collect();
        })
    }

    /// Changes only the checks of a pull request (GitLab: its head pipeline runs,
    /// fails, is retried) without editing the PR itself: as on GitLab, the MR's
    /// `updated_at` and `sha` stay; the pipeline's `updated_at` moves. False when
    /// there is no such PR.
    pub fn update_checks(
        &self,
        provider: Provider,
        repo: &str,
        number: u64,
        change: impl FnOnce(&mut FakePr),
    ) -> bool {
        self.edit_pr(provider, repo, number, |pr| {
            change(pr);
            pr.ci_updated_at = time::OffsetDateTime::now_utc();
        })
    }

    /// Applies `change` to one pull request and bumps the state's revision;
    /// false when there is no such PR.
    fn edit_pr(
        &self,
        provider: Provider,
        repo: &str,
        number: u64,
        change: impl FnOnce(&mut FakePr),
    ) -> bool {
        self.with(|s| {
            let found = s
                .prs
                .iter_mut()
                .find(|p| p.provider == provider && p.repo == repo && p.number == number);
            match found {
                Some(pr) => {
                    change(pr);
                    s.revision += 1;
                    // The forge merges what auto-merge or its queue waited for.
                    automerge::settle(s);
                    true
                }
                None => false,
            }
        })
    }

    /// Turns GitLab's "Pipelines must succeed" on or off for project `repo` (off,
    /// GitLab's default for a new project, unless turned on here). With it off,
    /// `detailed_merge_status` ignores the pipeline.
    pub fn set_pipelines_must_succeed(&self, repo: &str, on: bool) {
        self.with(|s| {
            s.gitlab_pipelines_must_succeed
                .retain(|r| !r.eq_ignore_ascii_case(repo));
            if on {
                s.gitlab_pipelines_must_succeed.push(repo.to_string());
            }
            s.revision += 1;
        });
    }

    /// Every pull request, in insertion order.
    pub fn prs(&self) -> Vec<FakePr> {
        self.with(|s| s.prs.clone())
    }

    /// Makes every request to `provider` answer with `fault`.
    pub fn set_fault(&self, provider: Provider, fault: Fault) {
        self.with(|s| s.faults.push((provider, None, fault)));
    }

    /// Makes requests to `provider` whose path ends with `path_suffix` answer with `fault`.
    pub fn set_fault_on(&self, provider: Provider, path_suffix: &str, fault: Fault) {
        self.with(|s| {
            s.faults
                .push((provider, Some(path_suffix.to_string()), fault))
        });
    }

    /// Removes every fault (the random mode too).
    pub fn clear_faults(&self) {
        self.with(|s| {
            s.faults.clear();
            s.chaos = None;
        });
    }

    /// Random mode: every request to a forge draws a fault from the whole fault
    /// set (`rate` of them get one) with a generator seeded by `seed`.
    pub fn set_random_faults(&self, seed: u64, rate: f64) {
        self.with(|s| s.chaos = Some(chaos::Chaos::new(seed, rate)));
    }

    /// The random mode's draws so far by kind (`none`: answered normally).
    pub fn random_fault_counts(&self) -> std::collections::BTreeMap<String, u64> {
        self.with(|s| {
            s.chaos
                .as_ref()
                .map(|c| c.counts.clone())
                .unwrap_or_default()
        })
    }

    /// Delays every response by `latency` (a simulated round trip).
    pub fn set_latency(&self, latency: Duration) {
        self.with(|s| s.latency = latency);
    }

    /// Every request seen so far, oldest first. Token values are never recorded.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.with(|s| s.log.clone())
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.with(|s| s.log.clear());
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        state::with(&self.state, f)
    }
}

impl Drop for FakeForge {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn router(state: Shared) -> Router {
    Router::new()
        .nest("/github", github::routes())
        .nest("/gitlab", gitlab::routes())
        .nest("/bitbucket", bitbucket::routes())
        .nest("/gitea", gitea::routes())
        .nest("/_fakeforge", control::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::gate,
        ))
        .with_state(state)
}
