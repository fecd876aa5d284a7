//! A raster header through format sniffing and size detection (never decoding pixels).
#![no_main]

use libfuzzer_sys::fuzz_target;
use onboard::testing::{Format, inspect_bytes, inspect_raster};

fuzz_target!(|data: &[u8]| {
    // As a form names it, under each extension: sniffing must not trust the name.
    for name in ["logo.png", "logo.jpg", "logo.svg"] {
        inspect_bytes(name, data);
    }
    for format in [Format::Png, Format::Jpeg] {
        let _ = inspect_raster(format, data);
    }
});
