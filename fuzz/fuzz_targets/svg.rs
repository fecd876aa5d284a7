//! An SVG's bytes through format detection and the logo checks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onboard::testing::{inspect_bytes, inspect_svg};

fuzz_target!(|data: &[u8]| {
    inspect_bytes("logo.svg", data);
    // The parser on its own too: a problem's line lies inside the file.
    if let Ok(problems) = inspect_svg(data) {
        let lines = data.split(|&b| b == b'\n').count() as u32;
        for p in problems {
            assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
        }
    }
});
