//! Exclusion rules: which PRs leave every section, count, the tray and notifications,
//! and which rule hid each, so the dashboard can show them on demand and drop a rule
//! in one click. My own PRs are never hidden by an author rule (bots included).

use crate::changes::Listed;
use crate::pr::same_login;
use crate::section::Section;
use serde::{Deserialize, Serialize};

/// One exclusion rule; `account` limits it to one account (`None`: every account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rule {
    /// Stable id, for removing it.
    pub id: String,
    /// What it matches.
    pub kind: RuleKind,
    /// The account it applies to; `None`: all.
    #[serde(default)]
    pub account: Option<String>,
}

/// What a rule matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// The ready "bots" rule: `*[bot]`, `dependabot*`, `renovate*`, GitLab project
    /// and group access-token bots (`project_<id>_bot…`, `group_<id>_bot…`), and any
    /// author the forge marks as a bot.
    Bots,
    /// Authors matching a glob (`*` any run, `?` one character; no case).
    Author { pattern: String },
    /// Repositories (`owner/name`, GitLab paths) matching a glob.
    Repo { pattern: String },
    /// Everything under an organisation, GitLab group (or subgroup) or workspace.
    Org { name: String },
    /// PRs carrying a label (no case).
    Label { name: String },
    /// Drafts opened by someone else.
    OthersDrafts,
}

/// The author globs of the bots rule.
pub const BOT_PATTERNS: [&str; 5] = [
    "*[bot]",
    "dependabot*",
    "renovate*",
    "project_*_bot*",
    "group_*_bot*",
];

impl Rule {
    /// The rule in words, as the "Hidden by rules" line names it.
    pub fn words(&self) -> String {
        match &self.kind {
            RuleKind::Bots => "bots".to_string(),
            RuleKind::Author { pattern } => format!("author {pattern}"),
            RuleKind::Repo { pattern } => format!("repository {pattern}"),
            RuleKind::Org { name } => format!("organisation {name}"),
            RuleKind::Label { name } => format!("label {name}"),
            RuleKind::OthersDrafts => "others' drafts".to_string(),
        }
    }

    /// True when the rule hides `listed` (read through its account).
    pub fn matches(&self, listed: &Listed) -> bool {
        let pr = &listed.pr;
        if self.account.as_deref().is_some_and(|a| a != pr.account_id) {
            return false;
        }
        let mine = is_mine(listed);
        match &self.kind {
            RuleKind::Bots => !mine && is_bot(&pr.author, pr.author_bot),
            RuleKind::Author { pattern } => !mine && glob_match(pattern, &pr.author),
            RuleKind::Repo { pattern } => glob_match(pattern, &pr.repo),
            RuleKind::Org { name } => under(&pr.repo, name),
            RuleKind::Label { name } => pr.labels.iter().any(|l| l.eq_ignore_ascii_case(name)),
            RuleKind::OthersDrafts => pr.draft && !mine,
        }
    }
}

/// Every rule that hides `listed`, in the rules' order; empty: shown.
pub fn hidden_by<'a>(rules: &'a [Rule], listed: &Listed) -> Vec<&'a Rule> {
    rules.iter().filter(|r| r.matches(listed)).collect()
}

/// Opened by me: listed under Mine, or its author is the login it was read as.
fn is_mine(listed: &Listed) -> bool {
    listed.sections.contains(Section::Mine)
        || listed
            .pr
            .reviewing
            .as_ref()
            .is_some_and(|f| same_login(&f.viewer, &listed.pr.author))
}

/// True for an author the bots rule hides.
pub fn is_bot(author: &str, forge_says_bot: bool) -> bool {
    forge_says_bot || BOT_PATTERNS.iter().any(|p| glob_match(p, author))
}

/// `repo` is `name` itself or under it (`acme` holds `acme/app` and `acme/sub/app`).
fn under(repo: &str, name: &str) -> bool {
    let name = name.trim().trim_end_matches('/');
    !name.is_empty()
        && repo.len() > name.len()
        && repo.as_bytes()[name.len()] == b'/'
        && repo[..name.len()].eq_ignore_ascii_case(name)
}

/// `text` matches `pattern` as a whole: `*` any run (also empty), `?` one character;
/// no other character is special, and case does not count. An empty pattern matches
/// nothing.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // Iterative wildcard matching with one backtrack point: linear-ish, no recursion.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || *c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests;
