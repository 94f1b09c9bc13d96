//! `ampel-fakeforge`: runs the fake forge on 127.0.0.1 for manual runs and UI tests,
//! printing its address and the scenario's tokens.

use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge};
use clap::Parser;
use std::process::ExitCode;

/// A fake GitHub / GitLab / Bitbucket / Gitea on 127.0.0.1.
#[derive(Parser)]
#[command(name = "ampel-fakeforge", version)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Scenario to load: demo (one valid token per forge) or empty.
    #[arg(long, default_value = "demo")]
    scenario: String,
    /// Random fault mode: every request draws a fault from the whole fault set,
    /// with a generator seeded by this number (see `/_fakeforge/faults`).
    #[arg(long)]
    random_faults: Option<u64>,
    /// The share of requests that get a fault in the random mode (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    fault_rate: f64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let Some(tokens) = scenario::by_name(&args.scenario) else {
        eprintln!(
            "unknown scenario {:?}; expected one of {}",
            args.scenario,
            scenario::NAMES.join(", ")
        );
        return ExitCode::from(2);
    };
    let forge = match FakeForge::start_on(args.port).await {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    for t in tokens {
        forge.add_token(t);
    }
    for pr in scenario::prs_by_name(&args.scenario) {
        forge.add_pr(pr);
    }
    if let Some(seed) = args.random_faults {
        forge.set_random_faults(seed, args.fault_rate);
        println!("random faults: seed {seed}, rate {}", args.fault_rate);
    }
    println!("listening on {}", forge.url());
    for p in Provider::ALL {
        println!("  {:<9} base URL {}", p.as_str(), forge.base_url(p));
    }
    if args.scenario == "demo" {
        println!("demo tokens (fake values, accepted only by this server):");
        println!("  github    {}", scenario::DEMO_GITHUB_TOKEN);
        println!(
            "  github    {} (fine-grained)",
            scenario::DEMO_GITHUB_FINE_GRAINED_TOKEN
        );
        println!("  gitlab    {}", scenario::DEMO_GITLAB_TOKEN);
        println!(
            "  bitbucket {} (username {})",
            scenario::DEMO_BITBUCKET_TOKEN,
            scenario::DEMO_BITBUCKET_EMAIL
        );
        println!("  gitea     {}", scenario::DEMO_GITEA_TOKEN);
    }
    // Stop on Ctrl-C (or when killed); the server runs on its own task meanwhile.
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
