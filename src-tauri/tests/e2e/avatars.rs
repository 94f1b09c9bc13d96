//! Avatars come from the app's own cache, never from a remote host: Test
//! Connection fetches the account's avatar in Rust (no token, 1 MiB, image bytes
//! only), the page shows it as a `data:` URL under a CSP without remote images,
//! and after a restart with the forge gone it still shows — offline.

use crate::flows::{fill_add_form, row, save, test_connection, Form};
use crate::harness::{App, Launch, TestResult};
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakeToken};

const TOKEN: &str = "ghp_e2eAvatarToken0000000000000000000001";

/// A script answering the avatar image's decoded width when `css` finds one whose
/// source is a `data:` PNG (false for any other source, null when absent).
fn shown(css: &str) -> String {
    format!(
        "const i = document.querySelector({css:?}); \
         return i ? (i.getAttribute('src').startsWith('data:image/png;base64,') && i.naturalWidth) : null;"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_avatar_shows_from_the_cache_and_offline() -> TestResult {
    let forge = FakeForge::start().await?;
    let base = forge.base_url(Provider::Github);
    forge.add_token(
        FakeToken::github_classic(TOKEN, "octo-avatar", &["repo", "read:org", "read:user"])
            .avatar(&format!("{base}/avatars/u/42.png")),
    );
    let dir = tempfile::tempdir()?;
    let app = App::launch_in("avatars", dir.path(), Launch::default()).await?;
    let result = async {
        fill_add_form(&app, &Form::new("github", "Avatar GitHub", TOKEN, &base)).await?;
        test_connection(&app, true).await?;
        app.expect_script(
            &shown("[data-testid=test-result] [data-testid=avatar-image]"),
            32.into(),
        )
        .await?;
        save(&app, "Avatar GitHub").await?;
        let in_row = format!("{} [data-testid=avatar-image]", row("Avatar GitHub"));
        app.expect_script(&shown(&in_row), 32.into()).await?;
        app.screenshot("cached").await?;
        app.assert_secret_absent(TOKEN).await
    }
    .await;
    app.finish(result).await?;
    let avatar_reads = forge
        .requests()
        .iter()
        .filter(|r| r.path.contains("/avatars/"))
        .count();
    if avatar_reads != 1 {
        return Err(format!("the avatar was read {avatar_reads} times, not once").into());
    }

    // The forge is gone: the same data folder shows the cached avatar.
    drop(forge);
    let app = App::launch_in("avatars", dir.path(), Launch::default()).await?;
    let result = async {
        app.click("[data-testid=nav-accounts]").await?;
        let in_row = format!("{} [data-testid=avatar-image]", row("Avatar GitHub"));
        app.expect_script(&shown(&in_row), 32.into()).await?;
        app.screenshot("offline").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}
