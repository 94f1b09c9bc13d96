//! The dashboard's folded controls as test steps: a row's "More actions" menu and
//! the Filters popover that holds the provider, account, repository and sort selects.

use crate::harness::{App, TestResult};

/// Opens the "More actions" menu of the row matching `row` (scrolled into view
/// first: the list scrolls on its own) and picks `item` (`details`, `actions`,
/// `snooze`, `unsnooze`, `pin`, `mute`, `open`).
pub async fn row_menu(app: &App, row: &str, item: &str) -> TestResult {
    let button = format!("{row} [data-testid=pr-more]");
    app.wait_for(&button).await?;
    app.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); return null;",
            vec![serde_json::Value::String(button.clone())],
        )
        .await?;
    app.click(&button).await?;
    app.click(&format!("[data-testid=row-menu] [data-testid=menu-{item}]"))
        .await?;
    app.expect_count("[data-testid=row-menu]", 0).await
}

/// Opens the Filters popover unless it is open.
pub async fn open_filters(app: &App) -> TestResult {
    let button = app.wait_for("[data-testid=filters-button]").await?;
    if button.attr("aria-expanded").await?.as_deref() != Some("true") {
        button.click().await?;
    }
    app.wait_for("[data-testid=filters-popover]").await?;
    Ok(())
}

/// Picks `provider` (`""` for all) in the Filters popover, waits until the
/// button counts it, and closes the popover.
pub async fn filter_provider(app: &App, provider: &str) -> TestResult {
    open_filters(app).await?;
    app.click("[data-testid=filter-provider]").await?;
    app.click(&format!(
        "[data-testid=filter-provider] option[value=\"{provider}\"]"
    ))
    .await?;
    app.expect_prop("[data-testid=filter-provider]", "value", provider)
        .await?;
    let set = if provider.is_empty() { "false" } else { "true" };
    // The button says "Filters (1)" while a select is set (the others stay at their default here).
    let counted = "return String(document.querySelector('[data-testid=filters-button]').textContent.includes('('));";
    app.expect_script(counted, serde_json::Value::String(set.into()))
        .await?;
    app.click("[data-testid=filters-button]").await?;
    app.expect_count("[data-testid=filters-popover]", 0).await
}
