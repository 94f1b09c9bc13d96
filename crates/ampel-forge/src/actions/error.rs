//! Why an action was refused, one variant per diagnosis the UI and CLI branch on
//! (`code()`), worded so the user knows what to do; never holding a token.

use super::MergeMethod;
use crate::error::{ErrorKind, ForgeError};
pub use ampel_core::automation::queue_word;
use ampel_core::{Provider, Secret};
use serde::Serialize;

/// Which merge rule blocked a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocker {
    /// Branch protection (or a merge check) forbids it.
    BranchProtection,
    /// Approvals are still missing.
    RequiredReviews,
    /// Required checks have not passed.
    RequiredChecks,
    /// A draft cannot be merged.
    Draft,
    /// The forge refused without saying which rule.
    Other,
}

impl Blocker {
    fn describe(self) -> &'static str {
        match self {
            Blocker::BranchProtection => "branch protection does not allow it",
            Blocker::RequiredReviews => "required reviews are missing",
            Blocker::RequiredChecks => "required checks have not passed",
            Blocker::Draft => "it is a draft",
            Blocker::Other => "the forge does not allow it yet",
        }
    }
}

/// An action refused or failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ActionError {
    /// The token cannot write: add `scope`.
    #[error("the token cannot do this: add {scope} to this token at {settings_url}")]
    MissingWriteScope {
        /// The forge.
        provider: Provider,
        /// The scope / permission to add.
        scope: String,
        /// Where tokens are edited (may be empty when unknown).
        settings_url: String,
    },
    /// A merge rule blocks the merge.
    #[error("{} refused the merge: {}{}", .provider.display_name(), .blocker.describe(), detail_text(.detail))]
    Blocked {
        /// The forge.
        provider: Provider,
        /// Which rule.
        blocker: Blocker,
        /// What the forge said.
        detail: String,
    },
    /// The PR conflicts with its target branch.
    #[error("{} refused the merge: the pull request has merge conflicts", .provider.display_name())]
    Conflict {
        /// The forge.
        provider: Provider,
    },
    /// New commits arrived since the last sync: nothing was merged.
    #[error("the pull request changed since the last sync (new commits); nothing was merged, refresh and check it again")]
    HeadMoved {
        /// The forge.
        provider: Provider,
    },
    /// No head commit is known for this PR (never synced): sync first.
    #[error("the pull request's head commit is not known; refresh before merging")]
    HeadUnknown {},
    /// The method is not allowed for this repository / forge.
    #[error("{} does not allow merging this pull request by {}; allowed: {}", .provider.display_name(), .method.as_str(), allowed_text(.allowed))]
    MethodNotAllowed {
        /// The forge.
        provider: Provider,
        /// The method asked for.
        method: MergeMethod,
        /// The methods that are allowed.
        allowed: Vec<MergeMethod>,
    },
    /// The PR is merged or closed already.
    #[error("the pull request is already {state}")]
    AlreadyClosed {
        /// The forge.
        provider: Provider,
        /// `merged` or `closed`.
        state: String,
    },
    /// The forge refused for another reason (e.g. approving one's own PR).
    #[error("{} refused: {detail}", .provider.display_name())]
    Refused {
        /// The forge.
        provider: Provider,
        /// What the forge said.
        detail: String,
    },
    /// The PR or repository does not exist (or the token cannot see it).
    #[error("{} has no pull request {what} that this token can see", .provider.display_name())]
    NotFound {
        /// The forge.
        provider: Provider,
        /// `owner/repo#N`.
        what: String,
    },
    /// The first step of a two-step action was done, the second refused: says both.
    #[error("{done}; {step} was refused: {detail}")]
    PartlyDone {
        /// The forge.
        provider: Provider,
        /// What was done ("requested changes on o/r#7").
        done: String,
        /// The step refused ("the comment").
        step: String,
        /// Why, as the refusal of that step reads.
        detail: String,
    },
    /// An option this forge's API cannot carry out (nothing was sent).
    #[error("{} cannot {option} from Ampel; nothing was sent (leave it out, or do it on the forge)", .provider.display_name())]
    OptionNotOffered {
        /// The forge.
        provider: Provider,
        /// What was asked ("delete the branch after merging").
        option: String,
    },
    /// The base branch merges only through its merge queue / train (issue 28): a
    /// direct merge is never sent there; "Add to queue" is the way.
    #[error("{} merges this branch only through its {}: add the pull request to the queue instead; nothing was merged", .provider.display_name(), queue_word(*.provider))]
    QueueRequired {
        /// The forge.
        provider: Provider,
    },
    /// The repository does not allow auto-merge (a repository setting, not a rule
    /// Ampel may work around).
    #[error("{} does not allow auto-merge on this repository{}", .provider.display_name(), detail_text(.detail))]
    AutoMergeNotAllowed {
        /// The forge.
        provider: Provider,
        /// What the forge said.
        detail: String,
    },
    /// What was asked is already so ("auto-merge is already on", "already in the
    /// queue", "the branch is not behind"): nothing was changed.
    #[error("nothing to do: {detail}")]
    AlreadySo {
        /// The forge.
        provider: Provider,
        /// What is already so.
        detail: String,
    },
    /// This forge's published API has no such action (nothing was sent).
    #[error("{} has no {action} in its API; nothing was sent{}", .provider.display_name(), detail_text(.why))]
    ActionNotOffered {
        /// The forge.
        provider: Provider,
        /// The action, in words ("auto-merge").
        action: String,
        /// Why, when there is more to say.
        why: String,
    },
    /// A comment or change request needs a text.
    #[error("write a text first: the forge needs one for this")]
    EmptyBody {},
    /// The repository or number cannot be used.
    #[error("bad pull request: {detail}")]
    BadTarget {
        /// What is wrong.
        detail: String,
    },
    /// Token, network, rate limit or forge failure, as for reading.
    #[error(transparent)]
    Forge(#[from] ForgeError),
}

fn detail_text(d: &str) -> String {
    if d.is_empty() {
        String::new()
    } else {
        format!(" ({d})")
    }
}

fn allowed_text(methods: &[MergeMethod]) -> String {
    if methods.is_empty() {
        return "see the repository's merge settings".to_string();
    }
    methods
        .iter()
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl ActionError {
    /// The stable code the UI and CLI branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ActionError::MissingWriteScope { .. } => "missing_write_scope",
            ActionError::Blocked { .. } => "merge_blocked",
            ActionError::Conflict { .. } => "merge_conflict",
            ActionError::HeadMoved { .. } => "head_moved",
            ActionError::HeadUnknown {} => "head_unknown",
            ActionError::MethodNotAllowed { .. } => "method_not_allowed",
            ActionError::AlreadyClosed { .. } => "already_closed",
            ActionError::Refused { .. } => "refused",
            ActionError::NotFound { .. } => "not_found",
            ActionError::PartlyDone { .. } => "partly_done",
            ActionError::OptionNotOffered { .. } => "option_not_offered",
            ActionError::QueueRequired { .. } => "queue_required",
            ActionError::AutoMergeNotAllowed { .. } => "auto_merge_not_allowed",
            ActionError::AlreadySo { .. } => "already_so",
            ActionError::ActionNotOffered { .. } => "action_not_offered",
            ActionError::EmptyBody {} => "empty_body",
            ActionError::BadTarget { .. } => "bad_target",
            ActionError::Forge(e) => e.code(),
        }
    }

    /// Credentials, network or input, for exit statuses.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ActionError::MissingWriteScope { .. } => ErrorKind::Credentials,
            ActionError::Forge(e) => e.kind(),
            _ => ErrorKind::Input,
        }
    }

    /// The same error with `token` masked in every text.
    pub fn redact(self, token: &Secret) -> Self {
        let r = |s: String| crate::common::redact(&s, token);
        match self {
            ActionError::Blocked {
                provider,
                blocker,
                detail,
            } => ActionError::Blocked {
                provider,
                blocker,
                detail: r(detail),
            },
            ActionError::Refused { provider, detail } => ActionError::Refused {
                provider,
                detail: r(detail),
            },
            ActionError::BadTarget { detail } => ActionError::BadTarget { detail: r(detail) },
            ActionError::PartlyDone {
                provider,
                done,
                step,
                detail,
            } => ActionError::PartlyDone {
                provider,
                done,
                step,
                detail: r(detail),
            },
            ActionError::AutoMergeNotAllowed { provider, detail } => {
                ActionError::AutoMergeNotAllowed {
                    provider,
                    detail: r(detail),
                }
            }
            ActionError::AlreadySo { provider, detail } => ActionError::AlreadySo {
                provider,
                detail: r(detail),
            },
            ActionError::NotFound { provider, what } => ActionError::NotFound {
                provider,
                what: r(what),
            },
            ActionError::Forge(e) => ActionError::Forge(e.redact(token)),
            e => e,
        }
    }

    /// The error as JSON for the UI and the CLI.
    pub fn report(&self) -> ActionReport {
        let (scope, settings_url) = match self {
            ActionError::MissingWriteScope {
                scope,
                settings_url,
                ..
            } => (Some(scope.clone()), Some(settings_url.clone())),
            _ => (None, None),
        };
        ActionReport {
            code: self.code().to_string(),
            message: self.to_string(),
            kind: self.kind(),
            scope,
            settings_url,
        }
    }
}

/// An [`ActionError`] as JSON: `{"code", "message", "kind", "scope"?, "settings_url"?}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionReport {
    /// The stable code.
    pub code: String,
    /// The human message (no token).
    pub message: String,
    /// Credentials, network or input.
    pub kind: ErrorKind,
    /// The missing scope, for `missing_write_scope`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Where to add it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings_url: Option<String>,
}

/// Failures every forge words alike (401, 429, 5xx, redirects…), for the REST modules.
pub(crate) fn common_failure(
    provider: Provider,
    reply: &crate::http::Reply,
    call: &super::Call<'_>,
) -> Option<ActionError> {
    let now = time::OffsetDateTime::now_utc();
    if reply.status.as_u16() == 401 {
        let detail = crate::common::forge_message(reply, call.token);
        return Some(ActionError::Forge(crate::common::refused(
            provider,
            call.ctx.known_expiry,
            now,
            detail,
        )));
    }
    if reply.status.as_u16() == 404 {
        return Some(ActionError::NotFound {
            provider,
            what: call.label(provider),
        });
    }
    if reply.status.as_u16() == 555 {
        return None;
    }
    crate::common::generic_failure(provider, reply, now).map(ActionError::Forge)
}
