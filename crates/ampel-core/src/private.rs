//! Owner-only file modes for the data folder: the folder (and every folder in it)
//! 0700, every file 0600, whichever process creates them (app or CLI), and an
//! existing folder or file with wider modes narrowed at start. The data folder
//! holds the PR cache, e-mail addresses, the log and the token ciphertexts, none of
//! which other local users may read. On other platforms these are plain creates.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// The data folder's mode, and that of every folder in it.
pub const DIR_MODE: u32 = 0o700;

/// The mode of every file in the data folder.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` and any missing parent owner-only (an existing folder keeps its
/// mode; see [`narrow`]).
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)
}

/// Options that create a file owner-only (an existing file keeps its mode).
pub fn file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options
}

/// Creates `path` owner-only when missing, leaving an existing file's content
/// as it is: for files another library writes afterwards (which keeps the mode).
pub fn touch(path: &Path) -> io::Result<File> {
    file_options().create(true).append(true).open(path)
}

/// Narrows `dir` and everything in it (folders to 0700, files to 0600) where the
/// mode gives anything to group or others, except the paths in `leave` (a key file
/// others could read is refused by its owner rather than quietly narrowed).
/// Symbolic links are neither followed nor changed. Returns what was narrowed, so
/// the caller logs it once: after one start nothing is left to narrow.
pub fn narrow(dir: &Path, leave: &[&Path]) -> io::Result<Vec<PathBuf>> {
    let mut narrowed = Vec::new();
    #[cfg(unix)]
    narrow_into(dir, leave, &mut narrowed)?;
    #[cfg(not(unix))]
    let _ = leave;
    Ok(narrowed)
}

#[cfg(unix)]
fn narrow_into(path: &Path, leave: &[&Path], narrowed: &mut Vec<PathBuf>) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(path)?;
    let kind = meta.file_type();
    if kind.is_symlink() || leave.contains(&path) {
        return Ok(());
    }
    let mode = meta.permissions().mode() & 0o7777;
    let wanted = if kind.is_dir() {
        mode & DIR_MODE
    } else {
        mode & FILE_MODE
    };
    if wanted != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))?;
        narrowed.push(path.to_path_buf());
    }
    if kind.is_dir() {
        for entry in std::fs::read_dir(path)? {
            narrow_into(&entry?.path(), leave, narrowed)?;
        }
    }
    Ok(())
}

/// Creates the data folder owner-only and narrows what is already in it (but
/// `leave`, see [`narrow`]), with one log line naming what had wider modes.
pub fn secure_data_dir(dir: &Path, leave: &[&Path]) -> io::Result<()> {
    create_dir(dir)?;
    let narrowed = narrow(dir, leave)?;
    if !narrowed.is_empty() {
        let names: Vec<String> = narrowed.iter().map(|p| p.display().to_string()).collect();
        tracing::warn!(
            count = narrowed.len(),
            "the data folder was readable by other users: narrowed to owner-only (0700/0600): {}",
            names.join(", ")
        );
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0)
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ampel-private-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn creates_owner_only_and_narrows_wider_modes_once() -> io::Result<()> {
        let root = temp("narrow");
        let dir = root.join("a/b");
        create_dir(&dir)?;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&root.join("a")), 0o700);
        let fresh = dir.join("fresh");
        drop(touch(&fresh)?);
        assert_eq!(mode(&fresh), 0o600);

        let wide = dir.join("wide.log");
        std::fs::write(&wide, "x")?;
        std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o644))?;
        let sub = dir.join("cache");
        std::fs::create_dir(&sub)?;
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755))?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))?;
        // A link to a file outside is left alone, and so is its target.
        let outside = root.join("outside");
        std::fs::write(&outside, "o")?;
        std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644))?;
        std::os::unix::fs::symlink(&outside, dir.join("link"))?;

        // A file the caller checks itself is left as it is.
        let key = dir.join("key");
        std::fs::write(&key, "k")?;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644))?;

        let mut first = narrow(&dir, &[&key])?;
        first.sort();
        assert_eq!(first, vec![dir.clone(), sub.clone(), wide.clone()]);
        assert_eq!(mode(&key), 0o644);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&sub), 0o700);
        assert_eq!(mode(&wide), 0o600);
        assert_eq!(mode(&fresh), 0o600);
        assert_eq!(mode(&outside), 0o644);
        // Nothing left to narrow (and nothing to log) the next time.
        assert!(narrow(&dir, &[&key])?.is_empty());
        // Touch keeps the content of an existing file.
        drop(touch(&wide)?);
        assert_eq!(std::fs::read_to_string(&wide)?, "x");
        std::fs::remove_dir_all(&root)
    }
}
