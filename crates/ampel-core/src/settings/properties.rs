//! Loading settings never fails on any JSON: any object loads (a field whose value
//! cannot be read takes its default, the others are kept), the result is in range
//! after `normalized`, and it survives a save and load unchanged.

use super::*;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Every key the settings file has, at any depth (taken from the defaults, so a
/// new field is covered without touching this test).
fn keys() -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        if let Value::Object(m) = v {
            for (k, v) in m {
                out.push(k.clone());
                walk(v, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &serde_json::to_value(Settings::default()).unwrap_or_default(),
        &mut out,
    );
    out
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(keys()), 1 => ".{0,8}"]
}

/// Any JSON value, leaning on the values settings hold.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u32>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            "22:00",
            "07:30",
            "24:00",
            "7:5",
            "dark",
            "light",
            "system",
            "neon",
            "mine",
            "watched",
            "needs-my-review",
            "2026-12-01T10:00:00Z",
            "2026-13-01",
            "",
        ])
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// The default settings with values at random keys replaced by any JSON.
fn mutated_defaults() -> impl Strategy<Value = Value> {
    prop::collection::vec((key(), json(), any::<bool>()), 0..8).prop_map(|edits| {
        let mut v = serde_json::to_value(Settings::default()).unwrap_or_default();
        for (k, new, nested) in edits {
            if let Some(Value::Object(m)) = v.as_object_mut().and_then(|m| {
                if nested {
                    m.get_mut("notifications")
                } else {
                    None
                }
            }) {
                m.insert(k, new);
            } else if let Some(m) = v.as_object_mut() {
                m.insert(k, new);
            }
        }
        v
    })
}

fn load(v: Value) -> Settings {
    serde_json::from_value::<Settings>(v.clone())
        .unwrap_or_else(|e| panic!("settings did not load ({e}): {v}"))
        .normalized()
}

fn assert_in_range_and_stable(s: &Settings) {
    assert!((MIN_REFRESH_SECS..=MAX_REFRESH_SECS).contains(&s.refresh_interval_secs));
    assert!((MIN_CI_RECHECK_SECS..=MAX_CI_RECHECK_SECS).contains(&s.ci_recheck_secs));
    let saved = serde_json::to_value(s).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&load(saved), s);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_json_object_loads(v in prop::collection::vec((key(), json()), 0..10)) {
        let s = load(Value::Object(v.into_iter().collect()));
        assert_in_range_and_stable(&s);
    }

    #[test]
    fn a_damaged_file_keeps_every_readable_field(v in mutated_defaults()) {
        let s = load(v.clone());
        assert_in_range_and_stable(&s);
        if let Some(n) = v.get("refreshIntervalSecs").and_then(Value::as_u64) {
            if let Ok(n) = u32::try_from(n) {
                assert_eq!(s.refresh_interval_secs, n.clamp(MIN_REFRESH_SECS, MAX_REFRESH_SECS));
            }
        }
        if let Some(b) = v.get("startAtLogin").and_then(Value::as_bool) {
            assert_eq!(s.start_at_login, b);
        }
    }

    #[test]
    fn any_json_text_never_panics_the_loader(text in ".{0,64}") {
        let _ = serde_json::from_str::<Settings>(&text);
    }
}
