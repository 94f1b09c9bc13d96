//! The link rule ([`ampel_core::link`]) applied again where the app shows or opens a
//! link: rows, the detail panel and the tray read the cache through [`guarded`], and
//! the tray opens nothing that [`ampel_core::link::openable`] refuses.

use ampel_core::link::{sanitize, WebHost};
use ampel_core::pr::PullRequest;
use ampel_store::Account;

/// The account's web host (`Endpoints::web` of its base URL), when it has a usable one.
fn web_host(account: &Account) -> Option<WebHost> {
    let ep = ampel_forge::endpoint::resolve(account.provider, Some(&account.base_url)).ok()?;
    WebHost::parse(&ep.web)
}

/// `pr` with its links checked for `account`: a PR link off the account's web host
/// becomes the forge's own pattern there (or none), bad check links are dropped. A
/// cache written before the rule, or edited on disk, shows and opens nothing else.
pub fn guarded(pr: &PullRequest, account: &Account) -> PullRequest {
    let mut pr = pr.clone();
    match web_host(account) {
        Some(web) => {
            let refused = sanitize(&mut pr, &web);
            if !refused.none() {
                tracing::debug!(
                    account = %account.id,
                    pr_link = refused.pr_link,
                    check_links = refused.check_links,
                    "cached links refused by the link rule"
                );
            }
        }
        None => {
            pr.url.clear();
            pr.check_urls.clear();
        }
    }
    pr
}

/// Opens `url` in the browser if the link rule allows opening it at all (https, or
/// http to a loopback address; never `file:`, `javascript:`, `smb:`…); `false` when
/// it was refused or could not be opened.
pub fn open(app: &tauri::AppHandle, url: &str) -> bool {
    use tauri_plugin_opener::OpenerExt;
    let Some(url) = ampel_core::link::openable(url) else {
        tracing::warn!("a link refused by the link rule was not opened");
        return false;
    };
    match app.opener().open_url(url, None::<&str>) {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!("could not open the pull request: {e}");
            false
        }
    }
}
