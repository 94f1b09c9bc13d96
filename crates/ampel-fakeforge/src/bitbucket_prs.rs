//! Bitbucket Cloud pull-request reads, rendering the Bitbucket [`FakePr`]s in the
//! shapes of the 2.0 API (paged `values` / `next` / `pagelen` / `size`):
//!
//! - `GET /2.0/user/workspaces` and `GET /2.0/repositories/{ws}?role=member` are in
//!   `bitbucket_repos.rs` (they also list repositories added without PRs);
//! - `GET /2.0/workspaces/{ws}/pullrequests/{selected_user}`: PRs *authored* by the user;
//! - `GET /2.0/repositories/{ws}/{slug}/pullrequests`: with the BBQL shapes the client
//!   sends (`state="OPEN"`, optionally `AND (author.uuid="…" OR reviewers.uuid="…")`).
//!   As on Bitbucket, list pages leave out `participants` and `reviewers` unless
//!   `fields=+values.participants` / `+values.reviewers` asks for them;
//! - `GET …/pullrequests/{id}` (everything), `…/statuses` and `…/diffstat`
//!   (a conflicted file has `status: "merge conflict"`);
//! - `GET /2.0/repositories/{ws}/{slug}/commit/{commit}` (an open PR's source commit,
//!   `date` = its last push);
//! - `GET /2.0/repositories/{ws}/{slug}/branch-restrictions` (`kind`, `pattern`
//!   filters; admin only: 403 without `admin:repository:bitbucket`): one
//!   `require_approvals_to_merge` rule on `main` with the largest `approvals_required`
//!   of the repository's PRs, when that is above 0.
//!
//! The removed cross-workspace endpoints (`/2.0/repositories`, `/2.0/workspaces`,
//! `/2.0/user/permissions/workspaces`: 410; `/2.0/pullrequests/{user}`: 404) answer as
//! Bitbucket does now, so a client that calls them fails its tests.

use crate::auth::{self, AuthKind};
use crate::fault;
use crate::prs::FakePr;
use crate::reply::{self, rfc3339};
use crate::state::{self, Shared};
use crate::token::{FakeToken, TokenKind};
use ampel_core::pr::{CheckState, MergeState, PrState, ReviewVote};
use ampel_core::Provider;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

type Params = Query<Vec<(String, String)>>;

/// The pull-request routes under `/bitbucket`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/2.0/user/permissions/workspaces", get(gone))
        .route("/2.0/user/permissions/repositories", get(gone))
        .route("/2.0/workspaces", get(gone))
        .route("/2.0/repositories", get(gone))
        .route("/2.0/pullrequests/{user}", get(removed))
        .route("/2.0/workspaces/{ws}/pullrequests/{user}", get(authored))
        .route("/2.0/repositories/{ws}/{slug}/pullrequests", get(repo_prs))
        .route("/2.0/repositories/{ws}/{slug}/pullrequests/{id}", get(one))
        .route(
            "/2.0/repositories/{ws}/{slug}/pullrequests/{id}/statuses",
            get(statuses),
        )
        .route(
            "/2.0/repositories/{ws}/{slug}/pullrequests/{id}/diffstat",
            get(diffstat),
        )
        .route(
            "/2.0/repositories/{ws}/{slug}/branch-restrictions",
            get(restrictions),
        )
        .route("/2.0/repositories/{ws}/{slug}/commit/{commit}", get(commit))
}

/// `GET /2.0/repositories/{ws}/{slug}/commit/{commit}`: an open PR's source commit
/// (`hash`, `date` = when the PR was last pushed, `message`); 404 for any other.
async fn commit(
    State(state): State<Shared>,
    Path((ws, slug, hash)): PrPath,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let (prs, _) = bitbucket_prs(&state);
    let repo = format!("{ws}/{slug}");
    let Some(pr) = prs
        .iter()
        .find(|p| p.repo == repo && source_hash(p) == hash)
    else {
        return fault::error(
            Provider::Bitbucket,
            StatusCode::NOT_FOUND,
            &format!("Commit not found: {hash}"),
        );
    };
    let body = json!({
        "type": "commit",
        "hash": hash,
        "date": rfc3339(pr.updated_at),
        "message": format!("{}\n", pr.title),
        "repository": {"type": "repository", "full_name": repo},
        "links": {"html": {"href": format!("https://bitbucket.org/{repo}/commits/{hash}")}},
    });
    reply::json(StatusCode::OK, body, &[])
}

async fn gone() -> Response {
    fault::error(
        Provider::Bitbucket,
        StatusCode::GONE,
        "This API has been removed (CHANGE-2770). Use /2.0/user/workspaces and \
         /2.0/repositories/{workspace}?role=member instead.",
    )
}

async fn removed() -> Response {
    fault::error(
        Provider::Bitbucket,
        StatusCode::NOT_FOUND,
        "Resource not found",
    )
}

/// The token behind a PR read, or the 401 / 403 Bitbucket answers.
pub(super) fn authorise(state: &Shared, headers: &HeaderMap) -> Result<FakeToken, Box<Response>> {
    let p = auth::presented(headers);
    let token = p
        .secret
        .as_deref()
        .and_then(|v| state::find_token(state, Provider::Bitbucket, v))
        .filter(|t| !t.is_expired() && !t.revoked);
    let ok = match (&token, p.kind) {
        (Some(t), AuthKind::Basic) => match &t.kind {
            TokenKind::BitbucketApiToken { email } => p
                .username
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(email)),
            _ => false,
        },
        (Some(t), AuthKind::Bearer) => matches!(t.kind, TokenKind::BitbucketAccessToken { .. }),
        _ => false,
    };
    let Some(t) = token.filter(|_| ok) else {
        return Err(Box::new(fault::error(
            Provider::Bitbucket,
            StatusCode::UNAUTHORIZED,
            "Token is invalid, expired, or not supported for this endpoint.",
        )));
    };
    if !t.has_any_scope(&["read:pullrequest:bitbucket", "pullrequest"]) {
        return Err(Box::new(reply::json(
            StatusCode::FORBIDDEN,
            json!({"type": "error", "error": {
                "message": "Your credentials lack one or more required privilege scopes.",
                "detail": {"granted": t.scopes, "required": ["read:pullrequest:bitbucket"]},
            }}),
            &[],
        )));
    }
    Ok(t)
}

/// A stable fake hex string (FNV-1a, repeated) for commit hashes and uuids.
pub(super) fn hex(seed: &str, len: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}").repeat(len / 16 + 1)[..len].to_string()
}

/// The uuid of `login`: the token user's (as `/2.0/user` shows it) when a Bitbucket
/// token belongs to that login, else one derived from the name.
fn uuid_of(tokens: &[FakeToken], login: &str) -> String {
    match tokens
        .iter()
        .find(|t| t.provider == Provider::Bitbucket && t.user.login.eq_ignore_ascii_case(login))
    {
        Some(t) => format!("{{d3b5f1a2-7c4e-4e1b-9a0f-{:012x}}}", t.user.id),
        None => {
            let h = hex(login, 32);
            format!(
                "{{{}-{}-{}-{}-{}}}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            )
        }
    }
}

fn account_id_of(uuid: &str) -> String {
    format!("557058:{}", uuid.trim_matches(['{', '}']))
}

fn user_json(tokens: &[FakeToken], login: &str) -> Value {
    let uuid = uuid_of(tokens, login);
    json!({
        "type": "user",
        "display_name": login,
        "nickname": login,
        "uuid": uuid,
        "account_id": account_id_of(&uuid),
        "links": {"html": {"href": format!("https://bitbucket.org/{uuid}/")}},
    })
}

/// True when `who` (a uuid, `{uuid}` or account id from a URL or BBQL) is `login`.
fn is_user(tokens: &[FakeToken], login: &str, who: &str) -> bool {
    let uuid = uuid_of(tokens, login);
    let who = who.trim().trim_matches('"');
    let bare = |s: &str| s.trim_matches(['{', '}']).to_ascii_lowercase();
    bare(who) == bare(&uuid) || who == account_id_of(&uuid)
}

fn vote_json(vote: ReviewVote) -> (bool, Value) {
    match vote {
        ReviewVote::Approved => (true, json!("approved")),
        ReviewVote::ChangesRequested => (false, json!("changes_requested")),
        _ => (false, Value::Null),
    }
}

/// Reviewers: the requested ones and everyone who approved or requested changes
/// (Bitbucket keeps a reviewer after their vote). Participants: each reviewer
/// (`REVIEWER`) and each other commenter (`PARTICIPANT`, as Bitbucket adds whoever
/// comments) once, with their latest approve / request-changes state (a comment
/// does not clear it) and `participated_on` = their latest review's time.
fn people(tokens: &[FakeToken], pr: &FakePr) -> (Vec<Value>, Vec<Value>) {
    let mut names: Vec<&str> = pr.requested_reviewers.iter().map(String::as_str).collect();
    for (who, vote) in pr.votes() {
        if vote != ReviewVote::Commented && !names.iter().any(|n| n.eq_ignore_ascii_case(who)) {
            names.push(who);
        }
    }
    let reviewers = names.iter().map(|n| user_json(tokens, n)).collect();
    let mut everyone: Vec<(&str, &str)> = names.iter().map(|n| (*n, "REVIEWER")).collect();
    for (who, _) in pr.votes() {
        if !everyone.iter().any(|(n, _)| n.eq_ignore_ascii_case(who)) {
            everyone.push((who, "PARTICIPANT"));
        }
    }
    let participants = everyone
        .iter()
        .map(|(n, role)| {
            let last = pr
                .votes()
                .rev()
                .find(|(w, v)| w.eq_ignore_ascii_case(n) && *v != ReviewVote::Commented)
                .map(|(_, v)| v)
                .unwrap_or(ReviewVote::NoOpinion);
            let (approved, state) = vote_json(last);
            let on = pr
                .reviews
                .iter()
                .rev()
                .find(|r| r.by.eq_ignore_ascii_case(n) && r.vote != ReviewVote::NoOpinion)
                .map_or(Value::Null, |r| json!(rfc3339(r.at)));
            json!({
                "type": "participant",
                "user": user_json(tokens, n),
                "role": role,
                "approved": approved,
                "state": state,
                "participated_on": on,
            })
        })
        .collect();
    (reviewers, participants)
}

fn state_text(s: PrState) -> &'static str {
    match s {
        PrState::Open => "OPEN",
        PrState::Merged => "MERGED",
        PrState::Closed => "DECLINED",
        PrState::Unknown => "SUPERSEDED",
    }
}

/// The source commit: changes whenever the PR changes (a push, a rebase).
pub(super) fn source_hash(pr: &FakePr) -> String {
    hex(
        &format!(
            "{}#{}@{}",
            pr.repo,
            pr.number,
            pr.updated_at.unix_timestamp_nanos()
        ),
        40,
    )
}

/// What to include beyond the list representation.
#[derive(Clone, Copy)]
struct Detail {
    participants: bool,
    reviewers: bool,
}

const FULL: Detail = Detail {
    participants: true,
    reviewers: true,
};

fn pr_json(tokens: &[FakeToken], pr: &FakePr, detail: Detail) -> Value {
    let web = format!("https://bitbucket.org/{}", pr.repo);
    let api = format!(
        "https://api.bitbucket.org/2.0/repositories/{}/pullrequests/{}",
        pr.repo, pr.number
    );
    let mut v = json!({
        "type": "pullrequest",
        "id": pr.number,
        "title": pr.title,
        "description": "",
        "state": state_text(pr.state),
        "draft": pr.draft,
        "author": user_json(tokens, &pr.author),
        "source": {
            "branch": {"name": format!("feature/{}", pr.number)},
            "commit": {"type": "commit", "hash": source_hash(pr)},
            "repository": {"type": "repository", "full_name": pr.repo},
        },
        "destination": {
            "branch": {"name": "main"},
            "commit": {"type": "commit", "hash": hex(&format!("{}@main", pr.repo), 40)},
            "repository": {"type": "repository", "full_name": pr.repo},
        },
        "comment_count": 0,
        "task_count": 0,
        "close_source_branch": true,
        "created_on": rfc3339(pr.created_at),
        "updated_on": rfc3339(pr.updated_at),
        "links": {
            "self": {"href": api},
            "html": {"href": pr.sent_url.clone().unwrap_or_else(|| format!("{web}/pull-requests/{}", pr.number))},
            "statuses": {"href": format!("{api}/statuses")},
            "diffstat": {"href": format!("{api}/diffstat")},
        },
        "summary": {"raw": "", "markup": "markdown", "html": ""},
    });
    let (reviewers, participants) = people(tokens, pr);
    if detail.reviewers {
        v["reviewers"] = json!(reviewers);
    }
    if detail.participants {
        v["participants"] = json!(participants);
    }
    v
}

fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// `page` (1-based) and `pagelen` (default 10, at most `max`).
fn paging(q: &[(String, String)], max: usize) -> (usize, usize) {
    let num = |n: &str| param(q, n).and_then(|v| v.parse::<usize>().ok());
    let page = num("page").unwrap_or(1).max(1);
    let pagelen = num("pagelen").unwrap_or(10).clamp(1, max);
    (page, pagelen)
}

/// A Bitbucket page with an absolute `next` URL built from the request.
pub(super) fn page_of(
    items: Vec<Value>,
    q: &[(String, String)],
    max: usize,
    uri: &OriginalUri,
    headers: &HeaderMap,
) -> Response {
    let (page, pagelen) = paging(q, max);
    let size = items.len();
    let values: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * pagelen)
        .take(pagelen)
        .collect();
    let mut body = json!({"pagelen": pagelen, "size": size, "page": page, "values": values});
    if page * pagelen < size {
        let host = headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let mut pairs: Vec<(String, String)> =
            q.iter().filter(|(k, _)| k != "page").cloned().collect();
        pairs.push(("page".into(), (page + 1).to_string()));
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        body["next"] = json!(format!("http://{host}{}?{query}", uri.0.path()));
    }
    reply::json(StatusCode::OK, body, &[])
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

fn bitbucket_prs(state: &Shared) -> (Vec<FakePr>, Vec<FakeToken>) {
    state::with(state, |s| {
        let prs = s
            .prs
            .iter()
            .filter(|p| p.provider == Provider::Bitbucket)
            .cloned()
            .collect();
        (prs, s.tokens.clone())
    })
}

fn workspace_of(repo: &str) -> &str {
    repo.split('/').next().unwrap_or(repo)
}

/// Which open PRs a pull-request list's `state` / `q` select.
struct Filter {
    open_only: bool,
    author: Vec<String>,
    reviewer: Vec<String>,
}

impl Filter {
    /// Reads `state=` and the BBQL shapes the client sends: `state="OPEN"` and
    /// `author.uuid="…"` / `reviewers.uuid="…"` clauses, which are OR-ed together.
    fn parse(q: &[(String, String)]) -> Self {
        let query = param(q, "q").unwrap_or_default();
        let mut f = Filter {
            open_only: param(q, "state").is_none_or(|s| s.eq_ignore_ascii_case("open")),
            author: Vec::new(),
            reviewer: Vec::new(),
        };
        for (field, value) in clauses(query) {
            match field.as_str() {
                "state" => f.open_only = value.eq_ignore_ascii_case("open"),
                "author.uuid" | "author.account_id" => f.author.push(value),
                "reviewers.uuid" | "reviewers.account_id" => f.reviewer.push(value),
                _ => {}
            }
        }
        f
    }

    fn accepts(&self, tokens: &[FakeToken], pr: &FakePr) -> bool {
        if self.open_only && pr.state != PrState::Open {
            return false;
        }
        if self.author.is_empty() && self.reviewer.is_empty() {
            return true;
        }
        // `reviewers` holds the requested and those who voted, not commenters.
        let reviewers: Vec<&String> = pr
            .requested_reviewers
            .iter()
            .chain(
                pr.reviews
                    .iter()
                    .filter(|r| r.vote != ReviewVote::Commented)
                    .map(|r| &r.by),
            )
            .collect();
        self.author.iter().any(|a| is_user(tokens, &pr.author, a))
            || self
                .reviewer
                .iter()
                .any(|r| reviewers.iter().any(|login| is_user(tokens, login, r)))
    }
}

/// `field = "value"` pairs of a BBQL expression.
fn clauses(q: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = q;
    while let Some(eq) = rest.find('=') {
        let field = rest[..eq]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("")
            .to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(body) = after.strip_prefix('"') else {
            rest = after;
            continue;
        };
        let end = body.find('"').unwrap_or(body.len());
        out.push((field, body[..end].to_string()));
        rest = body.get(end + 1..).unwrap_or("");
    }
    out
}

fn detail_from(q: &[(String, String)]) -> Detail {
    let fields = param(q, "fields").unwrap_or_default();
    let wants = |f: &str| {
        fields
            .split(',')
            .any(|x| x.trim().trim_start_matches('+') == f)
    };
    Detail {
        participants: wants("values.participants"),
        reviewers: wants("values.reviewers"),
    }
}

async fn repo_prs(
    State(state): State<Shared>,
    Path((ws, slug)): Path<(String, String)>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let (prs, tokens) = bitbucket_prs(&state);
    let repo = format!("{ws}/{slug}");
    let filter = Filter::parse(&q);
    let detail = detail_from(&q);
    let items = prs
        .iter()
        .filter(|p| p.repo == repo && filter.accepts(&tokens, p))
        .map(|p| pr_json(&tokens, p, detail))
        .collect();
    page_of(items, &q, 50, &uri, &headers)
}

async fn authored(
    State(state): State<Shared>,
    Path((ws, user)): Path<(String, String)>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let (prs, tokens) = bitbucket_prs(&state);
    let detail = detail_from(&q);
    let items = prs
        .iter()
        .filter(|p| workspace_of(&p.repo) == ws && p.state == PrState::Open)
        .filter(|p| is_user(&tokens, &p.author, &user))
        .map(|p| pr_json(&tokens, p, detail))
        .collect();
    page_of(items, &q, 50, &uri, &headers)
}

fn find(prs: &[FakePr], ws: &str, slug: &str, id: &str) -> Option<FakePr> {
    let repo = format!("{ws}/{slug}");
    let n: u64 = id.parse().ok()?;
    prs.iter()
        .find(|p| p.repo == repo && p.number == n)
        .cloned()
}

type PrPath = Path<(String, String, String)>;

async fn one(
    State(state): State<Shared>,
    Path((ws, slug, id)): PrPath,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let (prs, tokens) = bitbucket_prs(&state);
    match find(&prs, &ws, &slug, &id) {
        Some(pr) => reply::json(StatusCode::OK, pr_json(&tokens, &pr, FULL), &[]),
        None => removed().await,
    }
}

fn status_text(s: CheckState) -> &'static str {
    match s {
        CheckState::Success => "SUCCESSFUL",
        CheckState::Pending | CheckState::Running | CheckState::Manual => "INPROGRESS",
        CheckState::Cancelled | CheckState::Skipped | CheckState::Neutral | CheckState::Stale => {
            "STOPPED"
        }
        // Stands for a state newer than Ampel's table.
        CheckState::Unknown => "UNKNOWN_TO_AMPEL",
        _ => "FAILED",
    }
}

async fn statuses(
    State(state): State<Shared>,
    Path((ws, slug, id)): PrPath,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let (prs, _) = bitbucket_prs(&state);
    let Some(pr) = find(&prs, &ws, &slug, &id) else {
        return removed().await;
    };
    let items = pr
        .checks
        .iter()
        .map(|(name, st)| {
            json!({
                "type": "build",
                "key": name.to_ascii_uppercase(),
                "name": name,
                "state": status_text(*st),
                "url": pr.sent_check_url.clone().unwrap_or_else(|| format!("https://ci.example.com/{}/{}", pr.repo, name)),
                "description": "",
                "commit": {"type": "commit", "hash": source_hash(&pr)},
                "created_on": rfc3339(pr.created_at),
                "updated_on": rfc3339(pr.updated_at),
            })
        })
        .collect();
    page_of(items, &q, 100, &uri, &headers)
}

async fn diffstat(
    State(state): State<Shared>,
    Path((ws, slug, id)): PrPath,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let (prs, _) = bitbucket_prs(&state);
    let Some(pr) = find(&prs, &ws, &slug, &id) else {
        return removed().await;
    };
    let file = |path: &str, status: &str| {
        json!({"type": "diffstat", "status": status, "lines_added": 3, "lines_removed": 1,
               "old": {"path": path, "type": "commit_file"},
               "new": {"path": path, "type": "commit_file"}})
    };
    let mut items = vec![file("README.md", "modified")];
    if pr.merge == MergeState::Conflict {
        items.push(file("Cargo.lock", "merge conflict"));
    }
    page_of(items, &q, 500, &uri, &headers)
}

async fn restrictions(
    State(state): State<Shared>,
    Path((ws, slug)): Path<(String, String)>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    let t = match authorise(&state, &headers) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    if !t.has_any_scope(&["admin:repository:bitbucket", "repository:admin"]) {
        return reply::json(
            StatusCode::FORBIDDEN,
            json!({"type": "error", "error": {
                "message": "Your credentials lack one or more required privilege scopes.",
                "detail": {"granted": t.scopes, "required": ["admin:repository:bitbucket"]},
            }}),
            &[],
        );
    }
    let (prs, _) = bitbucket_prs(&state);
    let repo = format!("{ws}/{slug}");
    let required = prs
        .iter()
        .filter(|p| p.repo == repo)
        .map(|p| p.approvals_required)
        .max()
        .unwrap_or(0);
    let mut items = Vec::new();
    if required > 0 {
        items.push(json!({
            "type": "branchrestriction",
            "id": 1,
            "kind": "require_approvals_to_merge",
            "branch_match_kind": "glob",
            "pattern": "main",
            "value": required,
            "users": [],
            "groups": [],
            "links": {"self": {"href": format!(
                "https://api.bitbucket.org/2.0/repositories/{repo}/branch-restrictions/1")}},
        }));
    }
    let wanted = |field: &str, v: &Value| param(&q, field).is_none_or(|w| v[field] == json!(w));
    let items = items
        .into_iter()
        .filter(|v| wanted("kind", v) && wanted("pattern", v))
        .collect();
    page_of(items, &q, 100, &uri, &headers)
}
