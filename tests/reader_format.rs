//! Numbers, sizes and dates in the reader's format: German texts write `15.09.2025`,
//! `262.144` and `1 MiB`, English ones ISO dates (`2025-09-15`) and `262,144`; the form
//! itself keeps its ISO dates.

mod common;

use common::*;

/// The human report of `command` (`validate` or `status`) on `form.toml` in `lang`.
fn human(scratch: &Scratch, lang: &str, command: &str) -> String {
    let out = onboard(
        scratch.path(),
        &["--lang", lang, command, "--offline", "form.toml"],
    );
    stdout(&out) + &stderr(&out)
}

#[test]
fn status_names_the_agreement_date_as_the_reader_writes_it() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant(
            "state_agreement_on = 2025-06-01",
            "state_agreement_on = 2025-09-15",
        ),
    );
    let de = human(&s, "de", "status");
    assert!(de.contains("geschlossen am 15.09.2025"), "{de}");
    assert!(!de.contains("2025-09-15"), "{de}");
    let en = human(&s, "en", "status");
    assert!(en.contains("concluded on 2025-09-15"), "{en}");
}

#[test]
fn an_agreement_in_the_future_names_both_dates_as_the_reader_writes_them() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant(
            "state_agreement_on = 2025-06-01",
            "state_agreement_on = 2999-12-01",
        ),
    );
    let de = human(&s, "de", "validate");
    assert!(
        de.contains("Vereinbarung 01.12.2999 liegt in der Zukunft"),
        "{de}"
    );
    let en = human(&s, "en", "validate");
    assert!(
        en.contains("agreement date 2999-12-01 lies in the future"),
        "{en}"
    );
}

/// A PNG of 256×256 pixels with `len` bytes (padding before its IEND chunk).
fn png_of_len(len: usize) -> Vec<u8> {
    let mut bytes = png(256, 256);
    let iend = bytes.len() - 12;
    let padding = len - bytes.len();
    bytes.splice(iend..iend, std::iter::repeat_n(0u8, padding));
    bytes
}

#[test]
fn a_logo_too_large_names_its_size_and_the_bound_in_binary_units() {
    let s = Scratch::new();
    s.write("logo.png", png_of_len(3 << 19));
    s.form("form.toml", VALID_FORM);
    let de = human(&s, "de", "validate");
    assert!(
        de.contains("hat 1,5 MiB; erlaubt sind höchstens 1 MiB"),
        "{de}"
    );
    let en = human(&s, "en", "validate");
    assert!(en.contains("has 1.5 MiB; at most 1 MiB is allowed"), "{en}");
    assert!(!en.contains("1048576") && !en.contains("1572864"), "{en}");
}

#[test]
fn a_form_too_large_names_its_size_and_the_bound_in_binary_units() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &format!("{VALID_FORM}#{}\n", "x".repeat(300_000)),
    );
    let de = human(&s, "de", "validate");
    assert!(de.contains("höchstens 256 KiB"), "{de}");
    assert!(!de.contains("262144"), "{de}");
    let en = human(&s, "en", "validate");
    assert!(en.contains("at most 256 KiB"), "{en}");
}

#[test]
fn counts_and_bounds_have_the_languages_thousands_separator() {
    let keys: Vec<String> = (0..1500).map(|_| "\"040110000000\"".to_owned()).collect();
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant(
            "regional_keys = [\"040110000000\"]",
            &format!("regional_keys = [{}]", keys.join(", ")),
        ),
    );
    let de = human(&s, "de", "validate");
    assert!(
        de.contains("1.500 Einträge; erlaubt sind höchstens 1.000"),
        "{de}"
    );
    let en = human(&s, "en", "validate");
    assert!(
        en.contains("1,500 entries; at most 1,000 are allowed"),
        "{en}"
    );
}
