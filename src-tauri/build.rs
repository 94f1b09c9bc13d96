//! Build script: Tauri's codegen, with capabilities kept under src-tauri/ and an
//! `allow-<command>` permission per app command (app_commands.rs), so a command
//! is callable from a window only when its capability lists it.

include!("app_commands.rs");

fn main() {
    // The bundled UI is embedded at compile time. `make` builds it first; a bare
    // `cargo clippy` on a fresh clone still compiles (serving an empty folder).
    let dist = std::path::Path::new("ui/dist");
    if !dist.exists() {
        if let Err(e) = std::fs::create_dir_all(dist) {
            println!("cargo:warning=could not create ui/dist: {e}");
        }
    }
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/app_commands.rs");
    println!("cargo:rerun-if-changed=ui/dist");
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        panic!("tauri-build failed: {e:#}");
    }
}
