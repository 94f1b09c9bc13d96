//! Fuzz entry point (feature `fuzzing`): one GraphQL answer read as a page of the
//! dashboard search, exactly as a listing reads it.

use super::answer;
use crate::error::ForgeError;
use crate::fuzzing::{api_url, reply, spec, TOKEN};
use ampel_core::pr::PullRequest;
use ampel_core::{Provider, Secret};

/// The PRs and the next-page cursor of one answer, or the error it stands for.
pub fn page(data: &[u8]) -> Result<(Vec<PullRequest>, Option<String>), ForgeError> {
    let ctx = crate::context(&spec(Provider::Github, None))?;
    let r = reply(data, &api_url(Provider::Github, "/graphql"));
    let page = answer::read(
        &ctx,
        &r,
        &Secret::new(TOKEN.to_string()),
        "fuzz-account",
        None,
    )?;
    Ok((page.prs, page.next))
}
