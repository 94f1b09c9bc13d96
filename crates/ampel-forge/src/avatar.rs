//! Account avatars, fetched by Rust and never by the page, so the window's CSP
//! needs no remote image host: which hosts an avatar may come from (the account's
//! own host or the forge's avatar service), a credential-free size-capped GET, and
//! the image types accepted (by their first bytes, never by what the server says).

use crate::error::ForgeError;
use crate::http::Http;
use ampel_core::Provider;
use url::Url;

/// Avatars are small (GitHub's are 460 px PNGs of ~50 KB); 1 MiB is far above any.
pub const MAX_AVATAR: usize = 1 << 20;

/// The avatar services each forge documents or serves its defaults from, besides the
/// account's own host and its subdomains (`avatars.<ghe host>`, Gitea `/avatars/…`).
/// A leading dot matches any subdomain.
fn services(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::Github => &["avatars.githubusercontent.com"],
        Provider::Gitlab => &["secure.gravatar.com", "www.gravatar.com", "gitlab.com"],
        Provider::Bitbucket => &[
            ".atl-paas.net",
            "secure.gravatar.com",
            "bitbucket.org",
            "avatar-cdn.atlassian.com",
        ],
        Provider::Gitea => &[
            "secure.gravatar.com",
            "www.gravatar.com",
            "seccdn.libravatar.org",
        ],
    }
}

/// The avatar URL when it may be fetched for an account whose web pages live at
/// `web`: https (http only on the loopback host of a loopback account), no user
/// info, and on the account's host (or a subdomain) or one of the forge's services.
pub fn allowed(provider: Provider, web: &Url, avatar: &str) -> Option<Url> {
    let url = Url::parse(avatar.trim()).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let web_host = web.host_str()?.to_ascii_lowercase();
    let loopback_same = ampel_core::account::is_loopback(web) && host == web_host;
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback_same);
    if !scheme_ok || !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let on_account = host == web_host || host.ends_with(&format!(".{web_host}"));
    let service = services(provider)
        .iter()
        .any(|s| match s.strip_prefix('.') {
            Some(suffix) => host.ends_with(&format!(".{suffix}")),
            None => host == *s,
        });
    (on_account || service).then_some(url)
}

/// An avatar image: its type (from its first bytes) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl Image {
    /// The image when `bytes` are a PNG, JPEG, GIF or WebP (never SVG or HTML).
    pub fn sniff(bytes: Vec<u8>) -> Option<Image> {
        let mime = match bytes.as_slice() {
            [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => "image/png",
            [0xff, 0xd8, 0xff, ..] => "image/jpeg",
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => "image/gif",
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
            _ => return None,
        };
        Some(Image { mime, bytes })
    }

    /// A `data:` URL the page can show under `img-src 'self' data:`.
    pub fn data_url(&self) -> String {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.bytes);
        format!("data:{};base64,{b64}", self.mime)
    }
}

/// Why an avatar was not fetched (the row then shows initials).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AvatarError {
    #[error("the avatar's address is not an allowed avatar host")]
    NotAllowed,
    #[error("the avatar could not be read: {0}")]
    Forge(#[from] ForgeError),
    #[error("the avatar answer was HTTP {0}")]
    Status(u16),
    #[error("the avatar is not a PNG, JPEG, GIF or WebP image")]
    NotAnImage,
}

impl AvatarError {
    /// A stable code for logs.
    pub fn code(&self) -> &'static str {
        match self {
            AvatarError::NotAllowed => "avatar_not_allowed",
            AvatarError::Forge(e) => e.code(),
            AvatarError::Status(_) => "avatar_status",
            AvatarError::NotAnImage => "avatar_not_an_image",
        }
    }
}

/// Fetches the avatar at `avatar` for an account on `web`, without any credential,
/// at most [`MAX_AVATAR`] bytes; only a 200 with image bytes is an avatar.
pub async fn fetch(
    http: &Http,
    provider: Provider,
    web: &Url,
    avatar: &str,
) -> Result<Image, AvatarError> {
    let url = allowed(provider, web, avatar).ok_or(AvatarError::NotAllowed)?;
    let reply = http.get_public(&url, MAX_AVATAR).await?;
    if reply.status.as_u16() != 200 {
        return Err(AvatarError::Status(reply.status.as_u16()));
    }
    Image::sniff(reply.body).ok_or(AvatarError::NotAnImage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn avatar_hosts_per_forge() {
        let gh = url("https://github.com");
        let ghe = url("https://ghe.corp.example");
        let local = url("http://127.0.0.1:8080/github");
        let cases = [
            (
                Provider::Github,
                &gh,
                "https://avatars.githubusercontent.com/u/1?v=4",
                true,
            ),
            (
                Provider::Github,
                &gh,
                "http://avatars.githubusercontent.com/u/1",
                false,
            ),
            (Provider::Github, &gh, "https://evil.example/u/1", false),
            (
                Provider::Github,
                &gh,
                "https://u:p@avatars.githubusercontent.com/u/1",
                false,
            ),
            (Provider::Github, &gh, "file:///etc/passwd", false),
            (Provider::Github, &gh, "javascript:alert(1)", false),
            (
                Provider::Github,
                &ghe,
                "https://avatars.ghe.corp.example/u/1",
                true,
            ),
            (
                Provider::Github,
                &ghe,
                "https://ghe.corp.example/avatars/u/1",
                true,
            ),
            (
                Provider::Github,
                &ghe,
                "https://xghe.corp.example/u/1",
                false,
            ),
            (
                Provider::Github,
                &local,
                "http://127.0.0.1:8080/github/avatars/u/1",
                true,
            ),
            (
                Provider::Github,
                &local,
                "http://localhost:8080/a.png",
                false,
            ),
            (
                Provider::Gitlab,
                &url("https://gitlab.com"),
                "https://secure.gravatar.com/avatar/ab",
                true,
            ),
            (
                Provider::Bitbucket,
                &url("https://bitbucket.org"),
                "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/x/128",
                true,
            ),
            (
                Provider::Bitbucket,
                &url("https://bitbucket.org"),
                "https://atl-paas.net.evil.example/x",
                false,
            ),
            (
                Provider::Gitea,
                &url("https://codeberg.org"),
                "https://codeberg.org/avatars/ab",
                true,
            ),
            (
                Provider::Gitea,
                &url("https://codeberg.org"),
                "https://seccdn.libravatar.org/avatar/ab",
                true,
            ),
        ];
        for (p, web, avatar, ok) in cases {
            assert_eq!(
                allowed(p, web, avatar).is_some(),
                ok,
                "{p:?} {web} {avatar}"
            );
        }
    }

    #[test]
    fn only_image_bytes_are_avatars() {
        let png = b"\x89PNG\r\n\x1a\n....".to_vec();
        assert_eq!(Image::sniff(png.clone()).map(|i| i.mime), Some("image/png"));
        assert!(Image::sniff(png)
            .map(|i| i.data_url())
            .is_some_and(|d| d.starts_with("data:image/png;base64,iVBORw0KGgo")));
        assert_eq!(
            Image::sniff(b"\xff\xd8\xff\xe0".to_vec()).map(|i| i.mime),
            Some("image/jpeg")
        );
        assert_eq!(
            Image::sniff(b"GIF89a..".to_vec()).map(|i| i.mime),
            Some("image/gif")
        );
        assert_eq!(
            Image::sniff(b"RIFF\0\0\0\0WEBPVP8 ".to_vec()).map(|i| i.mime),
            Some("image/webp")
        );
        for other in [
            &b"<svg xmlns='http://www.w3.org/2000/svg'/>"[..],
            b"<html>",
            b"",
            b"\x89PN",
        ] {
            assert_eq!(Image::sniff(other.to_vec()), None);
        }
    }
}
