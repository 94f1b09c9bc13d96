//! `ampel-cli sync` and `ampel-cli prs` against the fake forge's demo scenario,
//! then offline from the cache.

mod common;

use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge};
use common::Env;

type R = Result<(), Box<dyn std::error::Error>>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_then_prs_offline() -> R {
    let forge = FakeForge::start_demo().await?;
    let env = Env::new("sync");
    let base = forge.base_url(Provider::Github);
    let add = env.add_demo_github(&base, scenario::DEMO_GITHUB_TOKEN);
    assert!(
        add.status.success(),
        "add: {}",
        String::from_utf8_lossy(&add.stderr)
    );

    let sync = env.run(&["sync", "--json"], "");
    assert!(
        sync.status.success(),
        "sync: {}",
        String::from_utf8_lossy(&sync.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&sync.stdout)?;
    assert_eq!(report["outcomes"][0]["result"]["status"], "ok");
    assert_eq!(report["outcomes"][0]["result"]["first_sync"], true);

    let mine = env.run(&["prs", "--section", "mine", "--json"], "");
    assert!(mine.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&mine.stdout)?;
    let light_of = |n: u64| {
        rows.iter()
            .find(|r| r["number"] == n)
            .map(|r| r["light"].clone())
    };
    assert_eq!(light_of(1), Some("green".into()));
    assert_eq!(light_of(2), Some("red".into()));
    assert_eq!(light_of(6), Some("yellow".into()), "draft");
    assert_eq!(light_of(3), None, "#3 needs my review, it is not mine");

    // Whose turn: #3 is asked of me, #2 (mine) failed CI, #1 (mine) was approved since my
    // last push — all my move; #6 (my draft, nobody asked) is nobody's in particular.
    let turn = env.run(&["prs", "--turn", "mine", "--json"], "");
    assert!(turn.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&turn.stdout)?;
    let kind_of = |n: u64| {
        rows.iter()
            .find(|r| r["number"] == n)
            .map(|r| (r["turn"]["kind"].clone(), r["turn"]["group"].clone()))
    };
    assert_eq!(
        kind_of(3),
        Some(("requested_of_me".into(), "mine".into())),
        "{rows:?}"
    );
    assert_eq!(
        kind_of(2),
        Some(("returned_to_me".into(), "mine".into())),
        "{rows:?}"
    );
    assert_eq!(
        kind_of(1),
        Some(("returned_to_me".into(), "mine".into())),
        "{rows:?}"
    );
    assert_eq!(kind_of(6), None, "{rows:?}");
    let wrong = env.run(&["prs", "--turn", "everyone"], "");
    assert_eq!(wrong.status.code(), Some(2), "a usage error");

    drop(forge);
    let offline = env.run(&["sync"], "");
    assert_eq!(offline.status.code(), Some(8), "offline sync exits 8");
    assert!(String::from_utf8_lossy(&offline.stdout).contains("unreachable"));
    let cached = env.run(&["prs"], "");
    assert!(cached.status.success());
    let text = String::from_utf8_lossy(&cached.stdout);
    assert!(
        text.contains("RED") && text.contains("CI failing: build"),
        "{text}"
    );
    assert!(!text.contains(scenario::DEMO_GITHUB_TOKEN));
    Ok(())
}
