//! GitHub's issue-search qualifiers, evaluated against the fake forge's PRs:
//! `is:pr|issue|open|closed|merged`, `draft:`, `archived:` (no repository is
//! archived), `author:`, `assignee:`, `review-requested:` / `user-review-requested:`,
//! `repo:` (several are ORed) and `@me` for the viewer. Other words must appear in
//! the title, as GitHub's text search would require.

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
    repos: Vec<String>,
    words: Vec<String>,
}

impl Filter {
    /// Parses `q`, with `@me` meaning `viewer`.
    pub(crate) fn parse(q: &str, viewer: &str) -> Filter {
        let mut f = Filter::default();
        for term in q.split_whitespace() {
            match term.split_once(':') {
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
            "review-requested" | "user-review-requested" => self.reviewers.push(value),
            "repo" => self.repos.push(value.to_ascii_lowercase()),
            other => self
                .words
                .push(format!("{other}:{value}").to_ascii_lowercase()),
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
            && self.reviewers.iter().all(|r| pr.review_requested_from(r))
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
        assert!(hits("is:pr nothing-like-this").is_empty());
    }
}
