//! `vault status` and `vault rotate`.

use crate::context::Context;
use crate::exit::CliError;
use clap::Subcommand;

/// Vault commands.
#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Where the data key is, whether it is usable, and which tokens need re-entering.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Create a new data key and re-encrypt every token under it (one transaction).
    Rotate,
}

/// Runs a vault command.
pub async fn run(ctx: &Context, cmd: &VaultCommand) -> Result<(), CliError> {
    match cmd {
        VaultCommand::Status { json } => {
            let s = ctx.store.vault_status().await?;
            if *json {
                println!("{}", crate::accounts::to_json(&s)?);
                return Ok(());
            }
            println!("key source:        {}", s.location);
            if s.weaker_mode {
                println!("mode:              WEAKER (key file; not protected by the OS keyring)");
            } else {
                println!("mode:              OS keyring");
            }
            println!("key:               {}", s.key_state);
            if let Some(detail) = &s.detail {
                println!("detail:            {detail}");
            }
            println!("accounts:          {}", s.accounts);
            println!("tokens to re-enter: {}", s.tokens_to_reenter);
            Ok(())
        }
        VaultCommand::Rotate => {
            let r = ctx.store.rotate_key().await?;
            println!(
                "Rotated the data key: {} token(s) re-encrypted, {} left to re-enter.",
                r.reencrypted, r.skipped
            );
            Ok(())
        }
    }
}
