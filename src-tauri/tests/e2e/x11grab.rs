//! Screenshots of the app's window read from the X server (Xvfb).
//!
//! The app paints without WebKit's compositing mode (`main.rs`), and in that
//! mode WebKitWebDriver's screenshot command can wait forever for a frame that a
//! still page never sends (WebKitGTK 2.50; every command after it then hangs).
//! Under Xvfb without a window manager what the window shows is on the root
//! window, so the pixels are read there with Xlib's `XGetImage`.

use std::ffi::CStr;
use std::os::raw::{c_int, c_uint, c_ulong};
use x11_dl::xlib::{self, Xlib};

/// A rectangle on the screen.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: i32,
    y: i32,
    w: u32,
    h: u32,
}

/// Ignores X errors (a window that goes away while it is looked at) instead of
/// Xlib's default handler, which ends the process.
unsafe extern "C" fn ignore_errors(_: *mut xlib::Display, _: *mut xlib::XErrorEvent) -> c_int {
    0
}

/// A PNG of the largest mapped top-level window titled `title` (of the whole
/// screen when there is none), as shown on the X display in `DISPLAY`.
pub fn window_png(title: &str) -> Result<Vec<u8>, String> {
    let xl = Xlib::open().map_err(|e| format!("libX11: {e}"))?;
    // SAFETY: plain Xlib calls on a display this function opens and closes; every
    // pointer Xlib returns is checked for null before use and freed with Xlib.
    unsafe {
        (xl.XSetErrorHandler)(Some(ignore_errors));
        let dpy = (xl.XOpenDisplay)(std::ptr::null());
        if dpy.is_null() {
            return Err("cannot open the X display".into());
        }
        let result = grab(&xl, dpy, title);
        (xl.XCloseDisplay)(dpy);
        result
    }
}

/// Finds the window and reads its pixels from the root window.
unsafe fn grab(xl: &Xlib, dpy: *mut xlib::Display, title: &str) -> Result<Vec<u8>, String> {
    let root = (xl.XDefaultRootWindow)(dpy);
    let screen = attributes(xl, dpy, root).ok_or("no root window attributes")?;
    let screen = Rect {
        x: 0,
        y: 0,
        w: screen.w,
        h: screen.h,
    };
    let rect = find(xl, dpy, root, title)
        .and_then(|r| clip(r, screen))
        .unwrap_or(screen);
    let img = (xl.XGetImage)(dpy, root, rect.x, rect.y, rect.w, rect.h, !0, xlib::ZPixmap);
    if img.is_null() {
        return Err("XGetImage returned nothing".into());
    }
    let rgb = to_rgb(&*img);
    (xl.XDestroyImage)(img);
    encode(rect.w, rect.h, &rgb?)
}

/// The largest viewable child of `root` titled `title`.
unsafe fn find(xl: &Xlib, dpy: *mut xlib::Display, root: c_ulong, title: &str) -> Option<Rect> {
    let (mut r, mut parent) = (0, 0);
    let mut children: *mut c_ulong = std::ptr::null_mut();
    let mut n: c_uint = 0;
    if (xl.XQueryTree)(dpy, root, &mut r, &mut parent, &mut children, &mut n) == 0 {
        return None;
    }
    let mut best: Option<Rect> = None;
    if !children.is_null() {
        for &w in std::slice::from_raw_parts(children, n as usize) {
            let Some(rect) = attributes(xl, dpy, w) else {
                continue;
            };
            let mut name: *mut std::os::raw::c_char = std::ptr::null_mut();
            let named = (xl.XFetchName)(dpy, w, &mut name) != 0 && !name.is_null();
            let matches = named && CStr::from_ptr(name).to_string_lossy() == title;
            if !name.is_null() {
                (xl.XFree)(name.cast());
            }
            let area = u64::from(rect.w) * u64::from(rect.h);
            if matches && best.is_none_or(|b| u64::from(b.w) * u64::from(b.h) < area) {
                best = Some(rect);
            }
        }
        (xl.XFree)(children.cast());
    }
    best
}

/// A window's rectangle when it is viewable.
unsafe fn attributes(xl: &Xlib, dpy: *mut xlib::Display, w: c_ulong) -> Option<Rect> {
    let mut a: xlib::XWindowAttributes = std::mem::zeroed();
    if (xl.XGetWindowAttributes)(dpy, w, &mut a) == 0 || a.map_state != xlib::IsViewable {
        return None;
    }
    Some(Rect {
        x: a.x,
        y: a.y,
        w: u32::try_from(a.width).ok()?,
        h: u32::try_from(a.height).ok()?,
    })
}

/// `r` cut to the screen, when something of it is on the screen.
fn clip(r: Rect, screen: Rect) -> Option<Rect> {
    let x0 = r.x.max(0);
    let y0 = r.y.max(0);
    let x1 = (i64::from(r.x) + i64::from(r.w)).min(i64::from(screen.w));
    let y1 = (i64::from(r.y) + i64::from(r.h)).min(i64::from(screen.h));
    let w = u32::try_from(x1 - i64::from(x0)).ok().filter(|w| *w > 0)?;
    let h = u32::try_from(y1 - i64::from(y0)).ok().filter(|h| *h > 0)?;
    Some(Rect { x: x0, y: y0, w, h })
}

/// The image's pixels as 8-bit RGB (32 bits per pixel, as Xvfb's 24-bit depth).
unsafe fn to_rgb(img: &xlib::XImage) -> Result<Vec<u8>, String> {
    if img.bits_per_pixel != 32 || img.data.is_null() {
        return Err(format!(
            "{} bits per pixel: not supported",
            img.bits_per_pixel
        ));
    }
    let (w, h) = (img.width as usize, img.height as usize);
    let stride = img.bytes_per_line as usize;
    let data = std::slice::from_raw_parts(img.data.cast::<u8>(), stride * h);
    let channel = |px: u32, mask: c_ulong| {
        let mask = mask as u32;
        if mask == 0 {
            return 0;
        }
        ((px & mask) >> mask.trailing_zeros()) as u8
    };
    let mut out = Vec::with_capacity(w * h * 3);
    for row in data.chunks_exact(stride).take(h) {
        for p in row[..w * 4].chunks_exact(4) {
            let bytes = [p[0], p[1], p[2], p[3]];
            let px = if img.byte_order == xlib::MSBFirst {
                u32::from_be_bytes(bytes)
            } else {
                u32::from_le_bytes(bytes)
            };
            out.push(channel(px, img.red_mask));
            out.push(channel(px, img.green_mask));
            out.push(channel(px, img.blue_mask));
        }
    }
    Ok(out)
}

/// Encodes RGB rows as a PNG.
fn encode(w: u32, h: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}
