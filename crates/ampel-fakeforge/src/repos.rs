//! The repositories each fake forge lists in its "repositories I can see"
//! endpoints: those of the PRs in the state plus any added with
//! `FakeForge::add_repo`, most recently pushed first (a PR repository's last push
//! is its newest PR change; added ones are older, in the order added). Privacy
//! and descriptions are derived from the name so they are stable across runs.
//! Also the offset-pagination helpers (`page`, `Link`) the routes share.

use crate::state::{self, Shared};
use ampel_core::Provider;
use axum::http::{HeaderMap, Uri};
use time::OffsetDateTime;

/// One repository as the routes render it.
#[derive(Debug, Clone)]
pub(crate) struct FakeRepo {
    /// `owner/name` (GitLab: the full path).
    pub full_name: String,
    /// A stable numeric id.
    pub id: u64,
    /// Private or public.
    pub private: bool,
    /// Description; `None` for some, as on real forges.
    pub description: Option<String>,
    /// Last push.
    pub pushed_at: OffsetDateTime,
}

impl FakeRepo {
    /// The owner (GitLab: the namespace path) and the name.
    pub fn split(&self) -> (&str, &str) {
        self.full_name
            .rsplit_once('/')
            .unwrap_or(("", self.full_name.as_str()))
    }

    /// The last path segment.
    pub fn name(&self) -> &str {
        self.split().1
    }

    /// True when the name contains `q`, ignoring case (the forges' name search).
    pub fn name_matches(&self, q: &str) -> bool {
        self.name()
            .to_lowercase()
            .contains(&q.trim().to_lowercase())
    }
}

/// FNV-1a over `seed`.
pub(crate) fn fnv(seed: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The repositories of `provider`, most recently pushed first.
pub(crate) fn visible(state: &Shared, provider: Provider) -> Vec<FakeRepo> {
    let (mut from_prs, added) = state::with(state, |s| {
        let prs: Vec<(String, OffsetDateTime)> = s
            .prs
            .iter()
            .filter(|p| p.provider == provider)
            .map(|p| (p.repo.clone(), p.updated_at))
            .collect();
        let added: Vec<String> = s
            .repos
            .iter()
            .filter(|(p, _)| *p == provider)
            .map(|(_, r)| r.clone())
            .collect();
        (prs, added)
    });
    from_prs.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    from_prs.dedup_by(|a, b| a.0 == b.0);
    let oldest = from_prs
        .iter()
        .map(|(_, at)| *at)
        .min()
        .unwrap_or_else(OffsetDateTime::now_utc);
    let mut all: Vec<(String, OffsetDateTime)> = from_prs;
    for (i, name) in added.into_iter().enumerate() {
        if !all.iter().any(|(r, _)| *r == name) {
            let minutes = i64::try_from(i).unwrap_or(0) + 1;
            all.push((name, oldest - time::Duration::minutes(minutes)));
        }
    }
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.into_iter()
        .map(|(full_name, pushed_at)| render(full_name, pushed_at))
        .collect()
}

fn render(full_name: String, pushed_at: OffsetDateTime) -> FakeRepo {
    let h = fnv(&full_name);
    let name = full_name
        .rsplit('/')
        .next()
        .unwrap_or(&full_name)
        .to_string();
    let description = if name == "ampel-demo" {
        Some("Ampel demo repository: one pull request of every colour".to_string())
    } else if h % 4 == 0 {
        None
    } else {
        Some(format!("{name}: a repository on the fake forge"))
    };
    FakeRepo {
        id: h % 9_000_000 + 1_000_000,
        private: h % 2 == 0,
        description,
        full_name,
        pushed_at,
    }
}

/// A query parameter.
pub(crate) fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// `page` (1-based) and the page size from `size_param` (default `default`,
/// clamped to `1..=max`), as the forges read them.
pub(crate) fn paging(
    q: &[(String, String)],
    size_param: &str,
    default: usize,
    max: usize,
) -> (usize, usize) {
    let num = |n: &str| param(q, n).and_then(|v| v.trim().parse::<usize>().ok());
    let page = num("page").unwrap_or(1).max(1);
    let size = num(size_param).unwrap_or(default).clamp(1, max);
    (page, size)
}

/// The items of page `page` of `size`, and the number of pages (at least 1).
pub(crate) fn slice<T: Clone>(items: &[T], page: usize, size: usize) -> (Vec<T>, usize) {
    let pages = items.len().div_ceil(size).max(1);
    let start = (page - 1).saturating_mul(size);
    let out = items.iter().skip(start).take(size).cloned().collect();
    (out, pages)
}

/// An absolute URL of this request with `page` replaced, on the origin the client
/// used (the `Host` header).
pub(crate) fn page_url(
    headers: &HeaderMap,
    uri: &Uri,
    q: &[(String, String)],
    page: usize,
) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let mut pairs: Vec<(String, String)> = q.iter().filter(|(k, _)| k != "page").cloned().collect();
    pairs.push(("page".into(), page.to_string()));
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    format!("http://{host}{}?{query}", uri.path())
}

/// A `Link` header with `next`, `last`, `first` and `prev` as GitHub and Gitea send
/// them (GitHub leaves out `first`/`prev` on page 1 and `next`/`last` on the last).
pub(crate) fn link_header(
    headers: &HeaderMap,
    uri: &Uri,
    q: &[(String, String)],
    page: usize,
    pages: usize,
) -> Option<String> {
    let mut parts = Vec::new();
    let mut add = |n: usize, rel: &str| {
        parts.push(format!("<{}>; rel=\"{rel}\"", page_url(headers, uri, q, n)));
    };
    if page < pages {
        add(page + 1, "next");
        add(pages, "last");
    }
    if page > 1 {
        add(1, "first");
        add(page - 1, "prev");
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Percent-encodes a query component.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
