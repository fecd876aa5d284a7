//! A bundle run ships each logo exactly as its validation read it: while the file is
//! unchanged, the bytes kept from validation (not read again); once it changed, the file is
//! read and inspected again (and refused if validation did not see what it holds now).

mod common;

use common::*;
use onboard::RunReport;
use onboard::engine::FormFile;

/// The logo bytes of the one bundle built from the run.
fn shipped_logo(files: &[FormFile], run: &RunReport) -> Vec<u8> {
    let bundle = built(files, run).remove(0).expect("the bundle builds");
    bundle
        .files
        .into_iter()
        .find(|f| f.name.starts_with("logo-"))
        .expect("a logo")
        .bytes
}

#[test]
fn an_unchanged_logo_ships_as_validation_read_it() {
    let s = Scratch::new();
    s.form("forms/form.toml", VALID_FORM);
    let on_disk = std::fs::read(s.path().join("forms/logo.png")).unwrap();

    let (files, mut run) = validated(&s.path().join("forms"), true);
    let kept = onboard::testing::kept_logo(&mut run.files[0]).expect("kept");
    assert_eq!(*kept, on_disk);
    // Mark the kept copy (the file stays as it is): what ships is the copy, so the file
    // was not read again.
    let marked = png(300, 300);
    assert_ne!(marked, on_disk);
    *kept = marked.clone();
    assert_eq!(shipped_logo(&files, &run), marked);

    // Without keeping (a plain validation), the bundle reads the file.
    let (files, mut run) = validated(&s.path().join("forms"), false);
    assert!(onboard::testing::kept_logo(&mut run.files[0]).is_none());
    assert_eq!(shipped_logo(&files, &run), on_disk);
}

#[test]
fn a_logo_rewritten_after_validation_is_read_and_inspected_again() {
    let s = Scratch::new();
    s.form("forms/form.toml", VALID_FORM);
    let (files, run) = validated(&s.path().join("forms"), true);
    // The same name, new content that passes: the new bytes ship, inspected.
    let newer = png(400, 200);
    std::thread::sleep(std::time::Duration::from_millis(20));
    s.write("forms/logo.png", &newer);
    assert_eq!(shipped_logo(&files, &run), newer);
    // Content that would not pass: no bundle.
    s.write("forms/logo.png", png(5000, 200));
    let built = onboard::testing::build_run(
        &files,
        &run,
        onboard::catalog::Catalog::builtin(),
        "2025-11-30",
        false,
    );
    let error = built.into_iter().next().unwrap().unwrap().unwrap_err();
    let said = onboard::messages::message(onboard::messages::Lang::En, &error.text());
    assert!(said.contains("4,096"), "{said}");
}
