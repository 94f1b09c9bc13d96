//! Which per-PR reads (reviews, CI status) a refresh can skip on forges without
//! conditional requests (Gitea, Bitbucket): the rule, and the note kept per PR in the
//! listing's validators (`{prefix}:ci:{repo}#{n}` = `{head} {checked_unix}`). The
//! same bound keeps per-account discovery answers (the user, workspaces, the
//! repositories holding PRs of interest) between refreshes.
//!
//! A PR's CI and reviews are read again when its head commit or `updated_at` moved
//! since the cached copy, when its last known CI state is not final (running,
//! pending, or no status yet), or when the final state was checked longer ago than
//! the re-check bound (a re-run CI changes the status without a new commit).

use crate::list::ListSpec;
use ampel_core::pr::{Checks, PullRequest, Review, ReviewVote};
use time::{Duration, OffsetDateTime};

/// The note value of a first refusal (403 / 404) of a read that is usually
/// allowed (a branch's rules): not kept, so the next refresh asks again — a fault
/// looks the same as a refusal once.
pub(crate) const FIRST_REFUSAL: &str = "refused?";

/// The note value of a refusal that repeated: believed, and kept for the bound.
pub(crate) const REFUSED: &str = "refused";

/// What to read for one PR this refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// New or moved: reviews and CI status.
    All,
    /// Unchanged, but the CI state is not final or older than the bound: status only.
    Status,
    /// Unchanged and final within the bound: the cached copy stands.
    Nothing,
}

/// The clock and bound of one refresh, plus the notes from the last one.
pub(crate) struct Recheck<'a> {
    prefix: &'static str,
    now: OffsetDateTime,
    bound: Duration,
    spec: &'a ListSpec,
}

/// The note of one PR: the head it was read at and when its CI was last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seen {
    pub head: String,
    pub checked_at: OffsetDateTime,
}

impl<'a> Recheck<'a> {
    /// The rule for `spec`'s refresh, with notes under `prefix` (`gitea`, `bitbucket`).
    pub fn new(prefix: &'static str, spec: &'a ListSpec) -> Self {
        Recheck {
            prefix,
            now: spec.now(),
            bound: spec.ci_recheck(),
            spec,
        }
    }

    /// The moment of this refresh.
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// A note `{value} {unix}` from the last sync under `key` (the value may hold spaces).
    pub fn note_of(&self, key: &str) -> Option<(String, OffsetDateTime)> {
        let (value, at) = self.spec.validators.get(key)?.rsplit_once(' ')?;
        let at = OffsetDateTime::from_unix_timestamp(at.parse().ok()?).ok()?;
        Some((value.to_string(), at))
    }

    /// A note read within the bound, unless it records a first refusal.
    pub fn fresh_note(&self, key: &str) -> Option<(String, OffsetDateTime)> {
        self.note_of(key)
            .filter(|(value, at)| value != FIRST_REFUSAL && self.now - *at < self.bound)
    }

    /// The note value for a refusal now: believed ([`REFUSED`]) when the last note
    /// under `key` was a refusal too, else [`FIRST_REFUSAL`].
    pub fn refusal(&self, key: &str) -> &'static str {
        match self.note_of(key) {
            Some((v, _)) if v == FIRST_REFUSAL || v == REFUSED => REFUSED,
            _ => FIRST_REFUSAL,
        }
    }

    /// A discovery answer (who I am, which repositories) noted under `key` and read
    /// within the re-check bound; its note is carried on into `notes`. A new
    /// repository therefore shows within the bound.
    pub fn kept(&self, key: &str, notes: &mut Vec<(String, String)>) -> Option<String> {
        let (value, at) = self
            .note_of(key)
            .filter(|(_, at)| self.now - *at < self.bound)?;
        notes.push((key.to_string(), format!("{value} {}", at.unix_timestamp())));
        Some(value)
    }

    /// Notes a discovery answer read now (see [`Recheck::kept`]).
    pub fn keep(&self, key: &str, value: &str, notes: &mut Vec<(String, String)>) {
        notes.push((
            key.to_string(),
            format!("{value} {}", self.now.unix_timestamp()),
        ));
    }

    /// The validator key of a PR's note.
    pub fn key(&self, repo: &str, number: u64) -> String {
        format!("{}:ci:{}#{number}", self.prefix, repo.to_ascii_lowercase())
    }

    /// The cached copy of a PR from the last sync.
    pub fn previous(&self, repo: &str, number: u64) -> Option<&'a PullRequest> {
        self.spec.previous_pr(repo, number)
    }

    /// The note of a PR from the last sync.
    pub fn seen(&self, repo: &str, number: u64) -> Option<Seen> {
        let (head, checked_at) = self.note_of(&self.key(repo, number))?;
        Some(Seen { head, checked_at })
    }

    /// What to read for the PR `repo#number` now at `head`, last updated `updated_at`
    /// (`None`: only the head counts, as for Bitbucket whose list carries the reviews).
    pub fn need(
        &self,
        repo: &str,
        number: u64,
        head: &str,
        updated_at: Option<OffsetDateTime>,
    ) -> Need {
        let (Some(prev), Some(seen)) = (self.previous(repo, number), self.seen(repo, number))
        else {
            return Need::All;
        };
        if seen.head != head || updated_at.is_some_and(|u| u != prev.updated_at) {
            return Need::All;
        }
        if !is_final(&prev.checks) || self.now - seen.checked_at >= self.bound {
            return Need::Status;
        }
        Need::Nothing
    }

    /// The note to keep: checked now when the status was read, else the old one.
    pub fn note(&self, repo: &str, number: u64, head: &str, read_status: bool) -> (String, String) {
        let at = match self.seen(repo, number) {
            Some(s) if !read_status && s.head == head => s.checked_at,
            _ => self.now,
        };
        (
            self.key(repo, number),
            format!("{head} {}", at.unix_timestamp()),
        )
    }
}

/// A CI state that will not change without a new commit or a re-run: some status
/// exists and none is pending or running.
pub(crate) fn is_final(checks: &Checks) -> bool {
    if checks.is_empty() {
        return false;
    }
    let running = checks.runs.iter().any(|c| c.state.is_in_progress());
    let combined = checks.combined.is_some_and(|c| c.is_in_progress());
    !(running || combined)
}

/// A cached review with a (possibly new) required-approval count applied.
pub(crate) fn with_required(review: &Review, required: Option<u32>) -> Review {
    let votes = review
        .approved_by
        .iter()
        .map(|w| (w.as_str(), ReviewVote::Approved))
        .chain(
            review
                .changes_requested_by
                .iter()
                .map(|w| (w.as_str(), ReviewVote::ChangesRequested)),
        );
    Review::from_votes(votes, required)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ampel_core::pr::{Check, CheckState};
    use ampel_core::section::{Section, Sections};
    use ampel_core::Provider;
    use std::collections::BTreeMap;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-01 12:00 UTC);

    fn spec_with(
        state: Option<CheckState>,
        checked: OffsetDateTime,
        now: OffsetDateTime,
    ) -> ListSpec {
        let mut pr = PullRequest::open(Provider::Gitea, "a", "o/r", 1, T0);
        if let Some(s) = state {
            pr.checks.runs.push(Check {
                name: "build".into(),
                state: s,
            });
        }
        let mut validators = BTreeMap::new();
        validators.insert(
            "gitea:ci:o/r#1".to_string(),
            format!("abc {}", checked.unix_timestamp()),
        );
        ListSpec {
            previous: vec![ampel_core::changes::Listed {
                pr,
                sections: Sections::of(Section::Mine),
            }],
            validators,
            now: Some(now),
            ci_recheck: Some(Duration::minutes(15)),
            ..ListSpec::default()
        }
    }

    #[test]
    fn the_rule_per_case() {
        let later = T0 + Duration::minutes(5);
        let spec = spec_with(Some(CheckState::Success), T0, later);
        let r = Recheck::new("gitea", &spec);
        assert_eq!(r.need("o/r", 1, "abc", Some(T0)), Need::Nothing);
        assert_eq!(r.need("O/R", 1, "abc", Some(T0)), Need::Nothing);
        assert_eq!(r.need("o/r", 1, "def", Some(T0)), Need::All);
        assert_eq!(r.need("o/r", 1, "abc", Some(later)), Need::All);
        assert_eq!(r.need("o/r", 2, "abc", Some(T0)), Need::All);

        let at_bound = spec_with(Some(CheckState::Failure), T0, T0 + Duration::minutes(15));
        let r = Recheck::new("gitea", &at_bound);
        assert_eq!(r.need("o/r", 1, "abc", Some(T0)), Need::Status);

        for state in [Some(CheckState::Running), Some(CheckState::Pending), None] {
            let spec = spec_with(state, T0, later);
            let r = Recheck::new("gitea", &spec);
            assert_eq!(r.need("o/r", 1, "abc", Some(T0)), Need::Status, "{state:?}");
        }
    }

    #[test]
    fn the_note_keeps_its_time_unless_the_status_was_read() {
        let later = T0 + Duration::minutes(5);
        let spec = spec_with(Some(CheckState::Success), T0, later);
        let r = Recheck::new("gitea", &spec);
        let t0 = T0.unix_timestamp();
        let now = later.unix_timestamp();
        assert_eq!(r.note("o/r", 1, "abc", false).1, format!("abc {t0}"));
        assert_eq!(r.note("o/r", 1, "abc", true).1, format!("abc {now}"));
        assert_eq!(r.note("o/r", 1, "def", false).1, format!("def {now}"));
    }

    #[test]
    fn a_discovery_answer_is_kept_with_its_time_until_the_bound() {
        let mut spec = spec_with(None, T0, T0 + Duration::minutes(14));
        spec.validators.insert(
            "gitea:repos".into(),
            format!("o/a,o/b {}", T0.unix_timestamp()),
        );
        let mut notes = Vec::new();
        let r = Recheck::new("gitea", &spec);
        assert_eq!(
            r.kept("gitea:repos", &mut notes).as_deref(),
            Some("o/a,o/b")
        );
        assert_eq!(
            notes,
            vec![(
                "gitea:repos".to_string(),
                format!("o/a,o/b {}", T0.unix_timestamp())
            )]
        );
        assert_eq!(r.kept("gitea:other", &mut notes), None);

        spec.now = Some(T0 + Duration::minutes(15));
        let r = Recheck::new("gitea", &spec);
        let mut notes = Vec::new();
        assert_eq!(r.kept("gitea:repos", &mut notes), None, "due at the bound");
        r.keep("gitea:repos", "o/a", &mut notes);
        let at = (T0 + Duration::minutes(15)).unix_timestamp();
        assert_eq!(notes[0].1, format!("o/a {at}"));
    }

    #[test]
    fn a_refusal_is_believed_once_it_repeats() {
        let later = T0 + Duration::minutes(5);
        let mut spec = spec_with(None, T0, later);
        let at = T0.unix_timestamp();
        spec.validators
            .insert("b:first".into(), format!("{FIRST_REFUSAL} {at}"));
        spec.validators
            .insert("b:believed".into(), format!("{REFUSED} {at}"));
        spec.validators.insert("b:read".into(), format!("2 {at}"));
        let r = Recheck::new("gitea", &spec);
        assert_eq!(
            r.fresh_note("b:first"),
            None,
            "a first refusal is asked again"
        );
        assert_eq!(
            r.fresh_note("b:believed").map(|n| n.0).as_deref(),
            Some(REFUSED)
        );
        assert_eq!(r.fresh_note("b:read").map(|n| n.0).as_deref(), Some("2"));
        assert_eq!(r.refusal("b:none"), FIRST_REFUSAL);
        assert_eq!(r.refusal("b:read"), FIRST_REFUSAL);
        assert_eq!(r.refusal("b:first"), REFUSED);
        assert_eq!(r.refusal("b:believed"), REFUSED);
    }

    #[test]
    fn a_required_count_applies_to_a_cached_review() {
        let review = Review::from_votes([("alice", ReviewVote::Approved)], None);
        let r = with_required(&review, Some(2));
        assert_eq!(r.approvals_missing, Some(1));
        assert_eq!(r.approved_by, vec!["alice".to_string()]);
    }
}
