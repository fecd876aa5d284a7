//! `onboard bundle --format json`: the validation's JSON result, each file with what became
//! of its bundle, and the counts — for pipelines that deploy what changed.

mod common;

use common::*;
use serde_json::Value;

fn run_json(s: &Scratch, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["bundle", "--offline", "--format", "json", "--out", "dist"];
    all.extend_from_slice(args);
    let out = onboard(s.path(), &all);
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let doc = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code(), doc)
}

/// `files[].bundle` by path, as (outcome, folder, reason given).
fn outcomes(doc: &Value) -> Vec<(String, String, Value, bool)> {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let b = &f["bundle"];
            (
                f["path"].as_str().unwrap().to_owned(),
                b["outcome"].as_str().unwrap().to_owned(),
                b["folder"].clone(),
                b["reason"].is_string(),
            )
        })
        .collect()
}

#[test]
fn each_file_says_what_became_of_its_bundle() {
    let s = Scratch::new();
    s.form("forms/a.toml", VALID_FORM);
    s.form(
        "forms/b.toml",
        &variant("postal_code = \"28195\"", "postal_code = \"2819\"")
            .replace("tenant_id = \"testamt\"", "tenant_id = \"zweitamt\"")
            .replace("\"040110000000\"", "\"040120000000\""),
    );

    let (code, doc) = run_json(&s, &["forms"]);
    assert_eq!(code, Some(1), "b has an error");
    assert_eq!(
        outcomes(&doc),
        [
            (
                "forms/a.toml".into(),
                "created".into(),
                Value::from("dist/testamt/"),
                false
            ),
            ("forms/b.toml".into(), "skipped".into(), Value::Null, true),
        ]
    );
    // The validation's result is all there, with the bundle counts beside it.
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(
        doc["files"][1]["diagnostics"][0]["code"],
        "postal-code-invalid"
    );
    assert_eq!(
        doc["bundles"],
        serde_json::json!({"dir": "dist/", "created": 1, "replaced": 0, "unchanged": 0,
                           "kept": 0, "none": 1})
    );

    // Again: unchanged. With a changed form and no --force: kept, with the reason.
    let (_, doc) = run_json(&s, &["forms/a.toml"]);
    assert_eq!(doc["files"][0]["bundle"]["outcome"], "unchanged");
    s.form(
        "forms/a.toml",
        &VALID_FORM.replace(
            "alt_text = \"Logo des Testamts\"",
            "alt_text = \"Neues Logo\"",
        ),
    );
    let (code, doc) = run_json(&s, &["--archive", "forms/a.toml"]);
    assert_eq!(code, Some(1));
    let bundle = &doc["files"][0]["bundle"];
    assert_eq!(bundle["outcome"], "kept", "{doc:#}");
    assert!(bundle["reason"].is_string());
    let (code, doc) = run_json(&s, &["--archive", "--force", "forms/a.toml"]);
    assert_eq!(code, Some(0));
    let bundle = &doc["files"][0]["bundle"];
    assert_eq!(bundle["outcome"], "replaced");
    assert_eq!(bundle["archive"], "dist/testamt.tar.gz");
    assert_eq!(doc["bundles"]["replaced"], 1);
}

#[test]
fn the_keys_of_the_validation_result_keep_their_order() {
    let s = Scratch::new();
    s.form("forms/a.toml", VALID_FORM);
    let out = onboard(
        s.path(),
        &[
            "bundle",
            "--offline",
            "--format",
            "json",
            "--out",
            "dist",
            "forms",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap_or(usize::MAX);
    assert!(
        at("files") < at("summary") && at("summary") < at("bundles"),
        "{text}"
    );
    assert!(
        at("path") < at("tenant_id") && at("areas") < at("bundle"),
        "{text}"
    );
    // Nothing but the JSON on stdout.
    assert!(text.trim_start().starts_with('{') && text.trim_end().ends_with('}'));
}
