// Every command the app exposes over IPC, by name: build.rs generates an
// `allow-<name>` permission for each (so no app command is callable unless a
// capability lists it), and a test holds the list equal to the bindings'.
// Included by build.rs (no inner attributes here).

/// The app's commands, as `collect_commands!` in `lib.rs` registers them.
pub const APP_COMMANDS: &[&str] = &[
    "app_info",
    "list_accounts",
    "test_connection",
    "check_token_shape",
    "add_account",
    "rename_account",
    "replace_token",
    "retest_account",
    "set_account_enabled",
    "remove_account",
    "vault_status",
    "use_key_file",
    "token_page",
    "recommended_scopes",
    "dashboard",
    "refresh",
    "watched_repos",
    "set_watched_repos",
    "list_repos",
    "act_on_pr",
    "snooze_pr",
    "unsnooze_pr",
    "set_pinned",
    "set_muted",
    "muted_repos",
    "pr_detail",
    "get_settings",
    "set_settings",
    "get_focus",
    "add_exclusion_rule",
    "remove_exclusion_rule",
    "put_profile",
    "remove_profile",
    "use_profile",
    "tray_action",
];
