//! The search strings behind each dashboard section and the GraphQL request body
//! that carries one of them (as the variable `$q`, with the page cursor as `$after`).

use crate::list::ListSpec;
use ampel_core::section::Section;
use serde_json::{json, Value};

/// The dashboard query document, validated against GitHub's schema by
/// `tests/github_schema.rs`.
pub(super) const DASHBOARD: &str = include_str!("dashboard.graphql");

/// The operation name in [`DASHBOARD`].
const OPERATION: &str = "AmpelDashboard";

/// Qualifiers every section shares: open pull requests outside archived repositories.
const BASE: &str = "is:pr is:open archived:false";

/// Watched repositories per search. GitHub ORs several `repo:` qualifiers; its
/// 256-character limit does not count qualifiers, but a bound keeps each query
/// modest and its cost predictable (a chosen figure, not a documented one).
pub(super) const REPOS_PER_QUERY: usize = 20;

/// One search to run: the section its PRs belong to and the search string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Search {
    pub section: Section,
    pub q: String,
}

/// The searches for `spec`: one per section (Watched: one per chunk of
/// [`REPOS_PER_QUERY`] repositories, none without watched repositories).
pub(super) fn searches(spec: &ListSpec) -> Vec<Search> {
    let mut sections = spec.sections.clone();
    sections.sort();
    sections.dedup();
    sections
        .into_iter()
        .flat_map(|section| {
            strings(section, &spec.watched_repos)
                .into_iter()
                .map(move |q| Search { section, q })
        })
        .collect()
}

fn strings(section: Section, watched: &[String]) -> Vec<String> {
    let qualifier = match section {
        Section::NeedsMyReview => "review-requested:@me",
        Section::Mine => "author:@me",
        Section::AssignedToMe => "assignee:@me",
        Section::Reviewed => "reviewed-by:@me -author:@me",
        Section::Watched => return watched_strings(watched),
    };
    vec![format!("{BASE} {qualifier}")]
}

fn watched_strings(watched: &[String]) -> Vec<String> {
    let mut repos: Vec<String> = watched
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| is_repo_name(r))
        .collect();
    repos.sort_by_key(|r| r.to_ascii_lowercase());
    repos.dedup_by_key(|r| r.to_ascii_lowercase());
    repos
        .chunks(REPOS_PER_QUERY)
        .map(|chunk| {
            let scope: Vec<String> = chunk.iter().map(|r| format!("repo:{r}")).collect();
            format!("{BASE} {}", scope.join(" "))
        })
        .collect()
}

/// `owner/name` with GitHub's name characters only, so a watched entry can never
/// add qualifiers of its own to the search.
fn is_repo_name(repo: &str) -> bool {
    let ok = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    matches!(repo.split_once('/'), Some((owner, name)) if ok(owner) && ok(name))
}

/// The POST body for one page of the search `q`.
pub(super) fn body(q: &str, after: Option<&str>) -> Value {
    json!({
        "query": DASHBOARD,
        "operationName": OPERATION,
        "variables": { "q": q, "after": after },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(sections: &[Section], watched: &[&str]) -> ListSpec {
        ListSpec {
            sections: sections.to_vec(),
            watched_repos: watched.iter().map(|s| s.to_string()).collect(),
            ..ListSpec::default()
        }
    }

    #[test]
    fn each_section_has_its_qualifier() {
        let s = searches(&spec(&Section::ALL, &["octo/a"]));
        let qs: Vec<&str> = s.iter().map(|s| s.q.as_str()).collect();
        assert_eq!(
            qs,
            [
                "is:pr is:open archived:false review-requested:@me",
                "is:pr is:open archived:false author:@me",
                "is:pr is:open archived:false assignee:@me",
                "is:pr is:open archived:false repo:octo/a",
                "is:pr is:open archived:false reviewed-by:@me -author:@me",
            ]
        );
    }

    #[test]
    fn watched_repos_share_a_query_chunked_and_checked() {
        let mut repos: Vec<String> = (0..45).map(|i| format!("o/r{i:02}")).collect();
        repos.push("O/R00".into()); // duplicate by case
        repos.push("o/x author:someone".into()); // would inject a qualifier
        repos.push("no-slash".into());
        let refs: Vec<&str> = repos.iter().map(String::as_str).collect();
        let s = searches(&spec(&[Section::Watched], &refs));
        assert_eq!(s.len(), 3, "45 repos in chunks of 20");
        assert_eq!(s[0].q.matches("repo:").count(), 20);
        assert_eq!(s[2].q.matches("repo:").count(), 5);
        assert!(s.iter().all(|x| !x.q.contains("author:")));
    }

    #[test]
    fn no_watched_repos_means_no_watched_search() {
        assert!(searches(&spec(&[Section::Watched], &[])).is_empty());
    }

    #[test]
    fn body_carries_q_and_cursor_as_variables() {
        let b = body("is:pr", Some("Y3Vyc29yOjEwMA=="));
        assert_eq!(b["variables"]["q"], "is:pr");
        assert_eq!(b["variables"]["after"], "Y3Vyc29yOjEwMA==");
        assert!(b["query"]
            .as_str()
            .is_some_and(|q| q.contains("query AmpelDashboard(")));
        assert!(body("is:pr", None)["variables"]["after"].is_null());
    }
}
