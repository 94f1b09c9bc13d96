//! Named sets of tokens for manual runs, demos and UI tests, with documented values
//! so a person (or a UI test) can paste them into Ampel.

use crate::prs::FakePr;
use crate::token::FakeToken;
use ampel_core::pr::{CheckState, MergeState, ReviewVote};
use ampel_core::Provider;
use time::{Duration, OffsetDateTime};

/// Demo GitHub classic PAT (scopes `repo, read:org, read:user, user:email`, expires in 90 days).
pub const DEMO_GITHUB_TOKEN: &str = "ghp_AmpelDemoGitHubClassic00000000000001";
/// Demo GitHub fine-grained PAT (expires in 30 days).
pub const DEMO_GITHUB_FINE_GRAINED_TOKEN: &str =
    "github_pat_11AMPELDEMO0000000000001_AmpelDemoFineGrained000000000000000000000000000000000001";
/// Demo GitLab PAT (scopes `read_api, read_user, read_repository`, expires in 60 days).
pub const DEMO_GITLAB_TOKEN: &str = "glpat-AmpelDemoGitLab00001";
/// Demo Bitbucket API token; use it with [`DEMO_BITBUCKET_EMAIL`] as the username.
pub const DEMO_BITBUCKET_TOKEN: &str = "ATATT3xFfGF0AmpelDemoBitbucketApiToken0000000001=0A1B2C3D";
/// The Atlassian account email that goes with [`DEMO_BITBUCKET_TOKEN`].
pub const DEMO_BITBUCKET_EMAIL: &str = "demo@example.com";
/// Demo Gitea token (scopes `read:user, read:repository, read:issue`).
pub const DEMO_GITEA_TOKEN: &str = "a3e1d0c5b7f94e2c8d6a1b3f5e7c9d0a2b4c6e8f";

/// The scenario names the binary accepts.
pub const NAMES: [&str; 2] = ["demo", "empty"];

/// The tokens of a named scenario, or `None` for an unknown name.
pub fn by_name(name: &str) -> Option<Vec<FakeToken>> {
    match name {
        "demo" => Some(demo()),
        "empty" => Some(Vec::new()),
        _ => None,
    }
}

/// One valid token per forge (two for GitHub), owned by `octo-demo`.
pub fn demo() -> Vec<FakeToken> {
    let now = OffsetDateTime::now_utc();
    vec![
        FakeToken::github_classic(
            DEMO_GITHUB_TOKEN,
            "octo-demo",
            &["repo", "read:org", "read:user", "user:email"],
        )
        .expires_at(now + Duration::days(90)),
        FakeToken::github_fine_grained(DEMO_GITHUB_FINE_GRAINED_TOKEN, "octo-demo")
            .expires_at(now + Duration::days(30)),
        FakeToken::gitlab_pat(
            DEMO_GITLAB_TOKEN,
            "octo-demo",
            &["read_api", "read_user", "read_repository"],
        )
        .expires_at(now + Duration::days(60)),
        FakeToken::bitbucket_api_token(
            DEMO_BITBUCKET_TOKEN,
            DEMO_BITBUCKET_EMAIL,
            "octo-demo",
            &[
                "read:user:bitbucket",
                "read:workspace:bitbucket",
                "read:repository:bitbucket",
                "read:pullrequest:bitbucket",
            ],
        ),
        FakeToken::gitea(
            DEMO_GITEA_TOKEN,
            "octo-demo",
            &["read:user", "read:repository", "read:issue"],
        ),
    ]
}

/// The login that owns every demo token, and the user the demo PRs are about.
pub const DEMO_LOGIN: &str = "octo-demo";

/// The demo repository on each forge.
pub fn demo_repo(provider: Provider) -> &'static str {
    match provider {
        Provider::Github => "octo-org/ampel-demo",
        Provider::Gitlab => "octo-group/ampel-demo",
        Provider::Bitbucket => "octo-workspace/ampel-demo",
        Provider::Gitea => "octo-org/ampel-demo",
    }
}

/// The demo pull requests: on every forge, one of each light in the sections
/// they belong to (numbers 1–6 in [`demo_repo`]):
///
/// | # | section | light | why |
/// |---|---|---|---|
/// | 1 | Mine | green | checks pass, approved |
/// | 2 | Mine | red | CI failing: build |
/// | 3 | Needs my review | yellow | checks running |
/// | 4 | Needs my review | red | changes requested by reviewer-bob |
/// | 5 | Assigned to me | red | merge conflict |
/// | 6 | Mine | yellow | draft |
pub fn demo_prs() -> Vec<FakePr> {
    Provider::ALL.into_iter().flat_map(demo_prs_on).collect()
}

/// The demo pull requests of one forge (see [`demo_prs`]).
pub fn demo_prs_on(provider: Provider) -> Vec<FakePr> {
    let repo = demo_repo(provider);
    let me = DEMO_LOGIN;
    vec![
        FakePr::new(provider, repo, 1, "Add dark mode to the settings page", me)
            .check("build", CheckState::Success)
            .check("test", CheckState::Success)
            .review("reviewer-alice", ReviewVote::Approved)
            .labels(&["enhancement"]),
        FakePr::new(provider, repo, 2, "Speed up the sync loop", me)
            .check("build", CheckState::Failure)
            .check("test", CheckState::Success),
        FakePr::new(provider, repo, 3, "Refactor the token vault", "dev-carol")
            .check("build", CheckState::Running)
            .request_review(me),
        FakePr::new(
            provider,
            repo,
            4,
            "Drop support for app passwords",
            "dev-dave",
        )
        .check("build", CheckState::Success)
        .review("reviewer-bob", ReviewVote::ChangesRequested)
        .request_review(me),
        FakePr::new(provider, repo, 5, "Bump dependencies", "dev-erin")
            .merge(MergeState::Conflict)
            .assign(me)
            .labels(&["dependencies"]),
        FakePr::new(provider, repo, 6, "WIP: notifications", me).draft(),
    ]
}

/// The pull requests of a named scenario.
pub fn prs_by_name(name: &str) -> Vec<FakePr> {
    match name {
        "demo" => demo_prs(),
        _ => Vec::new(),
    }
}
