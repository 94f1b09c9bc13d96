//! `ampel-cli exclude` and `ampel-cli profile` over a real SQLite file with the fake
//! forge's demo synced into it: a rule hides a PR from `prs` (its sections empty,
//! `hidden_by` naming the rule), removing it brings it back; profiles are listed,
//! picked by hand and handed back to the schedule; bad input exits with a code.

mod common;

use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge, FakePr};
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

fn row(env: &Env, number: u64) -> Result<Value, Box<dyn std::error::Error>> {
    let rows: Vec<Value> = serde_json::from_value(ok(&env.run(&["prs", "--json"], ""), "prs")?)?;
    Ok(rows
        .into_iter()
        .find(|r| r["number"] == number)
        .unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bots_rule_hides_the_bots_pr_until_removed_and_profiles_are_picked() -> R {
    let forge = FakeForge::start_demo().await?;
    let gh = Provider::Github;
    forge.add_pr(
        FakePr::new(
            gh,
            scenario::demo_repo(gh),
            31,
            "Bump serde",
            "renovate[bot]",
        )
        .request_review(scenario::DEMO_LOGIN),
    );
    let env = Env::new("focus");
    ok(
        &env.add_demo_github(&forge.base_url(gh), scenario::DEMO_GITHUB_TOKEN),
        "add",
    )?;
    ok(&env.run(&["sync", "--json"], ""), "sync")?;
    let bot = row(&env, 31)?;
    assert_eq!(bot["hidden_by"], serde_json::json!([]));
    assert_ne!(bot["sections"], serde_json::json!([]));

    let rule = ok(
        &env.run(&["exclude", "add", "bots", "--json"], ""),
        "exclude add",
    )?;
    let id = rule["id"].as_str().unwrap_or_default().to_string();
    let hidden = row(&env, 31)?;
    assert_eq!(hidden["sections"], serde_json::json!([]));
    assert_eq!(hidden["hidden_by"][0]["words"], "bots");
    assert_eq!(hidden["hidden_by"][0]["id"], id.as_str());
    assert_eq!(
        row(&env, 1)?["hidden_by"],
        serde_json::json!([]),
        "people stay"
    );
    let text = env.run(&["prs"], "");
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("Hidden by rules (1):"), "{out}");
    assert!(out.contains("(hidden: bots)"), "{out}");
    let list = String::from_utf8_lossy(&env.run(&["exclude", "list"], "").stdout).into_owned();
    assert!(
        list.contains(&format!("{id}  bots  (all accounts)")),
        "{list}"
    );
    ok(&env.run(&["exclude", "remove", &id], ""), "exclude remove")?;
    assert_eq!(row(&env, 31)?["hidden_by"], serde_json::json!([]));
    let gone = env.run(&["exclude", "remove", &id], "");
    assert_eq!(gone.status.code(), Some(10), "no such rule: not found");
    let bad = env.run(&["exclude", "add", "author"], "");
    assert_eq!(bad.status.code(), Some(2), "a value is needed");

    // Profiles.
    ok(
        &env.run(
            &[
                "profile",
                "add",
                "Work",
                "--account",
                "Demo",
                "--schedule",
                "mon-fri 09:00-18:00",
            ],
            "",
        ),
        "profile add",
    )?;
    let listed = ok(&env.run(&["profile", "list", "--json"], ""), "profile list")?;
    assert_eq!(listed["profiles"][0]["name"], "Work");
    assert_eq!(listed["profiles"][0]["schedule"][0]["start"], "09:00");
    ok(&env.run(&["profile", "use", "Work"], ""), "use")?;
    let picked = ok(&env.run(&["profile", "list", "--json"], ""), "list")?;
    assert_eq!(
        (picked["active"].as_str(), picked["by_hand"].as_bool()),
        (Some("Work"), Some(true))
    );
    ok(&env.run(&["profile", "use", "schedule"], ""), "schedule")?;
    let back = ok(&env.run(&["profile", "list", "--json"], ""), "list")?;
    assert_eq!(back["by_hand"], false);
    let unknown = env.run(&["profile", "use", "Nope"], "");
    assert_eq!(unknown.status.code(), Some(10));
    let bad_schedule = env.run(
        &[
            "profile",
            "add",
            "X",
            "--account",
            "Demo",
            "--schedule",
            "someday",
        ],
        "",
    );
    assert_eq!(bad_schedule.status.code(), Some(2));
    ok(&env.run(&["profile", "remove", "Work"], ""), "remove")?;
    Ok(())
}
