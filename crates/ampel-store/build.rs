//! Rebuilds when a migration is added, which `sqlx::migrate!` does not always notice.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
