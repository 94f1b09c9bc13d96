//! Desktop notifications after each refresh: the pure decision in
//! ampel_core::notify, fed from the sync report, shown with tauri-plugin-notification.

use crate::settings::{load_memory, save_memory, SettingsState};
use ampel_core::changes::Listed;
use ampel_core::focus::Focus;
use ampel_core::notify::{decide, lookup, AccountRound, NotifyInput};
use ampel_core::triage::Triage;
use ampel_store::Account;
use ampel_sync::SyncReport;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use time::OffsetDateTime;

/// Now in the local zone (`TZ`, else /etc/localtime: the offset in effect now, so quiet
/// hours and reminder dates follow a daylight-saving change while the app runs).
fn now_local() -> OffsetDateTime {
    ampel_core::triage::local_zone().local(crate::sync::now())
}

/// Decides and shows the notifications of one refresh.
pub fn after_refresh(
    app: &AppHandle,
    report: &SyncReport,
    accounts: &[Account],
    cached: &[Listed],
    triage: &Triage,
    focus: &Focus,
) {
    let settings = app.state::<SettingsState>().get();
    let (at, zone) = (crate::sync::now(), ampel_core::triage::local_zone());
    // A muted repository's pull requests notify nothing; nor do PRs an exclusion
    // rule hides or the profile in effect does not cover (issue 29).
    let muted = |id: &str, key: &str| {
        triage.silenced(cached, id, key)
            || cached
                .iter()
                .find(|l| l.pr.account_id == id && l.key() == key)
                .is_some_and(|l| !focus.followed(l, at, zone))
    };
    let input = NotifyInput {
        accounts: report
            .outcomes
            .iter()
            // An account outside the profile in effect notifies nothing (its token
            // reminders come once it is followed again).
            .filter(|o| focus.follows_account(&o.account_id.to_string(), at, zone))
            .map(|o| {
                let id = o.account_id.to_string();
                let own: Vec<Listed> = cached
                    .iter()
                    .filter(|l| l.pr.account_id == id)
                    .cloned()
                    .collect();
                AccountRound {
                    account_id: id.clone(),
                    account_name: o.account_name.clone(),
                    provider: o.provider,
                    first_sync: o.result.as_ref().is_ok_and(|s| s.first_sync),
                    changes: o
                        .result
                        .as_ref()
                        .map(|s| s.changes.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|c| !muted(&id, c.key()))
                        .collect(),
                    woken: o
                        .result
                        .as_ref()
                        .map(|s| s.woken.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|(key, _)| !muted(&id, key))
                        .collect(),
                    listed: lookup(&own, settings.team_requests_are_mine),
                    failure_code: o.result.as_ref().err().map(|f| f.code.clone()),
                    token_expires_at: accounts
                        .iter()
                        .find(|a| a.id == o.account_id)
                        .and_then(|a| a.token_expires_at),
                }
            })
            .collect(),
    };
    let mut memory = load_memory(app);
    let notifications = decide(&input, &settings.notifications, now_local(), &mut memory);
    save_memory(app, &memory);
    for n in notifications {
        tracing::info!(kind = ?n.kind, "notification: {}", n.title);
        // Plain text: servers that parse markup must not render a forge's title.
        let (title, body) = n.shown();
        if let Err(e) = app
            .notification()
            .builder()
            .title(&title)
            .body(&body)
            .show()
        {
            tracing::warn!("notification not shown: {e}");
        }
    }
}
