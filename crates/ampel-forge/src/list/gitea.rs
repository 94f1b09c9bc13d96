//! Listing Gitea pull requests per section (built in issue 6).

use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Http;
use crate::list::{ListSpec, Listing};
use ampel_core::Secret;

/// Lists the open pull requests of the sections in `spec`.
pub(crate) async fn list(
    _ctx: &Context,
    _http: &Http,
    _token: &Secret,
    _spec: &ListSpec,
) -> Result<Listing, ForgeError> {
    Err(ForgeError::ServerError {
        provider: ampel_core::Provider::Gitea,
        url: String::new(),
        status: 501,
    })
}
