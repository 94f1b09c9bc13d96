//! Starts tauri-driver and the app with its own data folder and keyring service,
//! offers the few WebDriver steps the tests need, and saves a screenshot of every
//! test (always on failure).

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::process::{Child, Command};

pub type TestError = Box<dyn std::error::Error + Send + Sync>;
pub type TestResult = Result<(), TestError>;

/// How long to wait for the UI to show something before failing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// A running app under WebDriver.
pub struct App {
    pub client: Client,
    name: String,
    /// tauri-driver, leader of its own process group: WebKitWebDriver and the
    /// app it starts are in that group, so none outlives the test.
    driver: Child,
    /// The app's data folder (owned by the caller, so it survives relaunches).
    pub data_dir: PathBuf,
    /// The app's own log (`ampel.log` in its data folder), for scans.
    pub log: PathBuf,
    /// tauri-driver's and WebKitWebDriver's output.
    pub driver_log: PathBuf,
}

/// How to start the app.
#[derive(Default)]
pub struct Launch {
    /// Extra environment for the app.
    pub env: Vec<(String, String)>,
}

/// Where screenshots and app logs go: `target/e2e/` at the workspace root.
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e")
}

fn tauri_driver() -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let home_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
    std::env::split_paths(&path)
        .chain(home_bin)
        .map(|dir| dir.join("tauri-driver"))
        .find(|exe| exe.is_file())
        .ok_or_else(|| "tauri-driver not found: run `make setup-test`".to_string())
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn wait_for_port(port: u16) -> TestResult {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("tauri-driver did not listen on port {port}").into())
}

/// True for WebDriver's "stale element" errors (the node was re-rendered).
fn is_stale(e: &CmdError) -> bool {
    stale_text(&e.to_string())
}

/// A stale-node error by its words: the standard "stale element reference", or
/// WebKitWebDriver's "Node with identifier '…' was not found" for a node a
/// re-render removed between finding it and reading it.
fn stale_text(error: &str) -> bool {
    let text = error.to_ascii_lowercase();
    text.contains("stale element")
        || (text.contains("node with identifier") && text.contains("was not found"))
}

/// What a poll saw: `Ok(())` when the expectation holds, else what was found.
pub type Seen = Result<(), String>;

/// Notes a failed session attempt on stderr (visible with --nocapture).
fn tracing_free_note(e: &fantoccini::error::NewSessionError) {
    eprintln!("WebDriver session not ready yet: {e}");
}

/// Polls `check` until it sees the expectation hold or the UI timeout passes.
pub async fn eventually<F, Fut>(what: &str, mut check: F) -> TestResult
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Seen, TestError>>,
{
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    loop {
        let found = match check().await {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(found)) => found,
            // A node re-rendered under us: look again on the next poll.
            Err(e) if stale_text(&e.to_string()) => e.to_string(),
            Err(e) => return Err(e),
        };
        if tokio::time::Instant::now() > deadline {
            return Err(format!("{what}, found {found}").into());
        }
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
}

pub fn seen(ok: bool, found: impl std::fmt::Debug) -> Seen {
    if ok {
        Ok(())
    } else {
        Err(format!("{found:?}"))
    }
}

/// Clicks Refresh and waits until it is enabled again (disabled while it runs).
pub async fn refresh_and_wait(app: &App) -> TestResult {
    app.click("[data-testid=refresh]").await?;
    app.expect_attr("[data-testid=refresh]", "disabled", "")
        .await
        .ok();
    eventually_enabled(app, "[data-testid=refresh]").await
}

/// Waits until the element matching `css` is enabled.
pub async fn eventually_enabled(app: &App, css: &str) -> TestResult {
    eventually(&format!("{css}: expected enabled"), || async {
        let enabled = app.wait_for(css).await?.is_enabled().await?;
        Ok(seen(enabled, "disabled"))
    })
    .await
}

impl Drop for App {
    fn drop(&mut self) {
        self.kill_driver_group();
    }
}

impl App {
    /// Ends tauri-driver's whole process group (WebKitWebDriver would otherwise
    /// be left running, holding the test's pipes open).
    fn kill_driver_group(&self) {
        if let Some(pgid) = self.driver.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pgid}")])
                .stderr(std::process::Stdio::null())
                .status();
        }
    }

    /// Launches the app for the test `name` on `data_dir`, with the keyring
    /// service `dev.ampel.e2e.<name>`; the app logs to `ampel.log` in its data
    /// folder, the drivers to `target/e2e/<name>-driver.log`.
    pub async fn launch_in(name: &str, data_dir: &Path, launch: Launch) -> Result<App, TestError> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err(
                "no DISPLAY: run the e2e suite under scripts/test-session.sh --display".into(),
            );
        }
        std::fs::create_dir_all(artifacts_dir())?;
        let driver_log = artifacts_dir().join(format!("{name}-driver.log"));
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&driver_log)?;
        let (port, native_port) = (free_port()?, free_port()?);
        let driver = Command::new(tauri_driver()?)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("AMPEL_DATA_DIR", data_dir)
            .env("AMPEL_KEYRING_SERVICE", format!("dev.ampel.e2e.{name}"))
            .env("AMPEL_LOG", "debug")
            // The tray's `tray_action` hook (debug builds only); a Launch may set it to "0".
            .env("AMPEL_E2E_HOOKS", "1")
            .envs(launch.env)
            .stdout(out.try_clone()?)
            .stderr(out)
            .process_group(0)
            .kill_on_drop(true)
            .spawn()?;
        wait_for_port(port).await?;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_ampel") }),
        );
        // tauri-driver listens before its WebKitWebDriver is ready: retry briefly.
        let mut attempt = 0;
        let client = loop {
            let connected = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
            match connected {
                Ok(client) => break client,
                Err(e) if attempt < 20 => {
                    attempt += 1;
                    tracing_free_note(&e);
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => return Err(e.into()),
            }
        };
        Ok(App {
            client,
            name: name.to_string(),
            driver,
            data_dir: data_dir.into(),
            log: data_dir.join("ampel.log"),
            driver_log,
        })
    }

    /// Launches the app for `name` on a fresh data folder, returned to the caller.
    pub async fn launch(name: &str) -> Result<(App, tempfile::TempDir), TestError> {
        let dir = tempfile::tempdir()?;
        let app = App::launch_in(name, dir.path(), Launch::default()).await?;
        Ok((app, dir))
    }

    /// Waits until an element matching `css` exists.
    pub async fn wait_for(&self, css: &str) -> Result<Element, CmdError> {
        self.client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
    }

    /// Waits for the element matching `css` and returns its text.
    pub async fn text_of(&self, css: &str) -> Result<String, CmdError> {
        self.wait_for(css).await?.text().await
    }

    /// Clicks the element matching `css` once it is there.
    ///
    /// A list that re-renders between finding and clicking leaves a stale element:
    /// the element is looked up again (up to three times).
    pub async fn click(&self, css: &str) -> TestResult {
        let mut tries = 0;
        loop {
            match self.wait_for(css).await?.click().await {
                Ok(()) => return Ok(()),
                Err(e) if tries < 2 && is_stale(&e) => tries += 1,
                Err(e) => return Err(e.into()),
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Replaces the text of the input matching `css`, and checks it took (a
    /// default value filled in by the page a moment later is typed over again).
    pub async fn fill(&self, css: &str, text: &str) -> TestResult {
        for _ in 0..3 {
            let el = self.wait_for(css).await?;
            el.clear().await?;
            el.send_keys(text).await?;
            if el.prop("value").await?.as_deref() == Some(text) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        Err(format!("{css}: the typed text did not stick").into())
    }

    /// Waits until the element matching `css` has exactly `expected` as text.
    pub async fn expect_text(&self, css: &str, expected: &str) -> TestResult {
        eventually(&format!("{css}: expected {expected:?}"), || async {
            let text = self.text_of(css).await?;
            Ok(seen(text.trim() == expected, text))
        })
        .await
    }

    /// Waits until the text of the element matching `css` contains `wanted`.
    pub async fn expect_contains(&self, css: &str, wanted: &str) -> TestResult {
        eventually(
            &format!("{css}: expected to contain {wanted:?}"),
            || async {
                let text = self.text_of(css).await?;
                Ok(seen(text.contains(wanted), text))
            },
        )
        .await
    }

    /// Waits until the `textContent` of the element matching `css` contains `wanted`
    /// (WebKit's rendered text can leave out a row's second line while it scrolls).
    pub async fn expect_content(&self, css: &str, wanted: &str) -> TestResult {
        eventually(
            &format!("{css}: expected textContent to contain {wanted:?}"),
            || async {
                let el = self.wait_for(css).await?;
                let text = el.prop("textContent").await?.unwrap_or_default();
                Ok(seen(text.contains(wanted), text))
            },
        )
        .await
    }

    /// The window's own clock (`Date.now()` in the page), in milliseconds.
    pub async fn window_now(&self) -> Result<i64, TestError> {
        let v = self.client.execute("return Date.now();", vec![]).await?;
        v.as_f64()
            .map(|ms| ms as i64)
            .ok_or_else(|| format!("Date.now() answered {v}").into())
    }

    /// Waits until `holds(text, window_now)` for the text of `css`: for
    /// expectations computed with the UI's own rule at the window's clock.
    pub async fn expect_with<F>(&self, css: &str, what: &str, holds: F) -> TestResult
    where
        F: Fn(&str, i64) -> bool,
    {
        eventually(what, || async {
            let text = self.text_of(css).await?;
            let now = self.window_now().await?;
            Ok(seen(holds(&text, now), text))
        })
        .await
    }

    /// Waits until attribute `attr` of the element matching `css` equals `expected`.
    pub async fn expect_attr(&self, css: &str, attr: &str, expected: &str) -> TestResult {
        eventually(&format!("{css}[{attr}]: expected {expected:?}"), || async {
            let value = self.wait_for(css).await?.attr(attr).await?;
            Ok(seen(value.as_deref() == Some(expected), value))
        })
        .await
    }

    /// Waits until DOM property `prop` (an input's `value`) of `css` equals `expected`.
    pub async fn expect_prop(&self, css: &str, prop: &str, expected: &str) -> TestResult {
        eventually(&format!("{css}.{prop}: expected {expected:?}"), || async {
            let value = self.wait_for(css).await?.prop(prop).await?;
            Ok(seen(value.as_deref() == Some(expected), value))
        })
        .await
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn expect_count(&self, css: &str, n: usize) -> TestResult {
        eventually(&format!("expected {n} elements matching {css}"), || async {
            let found = self.client.find_all(Locator::Css(css)).await?.len();
            Ok(seen(found == n, found))
        })
        .await
    }

    /// Runs `script` (a function body returning JSON) in the page until it returns
    /// `expected`, for states no single selector shows (focus, ARIA structure).
    pub async fn expect_script(&self, script: &str, expected: serde_json::Value) -> TestResult {
        eventually(&format!("{script}: expected {expected}"), || async {
            let value = self.client.execute(script, Vec::new()).await?;
            Ok(seen(value == expected, value))
        })
        .await
    }

    /// Fails when `secret` is in the page source or in the app's log so far.
    pub async fn assert_secret_absent(&self, secret: &str) -> TestResult {
        if self.client.source().await?.contains(secret) {
            return Err("the token is in the page source".into());
        }
        for log in [&self.log, &self.driver_log] {
            let text = std::fs::read(log)?;
            if text.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                return Err(format!("the token is in the log {}", log.display()).into());
            }
        }
        Ok(())
    }

    /// Saves a PNG of the window as `target/e2e/<test>-<label>.png`, read from
    /// the X server (see `x11grab` for why not over WebDriver).
    pub async fn screenshot(&self, label: &str) -> Result<PathBuf, TestError> {
        // The X server shows what WebKit last painted: give the last DOM change a few frames.
        tokio::time::sleep(Duration::from_millis(250)).await;
        let png = tokio::task::spawn_blocking(|| crate::x11grab::window_png("Ampel")).await??;
        std::fs::create_dir_all(artifacts_dir())?;
        let path = artifacts_dir().join(format!("{}-{label}.png", self.name));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the test: a screenshot (labelled `failed` on error, `end` otherwise),
    /// then the session (and with it the app) and the driver are closed.
    pub async fn finish(mut self, result: TestResult) -> TestResult {
        let label = if result.is_ok() { "end" } else { "failed" };
        let shot = self.screenshot(label).await;
        let _ = self.client.clone().close().await;
        self.kill_driver_group();
        let _ = self.driver.wait().await;
        // Let the app finish writing before a relaunch on the same data folder.
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Keep the app's log beside the screenshots.
        let _ = std::fs::copy(
            &self.log,
            artifacts_dir().join(format!("{}-app.log", self.name)),
        );
        match (result, shot) {
            (Err(e), Ok(path)) => Err(format!("{e} (screenshot: {})", path.display()).into()),
            (Err(e), Err(_)) => Err(e),
            (Ok(()), shot) => shot.map(|_| ()),
        }
    }
}
