//! Benchmark (not a test): with 200 ms injected latency on the fake forge, a GitLab
//! validation takes about one round trip because its two calls run in parallel; and
//! how many requests each forge's validation makes.
//!
//! Run: `cargo bench -p ampel-forge --bench validate`

use ampel_core::{Provider, Secret};
use ampel_fakeforge::{scenario, FakeForge};
use ampel_forge::http::{Auth, Http};
use ampel_forge::{AccountSpec, HttpConfig, Validator};
use std::time::{Duration, Instant};

const LATENCY: Duration = Duration::from_millis(200);
const RUNS: u32 = 5;

fn spec(ff: &FakeForge, p: Provider) -> AccountSpec {
    let s = AccountSpec::new(p).with_base_url(ff.base_url(p));
    if p == Provider::Bitbucket {
        s.with_username(scenario::DEMO_BITBUCKET_EMAIL)
    } else {
        s
    }
}

fn token(p: Provider) -> Secret {
    Secret::new(
        match p {
            Provider::Github => scenario::DEMO_GITHUB_TOKEN,
            Provider::Gitlab => scenario::DEMO_GITLAB_TOKEN,
            Provider::Bitbucket => scenario::DEMO_BITBUCKET_TOKEN,
            Provider::Gitea => scenario::DEMO_GITEA_TOKEN,
        }
        .to_string(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run() -> Result<(), String> {
    let ff = FakeForge::start_with_demo_tokens()
        .await
        .map_err(|e| e.to_string())?;
    let config = HttpConfig::default();
    let validator = Validator::new(&config).map_err(|e| e.to_string())?;
    let http = Http::new(&config).map_err(|e| e.to_string())?;

    // Requests per validation (no latency).
    println!("requests per validation (fake forge request log):");
    for p in Provider::ALL {
        ff.clear_requests();
        let outcome = match validator.validate(&spec(&ff, p), &token(p)).await {
            Ok(_) => "ok".to_string(),
            Err(e) => e.code().to_string(),
        };
        let log = ff.requests();
        let paths: Vec<String> = log.iter().map(|r| r.path.clone()).collect();
        println!(
            "  {:<9} {} ({outcome}): {}",
            p.as_str(),
            log.len(),
            paths.join(", ")
        );
    }

    // One round trip versus one GitLab validation, with 200 ms injected latency.
    ff.set_latency(LATENCY);
    let one_url = reqwest::Url::parse(&format!("{}/api/v1/version", ff.base_url(Provider::Gitea)))
        .map_err(|e| e.to_string())?;
    let secret = token(Provider::Gitea);
    // Warm the connection pools so both measurements pay the same set-up.
    let _ = http.get(&one_url, Auth::Token(&secret), &[]).await;
    let _ = validator
        .validate(&spec(&ff, Provider::Gitlab), &token(Provider::Gitlab))
        .await;

    let mut single = Duration::ZERO;
    for _ in 0..RUNS {
        let t = Instant::now();
        http.get(&one_url, Auth::Token(&secret), &[])
            .await
            .map_err(|e| e.to_string())?;
        single += t.elapsed();
    }
    let mut gitlab = Duration::ZERO;
    for _ in 0..RUNS {
        let t = Instant::now();
        validator
            .validate(&spec(&ff, Provider::Gitlab), &token(Provider::Gitlab))
            .await
            .map_err(|e| e.to_string())?;
        gitlab += t.elapsed();
    }
    let single = single / RUNS;
    let gitlab = gitlab / RUNS;
    println!(
        "with {} ms injected latency, mean of {RUNS} runs:",
        LATENCY.as_millis()
    );
    println!("  one request            {:>7.1} ms", ms(single));
    println!(
        "  GitLab validation      {:>7.1} ms (2 requests in parallel)",
        ms(gitlab)
    );
    println!(
        "  ratio to one request   {:>7.2}  (sequential calls would be ~2.00)",
        gitlab.as_secs_f64() / single.as_secs_f64()
    );
    Ok(())
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = rt.block_on(run()) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}
