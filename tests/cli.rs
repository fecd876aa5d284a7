//! The command line as CI and people use it: the JSON contract, exit statuses, the human
//! output, colour, several files and folders, and the schema for editors.

mod common;

use common::*;

#[test]
fn json_has_the_shape_of_the_spec() {
    let (code, json) = check_form(&variant(
        "postal_code = \"28195\"",
        "postal_code = \"2819\"",
    ));
    assert_eq!(code, 1);
    let file = &json["files"][0];
    assert_eq!(file["path"], "form.toml");
    assert_eq!(file["tenant_id"], "testamt");
    let d = only(&json, "postal-code-invalid");
    for key in [
        "code", "severity", "field", "line", "column", "message", "help",
    ] {
        assert!(d.get(key).is_some(), "{key} missing in {d}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!(d["field"], "authority.postal_code");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(17), Some(15))
    );
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 0})
    );
    assert_eq!(file["areas"][0]["ars"], "040110000000");
    assert_eq!(file["areas"][0]["name"], "Bremen, Stadt");
}

#[test]
fn json_stdout_holds_nothing_but_json() {
    let s = Scratch::new();
    s.form("form.toml", &variant("state = \"HB\"", "state = \"XX\""));
    let out = onboard(
        s.path(),
        &["validate", "--offline", "--format", "json", "form.toml"],
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with('{') && stdout.ends_with("}\n"),
        "{stdout}"
    );
    serde_json::from_str::<serde_json::Value>(&stdout).unwrap();
}

#[test]
fn warnings_pass_unless_denied() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant(
            "url = \"https://www.testamt.example/datenschutz\"",
            "url = \"https://www.testamt.example/datenschutz#top\"",
        ),
    );
    let (code, json) = validate_json(s.path(), &["form.toml"]);
    assert_eq!((code, codes(&json)), (0, vec!["privacy-url-unstable"]));
    let (code, _) = validate_json(s.path(), &["--deny-warnings", "form.toml"]);
    assert_eq!(code, 1);
}

#[test]
fn exit_2_for_bad_usage_missing_paths_and_empty_folders() {
    let s = Scratch::new();
    std::fs::create_dir(s.path().join("empty")).unwrap();
    s.write("other/readme.txt", "no forms here");
    for args in [
        vec!["validate", "--offline", "does-not-exist"],
        vec!["validate", "--offline", "empty"],
        vec!["validate", "--offline", "other"],
        vec!["validate", "--format", "yaml", "x.toml"],
        vec!["validate", "--no-such-flag"],
        vec!["validate", "--offline"], // no order-forms/ here
    ] {
        let out = onboard(s.path(), &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stderr.is_empty(), "{args:?} says why");
    }
}

#[test]
fn human_output_looks_like_cargo_and_names_the_fix() {
    let s = Scratch::new();
    s.form("form.toml", &variant("99013016012001", "99013016012009"));
    let out = onboard(s.path(), &["validate", "--offline", "form.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[leika-id-mismatch]: "), "{text}");
    assert!(text.contains("--> form.toml:6:12"), "{text}");
    assert!(text.contains("leika_id = \"99013016012009\""), "{text}");
    assert!(text.contains("^^^^^^^^^^^^^^^^"), "{text}");
    assert!(
        text.contains("help: ") && text.contains("99013016012001"),
        "{text}"
    );
    assert!(text.contains("Negativbescheinigung"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour without a terminal: {text}"
    );
    assert!(text.contains("failed: 1 form checked"), "{text}");
}

#[test]
fn colour_follows_the_flag() {
    let s = Scratch::new();
    s.form("form.toml", &variant("state = \"HB\"", "state = \"XX\""));
    let always = onboard(
        s.path(),
        &["validate", "--offline", "--color", "always", "form.toml"],
    );
    assert!(always.stdout.contains(&0x1b), "colour when asked");
    let never = onboard(
        s.path(),
        &["validate", "--offline", "--color", "never", "form.toml"],
    );
    assert!(!never.stdout.contains(&0x1b));
    let json = onboard(
        s.path(),
        &[
            "validate",
            "--offline",
            "--color",
            "always",
            "--format",
            "json",
            "form.toml",
        ],
    );
    assert!(!json.stdout.contains(&0x1b), "JSON is never coloured");
}

#[test]
fn folders_are_searched_recursively_in_sorted_order_and_each_file_read_once() {
    let s = Scratch::new();
    s.form(
        "forms/b.toml",
        &variant("tenant_id = \"testamt\"", "tenant_id = \"bbb\"")
            .replace("040110000000", "040120000000"),
    );
    s.form(
        "forms/a/z.toml",
        &variant("tenant_id = \"testamt\"", "tenant_id = \"zzz\"").replace("040110000000", "04011"),
    );
    s.form(
        "forms/a.toml",
        &variant("tenant_id = \"testamt\"", "tenant_id = \"aaa\"")
            .replace("\"040110000000\"", "\"04\""),
    );
    s.write("forms/notes.txt", "not a form");
    let (code, json) = validate_json(s.path(), &["forms", "forms/b.toml", "./forms/a.toml"]);
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // Sorted by path components, as `rg --sort path` does: a folder before a same-named file.
    assert_eq!(
        paths,
        ["forms/a/z.toml", "forms/a.toml", "forms/b.toml"],
        "{json:#}"
    );
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["files"], 3);
}

#[test]
fn several_files_get_a_summary_table() {
    let s = Scratch::new();
    s.form("a.toml", VALID_FORM);
    s.form(
        "b.toml",
        &variant("tenant_id = \"testamt\"", "tenant_id = \"andere\"")
            .replace("040110000000", "040120000000")
            .replace("28195", "00000"),
    );
    let out = onboard(s.path(), &["validate", "--offline", "a.toml", "b.toml"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "File",
        "Tenant",
        "Errors",
        "Warnings",
        "Verdict",
        "testamt",
        "andere",
        "040110000000 (Bremen, Stadt)",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_default_path_is_order_forms() {
    let s = Scratch::new();
    s.form("order-forms/x.toml", VALID_FORM);
    let (code, json) = validate_json(s.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["path"], "order-forms/x.toml");
}

#[test]
fn a_newer_gv100ad_file_can_be_named() {
    let s = Scratch::new();
    // A tiny directory in which Bremen, Stadt does not exist but a new Gemeinde does.
    let record =
        |satzart: &str, key: &str, name: &str| format!("{satzart}20261231{key}{name:<50}\n");
    let gv = [
        record("10", "04          ", "Bremen"),
        record("60", "040119990000", "Neugemeinde"),
    ]
    .concat();
    s.write("gv.txt", gv);
    s.form(
        "form.toml",
        &VALID_FORM.replace("040110000000", "040110000999"),
    );
    let (code, json) = validate_json(s.path(), &["form.toml"]);
    assert_eq!((code, codes(&json)), (1, vec!["regional-key-unknown"]));
    let (code, json) = validate_json(s.path(), &["--regional-keys", "gv.txt", "form.toml"]);
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    assert_eq!(json["files"][0]["areas"][0]["name"], "Neugemeinde");
    let out = onboard(
        s.path(),
        &[
            "validate",
            "--offline",
            "--regional-keys",
            "form.toml",
            "form.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "not a GV100AD file");
}

#[test]
fn the_checked_in_schema_is_what_the_code_generates() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = onboard(root.as_ref(), &["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let file =
        std::fs::read_to_string(format!("{root}/schemas/order-form.v1.schema.json")).unwrap();
    assert!(
        out.stdout == file.as_bytes(),
        "schemas/order-form.v1.schema.json is stale: run `cargo run -- schema > schemas/order-form.v1.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert!(
        schema["definitions"]["Authority"]["properties"]["postal_code"]["description"].is_string()
    );
}

#[test]
fn the_schema_describes_each_key_as_a_new_form_does() {
    // The descriptions come from the table of fields: a contact's e-mail says whose it is
    // and the step of the guide, as the comment of `onboard init` does.
    let root = env!("CARGO_MANIFEST_DIR");
    let file =
        std::fs::read_to_string(format!("{root}/schemas/order-form.v1.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&file).unwrap();
    let contacts = &schema["definitions"]["Contacts"]["properties"];
    let technical = contacts["technical"]["properties"]["email"]["description"]
        .as_str()
        .unwrap_or_default();
    let professional = contacts["professional"]["items"]["properties"]["email"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        technical.contains("technical contact person"),
        "{technical}"
    );
    assert!(
        professional.contains("professional contact person"),
        "{professional}"
    );
    assert!(technical.contains("Guide step 1"), "{technical}");
    let s = Scratch::new();
    onboard(s.path(), &["--lang", "en", "init", "new.toml"]);
    let template = std::fs::read_to_string(s.path().join("new.toml")).unwrap();
    let postal = schema["definitions"]["Authority"]["properties"]["postal_code"]["description"]
        .as_str()
        .unwrap();
    let comment = template
        .split(
            "

",
        )
        .find(|block| {
            block.contains(
                "
postal_code = ",
            )
        })
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .collect::<Vec<_>>()
        .join(" ");
    // The template says the step once per section, the schema at each key (an editor shows
    // the description of one key at a time).
    let purpose = comment.split(" Example: ").next().unwrap();
    assert!(postal.starts_with(purpose), "{comment} / {postal}");
    assert!(postal.contains("(Guide step 7: "), "{postal}");
    assert!(!purpose.contains("Guide step"), "{comment}");
}

#[test]
fn the_shipped_forms_start_with_the_schema_line() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("order-forms")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("#:schema ../schemas/order-form.v1.schema.json\n"),
                "{}",
                path.display()
            );
        }
    }
}

/// A form with warnings and no errors is not called `ok`: the summary says the warnings
/// need a look, counted in the singular or plural, and the exit status stays 0.
#[test]
fn warnings_only_summary_asks_for_review() {
    let one = variant(
        "applications = \"sorgeregister@testamt.example\"",
        "applications = \"sorgeregister@gmail.com\"",
    );
    let two = one.replacen(
        "contact_form = \"kontakt@testamt.example\"",
        "contact_form = \"kontakt@gmail.com\"",
        1,
    );
    for (lang, form, expected) in [
        (
            "en",
            &one,
            "1 form checked: no errors, but 1 warning to review",
        ),
        (
            "en",
            &two,
            "1 form checked: no errors, but 2 warnings to review",
        ),
        (
            "de",
            &one,
            "1 Bestellzettel geprüft: keine Fehler, aber 1 Hinweis zum Prüfen",
        ),
        (
            "de",
            &two,
            "1 Bestellzettel geprüft: keine Fehler, aber 2 Hinweise zum Prüfen",
        ),
    ] {
        let s = Scratch::new();
        s.form("form.toml", form);
        let out = onboard(
            s.path(),
            &["--lang", lang, "validate", "--offline", "form.toml"],
        );
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{lang}: {text}");
        assert!(text.lines().any(|l| l == expected), "{lang}: {text}");
        assert!(!text.contains("ok"), "{lang} still says ok: {text}");
    }
}

/// In the table of several forms, a form with only warnings is not `ok` either.
#[test]
fn warnings_only_verdict_in_the_table_asks_for_review() {
    let s = Scratch::new();
    s.form("forms/a.toml", VALID_FORM);
    s.form(
        "forms/b.toml",
        &VALID_FORM
            .replacen("tenant_id = \"testamt\"", "tenant_id = \"zweitamt\"", 1)
            .replacen("040110000000", "040120000000", 1)
            .replacen(
                "sorgeregister@testamt.example",
                "sorgeregister@gmail.com",
                1,
            ),
    );
    for (lang, verdict) in [("en", "please review"), ("de", "bitte prüfen")] {
        let out = onboard(
            s.path(),
            &["--lang", lang, "validate", "--offline", "forms"],
        );
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{lang}: {text}");
        let row = text
            .lines()
            .find(|l| l.starts_with("│ forms/b.toml"))
            .unwrap();
        assert!(
            row.contains(verdict) && !row.contains("ok"),
            "{lang}: {row}"
        );
    }
}
