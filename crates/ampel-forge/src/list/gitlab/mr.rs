//! GitLab's merge-request JSON (the list entity `MergeRequestBasic`, and the single
//! MR's `head_pipeline`) and pipeline JSON (`PipelineBasic`) → the forge-neutral
//! [`PullRequest`], through `ampel_core::forge_status::gitlab`.

use ampel_core::automation::AutoMerge;
use ampel_core::forge_status::gitlab::{self as status, MergeStatus, StatusHint};
use ampel_core::pr::{MergeState, PullRequest};
use ampel_core::Provider;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A user as MR JSON embeds it (`UserBasic`); only the username is read.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct User {
    #[serde(default)]
    pub username: String,
}

/// A label: a name, or an object with one (`with_labels_details=true`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum Label {
    Name(String),
    Detail { name: String },
}

impl Label {
    fn name(&self) -> &str {
        match self {
            Label::Name(n) | Label::Detail { name: n } => n,
        }
    }
}

/// `references.full`: `group/sub/project!iid`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct References {
    pub full: Option<String>,
}

/// A pipeline, as `GET /projects/:id/pipelines` lists it and as `head_pipeline`
/// on the single MR.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Pipeline {
    pub id: u64,
    /// The project the pipeline ran in (a fork's, for a fork's MR).
    pub project_id: Option<u64>,
    pub status: Option<String>,
    #[serde(default)]
    pub sha: String,
    #[serde(default, rename = "ref")]
    pub git_ref: String,
    pub updated_at: Option<String>,
}

/// One merge request, as list and single responses share it.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Mr {
    pub iid: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub web_url: String,
    pub author: Option<User>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub work_in_progress: bool,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub labels: Vec<Label>,
    pub detailed_merge_status: Option<String>,
    pub merge_status: Option<String>,
    #[serde(default)]
    pub has_conflicts: bool,
    #[serde(default)]
    pub references: References,
    #[serde(default)]
    pub reviewers: Vec<User>,
    #[serde(default)]
    pub assignees: Vec<User>,
    /// The head commit.
    pub sha: Option<String>,
    pub source_project_id: Option<u64>,
    pub target_project_id: Option<u64>,
    /// Only on the single MR response.
    pub head_pipeline: Option<Pipeline>,
    pub target_branch: Option<String>,
    /// Auto-merge is on ("merge when checks pass", or set to join a merge train).
    #[serde(default)]
    pub merge_when_pipeline_succeeds: bool,
    /// Who set auto-merge (GitLab 14.7+; `merged_by` is only for merged MRs).
    pub merge_user: Option<User>,
    #[serde(default)]
    pub squash: bool,
    #[serde(default)]
    pub squash_on_merge: bool,
}

impl Mr {
    /// `group/sub/project` from `references.full`, else from `web_url`, else `fallback`.
    pub fn repo(&self, fallback: Option<&str>) -> String {
        if let Some((path, _)) = self
            .references
            .full
            .as_deref()
            .and_then(|f| f.rsplit_once('!'))
        {
            return path.to_string();
        }
        if let Some(path) = path_from_web_url(&self.web_url) {
            return path;
        }
        fallback.unwrap_or_default().to_string()
    }

    /// True for an MR from a fork, whose pipelines may run in the fork.
    pub fn is_from_fork(&self) -> bool {
        matches!((self.source_project_id, self.target_project_id), (Some(s), Some(t)) if s != t)
    }

    /// What `detailed_merge_status` says (else the legacy `merge_status`).
    pub fn merge_status(&self) -> MergeStatus {
        let mut status = match (&self.detailed_merge_status, &self.merge_status) {
            (Some(d), _) => status::merge_status(d),
            (None, m) => MergeStatus {
                merge: m
                    .as_deref()
                    .map_or(MergeState::Unknown, legacy_merge_status),
                hint: None,
                blocker: None,
            },
        };
        // Only one detailed status is reported (e.g. `draft_status`); `has_conflicts`
        // still tells a conflict behind it.
        if self.has_conflicts {
            status.merge = MergeState::Conflict;
        }
        status
    }

    /// The hint `detailed_merge_status` gives for fields a list lacks.
    pub fn hint(&self) -> Option<StatusHint> {
        self.merge_status().hint
    }

    /// The neutral PR. `fallback_repo` is used when the JSON names no project path.
    pub fn to_pr(&self, account_id: &str, fallback_repo: Option<&str>) -> PullRequest {
        let created = parse_time(self.created_at.as_deref());
        let updated = parse_time(self.updated_at.as_deref());
        let created_at = created.or(updated).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let mut pr = PullRequest::open(
            Provider::Gitlab,
            account_id,
            self.repo(fallback_repo),
            self.iid,
            created_at,
        );
        let MergeStatus {
            merge,
            hint,
            blocker,
        } = self.merge_status();
        let pipeline = self
            .head_pipeline
            .as_ref()
            .and_then(|p| p.status.as_deref());
        pr.title = self.title.clone();
        pr.head_sha = self.sha.clone();
        pr.url = self.web_url.clone();
        pr.author = self
            .author
            .as_ref()
            .map(|a| a.username.clone())
            .unwrap_or_default();
        pr.updated_at = updated.unwrap_or(created_at);
        pr.draft = self.draft || self.work_in_progress || hint == Some(StatusHint::Draft);
        pr.state = status::pr_state(&self.state);
        pr.labels = self.labels.iter().map(|l| l.name().to_string()).collect();
        pr.checks = status::checks(pipeline, &[], hint);
        // List reviewers carry no review state: approvals and requested changes come
        // from the merge-status hint only.
        pr.review = status::review([], None, None, [], hint);
        pr.merge = merge;
        pr.blockers.extend(blocker);
        pr.requested_reviewers = names(&self.reviewers);
        pr.assignees = names(&self.assignees);
        pr.automation.auto_merge = self.auto_merge();
        pr
    }

    /// Auto-merge as the list says it: on, by `merge_user`; the method is only known
    /// to be a squash (GitLab's merge, rebase or fast-forward is the project's merge
    /// method, which the MR does not carry).
    pub fn auto_merge(&self) -> Option<AutoMerge> {
        self.merge_when_pipeline_succeeds.then(|| AutoMerge {
            method: (self.squash_on_merge || self.squash).then(|| "squash".to_string()),
            by: self
                .merge_user
                .as_ref()
                .map(|u| u.username.clone())
                .filter(|u| !u.is_empty()),
        })
    }
}

fn names(users: &[User]) -> Vec<String> {
    users
        .iter()
        .filter(|u| !u.username.is_empty())
        .map(|u| u.username.clone())
        .collect()
}

/// `merge_status` (deprecated, before 15.6): `can_be_merged`, `cannot_be_merged`,
/// `unchecked`, `checking`, `cannot_be_merged_recheck`.
fn legacy_merge_status(s: &str) -> MergeState {
    match s {
        "can_be_merged" => MergeState::Mergeable,
        "cannot_be_merged" => MergeState::Conflict,
        "unchecked" | "checking" | "cannot_be_merged_recheck" => MergeState::Computing,
        _ => MergeState::Unknown,
    }
}

fn parse_time(s: Option<&str>) -> Option<OffsetDateTime> {
    s.and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
}

/// `https://host/group/sub/project/-/merge_requests/5` → `group/sub/project`
/// (assumes GitLab at the host root).
fn path_from_web_url(web_url: &str) -> Option<String> {
    let url = url::Url::parse(web_url).ok()?;
    let (path, _) = url.path().split_once("/-/")?;
    let path = path.trim_matches('/');
    (!path.is_empty()).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ampel_core::light::{light, Light};

    fn mr(extra: serde_json::Value) -> Mr {
        let mut base = serde_json::json!({
            "iid": 7, "project_id": 3, "title": "T", "state": "opened",
            "web_url": "https://gl.example/g/sub/p/-/merge_requests/7",
            "created_at": "2026-11-01T10:00:00.000Z", "updated_at": "2026-11-02T10:00:00.123Z",
            "references": {"full": "g/sub/p!7"}, "author": {"username": "ann"},
            "detailed_merge_status": "mergeable", "labels": ["a"],
        });
        if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        serde_json::from_value(base).unwrap_or_else(|e| panic!("fixture: {e}"))
    }

    #[test]
    fn auto_merge_maps_from_the_list_fields() {
        let pr = mr(serde_json::json!({})).to_pr("acc", None);
        assert!(pr.automation.is_idle());
        let pr = mr(serde_json::json!({
            "merge_when_pipeline_succeeds": true,
            "merge_user": {"username": "mira"},
            "squash_on_merge": true,
        }))
        .to_pr("acc", None);
        assert_eq!(
            pr.automation.auto_merge,
            Some(AutoMerge {
                method: Some("squash".into()),
                by: Some("mira".into()),
            })
        );
        let pr = mr(serde_json::json!({"merge_when_pipeline_succeeds": true, "merge_user": null}))
            .to_pr("acc", None);
        assert_eq!(pr.automation.auto_merge, Some(AutoMerge::default()));
    }

    #[test]
    fn fields_map_to_the_neutral_pr() {
        let pr = mr(serde_json::json!({})).to_pr("acc", None);
        assert_eq!((pr.repo.as_str(), pr.number), ("g/sub/p", 7));
        assert_eq!(pr.author, "ann");
        assert_eq!(pr.labels, vec!["a".to_string()]);
        assert!(pr.updated_at > pr.created_at);
        assert_eq!(light(&pr).light, Light::Green);
    }

    #[test]
    fn the_repo_falls_back_to_the_web_url() {
        let m = mr(serde_json::json!({"references": {}}));
        assert_eq!(m.repo(None), "g/sub/p");
    }

    #[test]
    fn conflict_behind_a_draft_status_is_still_red() {
        let pr =
            mr(serde_json::json!({"detailed_merge_status": "draft_status", "has_conflicts": true}))
                .to_pr("acc", None);
        assert!(pr.draft);
        assert_eq!(light(&pr).light, Light::Red);
    }

    #[test]
    fn a_head_pipeline_decides_the_checks_whatever_the_merge_status_says() {
        let with = mr(serde_json::json!({
            "detailed_merge_status": "mergeable",
            "head_pipeline": {"id": 9, "status": "failed", "sha": "abc", "ref": "main"}
        }));
        let v = light(&with.to_pr("acc", None));
        assert_eq!(v.light, Light::Red);
        assert_eq!(v.reasons[0].to_string(), "CI failing");
        let running = mr(serde_json::json!({"detailed_merge_status": "ci_still_running"}));
        assert_eq!(light(&running.to_pr("acc", None)).light, Light::Yellow);
    }

    #[test]
    fn legacy_merge_status_is_read_without_detailed_status() {
        let pr = mr(
            serde_json::json!({"detailed_merge_status": null, "merge_status": "cannot_be_merged"}),
        )
        .to_pr("acc", None);
        assert_eq!(pr.merge, MergeState::Conflict);
    }
}
