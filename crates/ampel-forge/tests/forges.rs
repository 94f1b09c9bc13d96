//! Each forge × each outcome over real HTTP against ampel-fakeforge.

mod support;

use ampel_core::Provider;
use ampel_fakeforge::{AuthKind, FakeToken, Fault};
use ampel_forge::{ForgeError, TokenKind, Unreachable};
use std::time::Duration;
use support::*;
use time::{Duration as Span, OffsetDateTime};

fn in_days(d: i64) -> OffsetDateTime {
    OffsetDateTime::now_utc() + Span::days(d)
}

// ---------- GitHub ----------

#[tokio::test]
async fn github_classic_token_reports_owner_scopes_expiry_and_budget() {
    let ff = forge().await;
    let exp = in_days(12).replace_nanosecond(0).unwrap_or(in_days(12));
    ff.add_token(
        FakeToken::github_classic(GH_CLASSIC, "octocat", &["repo", "read:org", "read:user"])
            .expires_at(exp),
    );
    let v = ok(validator()
        .validate(&spec(&ff, Provider::Github), &secret(GH_CLASSIC))
        .await);
    let id = v.identity.clone().unwrap_or_else(|| panic!("no identity"));
    assert_eq!(id.login, "octocat");
    assert_eq!(id.name.as_deref(), Some("Octocat Example"));
    assert!(id.avatar_url.is_some());
    assert_eq!(id.email.as_deref(), Some("octocat@example.com"));
    assert_eq!(v.token_kind, TokenKind::GithubClassic);
    assert_eq!(
        v.scopes,
        Some(vec!["repo".into(), "read:org".into(), "read:user".into()])
    );
    assert_eq!(v.expires_at, Some(exp));
    // Whole days left, counted from any instant: 11 days 23 h before is 11.
    assert_eq!(v.expires_in_days(exp - Span::hours(11 * 24 + 23)), Some(11));
    assert_eq!(v.expires_in_days(exp - Span::days(12)), Some(12));
    assert!(v.missing_read.is_empty() && v.missing_write.is_empty());
    assert_eq!(v.rate_limit.as_ref().and_then(|r| r.remaining), Some(4999));
    assert_eq!(
        v.server_version.as_deref(),
        Some("enterprise-server@3.17.2")
    );
    assert_eq!(
        v.api_url,
        format!("{}/api/v3", ff.base_url(Provider::Github))
    );
    let log = ff.requests();
    assert_eq!(log.len(), 1, "one call: {log:?}");
    assert_eq!(log[0].path, "/github/api/v3/user");
    assert_eq!(log[0].auth, AuthKind::Bearer);
    assert_eq!(log[0].api_version.as_deref(), Some("2022-11-28"));
    assert!(log[0]
        .user_agent
        .as_deref()
        .is_some_and(|ua| ua.starts_with("Ampel-Desktop/")));
}

#[tokio::test]
async fn github_fine_grained_token_has_unknown_scopes_and_offset_expiry() {
    let ff = forge().await;
    let exp = in_days(30).replace_nanosecond(0).unwrap_or(in_days(30));
    ff.add_token(FakeToken::github_fine_grained(GH_FINE, "octocat").expires_at(exp));
    let v = ok(validator()
        .validate(&spec(&ff, Provider::Github), &secret(GH_FINE))
        .await);
    assert_eq!(v.token_kind, TokenKind::GithubFineGrained);
    assert_eq!(v.scopes, None, "unknown, not none");
    assert!(v.checklist.iter().all(|c| c.granted.is_none()));
    assert!(v.missing_read.is_empty());
    assert_eq!(v.expires_at, Some(exp), "the +0200 form is parsed");
    assert!(!v.notes.is_empty());
}

#[tokio::test]
async fn github_classic_without_repo_is_insufficient_scope_with_identity() {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(
        GH_CLASSIC,
        "octocat",
        &["read:user"],
    ));
    let e = err(validator()
        .validate(&spec(&ff, Provider::Github), &secret(GH_CLASSIC))
        .await);
    let ForgeError::InsufficientScope {
        missing,
        settings_url,
        validation,
        ..
    } = &e
    else {
        panic!("expected insufficient_scope, got {e:?}");
    };
    assert_eq!(missing, &vec!["repo".to_string()]);
    assert!(settings_url.ends_with("/settings/tokens"));
    let v = validation
        .as_ref()
        .unwrap_or_else(|| panic!("no validation"));
    assert_eq!(
        v.identity.as_ref().map(|i| i.login.as_str()),
        Some("octocat")
    );
    assert!(e.to_string().contains("repo"));
}

#[tokio::test]
async fn github_classic_without_read_org_works_but_lists_it() {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, "octocat", &["repo"]));
    let v = ok(validator()
        .validate(&spec(&ff, Provider::Github), &secret(GH_CLASSIC))
        .await);
    assert_eq!(
        v.missing_read,
        vec!["read:user".to_string(), "read:org".to_string()]
    );
    assert!(v.missing_write.is_empty());
}

#[tokio::test]
async fn github_unknown_token_is_invalid_and_expired_one_is_expired_when_known() {
    let ff = forge().await;
    ff.add_token(
        FakeToken::github_classic(GH_CLASSIC, "octocat", &["repo"]).expires_at(in_days(-2)),
    );
    let v = validator();
    let mut s = spec(&ff, Provider::Github);
    assert_eq!(
        code(&v.validate(&s, &secret(GH_CLASSIC)).await),
        "invalid_token"
    );
    s.last_known_expiry = Some(in_days(-2));
    assert_eq!(
        code(&v.validate(&s, &secret(GH_CLASSIC)).await),
        "token_expired"
    );
}

#[tokio::test]
async fn github_sso_and_primary_rate_limit_and_app_token() {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, "octocat", &["repo"]));
    let v = validator();
    let s = spec(&ff, Provider::Github);
    ff.set_fault(Provider::Github, Fault::SsoRequired);
    match v.validate(&s, &secret(GH_CLASSIC)).await {
        Err(ForgeError::SsoRequired { authorize_url }) => {
            assert!(authorize_url.is_some_and(|u| u.starts_with("https://github.com/orgs/acme/sso")))
        }
        other => panic!("expected sso_required, got {other:?}"),
    }
    ff.clear_faults();
    ff.set_fault(
        Provider::Github,
        Fault::RateLimitExhausted { reset_in_secs: 120 },
    );
    match v.validate(&s, &secret(GH_CLASSIC)).await {
        Err(ForgeError::RateLimited { reset_at, .. }) => {
            let secs = reset_at.map(|t| (t - OffsetDateTime::now_utc()).whole_seconds());
            assert!(secs.is_some_and(|s| (100..=121).contains(&s)), "{secs:?}");
        }
        other => panic!("expected rate_limited, got {other:?}"),
    }
    ff.clear_faults();
    let app = "ghs_TestAppInstallationToken000000000001";
    ff.add_token(FakeToken::github_app_installation(app));
    assert_eq!(code(&v.validate(&s, &secret(app)).await), "forbidden");
}

// ---------- GitLab ----------

#[tokio::test]
async fn gitlab_pat_is_checked_with_two_parallel_calls() {
    let ff = forge().await;
    let in_40 = in_days(40);
    ff.add_token(
        FakeToken::gitlab_pat(GL_PAT, "tanuki", &["read_api", "read_user"]).expires_at(in_40),
    );
    let v = ok(validator()
        .validate(&spec(&ff, Provider::Gitlab), &secret(GL_PAT))
        .await);
    assert_eq!(
        v.identity.as_ref().map(|i| i.login.as_str()),
        Some("tanuki")
    );
    assert_eq!(v.token_kind, TokenKind::GitlabPersonal);
    assert_eq!(v.scopes, Some(vec!["read_api".into(), "read_user".into()]));
    assert_eq!(v.missing_write, vec!["api".to_string()]);
    let exp = v.expires_at.unwrap_or_else(|| panic!("no expiry"));
    assert_eq!(exp.date(), in_40.date());
    assert_eq!((exp.hour(), exp.minute()), (0, 0), "midnight UTC");
    assert_eq!(v.rate_limit.as_ref().and_then(|r| r.limit), Some(2000));
    let mut paths: Vec<String> = ff.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "/gitlab/api/v4/personal_access_tokens/self",
            "/gitlab/api/v4/user"
        ]
    );
    assert!(ff.requests().iter().all(|r| r.auth == AuthKind::Bearer));
}

#[tokio::test]
async fn gitlab_oauth_token_gets_400_from_self_and_unknown_scopes() {
    let ff = forge().await;
    ff.add_token(FakeToken::gitlab_oauth(GL_PAT, "tanuki", &["api"]));
    let v = ok(validator()
        .validate(&spec(&ff, Provider::Gitlab), &secret(GL_PAT))
        .await);
    assert_eq!(v.token_kind, TokenKind::GitlabOther);
    assert_eq!(v.scopes, None);
    assert!(v.notes.iter().any(|n| n.contains("not a personal")));
}

#[tokio::test]
async fn gitlab_scope_failures_name_read_api() {
    let ff = forge().await;
    let v = validator();
    let s = spec(&ff, Provider::Gitlab);
    // /user refused (403 insufficient_scope), scopes still read from /self.
    ff.add_token(FakeToken::gitlab_pat(
        GL_PAT,
        "tanuki",
        &["read_repository"],
    ));
    match v.validate(&s, &secret(GL_PAT)).await {
        Err(ForgeError::InsufficientScope {
            missing,
            validation,
            settings_url,
            ..
        }) => {
            assert_eq!(missing, vec!["read_api".to_string()]);
            assert_eq!(
                validation.and_then(|v| v.scopes),
                Some(vec!["read_repository".to_string()])
            );
            assert!(settings_url.ends_with("/-/user_settings/personal_access_tokens"));
        }
        other => panic!("expected insufficient_scope, got {other:?}"),
    }
    // /user allowed with read_user, but merge requests need read_api.
    ff.add_token(FakeToken::gitlab_pat(GL_PAT, "tanuki", &["read_user"]));
    match v.validate(&s, &secret(GL_PAT)).await {
        Err(ForgeError::InsufficientScope { missing, .. }) => {
            assert_eq!(missing, vec!["read_api".to_string()])
        }
        other => panic!("expected insufficient_scope, got {other:?}"),
    }
}

#[tokio::test]
async fn gitlab_says_expired_and_revoked() {
    let ff = forge().await;
    let v = validator();
    let s = spec(&ff, Provider::Gitlab);
    ff.add_token(FakeToken::gitlab_pat(GL_PAT, "tanuki", &["api"]).expires_at(in_days(-1)));
    assert_eq!(
        code(&v.validate(&s, &secret(GL_PAT)).await),
        "token_expired"
    );
    ff.add_token(FakeToken::gitlab_pat(GL_PAT, "tanuki", &["api"]).revoked());
    let e = err(v.validate(&s, &secret(GL_PAT)).await);
    assert_eq!(e.code(), "invalid_token");
    assert!(e.to_string().contains("revoked"));
    assert_eq!(
        code(&v.validate(&s, &secret("glpat-NotRegistered00000")).await),
        "invalid_token"
    );
}

// ---------- Bitbucket ----------

const BB_READ: [&str; 4] = [
    "read:user:bitbucket",
    "read:workspace:bitbucket",
    "read:repository:bitbucket",
    "read:pullrequest:bitbucket",
];

#[tokio::test]
async fn bitbucket_api_token_uses_basic_with_email() {
    let ff = forge().await;
    ff.add_token(FakeToken::bitbucket_api_token(
        BB_API, BB_EMAIL, "bbdev", &BB_READ,
    ));
    let v = ok(validator()
        .validate(&spec(&ff, Provider::Bitbucket), &secret(BB_API))
        .await);
    let id = v.identity.clone().unwrap_or_else(|| panic!("no identity"));
    assert_eq!(id.login, "bbdev");
    assert_eq!(id.email.as_deref(), Some(BB_EMAIL));
    assert!(id.id.is_some_and(|u| u.starts_with('{')));
    assert_eq!(v.token_kind, TokenKind::BitbucketApiToken);
    assert_eq!(
        v.missing_write,
        vec!["write:pullrequest:bitbucket".to_string()]
    );
    let log = ff.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].path, "/bitbucket/2.0/user");
    assert_eq!(log[0].auth, AuthKind::Basic);
}

#[tokio::test]
async fn bitbucket_api_token_problems() {
    let ff = forge().await;
    let v = validator();
    // No email: refused before any call.
    let no_user = ampel_forge::AccountSpec::new(Provider::Bitbucket)
        .with_base_url(ff.base_url(Provider::Bitbucket));
    assert_eq!(
        code(&v.validate(&no_user, &secret(BB_API)).await),
        "missing_username"
    );
    assert!(ff.requests().is_empty());
    // Wrong email.
    ff.add_token(FakeToken::bitbucket_api_token(
        BB_API, BB_EMAIL, "bbdev", &BB_READ,
    ));
    let wrong = no_user.clone().with_username("other@example.com");
    assert_eq!(
        code(&v.validate(&wrong, &secret(BB_API)).await),
        "invalid_token"
    );
    // Missing read:user → 403 naming it.
    ff.add_token(FakeToken::bitbucket_api_token(
        BB_API,
        BB_EMAIL,
        "bbdev",
        &BB_READ[1..],
    ));
    match v
        .validate(&spec(&ff, Provider::Bitbucket), &secret(BB_API))
        .await
    {
        Err(ForgeError::InsufficientScope {
            missing,
            settings_url,
            ..
        }) => {
            assert_eq!(missing, vec!["read:user:bitbucket".to_string()]);
            assert!(settings_url.starts_with("https://id.atlassian.com/"));
        }
        other => panic!("expected insufficient_scope, got {other:?}"),
    }
    // Missing read:pullrequest → /user works, the checklist fails.
    ff.add_token(FakeToken::bitbucket_api_token(
        BB_API,
        BB_EMAIL,
        "bbdev",
        &BB_READ[..3],
    ));
    match v
        .validate(&spec(&ff, Provider::Bitbucket), &secret(BB_API))
        .await
    {
        Err(ForgeError::InsufficientScope { missing, .. }) => {
            assert_eq!(missing, vec!["read:pullrequest:bitbucket".to_string()])
        }
        other => panic!("expected insufficient_scope, got {other:?}"),
    }
    // Expired (Bitbucket does not say why): token_expired when the expiry is known.
    ff.add_token(
        FakeToken::bitbucket_api_token(BB_API, BB_EMAIL, "bbdev", &BB_READ).expires_at(in_days(-3)),
    );
    let mut s = spec(&ff, Provider::Bitbucket);
    assert_eq!(
        code(&v.validate(&s, &secret(BB_API)).await),
        "invalid_token"
    );
    s.last_known_expiry = Some(in_days(-3));
    assert_eq!(
        code(&v.validate(&s, &secret(BB_API)).await),
        "token_expired"
    );
}

#[tokio::test]
async fn bitbucket_access_token_uses_bearer_and_reads_headers_from_403() {
    let ff = forge().await;
    ff.add_token(FakeToken::bitbucket_access_token(
        BB_ACCESS,
        "repo_access_token",
        &["pullrequest", "repository"],
    ));
    let s = ampel_forge::AccountSpec::new(Provider::Bitbucket)
        .with_base_url(ff.base_url(Provider::Bitbucket));
    let v = ok(validator().validate(&s, &secret(BB_ACCESS)).await);
    assert_eq!(v.token_kind, TokenKind::BitbucketRepositoryAccessToken);
    assert_eq!(v.identity, None);
    assert_eq!(
        v.scopes,
        Some(vec!["pullrequest".into(), "repository".into()])
    );
    assert_eq!(v.missing_write, vec!["pullrequest:write".to_string()]);
    assert_eq!(ff.requests()[0].auth, AuthKind::Bearer);
}

#[tokio::test]
async fn bitbucket_app_passwords_are_explained() {
    let ff = forge().await;
    let app_password = "ATBBTestAppPassword000000000001";
    ff.add_token(FakeToken::bitbucket_app_password(app_password, "bbdev"));
    let v = validator();
    let base = ff.base_url(Provider::Bitbucket);
    let legacy = ampel_forge::AccountSpec::new(Provider::Bitbucket)
        .with_base_url(base.clone())
        .with_username("bbdev");
    let e = err(v.validate(&legacy, &secret(app_password)).await);
    assert_eq!(e.code(), "bitbucket_app_password_removed");
    assert!(e.to_string().contains("API token"));
    // An ATBB value without a username fails the same way.
    let bare = ampel_forge::AccountSpec::new(Provider::Bitbucket).with_base_url(base);
    assert_eq!(
        code(&v.validate(&bare, &secret(app_password)).await),
        "bitbucket_app_password_removed"
    );
}

// ---------- Gitea ----------

#[tokio::test]
async fn gitea_token_uses_token_header_and_has_unknown_scopes() {
    let ff = forge().await;
    ff.add_token(FakeToken::gitea(
        GITEA,
        "gitte",
        &["read:user", "read:repository"],
    ));
    let v = ok(validator()
        .validate(&spec(&ff, Provider::Gitea), &secret(GITEA))
        .await);
    assert_eq!(v.identity.as_ref().map(|i| i.login.as_str()), Some("gitte"));
    assert_eq!(v.token_kind, TokenKind::GiteaToken);
    assert_eq!(v.scopes, None);
    let log = ff.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].path, "/gitea/api/v1/user");
    assert_eq!(log[0].auth, AuthKind::Token);
}

#[tokio::test]
async fn gitea_missing_scope_is_read_from_the_403_message() {
    let ff = forge().await;
    ff.add_token(FakeToken::gitea(GITEA, "gitte", &["read:repository"]));
    match validator()
        .validate(&spec(&ff, Provider::Gitea), &secret(GITEA))
        .await
    {
        Err(ForgeError::InsufficientScope {
            missing,
            settings_url,
            ..
        }) => {
            assert_eq!(missing, vec!["read:user".to_string()]);
            assert!(settings_url.ends_with("/user/settings/applications"));
        }
        other => panic!("expected insufficient_scope, got {other:?}"),
    }
    assert_eq!(
        code(
            &validator()
                .validate(&spec(&ff, Provider::Gitea), &secret("ffff"))
                .await
        ),
        "invalid_token"
    );
}

// ---------- Every forge: faults, unreachable, bad base URL ----------

/// A valid token for each forge, registered on `ff`.
fn register_valid(ff: &ampel_fakeforge::FakeForge) -> [(Provider, &'static str); 4] {
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, "octocat", &["repo"]));
    ff.add_token(FakeToken::gitlab_pat(GL_PAT, "tanuki", &["api"]));
    ff.add_token(FakeToken::bitbucket_api_token(
        BB_API, BB_EMAIL, "bbdev", &BB_READ,
    ));
    ff.add_token(FakeToken::gitea(GITEA, "gitte", &["all"]));
    [
        (Provider::Github, GH_CLASSIC),
        (Provider::Gitlab, GL_PAT),
        (Provider::Bitbucket, BB_API),
        (Provider::Gitea, GITEA),
    ]
}

#[tokio::test]
async fn every_forge_maps_every_fault_to_its_code() {
    let ff = forge().await;
    let tokens = register_valid(&ff);
    let v = validator();
    let cases: Vec<(Fault, &str)> = vec![
        (Fault::Unauthorized, "invalid_token"),
        (Fault::Forbidden, "forbidden"),
        (
            Fault::RateLimited {
                retry_after_secs: 30,
            },
            "rate_limited",
        ),
        (Fault::ServerError, "server_error"),
        (Fault::HtmlLoginPage, "not_a_forge"),
        (Fault::InvalidJson, "not_a_forge"),
        (Fault::UnexpectedJson, "not_a_forge"),
        (Fault::NotFound, "not_a_forge"),
        (Fault::Slow(Duration::from_secs(4)), "unreachable"),
    ];
    for (p, token) in tokens {
        let s = spec(&ff, p);
        assert_eq!(
            code(&v.validate(&s, &secret(token)).await),
            "ok",
            "{p} baseline"
        );
        for (fault, want) in &cases {
            ff.clear_faults();
            ff.set_fault(p, fault.clone());
            let got = v.validate(&s, &secret(token)).await;
            assert_eq!(code(&got), *want, "{p} with {fault:?}: {got:?}");
            if let Err(ForgeError::RateLimited {
                retry_after_secs, ..
            }) = &got
            {
                assert_eq!(*retry_after_secs, Some(30));
            }
            if let Err(ForgeError::Unreachable { reason, url }) = &got {
                assert_eq!(*reason, Unreachable::Timeout);
                assert!(url.starts_with(&ff.base_url(p)), "{url}");
            }
        }
        ff.clear_faults();
    }
}

#[tokio::test]
async fn every_forge_reports_refused_connections_with_the_url() {
    let port = closed_port().await;
    let v = validator();
    for p in ampel_core::Provider::ALL {
        let s = ampel_forge::AccountSpec::new(p)
            .with_base_url(format!("http://127.0.0.1:{port}/{}", p.as_str()))
            .with_username(BB_EMAIL);
        match v.validate(&s, &secret(GITEA)).await {
            Err(ForgeError::Unreachable { url, reason }) => {
                assert_eq!(reason, Unreachable::Refused, "{p}");
                assert!(
                    url.starts_with(&format!("http://127.0.0.1:{port}/")),
                    "{url}"
                );
            }
            other => panic!("{p}: expected unreachable, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn every_forge_refuses_plain_http_to_other_hosts_without_a_call() {
    let v = validator();
    for p in ampel_core::Provider::ALL {
        let s = ampel_forge::AccountSpec::new(p)
            .with_base_url("http://forge.invalid")
            .with_username(BB_EMAIL);
        assert_eq!(
            code(&v.validate(&s, &secret(GITEA)).await),
            "bad_base_url",
            "{p}"
        );
    }
    let gitea_without_base = ampel_forge::AccountSpec::new(Provider::Gitea);
    assert_eq!(
        code(&v.validate(&gitea_without_base, &secret(GITEA)).await),
        "bad_base_url"
    );
}

#[tokio::test]
async fn test_connection_reports_warnings_with_the_result() {
    let ff = forge().await;
    register_valid(&ff);
    let r = validator()
        .test_connection(
            &spec(&ff, Provider::Github),
            &secret(&format!("  {GH_CLASSIC}\n")),
        )
        .await;
    assert!(r.ok, "{r:?}");
    assert_eq!(r.warnings[0].code, "whitespace_stripped");
    let json = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(json["validation"]["identity"]["login"], "octocat");
    assert_eq!(json["validation"]["token_kind"], "github_classic");

    ff.set_fault(Provider::Github, Fault::Unauthorized);
    let r = validator()
        .test_connection(&spec(&ff, Provider::Github), &secret(GL_PAT))
        .await;
    let json = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(json["ok"], false);
    assert_eq!(json["error"]["code"], "invalid_token");
    assert_eq!(json["error"]["kind"], "credentials");
    assert!(json["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert_eq!(json["warnings"][0]["code"], "wrong_provider");
}
