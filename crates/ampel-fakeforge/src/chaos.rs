//! The random fault mode for soaks: every request draws a fault (or none) from the
//! whole fault set with a seeded generator, so a run can be repeated, and every
//! draw is counted by kind for the soak's report.

use crate::fault::Fault;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::time::Duration;

/// How long a `timeout` draw stays silent: past the clients' 30 s limit.
pub const TIMEOUT: Duration = Duration::from_secs(35);

/// The origin a `redirect_other_host` draw points to: another loopback address,
/// so a client that wrongly followed it would reach nothing.
pub const OTHER_ORIGIN: &str = "http://127.0.0.2:9";

/// Every kind the random mode draws, with its weight (slow ones drawn less).
pub const KINDS: &[(&str, u32)] = &[
    ("status_401", 4),
    ("status_403", 4),
    ("status_404", 4),
    ("status_409", 4),
    ("status_429", 4),
    ("status_429_retry_after", 4),
    ("status_500", 4),
    ("status_502", 4),
    ("status_503", 4),
    ("status_503_retry_after", 4),
    ("timeout", 1),
    ("reset", 4),
    ("html_page", 4),
    ("truncated_json", 4),
    ("invalid_json", 4),
    ("unexpected_json", 4),
    ("huge_body", 2),
    ("slow_trickle", 2),
    ("redirect_other_host", 4),
    ("graphql_error", 4),
];

/// The random mode's generator and what it drew.
pub(crate) struct Chaos {
    rng: StdRng,
    /// The share of requests that get a fault (0 to 1).
    rate: f64,
    /// Draws so far by kind (`none` for requests answered normally).
    pub counts: BTreeMap<String, u64>,
}

impl Chaos {
    /// A random mode seeded with `seed` that faults `rate` of the requests.
    pub fn new(seed: u64, rate: f64) -> Self {
        Chaos {
            rng: StdRng::seed_from_u64(seed),
            rate: rate.clamp(0.0, 1.0),
            counts: BTreeMap::new(),
        }
    }

    /// The fault for the next request, or `None` to answer it normally.
    pub fn draw(&mut self) -> Option<Fault> {
        if !self.rng.gen_bool(self.rate) {
            *self.counts.entry("none".to_string()).or_default() += 1;
            return None;
        }
        let total: u32 = KINDS.iter().map(|(_, w)| w).sum();
        let mut pick = self.rng.gen_range(0..total);
        let kind = KINDS
            .iter()
            .find(|(_, w)| {
                let hit = pick < *w;
                pick = pick.saturating_sub(*w);
                hit
            })
            .map_or("status_500", |(k, _)| k);
        *self.counts.entry(kind.to_string()).or_default() += 1;
        let retry_after = Some(self.rng.gen_range(1..=3));
        Some(match kind {
            "status_401" => status(401, None),
            "status_403" => status(403, None),
            "status_404" => status(404, None),
            "status_409" => status(409, None),
            "status_429" => status(429, None),
            "status_429_retry_after" => status(429, retry_after),
            "status_502" => status(502, None),
            "status_503" => status(503, None),
            "status_503_retry_after" => status(503, retry_after),
            "timeout" => Fault::Timeout(TIMEOUT),
            "reset" => Fault::Reset,
            "html_page" => Fault::HtmlLoginPage,
            "truncated_json" => Fault::Truncated,
            "invalid_json" => Fault::InvalidJson,
            "unexpected_json" => Fault::UnexpectedJson,
            "huge_body" => Fault::HugeBody(8 << 20),
            "slow_trickle" => Fault::Trickle {
                chunk: 256,
                every: Duration::from_millis(40),
            },
            "redirect_other_host" => Fault::RedirectTo(OTHER_ORIGIN.to_string()),
            "graphql_error" => Fault::GraphQlError {
                kind: ["RATE_LIMITED", "NOT_FOUND", "FORBIDDEN", "INTERNAL"]
                    [self.rng.gen_range(0..4)]
                .to_string(),
                message: "injected GraphQL error".to_string(),
            },
            _ => status(500, None),
        })
    }
}

fn status(code: u16, retry_after: Option<u64>) -> Fault {
    Fault::Status { code, retry_after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_faults_and_every_kind_comes_up() {
        let draws = |seed| {
            let mut c = Chaos::new(seed, 0.5);
            let faults: Vec<Option<Fault>> = (0..2000).map(|_| c.draw()).collect();
            (faults, c.counts)
        };
        let (a, counts) = draws(7);
        assert_eq!(a, draws(7).0);
        assert_ne!(a, draws(8).0);
        for (kind, _) in KINDS {
            assert!(
                counts.get(*kind).is_some_and(|n| *n > 0),
                "{kind} never drawn"
            );
        }
        let none = counts.get("none").copied().unwrap_or_default();
        assert!(
            (800..1200).contains(&none),
            "{none} of 2000 unfaulted at rate 0.5"
        );
    }
}
