//! The token envelope for any token and any account id: it opens to the same
//! token with the same key and id, and is refused with another id, another key,
//! or any single altered byte or bit, or cut short.

use super::envelope::{generate_key, open, Key};
use super::{open_token, seal_token};
use proptest::prelude::*;
use zeroize::Zeroizing;

fn key(seed: u8) -> Key {
    Zeroizing::new([seed; 32])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_token_round_trips_under_its_account_id(token in any::<String>(), id in any::<String>()) {
        let k = key(1);
        let sealed = seal_token(&k, &id, &token);
        let opened = open_token(&k, &id, &sealed).map(|t| t.to_string());
        prop_assert_eq!(opened, Some(token.clone()));
        if !token.is_empty() && token.len() >= 4 {
            prop_assert!(!sealed.windows(token.len()).any(|w| w == token.as_bytes()), "plaintext inside");
        }
    }

    #[test]
    fn another_account_id_or_key_is_refused(token in any::<String>(), id in any::<String>(), other in any::<String>()) {
        prop_assume!(id != other);
        let sealed = seal_token(&key(2), &id, &token);
        prop_assert!(open_token(&key(2), &other, &sealed).is_none());
        prop_assert!(open_token(&generate_key(), &id, &sealed).is_none());
    }

    #[test]
    fn any_altered_bit_or_cut_is_refused(
        token in any::<String>(),
        id in any::<String>(),
        at in any::<prop::sample::Index>(),
        bit in 0u8..8,
        cut in any::<prop::sample::Index>(),
    ) {
        let k = key(3);
        let sealed = seal_token(&k, &id, &token);
        let mut bad = sealed.clone();
        let i = at.index(bad.len());
        bad[i] ^= 1 << bit;
        prop_assert!(open_token(&k, &id, &bad).is_none(), "bit {} of byte {} altered", bit, i);
        let short = &sealed[..cut.index(sealed.len())];
        prop_assert!(open(&k, short, id.as_bytes()).is_err());
        let mut longer = sealed.clone();
        longer.push(0);
        prop_assert!(open(&k, &longer, id.as_bytes()).is_err());
    }

    #[test]
    fn any_bytes_never_open(bytes in prop::collection::vec(any::<u8>(), 0..96), id in any::<String>()) {
        prop_assert!(open_token(&key(4), &id, &bytes).is_none());
    }
}
