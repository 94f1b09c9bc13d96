//! Where the data key lives: the OS keyring (normal) or, only when explicitly
//! chosen, a 0600 file beside the database (the weaker mode).

use super::envelope::Key;
use crate::{Result, StoreError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The keyring entry (Secret Service `username` attribute) holding the data key.
pub const KEY_ENTRY: &str = "data-key";
/// The keyring entry holding a key while a rotation is in flight.
pub const PENDING_KEY_ENTRY: &str = "data-key.pending";
/// The key file's name in the weaker mode, inside the data folder.
pub const KEY_FILE_NAME: &str = "data-key";

/// Which slot of a key source: the live key or a rotation's pending key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The key in use.
    Live,
    /// A key written before a rotation commits.
    Pending,
}

/// Where the data key is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The OS keyring under this service name; the entry is [`KEY_ENTRY`].
    Keyring {
        /// The keyring service (normally the app identifier).
        service: String,
    },
    /// The weaker opt-in mode: a 0600 file holding the key in base64.
    File {
        /// The key file.
        path: PathBuf,
    },
}

impl KeySource {
    /// The OS keyring under [`ampel_core::paths::keyring_service`].
    pub fn default_keyring() -> Self {
        KeySource::Keyring {
            service: ampel_core::paths::keyring_service(),
        }
    }

    /// The weaker mode's key file inside `data_dir`.
    pub fn file_in(data_dir: &Path) -> Self {
        KeySource::File {
            path: data_dir.join(KEY_FILE_NAME),
        }
    }

    /// `keyring` or `file`, as stored in the key-check records.
    pub fn kind(&self) -> &'static str {
        match self {
            KeySource::Keyring { .. } => "keyring",
            KeySource::File { .. } => "file",
        }
    }

    /// True for the weaker file mode.
    pub fn is_weaker(&self) -> bool {
        matches!(self, KeySource::File { .. })
    }

    /// Where the key is, for people.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Keyring { service } => format!(
                "{} (service {service:?}, entry {KEY_ENTRY:?})",
                ampel_core::paths::secret_backend_name()
            ),
            KeySource::File { path } => format!(
                "key file {} (WEAKER: anyone who can read this file can decrypt the tokens)",
                path.display()
            ),
        }
    }

    /// Reads a key; `None` when there is none.
    pub fn load(&self, slot: Slot) -> Result<Option<Key>> {
        let text = match self {
            KeySource::Keyring { service } => match entry(service, slot)?.get_password() {
                Ok(text) => Zeroizing::new(text),
                Err(keyring::Error::NoEntry) => return Ok(None),
                Err(e) => return Err(e.into()),
            },
            KeySource::File { path } => match read_key_file(&file_path(path, slot))? {
                Some(text) => text,
                None => return Ok(None),
            },
        };
        decode(&text).map(Some).ok_or_else(|| match self {
            KeySource::Keyring { .. } => {
                StoreError::Keyring("the data key in the keyring is not a valid key".into())
            }
            KeySource::File { path } => StoreError::KeyFile {
                path: path.display().to_string(),
                detail: "does not hold a valid key".into(),
            },
        })
    }

    /// Writes a key, replacing any in that slot.
    pub fn store(&self, slot: Slot, key: &Key) -> Result<()> {
        let text = Zeroizing::new(STANDARD.encode(key.as_ref()));
        match self {
            KeySource::Keyring { service } => Ok(entry(service, slot)?.set_password(&text)?),
            KeySource::File { path } => write_key_file(&file_path(path, slot), &text),
        }
    }

    /// Removes the key in a slot; nothing there is fine.
    pub fn delete(&self, slot: Slot) -> Result<()> {
        match self {
            KeySource::Keyring { service } => match entry(service, slot)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(e.into()),
            },
            KeySource::File { path } => {
                let p = file_path(path, slot);
                match std::fs::remove_file(&p) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(StoreError::io(format!("remove {}", p.display()), e)),
                }
            }
        }
    }
}

fn entry(service: &str, slot: Slot) -> Result<keyring::Entry> {
    let user = match slot {
        Slot::Live => KEY_ENTRY,
        Slot::Pending => PENDING_KEY_ENTRY,
    };
    Ok(keyring::Entry::new(service, user)?)
}

fn file_path(path: &Path, slot: Slot) -> PathBuf {
    match slot {
        Slot::Live => path.to_path_buf(),
        Slot::Pending => path.with_extension("pending"),
    }
}

fn decode(text: &str) -> Option<Key> {
    let bytes = Zeroizing::new(STANDARD.decode(text.trim()).ok()?);
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() != key.len() {
        return None;
    }
    key.copy_from_slice(&bytes);
    Some(key)
}

fn key_file_error(path: &Path, detail: impl Into<String>) -> StoreError {
    StoreError::KeyFile {
        path: path.display().to_string(),
        detail: detail.into(),
    }
}

fn read_key_file(path: &Path) -> Result<Option<Zeroizing<String>>> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(key_file_error(path, e.to_string())),
        Ok(meta) => check_private(path, &meta)?,
    }
    std::fs::read_to_string(path)
        .map(|s| Some(Zeroizing::new(s)))
        .map_err(|e| key_file_error(path, e.to_string()))
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(key_file_error(
            path,
            "is readable by other users; run chmod 600 on it",
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &std::fs::Metadata) -> Result<()> {
    Ok(())
}

/// Writes through a 0600 temporary file and a rename, so a crash never leaves
/// a half-written key.
fn write_key_file(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let write = || -> std::io::Result<()> {
        match std::fs::remove_file(&tmp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut file = options.open(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| key_file_error(path, e.to_string()))
}
