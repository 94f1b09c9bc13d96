//! Structure-aware: arbitrary JSON built from the forges' own field names and
//! values, wrapped the way each forge's list answer is, fed to every forge's list
//! parser (deep, plausible shapes that byte mutation rarely reaches).
#![no_main]

use ampel_core::Provider;
use ampel_forge::fuzzing;
use ampel_fuzz::{assert_same_origin, check_prs, object, objects, value};
use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fn answer(body: &serde_json::Value) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\ncontent-type: application/json\n\n".to_vec();
    out.extend(body.to_string().into_bytes());
    out
}

fn run(u: &mut Unstructured) -> arbitrary::Result<()> {
    let depth = 5;
    let sep = fuzzing::SEPARATOR;
    match u.int_in_range(0..=3)? {
        0 => {
            let body = json!({
                "data": {
                    "search": { "issueCount": value(u, 1)?, "pageInfo": object(u, 1)?, "nodes": objects(u, depth)? },
                    "rateLimit": object(u, 1)?,
                },
                "errors": value(u, 2)?,
            });
            if let Ok((prs, _)) = fuzzing::list::github::page(&answer(&body)) {
                check_prs(&prs);
            }
        }
        1 => {
            let current = fuzzing::api_url(Provider::Gitlab, "/merge_requests");
            let mut data = answer(&objects(u, depth)?);
            data.extend_from_slice(sep);
            data.extend(answer(&objects(u, 2)?));
            if let Ok((prs, next)) = fuzzing::list::gitlab::page(&data, &current) {
                assert_same_origin(next.as_ref(), &current);
                check_prs(&prs);
            }
        }
        2 => {
            let current =
                fuzzing::api_url(Provider::Bitbucket, "/repositories/ws/repo/pullrequests");
            let mut data = answer(&json!({ "values": objects(u, depth)?, "next": value(u, 0)? }));
            for _ in 0..4 {
                data.extend_from_slice(sep);
                data.extend(answer(&json!({ "values": objects(u, 2)? })));
            }
            if let Ok((prs, next)) = fuzzing::list::bitbucket::page(&data, &current) {
                assert_same_origin(next.as_ref(), &current);
                check_prs(&prs);
            }
        }
        _ => {
            let current = fuzzing::api_url(Provider::Gitea, "/repos/owner/repo/pulls");
            let mut data = answer(&objects(u, depth)?);
            for part in [objects(u, 2)?, object(u, 2)?, object(u, 1)?, objects(u, 2)?] {
                data.extend_from_slice(sep);
                data.extend(answer(&part));
            }
            if let Ok((prs, next)) = fuzzing::list::gitea::page(&data, &current) {
                assert_same_origin(next.as_ref(), &current);
                check_prs(&prs);
            }
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
