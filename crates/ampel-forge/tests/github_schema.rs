//! The GitHub dashboard query validates against GitHub's official GraphQL schema
//! (npm `@octokit/graphql-schema`), checked by `graphql-check/validate.mjs` with
//! graphql-js; a deliberately broken query must fail the same check.
//!
//! Needs node and `npm ci --prefix crates/ampel-forge/graphql-check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn check_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql-check")
}

fn query_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/list/github/dashboard.graphql")
}

/// Runs the checker on `file`, failing the test clearly when it cannot run.
fn validate(file: &Path) -> Output {
    let dir = check_dir();
    let schema = dir.join("node_modules/@octokit/graphql-schema/schema.graphql");
    assert!(
        schema.is_file(),
        "GitHub's GraphQL schema is not installed ({} is missing): run \
         `npm ci --prefix crates/ampel-forge/graphql-check` first",
        schema.display()
    );
    match Command::new("node")
        .arg("validate.mjs")
        .arg(file)
        .current_dir(&dir)
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!("cannot run node (needed to validate the GraphQL query): {e}"),
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_dashboard_query_is_valid_against_githubs_schema() {
    let out = validate(&query_file());
    assert!(
        out.status.success(),
        "dashboard.graphql does not validate against GitHub's schema:\n{}",
        text(&out)
    );
}

#[test]
fn a_broken_query_fails_the_check() {
    let good = match std::fs::read_to_string(query_file()) {
        Ok(t) => t,
        Err(e) => panic!("cannot read the query: {e}"),
    };
    // A misspelt field and a connection without its required `first`/`last` value type.
    let broken = good
        .replace("isDraft", "isDraftt")
        .replace("labels(first: 20)", "labels(first: \"20\")");
    assert_ne!(broken, good, "the query changed; update this test's edits");
    let path = std::env::temp_dir().join(format!("ampel-broken-{}.graphql", std::process::id()));
    if let Err(e) = std::fs::write(&path, broken) {
        panic!("cannot write {}: {e}", path.display());
    }
    let out = validate(&path);
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("isDraftt"), "{said}");
    assert!(said.contains("Int cannot represent"), "{said}");
}

fn action_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/actions/github")
        .join(name)
}

#[test]
fn the_action_documents_are_valid_against_githubs_schema() {
    for name in [
        "pull_request.graphql",
        "review.graphql",
        "merge.graphql",
        "auto_merge.graphql",
        "cancel_auto_merge.graphql",
        "enqueue.graphql",
        "dequeue.graphql",
        "update_branch.graphql",
    ] {
        let out = validate(&action_file(name));
        assert!(
            out.status.success(),
            "{name} does not validate against GitHub's schema:\n{}",
            text(&out)
        );
    }
}

#[test]
fn a_broken_merge_mutation_fails_the_check() {
    let good = match std::fs::read_to_string(action_file("merge.graphql")) {
        Ok(t) => t,
        Err(e) => panic!("cannot read the mutation: {e}"),
    };
    // A misspelt input field and a method variable of the wrong type.
    let broken = good
        .replace("expectedHeadOid", "expectedHeadSha")
        .replace("$method: PullRequestMergeMethod!", "$method: String!");
    assert_ne!(
        broken, good,
        "the mutation changed; update this test's edits"
    );
    let path =
        std::env::temp_dir().join(format!("ampel-broken-merge-{}.graphql", std::process::id()));
    if let Err(e) = std::fs::write(&path, broken) {
        panic!("cannot write {}: {e}", path.display());
    }
    let out = validate(&path);
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("expectedHeadSha"), "{said}");
    assert!(said.contains("String!"), "{said}");
}

#[test]
fn the_ended_query_is_valid_against_githubs_schema() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/list/github/ended.graphql");
    let out = validate(&file);
    assert!(
        out.status.success(),
        "ended.graphql does not validate against GitHub's schema:\n{}",
        text(&out)
    );
}
