//! `ampel-cli pr approve|request-changes|comment|merge` over real HTTP against the
//! fake forge on every forge: after `sync` (which records each PR's head), each
//! action and each refusal, with its exit status, its words and no token.

mod common;

use ampel_core::pr::{MergeState, PrState};
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use common::{text, Env};
use std::process::Output;

type R = Result<(), Box<dyn std::error::Error>>;

const REPO: &str = "acme/widgets";
const ME: &str = "mira";
const EMAIL: &str = "mira@example.com";
const ALL: [Provider; 4] = [
    Provider::Github,
    Provider::Gitlab,
    Provider::Bitbucket,
    Provider::Gitea,
];

fn token_value(p: Provider) -> &'static str {
    match p {
        Provider::Github => "ghp_CliActionToken000000000000000000000001",
        Provider::Gitlab => "glpat-CliActionToken00001",
        Provider::Bitbucket => "ATATT3xFfGF0CliActionToken0000000000000001=ABCDEF09",
        Provider::Gitea => "fedcba9876543210fedcba9876543210fedcba98",
    }
}

fn token(p: Provider, write: bool) -> FakeToken {
    let v = token_value(p);
    match p {
        Provider::Github => FakeToken::github_classic(v, ME, &["repo", "read:org", "read:user"]),
        Provider::Gitlab => {
            let scope = if write { "api" } else { "read_api" };
            FakeToken::gitlab_pat(v, ME, &[scope, "read_user"])
        }
        Provider::Bitbucket => {
            let mut scopes = vec![
                "read:user:bitbucket",
                "read:workspace:bitbucket",
                "read:repository:bitbucket",
                "read:pullrequest:bitbucket",
            ];
            if write {
                scopes.push("write:pullrequest:bitbucket");
            }
            FakeToken::bitbucket_api_token(v, EMAIL, ME, &scopes)
        }
        Provider::Gitea => {
            let repo = if write {
                "write:repository"
            } else {
                "read:repository"
            };
            FakeToken::gitea(v, ME, &["read:user", repo, "read:issue"])
        }
    }
}

fn pr(p: Provider) -> FakePr {
    FakePr::new(p, REPO, 7, "Add the widget", "alice").request_review(ME)
}

/// A fake forge with `pr`, an account "acc" for `p` and a first sync done.
async fn ready(
    p: Provider,
    pr: FakePr,
    write: bool,
    env: &Env,
) -> Result<FakeForge, Box<dyn std::error::Error>> {
    let forge = FakeForge::start().await?;
    forge.add_token(token(p, write));
    forge.add_pr(pr);
    let base = forge.base_url(p);
    let mut args = vec![
        "accounts",
        "add",
        "--provider",
        p.as_str(),
        "--name",
        "acc",
        "--base-url",
        &base,
        "--token-stdin",
    ];
    if p == Provider::Bitbucket {
        args.extend(["--username", EMAIL]);
    }
    let add = env.run(&args, token_value(p));
    assert!(add.status.success(), "{p:?} add: {}", text(&add.stderr));
    let sync = env.run(&["sync"], "");
    assert!(
        sync.status.success(),
        "{p:?} sync: {}{}",
        text(&sync.stdout),
        text(&sync.stderr)
    );
    Ok(forge)
}

fn pr_cmd(env: &Env, action: &str, extra: &[&str], stdin: &str) -> Output {
    let mut args = vec!["pr", action, "acc", REPO, "7"];
    args.extend_from_slice(extra);
    env.run(&args, stdin)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_default()
}

fn no_token(p: Provider, out: &Output) {
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !all.contains(token_value(p)),
        "{p:?}: the token leaked: {all}"
    );
}

fn label(p: Provider) -> String {
    let sign = if p == Provider::Gitlab { "!" } else { "#" };
    format!("{REPO}{sign}7")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_comment_and_merge_on_every_forge() -> R {
    for p in ALL {
        let env = Env::new("pr-ok");
        let forge = ready(p, pr(p).approvals_required(1), true, &env).await?;

        let out = pr_cmd(&env, "approve", &["--json"], "");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{p:?} approve: {}",
            text(&out.stderr)
        );
        let v = json(&out);
        assert_eq!(v["message"], format!("approved {}", label(p)));
        assert_eq!(v["open"], true);
        assert!(
            !v["reasons"].to_string().contains("review required"),
            "{p:?}: the approval counts at once: {v}"
        );
        no_token(p, &out);

        let out = pr_cmd(
            &env,
            "comment",
            &["--body-stdin"],
            "Ship it.\n\n**bold** stays as typed\n",
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{p:?} comment: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stdout).starts_with(&format!("commented on {}", label(p))));
        let comments = forge.comments();
        assert_eq!(
            comments.last().map(|c| c.body.as_str()),
            Some("Ship it.\n\n**bold** stays as typed")
        );

        // GitHub's merge cannot delete the branch: asked for, it is refused before
        // anything is sent; without it the merge goes through.
        let delete: &[&str] = if p == Provider::Github {
            let out = pr_cmd(
                &env,
                "merge",
                &["--method", "squash", "--delete-branch"],
                "",
            );
            assert_eq!(
                out.status.code(),
                Some(2),
                "{p:?}: delete-branch is a usage error"
            );
            assert!(
                text(&out.stderr).contains("option_not_offered"),
                "{}",
                text(&out.stderr)
            );
            assert!(forge.merges().is_empty(), "nothing merged");
            &["--method", "squash"]
        } else {
            &["--method", "squash", "--delete-branch"]
        };
        let out = pr_cmd(&env, "merge", delete, "");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{p:?} merge: {}",
            text(&out.stderr)
        );
        let said = text(&out.stdout);
        assert!(
            said.contains(&format!("merged {} by squash", label(p))),
            "{said}"
        );
        assert!(said.contains("it is no longer open"), "{said}");
        assert_eq!(forge.merges().len(), 1);
        assert_eq!(forge.merges()[0].method, "squash");
        // GitHub's merge has no branch deletion; the others delete it.
        let deletes = p != Provider::Github;
        if deletes {
            assert!(forge.merges()[0].delete_branch, "{p:?}");
        }
        let cached = env.run(&["prs", "--json"], "");
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&cached.stdout)?;
        assert!(
            rows.iter().all(|r| r["number"] != 7),
            "{p:?}: merged PR left the cache"
        );

        // It left the cache with the merge: not found (10), nothing sent; never 9.
        let merges = forge.merges().len();
        let again = pr_cmd(&env, "merge", &[], "");
        assert_eq!(
            again.status.code(),
            Some(10),
            "{p:?}: {}",
            text(&again.stderr)
        );
        assert!(
            text(&again.stderr).contains("error[pr_not_cached]"),
            "{}",
            text(&again.stderr)
        );
        assert_eq!(forge.merges().len(), merges, "{p:?}: nothing was sent");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_changes_needs_a_text_and_is_sent() -> R {
    for p in ALL {
        let env = Env::new("pr-rc");
        let forge = ready(p, pr(p), true, &env).await?;
        if p != Provider::Bitbucket {
            let out = pr_cmd(&env, "request-changes", &[], "");
            assert_eq!(out.status.code(), Some(2), "{p:?}: {}", text(&out.stderr));
            assert!(text(&out.stderr).contains("error[empty_body]"));
        }
        let out = pr_cmd(
            &env,
            "request-changes",
            &["--body-stdin"],
            "Please add tests",
        );
        assert_eq!(out.status.code(), Some(0), "{p:?}: {}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with(&format!("requested changes on {}", label(p))));
        if p != Provider::Gitlab {
            assert!(
                text(&out.stdout).contains("RED")
                    && text(&out.stdout).contains("changes requested"),
                "{p:?}: {}",
                text(&out.stdout)
            );
        }
        assert_eq!(
            forge.comments().last().map(|c| c.body.clone()),
            Some("Please add tests".to_string())
        );
        let out = pr_cmd(&env, "comment", &[], "");
        assert_eq!(out.status.code(), Some(2), "a comment without --body-stdin");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_exit_with_their_codes_and_change_nothing() -> R {
    for p in ALL {
        // Head moved since the sync.
        let env = Env::new("pr-head");
        let forge = ready(p, pr(p), true, &env).await?;
        forge.push_commit(p, REPO, 7);
        let out = pr_cmd(&env, "merge", &[], "");
        assert_eq!(out.status.code(), Some(9), "{p:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("error[head_moved]"),
            "{}",
            text(&out.stderr)
        );
        assert!(forge.merges().is_empty());
        assert!(forge.prs().iter().all(|x| x.state == PrState::Open));
        no_token(p, &out);

        // A conflict.
        let env = Env::new("pr-conflict");
        let forge = ready(p, pr(p).merge(MergeState::Conflict), true, &env).await?;
        let out = pr_cmd(&env, "merge", &[], "");
        assert_eq!(out.status.code(), Some(9), "{p:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error[merge_conflict]"));
        assert!(forge.merges().is_empty());

        // Required reviews missing.
        let env = Env::new("pr-blocked");
        let forge = ready(p, pr(p).approvals_required(2), true, &env).await?;
        let out = pr_cmd(&env, "merge", &[], "");
        assert_eq!(out.status.code(), Some(9), "{p:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error[merge_blocked]"));
        assert!(
            text(&out.stderr).contains("required reviews"),
            "{}",
            text(&out.stderr)
        );
        assert!(forge.merges().is_empty());

        // A method the repository does not allow.
        let env = Env::new("pr-method");
        let forge = ready(p, pr(p), true, &env).await?;
        forge.allow_merge_methods(p, REPO, &["merge"]);
        let out = pr_cmd(&env, "merge", &["--method", "squash"], "");
        assert_eq!(out.status.code(), Some(9), "{p:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error[method_not_allowed]"));
        assert!(forge.merges().is_empty());

        // An unknown PR.
        let out = env.run(&["pr", "approve", "acc", REPO, "99"], "");
        assert_eq!(out.status.code(), Some(10), "{p:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error[pr_not_cached]"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_token_is_refused_before_any_write_naming_the_scope() -> R {
    // GitHub classic tokens that can read can write (`repo`), so it is not here.
    for p in [Provider::Gitlab, Provider::Bitbucket] {
        let env = Env::new("pr-ro");
        let forge = ready(p, pr(p), false, &env).await?;
        forge.clear_requests();
        let want = if p == Provider::Gitlab {
            "api"
        } else {
            "write:pullrequest:bitbucket"
        };
        for action in ["approve", "merge"] {
            let out = pr_cmd(&env, action, &[], "");
            assert_eq!(out.status.code(), Some(7), "{p:?}: {}", text(&out.stderr));
            let err = text(&out.stderr);
            assert!(err.contains("error[missing_write_scope]"), "{err}");
            assert!(err.contains(&format!("add {want} to this token")), "{err}");
            no_token(p, &out);
        }
        assert!(forge.requests().is_empty(), "{p:?}: nothing was sent");
    }
    // Gitea does not report scopes: the forge's 403 names the scope.
    let p = Provider::Gitea;
    let env = Env::new("pr-ro-gitea");
    let forge = ready(p, pr(p), false, &env).await?;
    let out = pr_cmd(&env, "approve", &[], "");
    assert_eq!(out.status.code(), Some(7), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("add write:repository to this token"));
    assert!(forge.comments().is_empty());
    Ok(())
}
