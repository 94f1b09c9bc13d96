//! Domain types shared by every Ampel crate, so the shell, the CLI and the
//! libraries agree on providers, secrets and where data lives.

pub mod account;
pub mod automation;
pub mod automation_changes;
pub mod changes;
pub mod focus;
pub mod forge_status;
pub mod light;
pub mod link;
pub mod notify;
pub mod paths;
pub mod pr;
pub mod private;
pub mod provider;
pub mod repo_name;
pub mod secret;
pub mod section;
pub mod settings;
pub mod tray;
pub mod triage;
pub mod turn;

pub use provider::Provider;
pub use secret::Secret;
