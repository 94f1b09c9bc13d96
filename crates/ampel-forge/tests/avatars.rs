//! Avatars over real HTTP against the fake forge: fetched without any credential
//! from an allowed host only, image bytes only, and refused past 1 MiB.

mod support;

use ampel_core::Provider;
use ampel_fakeforge::{AuthKind, Fault};
use ampel_forge::avatar::AvatarError;
use support::*;

#[tokio::test]
async fn an_avatar_on_the_account_host_is_fetched_without_a_token() {
    let f = forge().await;
    let spec = spec(&f, Provider::Github);
    let url = format!("{}/avatars/u/1.png", f.base_url(Provider::Github));
    let image = validator()
        .avatar(&spec, &url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(image.mime, "image/png");
    assert!(image
        .data_url()
        .starts_with("data:image/png;base64,iVBORw0KGgo"));
    let seen = f.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].auth, AuthKind::None);
}

#[tokio::test]
async fn other_hosts_pages_and_huge_bodies_are_no_avatar() {
    let f = forge().await;
    let spec = spec(&f, Provider::Github);
    let base = f.base_url(Provider::Github);
    let v = validator();
    for refused in [
        "https://evil.example/a.png".to_string(),
        "file:///etc/passwd".to_string(),
        base.replace("127.0.0.1", "localhost") + "/avatars/1.png",
    ] {
        assert_eq!(
            v.avatar(&spec, &refused).await,
            Err(AvatarError::NotAllowed),
            "{refused}"
        );
    }
    assert!(f.requests().is_empty(), "nothing refused was asked");

    let url = format!("{base}/avatars/u/1.png");
    f.set_fault(Provider::Github, Fault::HtmlLoginPage);
    assert_eq!(v.avatar(&spec, &url).await, Err(AvatarError::NotAnImage));
    f.clear_faults();
    f.set_fault(Provider::Github, Fault::HugeBody(2 << 20));
    let e = v.avatar(&spec, &url).await.err();
    assert_eq!(
        e.as_ref().map(AvatarError::code),
        Some("not_a_forge"),
        "{e:?}"
    );
    f.clear_faults();
    f.set_fault(Provider::Github, Fault::NotFound);
    assert_eq!(v.avatar(&spec, &url).await, Err(AvatarError::Status(404)));
}
