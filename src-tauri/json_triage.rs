//! Transport types of triage and the detail panel: a PR's checks, reviewers and
//! merge state from the cache, and the muted repositories for Settings.

use crate::json_dashboard::PrRow;
use ampel_core::pr::PullRequest;
use serde::Serialize;
use specta::Type;

/// One check of the detail panel.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckView {
    /// The check's name.
    pub name: String,
    /// `success`, `failure`, `running`, `pending`, `timed_out`, …
    pub state: String,
    /// A failing state (red).
    pub failing: bool,
    /// Its page on the forge, when the list request reported one.
    pub url: Option<String>,
}

/// One reviewer who gave an opinion.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewerView {
    /// Login.
    pub login: String,
    /// `approved` or `changes_requested`.
    pub state: String,
}

/// Everything the detail panel shows about one cached pull request.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrDetail {
    /// The row (light, reasons, actions, triage).
    pub row: PrRow,
    /// Every check, the failing ones first.
    pub checks: Vec<CheckView>,
    /// The forge's combined CI state when it lists no checks by name.
    pub combined: Option<String>,
    /// Reviewers with their state.
    pub reviewers: Vec<ReviewerView>,
    /// Reviewers asked who have not reviewed yet.
    pub requested_reviewers: Vec<String>,
    /// Assignees.
    pub assignees: Vec<String>,
    /// Approvals the rules require, when the forge tells.
    pub approvals_required: Option<u32>,
    /// `mergeable`, `conflict`, `computing`, `behind`, `blocked`, `unknown`.
    pub mergeability: String,
    /// The source branch, when the forge reported it.
    pub source_branch: Option<String>,
    /// The target branch, when the forge reported it.
    pub target_branch: Option<String>,
    /// The head commit of the last sync.
    pub head_sha: Option<String>,
}

fn name<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl PrDetail {
    /// The detail of `pr`, shown with its `row`.
    pub fn new(pr: &PullRequest, row: PrRow) -> Self {
        let mut checks: Vec<CheckView> = pr
            .checks
            .runs
            .iter()
            .map(|c| CheckView {
                name: c.name.clone(),
                state: name(c.state),
                failing: c.state.is_failing(),
                url: pr.check_urls.get(&c.name).cloned(),
            })
            .collect();
        checks.sort_by_key(|c| !c.failing);
        let reviewers = pr
            .review
            .approved_by
            .iter()
            .map(|l| (l, "approved"))
            .chain(
                pr.review
                    .changes_requested_by
                    .iter()
                    .map(|l| (l, "changes_requested")),
            )
            .map(|(login, state)| ReviewerView {
                login: login.clone(),
                state: state.to_string(),
            })
            .collect();
        PrDetail {
            row,
            checks,
            combined: pr.checks.combined.map(name),
            reviewers,
            requested_reviewers: pr.requested_reviewers.clone(),
            assignees: pr.assignees.clone(),
            approvals_required: pr.review.approvals_required,
            mergeability: name(pr.merge),
            source_branch: pr.branches.as_ref().map(|b| b.source.clone()),
            target_branch: pr.branches.as_ref().map(|b| b.target.clone()),
            head_sha: pr.head_sha.clone(),
        }
    }
}

/// A muted repository, for Settings.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MutedRepoView {
    /// The account.
    pub account_id: String,
    /// Its friendly name.
    pub account_name: String,
    /// The repository.
    pub repo: String,
    /// When it was muted (RFC 3339).
    pub muted_at: String,
}
