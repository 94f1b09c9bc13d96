//! What the tray shows, computed from the cached pull requests: its colour (the
//! worst light among the pull requests whose turn is mine), counts, a tooltip and up
//! to ten pull requests waiting on me — pure, so the menu is tested without a tray.

use crate::changes::Listed;
use crate::light::{light, Light};
use crate::turn::is_my_turn;

/// How many pull requests the tray menu lists.
pub const MAX_LISTED: usize = 10;

/// One pull request in the tray menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayPr {
    /// "red · octo/app#2 Speed up the sync loop"-style label.
    pub label: String,
    /// The page to open.
    pub url: String,
}

/// The tray's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayModel {
    /// The icon's colour: the worst light of the PRs whose turn is mine, green when
    /// none is; grey with no data or when every account failed.
    pub light: Light,
    /// Pull requests whose turn is mine (issue 27).
    pub my_turn: usize,
    /// Pull requests per light: red, yellow, green, grey.
    pub counts: [usize; 4],
    /// The tooltip ("Ampel — 2 red, 1 yellow, 3 green").
    pub tooltip: String,
    /// The pull requests whose turn is mine, red first, at most ten.
    pub attention: Vec<TrayPr>,
    /// The Focus profiles to switch between (issue 29), set by the shell; empty:
    /// no profile part in the menu.
    pub profiles: Vec<String>,
    /// The profile in effect and whether it was picked by hand; `None`: all accounts.
    pub profile: Option<String>,
    pub by_hand: bool,
}

fn index(l: Light) -> usize {
    match l {
        Light::Red => 0,
        Light::Yellow => 1,
        Light::Green => 2,
        Light::Grey => 3,
    }
}

impl TrayModel {
    /// With the Focus profiles to switch between and the one in effect: the tooltip
    /// names it.
    pub fn with_profiles(
        mut self,
        names: Vec<String>,
        active: Option<&str>,
        by_hand: bool,
    ) -> Self {
        if !names.is_empty() {
            let name = active.unwrap_or("all accounts");
            self.tooltip = format!("{} · profile: {name}", self.tooltip);
        }
        self.profiles = names;
        self.profile = active.map(str::to_string);
        self.by_hand = by_hand;
        self
    }
}

/// The tray for `prs` (every enabled account's cached listing); `all_failing`
/// when every account's last sync failed; `teams_are_mine` counts reviews
/// requested only of my teams as my turn.
pub fn model(prs: &[Listed], all_failing: bool, teams_are_mine: bool) -> TrayModel {
    let mut counts = [0usize; 4];
    let mut worst = None::<Light>;
    let mut attention: Vec<(Light, &Listed)> = Vec::new();
    for l in prs {
        let verdict = light(&l.pr);
        counts[index(verdict.light)] += 1;
        if !is_my_turn(l, teams_are_mine) {
            continue;
        }
        worst = Some(worst.map_or(verdict.light, |w| w.max(verdict.light)));
        attention.push((verdict.light, l));
    }
    attention.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.pr.updated_at.cmp(&a.1.pr.updated_at))
    });
    let light = if all_failing || prs.is_empty() {
        Light::Grey
    } else {
        worst.unwrap_or(Light::Green)
    };
    let my_turn = attention.len();
    let tooltip = if prs.is_empty() {
        "Ampel — no pull requests".to_string()
    } else {
        format!(
            "Ampel — your turn: {my_turn} · {} red, {} yellow, {} green",
            counts[0], counts[1], counts[2]
        )
    };
    TrayModel {
        light,
        my_turn,
        counts,
        tooltip,
        attention: attention
            .into_iter()
            .take(MAX_LISTED)
            .map(|(lt, l)| TrayPr {
                label: format!(
                    "{} · {}#{} {}",
                    lt.as_str(),
                    l.pr.repo,
                    l.pr.number,
                    l.pr.title
                ),
                url: l.pr.url.clone(),
            })
            .collect(),
        profiles: Vec::new(),
        profile: None,
        by_hand: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pr::{Check, CheckState, Checks, PullRequest, ReviewFacts};
    use crate::section::{Section, Sections};
    use crate::Provider;
    use time::macros::datetime;

    /// PR `n` in `section`: asked of me by name in Needs my review, mine and
    /// waiting on a reviewer in Mine, nobody asked elsewhere.
    fn listed(n: u64, section: Section, failing: bool) -> Listed {
        let mut pr = PullRequest::open(
            Provider::Github,
            "a",
            "o/r",
            n,
            datetime!(2026-11-01 0:00 UTC),
        );
        pr.url = format!("https://example.com/{n}");
        pr.author = if section == Section::Mine {
            "me"
        } else {
            "alice"
        }
        .into();
        let asked = match section {
            Section::Mine => vec!["bob".into()],
            Section::NeedsMyReview => vec!["me".into()],
            _ => Vec::new(),
        };
        pr.reviewing = Some(ReviewFacts {
            viewer: "me".into(),
            requested_users: asked,
            ..ReviewFacts::default()
        });
        if failing {
            pr.checks = Checks {
                runs: vec![Check {
                    name: "ci".into(),
                    state: CheckState::Failure,
                }],
                combined: None,
            };
        }
        Listed {
            pr,
            sections: Sections::of(section),
        }
    }

    #[test]
    fn the_colour_and_count_follow_my_turn_only() {
        let prs = vec![
            listed(1, Section::Mine, false),
            listed(2, Section::Watched, true),
        ];
        let m = model(&prs, false, false);
        assert_eq!(
            m.light,
            Light::Green,
            "a red watched PR and my PR waiting on reviewers do not colour the tray"
        );
        assert_eq!((m.my_turn, m.counts), (0, [1, 0, 1, 0]));
        let prs = vec![
            listed(1, Section::Mine, true),
            listed(2, Section::NeedsMyReview, false),
        ];
        let m = model(&prs, false, false);
        assert_eq!(
            (m.light, m.my_turn),
            (Light::Red, 2),
            "CI failed on mine: my turn"
        );
        assert!(m.tooltip.contains("your turn: 2"), "{}", m.tooltip);
    }

    #[test]
    fn a_team_request_counts_only_when_chosen() {
        let mut team = listed(3, Section::NeedsMyReview, true);
        if let Some(f) = team.pr.reviewing.as_mut() {
            f.requested_users.clear();
            f.requested_teams = vec!["core".into()];
        }
        let prs = vec![team];
        assert_eq!(model(&prs, false, false).my_turn, 0);
        assert_eq!(model(&prs, false, false).light, Light::Green);
        let chosen = model(&prs, false, true);
        assert_eq!((chosen.my_turn, chosen.light), (1, Light::Red));
    }

    #[test]
    fn grey_without_data_or_when_every_account_fails() {
        assert_eq!(model(&[], false, false).light, Light::Grey);
        assert_eq!(
            model(&[listed(1, Section::Mine, true)], true, false).light,
            Light::Grey
        );
    }

    #[test]
    fn at_most_ten_are_listed_reds_first() {
        let mut prs: Vec<Listed> = (1..=14)
            .map(|n| listed(n, Section::NeedsMyReview, n % 2 == 0))
            .collect();
        prs.push(listed(99, Section::Watched, true));
        let m = model(&prs, false, false);
        assert_eq!(
            m.my_turn, 14,
            "every review asked of me, not the watched one"
        );
        assert_eq!(m.attention.len(), MAX_LISTED);
        assert!(m.attention[..7].iter().all(|p| p.label.starts_with("red")));
        assert!(m.tooltip.contains("8 red"), "{}", m.tooltip);
    }

    #[test]
    fn the_tooltip_names_the_profile_in_effect_only_when_there_are_profiles() {
        let none = model(&[], false, false).with_profiles(Vec::new(), None, false);
        assert_eq!(none.tooltip, "Ampel — no pull requests");
        let work = model(&[], false, false).with_profiles(vec!["Work".into()], Some("Work"), true);
        assert_eq!(work.tooltip, "Ampel — no pull requests · profile: Work");
        assert_eq!(
            (work.profile.as_deref(), work.by_hand),
            (Some("Work"), true)
        );
        let all = model(&[], false, false).with_profiles(vec!["Work".into()], None, false);
        assert!(all.tooltip.ends_with("profile: all accounts"));
    }
}
