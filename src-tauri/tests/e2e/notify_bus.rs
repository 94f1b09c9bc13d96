//! The desktop notifications the app sends, as `dbus-monitor` sees its `Notify`
//! calls on the test session bus: started before the app, read while it runs.

use crate::harness::{TestError, TestResult};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

/// A `dbus-monitor` for `org.freedesktop.Notifications.Notify`, writing to a log
/// in the artifacts folder. Stopped when dropped.
pub struct NotifyMonitor {
    log: PathBuf,
    child: tokio::process::Child,
}

impl NotifyMonitor {
    /// Starts monitoring into `target/e2e/<name>-dbus.log` (emptied first).
    pub fn start(name: &str) -> Result<Self, TestError> {
        let dir = crate::harness::artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let log = dir.join(format!("{name}-dbus.log"));
        let _ = std::fs::remove_file(&log);
        let child = tokio::process::Command::new("dbus-monitor")
            .args([
                "--session",
                "interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(std::fs::File::create(&log)?)
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        Ok(NotifyMonitor { log, child })
    }

    /// Everything seen so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.log).unwrap_or_default()).into_owned()
    }

    /// Fails when a notification titled `title…` was sent.
    pub fn expect_none(&self, title: &str, why: &str) -> TestResult {
        if self.text().contains(&format!("string \"{title}")) {
            return Err(format!("{why}: a \"{title}\" notification was sent").into());
        }
        Ok(())
    }

    /// Waits until the log holds every string of `wanted`.
    pub async fn wait_for(&self, wanted: &[&str]) -> Result<String, TestError> {
        wait_for_file_text(&self.log, wanted).await
    }

    /// Stops the monitor.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

async fn wait_for_file_text(path: &Path, wanted: &[&str]) -> Result<String, TestError> {
    let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
    loop {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
        if wanted.iter().all(|w| text.contains(w)) {
            return Ok(text);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("{} never contained {wanted:?}:\n{text}", path.display()).into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
