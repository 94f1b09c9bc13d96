//! The window's capabilities from the page's side: what the UI uses (events, the
//! opener for web links, the app's own commands) still works, and what it never
//! uses (window, webview, image, tray, menu, path, app; the tray's `tray_action`
//! hook without the e2e switch) is refused.

use crate::harness::{App, Launch, TestError, TestResult};

/// Calls `cmd` through the page's IPC; `Ok` with the answer or `Err` with the refusal.
async fn call(
    app: &App,
    cmd: &str,
    args: serde_json::Value,
) -> Result<Result<serde_json::Value, String>, TestError> {
    let script = "const done = arguments[arguments.length - 1];\
        const tauri = window.__TAURI_INTERNALS__;\
        const args = arguments[1];\
        if (args.handler === 'CALLBACK') { args.handler = tauri.transformCallback(() => {}); }\
        tauri.invoke(arguments[0], args)\
          .then(r => done({ ok: r === undefined ? null : r }), e => done({ err: String(e) }));";
    let answer = app
        .client
        .execute_async(script, vec![cmd.into(), args])
        .await?;
    Ok(match answer.get("err") {
        Some(e) => Err(e.as_str().unwrap_or_default().to_string()),
        None => Ok(answer.get("ok").cloned().unwrap_or_default()),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permissions_the_ui_does_not_use_are_refused_from_the_page() -> TestResult {
    let dir = tempfile::tempdir()?;
    // Without the harness's test hook: the window as a user's is.
    let launch = Launch {
        env: vec![("AMPEL_E2E_HOOKS".into(), "0".into())],
    };
    let app = App::launch_in("capabilities", dir.path(), launch).await?;
    let result = async {
        // An app command the UI uses answers.
        if let Err(e) = call(&app, "app_info", serde_json::json!({})).await? {
            return Err(format!("app_info refused: {e}").into());
        }
        // What the UI uses still works.
        let listen = call(
            &app,
            "plugin:event|listen",
            serde_json::json!({ "event": "accounts-changed", "target": { "kind": "Any" }, "handler": "CALLBACK" }),
        )
        .await?;
        let id = match listen {
            Ok(id) => id,
            Err(e) => return Err(format!("listen refused: {e}").into()),
        };
        if let Err(e) = call(
            &app,
            "plugin:event|unlisten",
            serde_json::json!({ "event": "accounts-changed", "eventId": id }),
        )
        .await?
        {
            return Err(format!("unlisten refused: {e}").into());
        }
        // What it does not use is refused, before any effect.
        let unused = [
            ("plugin:image|from_path", serde_json::json!({ "path": "/etc/hostname" })),
            ("plugin:tray|new", serde_json::json!({ "options": {} })),
            ("plugin:menu|new", serde_json::json!({ "kind": "Menu", "options": {} })),
            ("plugin:window|set_title", serde_json::json!({ "label": "main", "value": "pwned" })),
            ("plugin:webview|get_all_webviews", serde_json::json!({})),
            ("plugin:path|resolve_directory", serde_json::json!({ "directory": 11 })),
            ("plugin:app|version", serde_json::json!({})),
            ("plugin:event|emit", serde_json::json!({ "event": "dashboard-changed", "payload": null })),
            // The tray's own code path: only the e2e harness's debug switch grants it.
            ("tray_action", serde_json::json!({ "id": "quit" })),
        ];
        for (cmd, args) in unused {
            match call(&app, cmd, args).await? {
                Ok(v) => return Err(format!("{cmd} was allowed from the page: {v}").into()),
                Err(e) if e.contains("not allowed") => {}
                Err(e) => return Err(format!("{cmd} failed, but not as refused: {e}").into()),
            }
        }
        let title = app.client.title().await?;
        if title.contains("pwned") {
            return Err(format!("the title changed: {title}").into());
        }
        Ok(())
    }
    .await;
    app.finish(result).await
}
