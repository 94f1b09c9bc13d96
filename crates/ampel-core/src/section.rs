//! The dashboard's sections, and the set of sections one pull request is in
//! (a PR can be mine and assigned to me at once).

use serde::{Deserialize, Serialize};

/// A dashboard section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Review requested from me (or my team).
    NeedsMyReview,
    /// Authored by me.
    Mine,
    /// Assigned to me.
    AssignedToMe,
    /// Open in a repository I watch.
    Watched,
    /// Not mine, and I reviewed it (approved, requested changes or commented): kept
    /// listed after the forge drops my review request, so a push after my review
    /// can make it my turn again (issue 27).
    Reviewed,
}

impl Section {
    /// Every section, in the order the dashboard shows them.
    pub const ALL: [Section; 5] = [
        Section::NeedsMyReview,
        Section::Mine,
        Section::AssignedToMe,
        Section::Reviewed,
        Section::Watched,
    ];

    fn bit(self) -> u8 {
        match self {
            Section::NeedsMyReview => 1,
            Section::Mine => 2,
            Section::AssignedToMe => 4,
            Section::Watched => 8,
            Section::Reviewed => 16,
        }
    }

    /// The stable id used in the database, the CLI and IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::NeedsMyReview => "needs_my_review",
            Section::Mine => "mine",
            Section::AssignedToMe => "assigned_to_me",
            Section::Watched => "watched",
            Section::Reviewed => "reviewed",
        }
    }

    /// Parses [`Section::as_str`] (also with dashes).
    pub fn parse(s: &str) -> Option<Section> {
        let s = s.trim().replace('-', "_");
        Section::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A set of sections, stored as a small bit set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "Vec<Section>", from = "Vec<Section>")]
pub struct Sections(u8);

impl Sections {
    /// The empty set.
    pub fn none() -> Self {
        Sections(0)
    }

    /// The set with one section.
    pub fn of(section: Section) -> Self {
        Sections(section.bit())
    }

    /// Adds a section.
    pub fn insert(&mut self, section: Section) {
        self.0 |= section.bit();
    }

    /// True when `section` is in the set.
    pub fn contains(self, section: Section) -> bool {
        self.0 & section.bit() != 0
    }

    /// True when no section is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The sections in dashboard order.
    pub fn iter(self) -> impl Iterator<Item = Section> {
        Section::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// The raw bits, for storage.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// From raw bits; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> Self {
        Sections(bits & 0b1_1111)
    }
}

impl From<Sections> for Vec<Section> {
    fn from(s: Sections) -> Self {
        s.iter().collect()
    }
}

impl From<Vec<Section>> for Sections {
    fn from(v: Vec<Section>) -> Self {
        v.into_iter().fold(Sections::none(), |mut acc, s| {
            acc.insert(s);
            acc
        })
    }
}

impl FromIterator<Section> for Sections {
    fn from_iter<I: IntoIterator<Item = Section>>(iter: I) -> Self {
        iter.into_iter().collect::<Vec<_>>().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_round_trips_through_bits_and_json() -> Result<(), serde_json::Error> {
        let set: Sections = [Section::Mine, Section::Watched].into_iter().collect();
        assert!(set.contains(Section::Mine) && !set.contains(Section::NeedsMyReview));
        assert_eq!(Sections::from_bits(set.bits()), set);
        assert_eq!(serde_json::to_string(&set)?, r#"["mine","watched"]"#);
        assert_eq!(
            serde_json::from_str::<Sections>(r#"["watched","mine"]"#)?,
            set
        );
        Ok(())
    }

    #[test]
    fn ids_parse_back() {
        for s in Section::ALL {
            assert_eq!(Section::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            Section::parse("needs-my-review"),
            Some(Section::NeedsMyReview)
        );
        assert_eq!(Section::parse("everything"), None);
    }
}
