//! WebKitGTK settings that must be in place before the first window exists: the
//! dashboard is a list of text, so it is painted in software without WebKit's GPU
//! compositing, which on Linux costs the window ~70 MB (Mesa and LLVM loaded in
//! two processes, tile and layer buffers; README, Figures) and gains a list nothing.

/// WebKitGTK reads this when it creates a web view; any value but `0` turns the
/// compositing mode off (`WEBKIT_DISABLE_COMPOSITING_MODE=0` keeps it on).
const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Turns WebKit's compositing mode off unless the user chose otherwise. Call it
/// first thing in `main`, while the process is single-threaded.
pub fn prefer_software_rendering() {
    if cfg!(target_os = "linux") && std::env::var_os(DISABLE_COMPOSITING).is_none() {
        std::env::set_var(DISABLE_COMPOSITING, "1");
    }
}
