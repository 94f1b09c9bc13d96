//! The data folder is owner-only whoever creates it: 0700 for folders and 0600
//! for every file (database, `-wal`, `-shm`, key file, log, settings), on a fresh
//! folder and on one an older version left 0755 with 0644 files.
#![cfg(unix)]

mod common;

use ampel_store::{KeySource, Store};
use common::{new_account, token};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn mode(p: &Path) -> u32 {
    match std::fs::symlink_metadata(p) {
        Ok(m) => m.permissions().mode() & 0o7777,
        Err(e) => panic!("{}: {e}", p.display()),
    }
}

/// Every folder and file under `dir` with its mode, `dir` included.
fn walk(dir: &Path) -> Vec<(PathBuf, u32, bool)> {
    let mut out = vec![(dir.to_path_buf(), mode(dir), true)];
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push((p.clone(), mode(&p), false));
        }
    }
    out
}

fn assert_owner_only(dir: &Path) {
    for (p, m, is_dir) in walk(dir) {
        let want = if is_dir { 0o700 } else { 0o600 };
        assert_eq!(m, want, "{} is {m:o}", p.display());
    }
}

/// Opens the store, adds an account (so the WAL holds data) and checks the modes
/// while it is open and after it closes.
async fn start(dir: &Path) {
    let store = match Store::open(dir, KeySource::file_in(dir)).await {
        Ok(s) => s,
        Err(e) => panic!("open: {e}"),
    };
    let name = format!("acct-{}", walk(dir).len());
    if let Err(e) = store.add_account(new_account(&name, &token("modes"))).await {
        panic!("add: {e}");
    }
    let names: Vec<String> = walk(dir)
        .iter()
        .filter_map(|(p, ..)| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .collect();
    for f in ["ampel.db", "ampel.db-wal", "ampel.db-shm", "data-key"] {
        assert!(names.iter().any(|n| n == f), "{f} missing: {names:?}");
    }
    assert_owner_only(dir);
    store.close().await;
    assert_owner_only(dir);
}

#[tokio::test]
async fn a_fresh_folder_is_created_owner_only() {
    let home = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("temp dir: {e}"),
    };
    // As on a fresh HOME: the folders above the data folder do not exist yet.
    let dir = home.path().join(".local/share/dev.ampel.desktop");
    start(&dir).await;
    assert_eq!(mode(&home.path().join(".local/share")), 0o700);
}

#[tokio::test]
async fn a_folder_left_0755_with_0644_files_is_narrowed_at_start() {
    let home = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("temp dir: {e}"),
    };
    let dir = home.path().join("data");
    start(&dir).await;
    // What an older version left: everything readable by others.
    std::fs::write(dir.join("ampel.log"), "old log\n").unwrap_or_default();
    std::fs::write(dir.join("settings.json"), "{}").unwrap_or_default();
    std::fs::create_dir_all(dir.join("cache")).unwrap_or_default();
    std::fs::write(dir.join("cache/x"), "x").unwrap_or_default();
    let key_file = dir.join(ampel_store::KEY_FILE_NAME);
    for (p, _, is_dir) in walk(&dir) {
        // The key file is the exception: one others could read is refused, not
        // narrowed (tests/accounts.rs), so it is left 0600 here.
        if p == key_file {
            continue;
        }
        let m = if is_dir { 0o755 } else { 0o644 };
        if let Err(e) = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m)) {
            panic!("{}: {e}", p.display());
        }
    }
    assert_eq!(mode(&dir.join("ampel.db")), 0o644);
    assert_eq!(mode(&dir), 0o755);
    start(&dir).await;
    // The content survived the narrowing.
    assert_eq!(
        std::fs::read_to_string(dir.join("ampel.log")).unwrap_or_default(),
        "old log\n"
    );
}
