//! Reading one PR's turn and sections out of a listing, for the per-forge turn tests.

use ampel_core::changes::Listed;
use ampel_core::section::Section;
use ampel_core::turn::{turn, Turn};
use ampel_forge::Listing;

/// The listed entry of PR `n`; panics when it is not listed.
pub fn entry(l: &Listing, n: u64) -> &Listed {
    match l.prs.iter().find(|x| x.pr.number == n) {
        Some(x) => x,
        None => panic!("PR {n} not listed: {:?}", l.prs),
    }
}

/// The turn of PR `n`; panics when it is not listed.
pub fn turn_of(l: &Listing, n: u64) -> Option<Turn> {
    turn(entry(l, n))
}

/// The sections of PR `n`; empty when it is not listed.
pub fn sections_of(l: &Listing, n: u64) -> Vec<Section> {
    l.prs
        .iter()
        .find(|p| p.pr.number == n)
        .map(|p| p.sections.iter().collect())
        .unwrap_or_default()
}
