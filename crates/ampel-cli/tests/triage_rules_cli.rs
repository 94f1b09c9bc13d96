//! What triage and the CLI say they do, over a real SQLite file and the fake forge
//! over HTTP: wake times in `TZ`'s zone at both DST changes (the clock moved with the
//! CLI's own AMPEL_CLOCK_SHIFT_SECS, so no expectation depends on the hour the test
//! runs), mute by the forge's name rule, truthful `changed`, the exit-code table,
//! what plain `sync` and `prs` print, and the app's CI re-check bound in the CLI.

mod common;

use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge};
use common::{code, text, Env};
use serde_json::Value;
use std::process::Output;
use time::macros::datetime;
use time::OffsetDateTime;

type R = Result<(), Box<dyn std::error::Error>>;

fn ok(out: &Output, what: &str) -> Result<Value, Box<dyn std::error::Error>> {
    assert!(out.status.success(), "{what}: {}", text(&out.stderr));
    Ok(serde_json::from_slice(&out.stdout).unwrap_or(Value::Null))
}

/// The clock shift that makes the CLI's now `at` (plus the few ms the run takes).
fn shift_to(at: OffsetDateTime) -> String {
    (at - OffsetDateTime::now_utc()).whole_seconds().to_string()
}

/// Runs the CLI at the instant `at`, with `TZ` as given (`None`: removed).
fn at(env: &Env, args: &[&str], when: OffsetDateTime, tz: Option<&str>) -> Output {
    let mut cmd = env.command(args);
    cmd.env(ampel_core::triage::CLOCK_SHIFT_ENV, shift_to(when));
    match tz {
        Some(tz) => cmd.env("TZ", tz),
        None => cmd.env_remove("TZ"),
    };
    cmd.output().expect("run ampel-cli")
}

/// A fake forge with the demo scenario and the account "Demo" synced.
async fn demo(test: &str) -> Result<(FakeForge, Env), Box<dyn std::error::Error>> {
    let forge = FakeForge::start_demo().await?;
    let env = Env::new(test);
    let base = forge.base_url(Provider::Github);
    ok(
        &env.add_demo_github(&base, scenario::DEMO_GITHUB_TOKEN),
        "add",
    )?;
    ok(&env.run(&["sync", "--json"], ""), "sync")?;
    Ok((forge, env))
}

/// An RFC 3339 text as an instant.
fn instant(v: &Value) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(v.as_str()?, &time::format_description::well_known::Rfc3339).ok()
}

/// The exit codes `--help` lists.
fn help_codes(env: &Env) -> Vec<i32> {
    let help = text(&env.run(&["--help"], "").stdout);
    let table = help.split("Exit codes:").nth(1).unwrap_or_default();
    table
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wake_times_follow_tz_at_both_dst_changes_and_print_to_the_minute() -> R {
    let (_forge, env) = demo("zone").await?;
    let repo = scenario::demo_repo(Provider::Github);
    let berlin = [
        "Europe/Berlin",
        ":Europe/Berlin",
        "CET-1CEST,M3.5.0,M10.5.0/3",
    ];
    // (now, choice, wake time in UTC, as printed in Berlin)
    let cases = [
        // Saturday evening before clocks go forward: 09:00 CEST.
        (
            datetime!(2027-03-27 21:00 UTC),
            "tomorrow",
            "2027-03-28T07:00:00Z",
            "2027-03-28 09:00 +02:00",
        ),
        (
            datetime!(2027-03-26 20:00 UTC),
            "next-week",
            "2027-03-29T07:00:00Z",
            "2027-03-29 09:00 +02:00",
        ),
        // Saturday evening before clocks go back: 09:00 CET.
        (
            datetime!(2027-10-30 20:00 UTC),
            "tomorrow",
            "2027-10-31T08:00:00Z",
            "2027-10-31 09:00 +01:00",
        ),
    ];
    for tz in berlin {
        for (now, choice, utc, words) in cases {
            let out = at(
                &env,
                &["snooze", "Demo", repo, "2", "--for", choice, "--json"],
                now,
                Some(tz),
            );
            assert_eq!(
                instant(&ok(&out, "snooze")?["wakes_at"]),
                instant(&Value::from(utc)),
                "TZ={tz} {choice} at {now}"
            );
            let out = at(
                &env,
                &["snooze", "Demo", repo, "2", "--for", choice],
                now,
                Some(tz),
            );
            assert_eq!(
                text(&out.stdout).trim(),
                format!("snoozed {repo}#2 until {words}"),
                "TZ={tz}"
            );
            // Plain `prs` lists it apart, under Snoozed, with the same minute.
            let prs = text(&at(&env, &["prs"], now, Some(tz)).stdout);
            let (shown, snoozed) = prs.split_once("\nSnoozed:\n").unwrap_or((&prs, ""));
            assert!(!shown.contains(&format!("{repo}#2 ")), "{prs}");
            assert!(
                snoozed
                    .lines()
                    .any(|l| l.contains(&format!("{repo}#2 "))
                        && l.ends_with(&format!("until {words}"))),
                "{prs}"
            );
        }
    }
    // Without TZ the CLI reads /etc/localtime: the same wake time as TZ naming that file.
    let localtime = ampel_core::triage::LOCALTIME;
    for (now, choice, ..) in cases {
        let unset = at(
            &env,
            &["snooze", "Demo", repo, "2", "--for", choice, "--json"],
            now,
            None,
        );
        let named = at(
            &env,
            &["snooze", "Demo", repo, "2", "--for", choice, "--json"],
            now,
            Some(localtime),
        );
        assert_eq!(
            ok(&unset, "unset")?["wakes_at"],
            ok(&named, "named")?["wakes_at"]
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mute_pin_and_prs_by_the_forge_rule_with_truthful_changed_and_codes() -> R {
    let (forge, env) = demo("names").await?;
    forge.add_repo(Provider::Github, "octo-org/quiet-repo");
    let repo = scenario::demo_repo(Provider::Github);
    let shouted = repo.to_uppercase();
    let mut seen = Vec::new();
    let mut run = |args: &[&str]| {
        let out = env.run(args, "");
        seen.push(code(&out));
        out
    };

    // Mute by another case: the repository's own name is muted, once.
    let m = ok(&run(&["mute", "Demo", &shouted, "--json"]), "mute")?;
    assert_eq!(
        (m["repo"].as_str(), m["changed"].as_bool()),
        (Some(repo), Some(true))
    );
    let again = ok(&run(&["mute", "Demo", repo, "--json"]), "mute again")?;
    assert_eq!(again["changed"], false, "already muted");
    let rows: Vec<Value> = serde_json::from_value(ok(&run(&["prs", "--json"]), "prs")?)?;
    assert!(rows
        .iter()
        .filter(|r| r["repo"] == repo)
        .all(|r| r["triage"]["muted"] == true));
    let un = ok(&run(&["unmute", "Demo", &shouted, "--json"]), "unmute")?;
    assert_eq!(un["changed"], true);

    // A name the account never saw is refused with the closest ones, unless --force.
    let typo = format!("{}x", &repo[..repo.len() - 1]);
    let out = run(&["mute", "Demo", &typo]);
    assert_eq!(code(&out), 10, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains(repo), "{}", text(&out.stderr));
    assert!(ok(&run(&["muted", "--json"]), "muted")?
        .as_array()
        .is_some_and(Vec::is_empty));
    // A repository without pull requests that the forge lists is muted by its own name.
    let m = ok(
        &run(&["mute", "Demo", "OCTO-ORG/Quiet-Repo", "--json"]),
        "on the forge",
    )?;
    assert_eq!(m["repo"], "octo-org/quiet-repo");
    let forced = ok(
        &run(&["mute", "Demo", "else/where", "--force", "--json"]),
        "force",
    )?;
    assert_eq!(forced["changed"], true);

    // Pin twice: changed only the first time; unpin by another case.
    let p = ok(&run(&["pin", "Demo", &shouted, "1", "--json"]), "pin")?;
    assert_eq!(
        (p["pr"].as_str(), p["changed"].as_bool()),
        (Some(&*format!("{repo}#1")), Some(true))
    );
    assert_eq!(
        ok(&run(&["pin", "Demo", repo, "1", "--json"]), "pin")?["changed"],
        false
    );
    assert_eq!(
        ok(&run(&["unpin", "Demo", &shouted, "1", "--json"]), "unpin")?["changed"],
        true
    );

    // Watch by another case: one entry.
    run(&["watch", "add", "Demo", "octo/one"]);
    run(&["watch", "add", "Demo", "OCTO/One"]);
    let list = ok(&run(&["watch", "list", "--json"]), "watch")?;
    assert_eq!(
        list,
        serde_json::json!([{"account": "Demo", "repo": "octo/one"}])
    );

    // Not found: a PR not in the cache (10, on snooze, pin and pr), an account (4).
    for args in [
        vec!["snooze", "Demo", repo, "999"],
        vec!["pin", "Demo", repo, "999"],
        vec!["pr", "approve", "Demo", repo, "999"],
    ] {
        let out = run(&args);
        assert_eq!(code(&out), 10, "{args:?}: {}", text(&out.stderr));
    }
    assert_eq!(code(&run(&["pin", "Nobody", repo, "1"])), 4);
    assert_eq!(
        code(&run(&["snooze", "Demo", repo, "1", "--for", "forever"])),
        2
    );

    // Every code seen here is in --help's table, which has each code once.
    let table = help_codes(&env);
    let mut unique = table.clone();
    unique.dedup();
    assert_eq!(unique, table);
    assert_eq!(table, (0..=10).collect::<Vec<_>>());
    for c in &seen {
        assert!(table.contains(c), "exit {c} is not in --help");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rerun_wakes_its_snooze_and_plain_sync_says_so() -> R {
    let (forge, env) = demo("rerun").await?;
    let repo = scenario::demo_repo(Provider::Github);
    // Snoozed on a failed build.
    assert!(forge.rerun_checks(Provider::Github, repo, 1, &[("build", CheckState::Failure)]));
    ok(&env.run(&["sync", "--json"], ""), "sync failed")?;
    ok(&env.run(&["snooze", "Demo", repo, "1"], ""), "snooze")?;
    // Retried: a sync sees it running; still snoozed.
    assert!(forge.rerun_checks(Provider::Github, repo, 1, &[("build", CheckState::Running)]));
    let out = env.run(&["sync"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("woke"), "{}", text(&out.stdout));
    // It fails again, the same result: it wakes, and plain sync says what and why.
    assert!(forge.rerun_checks(Provider::Github, repo, 1, &[("build", CheckState::Failure)]));
    let out = env.run(&["sync"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("woke    Demo: {repo}#1 (CI finished)")),
        "{}",
        text(&out.stdout)
    );
    Ok(())
}

/// Requests of a second sync of a Gitea account 2 minutes after the first, with the
/// app's settings file holding `settings` (none: no file).
async fn second_sync_requests(settings: Option<&str>) -> Result<u64, Box<dyn std::error::Error>> {
    let forge = FakeForge::start_demo().await?;
    let env = Env::new("recheck");
    if let Some(json) = settings {
        std::fs::write(env.data_dir().join("settings.json"), json)?;
    }
    let base = forge.base_url(Provider::Gitea);
    let add = env.run(
        &[
            "accounts",
            "add",
            "--provider",
            "gitea",
            "--name",
            "G",
            "--base-url",
            &base,
            "--token-stdin",
        ],
        scenario::DEMO_GITEA_TOKEN,
    );
    ok(&add, "add gitea")?;
    ok(&env.run(&["sync", "--json"], ""), "first sync")?;
    let mut cmd = env.command(&["sync", "--json"]);
    cmd.env(ampel_core::triage::CLOCK_SHIFT_ENV, "120");
    let second = ok(&cmd.output()?, "second sync")?;
    Ok(second["outcomes"][0]["result"]["requests"]
        .as_u64()
        .unwrap_or(0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_refreshes_by_the_apps_ci_recheck_bound() -> R {
    // The default bound (15 min) trusts 2-minute-old CI; Settings' 1 minute does not.
    let default = second_sync_requests(None).await?;
    let one_minute = second_sync_requests(Some(r#"{"settings": {"ciRecheckSecs": 60}}"#)).await?;
    assert!(
        one_minute > default,
        "1 min bound: {one_minute} requests, default: {default}"
    );
    Ok(())
}
