//! Settings > Provider Accounts, following the user guide's "Adding Accounts to
//! Ampel" and "Troubleshooting" against ampel-fakeforge on 127.0.0.1, with a real
//! gnome-keyring. Every test scans the page source and the app log for its tokens.

use crate::flows::{expect_refusal, fill_add_form, row, save, test_connection, Form};
use crate::harness::{App, Launch, TestResult};
use crate::relative::expect_expiry;
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakeToken};
use std::time::Duration;
use time::OffsetDateTime;

const GH_SCOPES: [&str; 4] = ["repo", "read:org", "read:user", "user:email"];
const BB_SCOPES: [&str; 4] = [
    "read:user:bitbucket",
    "read:workspace:bitbucket",
    "read:repository:bitbucket",
    "read:pullrequest:bitbucket",
];

async fn row_text(
    app: &App,
    name: &str,
    part: &str,
) -> Result<String, fantoccini::error::CmdError> {
    app.text_of(&format!("{} [data-testid={part}]", row(name)))
        .await
}

/// Runs `body` against a fresh app, then scans for every token and finishes.
async fn with_app<F>(name: &str, launch: Launch, tokens: &[&str], body: F) -> TestResult
where
    F: for<'a> FnOnce(
        &'a App,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = TestResult> + Send + 'a>,
    >,
{
    let dir = tempfile::tempdir()?;
    let app = App::launch_in(name, dir.path(), launch).await?;
    let mut result = body(&app).await;
    if result.is_ok() {
        for t in tokens {
            if let Err(e) = app.assert_secret_absent(t).await {
                result = Err(e);
                break;
            }
        }
    }
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_enterprise_account_is_tested_and_saved() -> TestResult {
    let forge = FakeForge::start().await?;
    let token = "ghp_e2eEnterpriseToken000000000000000001";
    forge.add_token(FakeToken::github_classic(
        token,
        "octo-enterprise",
        &GH_SCOPES,
    ));
    let base = forge.base_url(Provider::Github);
    with_app("github-enterprise", Launch::default(), &[token], |app| {
        Box::pin(async move {
            let form = Form::new("github", "Work GitHub", token, &base);
            fill_add_form(app, &form).await?;
            test_connection(app, true).await?;
            app.expect_contains("[data-testid=result-login]", "octo-enterprise")
                .await?;
            app.expect_contains("[data-testid=result-kind]", "Classic")
                .await?;
            app.screenshot("tested").await?;
            save(app, "Work GitHub").await?;
            app.expect_contains(
                &format!("{} [data-testid=account-login]", row("Work GitHub")),
                "octo-enterprise",
            )
            .await?;
            app.expect_attr(
                &format!("{} [data-testid=account-status]", row("Work GitHub")),
                "data-status",
                "verified",
            )
            .await?;
            let hint = row_text(app, "Work GitHub", "account-hint").await?;
            if !hint.starts_with("ghp_") || hint.contains(token) {
                return Err(format!("token hint: {hint:?}").into());
            }
            app.screenshot("list").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn self_hosted_gitlab_account_shows_its_expiry() -> TestResult {
    let forge = FakeForge::start().await?;
    let token = "glpat-e2eSelfHostedGitLab01";
    // GitLab keeps a date: the token expires at 00:00 UTC on it, 4 to 5 days
    // from now depending on the hour; the UI's wording is computed below with
    // its own rule at the window's clock.
    let expires = (OffsetDateTime::now_utc() + time::Duration::days(5))
        .date()
        .midnight()
        .assume_utc();
    forge.add_token(
        FakeToken::gitlab_pat(
            token,
            "gl-alice",
            &["read_api", "read_user", "read_repository"],
        )
        .expires_at(expires),
    );
    let base = forge.base_url(Provider::Gitlab);
    with_app("gitlab-self-hosted", Launch::default(), &[token], |app| {
        Box::pin(async move {
            let form = Form::new("gitlab", "Company GitLab", token, &base);
            fill_add_form(app, &form).await?;
            let since = app.window_now().await?;
            test_connection(app, true).await?;
            expect_expiry(app, "[data-testid=result-expiry]", expires, since).await?;
            save(app, "Company GitLab").await?;
            let expiry = format!("{} [data-testid=account-expiry]", row("Company GitLab"));
            expect_expiry(app, &expiry, expires, since).await?;
            app.expect_attr(&expiry, "data-level", "warn").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bitbucket_api_token_account_uses_the_atlassian_email() -> TestResult {
    let forge = FakeForge::start().await?;
    let token = "ATATT3xFfGF0e2eBitbucketApiToken000000001=0A1B2C3D";
    forge.add_token(FakeToken::bitbucket_api_token(
        token,
        "dev@example.com",
        "bb-dev",
        &BB_SCOPES,
    ));
    let base = forge.base_url(Provider::Bitbucket);
    with_app("bitbucket-api-token", Launch::default(), &[token], |app| {
        Box::pin(async move {
            let form = Form {
                provider: "bitbucket",
                name: "My Bitbucket",
                token,
                base_url: Some(&base),
                username: Some("dev@example.com"),
                advanced: true,
            };
            fill_add_form(app, &form).await?;
            app.expect_contains("[data-testid=app-password-notice]", "API token")
                .await?;
            test_connection(app, true).await?;
            app.expect_contains("[data-testid=result-kind]", "API token")
                .await?;
            save(app, "My Bitbucket").await?;
            app.expect_attr(
                &format!("{} [data-testid=account-status]", row("My Bitbucket")),
                "data-status",
                "verified",
            )
            .await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_github_accounts_live_side_by_side() -> TestResult {
    let forge = FakeForge::start().await?;
    let (personal, work) = (
        "ghp_e2ePersonalToken00000000000000000001",
        "ghp_e2eWorkToken000000000000000000000001",
    );
    forge.add_token(FakeToken::github_classic(
        personal,
        "me-personal",
        &GH_SCOPES,
    ));
    forge.add_token(FakeToken::github_classic(work, "me-at-work", &GH_SCOPES));
    let base = forge.base_url(Provider::Github);
    with_app("two-github", Launch::default(), &[personal, work], |app| {
        Box::pin(async move {
            for (name, token) in [("Personal GitHub", personal), ("Work GitHub", work)] {
                let form = Form {
                    provider: "github",
                    name,
                    token,
                    base_url: Some(&base),
                    username: None,
                    advanced: true,
                };
                fill_add_form(app, &form).await?;
                save(app, name).await?;
            }
            app.expect_count("[data-testid=account-row]", 2).await?;
            app.expect_contains(
                &format!("{} [data-testid=account-login]", row("Work GitHub")),
                "me-at-work",
            )
            .await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_gets_the_guides_invalid_token_advice() -> TestResult {
    let forge = FakeForge::start().await?;
    let token = "ghp_e2eWrongToken00000000000000000000001";
    let base = forge.base_url(Provider::Github);
    with_app("wrong-token", Launch::default(), &[token], |app| {
        Box::pin(async move {
            let form = Form::new("github", "Wrong", token, &base);
            expect_refusal(app, &form, "invalid_token", &["Invalid token"]).await?;
            app.screenshot("diagnosis").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_diagnosed_as_expired() -> TestResult {
    let forge = FakeForge::start().await?;
    let token = "glpat-e2eExpiredGitLab0001";
    let past = OffsetDateTime::now_utc() - time::Duration::days(3);
    forge.add_token(FakeToken::gitlab_pat(token, "gl-old", &["api"]).expires_at(past));
    let base = forge.base_url(Provider::Gitlab);
    with_app("expired-token", Launch::default(), &[token], |app| {
        Box::pin(async move {
            let form = Form::new("gitlab", "Old GitLab", token, &base);
            expect_refusal(app, &form, "token_expired", &["Token expired"]).await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_missing_a_scope_names_the_scope() -> TestResult {
    let forge = FakeForge::start().await?;
    let token = "ghp_e2eMissingScope000000000000000000001";
    forge.add_token(FakeToken::github_classic(
        token,
        "octo-narrow",
        &["read:user"],
    ));
    let base = forge.base_url(Provider::Github);
    with_app("missing-scope", Launch::default(), &[token], |app| {
        Box::pin(async move {
            let form = Form::new("github", "Narrow", token, &base);
            expect_refusal(
                app,
                &form,
                "insufficient_scope",
                &["Insufficient permissions", "repo"],
            )
            .await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_save_is_verified_once_the_forge_is_back() -> TestResult {
    let forge = FakeForge::start().await?;
    let port = forge.addr().port();
    let base = forge.base_url(Provider::Gitlab);
    drop(forge);
    let token = "glpat-e2eOfflineGitLab0001";
    let launch = Launch {
        env: vec![("AMPEL_RETEST_SECS".into(), "2".into())],
    };
    with_app("offline-save", launch, &[token], |app| {
        Box::pin(async move {
            let form = Form::new("gitlab", "Laptop GitLab", token, &base);
            fill_add_form(app, &form).await?;
            test_connection(app, false).await?;
            app.expect_attr("[data-testid=diagnosis]", "data-code", "unreachable")
                .await?;
            app.click("[data-testid=save-unverified]").await?;
            let status = format!("{} [data-testid=account-status]", row("Laptop GitLab"));
            app.expect_attr(&status, "data-status", "not_verified")
                .await?;
            app.screenshot("not-verified").await?;

            let forge = FakeForge::start_on(port).await?;
            forge.add_token(FakeToken::gitlab_pat(
                token,
                "gl-laptop",
                &["read_api", "read_user"],
            ));
            app.expect_attr(&status, "data-status", "verified").await?;
            app.expect_contains(
                &format!("{} [data-testid=account-login]", row("Laptop GitLab")),
                "gl-laptop",
            )
            .await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_replace_token_and_remove() -> TestResult {
    let forge = FakeForge::start().await?;
    let (old, new) = ("glpat-e2eRenameOldToken01", "glpat-e2eRenameNewToken02");
    forge.add_token(FakeToken::gitlab_pat(old, "gl-carol", &["api"]));
    forge.add_token(FakeToken::gitlab_pat(new, "gl-carol", &["api"]));
    let base = forge.base_url(Provider::Gitlab);
    with_app("edit-account", Launch::default(), &[old, new], |app| {
        Box::pin(async move {
            let form = Form::new("gitlab", "GitLab", old, &base);
            fill_add_form(app, &form).await?;
            save(app, "GitLab").await?;

            app.click(&format!("{} [data-testid=account-rename]", row("GitLab")))
                .await?;
            app.fill("[data-testid=field-rename]", "Carol's GitLab")
                .await?;
            app.click("[data-testid=rename-save]").await?;
            app.wait_for(&row("Carol's GitLab")).await?;

            app.click(&format!(
                "{} [data-testid=account-replace-token]",
                row("Carol's GitLab")
            ))
            .await?;
            app.fill("[data-testid=field-new-token]", new).await?;
            app.click("[data-testid=replace-save]").await?;
            app.expect_contains(
                &format!("{} [data-testid=account-hint]", row("Carol's GitLab")),
                "n02",
            )
            .await?;

            app.click(&format!(
                "{} [data-testid=account-remove]",
                row("Carol's GitLab")
            ))
            .await?;
            app.click("[data-testid=confirm-remove]").await?;
            app.expect_count("[data-testid=account-row]", 0).await
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_survive_quitting_and_relaunching() -> TestResult {
    let forge = FakeForge::start().await?;
    let token = "ghp_e2eRelaunchToken00000000000000000001";
    forge.add_token(FakeToken::github_classic(token, "octo-stays", &GH_SCOPES));
    let base = forge.base_url(Provider::Github);
    let dir = tempfile::tempdir()?;

    let app = App::launch_in("relaunch", dir.path(), Launch::default()).await?;
    let form = Form::new("github", "Stays", token, &base);
    let first = async {
        fill_add_form(&app, &form).await?;
        save(&app, "Stays").await
    }
    .await;
    app.finish(first).await?;

    let app = App::launch_in("relaunch", dir.path(), Launch::default()).await?;
    let second = async {
        app.click("[data-testid=nav-accounts]").await?;
        app.wait_for(&row("Stays")).await?;
        // The token still decrypts with the key in the keyring: re-testing works.
        forge.clear_requests();
        app.click(&format!("{} [data-testid=account-retest]", row("Stays")))
            .await?;
        let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
        while forge.requests().is_empty() {
            if tokio::time::Instant::now() > deadline {
                return Err("re-test after relaunch made no request".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        app.expect_attr(
            &format!("{} [data-testid=account-status]", row("Stays")),
            "data-status",
            "verified",
        )
        .await?;
        app.assert_secret_absent(token).await
    }
    .await;
    app.finish(second).await
}
