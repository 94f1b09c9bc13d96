//! The avatar cache beside the database: avatars fetched by Rust
//! (`ampel_forge::avatar`: allowed hosts, no token, 1 MiB, image bytes only) and kept
//! as owner-only files under `<data>/avatars/`, shown by the page as `data:` URLs —
//! offline too — so the window's CSP allows no remote image at all.

use ampel_forge::{AccountSpec, Validator};
use ampel_store::Account;
use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager as _};

/// How long an avatar may take before the initials stand (tried again on a later run).
const FETCH_LIMIT: std::time::Duration = std::time::Duration::from_secs(3);

/// The cache folder, and the avatars the refresh already tried this run.
pub struct Avatars {
    dir: PathBuf,
    tried: Mutex<HashSet<String>>,
}

/// FNV-1a (64 bit) of the avatar URL: a stable file name without a hash crate.
fn file_name(url: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.trim().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Avatars {
    /// The cache in `data_dir/avatars` (created on the first avatar).
    pub fn new(data_dir: &Path) -> Self {
        Avatars {
            dir: data_dir.join("avatars"),
            tried: Mutex::new(HashSet::new()),
        }
    }

    /// True the first time `url` is asked about this run.
    fn first_try(&self, url: &str) -> bool {
        self.tried
            .lock()
            .map(|mut t| t.insert(url.to_string()))
            .unwrap_or(false)
    }

    /// The cached avatar of `url` as a `data:` URL, without any network.
    pub fn cached(&self, url: Option<&str>) -> Option<String> {
        let path = self.dir.join(file_name(url?));
        let bytes = std::fs::read(path).ok()?;
        ampel_forge::avatar::Image::sniff(bytes).map(|i| i.data_url())
    }

    /// The avatar of `url` for the account `spec`: from the cache, else fetched
    /// once and kept. `None` (initials) when it cannot be had; the reason is logged.
    pub async fn ensure(
        &self,
        client: &Validator,
        spec: &AccountSpec,
        url: Option<&str>,
    ) -> Option<String> {
        let url = url?;
        if let Some(hit) = self.cached(Some(url)) {
            return Some(hit);
        }
        // A slow avatar host must not hold Test Connection or a save up.
        let fetched = tokio::time::timeout(FETCH_LIMIT, client.avatar(spec, url)).await;
        match fetched.unwrap_or(Err(ampel_forge::avatar::AvatarError::Forge(
            ampel_forge::ForgeError::Unreachable {
                url: url.to_string(),
                reason: ampel_forge::Unreachable::Timeout,
            },
        ))) {
            Ok(image) => {
                if let Err(e) = self.store(url, &image.bytes) {
                    tracing::warn!("the avatar could not be cached: {e}");
                }
                Some(image.data_url())
            }
            Err(e) => {
                tracing::info!(code = e.code(), "no avatar: {e}");
                None
            }
        }
    }

    fn store(&self, url: &str, bytes: &[u8]) -> std::io::Result<()> {
        ampel_core::private::create_dir(&self.dir)?;
        let path = self.dir.join(file_name(url));
        let tmp = path.with_extension("part");
        let mut file = ampel_core::private::file_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(tmp, path)
    }
}

/// After a refresh, in the background: the avatar of each enabled account whose
/// cache lacks it (an account saved before avatars were cached, a new avatar URL),
/// tried at most once per run so an unreachable avatar host costs one request.
pub fn fill_missing(app: &AppHandle, accounts: &[Account]) {
    let wanted: Vec<(AccountSpec, String)> = accounts
        .iter()
        .filter(|a| a.enabled)
        .filter_map(|a| {
            let url = a.identity.as_ref()?.avatar_url.clone()?;
            Some((ampel_accounts::spec_of(a), url))
        })
        .collect();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<crate::state::AppState>();
        let (Some(avatars), Ok(accounts)) = (&state.avatars, state.accounts()) else {
            return;
        };
        for (spec, url) in wanted {
            if avatars.cached(Some(&url)).is_none() && avatars.first_try(&url) {
                avatars.ensure(accounts.client(), &spec, Some(&url)).await;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_distinct() {
        assert_eq!(file_name("https://a/1"), file_name(" https://a/1 "));
        assert_ne!(file_name("https://a/1"), file_name("https://a/2"));
        assert_eq!(file_name("").len(), 16);
    }

    #[test]
    fn a_cached_image_is_a_data_url_and_anything_else_is_none() {
        let dir = std::env::temp_dir().join(format!("ampel-avatars-{}", std::process::id()));
        let avatars = Avatars::new(&dir);
        assert_eq!(avatars.cached(Some("https://a/1")), None);
        let png = b"\x89PNG\r\n\x1a\nrest";
        avatars
            .store("https://a/1", png)
            .unwrap_or_else(|e| panic!("{e}"));
        let shown = avatars.cached(Some("https://a/1")).unwrap_or_default();
        assert!(shown.starts_with("data:image/png;base64,"), "{shown}");
        avatars
            .store("https://a/2", b"<svg/>")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(avatars.cached(Some("https://a/2")), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| {
                std::fs::metadata(p)
                    .map(|m| m.permissions().mode() & 0o777)
                    .unwrap_or(0)
            };
            assert_eq!(mode(&dir.join("avatars")), 0o700);
            assert_eq!(
                mode(&dir.join("avatars").join(file_name("https://a/1"))),
                0o600
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
