//! The vault's envelope decoder on any bytes: never panics and never opens what
//! this key did not seal; what it seals opens with the same account id only, and
//! any altered byte is refused.
#![no_main]

use ampel_store::vault::envelope::{open, seal, Key};
use libfuzzer_sys::fuzz_target;
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let key: Key = Zeroizing::new([7u8; 32]);
    let (aad, plain) = data.split_at(
        data.len()
            .min(usize::from(data.first().copied().unwrap_or(0) % 40)),
    );
    assert!(open(&key, data, aad).is_err(), "a forged envelope opened");
    let sealed = seal(&key, plain, aad);
    let opened = open(&key, &sealed, aad).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(opened.as_slice(), plain);
    let mut other_aad = aad.to_vec();
    other_aad.push(b'x');
    assert!(open(&key, &sealed, &other_aad).is_err());
    let mut bad = sealed.clone();
    let at = usize::from(data.last().copied().unwrap_or(0)) % bad.len();
    bad[at] ^= 0x80;
    assert!(
        open(&key, &bad, aad).is_err(),
        "byte {at} altered, still opened"
    );
});
