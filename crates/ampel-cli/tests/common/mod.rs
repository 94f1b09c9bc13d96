//! Runs the real `ampel-cli` binary against a temp data folder and a keyring
//! service no other test uses (its entries are deleted on drop).
#![allow(dead_code)]

use ampel_store::vault::{KeySource, Slot};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_ampel-cli");

pub fn token(tag: &str) -> String {
    let mut t = format!("ghp_{tag}");
    while t.len() < 40 {
        t.push('Q');
    }
    t
}

pub struct Env {
    pub dir: TempDir,
    pub service: String,
}

impl Env {
    pub fn new(test: &str) -> Self {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            service: format!("ampel-cli-test-{test}-{}", &nonce[..8]),
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn source(&self) -> KeySource {
        KeySource::Keyring {
            service: self.service.clone(),
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_remove("AMPEL_DATA_DIR")
            .env_remove("AMPEL_KEYRING_SERVICE")
            .env_remove("AMPEL_INSECURE_KEY_FILE")
            .arg("--data-dir")
            .arg(self.dir.path())
            .arg("--keyring-service")
            .arg(&self.service)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Starts the CLI with `stdin` written and closed.
    pub fn spawn(&self, args: &[&str], stdin: &str) -> Child {
        let mut child = self.command(args).spawn().expect("spawn ampel-cli");
        if let Some(mut pipe) = child.stdin.take() {
            // The child may be killed before reading: ignore a broken pipe.
            let _ = pipe.write_all(stdin.as_bytes());
        }
        child
    }

    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        self.spawn(args, stdin).wait_with_output().expect("wait")
    }

    /// `accounts add --provider github --name NAME --token-stdin` and `extra`, with `stdin`.
    fn add_github(&self, name: &str, extra: &[&str], stdin: &str) -> Output {
        let mut args = vec![
            "accounts",
            "add",
            "--provider",
            "github",
            "--name",
            name,
            "--token-stdin",
        ];
        args.extend_from_slice(extra);
        self.run(&args, stdin)
    }

    /// Adds (and validates) the account "Demo" on the fake forge's GitHub at `base`.
    pub fn add_demo_github(&self, base: &str, token: &str) -> Output {
        self.add_github("Demo", &["--base-url", base], token)
    }

    pub fn add(&self, name: &str, tok: &str) -> Output {
        self.add_github(name, &["--no-test"], &format!("{tok}\n"))
    }

    pub fn list_json(&self) -> Vec<serde_json::Value> {
        let out = self.run(&["accounts", "list", "--json"], "");
        assert_eq!(out.status.code(), Some(0), "list: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("list json")
    }

    pub fn names(&self) -> Vec<String> {
        self.list_json()
            .iter()
            .filter_map(|a| a["name"].as_str().map(str::to_string))
            .collect()
    }

    pub fn all_files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir.path())
            .expect("read dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = self.source().delete(Slot::Live);
        let _ = self.source().delete(Slot::Pending);
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}
