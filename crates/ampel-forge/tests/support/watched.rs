//! A reading token per forge and one listing of a watched repository, for the tests
//! that have the fake forge answer a PR per value and read the listed result.

use super::*;
use ampel_core::section::Section;
use ampel_fakeforge::FakeToken;
use ampel_forge::{ListSpec, Listing};

/// The login the reading tokens belong to.
pub const ME: &str = "mira";

/// A token of `p` that can read pull requests, and its value.
pub fn reading_token(p: Provider) -> (FakeToken, &'static str) {
    reading_token_of(p, ME)
}

/// A token of `login` on `p` that can read pull requests, and its value.
pub fn reading_token_of(p: Provider, login: &str) -> (FakeToken, &'static str) {
    match p {
        Provider::Github => (
            FakeToken::github_classic(GH_CLASSIC, login, &["repo", "read:org"]),
            GH_CLASSIC,
        ),
        Provider::Gitlab => (FakeToken::gitlab_pat(GL_PAT, login, &["read_api"]), GL_PAT),
        Provider::Bitbucket => (
            FakeToken::bitbucket_api_token(
                BB_API,
                BB_EMAIL,
                login,
                &[
                    "read:user:bitbucket",
                    "read:workspace:bitbucket",
                    "read:repository:bitbucket",
                    "read:pullrequest:bitbucket",
                ],
            ),
            BB_API,
        ),
        Provider::Gitea => (
            FakeToken::gitea(
                GITEA,
                login,
                &["read:user", "read:repository", "read:issue"],
            ),
            GITEA,
        ),
    }
}

/// One listing of the watched `repo` with `p`'s reading token (added to `f` first).
pub async fn watched_listing(f: &FakeForge, p: Provider, repo: &str) -> Listing {
    let (fake, value) = reading_token(p);
    f.add_token(fake);
    let list = ListSpec {
        account_id: "acc".into(),
        login: Some(ME.into()),
        sections: vec![Section::Watched],
        watched_repos: vec![repo.into()],
        ..ListSpec::default()
    };
    match validator().list(&spec(f, p), &secret(value), &list).await {
        Ok(l) => l,
        Err(e) => panic!("{p:?}: listing failed: {} {e}", e.code()),
    }
}
