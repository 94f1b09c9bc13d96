//! The app shell: window title, first-run empty state, navigation.

use crate::harness::{artifacts_dir, App, TestResult};

async fn opens_with_title_and_empty_state(app: &App) -> TestResult {
    let title = app.client.title().await?;
    if title != "Ampel" {
        return Err(format!("window title: expected \"Ampel\", found {title:?}").into());
    }
    app.expect_text("[data-testid=page-title]", "Dashboard")
        .await?;
    let empty = app.text_of("[data-testid=empty-state]").await?;
    if !empty.contains("No accounts yet") {
        return Err(format!("empty state text: {empty:?}").into());
    }
    app.screenshot("dashboard").await?;
    Ok(())
}

#[tokio::test]
async fn window_opens_with_title_and_first_run_empty_state() -> TestResult {
    let (app, _dir) = App::launch("first-run").await?;
    let result = opens_with_title_and_empty_state(&app).await;
    app.finish(result).await
}

async fn navigates(app: &App) -> TestResult {
    app.click("[data-testid=nav-accounts]").await?;
    app.expect_text("[data-testid=page-title]", "Provider Accounts")
        .await?;
    let storage = app.text_of("[data-testid=storage-line]").await?;
    if !storage.contains("Secret Service") {
        return Err(format!("storage line should name the backend: {storage:?}").into());
    }
    app.screenshot("accounts").await?;

    app.click("[data-testid=nav-general]").await?;
    app.expect_text("[data-testid=page-title]", "General")
        .await?;
    let data_dir = app.text_of("[data-testid=info-data-dir]").await?;
    let expected = app.data_dir.display().to_string();
    if data_dir.trim() != expected {
        return Err(format!("data folder: expected {expected:?}, found {data_dir:?}").into());
    }
    app.expect_text("[data-testid=info-version]", env!("CARGO_PKG_VERSION"))
        .await?;

    app.click("[data-testid=nav-dashboard]").await?;
    app.click("[data-testid=add-account]").await?;
    app.wait_for("[data-testid=add-account-dialog]").await?;
    app.expect_text("[data-testid=page-title]", "Dashboard")
        .await?;
    Ok(())
}

#[tokio::test]
async fn navigation_reaches_accounts_and_general_with_real_app_info() -> TestResult {
    let (app, dir) = App::launch("navigation").await?;
    let result = navigates(&app).await;
    let outcome = app.finish(result).await;
    drop(dir);
    outcome
}

/// The harness must catch a wrong expectation in the real window and leave a
/// screenshot of it; otherwise a green suite would mean nothing.
#[tokio::test]
async fn a_wrong_expectation_fails_with_a_screenshot() -> TestResult {
    let shot = artifacts_dir().join("wrong-expectation-failed.png");
    let _ = std::fs::remove_file(&shot);
    let (app, _dir) = App::launch("wrong-expectation").await?;
    let wrong = app.expect_text("[data-testid=page-title]", "Definitely Not Dashboard");
    // Fail fast: the title is there already, so 3 s is plenty to see it differs.
    let result = match tokio::time::timeout(std::time::Duration::from_secs(3), wrong).await {
        Ok(r) => r,
        Err(_) => Err("the page title never matched".into()),
    };
    let outcome = app.finish(result).await;
    let message = match outcome {
        Ok(()) => return Err("a wrong expectation passed".into()),
        Err(e) => e.to_string(),
    };
    if !message.contains("screenshot:") || !shot.is_file() {
        return Err(format!("no failure screenshot at {}: {message}", shot.display()).into());
    }
    Ok(())
}
