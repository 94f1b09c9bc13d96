//! `ampel-cli snooze|pin|mute|watch` over a real SQLite file, with the fake forge's
//! demo scenario synced into it: what `prs --json` then shows, and what a sync or
//! a later clock (AMPEL_CLOCK_SHIFT_SECS) does to a snooze.

mod common;

use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge};
use common::Env;
use serde_json::Value;
use std::process::Output;

type R = Result<(), Box<dyn std::error::Error>>;

fn ok(out: &Output, what: &str) -> Result<Value, Box<dyn std::error::Error>> {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout).unwrap_or(Value::Null))
}

/// `prs --json` with the clock moved forward by `shift` seconds.
fn prs(env: &Env, shift: i64) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
    let out = env
        .command(&["prs", "--json"])
        .env(ampel_core::triage::CLOCK_SHIFT_ENV, shift.to_string())
        .output()?;
    Ok(serde_json::from_value(ok(&out, "prs")?)?)
}

fn find(rows: &[Value], number: u64) -> Value {
    rows.iter()
        .find(|r| r["number"] == number)
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snooze_pin_mute_and_watch_over_the_store() -> R {
    let forge = FakeForge::start_demo().await?;
    let env = Env::new("triage");
    let base = forge.base_url(Provider::Github);
    let add = env.add_demo_github(&base, scenario::DEMO_GITHUB_TOKEN);
    ok(&add, "add")?;
    ok(&env.run(&["sync", "--json"], ""), "sync")?;
    let repo = scenario::demo_repo(Provider::Github);

    // Snooze #2 for an hour: it leaves "mine" now and is back an hour later.
    let s = ok(
        &env.run(&["snooze", "Demo", repo, "2", "--for", "1h", "--json"], ""),
        "snooze",
    )?;
    assert!(s["wakes_at"].is_string(), "{s}");
    let rows = prs(&env, 0)?;
    let two = find(&rows, 2);
    assert_eq!(two["triage"]["snoozed"], true);
    assert_eq!(two["sections"], serde_json::json!([]));
    assert!(two["triage"]["listed_in"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
    let later = prs(&env, 3601)?;
    assert_eq!(find(&later, 2)["triage"]["snoozed"], false);
    assert_eq!(find(&later, 2)["sections"], two["triage"]["listed_in"]);
    let mine = env.run(&["prs", "--section", "mine", "--json"], "");
    let mine: Vec<Value> = serde_json::from_value(ok(&mine, "prs mine")?)?;
    assert!(find(&mine, 2).is_null(), "a snoozed PR leaves its section");
    ok(
        &env.run(&["unsnooze", "Demo", repo, "2", "--json"], ""),
        "unsnooze",
    )?;
    assert_eq!(find(&prs(&env, 0)?, 2)["triage"]["snoozed"], false);

    // Snooze #1 until it changes; CI fails on the forge; a sync brings it back.
    ok(
        &env.run(&["snooze", "Demo", repo, "1"], ""),
        "snooze change",
    )?;
    let one = find(&prs(&env, 0)?, 1);
    assert_eq!(one["triage"]["snoozed"], true);
    assert!(one["triage"]["wakes_at"].is_null());
    ok(&env.run(&["sync", "--json"], ""), "sync unchanged")?;
    assert_eq!(
        find(&prs(&env, 0)?, 1)["triage"]["snoozed"],
        true,
        "nothing changed yet"
    );
    assert!(forge.rerun_checks(Provider::Github, repo, 1, &[("build", CheckState::Failure)]));
    let sync = ok(&env.run(&["sync", "--json"], ""), "sync changed")?;
    assert_eq!(
        sync["outcomes"][0]["result"]["woken"][0],
        serde_json::json!([format!("{repo}#1"), "ci_finished"])
    );
    assert_eq!(find(&prs(&env, 0)?, 1)["triage"]["snoozed"], false);

    // Pin the last row (not red; rows come worst light first): it comes first.
    let rows = prs(&env, 0)?;
    let last = rows.last().cloned().unwrap_or(Value::Null);
    assert_ne!(last["light"], "red");
    let n = last["number"].as_u64().unwrap_or(0).to_string();
    ok(&env.run(&["pin", "Demo", repo, &n], ""), "pin")?;
    let rows = prs(&env, 0)?;
    assert_eq!(rows[0]["number"], last["number"]);
    assert_eq!(rows[0]["triage"]["pinned"], true);
    ok(&env.run(&["unpin", "Demo", repo, &n], ""), "unpin")?;
    assert_eq!(prs(&env, 0)?[0]["triage"]["pinned"], false);

    // Mute the repository: its PRs leave every section but Watched.
    ok(&env.run(&["mute", "Demo", repo], ""), "mute")?;
    let muted = ok(&env.run(&["muted", "--json"], ""), "muted")?;
    assert_eq!(muted[0]["repo"], repo);
    assert_eq!(muted[0]["account"], "Demo");
    for r in prs(&env, 0)?.iter().filter(|r| r["repo"] == repo) {
        assert_eq!(r["triage"]["muted"], true);
        assert!(r["sections"]
            .as_array()
            .is_some_and(|a| a.iter().all(|s| s == "watched")));
    }
    ok(&env.run(&["unmute", "Demo", repo], ""), "unmute")?;
    assert_eq!(find(&prs(&env, 0)?, 1)["triage"]["muted"], false);

    // Unknown PRs and accounts are refused with their exit codes.
    assert_eq!(
        env.run(&["pin", "Demo", repo, "999"], "").status.code(),
        Some(10)
    );
    assert_eq!(
        env.run(&["mute", "Nobody", repo], "").status.code(),
        Some(4)
    );
    assert_eq!(
        env.run(&["snooze", "Demo", repo, "1", "--for", "forever"], "")
            .status
            .code(),
        Some(2)
    );

    // Watched repositories.
    ok(
        &env.run(&["watch", "add", "Demo", "octo/one", "octo/two"], ""),
        "watch add",
    )?;
    let list = ok(&env.run(&["watch", "list", "--json"], ""), "watch list")?;
    assert_eq!(
        list,
        serde_json::json!([
            {"account": "Demo", "repo": "octo/one"},
            {"account": "Demo", "repo": "octo/two"}
        ])
    );
    ok(
        &env.run(&["watch", "remove", "Demo", "octo/one"], ""),
        "watch remove",
    )?;
    let list = ok(
        &env.run(&["watch", "list", "Demo", "--json"], ""),
        "watch list",
    )?;
    assert_eq!(
        list,
        serde_json::json!([{"account": "Demo", "repo": "octo/two"}])
    );
    Ok(())
}
