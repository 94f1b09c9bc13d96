//! What became of the pull requests GitHub was merging on its own (auto-merge on,
//! or in a merge queue) at the last sync and that are no longer in the open lists:
//! one `ended.graphql` request reads up to [`SLOTS`] of them by alias. Nothing is
//! read when no such PR left, so an unchanged refresh costs no extra request.

use crate::list::{Ended, ListSpec, Listing};
use ampel_core::pr::PrState;
use serde_json::{json, Map, Value};

/// The read's document, validated against GitHub's schema by `tests/github_schema.rs`.
const ENDED: &str = include_str!("ended.graphql");

/// The operation name in [`ENDED`].
const OPERATION: &str = "AmpelEnded";

/// Pull requests one request reads (the document's aliased slots).
pub(super) const SLOTS: usize = 10;

/// `owner/name` and number of each PR that had non-idle automation at the last
/// sync, was open then, and is not in `listing` now.
pub(super) fn gone(spec: &ListSpec, listing: &Listing) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    for l in &spec.previous {
        let pr = &l.pr;
        if pr.state != PrState::Open || pr.automation.is_idle() {
            continue;
        }
        let listed = listing
            .prs
            .iter()
            .any(|n| n.pr.number == pr.number && n.pr.repo.eq_ignore_ascii_case(&pr.repo));
        let seen = out
            .iter()
            .any(|(r, n)| *n == pr.number && r.eq_ignore_ascii_case(&pr.repo));
        if !listed && !seen {
            out.push((pr.repo.clone(), pr.number));
        }
    }
    out
}

/// The POST body reading `chunk` (at most [`SLOTS`]); a repository name that is
/// not `owner/name` leaves its slot unused (it reads as `Unknown`).
pub(super) fn body(chunk: &[(String, u64)]) -> Value {
    let mut vars = Map::new();
    for i in 0..SLOTS {
        let slot = chunk.get(i).and_then(|(repo, number)| {
            let (owner, name) = repo.split_once('/')?;
            let number = i64::try_from(*number).ok()?;
            Some((owner.to_string(), name.to_string(), number))
        });
        let used = slot.is_some();
        let (owner, name, number) = slot.unwrap_or_else(|| ("-".into(), "-".into(), 0));
        vars.insert(format!("o{i}"), json!(owner));
        vars.insert(format!("n{i}"), json!(name));
        vars.insert(format!("k{i}"), json!(number));
        vars.insert(format!("u{i}"), json!(used));
    }
    json!({ "query": ENDED, "operationName": OPERATION, "variables": vars })
}

/// The state GitHub reports for each PR of `chunk` in the answer's `data`
/// (`None`: the read failed): merged or closed; still open is not an end and is
/// left out; anything else is `Unknown`.
pub(super) fn read(chunk: &[(String, u64)], data: Option<&Value>) -> Vec<Ended> {
    chunk
        .iter()
        .enumerate()
        .filter_map(|(i, (repo, number))| {
            let state = data
                .and_then(|d| d.get(format!("p{i}")))
                .and_then(|r| r.pointer("/pullRequest/state"))
                .and_then(Value::as_str);
            let state = match state {
                Some("OPEN") => return None,
                Some("MERGED") => PrState::Merged,
                Some("CLOSED") => PrState::Closed,
                _ => PrState::Unknown,
            };
            Some(Ended {
                repo: repo.clone(),
                number: *number,
                state,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_slots_are_skipped_with_placeholders() {
        let b = body(&[("o/r".into(), 7)]);
        let v = &b["variables"];
        assert_eq!((v["o0"].as_str(), v["n0"].as_str()), (Some("o"), Some("r")));
        assert_eq!(v["k0"], 7);
        assert_eq!(v["u0"], true);
        assert_eq!(v["u1"], false);
        assert_eq!(v["u9"], false);
        assert!(v["o9"].as_str().is_some_and(|s| !s.is_empty()));
    }

    #[test]
    fn states_map_and_open_is_not_an_end() {
        let chunk = vec![
            ("o/a".to_string(), 1),
            ("o/b".to_string(), 2),
            ("o/c".to_string(), 3),
            ("o/d".to_string(), 4),
        ];
        let data = json!({
            "p0": {"pullRequest": {"state": "MERGED"}},
            "p1": {"pullRequest": {"state": "CLOSED"}},
            "p2": {"pullRequest": {"state": "OPEN"}},
            "p3": null,
        });
        let got: Vec<(u64, PrState)> = read(&chunk, Some(&data))
            .into_iter()
            .map(|e| (e.number, e.state))
            .collect();
        assert_eq!(
            got,
            [
                (1, PrState::Merged),
                (2, PrState::Closed),
                (4, PrState::Unknown)
            ]
        );
        assert!(read(&chunk[..1], None)
            .iter()
            .all(|e| e.state == PrState::Unknown));
    }
}
