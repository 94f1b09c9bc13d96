//! The `ampel` binary: all wiring lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    ampel_lib::run();
}
