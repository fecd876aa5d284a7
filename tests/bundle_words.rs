//! `onboard bundle` says every reason in the language of the output: why a form got no
//! bundle (also the library's `BuildError`), and where a bundle went.

mod common;

use common::*;
use onboard::messages::{self, Lang};
use serde_json::Value;

/// Switches off the checks that would keep each value below from the bundle step.
const CHECKS_OFF: &str = r#"[checks]
tenant-id-invalid = "off"
phone-invalid = "off"
url-invalid = "off"
unknown-service = "off"
regional-key-unknown = "off"
jurisdiction-overlap = "off"
"#;

/// Forms that pass validation (their checks switched off) and still cannot be bundled,
/// each with the reason in English and in German.
fn unbundlable() -> [(&'static str, String, &'static str, &'static str); 5] {
    [
        (
            "tenant.toml",
            variant("tenant_id = \"testamt\"", "tenant_id = \"TestAmt\""),
            "the form has no valid tenant_id",
            "der Bestellzettel hat keine gültige `tenant_id`",
        ),
        (
            "phone.toml",
            variant("phone = \"0421 361-0\"", "phone = \"12\""),
            "`12` is not a valid phone number",
            "`12` ist keine gültige Telefonnummer",
        ),
        (
            "website.toml",
            variant(
                "website = \"https://www.testamt.example\"",
                "website = \"http://www.testamt.example\"",
            ),
            "`http://www.testamt.example` is not an https URL",
            "`http://www.testamt.example` ist keine https-Adresse",
        ),
        (
            "service.toml",
            variant(
                "id = \"sorgeregister-negativbescheinigung\"",
                "id = \"elterngeld\"",
            ),
            "the service `elterngeld` is not in the catalog",
            "die Leistung `elterngeld` steht nicht im Leistungskatalog",
        ),
        (
            "areas.toml",
            variant("[\"040110000000\"]", "[\"049990000000\"]"),
            "no regional key names a known area",
            "kein Regionalschlüssel nennt ein bekanntes Gebiet",
        ),
    ]
}

#[test]
fn why_a_form_got_no_bundle_is_said_in_the_language() {
    let s = Scratch::new();
    s.write("onboard.toml", CHECKS_OFF);
    let cases = unbundlable();
    for (name, form, _, _) in &cases {
        // A tenant of its own each (but where the tenant id is the point).
        let tenant = format!("tenant_id = \"amt-{}\"", name.trim_end_matches(".toml"));
        let form = form.replace("tenant_id = \"testamt\"", &tenant);
        s.form(&format!("forms/{name}"), &form);
    }
    for lang in ["en", "de"] {
        let human = onboard(
            s.path(),
            &[
                "--lang",
                lang,
                "bundle",
                "--offline",
                "--out",
                "dist",
                "forms",
            ],
        );
        let json = onboard(
            s.path(),
            &[
                "--lang",
                lang,
                "bundle",
                "--offline",
                "--format",
                "json",
                "--out",
                "dist",
                "forms",
            ],
        );
        assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
        let text = stdout(&human);
        let doc: Value = serde_json::from_str(&stdout(&json)).expect("JSON");
        for (name, _, english, german) in &cases {
            let (failed, reason) = match lang {
                "en" => ("no bundle for", english),
                _ => ("kein Bundle für", german),
            };
            let line = format!("{failed} forms/{name}: {reason}");
            assert!(text.contains(&line), "{line:?} in:\n{text}");
            let file = doc["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"] == format!("forms/{name}"))
                .expect("the file");
            assert_eq!(file["bundle"]["outcome"], "failed");
            assert_eq!(file["bundle"]["reason"], line.as_str());
        }
    }
}

#[test]
fn a_bundle_and_its_archive_are_named_with_the_languages_and() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    for (lang, line) in [
        ("de", "angelegt: dist/testamt/ und dist/testamt.tar.gz"),
        ("en", "unchanged dist/testamt/ and dist/testamt.tar.gz"),
    ] {
        let out = onboard(
            s.path(),
            &[
                "--lang",
                lang,
                "bundle",
                "--offline",
                "--archive",
                "--out",
                "dist",
                "form.toml",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains(line), "{line:?} in {}", stdout(&out));
    }
}

#[test]
fn a_form_or_logo_changed_after_the_check_is_said_in_the_language() {
    let s = Scratch::new();
    s.form("forms/form.toml", VALID_FORM);
    let build = |files: &[onboard::engine::FormFile], run: &onboard::RunReport| {
        built(files, run).remove(0).expect_err("no bundle")
    };
    let said = |error: &onboard::bundle::BuildError, lang| messages::message(lang, &error.text());

    let (files, run) = validated(&s.path().join("forms"), false);
    s.write("forms/logo.png", png(5000, 200));
    let error = build(&files, &run);
    assert!(
        said(&error, Lang::En).starts_with("the logo changed after it was checked: "),
        "{error:?}"
    );
    let german = said(&error, Lang::De);
    assert!(
        german.starts_with("das Logo wurde nach der Prüfung geändert: das Logo"),
        "{german}"
    );
    assert!(german.contains("4.096"), "{german}");

    s.write("forms/logo.png", png(256, 256));
    s.write(
        "forms/form.toml",
        variant("city = \"Bremen\"", "city = \"Bremen-Nord\""),
    );
    let error = build(&files, &run);
    assert_eq!(
        said(&error, Lang::En),
        "the form changed after it was checked"
    );
    assert_eq!(
        said(&error, Lang::De),
        "der Bestellzettel wurde nach der Prüfung geändert"
    );
}
