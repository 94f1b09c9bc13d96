//! Control endpoints under `/_fakeforge/` for a fake forge run as a process (the
//! soak): read the random mode's fault counts, and turn it on or off. They never
//! get a fault themselves (no forge prefix).

use crate::chaos::Chaos;
use crate::state::{self, Shared};
use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/faults", get(counts))
        .route("/faults/random", post(random))
        .route("/faults/off", post(off))
}

/// `{"random": bool, "counts": {kind: n}}`.
async fn counts(State(shared): State<Shared>) -> Json<Value> {
    state::with(&shared, |s| {
        let counts = s
            .chaos
            .as_ref()
            .map(|c| c.counts.clone())
            .unwrap_or_default();
        Json(json!({ "random": s.chaos.is_some(), "counts": counts }))
    })
}

#[derive(Deserialize)]
struct RandomArgs {
    seed: u64,
    #[serde(default = "half")]
    rate: f64,
}

fn half() -> f64 {
    0.5
}

/// `POST /faults/random?seed=N&rate=R`: the random mode from now on.
async fn random(State(shared): State<Shared>, Query(args): Query<RandomArgs>) -> Json<Value> {
    state::with(&shared, |s| {
        s.chaos = Some(Chaos::new(args.seed, args.rate))
    });
    Json(json!({ "random": true }))
}

/// `POST /faults/off`: every fault off (the counts are dropped with the mode).
async fn off(State(shared): State<Shared>) -> Json<Value> {
    state::with(&shared, |s| {
        s.faults.clear();
        s.chaos = None;
    });
    Json(json!({ "random": false }))
}
