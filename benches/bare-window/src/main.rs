//! A bare Tauri window (one static page, no plugins, no state): the reference
//! `scripts/bench-startup.sh` measures Ampel's start-up and memory against.

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the bare window stopped with an error: {e}");
        std::process::exit(1);
    }
}
