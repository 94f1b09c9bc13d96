//! WebKitGTK's compositing mode off by default: the dashboard is a flat list, and
//! painting it without GL saves about a quarter of the memory of the window's
//! process tree (`make bench-startup`) and keeps clear of the GL and DMA-BUF
//! driver bugs that leave WebKitGTK windows blank on some machines.

/// WebKitGTK's switch for its compositing mode (read when the web view is made).
const WEBKIT_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// `AMPEL_GPU=1` keeps WebKitGTK's default (GPU-composited) painting.
const GPU_ENV: &str = "AMPEL_GPU";

/// Whether to turn compositing off, given the two variables as set now: not when
/// the user asked for the GPU, nor when `WEBKIT_DISABLE_COMPOSITING_MODE` is
/// already set either way.
fn wants_switch(gpu: Option<&str>, switch: Option<&str>) -> bool {
    gpu != Some("1") && switch.is_none()
}

/// Turns compositing off unless the user chose otherwise. Call first thing in
/// `run`, before any thread starts (it sets a process environment variable).
pub fn paint_without_compositing() {
    let gpu = std::env::var(GPU_ENV).ok();
    let switch = std::env::var(WEBKIT_SWITCH).ok();
    if wants_switch(gpu.as_deref(), switch.as_deref()) {
        std::env::set_var(WEBKIT_SWITCH, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::wants_switch;

    #[test]
    fn compositing_goes_off_unless_the_user_chose() {
        assert!(wants_switch(None, None));
        assert!(wants_switch(Some("0"), None));
        assert!(!wants_switch(Some("1"), None));
        assert!(!wants_switch(None, Some("0")));
        assert!(!wants_switch(None, Some("1")));
    }
}
