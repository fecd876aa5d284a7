//! `explain` and `status` tell a clerk the same steps of the guide for a finding: both take
//! them from the finding's field in the one table of fields. (The exhaustive check over
//! every code and every field it can concern is a unit test of `src/explain.rs`.)

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

/// `status --format json` of a form.
fn status_json(form: &str) -> Value {
    let s = Scratch::new();
    s.form("form.toml", form);
    let out = onboard(
        s.path(),
        &["status", "--offline", "--format", "json", "form.toml"],
    );
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", stdout(&out), stderr(&out)))
}

/// `explain --format json CODE`.
fn explain_json(code: &str) -> Value {
    let out = onboard(
        std::path::Path::new("."),
        &["explain", "--format", "json", code],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", stdout(&out), stderr(&out)))
}

fn numbers(steps: &Value) -> BTreeSet<u64> {
    steps
        .as_array()
        .unwrap_or_else(|| panic!("steps: {steps}"))
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect()
}

/// A path without the indices of array items, as the table of fields writes it.
fn without_indices(path: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for c in path.chars() {
        match c {
            '[' => skip = true,
            ']' => skip = false,
            _ if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

/// A form with many findings, on fields of every step.
fn many_mistakes() -> String {
    VALID_FORM
        .replace("max.probe@testamt.example", "max.probe(at)testamt.example")
        .replace("0421 361-1234", "12")
        .replace("tenant_id = \"testamt\"", "tenant_id = \"Testamt\"")
        .replace("99013016012001", "99013016012010")
        .replace(
            "applications = \"sorgeregister@testamt.example\"",
            "applications = \"sorgeregister@gmx.de\"",
        )
        .replace(
            "contact_form = \"kontakt@testamt.example\"",
            "contact_form = \"kontakt(at)testamt.example\"",
        )
        .replace("28195", "2819")
        .replace("pvog_entry = true", "pvog_entry = true\npvog = true")
        .replace(
            "https://www.testamt.example/datenschutz",
            "http://x.example/?sid=1",
        )
}

#[test]
fn every_finding_of_status_stands_at_the_steps_explain_names_for_its_field() {
    let status = status_json(&many_mistakes());
    let mut placed: std::collections::BTreeMap<(String, String), BTreeSet<u64>> =
        Default::default();
    for step in status["steps"].as_array().unwrap() {
        for finding in step["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("no findings in {step}"))
        {
            let key = (
                finding["code"].as_str().unwrap().to_owned(),
                finding["field"].as_str().unwrap().to_owned(),
            );
            placed
                .entry(key)
                .or_default()
                .insert(step["step"].as_u64().unwrap());
        }
    }
    assert!(placed.len() >= 10, "{placed:?}");
    for ((code, field), steps) in &placed {
        let explained = explain_json(code);
        let path = without_indices(field);
        // The field itself, or for an unknown key the table it stands in.
        let of_field = explained["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                let p = f["path"].as_str().unwrap();
                path == p || path.starts_with(&format!("{p}."))
            })
            .max_by_key(|f| f["path"].as_str().unwrap().len())
            .unwrap_or_else(|| panic!("explain {code} does not name {field}: {explained}"));
        assert_eq!(
            *steps,
            numbers(&of_field["steps"]),
            "{code} at {field}: status and explain"
        );
        assert!(steps.is_subset(&numbers(&explained["steps"])), "{code}");
    }
}

#[test]
fn a_contact_email_belongs_to_steps_1_and_7_in_explain_and_status() {
    let out = onboard(
        std::path::Path::new("."),
        &["--lang", "en", "explain", "email-invalid"],
    );
    let text = stdout(&out);
    assert!(text.contains("guide steps 1, 4, 5, 7"), "{text}");
    assert!(!text.contains("guide step 4:"), "{text}");

    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant("max.probe@testamt.example", "max.probe(at)testamt.example"),
    );
    let out = onboard(s.path(), &["status", "--offline", "form.toml"]);
    let text = stdout(&out);
    let at = |step: u8| {
        let start = text.find(&format!("\n{step}. ")).unwrap();
        let end = text[start + 1..]
            .find(&format!("\n{}. ", step + 1))
            .map_or(text.len(), |e| start + 1 + e);
        text[start..end].to_owned()
    };
    let message = "`max.probe(at)testamt.example` is not a valid e-mail address";
    assert!(at(1).contains(message), "{text}");
    assert!(at(7).contains(message), "{text}");
    for step in [2, 3, 4, 5, 6] {
        assert!(!at(step).contains(message), "step {step}: {text}");
    }
}

#[test]
fn status_json_lists_the_findings_of_each_step() {
    let status = status_json(&variant(
        "contact_form = \"kontakt@testamt.example\"",
        "contact_form = \"kontakt(at)testamt.example\"",
    ));
    let step5 = &status["steps"][4];
    assert_eq!(step5["state"], "missing");
    let findings = step5["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{step5}");
    let keys: Vec<&String> = findings[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["code", "field", "message", "severity"]);
    assert_eq!(findings[0]["code"], "email-invalid");
    assert_eq!(findings[0]["field"], "mailboxes.contact_form");
    assert_eq!(findings[0]["severity"], "error");
    assert_eq!(
        findings[0]["message"],
        "`kontakt(at)testamt.example` is not a valid e-mail address"
    );
    // A done step has none; the spec's keys are all still there.
    assert_eq!(status["steps"][0]["findings"], Value::Array(Vec::new()));
    for step in status["steps"].as_array().unwrap() {
        for key in ["step", "title", "state", "detail"] {
            assert!(step.get(key).is_some(), "{key} in {step}");
        }
    }
}

#[test]
fn explain_json_gives_code_severity_area_steps_fields_and_texts() {
    let json = explain_json("mailbox-freemail");
    assert_eq!(json["code"], "mailbox-freemail");
    assert_eq!(json["severity"], "warning");
    assert_eq!(json["area"], "mailboxes");
    assert_eq!(json["online"], false);
    assert_eq!(numbers(&json["steps"]), BTreeSet::from([4, 5]));
    let fields: Vec<&str> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["mailboxes.applications", "mailboxes.contact_form"]);
    for part in ["summary", "checks", "why", "fix", "wrong", "right"] {
        assert!(
            json["texts"][part].as_str().is_some_and(|t| !t.is_empty()),
            "{part}: {json}"
        );
    }
    // In the language asked for.
    let out = onboard(
        std::path::Path::new("."),
        &[
            "--lang",
            "de",
            "explain",
            "--format",
            "json",
            "mailbox-freemail",
        ],
    );
    let de: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_ne!(de["texts"]["summary"], json["texts"]["summary"]);
    assert_eq!(de["steps"], json["steps"]);
    // A finding about the file as a whole concerns no field and no step.
    let json = explain_json("toml-syntax");
    assert_eq!(json["steps"], Value::Array(Vec::new()));
    assert_eq!(json["fields"], Value::Array(Vec::new()));
}

#[test]
fn explain_list_json_holds_every_code() {
    let out = onboard(
        std::path::Path::new("."),
        &["explain", "--list", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    let listed = stdout(&onboard(std::path::Path::new("."), &["explain", "--list"]));
    let expected: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(codes, expected);
    assert_eq!(all[0], explain_json(codes[0]));
}
