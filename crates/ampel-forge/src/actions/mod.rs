//! Acting on one pull request from the dashboard: approve, request changes, comment
//! and merge, per forge, each write sent exactly once, and every refusal turned into
//! a coded [`ActionError`] the UI and CLI word the same way.
//!
//! Requests per action (see each forge module for the shapes):
//!
//! | forge | approve | request changes | comment | merge |
//! |---|---|---|---|---|
//! | GitHub (GraphQL) | 2 (PR lookup + `addPullRequestReview`) | 2 | 2 | 2 (lookup + `mergePullRequest`) |
//! | GitLab (REST) | 1 (`/approve`) | 2 (`/unapprove` + `/notes`) | 1 (`/notes`) | 2 (project read for merge trains + `PUT /merge`) |
//! | Bitbucket Cloud | 1 (`/approve`) | 1 (`/request-changes`) + 1 when a text is given | 1 (`/comments`) | 2 (PR read for the head guard + `/merge?async=true`) + 1 per task-status poll |
//! | Gitea / Forgejo | 1 (`/reviews`) | 1 | 1 | 1 (`/merge`) |

mod bitbucket;
mod error;
mod gitea;
mod github;
mod gitlab;

pub use error::{queue_word, ActionError, ActionReport, Blocker};

use crate::forge::Context;
use crate::http::Http;
use ampel_core::{Provider, Secret};
use serde::{Deserialize, Serialize};

/// How a pull request is merged. Not every forge knows every method; see
/// [`MergeMethod::offered_by`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeMethod {
    /// A merge commit.
    Merge,
    /// One squashed commit.
    Squash,
    /// The commits rebased onto the target, no merge commit.
    Rebase,
    /// Rebased, then a merge commit (Gitea `rebase-merge`, Bitbucket `rebase_merge`).
    RebaseMerge,
    /// Fast-forward only (Gitea `fast-forward-only`, Bitbucket `fast_forward`).
    FastForward,
}

impl MergeMethod {
    /// Every method, in the order pickers show them.
    pub const ALL: [MergeMethod; 5] = [
        MergeMethod::Merge,
        MergeMethod::Squash,
        MergeMethod::Rebase,
        MergeMethod::RebaseMerge,
        MergeMethod::FastForward,
    ];

    /// The methods `provider`'s merge API can be asked for (the repository may allow
    /// fewer). GitLab's merge endpoint only chooses whether to squash: its rebase or
    /// fast-forward behaviour is the project's merge method.
    pub fn offered_by(provider: Provider) -> &'static [MergeMethod] {
        match provider {
            Provider::Github => &[MergeMethod::Merge, MergeMethod::Squash, MergeMethod::Rebase],
            Provider::Gitlab => &[MergeMethod::Merge, MergeMethod::Squash],
            Provider::Bitbucket | Provider::Gitea => &MergeMethod::ALL,
        }
    }

    /// The name used on the command line and in the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeMethod::Merge => "merge",
            MergeMethod::Squash => "squash",
            MergeMethod::Rebase => "rebase",
            MergeMethod::RebaseMerge => "rebase_merge",
            MergeMethod::FastForward => "fast_forward",
        }
    }

    /// Parses [`MergeMethod::as_str`] (also with `-` for `_`).
    pub fn parse(text: &str) -> Option<MergeMethod> {
        let t = text.trim().replace('-', "_").to_ascii_lowercase();
        MergeMethod::ALL.into_iter().find(|m| m.as_str() == t)
    }
}

/// True when `provider`'s merge call can delete the source branch. GitHub's merge
/// mutation cannot, so Ampel does not offer it there and refuses it when asked.
pub fn deletes_branch(provider: Provider) -> bool {
    provider != Provider::Github
}

/// How "Update branch" brings a PR that is behind up to date with its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateStyle {
    /// Merge the base into the head branch.
    Merge,
    /// Rebase the head branch onto the base.
    Rebase,
}

impl UpdateStyle {
    /// `merge` or `rebase`.
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateStyle::Merge => "merge",
            UpdateStyle::Rebase => "rebase",
        }
    }

    /// Parses [`UpdateStyle::as_str`].
    pub fn parse(text: &str) -> Option<UpdateStyle> {
        match text.trim().to_ascii_lowercase().as_str() {
            "merge" => Some(UpdateStyle::Merge),
            "rebase" => Some(UpdateStyle::Rebase),
            _ => None,
        }
    }
}

/// Which of the merge-when-ready actions (issue 28) a forge's API has; the dialog
/// and the CLI offer only these, and say why for the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offers {
    /// Merge when ready (auto-merge) and its cancel.
    pub merge_when_ready: bool,
    /// Add to / remove from a merge queue or train (only where the base branch requires one).
    pub queue: bool,
    /// The styles "Update branch" can use; empty: not offered.
    pub update_styles: Vec<UpdateStyle>,
    /// Why something is not offered, for the dialog ("Bitbucket Cloud's API has no auto-merge").
    pub note: Option<String>,
}

/// What `provider`'s published API offers (GitHub: everything; GitLab: auto-merge,
/// merge trains, rebase; Gitea: auto-merge and update by merge or rebase, no queue;
/// Bitbucket Cloud: none — its API description has no auto-merge, queue or update).
pub fn offers(provider: Provider) -> Offers {
    match provider {
        Provider::Github => Offers {
            merge_when_ready: true,
            queue: true,
            update_styles: vec![UpdateStyle::Merge, UpdateStyle::Rebase],
            note: None,
        },
        Provider::Gitlab => Offers {
            merge_when_ready: true,
            queue: true,
            update_styles: vec![UpdateStyle::Rebase],
            note: None,
        },
        Provider::Gitea => Offers {
            merge_when_ready: true,
            queue: false,
            update_styles: vec![UpdateStyle::Merge, UpdateStyle::Rebase],
            note: None,
        },
        Provider::Bitbucket => Offers {
            merge_when_ready: false,
            queue: false,
            update_styles: Vec::new(),
            note: Some(
                "Bitbucket Cloud's published API has no auto-merge, merge queue or branch update"
                    .to_string(),
            ),
        },
    }
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Approve, with an optional comment.
    Approve {
        /// Sent with the approval where the forge takes one (GitHub, Gitea).
        body: Option<String>,
    },
    /// Request changes, saying which.
    RequestChanges {
        /// The review text (Markdown, sent as the user typed it).
        body: String,
    },
    /// A comment on the conversation.
    Comment {
        /// The comment (Markdown, sent as typed).
        body: String,
    },
    /// Merge with `method`.
    Merge {
        /// The merge method.
        method: MergeMethod,
        /// Delete the source branch after the merge (where the forge supports it).
        delete_branch: bool,
    },
    /// Let the forge merge with `method` once its rules pass (auto-merge).
    MergeWhenReady {
        /// The merge method.
        method: MergeMethod,
        /// Delete the source branch after the merge (where the forge supports it).
        delete_branch: bool,
    },
    /// Turn auto-merge off.
    CancelMergeWhenReady,
    /// Add to the base branch's merge queue / train (the only way to merge there).
    AddToQueue {
        /// The merge method (GitLab: squash or not; GitHub's queue uses its own).
        method: MergeMethod,
    },
    /// Take it out of the merge queue / train.
    RemoveFromQueue,
    /// Bring a PR that is behind its base up to date.
    UpdateBranch {
        /// Merge the base in, or rebase onto it.
        style: UpdateStyle,
    },
}

impl Action {
    /// `approve`, `request_changes`, `comment` or `merge`.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Approve { .. } => "approve",
            Action::RequestChanges { .. } => "request_changes",
            Action::Comment { .. } => "comment",
            Action::Merge { .. } => "merge",
            Action::MergeWhenReady { .. } => "merge_when_ready",
            Action::CancelMergeWhenReady => "cancel_merge_when_ready",
            Action::AddToQueue { .. } => "add_to_queue",
            Action::RemoveFromQueue => "remove_from_queue",
            Action::UpdateBranch { .. } => "update_branch",
        }
    }

    /// The action in words, for "… has no X in its API".
    pub fn words(&self) -> &'static str {
        match self {
            Action::Approve { .. } => "approve",
            Action::RequestChanges { .. } => "request changes",
            Action::Comment { .. } => "comment",
            Action::Merge { .. } => "merge",
            Action::MergeWhenReady { .. } | Action::CancelMergeWhenReady => "auto-merge",
            Action::AddToQueue { .. } | Action::RemoveFromQueue => "merge queue",
            Action::UpdateBranch { .. } => "branch update",
        }
    }

    /// The merge method it sends, if any.
    pub fn method(&self) -> Option<MergeMethod> {
        match self {
            Action::Merge { method, .. }
            | Action::MergeWhenReady { method, .. }
            | Action::AddToQueue { method } => Some(*method),
            _ => None,
        }
    }

    /// True for the actions that need the head the user saw (every write that can
    /// merge or rewrite the branch).
    pub fn needs_head(&self) -> bool {
        matches!(
            self,
            Action::Merge { .. }
                | Action::MergeWhenReady { .. }
                | Action::AddToQueue { .. }
                | Action::UpdateBranch { .. }
        )
    }
}

/// Refuses, before anything is sent, what `provider`'s API does not offer.
fn check_offered(provider: Provider, action: &Action) -> Result<(), ActionError> {
    let o = offers(provider);
    let offered = match action {
        Action::MergeWhenReady { .. } | Action::CancelMergeWhenReady => o.merge_when_ready,
        Action::AddToQueue { .. } | Action::RemoveFromQueue => o.queue,
        Action::UpdateBranch { style } => o.update_styles.contains(style),
        _ => true,
    };
    if offered {
        return Ok(());
    }
    Err(ActionError::ActionNotOffered {
        provider,
        action: match action {
            Action::UpdateBranch { style } => format!("branch update by {}", style.as_str()),
            a => a.words().to_string(),
        },
        why: String::new(),
    })
}

/// Which pull request, and the head commit the user saw at the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// `owner/name`, GitLab `group/sub/project`, Bitbucket `workspace/slug`.
    pub repo: String,
    /// PR number / MR iid / PR id.
    pub number: u32,
    /// The head commit as synced; a merge needs it (the guard against unseen commits).
    pub head_sha: Option<String>,
}

/// What a successful action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// `approve`, `request_changes`, `comment` or `merge`.
    pub action: String,
    /// What happened, in words ("approved owner/repo#7").
    pub message: String,
    /// HTTP requests the action took (writes, lookups and polls).
    pub requests: u32,
}

/// What every forge module gets.
pub(crate) struct Call<'a> {
    pub ctx: &'a Context,
    pub http: &'a Http,
    pub token: &'a Secret,
    pub target: &'a Target,
    /// Requests made so far.
    pub requests: u32,
    /// The merge method, when the action is a merge (for refusals naming it).
    pub method: Option<MergeMethod>,
}

impl Call<'_> {
    /// `owner/repo#N` (`!N` for GitLab) for messages.
    pub fn label(&self, provider: Provider) -> String {
        let sign = if provider == Provider::Gitlab {
            "!"
        } else {
            "#"
        };
        format!("{}{sign}{}", self.target.repo, self.target.number)
    }

    /// The synced head, or `head_unknown` (a merge without it could merge unseen commits).
    pub fn seen_head(&self) -> Result<&str, ActionError> {
        self.target
            .head_sha
            .as_deref()
            .filter(|s| !s.is_empty())
            .ok_or(ActionError::HeadUnknown {})
    }

    /// `owner` and `name` of an `owner/name` repository.
    pub fn owner_name(&self) -> Result<(&str, &str), ActionError> {
        self.target
            .repo
            .split_once('/')
            .filter(|(o, n)| !o.is_empty() && !n.is_empty() && !n.contains('/'))
            .ok_or_else(|| ActionError::BadTarget {
                detail: format!("{:?} is not owner/name", self.target.repo),
            })
    }

    /// The outcome with the request count.
    pub fn done(&self, action: &Action, message: String) -> Outcome {
        Outcome {
            action: action.name().to_string(),
            message,
            requests: self.requests,
        }
    }
}

/// Runs `action` on `target`; the write is sent once and never retried. Errors are
/// scrubbed of the token.
pub(crate) async fn run(
    provider: Provider,
    ctx: &Context,
    http: &Http,
    token: &Secret,
    target: &Target,
    action: &Action,
) -> Result<Outcome, ActionError> {
    check_offered(provider, action)?;
    if let Some(method) = action.method() {
        if !MergeMethod::offered_by(provider).contains(&method) {
            return Err(ActionError::MethodNotAllowed {
                provider,
                method,
                allowed: MergeMethod::offered_by(provider).to_vec(),
            });
        }
    }
    if let Action::Merge {
        delete_branch: true,
        ..
    }
    | Action::MergeWhenReady {
        delete_branch: true,
        ..
    } = action
    {
        if !deletes_branch(provider) {
            return Err(ActionError::OptionNotOffered {
                provider,
                option: "delete the branch after merging".to_string(),
            });
        }
    }
    let head_missing = target.head_sha.as_deref().is_none_or(str::is_empty);
    if action.needs_head() && head_missing {
        return Err(ActionError::HeadUnknown {});
    }
    let body_missing = match action {
        Action::RequestChanges { body } | Action::Comment { body } => body.trim().is_empty(),
        _ => false,
    };
    if body_missing && !(provider == Provider::Bitbucket && action.name() == "request_changes") {
        return Err(ActionError::EmptyBody {});
    }
    let mut call = Call {
        ctx,
        http,
        token,
        target,
        requests: 0,
        method: action.method(),
    };
    let result = match provider {
        Provider::Github => github::act(&mut call, action).await,
        Provider::Gitlab => gitlab::act(&mut call, action).await,
        Provider::Bitbucket => bitbucket::act(&mut call, action).await,
        Provider::Gitea => gitea::act(&mut call, action).await,
    };
    result.map_err(|e| e.redact(token))
}

/// `error` from the second step of an action whose first step (`done`) went through.
/// A failure that never reached the forge (network, token) is still partly done.
pub(crate) fn partly_done(
    provider: Provider,
    done: &str,
    step: &str,
    error: ActionError,
) -> ActionError {
    ActionError::PartlyDone {
        provider,
        done: done.to_string(),
        step: step.to_string(),
        detail: error.to_string(),
    }
}

/// The page where the account's tokens are edited, for "add <scope> to this token".
pub(crate) fn token_settings_url(provider: Provider, ctx: &Context) -> String {
    let web = &ctx.endpoints.web;
    match provider {
        Provider::Github => format!("{web}/settings/tokens"),
        Provider::Gitlab => format!("{web}/-/user_settings/personal_access_tokens"),
        Provider::Bitbucket => {
            "https://id.atlassian.com/manage-profile/security/api-tokens".to_string()
        }
        Provider::Gitea => format!("{web}/user/settings/applications"),
    }
}
