//! A form's bytes through reading, parsing, the structural and all offline checks (the logo
//! included: the form's folder holds a PNG, a JPEG and an SVG), and every report format.
//! Invariant besides "no panic": each finding's line and column lie inside the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
use onboard::report::{self, RenderOptions};
use onboard::RunReport;
use onboard::testing::{Options, validate_bytes};

fn form_dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, bytes) in [
            (
                "logo.png",
                &include_bytes!("../../tests/fixtures/raster/logo.png")[..],
            ),
            (
                "logo.jpg",
                &include_bytes!("../../tests/fixtures/raster/logo.jpg")[..],
            ),
            (
                "logo.svg",
                &include_bytes!("../../tests/fixtures/svg/safe--bremerhaven.svg")[..],
            ),
        ] {
            std::fs::write(dir.path().join(name), bytes).expect("write logo");
        }
        std::fs::create_dir(dir.path().join("logos")).expect("folder");
        dir
    })
    .path()
}

fuzz_target!(|data: &[u8]| {
    let options = Options {
        catalog: Catalog::builtin(),
        areas: AreaDirectory::builtin(),
        today: jiff::civil::date(2026, 11, 28),
        keep_logos: false,
    };
    let file = validate_bytes(data.to_vec(), "form.toml", form_dir(), &options);
    if let Some(source) = &file.source {
        let lines = source.text().split('\n').count();
        for d in &file.diagnostics {
            assert!(d.line >= 1 && d.line <= lines, "line {} of {lines}", d.line);
            let line = source
                .text()
                .split('\n')
                .nth(d.line - 1)
                .unwrap_or_default();
            assert!(
                d.column >= 1 && d.column <= line.chars().count() + 1,
                "column {} of {:?}",
                d.column,
                line
            );
        }
    }
    let run = RunReport { files: vec![file] };
    let options = RenderOptions::default();
    report::human::render(&run, &options);
    report::json::render(&run, &options);
    report::sarif::render(&run, &options);
    report::junit::render(&run, &options);
    report::github::render(&run, &options);
    report::gitlab::render(&run, &options);
});
