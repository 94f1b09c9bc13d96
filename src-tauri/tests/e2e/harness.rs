//! Starts tauri-driver and the app with a throw-away data folder and keyring
//! service, and saves a screenshot of every test (always on failure).

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// How long to wait for the UI to show something before failing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// A running app under WebDriver.
pub struct App {
    pub client: Client,
    name: String,
    driver: Child,
    pub data_dir: tempfile::TempDir,
}

/// Where screenshots go: `target/e2e/` at the workspace root.
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e")
}

fn tauri_driver() -> Result<PathBuf, String> {
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin")));
    for dir in candidates {
        let exe = dir.join("tauri-driver");
        if exe.is_file() {
            return Ok(exe);
        }
    }
    Err("tauri-driver not found: run `make setup` (cargo install tauri-driver)".into())
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl App {
    /// Launches the app for the test `name` with empty data and its own keyring service.
    pub async fn launch(name: &str) -> Result<App, Box<dyn std::error::Error + Send + Sync>> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err(
                "no DISPLAY: run the e2e suite under scripts/test-session.sh --display".into(),
            );
        }
        let data_dir = tempfile::tempdir()?;
        let (port, native_port) = (free_port()?, free_port()?);
        let driver = Command::new(tauri_driver()?)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("AMPEL_DATA_DIR", data_dir.path())
            .env("AMPEL_KEYRING_SERVICE", format!("dev.ampel.e2e.{name}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        wait_for_port(port).await?;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_ampel") }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        Ok(App {
            client,
            name: name.to_string(),
            driver,
            data_dir,
        })
    }

    /// Waits for the element matching `css` and returns its text.
    pub async fn text_of(&self, css: &str) -> Result<String, fantoccini::error::CmdError> {
        let el = self
            .client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await?;
        el.text().await
    }

    /// Waits until the element matching `css` has exactly `expected` as text.
    pub async fn expect_text(&self, css: &str, expected: &str) -> TestResult {
        let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
        loop {
            let actual = self.text_of(css).await?;
            if actual.trim() == expected {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                return Err(format!("{css}: expected {expected:?}, found {actual:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the element matching `css` once it is there.
    pub async fn click(&self, css: &str) -> TestResult {
        let el = self
            .client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await?;
        el.click().await?;
        Ok(())
    }

    /// Saves a PNG of the window as `target/e2e/<test>-<label>.png`.
    pub async fn screenshot(
        &self,
        label: &str,
    ) -> Result<PathBuf, Box<dyn std::error::Error + Send + Sync>> {
        let png = self.client.screenshot().await?;
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{label}.png", self.name));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the test: a screenshot (labelled `failed` on error, `end` otherwise),
    /// then the session and the driver are closed. Returns the test's result.
    pub async fn finish(mut self, result: TestResult) -> TestResult {
        let label = if result.is_ok() { "end" } else { "failed" };
        let shot = self.screenshot(label).await;
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
        match (result, shot) {
            (Err(e), Ok(path)) => Err(format!("{e} (screenshot: {})", path.display()).into()),
            (Err(e), Err(_)) => Err(e),
            (Ok(()), shot) => shot.map(|_| ()),
        }
    }
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
