//! Whose move a pull request waits for — mine, its author's, its reviewers' or one
//! of my teams' — from the review facts every forge client reads, so the dashboard,
//! the tray and notifications answer "is it my turn?" the same way (issue 27).

use crate::changes::Listed;
use crate::pr::{same_login, PullRequest, ReviewFacts, ReviewMark, ReviewVote};
use crate::section::Section;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Where a pull request stands for the signed-in user of its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    /// A review is requested of me by name.
    RequestedOfMe,
    /// I reviewed, and since then the author pushed.
    Pushed,
    /// I reviewed, and my review was requested again without a push.
    ReRequested,
    /// My PR: a reviewer answered since my last push.
    Answered {
        by: String,
        vote: ReviewVote,
        at: Option<OffsetDateTime>,
    },
    /// My PR: CI fails on its head.
    CiFailed,
    /// I requested changes and nothing was pushed since.
    WaitingOnAuthor { at: Option<OffsetDateTime> },
    /// My PR: reviews are requested and nobody answered since my last push.
    WaitingOnReviewers { who: Vec<String> },
    /// Requested only of teams I belong to.
    RequestedOfTeams { teams: Vec<String> },
}

/// The stable id of a [`Turn`] (IPC, CLI JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TurnKind {
    RequestedOfMe,
    ReReviewNeeded,
    ReturnedToMe,
    WaitingOnAuthor,
    WaitingOnReviewers,
    RequestedOfTeams,
}

/// The dashboard block a turn is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TurnGroup {
    /// My move: requested of me, re-review needed, returned to me.
    Mine,
    /// Someone else's move: waiting on the author or on reviewers.
    Waiting,
    /// Requested of a team of mine only.
    Teams,
}

impl TurnGroup {
    /// Every group, in the order the dashboard shows them.
    pub const ALL: [TurnGroup; 3] = [TurnGroup::Mine, TurnGroup::Waiting, TurnGroup::Teams];

    /// The id the CLI takes (`mine`, `waiting`, `teams`).
    pub fn as_str(self) -> &'static str {
        match self {
            TurnGroup::Mine => "mine",
            TurnGroup::Waiting => "waiting",
            TurnGroup::Teams => "teams",
        }
    }

    /// Parses [`TurnGroup::as_str`].
    pub fn parse(s: &str) -> Option<TurnGroup> {
        let s = s.trim().to_ascii_lowercase();
        TurnGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

impl Turn {
    /// Its stable id.
    pub fn kind(&self) -> TurnKind {
        match self {
            Turn::RequestedOfMe => TurnKind::RequestedOfMe,
            Turn::Pushed | Turn::ReRequested => TurnKind::ReReviewNeeded,
            Turn::Answered { .. } | Turn::CiFailed => TurnKind::ReturnedToMe,
            Turn::WaitingOnAuthor { .. } => TurnKind::WaitingOnAuthor,
            Turn::WaitingOnReviewers { .. } => TurnKind::WaitingOnReviewers,
            Turn::RequestedOfTeams { .. } => TurnKind::RequestedOfTeams,
        }
    }

    /// Its block; team requests count as mine when the user chose so in Settings.
    pub fn group(&self, teams_are_mine: bool) -> TurnGroup {
        match self.kind() {
            TurnKind::RequestedOfMe | TurnKind::ReReviewNeeded | TurnKind::ReturnedToMe => {
                TurnGroup::Mine
            }
            TurnKind::WaitingOnAuthor | TurnKind::WaitingOnReviewers => TurnGroup::Waiting,
            TurnKind::RequestedOfTeams if teams_are_mine => TurnGroup::Mine,
            TurnKind::RequestedOfTeams => TurnGroup::Teams,
        }
    }

    /// When what made it so happened, where the forge told (the row adds "3 h ago").
    pub fn at(&self) -> Option<OffsetDateTime> {
        match self {
            Turn::Answered { at, .. } | Turn::WaitingOnAuthor { at } => *at,
            _ => None,
        }
    }

    /// Why, in the row's words; `author` is the PR's author ("someone" when hidden).
    pub fn words(&self, author: &str) -> String {
        let author = if author.is_empty() {
            "the author"
        } else {
            author
        };
        match self {
            Turn::RequestedOfMe => format!("{author} requested your review"),
            Turn::Pushed => format!("{author} pushed since your review"),
            Turn::ReRequested => format!("{author} asked for your review again"),
            Turn::Answered { by, vote, .. } => match vote {
                ReviewVote::Approved => format!("{by} approved"),
                ReviewVote::ChangesRequested => format!("{by} requested changes"),
                _ => format!("{by} commented"),
            },
            Turn::CiFailed => "CI failed on your latest push".to_string(),
            Turn::WaitingOnAuthor { .. } => {
                format!("you requested changes; waiting on {author}")
            }
            Turn::WaitingOnReviewers { who } => format!("waiting on {}", who.join(", ")),
            Turn::RequestedOfTeams { teams } => format!("requested of {}", teams.join(", ")),
        }
    }
}

/// True when `review` was made on an older head than the PR's: the forge says so,
/// or its commit differs from the head, or (without commits) it predates the push.
fn before_head(review: &ReviewMark, pr: &PullRequest, facts: &ReviewFacts) -> bool {
    if review.stale {
        return true;
    }
    match (&review.commit, &pr.head_sha) {
        (Some(reviewed), Some(head)) => !reviewed.eq_ignore_ascii_case(head),
        _ => match (review.at, facts.head_at) {
            (Some(at), Some(pushed)) => at < pushed,
            _ => false,
        },
    }
}

fn ci_failing(pr: &PullRequest) -> bool {
    pr.checks.runs.iter().any(|c| c.state.is_failing())
        || (pr.checks.runs.is_empty() && pr.checks.combined.is_some_and(|c| c.is_failing()))
}

/// Whose turn `listed` is for the user its account reads as; `None` when it is
/// nobody's in particular for me (a watched PR, one I approved and nobody changed).
pub fn turn(listed: &Listed) -> Option<Turn> {
    let pr = &listed.pr;
    let asked = listed.sections.contains(Section::NeedsMyReview);
    let Some(facts) = &pr.reviewing else {
        // An older cache: only the sections tell.
        return if asked {
            Some(Turn::RequestedOfMe)
        } else if listed.sections.contains(Section::Mine) && ci_failing(pr) {
            Some(Turn::CiFailed)
        } else {
            None
        };
    };
    let by_name = facts.viewer_asked();
    if same_login(&pr.author, &facts.viewer) {
        return my_pr(pr, facts, by_name);
    }
    if let Some(review) = facts.viewer_review() {
        return if by_name {
            Some(Turn::ReRequested)
        } else if before_head(review, pr, facts) {
            Some(Turn::Pushed)
        } else if review.vote == ReviewVote::ChangesRequested {
            Some(Turn::WaitingOnAuthor { at: review.at })
        } else {
            None
        };
    }
    if by_name {
        Some(Turn::RequestedOfMe)
    } else if asked && !facts.requested_teams.is_empty() {
        Some(Turn::RequestedOfTeams {
            teams: facts.requested_teams.clone(),
        })
    } else if asked {
        // The forge lists it as asked of me by a way the facts do not show.
        Some(Turn::RequestedOfMe)
    } else {
        None
    }
}

/// The turn of a PR I wrote.
fn my_pr(pr: &PullRequest, facts: &ReviewFacts, by_name: bool) -> Option<Turn> {
    if by_name {
        // Author and reviewer at once: the explicit ask wins.
        return Some(Turn::RequestedOfMe);
    }
    let answered = facts
        .reviews
        .iter()
        .filter(|r| !same_login(&r.by, &facts.viewer) && r.vote.says_something())
        .filter(|r| !before_head(r, pr, facts))
        .max_by_key(|r| r.at);
    if let Some(r) = answered {
        return Some(Turn::Answered {
            by: r.by.clone(),
            vote: r.vote,
            at: r.at,
        });
    }
    if ci_failing(pr) {
        return Some(Turn::CiFailed);
    }
    let who: Vec<String> = facts
        .requested_users
        .iter()
        .chain(&facts.requested_teams)
        .cloned()
        .collect();
    (!who.is_empty()).then_some(Turn::WaitingOnReviewers { who })
}

/// True when `listed` is my move (team requests too when `teams_are_mine`): what
/// the tray counts and notifications follow.
pub fn is_my_turn(listed: &Listed, teams_are_mine: bool) -> bool {
    turn(listed).is_some_and(|t| t.group(teams_are_mine) == TurnGroup::Mine)
}

#[cfg(test)]
mod tests;
