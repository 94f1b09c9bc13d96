//! The app's data folder is owner-only after start: on a folder it creates, and on
//! one an older version left 0755 with 0644 files (narrowed, said once in the log).

use crate::harness::{App, Launch, TestResult};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<(PathBuf, u32, bool)>) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(dir)?;
    out.push((
        dir.to_path_buf(),
        meta.permissions().mode() & 0o7777,
        meta.is_dir(),
    ));
    if meta.is_dir() {
        for entry in std::fs::read_dir(dir)? {
            walk(&entry?.path(), out)?;
        }
    }
    Ok(())
}

fn wider_than_owner_only(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut all = Vec::new();
    walk(dir, &mut all)?;
    Ok(all
        .into_iter()
        .filter(|(_, mode, is_dir)| *mode != if *is_dir { 0o700 } else { 0o600 })
        .map(|(p, mode, _)| format!("{} {mode:o}", p.display()))
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_folder_is_owner_only_after_start() -> TestResult {
    let root = tempfile::tempdir()?;
    // A folder the app creates (its parent does not exist either).
    let fresh = root.path().join("home/.local/share/dev.ampel.desktop");
    // A folder an older version left readable by others.
    let old = root.path().join("old");
    std::fs::create_dir_all(&old)?;
    std::fs::write(old.join("ampel.log"), "an older version's log\n")?;
    std::fs::write(old.join("settings.json"), "{\"settings\": {}}")?;
    for p in [old.join("ampel.log"), old.join("settings.json")] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644))?;
    }
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755))?;

    for (name, dir) in [("modes-fresh", &fresh), ("modes-old", &old)] {
        let app = App::launch_in(name, dir, Launch::default()).await?;
        let result = async {
            app.wait_for("body").await?;
            if !dir.join("ampel.db").exists() {
                return Err(format!("{name}: no database in {}", dir.display()).into());
            }
            let wide = wider_than_owner_only(dir)?;
            if !wide.is_empty() {
                return Err(format!("{name}: not owner-only: {wide:?}").into());
            }
            Ok(())
        }
        .await;
        app.finish(result).await?;
    }
    let log = std::fs::read_to_string(old.join("ampel.log"))?;
    if log.matches("narrowed to owner-only").count() != 1 {
        return Err(format!("the narrowing was not logged once:\n{log}").into());
    }
    Ok(())
}
