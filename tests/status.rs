//! `onboard status`: the eight steps of the guide for a test-stage form, a production-ready
//! form and forms in between, as text and as the JSON of the specification.

mod common;

use common::*;
use serde_json::Value;

fn status(form: &str) -> (i32, Value) {
    let s = Scratch::new();
    s.form("form.toml", form);
    let out = onboard(
        s.path(),
        &["status", "--offline", "--format", "json", "form.toml"],
    );
    let json = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap(), json)
}

fn states(json: &Value) -> Vec<&str> {
    json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect()
}

/// The states of the eight steps when those numbered in `missing` are missing and the
/// others done; the eighth (the dDatabox) is not yet due for any form here.
fn all_done_but(missing: &[usize]) -> Vec<&'static str> {
    (1..=8)
        .map(|step| match step {
            8 => "not-yet-due",
            _ if missing.contains(&step) => "missing",
            _ => "done",
        })
        .collect()
}

fn detail(json: &Value, step: usize) -> &str {
    json["steps"][step - 1]["detail"].as_str().unwrap()
}

/// The valid form at stage test, without agreement date and PVOG entry.
fn test_stage_form() -> String {
    variant(
        "[onboarding]\nstage = \"production\"\nstate_agreement_on = 2025-06-01\npvog_entry = true\n",
        "",
    )
}

#[test]
fn a_production_ready_form_has_every_step_done_but_the_dddatabox() {
    let (code, json) = status(VALID_FORM);
    assert_eq!(code, 0);
    // (serde_json's map here is sorted; the output itself keeps the specification's order)
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["path", "ready_for", "steps", "tenant_id"]);
    assert_eq!(json["path"], "form.toml");
    assert_eq!(json["tenant_id"], "testamt");
    assert_eq!(json["ready_for"], "production");
    assert_eq!(states(&json), all_done_but(&[]));
    for (i, step) in json["steps"].as_array().unwrap().iter().enumerate() {
        let keys: Vec<&String> = step.as_object().unwrap().keys().collect();
        // The specification's keys, and each step's findings (issue 13).
        assert_eq!(keys, ["detail", "findings", "state", "step", "title"]);
        assert_eq!(step["step"], i + 1);
    }
    assert_eq!(
        json["steps"][6]["title"],
        "Fill in the order form (Bestellzettel)"
    );
    assert!(detail(&json, 1).contains("Erika Beispiel") && detail(&json, 1).contains("Max Probe"));
    assert!(detail(&json, 2).contains("2025-06-01"));
    assert!(detail(&json, 3).contains("99013016012001"));
    assert_eq!(detail(&json, 4), "sorgeregister@testamt.example");
    assert!(detail(&json, 6).contains("not checked"), "offline says so");
    assert!(detail(&json, 7).contains("040110000000 (Bremen, Stadt)"));
}

#[test]
fn a_test_stage_form_is_ready_for_test_with_steps_2_and_3_missing() {
    let (code, json) = status(&test_stage_form());
    assert_eq!(code, 0);
    assert_eq!(json["ready_for"], "test");
    assert_eq!(states(&json), all_done_but(&[2, 3]));
    assert!(detail(&json, 2).contains("state_agreement_on"), "{json:#}");
    assert!(detail(&json, 3).contains("pvog_entry"), "{json:#}");
}

#[test]
fn a_test_stage_form_with_agreement_and_pvog_entry_is_told_to_switch() {
    let (_, json) = status(&VALID_FORM.replace("stage = \"production\"", "stage = \"test\""));
    assert_eq!(json["ready_for"], "test");
    assert_eq!(states(&json)[..7], ["done"; 7]);
    assert!(
        detail(&json, 7).contains("stage = \"production\""),
        "{json:#}"
    );
}

#[test]
fn production_without_agreement_is_ready_for_test_only() {
    let (code, json) = status(&variant("state_agreement_on = 2025-06-01\n", ""));
    assert_eq!(code, 0);
    assert_eq!(json["ready_for"], "test");
    assert_eq!(states(&json)[1], "missing");
    assert!(detail(&json, 2).contains("FIT-Store"), "{json:#}");
    // Step 7 has no error of its own: it does not repeat step 2's (issue 16), and it is
    // not "complete" while the form has an error for its stage.
    assert_eq!(states(&json)[6], "done");
    assert!(!detail(&json, 7).contains("step 2"), "{json:#}");
    assert!(!detail(&json, 7).contains("complete"), "{json:#}");
}

#[test]
fn errors_name_their_step_and_block_test_operation() {
    let form = variant(
        "contact_form = \"kontakt@testamt.example\"",
        "contact_form = \"kontakt(at)testamt.example\"",
    )
    .replace("28195", "2819");
    let (code, json) = status(&form);
    assert_eq!(code, 1);
    assert_eq!(json["ready_for"], Value::Null);
    assert_eq!(states(&json), all_done_but(&[5, 7]));
    assert!(detail(&json, 5).contains("kontakt(at)testamt.example"));
    // Step 7 shows its own error, not step 5's (issue 16).
    assert!(detail(&json, 7).contains("2819") && !detail(&json, 7).contains("step 5"));
}

#[test]
fn warnings_are_shown_on_a_done_step() {
    let (code, json) = status(&variant(
        "applications = \"sorgeregister@testamt.example\"",
        "applications = \"sorgeregister@gmx.de\"",
    ));
    assert_eq!((code, json["ready_for"].as_str()), (0, Some("production")));
    assert_eq!(states(&json)[3], "done");
    assert!(detail(&json, 4).contains("free-mail"), "{json:#}");
}

#[test]
fn an_unreadable_form_has_every_step_missing() {
    let (code, json) = status("schema_version = 1\n[authority\n");
    assert_eq!(code, 1);
    assert_eq!(json["tenant_id"], Value::Null);
    assert_eq!(json["ready_for"], Value::Null);
    assert_eq!(states(&json)[..7], ["missing"; 7]);
}

/// A form that is there but cannot be read (`file-unreadable`): reading a process's own
/// memory at its start fails with EIO, for root as well.
#[cfg(target_os = "linux")]
#[test]
fn a_form_that_cannot_be_read_says_so_on_every_step() {
    let s = Scratch::new();
    for (lang, words) in [
        ("en", "the form cannot be read"),
        ("de", "Bestellzettel kann nicht gelesen werden"),
    ] {
        let out = onboard(
            s.path(),
            &[
                "--lang",
                lang,
                "status",
                "--offline",
                "--format",
                "json",
                "/proc/self/mem",
            ],
        );
        let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(json["ready_for"], Value::Null);
        assert_eq!(states(&json)[..7], ["missing"; 7]);
        for step in 1..=7 {
            assert!(detail(&json, step).contains(words), "{json:#}");
        }
    }
}

#[test]
fn the_human_checklist_shows_steps_states_and_readiness() {
    let s = Scratch::new();
    s.form("form.toml", &test_stage_form());
    let out = onboard(
        s.path(),
        &["--lang", "de", "status", "--offline", "form.toml"],
    );
    let text = stdout(&out);
    for needle in [
        "Stand der Anbindung: form.toml (testamt)",
        "1. erledigt",
        "2. noch offen — erst für den Produktivbetrieb nötig",
        "Kontakt mit der zuständigen Stelle im Land aufnehmen",
        "8. noch nicht fällig",
        "dDatabox-Zugänge erhalten",
        "Bereit für den Testbetrieb.",
    ] {
        assert!(text.contains(needle), "{needle} in:\n{text}");
    }
}

#[test]
fn status_takes_one_form() {
    let s = Scratch::new();
    s.form("forms/a.toml", VALID_FORM);
    s.form("forms/b.toml", VALID_FORM);
    let out = onboard(s.path(), &["status", "--offline", "forms"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("one form"), "{}", stderr(&out));
    let out = onboard(s.path(), &["status", "--offline", "nowhere.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn a_form_that_is_not_read_has_every_step_missing() {
    // A link out of the form's folder is refused unread (`file-outside-folder`): no step
    // can be done, not even those without an error of their own.
    let s = Scratch::new();
    s.write("outside.toml", VALID_FORM);
    std::fs::create_dir(s.path().join("forms")).unwrap();
    std::os::unix::fs::symlink("../outside.toml", s.path().join("forms/link.toml")).unwrap();
    let out = onboard(
        s.path(),
        &["status", "--offline", "--format", "json", "forms/link.toml"],
    );
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(states(&json)[..7], ["missing"; 7], "{json:#}");
    for step in &json["steps"].as_array().unwrap()[..7] {
        assert_eq!(step["findings"][0]["code"], "file-outside-folder", "{step}");
    }
}

/// A step with a warning is "done, please review", and the readiness line says the
/// warnings need a look, in both languages; the JSON state and the exit status stay.
#[test]
fn a_step_with_a_warning_asks_for_review() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant(
            "applications = \"sorgeregister@testamt.example\"",
            "applications = \"sorgeregister@gmail.com\"",
        ),
    );
    for (lang, step_4, step_5, ready) in [
        (
            "en",
            "4. done, please review",
            "5. done ",
            "Ready for production operation, but please review the warnings first.",
        ),
        (
            "de",
            "4. erledigt, bitte prüfen",
            "5. erledigt ",
            "Bereit für den Produktivbetrieb, aber bitte prüfen Sie zuerst die Hinweise.",
        ),
    ] {
        let out = onboard(
            s.path(),
            &["--lang", lang, "status", "--offline", "form.toml"],
        );
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{lang}: {text}");
        for needle in [step_4, step_5, ready] {
            assert!(text.contains(needle), "{needle} in:\n{text}");
        }
    }
}
