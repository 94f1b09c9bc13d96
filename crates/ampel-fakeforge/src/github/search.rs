//! GitHub's issue-search qualifiers, evaluated against the fake forge's PRs:
//! `is:pr|issue|open|closed|merged`, `draft:`, `archived:` (no repository is
//! archived), `author:`, `assignee:`, `review-requested:` (asked by name or through
//! a team the user is a member of, as on GitHub), `user-review-requested:` (by name
//! only), `reviewed-by:` (approved, requested changes or commented), `repo:`
//! (several are ORed), a leading `-` that excludes a qualifier's hits
//! (`-author:@me`) and `@me` for the viewer. Other words must appear in the title,
//! as GitHub's text search would require.

use crate::prs::FakePr;
use ampel_core::pr::PrState;
use ampel_core::Provider;

/// A parsed search string.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    issues_only: bool,
    states: Option<Vec<PrState>>,
    draft: Option<bool>,
    archived: Option<bool>,
    authors: Vec<String>,
    assignees: Vec<String>,
    reviewers: Vec<String>,
    user_reviewers: Vec<String>,
    reviewed_by: Vec<String>,
    not_authors: Vec<String>,
    repos: Vec<String>,
    words: Vec<String>,
}

impl Filter {
    /// Parses `q`, with `@me` meaning `viewer`.
    pub(crate) fn parse(q: &str, viewer: &str) -> Filter {
        let mut f = Filter::default();
        for term in q.split_whitespace() {
            match term.split_once(':') {
                Some((key, value)) if key.starts_with('-') => {
                    f.excluded(&key[1..], resolve(value, viewer), term)
                }
                Some((key, value)) => f.qualifier(key, resolve(value, viewer)),
                None => f.words.push(term.to_ascii_lowercase()),
            }
        }
        f
    }

    fn qualifier(&mut self, key: &str, value: String) {
        match key.to_ascii_lowercase().as_str() {
            "is" => self.is(&value),
            "draft" => self.draft = Some(value == "true"),
            "archived" => self.archived = Some(value == "true"),
            "author" => self.authors.push(value),
            "assignee" => self.assignees.push(value),
            "review-requested" => self.reviewers.push(value),
            "user-review-requested" => self.user_reviewers.push(value),
            "reviewed-by" => self.reviewed_by.push(value),
            "repo" => self.repos.push(value.to_ascii_lowercase()),
            other => self
                .words
                .push(format!("{other}:{value}").to_ascii_lowercase()),
        }
    }

    /// A `-key:value` term: only `-author:` is understood; others stay words.
    fn excluded(&mut self, key: &str, value: String, term: &str) {
        match key.to_ascii_lowercase().as_str() {
            "author" => self.not_authors.push(value),
            _ => self.words.push(term.to_ascii_lowercase()),
        }
    }

    fn is(&mut self, value: &str) {
        match value.to_ascii_lowercase().as_str() {
            "issue" => self.issues_only = true,
            "open" => self.states = Some(vec![PrState::Open]),
            "closed" => self.states = Some(vec![PrState::Closed, PrState::Merged]),
            "merged" => self.states = Some(vec![PrState::Merged]),
            "draft" => self.draft = Some(true),
            _ => {}
        }
    }

    /// True when the GitHub PR `pr` is a hit.
    pub(crate) fn matches(&self, pr: &FakePr) -> bool {
        pr.provider == Provider::Github
            && !self.issues_only
            && self.archived != Some(true)
            && self.states.as_ref().is_none_or(|s| s.contains(&pr.state))
            && self.draft.is_none_or(|d| d == pr.draft)
            && self.authors.iter().all(|a| pr.authored_by(a))
            && self.assignees.iter().all(|a| pr.assigned_to(a))
            && self.not_authors.iter().all(|a| !pr.authored_by(a))
            && self.reviewers.iter().all(|r| pr.review_requested_from(r))
            && self.user_reviewers.iter().all(|r| {
                pr.requested_reviewers
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(r))
            })
            && self.reviewed_by.iter().all(|r| pr.reviewed_by(r))
            && (self.repos.is_empty() || self.repos.contains(&pr.repo.to_ascii_lowercase()))
            && self
                .words
                .iter()
                .all(|w| pr.title.to_ascii_lowercase().contains(w))
    }
}

fn resolve(value: &str, viewer: &str) -> String {
    if value == "@me" {
        viewer.to_string()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(n: u64, repo: &str, author: &str) -> FakePr {
        FakePr::new(Provider::Github, repo, n, "Fix the sync loop", author)
    }

    #[test]
    fn qualifiers_select_the_right_prs() {
        let mine = pr(1, "o/a", "me");
        let review = pr(2, "o/b", "bob").request_review("me");
        let assigned = pr(3, "o/a", "bob").assign("me");
        let mut closed = pr(4, "o/a", "me");
        closed.state = PrState::Closed;
        let all = [&mine, &review, &assigned, &closed];
        let hits = |q: &str| -> Vec<u64> {
            let f = Filter::parse(q, "me");
            all.iter()
                .filter(|p| f.matches(p))
                .map(|p| p.number)
                .collect()
        };
        assert_eq!(hits("is:pr is:open archived:false author:@me"), [1]);
        assert_eq!(hits("is:pr is:open review-requested:@me"), [2]);
        assert_eq!(hits("is:pr is:open assignee:@me"), [3]);
        assert_eq!(hits("is:pr is:open repo:o/a repo:O/B"), [1, 2, 3]);
        assert_eq!(hits("is:pr author:me"), [1, 4]);
        assert_eq!(hits("is:pr is:open sync"), [1, 2, 3]);
        assert!(hits("is:issue").is_empty());
        let team = pr(5, "o/c", "bob").request_team("core", &["me"]);
        let reviewed = pr(6, "o/c", "bob").review("me", ampel_core::pr::ReviewVote::Commented);
        let own = pr(7, "o/c", "me").review("me", ampel_core::pr::ReviewVote::Commented);
        let more = [&team, &reviewed, &own];
        let hits = |q: &str| -> Vec<u64> {
            let f = Filter::parse(q, "me");
            more.iter()
                .filter(|p| f.matches(p))
                .map(|p| p.number)
                .collect()
        };
        assert_eq!(hits("is:pr review-requested:@me"), [5], "team membership");
        assert!(hits("is:pr user-review-requested:@me").is_empty());
        assert_eq!(hits("is:pr reviewed-by:@me -author:@me"), [6]);
        assert!(hits("is:pr nothing-like-this").is_empty());
    }
}
