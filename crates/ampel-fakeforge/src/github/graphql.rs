//! GitHub's GraphQL endpoint (`POST /api/graphql`) for the dashboard query: reads
//! the `search(...)` arguments (from `variables` or inline literals), evaluates the
//! search string against the fake PRs with the token's user as `@me`, pages with
//! GitHub's cursors (`base64("cursor:N")`), stops at 1,000 results like GitHub's
//! search (with the full `issueCount`), and answers in GitHub's JSON shape with
//! `rateLimit` and the `X-RateLimit-*` headers. It does not execute arbitrary
//! GraphQL: every hit is rendered with all the dashboard query's fields.

use super::render;
use super::search::Filter;
use crate::fault;
use crate::reply;
use crate::state::{self, Shared};
use ampel_core::Provider;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};

/// GitHub's page size limit (`first` must be 1–100).
const MAX_FIRST: u64 = 100;

/// Points per hour, as on github.com for a PAT.
const LIMIT: u64 = 5000;

/// `POST /github/api/graphql`.
pub(crate) async fn graphql(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(viewer) = super::viewer(&shared, &headers) else {
        return fault::error(
            Provider::Github,
            StatusCode::UNAUTHORIZED,
            "Bad credentials",
        );
    };
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return fault::error(
            Provider::Github,
            StatusCode::BAD_REQUEST,
            "Problems parsing JSON",
        );
    };
    let query = request["query"].as_str().unwrap_or_default();
    let vars = &request["variables"];
    if let Some(written) = super::actions::answer(&shared, &headers, query, vars) {
        return written;
    }
    let Some(args) = search_args(query) else {
        return errors("this fake GitHub answers only queries with a `search` field");
    };
    let Some(q) = argument(args, "query", vars).and_then(|v| v.as_str().map(str::to_string)) else {
        return errors("Variable $q of type String! was provided invalid value");
    };
    let first = argument(args, "first", vars)
        .and_then(|v| v.as_u64())
        .unwrap_or(MAX_FIRST);
    if !(1..=MAX_FIRST).contains(&first) {
        return errors(
            "Requesting more than 100 records on the `search` connection is not supported.",
        );
    }
    let after = argument(args, "after", vars).and_then(|v| v.as_str().and_then(offset));
    let page = Page {
        q,
        viewer,
        first,
        after: after.unwrap_or(0),
    };
    let with = Asked {
        rate: query.contains("rateLimit"),
        viewer: query.contains("viewer"),
    };
    answer(&shared, &page, with, cost(query))
}

/// The top-level fields besides `search` the query names.
struct Asked {
    rate: bool,
    viewer: bool,
}

/// Search results GitHub returns per query (`issueCount` may be higher).
const SEARCH_CAP: u64 = 1000;

/// What one request asks for.
struct Page {
    q: String,
    viewer: String,
    first: u64,
    after: u64,
}

fn answer(shared: &Shared, page: &Page, with: Asked, cost: u64) -> Response {
    let filter = Filter::parse(&page.q, &page.viewer);
    let (hits, used) = state::with(shared, |s| {
        let hits: Vec<Value> = s
            .prs
            .iter()
            .filter(|p| filter.matches(p))
            .map(|p| render::listed(s, p))
            .collect();
        (hits, points_used(s, cost))
    });
    // GitHub counts every hit but returns at most the first 1,000.
    let total = hits.len() as u64;
    let reachable = total.min(SEARCH_CAP);
    let start = page.after.min(reachable);
    let end = (start + page.first).min(reachable);
    let nodes: Vec<Value> = hits[start as usize..end as usize].to_vec();
    let reset = next_hour();
    let mut data = json!({
        "search": {
            "issueCount": total,
            "pageInfo": {
                "hasNextPage": end < reachable,
                "endCursor": if end > start { Value::from(cursor(end)) } else { Value::Null },
            },
            "nodes": nodes,
        }
    });
    let remaining = LIMIT.saturating_sub(used);
    if with.viewer {
        data["viewer"] = json!({ "login": page.viewer });
    }
    if with.rate {
        data["rateLimit"] = json!({
            "limit": LIMIT,
            "remaining": remaining,
            "used": used,
            "resetAt": reply::rfc3339(reset),
            "cost": cost,
        });
    }
    let headers = [
        ("x-github-media-type", "github.v4; format=json".to_string()),
        ("x-ratelimit-limit", LIMIT.to_string()),
        ("x-ratelimit-remaining", remaining.to_string()),
        ("x-ratelimit-used", used.to_string()),
        ("x-ratelimit-reset", reset.unix_timestamp().to_string()),
        ("x-ratelimit-resource", "graphql".to_string()),
    ];
    reply::json(StatusCode::OK, json!({ "data": data }), &headers)
}

/// Points spent so far: every GraphQL request seen (this one included) at `cost`.
fn points_used(s: &state::State, cost: u64) -> u64 {
    let n = s
        .log
        .iter()
        .filter(|r| r.provider == Some(Provider::Github) && r.path.ends_with("/api/graphql"))
        .count() as u64;
    n * cost
}

/// GitHub's documented estimate: one request per connection per parent node,
/// over 100, at least 1. Approximated from the number of `first:`/`last:`
/// arguments: the search, and each nested connection once per 100 hits.
fn cost(query: &str) -> u64 {
    let connections = (query.matches("first:").count() + query.matches("last:").count()) as u64;
    ((1 + connections.saturating_sub(1) * MAX_FIRST) / 100).max(1)
}

fn next_hour() -> time::OffsetDateTime {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let at = (now / 3600 + 1) * 3600;
    time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
}

/// A GraphQL error answer (HTTP 200, `errors`, no data), as GitHub sends for a
/// query it cannot run.
fn errors(message: &str) -> Response {
    let body =
        json!({ "errors": [{ "message": message, "locations": [{ "line": 1, "column": 1 }] }] });
    reply::json(StatusCode::OK, body, &[])
}

/// The text between `search(` and its closing parenthesis.
fn search_args(query: &str) -> Option<&str> {
    let start = query.find("search(")? + "search(".len();
    let len = query[start..].find(')')?;
    Some(&query[start..start + len])
}

/// The value of argument `name` in `args`: a `$variable`, a string literal or a number.
fn argument(args: &str, name: &str, vars: &Value) -> Option<Value> {
    let at = args
        .match_indices(name)
        .find(|(i, _)| {
            args[..*i]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric() && c != '$')
        })?
        .0;
    let rest = args[at + name.len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    if let Some(var) = rest.strip_prefix('$') {
        let var: String = var
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        return vars.get(var).filter(|v| !v.is_null()).cloned();
    }
    if let Some(lit) = rest.strip_prefix('"') {
        return string_literal(lit).map(Value::from);
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u64>().ok().map(Value::from)
}

/// A GraphQL string literal's text up to its closing quote (`\"` and `\\` unescaped).
fn string_literal(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => out.push(chars.next()?),
            _ => out.push(c),
        }
    }
    None
}

/// GitHub's search cursor for the hit at 1-based position `n`.
fn cursor(n: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("cursor:{n}"))
}

/// The offset an `after` cursor stands for.
fn offset(cursor: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("cursor:")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_come_from_variables_or_literals() {
        let vars = json!({ "q": "is:pr", "after": null });
        let args = search_args("query($q: String!) { search(type: ISSUE, query: $q, first: 100, after: $after) { x } }");
        let args = args.unwrap_or_default();
        assert_eq!(argument(args, "query", &vars), Some(json!("is:pr")));
        assert_eq!(argument(args, "first", &vars), Some(json!(100)));
        assert_eq!(argument(args, "after", &vars), None);
        let inline =
            search_args(r#"{ search(query: "is:pr repo:\"o/r\"", type: ISSUE, first: 5) { x } }"#);
        let inline = inline.unwrap_or_default();
        assert_eq!(
            argument(inline, "query", &vars),
            Some(json!("is:pr repo:\"o/r\""))
        );
        assert_eq!(argument(inline, "first", &vars), Some(json!(5)));
    }

    #[test]
    fn cursors_round_trip_like_githubs() {
        assert_eq!(cursor(100), "Y3Vyc29yOjEwMA==");
        assert_eq!(offset(&cursor(100)), Some(100));
        assert_eq!(offset("garbage"), None);
    }

    #[test]
    fn the_dashboard_query_costs_about_six_points() {
        let q = "search(first: 100) a(first: 20) b(first: 20) c(first: 10) d(first: 20) e(last: 1) f(first: 50)";
        assert_eq!(cost(q), 6);
        assert_eq!(cost("search(first: 1)"), 1);
    }
}
