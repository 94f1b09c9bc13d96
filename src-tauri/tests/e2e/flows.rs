//! The guide's steps as reusable test flows: Settings > Provider Accounts >
//! Add Account > provider > fields > Test Connection > Save, and the fake
//! forge's demo scenario with its accounts.

use crate::harness::{App, TestError, TestResult};
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge};

/// The guide's form, as a person fills it.
pub struct Form<'a> {
    pub provider: &'a str,
    pub name: &'a str,
    pub token: &'a str,
    pub base_url: Option<&'a str>,
    pub username: Option<&'a str>,
    pub advanced: bool,
}

impl<'a> Form<'a> {
    /// The form for `provider` (`github`, `gitlab`, `bitbucket`, `gitea`) with a base
    /// URL, opening Advanced where the base URL lives there (GitHub, Bitbucket).
    pub fn new(provider: &'a str, name: &'a str, token: &'a str, base_url: &'a str) -> Self {
        Form {
            provider,
            name,
            token,
            base_url: Some(base_url),
            username: None,
            advanced: matches!(provider, "github" | "bitbucket"),
        }
    }
}

/// Fills the form, runs Test Connection and expects the diagnosis `code` with
/// each of `words` in it.
pub async fn expect_refusal(app: &App, form: &Form<'_>, code: &str, words: &[&str]) -> TestResult {
    fill_add_form(app, form).await?;
    test_connection(app, false).await?;
    app.expect_attr("[data-testid=diagnosis]", "data-code", code)
        .await?;
    for w in words {
        app.expect_contains("[data-testid=diagnosis]", w).await?;
    }
    Ok(())
}

/// The CSS selector of the account row named `name`.
pub fn row(name: &str) -> String {
    format!("[data-testid=account-row][data-account-name=\"{name}\"]")
}

/// Settings > Provider Accounts > Add Account > provider > fields.
pub async fn fill_add_form(app: &App, form: &Form<'_>) -> TestResult {
    app.click("[data-testid=nav-accounts]").await?;
    app.click("[data-testid=accounts-add]").await?;
    app.wait_for("[data-testid=add-account-dialog]").await?;
    app.click(&format!("[data-testid=provider-{}]", form.provider))
        .await?;
    app.fill("[data-testid=field-name]", form.name).await?;
    if form.advanced {
        app.click("[data-testid=toggle-advanced]").await?;
    }
    if let Some(url) = form.base_url {
        app.fill("[data-testid=field-base-url]", url).await?;
    }
    if let Some(user) = form.username {
        app.fill("[data-testid=field-username]", user).await?;
    }
    app.fill("[data-testid=field-token]", form.token).await?;
    Ok(())
}

/// Test Connection, then the result card's verdict.
pub async fn test_connection(app: &App, expect_ok: bool) -> TestResult {
    app.click("[data-testid=test-connection]").await?;
    app.expect_attr(
        "[data-testid=test-result]",
        "data-ok",
        if expect_ok { "true" } else { "false" },
    )
    .await
}

/// Save, then the new row.
pub async fn save(app: &App, name: &str) -> TestResult {
    app.click("[data-testid=save-account]").await?;
    app.wait_for(&row(name)).await?;
    Ok(())
}

/// A fake forge serving the demo scenario: its tokens and pull requests on every forge.
pub async fn demo_forge() -> Result<FakeForge, TestError> {
    Ok(FakeForge::start_demo().await?)
}

/// The name the demo account of `provider` gets ("Demo GitHub", …).
pub fn demo_name(provider: Provider) -> String {
    format!("Demo {}", provider.display_name())
}

/// The guide's form for the demo account of `provider`, named `name`, on `base`.
pub fn demo_form<'a>(provider: Provider, name: &'a str, base: &'a str) -> Form<'a> {
    let (id, token, username) = match provider {
        Provider::Github => ("github", scenario::DEMO_GITHUB_TOKEN, None),
        Provider::Gitlab => ("gitlab", scenario::DEMO_GITLAB_TOKEN, None),
        Provider::Bitbucket => (
            "bitbucket",
            scenario::DEMO_BITBUCKET_TOKEN,
            Some(scenario::DEMO_BITBUCKET_EMAIL),
        ),
        Provider::Gitea => ("gitea", scenario::DEMO_GITEA_TOKEN, None),
    };
    Form {
        username,
        ..Form::new(id, name, token, base)
    }
}

/// Adds the demo account of `provider` through the guide's form.
pub async fn add_demo_account(app: &App, forge: &FakeForge, provider: Provider) -> TestResult {
    let base = forge.base_url(provider);
    let name = demo_name(provider);
    fill_add_form(app, &demo_form(provider, &name, &base)).await?;
    save(app, &name).await
}
