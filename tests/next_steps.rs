//! Next steps that are clear (issue 16, item 7), in both languages: `status` at stage test
//! with steps 2 and 3 still open, step 7 with its own findings only, the closing line of
//! `status` (what to send to whom, or what to fix first), the line on `onboard explain`
//! that ends a report with findings, `validate` with nothing to check here, and the https
//! suggestion without a session.

mod common;

use common::*;
use serde_json::Value;

/// The valid form at stage test, without agreement date and PVOG entry.
fn test_stage_form() -> String {
    variant(
        "stage = \"production\"\nstate_agreement_on = 2025-06-01\npvog_entry = true\n",
        "stage = \"test\"\n",
    )
}

/// The valid form whose privacy link (step 6) is plain http: an error of step 6 only.
fn step_6_error_form() -> String {
    variant(
        "url = \"https://www.testamt.example/datenschutz\"",
        "url = \"http://www.testamt.example/datenschutz\"",
    )
}

/// `onboard --lang LANG ARGS…` in a folder with `form.toml` (and its logo): exit status,
/// stdout, stderr.
fn run(form: &str, lang: &str, args: &[&str]) -> (i32, String, String) {
    let s = Scratch::new();
    s.form("form.toml", form);
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    let out = onboard(s.path(), &all);
    (out.status.code().unwrap(), stdout(&out), stderr(&out))
}

fn status(form: &str, lang: &str) -> String {
    let (_, text, _) = run(form, lang, &["status", "--offline", "form.toml"]);
    text
}

/// The lines of step `number` in the human checklist: its state line and its details.
fn step_lines(text: &str, number: u8) -> String {
    let start = format!("{number}. ");
    let next = format!("{}. ", number + 1);
    text.lines()
        .skip_while(|l| !l.starts_with(&start))
        .take_while(|l| l.starts_with(&start) || !(l.starts_with(&next) || l.is_empty()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn at_stage_test_steps_2_and_3_are_open_until_production() {
    for (lang, open, missing) in [
        ("en", "still open — needed only for production", "missing"),
        (
            "de",
            "noch offen — erst für den Produktivbetrieb nötig",
            "fehlt",
        ),
    ] {
        let text = status(&test_stage_form(), lang);
        for step in [2, 3] {
            let line = step_lines(&text, step);
            assert!(
                line.starts_with(&format!("{step}. {open}")),
                "{lang}: {line}\n{text}"
            );
            assert!(!line.contains(missing), "{lang}: {line}");
            // Too long for the column of states: the title goes below it, in the column
            // of titles, where every other step's title stands.
            assert!(
                line.starts_with(&format!("{step}. {open}\n ")),
                "{lang}: {line}"
            );
        }
        // The column of a title: where it starts on its line, in characters.
        let column = |title: &str| {
            let line = text.lines().find(|l| l.contains(title)).expect(title);
            line[..line.find(title).unwrap()].chars().count()
        };
        let (two, four) = if lang == "de" {
            (
                "Kontakt mit der zuständigen Stelle im Land aufnehmen",
                "Funktionspostfach für Anträge einrichten",
            )
        } else {
            (
                "Contact the responsible office of the Land",
                "Set up a function mailbox for applications",
            )
        };
        assert_eq!(column(two), column(four), "{lang}: titles align\n{text}");
        // At stage production the same gaps are missing: production needs them.
        let production = status(&variant("state_agreement_on = 2025-06-01\n", ""), lang);
        let line = step_lines(&production, 2);
        assert!(
            line.starts_with(&format!("2. {missing}")),
            "{lang}: {production}"
        );
        assert!(!production.contains(open), "{lang}: {production}");
    }
    // The specification's JSON knows done, missing and not-yet-due only.
    let (_, json, _) = run(
        &test_stage_form(),
        "en",
        &["status", "--offline", "--format", "json", "form.toml"],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["steps"][1]["state"], "missing");
    assert_eq!(json["steps"][2]["state"], "missing");
}

#[test]
fn step_7_speaks_only_of_its_own_findings() {
    for (lang, also_open, done) in [
        ("en", "also open", "7. done"),
        ("de", "außerdem offen", "7. erledigt"),
    ] {
        let text = status(&step_6_error_form(), lang);
        let step_7 = step_lines(&text, 7);
        assert!(!text.contains(also_open), "{lang}: {text}");
        assert!(step_7.starts_with(done), "{lang}: {text}");
        // An error of its own shows at step 7.
        let text = status(&variant("28195", "2819"), lang);
        let step_7 = step_lines(&text, 7);
        assert!(step_7.contains("2819"), "{lang}: {text}");
        assert!(!text.contains(also_open), "{lang}: {text}");
    }
    let (_, json, _) = run(
        &step_6_error_form(),
        "en",
        &["status", "--offline", "--format", "json", "form.toml"],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["steps"][5]["state"], "missing");
    assert_eq!(json["steps"][6]["findings"], Value::Array(Vec::new()));
}

#[test]
fn status_ends_with_what_to_send_to_whom_or_what_to_fix_first() {
    for (lang, send, fix_one, fix_two) in [
        (
            "en",
            "Next: send the order form `form.toml` and the logo `logo.png` to your contact person for the online service;",
            "Next: first fix what is missing at step 6; only then send the order form and the logo to your contact person for the online service.",
            "at steps 6 and 7;",
        ),
        (
            "de",
            "Als Nächstes: schicken Sie den Bestellzettel `form.toml` und das Logo `logo.png` an Ihre Ansprechperson für den Onlinedienst;",
            "Als Nächstes: beheben Sie zuerst, was bei Schritt 6 fehlt; erst dann schicken Sie den Bestellzettel und das Logo an Ihre Ansprechperson für den Onlinedienst.",
            "bei den Schritten 6 und 7 fehlt;",
        ),
    ] {
        // Ready for its stage, production or test: the last line says what to send.
        for form in [VALID_FORM.to_owned(), test_stage_form()] {
            let text = status(&form, lang);
            assert!(
                text.lines().last().unwrap().starts_with(send),
                "{lang}: {text}"
            );
        }
        // Not ready: what to fix first, and nothing to send yet.
        let text = status(&step_6_error_form(), lang);
        assert_eq!(text.lines().last().unwrap(), fix_one, "{lang}: {text}");
        assert!(!text.contains(send), "{lang}: {text}");
        let text = status(&step_6_error_form().replace("28195", "2819"), lang);
        assert!(
            text.lines().last().unwrap().contains(fix_two),
            "{lang}: {text}"
        );
        // A production form ready for test operation only is not ready for its stage.
        let text = status(&variant("state_agreement_on = 2025-06-01\n", ""), lang);
        assert!(!text.contains(send), "{lang}: {text}");
        assert!(
            text.lines().last().unwrap().contains(if lang == "en" {
                "step 2;"
            } else {
                "Schritt 2 fehlt"
            }),
            "{lang}: {text}"
        );
    }
}

#[test]
fn a_report_with_findings_ends_with_how_to_explain_one() {
    let form = variant(
        "applications = \"sorgeregister@testamt.example\"",
        "applications = \"erika.beispiel@testamt.example\"",
    );
    for (lang, line) in [
        (
            "en",
            "For more on a finding: `onboard explain mailbox-personal`",
        ),
        (
            "de",
            "Mehr zu einer Meldung: `onboard explain mailbox-personal`",
        ),
    ] {
        let (code, text, _) = run(&form, lang, &["validate", "--offline", "form.toml"]);
        assert_eq!(code, 0, "a warning only: {text}");
        assert_eq!(text.lines().last(), Some(line), "{lang}: {text}");
        assert_eq!(text.matches(line).count(), 1, "{lang}: {text}");
        // The bundle run ends with it too, after its bundles' lines.
        let (_, text, _) = run(&form, lang, &["bundle", "--offline", "form.toml"]);
        assert_eq!(text.lines().last(), Some(line), "{lang}: {text}");
        // Without findings there is nothing to explain.
        let (code, text, _) = run(VALID_FORM, lang, &["validate", "--offline", "form.toml"]);
        assert_eq!(code, 0);
        assert!(!text.contains("onboard explain"), "{lang}: {text}");
        // Machine formats stay as they are.
        for format in ["json", "sarif", "junit", "github", "gitlab"] {
            let (_, text, _) = run(
                &form,
                lang,
                &["validate", "--offline", "--format", format, "form.toml"],
            );
            assert!(!text.contains("onboard explain"), "{lang} {format}: {text}");
        }
        let (_, text, _) = run(
            &form,
            lang,
            &["bundle", "--offline", "--format", "json", "form.toml"],
        );
        assert!(
            !text.contains("onboard explain"),
            "{lang} bundle json: {text}"
        );
    }
}

#[test]
fn validate_with_nothing_here_says_how_to_name_a_form() {
    let s = Scratch::new();
    for (lang, validate, bundle) in [
        (
            "en",
            "no folder `order-forms/` here; name the order form: `onboard validate FILE`",
            "name the order form: `onboard bundle FILE`",
        ),
        (
            "de",
            "kein Ordner `order-forms/` hier; nennen Sie den Bestellzettel: `onboard validate DATEI`",
            "nennen Sie den Bestellzettel: `onboard bundle DATEI`",
        ),
    ] {
        let out = onboard(s.path(), &["--lang", lang, "validate", "--offline"]);
        assert_eq!(out.status.code(), Some(2), "{lang}");
        assert!(stderr(&out).contains(validate), "{lang}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("order-forms:"),
            "{lang}: {}",
            stderr(&out)
        );
        let out = onboard(s.path(), &["--lang", lang, "bundle", "--offline"]);
        assert_eq!(out.status.code(), Some(2), "{lang}");
        assert!(stderr(&out).contains(bundle), "{lang}: {}", stderr(&out));
    }
    // A path that is named and missing is still said to be missing.
    let out = onboard(s.path(), &["validate", "--offline", "nowhere.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nowhere.toml: no such file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_https_suggestion_leaves_out_the_session_and_the_fragment() {
    let form = variant(
        "url = \"https://www.testamt.example/datenschutz\"",
        "url = \"http://www.testamt.example/datenschutz?sid=8f2a#oben\"",
    );
    for lang in ["en", "de"] {
        let (_, text, _) = run(
            &form,
            lang,
            &["validate", "--offline", "--format", "json", "form.toml"],
        );
        let json: Value = serde_json::from_str(&text).unwrap();
        let d = only(&json, "privacy-url-not-https");
        let help = d["help"].as_str().unwrap();
        assert!(
            help.contains("`https://www.testamt.example/datenschutz`"),
            "{lang}: {help}"
        );
        assert!(
            !help.contains("sid=") && !help.contains('#'),
            "{lang}: {help}"
        );
    }
}
