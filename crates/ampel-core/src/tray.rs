//! What the tray shows, computed from the cached pull requests: its colour (the
//! worst light among "Needs my review" and "Mine"), counts, a tooltip and up to
//! ten pull requests needing attention — pure, so the menu is tested without a tray.

use crate::changes::Listed;
use crate::light::{light, Light};
use crate::section::Section;

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
    /// The icon's colour; grey with no data or when every account failed.
    pub light: Light,
    /// Pull requests per light: red, yellow, green, grey.
    pub counts: [usize; 4],
    /// The tooltip ("Ampel — 2 red, 1 yellow, 3 green").
    pub tooltip: String,
    /// Red then yellow pull requests of "Needs my review" and "Mine", at most ten.
    pub attention: Vec<TrayPr>,
}

fn index(l: Light) -> usize {
    match l {
        Light::Red => 0,
        Light::Yellow => 1,
        Light::Green => 2,
        Light::Grey => 3,
    }
}

/// The tray for `prs` (every enabled account's cached listing); `all_failing`
/// when every account's last sync failed.
pub fn model(prs: &[Listed], all_failing: bool) -> TrayModel {
    let mut counts = [0usize; 4];
    let mut worst = None::<Light>;
    let mut attention: Vec<(Light, &Listed)> = Vec::new();
    for l in prs {
        let verdict = light(&l.pr);
        counts[index(verdict.light)] += 1;
        let watched_by_me =
            l.sections.contains(Section::NeedsMyReview) || l.sections.contains(Section::Mine);
        if !watched_by_me {
            continue;
        }
        worst = Some(worst.map_or(verdict.light, |w| w.max(verdict.light)));
        if matches!(verdict.light, Light::Red | Light::Yellow) {
            attention.push((verdict.light, l));
        }
    }
    attention.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.pr.updated_at.cmp(&a.1.pr.updated_at))
    });
    let light = if all_failing {
        Light::Grey
    } else {
        worst.unwrap_or(Light::Grey)
    };
    let tooltip = if prs.is_empty() {
        "Ampel — no pull requests".to_string()
    } else {
        format!(
            "Ampel — {} red, {} yellow, {} green",
            counts[0], counts[1], counts[2]
        )
    };
    TrayModel {
        light,
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pr::{Check, CheckState, Checks, PullRequest};
    use crate::section::Sections;
    use crate::Provider;
    use time::macros::datetime;

    fn listed(n: u64, section: Section, failing: bool) -> Listed {
        let mut pr = PullRequest::open(
            Provider::Github,
            "a",
            "o/r",
            n,
            datetime!(2026-11-01 0:00 UTC),
        );
        pr.url = format!("https://example.com/{n}");
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
    fn the_colour_is_the_worst_of_review_and_mine_only() {
        let prs = vec![
            listed(1, Section::Mine, false),
            listed(2, Section::Watched, true),
        ];
        let m = model(&prs, false);
        assert_eq!(
            m.light,
            Light::Green,
            "a red watched PR does not colour the tray"
        );
        assert_eq!(m.counts, [1, 0, 1, 0]);
        let prs = vec![
            listed(1, Section::Mine, false),
            listed(2, Section::NeedsMyReview, true),
        ];
        assert_eq!(model(&prs, false).light, Light::Red);
    }

    #[test]
    fn grey_without_data_or_when_every_account_fails() {
        assert_eq!(model(&[], false).light, Light::Grey);
        assert_eq!(
            model(&[listed(1, Section::Mine, true)], true).light,
            Light::Grey
        );
    }

    #[test]
    fn at_most_ten_need_attention_reds_first() {
        let mut prs: Vec<Listed> = (1..=14)
            .map(|n| listed(n, Section::Mine, n % 2 == 0))
            .collect();
        prs.push(listed(99, Section::Mine, false));
        let m = model(&prs, false);
        assert!(m.attention.is_empty() || m.attention[0].label.starts_with("red"));
        assert!(m.attention.len() <= MAX_LISTED);
        assert_eq!(
            m.attention.len(),
            7,
            "only the failing ones are red; greens are not listed"
        );
        assert!(m.tooltip.contains("7 red"));
    }
}
