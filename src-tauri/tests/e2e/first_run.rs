//! A new user's first run: no false key alarm before the first account (and none
//! after it, without a restart), the real alarm when accounts exist but their key
//! is gone, avatars that cannot be had shown as the user's initials, the empty
//! state's Add Account opening the dialog, and a machine without Secret Service.

use crate::flows::{row, test_connection, Form};
use crate::harness::{App, Launch, TestResult};
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakeToken};
use ampel_store::vault::{KeySource, Slot};

const TOKEN: &str = "ghp_e2eFirstRunToken00000000000000000001";
const SCOPES: [&str; 4] = ["repo", "read:org", "read:user", "user:email"];

/// The keyring service the harness gives the app of test `name`.
fn keyring_of(name: &str) -> KeySource {
    KeySource::Keyring {
        service: format!("dev.ampel.e2e.{name}"),
    }
}

/// A fake GitHub whose user ("Newcomer Example") has an avatar the app cannot
/// fetch (a 404 on the fake's host).
async fn forge_with_broken_avatar() -> Result<FakeForge, crate::harness::TestError> {
    let forge = FakeForge::start().await?;
    let broken = format!("{}/avatars/none.png", forge.url());
    forge.add_token(FakeToken::github_classic(TOKEN, "newcomer", &SCOPES).avatar(&broken));
    Ok(forge)
}

/// The Add Account form's fields, once the dialog is open.
async fn fill_open_dialog(app: &App, form: &Form<'_>) -> TestResult {
    app.click(&format!("[data-testid=provider-{}]", form.provider))
        .await?;
    app.fill("[data-testid=field-name]", form.name).await?;
    app.click("[data-testid=toggle-advanced]").await?;
    if let Some(url) = form.base_url {
        app.fill("[data-testid=field-base-url]", url).await?;
    }
    app.fill("[data-testid=field-token]", form.token).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_has_no_key_alarm_and_the_empty_state_adds_an_account() -> TestResult {
    let name = "first-run-vault";
    let _cleanup = Keyring::fresh(name);
    let forge = forge_with_broken_avatar().await?;
    let base = forge.base_url(Provider::Github);
    let dir = tempfile::tempdir()?;
    let app = App::launch_in(name, dir.path(), Launch::default()).await?;
    let result = async {
        // A brand-new install: nothing is wrong, so nothing is flagged.
        app.click("[data-testid=nav-accounts]").await?;
        app.expect_contains(
            "[data-testid=key-not-created]",
            "created with your first account",
        )
        .await?;
        app.expect_count("[data-testid=key-state-warning]", 0)
            .await?;
        app.expect_count("[role=alert]", 0).await?;
        app.screenshot("accounts-first-run").await?;

        // The dashboard's Add Account opens the dialog itself.
        app.click("[data-testid=nav-dashboard]").await?;
        app.click("[data-testid=add-account]").await?;
        app.wait_for("[data-testid=add-account-dialog]").await?;
        app.expect_text("[data-testid=page-title]", "Dashboard")
            .await?;
        let form = Form::new("github", "First GitHub", TOKEN, &base);
        fill_open_dialog(&app, &form).await?;
        test_connection(&app, true).await?;
        // The avatar cannot be fetched (404): the user's initials stand in.
        app.expect_text(
            "[data-testid=test-result] [data-testid=avatar-initials]",
            "NE",
        )
        .await?;
        app.expect_count("[data-testid=test-result] img", 0).await?;
        app.screenshot("tested-initials").await?;
        app.click("[data-testid=save-account]").await?;
        app.expect_count("[data-testid=add-account-dialog]", 0)
            .await?;
        app.expect_count("[data-testid=empty-state]", 0).await?;

        // Same run, no restart: the key exists now and the page says nothing alarming.
        app.click("[data-testid=nav-accounts]").await?;
        app.expect_text(
            &format!("{} [data-testid=avatar-initials]", row("First GitHub")),
            "NE",
        )
        .await?;
        app.expect_contains("[data-testid=storage-line]", "Secret Service")
            .await?;
        app.expect_count("[data-testid=key-not-created]", 0).await?;
        app.expect_count("[data-testid=key-state-warning]", 0)
            .await?;
        app.expect_count("[data-testid=tokens-to-reenter]", 0)
            .await?;
        app.screenshot("accounts-after-save").await?;
        app.assert_secret_absent(TOKEN).await
    }
    .await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_alarm_shows_when_accounts_exist_and_the_key_is_gone() -> TestResult {
    let name = "key-gone";
    let _cleanup = Keyring::fresh(name);
    let forge = forge_with_broken_avatar().await?;
    let base = forge.base_url(Provider::Github);
    let dir = tempfile::tempdir()?;
    let app = App::launch_in(name, dir.path(), Launch::default()).await?;
    let result = async {
        crate::flows::fill_add_form(&app, &Form::new("github", "Kept", TOKEN, &base)).await?;
        crate::flows::save(&app, "Kept").await?;
        app.expect_count("[data-testid=key-state-warning]", 0).await
    }
    .await;
    app.finish(result).await?;

    // The keyring loses the key (reset, new machine) while the account remains.
    keyring_of(name).delete(Slot::Live)?;
    let app = App::launch_in(name, dir.path(), Launch::default()).await?;
    let result = async {
        app.click("[data-testid=nav-accounts]").await?;
        app.expect_attr(
            "[data-testid=key-state-warning]",
            "data-key-state",
            "missing",
        )
        .await?;
        app.expect_contains("[data-testid=key-state-warning]", "1 account exists")
            .await?;
        app.expect_contains("[data-testid=tokens-to-reenter]", "1 account needs")
            .await?;
        app.expect_count("[data-testid=key-not-created]", 0).await?;
        app.screenshot("alarm").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_secret_service_the_page_explains_and_offers_the_key_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let nowhere = dir.path().join("no-bus");
    let launch = Launch {
        env: vec![(
            "DBUS_SESSION_BUS_ADDRESS".into(),
            format!("unix:path={}", nowhere.display()),
        )],
    };
    let data = dir.path().join("data");
    let app = App::launch_in("no-secret-service", &data, launch).await?;
    let result = async {
        app.click("[data-testid=nav-accounts]").await?;
        app.expect_contains("[data-testid=keyring-unavailable]", "gnome-keyring")
            .await?;
        app.expect_contains(
            "[data-testid=key-file-consequence]",
            "can decrypt every saved token",
        )
        .await?;
        // Nothing happens silently: no key file until the user opts in explicitly.
        let key_file = data.join(ampel_store::KEY_FILE_NAME);
        if key_file.exists() {
            return Err("a key file exists before the user chose it".into());
        }
        let button = app.wait_for("[data-testid=use-key-file]").await?;
        if button.is_enabled().await? {
            return Err("the key-file button works without confirming the consequence".into());
        }
        app.screenshot("explained").await?;
        app.click("[data-testid=key-file-understood]").await?;
        crate::harness::eventually_enabled(&app, "[data-testid=use-key-file]").await?;
        app.click("[data-testid=use-key-file]").await?;
        app.expect_contains("[data-testid=weaker-mode-warning]", "Weaker mode")
            .await?;
        app.expect_count("[data-testid=keyring-unavailable]", 0)
            .await?;
        if !key_file.is_file() {
            return Err("no key file after opting in".into());
        }
        app.screenshot("key-file").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}

/// A test's keyring entries: none left from an earlier run at the start, and
/// deleted when the test ends, however it ends.
struct Keyring(KeySource);

impl Keyring {
    fn fresh(name: &str) -> Keyring {
        let k = Keyring(keyring_of(name));
        let _ = k.0.delete(Slot::Live);
        let _ = k.0.delete(Slot::Pending);
        k
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        let _ = self.0.delete(Slot::Live);
        let _ = self.0.delete(Slot::Pending);
    }
}
