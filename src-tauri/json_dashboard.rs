//! Transport types of the dashboard: rows built from the cached PRs with their
//! light and reasons, each account's sync state, and sync progress.

use crate::json::{rfc3339, ProviderId};
use ampel_core::changes::Listed;
use ampel_core::light::{light, Light};
use ampel_core::pr::{CiSummary, MergeState};
use ampel_core::triage::Triage;
use ampel_core::turn::TurnKind;
use ampel_store::{Account, SyncStatus};
use serde::{Deserialize, Serialize};
use specta::Type;
use time::OffsetDateTime;

/// A traffic light as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum LightId {
    /// Ready to merge.
    Green,
    /// Waiting.
    Yellow,
    /// Blocked, needs action.
    Red,
    /// Closed, merged or unknown.
    Grey,
}

impl From<Light> for LightId {
    fn from(l: Light) -> Self {
        match l {
            Light::Green => LightId::Green,
            Light::Yellow => LightId::Yellow,
            Light::Red => LightId::Red,
            Light::Grey => LightId::Grey,
        }
    }
}

/// CI counts of a row.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CiCounts {
    /// Checks that passed.
    pub passed: u32,
    /// Checks that failed.
    pub failed: u32,
    /// Checks still running or queued.
    pub running: u32,
}

/// One dashboard row.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrRow {
    /// Unique across accounts: `accountId:repo#number`.
    pub id: String,
    /// The account it was read through.
    pub account_id: String,
    /// That account's friendly name.
    pub account_name: String,
    /// The forge.
    pub provider: ProviderId,
    /// `owner/name` or a GitLab path.
    pub repo: String,
    /// PR number / MR iid.
    pub number: u32,
    /// Title.
    pub title: String,
    /// Web page.
    pub url: String,
    /// Author login.
    pub author: String,
    /// Opened at (RFC 3339).
    pub created_at: String,
    /// Last changed at (RFC 3339).
    pub updated_at: String,
    /// Draft / WIP.
    pub draft: bool,
    /// Labels.
    pub labels: Vec<String>,
    /// `needs_my_review`, `mine`, `assigned_to_me`, `watched`.
    pub sections: Vec<String>,
    /// The traffic light.
    pub light: LightId,
    /// Why ("CI failing: build", "changes requested by alice", …).
    pub reasons: Vec<String>,
    /// CI counts.
    pub ci: CiCounts,
    /// Approvals so far.
    pub approvals: u32,
    /// Who requested changes.
    pub changes_requested_by: Vec<String>,
    /// Merge conflict with the target branch.
    pub conflict: bool,
    /// Which actions the account can take on it.
    pub actions: PrActions,
    /// Snoozes, pins and mutes (`sections` already leaves out what they hide).
    pub triage: RowTriage,
    /// Whose move it waits for; `null` when nobody's in particular for me.
    pub turn: Option<TurnView>,
    /// What the forge does on its own to merge it ("auto-merge on (squash) — waits
    /// for CI", "in merge queue, position 3", "rebase in progress"); `null`: nothing.
    pub automation: Option<String>,
    /// The exclusion rules that hide it (it is then in no section; `triage.listedIn`
    /// says where it would be); empty: shown.
    pub hidden_by: Vec<HiddenBy>,
    /// The profile in effect covers it (always true with no profile in effect).
    pub in_profile: bool,
}

/// A row's turn (ampel_core::turn): the My turn view groups and explains by it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TurnView {
    pub kind: TurnKind,
    /// Why, in words ("alice pushed since your review").
    pub words: String,
    /// When what made it so happened (RFC 3339), where the forge told.
    pub at: Option<String>,
}

impl TurnView {
    /// The turn of `listed`, if any.
    pub fn of(listed: &Listed) -> Option<Self> {
        let turn = ampel_core::turn::turn(listed)?;
        Some(TurnView {
            kind: turn.kind(),
            words: turn.words(&listed.pr.author),
            at: turn.at().map(rfc3339),
        })
    }
}

/// A row's triage state (ampel_core::triage).
#[derive(Debug, Clone, Default, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RowTriage {
    /// Pinned to the top of its sections.
    pub pinned: bool,
    /// Its repository is muted for its account: it shows only in Watched.
    pub muted: bool,
    /// Snoozed now: it shows only in the Snoozed section.
    pub snoozed: bool,
    /// When the snooze ends (RFC 3339); `null` while snoozed means until it changes.
    pub wakes_at: Option<String>,
    /// Every section it is listed in, hidden or not.
    pub listed_in: Vec<String>,
}

/// What the row's Actions dialog offers: everything when the token can write,
/// else the scope to add and where.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrActions {
    /// False when the recorded scopes show the token cannot write.
    pub writable: bool,
    /// The scope to add ("add <scope> to this token"), when not writable.
    pub missing_scope: Option<String>,
    /// The token page the accounts page links to.
    pub token_page: Option<String>,
    /// The merge methods the forge's API offers (`merge`, `squash`, …), first = default.
    pub merge_methods: Vec<String>,
    /// Whether the forge's merge can delete the source branch.
    pub delete_branch: bool,
    /// Whether the head commit of the last sync is known (a merge needs it).
    pub head_known: bool,
    /// The forge's API has auto-merge ("Merge when ready").
    pub merge_when_ready: bool,
    /// Auto-merge is on now (the dialog offers its cancel instead).
    pub auto_merge_on: bool,
    /// The base branch merges only through its queue / train: Merge becomes Add to queue.
    pub queue_required: bool,
    /// In the queue / train now (the dialog offers Remove from queue).
    pub queued: bool,
    /// "merge queue" or "merge train", for the buttons.
    pub queue_word: String,
    /// How Update branch can bring it up to date (`merge`, `rebase`); empty: not offered.
    pub update_styles: Vec<String>,
    /// It is behind its base (the forge said so): Update branch is the move.
    pub behind: bool,
    /// Why something is not offered on this forge, for the dialog.
    pub offers_note: Option<String>,
}

impl PrActions {
    /// The actions `account` can take on `pr`.
    pub fn new(pr: &ampel_core::pr::PullRequest, account: &Account) -> Self {
        let missing = ampel_sync::missing_write_scope(account);
        let offers = ampel_forge::actions::offers(pr.provider);
        PrActions {
            writable: missing.is_none(),
            token_page: missing.as_ref().and_then(|_| {
                ampel_accounts::token_page(account.provider, Some(&account.base_url)).ok()
            }),
            missing_scope: missing,
            merge_methods: ampel_forge::actions::MergeMethod::offered_by(pr.provider)
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
            delete_branch: ampel_forge::actions::deletes_branch(pr.provider),
            head_known: pr.head_sha.as_deref().is_some_and(|s| !s.is_empty()),
            merge_when_ready: offers.merge_when_ready,
            auto_merge_on: pr.automation.auto_merge.is_some(),
            queue_required: offers.queue && pr.automation.queue_required,
            queued: pr.automation.queue.is_some(),
            queue_word: ampel_forge::actions::queue_word(pr.provider).to_string(),
            update_styles: offers
                .update_styles
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            behind: pr.merge == MergeState::Behind
                || pr.blockers.iter().any(|b| {
                    matches!(
                        b,
                        ampel_core::pr::Blocker::Behind { .. }
                            | ampel_core::pr::Blocker::NeedsRebase
                    )
                }),
            offers_note: offers.note,
        }
    }
}

/// An action from the row's Actions dialog.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrActionInput {
    /// `approve`, `request_changes`, `comment`, `merge`, `merge_when_ready`,
    /// `cancel_merge_when_ready`, `add_to_queue`, `remove_from_queue` or `update_branch`.
    pub kind: String,
    /// The text (comment, change request, optional for approve).
    pub body: Option<String>,
    /// The merge method, for `merge`, `merge_when_ready` and `add_to_queue`.
    pub method: Option<String>,
    /// Delete the source branch after the merge.
    pub delete_branch: bool,
    /// `merge` or `rebase`, for `update_branch`.
    pub style: Option<String>,
}

impl PrActionInput {
    /// The action, or why the input cannot be one.
    pub fn action(&self) -> Result<ampel_forge::actions::Action, String> {
        use ampel_forge::actions::{Action, MergeMethod, UpdateStyle};
        let body = self.body.clone().unwrap_or_default();
        let method = || {
            self.method
                .as_deref()
                .map_or(Some(MergeMethod::Merge), MergeMethod::parse)
                .ok_or_else(|| "unknown merge method".to_string())
        };
        Ok(match self.kind.as_str() {
            "approve" => Action::Approve {
                body: Some(body).filter(|b| !b.trim().is_empty()),
            },
            "request_changes" => Action::RequestChanges { body },
            "comment" => Action::Comment { body },
            "merge" => Action::Merge {
                method: method()?,
                delete_branch: self.delete_branch,
            },
            "merge_when_ready" => Action::MergeWhenReady {
                method: method()?,
                delete_branch: self.delete_branch,
            },
            "cancel_merge_when_ready" => Action::CancelMergeWhenReady,
            "add_to_queue" => Action::AddToQueue { method: method()? },
            "remove_from_queue" => Action::RemoveFromQueue,
            "update_branch" => Action::UpdateBranch {
                style: self
                    .style
                    .as_deref()
                    .map_or(Some(UpdateStyle::Merge), UpdateStyle::parse)
                    .ok_or_else(|| "unknown update style".to_string())?,
            },
            other => return Err(format!("unknown action {other:?}")),
        })
    }
}

/// What an action did.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ActedView {
    /// What happened, in words ("approved acme/widgets#7").
    pub message: String,
    /// Requests the action took.
    pub requests: u32,
    /// The row as re-synced; `None` when it left the open list (merged).
    pub row: Option<PrRow>,
    /// Why the re-sync failed, when it did.
    pub resync_error: Option<String>,
}

impl PrRow {
    /// The row of a cached PR read through `account`.
    pub fn new(listed: &Listed, account: &Account) -> Self {
        let pr = &listed.pr;
        let verdict = light(pr);
        let CiSummary {
            passed,
            failed,
            running,
            ..
        } = pr.checks.summary();
        PrRow {
            id: format!("{}:{}#{}", account.id, pr.repo, pr.number),
            account_id: account.id.to_string(),
            account_name: account.name.clone(),
            provider: pr.provider.into(),
            repo: pr.repo.clone(),
            number: u32::try_from(pr.number).unwrap_or(u32::MAX),
            title: pr.title.clone(),
            // The link rule again, for the account's host (the cache may predate it).
            url: crate::links::guarded(pr, account).url,
            author: pr.author.clone(),
            created_at: rfc3339(pr.created_at),
            updated_at: rfc3339(pr.updated_at),
            draft: pr.draft,
            labels: pr.labels.clone(),
            sections: listed
                .sections
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            light: verdict.light.into(),
            reasons: verdict.reasons.iter().map(ToString::to_string).collect(),
            ci: CiCounts {
                passed,
                failed,
                running,
            },
            approvals: u32::try_from(pr.review.approved_by.len()).unwrap_or(u32::MAX),
            changes_requested_by: pr.review.changes_requested_by.clone(),
            conflict: pr.merge == MergeState::Conflict,
            actions: PrActions::new(pr, account),
            triage: RowTriage {
                listed_in: listed
                    .sections
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect(),
                ..RowTriage::default()
            },
            turn: TurnView::of(listed),
            automation: pr.automation.words(&verdict, pr.provider),
            hidden_by: Vec::new(),
            in_profile: true,
        }
    }

    /// The row with Focus applied: a row an exclusion rule hides leaves every
    /// section and names the rules; `profile` is the profile in effect.
    pub fn focused(
        mut self,
        listed: &Listed,
        focus: &ampel_core::focus::Focus,
        profile: Option<&ampel_core::focus::Profile>,
    ) -> Self {
        self.hidden_by = ampel_core::focus::hidden_by(&focus.rules, listed)
            .into_iter()
            .map(|r| HiddenBy {
                id: r.id.clone(),
                words: r.words(),
            })
            .collect();
        if !self.hidden_by.is_empty() {
            self.sections.clear();
        }
        self.in_profile = profile.is_none_or(|p| p.covers(listed));
        self
    }

    /// The row with the triage state at `now`: a snoozed row leaves every section,
    /// a muted one keeps only Watched.
    pub fn triaged(mut self, listed: &Listed, triage: &Triage, now: OffsetDateTime) -> Self {
        let state = triage.of(&listed.pr, now);
        self.sections = triage
            .sections(listed, now)
            .iter()
            .map(|s| s.as_str().to_string())
            .collect();
        self.triage.pinned = state.pinned;
        self.triage.muted = state.muted;
        self.triage.snoozed = state.snooze.is_some();
        self.triage.wakes_at = state.snooze.and_then(|s| s.wakes_at()).map(rfc3339);
        self
    }
}

/// An account's sync state, for the per-account chips.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountSync {
    /// The account.
    pub account_id: String,
    /// Its friendly name.
    pub name: String,
    /// Its forge.
    pub provider: ProviderId,
    /// Whether it is synced at all.
    pub enabled: bool,
    /// When it last synced successfully.
    pub last_success_at: Option<String>,
    /// The last failure's code (`unreachable`, `rate_limited`, `invalid_token`…).
    pub error_code: Option<String>,
    /// The last failure's message.
    pub error_message: Option<String>,
    /// API requests left in the window, when the forge reports it.
    pub rate_remaining: Option<u32>,
    /// The window's size.
    pub rate_limit: Option<u32>,
    /// When the window resets.
    pub rate_reset_at: Option<String>,
    /// Sections the forge returned only part of (GitHub search stops at 1,000).
    pub capped: Vec<SectionCap>,
}

/// A section cut short by the forge: `shown` of `total` pull requests.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SectionCap {
    /// `needs_my_review`, `mine`, `assigned_to_me`, `watched`.
    pub section: String,
    /// Pull requests the forge returned.
    pub shown: u32,
    /// Pull requests the forge counted.
    pub total: u32,
}

impl AccountSync {
    /// The chip of `account` with its `status`.
    pub fn new(account: &Account, status: &SyncStatus) -> Self {
        AccountSync {
            account_id: account.id.to_string(),
            name: account.name.clone(),
            provider: account.provider.into(),
            enabled: account.enabled,
            last_success_at: status.last_success_at.map(rfc3339),
            error_code: status.error_code.clone(),
            error_message: status.error_message.clone(),
            rate_remaining: status.rate_remaining.and_then(|n| u32::try_from(n).ok()),
            rate_limit: status.rate_limit.and_then(|n| u32::try_from(n).ok()),
            rate_reset_at: status.rate_reset_at.map(rfc3339),
            capped: ampel_forge::list::capped(&status.validators)
                .into_iter()
                .map(|c| SectionCap {
                    section: c.section.as_str().to_string(),
                    shown: u32::try_from(c.shown).unwrap_or(u32::MAX),
                    total: u32::try_from(c.total).unwrap_or(u32::MAX),
                })
                .collect(),
        }
    }
}

/// Everything the dashboard shows, from the cache (works offline).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Every cached PR of every enabled account.
    pub rows: Vec<PrRow>,
    /// Each account's sync state.
    pub accounts: Vec<AccountSync>,
    /// The most recent successful sync of any account.
    pub last_synced_at: Option<String>,
    /// True when every enabled account's last sync could not reach its forge:
    /// the rows are the cached state.
    pub offline: bool,
    /// True while a refresh runs.
    pub refreshing: bool,
    /// The Focus profile in effect (the tray and notifications follow it); `null`: all.
    pub profile: Option<ProfileView>,
}

/// The profile in effect.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    pub name: String,
    /// Picked by hand (until the next scheduled change), not by the schedule.
    pub by_hand: bool,
}

/// An exclusion rule that hides a row.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HiddenBy {
    /// The rule's id (to drop it).
    pub id: String,
    /// The rule in words ("bots", "repository acme/*").
    pub words: String,
}

/// Refresh progress, emitted after each account.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// Accounts finished.
    pub done: u32,
    /// Accounts in this refresh.
    pub total: u32,
    /// The account just finished.
    pub account: String,
}

/// Emitted when a refresh finished and the dashboard should reload.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct DashboardChanged;

/// One repository in the Watched repositories picker.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RepoItem {
    /// `owner/name` (GitLab: `group/sub/project`): what the Watched section stores.
    pub full_name: String,
    /// Private or not; `null` when the forge does not say.
    pub private: Option<bool>,
    /// The description, when there is one.
    pub description: Option<String>,
}

/// One page of an account's repositories.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RepoPageView {
    /// The repositories of this page.
    pub repos: Vec<RepoItem>,
    /// The cursor of the next page; `null` on the last.
    pub next: Option<String>,
    /// How many there are in all, when the forge says.
    pub total: Option<u32>,
}

impl From<ampel_forge::repos::RepoPage> for RepoPageView {
    fn from(p: ampel_forge::repos::RepoPage) -> Self {
        RepoPageView {
            repos: p
                .repos
                .into_iter()
                .map(|r| RepoItem {
                    full_name: r.full_name,
                    private: r.private,
                    description: r.description,
                })
                .collect(),
            next: p.next,
            total: p.total,
        }
    }
}
