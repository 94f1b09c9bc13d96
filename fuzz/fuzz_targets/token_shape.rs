//! Token shape checks on pasted text: never panic, strip every whitespace, warn
//! only with known codes, and never repeat the token in a message.
#![no_main]

use ampel_core::{Provider, Secret};
use ampel_forge::fuzzing;
use libfuzzer_sys::fuzz_target;

const CODES: [&str; 6] = [
    "whitespace_stripped",
    "wrong_provider",
    "truncated",
    "app_password",
    "needs_email",
    "empty",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (token, user) = match text.split_once('\n') {
        Some((u, t)) if u.starts_with('@') => (t, Some(&u[1..])),
        _ => (text.as_ref(), None),
    };
    for p in Provider::ALL {
        let (clean, warnings) = fuzzing::token_shape(p, &Secret::new(token.to_string()), user);
        let clean = clean.expose();
        assert!(!clean.chars().any(char::is_whitespace));
        for w in &warnings {
            assert!(CODES.contains(&w.code.as_str()), "{}", w.code);
            if clean.chars().count() >= 24 {
                assert!(!w.message.contains(clean), "{}", w.message);
            }
        }
    }
});
