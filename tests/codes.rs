//! One fixture per offline check code of the specification, asserting the finding's code,
//! severity, field and place — and, for each code, near misses that must not trigger it.
//!
//! Places refer to `VALID_FORM` (tests/common/mod.rs): line 2 is `tenant_id`, line 13 the
//! `[authority]` header, line 24 `regional_keys`, line 27 `logo.file`, line 31 the privacy
//! link, lines 34–35 the mailboxes, line 37 `[[contacts.professional]]`, line 42
//! `[contacts.technical]`. Lines and columns are 1-based; columns count characters.
//!
//! Most tests validate all their fixtures in one run of `onboard` (see [`run`]): a debug
//! build spends most of a run loading the phone-number metadata.

mod common;

use serde_json::Value;

use common::*;

// --- fixtures and runs -----------------------------------------------------------------------

/// A form to validate, with the files beside it (a valid 256×256 `logo.png` is always there).
struct Case {
    form: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
}

impl Case {
    fn new(form: impl Into<Vec<u8>>) -> Case {
        Case {
            form: form.into(),
            files: Vec::new(),
        }
    }

    /// The valid form with `from` replaced by `to`.
    fn variant(from: &str, to: &str) -> Case {
        Case::new(variant(from, to))
    }

    /// The valid form with several replacements.
    fn variants(changes: &[(&str, &str)]) -> Case {
        Case::new(variants(changes))
    }

    /// The valid form whose logo is `name`, holding `bytes`.
    fn logo(name: &str, bytes: impl Into<Vec<u8>>) -> Case {
        Case::variant("file = \"logo.png\"", &format!("file = {name:?}")).with(name, bytes)
    }

    /// Adds a file beside the form (`name` may hold folders).
    fn with(mut self, name: &str, bytes: impl Into<Vec<u8>>) -> Case {
        self.files.push((name.to_owned(), bytes.into()));
        self
    }
}

/// The codes that compare forms: forms cut from one template always share them.
const CROSS_FORM: [&str; 2] = ["duplicate-tenant-id", "jurisdiction-overlap"];

/// Validates all cases in one run, each in a folder of its own, and returns for each a
/// result shaped like a run of that form alone (so `only`, `codes` and the helpers below
/// apply), without the cross-form findings (they have tests of their own at the end).
fn run_all(cases: Vec<Case>) -> Vec<Value> {
    let scratch = Scratch::new();
    let paths: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let path = format!("case{i}/form.toml");
            scratch.write(&format!("case{i}/logo.png"), png(256, 256));
            for (name, bytes) in &case.files {
                scratch.write(&format!("case{i}/{name}"), bytes);
            }
            scratch.write(&path, &case.form);
            path
        })
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (_, json) = validate_json(scratch.path(), &args);
    // Every fixture's findings, in both languages, with every placeholder filled.
    assert_placeholders_filled(&json);
    let german: Vec<&str> = ["--lang", "de"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    assert_placeholders_filled(&validate_json(scratch.path(), &german).1);
    assert_fields_registered(&json);
    paths
        .iter()
        .map(|path| {
            let mut entry = file(&json, path).clone();
            entry["diagnostics"]
                .as_array_mut()
                .expect("diagnostics")
                .retain(|d| !CROSS_FORM.contains(&d["code"].as_str().unwrap_or_default()));
            serde_json::json!({ "files": [entry] })
        })
        .collect()
}

/// Every finding's field is one the registry says its code concerns (for an unknown key:
/// the table it stands in), so that `explain` and `status` agree on its steps.
fn assert_fields_registered(json: &Value) {
    use onboard::fields::without_indices;
    use onboard::finding::registry::Code;
    for file in json["files"].as_array().unwrap() {
        for d in findings(file) {
            let code = Code::from_code(d["code"].as_str().unwrap()).unwrap();
            let info = code.info();
            let Some(field) = d["field"].as_str() else {
                assert!(info.about_file(), "{code} without a field: {d}");
                continue;
            };
            let path = without_indices(field);
            let mut at: &str = &path;
            if code == Code::UnknownField {
                at = at.rsplit_once('.').map_or("", |(table, _)| table);
            }
            assert!(
                (code == Code::UnknownField && at.is_empty())
                    || info.fields().iter().any(|f| f.path == at),
                "{code} at {field} is not among the fields of its registry entry"
            );
        }
    }
}

/// [`run_all`] for a fixed number of cases, to name each result.
fn run<const N: usize>(cases: [Case; N]) -> [Value; N] {
    run_all(cases.into()).try_into().expect("one result a case")
}

/// The valid form with several replacements, each of which must apply.
fn variants(changes: &[(&str, &str)]) -> String {
    let mut form = VALID_FORM.to_owned();
    for (from, to) in changes {
        assert!(form.contains(from), "the form has no {from:?}");
        form = form.replacen(from, to, 1);
    }
    form
}

// --- assertions ------------------------------------------------------------------------------

/// Asserts the single finding with `code` and where it is, written as
/// `"severity field line:column"` (`-` for no field); returns the finding.
#[track_caller]
fn expect<'a>(json: &'a Value, code: &str, at: &str) -> &'a Value {
    let d = only(json, code);
    let found = format!(
        "{} {} {}:{}",
        d["severity"].as_str().unwrap_or("?"),
        d["field"].as_str().unwrap_or("-"),
        d["line"],
        d["column"]
    );
    assert_eq!(found, at, "{code}: {d:#}");
    assert!(!message(d).is_empty(), "{d:#}");
    d
}

/// The form has exactly these codes (in any order).
#[track_caller]
fn assert_codes(json: &Value, expected: &[&str]) {
    let mut found = codes(json);
    found.sort_unstable();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(found, expected, "{json:#}");
}

/// A near miss: no finding at all.
#[track_caller]
fn assert_clean(json: &Value) {
    assert_codes(json, &[]);
}

fn help(d: &Value) -> &str {
    d["help"].as_str().unwrap_or_default()
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap_or_default()
}

/// The diagnostics of one file entry.
fn findings(file: &Value) -> &Vec<Value> {
    file["diagnostics"].as_array().expect("diagnostics")
}

const SVG_NS: &str =
    r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;

/// An SVG document with `body` inside the root element.
fn svg(body: &str) -> String {
    format!("<svg {SVG_NS} viewBox=\"0 0 10 10\">{body}</svg>")
}

// --- the registry ----------------------------------------------------------------------------

/// The offline codes of the registry, read from its source.
fn offline_codes() -> Vec<String> {
    include_str!("../src/finding/registry.rs")
        .lines()
        .filter_map(|line| {
            let rest = line.trim().split_once("= \"")?.1;
            let (code, tail) = rest.split_once('"')?;
            tail.trim_end().ends_with("false;").then(|| code.to_owned())
        })
        .collect()
}

#[test]
fn every_offline_code_of_the_registry_has_a_test_here() {
    let codes = offline_codes();
    assert!(codes.len() >= 38, "registry not read: {codes:?}");
    assert!(!codes.iter().any(|c| c == "privacy-url-dead"), "{codes:?}");
    let this_file = include_str!("codes.rs");
    for code in codes {
        let test = format!("fn {}()", code.replace('-', "_"));
        assert!(
            this_file.contains(&test),
            "no test `{test}` for offline code {code}"
        );
    }
}

// --- the file as a whole ---------------------------------------------------------------------

#[test]
fn file_too_large() {
    let padded = |len: usize| {
        let mut form = VALID_FORM.to_owned();
        form.push_str(&"#".repeat(len - form.len()));
        form
    };
    let (exit, json) = check_form(&padded(256 * 1024 + 1));
    assert_eq!(exit, 1);
    expect(&json, "file-too-large", "error - 1:1");
    assert_codes(&json, &["file-too-large"]);
    assert!(json["files"][0]["tenant_id"].is_null());
    // Near miss: exactly 256 KiB is allowed.
    let (exit, json) = check_form(&padded(256 * 1024));
    assert_clean(&json);
    assert_eq!(exit, 0);
}

/// The valid form with `from` replaced by `to`, where `\u{1}` in `to` stands for `byte`.
fn with_byte(from: &str, to: &str, byte: u8) -> Vec<u8> {
    variant(from, to)
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { byte } else { b })
        .collect()
}

#[test]
fn file_not_utf8() {
    // A line-1 comment with a Latin-1 `ü` (0xFC) after `# f`: column 4, BOM or not.
    let mut with_bom = b"\xEF\xBB\xBF# f\xFCr das Testamt\n".to_vec();
    with_bom.extend_from_slice(VALID_FORM.as_bytes());
    let [latin1, after_umlaut, first_line, after_bom, utf8] = run([
        // Latin-1 `ä` (0xE4) in `street = "Am Märkt"`: line 15, after 14 characters.
        Case::new(with_byte("Am Markt", "Am M\u{1}rkt", 0xE4)),
        // A valid `ä` before the broken byte is one column.
        Case::new(with_byte("Am Markt", "Am Mä\u{1}rkt", 0xE4)),
        Case::new(&with_bom[3..]),
        Case::new(with_bom.clone()),
        // Near miss: the same text in UTF-8.
        Case::variant("Am Markt", "Am Märkt"),
    ]);
    expect(&latin1, "file-not-utf8", "error - 15:15");
    assert_codes(&latin1, &["file-not-utf8"]);
    assert!(latin1["files"][0]["tenant_id"].is_null());
    expect(&after_umlaut, "file-not-utf8", "error - 15:16");
    expect(&first_line, "file-not-utf8", "error - 1:4");
    expect(&after_bom, "file-not-utf8", "error - 1:4");
    assert_clean(&utf8);
}

#[test]
fn file_unreadable() {
    use onboard::messages::{self, Lang};
    // A form that vanishes between discovery and reading (a checkout running beside the
    // check): its read fails, which is not a matter of encoding.
    let scratch = Scratch::new();
    scratch.form("forms/gone.toml", VALID_FORM);
    let files = onboard::discover::discover(&[scratch.path().join("forms")]).unwrap();
    std::fs::remove_file(scratch.path().join("forms/gone.toml")).unwrap();
    let options = onboard::testing::Options {
        catalog: onboard::catalog::Catalog::builtin(),
        areas: onboard::areas::AreaDirectory::builtin(),
        today: "2026-11-28".parse().unwrap(),
        keep_logos: false,
    };
    let report = onboard::testing::validate_file(&files[0], &options);
    let [d] = &report.diagnostics[..] else {
        panic!("one finding: {:#?}", report.diagnostics)
    };
    let at = (
        d.code.as_str(),
        d.severity.as_str(),
        &d.field,
        d.line,
        d.column,
    );
    assert_eq!(at, ("file-unreadable", "error", &None, 1, 1), "{d:#?}");
    assert!(report.source.is_none() && report.tenant_id().is_none());
    let said = |lang| messages::message(lang, &d.text);
    assert!(said(Lang::En).starts_with("the form cannot be read: "));
    assert!(said(Lang::De).starts_with("der Bestellzettel kann nicht gelesen"));
    assert!(messages::help(Lang::De, &d.text).is_some());

    // On the command line: a file the kernel refuses to read (reading a process's own
    // memory at its start fails with EIO, for root as well).
    #[cfg(target_os = "linux")]
    for lang in ["en", "de"] {
        let out = onboard(
            scratch.path(),
            &[
                "--lang",
                lang,
                "validate",
                "--offline",
                "--format",
                "json",
                "/proc/self/mem",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        let d = expect(&json, "file-unreadable", "error - 1:1");
        assert_codes(&json, &["file-unreadable"]);
        assert!(message(d).contains("os error"), "{d:#}");
        assert!(!help(d).is_empty(), "{d:#}");
    }
    // Near miss: bytes that are read but are not UTF-8 are file-not-utf8 (see there).
}

#[test]
fn a_byte_order_mark_is_accepted_and_ignored() {
    let [plain, version_2] = run([
        Case::new(format!("\u{feff}{VALID_FORM}")),
        Case::new(format!(
            "\u{feff}{}",
            variant("schema_version = 1", "schema_version = 2")
        )),
    ]);
    assert_clean(&plain);
    expect(
        &version_2,
        "unsupported-schema-version",
        "error schema_version 1:18",
    );
}

#[test]
fn toml_syntax() {
    let (exit, json) = check_form(&variant("city = \"Bremen\"", "city = Bremen"));
    assert_eq!(exit, 1);
    let d = expect(&json, "toml-syntax", "error - 18:8");
    assert!(message(d).contains("quoted"), "{d:#}");
    assert!(json["files"][0]["tenant_id"].is_null());

    let [after_umlaut, comment] = run([
        // `street = "Am Märkt" ` is 20 characters (21 bytes).
        Case::variant("street = \"Am Markt\"", "street = \"Am Märkt\" 1"),
        // Near miss: a comment after a value is TOML.
        Case::variant("city = \"Bremen\"", "city = \"Bremen\"   # Stadtgemeinde"),
    ]);
    expect(&after_umlaut, "toml-syntax", "error - 15:21");
    assert_clean(&comment);
}

#[test]
fn file_outside_folder() {
    // A form beside the folder being checked, and links to it (tests/form_links.rs has
    // the rest: loops, FIFOs, devices, named folders, every output format).
    let scratch = Scratch::new();
    scratch.form("outside.toml", VALID_FORM);
    scratch.form("forms/inside.toml", VALID_FORM);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("../outside.toml", scratch.path().join("forms/out.toml"))
            .expect("symlink");
        let (exit, json) = validate_json(scratch.path(), &["forms/out.toml"]);
        assert_eq!(exit, 1);
        let d = expect(&json, "file-outside-folder", "error - 1:1");
        assert!(message(d).contains("forms/out.toml"), "{d:#}");
        assert_codes(&json, &["file-outside-folder"]);
        assert!(json["files"][0]["tenant_id"].is_null());
        // Near miss: a link to a form in the same folder.
        std::os::unix::fs::symlink("inside.toml", scratch.path().join("forms/in.toml"))
            .expect("symlink");
        let (exit, json) = validate_json(scratch.path(), &["forms/in.toml"]);
        assert_clean(&json);
        assert_eq!(exit, 0);
    }
}

// --- structure -------------------------------------------------------------------------------

#[test]
fn unknown_field() {
    let (exit, json) = check_form(&variant("website =", "webseite ="));
    assert_eq!(exit, 1);
    let d = expect(&json, "unknown-field", "error authority.webseite 21:1");
    assert_eq!(help(d), "did you mean `website`?");
    assert_codes(&json, &["unknown-field"]);

    let [in_item, misplaced, optional] = run([
        // In an item of an array of tables, with the item's index in the path.
        Case::variant(
            "phone = \"0421 361-1234\"",
            "phone = \"0421 361-1234\"\nfax = \"0421 361-9999\"",
        ),
        // A key of another table.
        Case::variant(
            "alt_text = \"Logo des Testamts\"",
            "alt_text = \"Logo des Testamts\"\ncity = \"Bremen\"",
        ),
        // Near miss: an optional key the format defines.
        Case::variant(
            "regional_keys = [\"040110000000\"]",
            "regional_keys = [\"040110000000\"]\ndescription = \"Stadtgebiet Bremen\"",
        ),
    ]);
    let d = expect(
        &in_item,
        "unknown-field",
        "error contacts.professional[0].fax 41:1",
    );
    assert!(help(d).contains("`email`"), "lists the known keys: {d:#}");
    let d = expect(&misplaced, "unknown-field", "error logo.city 29:1");
    assert!(help(d).contains("authority.city"), "{d:#}");
    assert_clean(&optional);
}

#[test]
fn missing_field() {
    let (exit, json) = check_form(&variant("tenant_id = \"testamt\"\n", ""));
    assert_eq!(exit, 1);
    // A top-level key: 1:1.
    expect(&json, "missing-field", "error tenant_id 1:1");
    assert_codes(&json, &["missing-field"]);

    let [table, nested, technical, item, optional, no_onboarding] = run([
        Case::variant(
            "[privacy_policy]\nurl = \"https://www.testamt.example/datenschutz\"\n",
            "",
        ),
        Case::variant("city = \"Bremen\"\n", ""),
        Case::variant("email = \"max.probe@testamt.example\"\n", ""),
        Case::variant("email = \"erika.beispiel@testamt.example\"\n", ""),
        // Near misses: an optional key, and `[onboarding]` as a whole at stage test.
        Case::variant("phone = \"0421 361-0\"\n", ""),
        Case::variant(
            "[onboarding]\nstage = \"production\"\nstate_agreement_on = 2025-06-01\npvog_entry = true\n",
            "",
        ),
    ]);
    // A top-level table: 1:1.
    expect(&table, "missing-field", "error privacy_policy 1:1");
    // A nested key: the key of its table's header, `authority` in `[authority]`.
    expect(&nested, "missing-field", "error authority.city 13:2");
    assert_codes(&nested, &["missing-field"]);
    // `technical` in `[contacts.technical]`.
    expect(
        &technical,
        "missing-field",
        "error contacts.technical.email 42:11",
    );
    // An item of `[[contacts.professional]]`: its header, with the index in the path.
    let d = only(&item, "missing-field");
    assert_eq!(d["field"], "contacts.professional[0].email");
    assert_eq!(d["line"], 37);
    assert_clean(&optional);
    assert_clean(&no_onboarding);
}

#[test]
fn invalid_type() {
    let (exit, json) = check_form(&variant("house_number = \"1\"", "house_number = 1"));
    assert_eq!(exit, 1);
    let d = expect(&json, "invalid-type", "error authority.house_number 16:16");
    assert!(help(d).contains("quotes"), "{d:#}");
    assert_codes(&json, &["invalid-type"]);

    let [quoted_date, table, item, letters, hex] = run([
        Case::variant("2025-06-01", "\"2025-06-01\""),
        // A table where an array of tables belongs.
        Case::variant("[[contacts.professional]]", "[contacts.professional]"),
        // An item of an array.
        Case::variant("[\"040110000000\"]", "[\"040110000000\", 4011]"),
        // Near misses: a house number with a letter is a string; hex is an integer.
        Case::variant("house_number = \"1\"", "house_number = \"12a\""),
        Case::variant("schema_version = 1", "schema_version = 0x1"),
    ]);
    expect(
        &quoted_date,
        "invalid-type",
        "error onboarding.state_agreement_on 10:22",
    );
    assert_codes(&quoted_date, &["invalid-type"]);
    expect(&table, "invalid-type", "error contacts.professional 37:1");
    expect(
        &item,
        "invalid-type",
        "error jurisdiction.regional_keys[1] 24:34",
    );
    assert_clean(&letters);
    assert_clean(&hex);
}

// --- identity and service --------------------------------------------------------------------

#[test]
fn unsupported_schema_version() {
    let versions = ["2", "0", "-1"];
    let mut cases: Vec<Case> = versions
        .iter()
        .map(|v| Case::variant("schema_version = 1", &format!("schema_version = {v}")))
        .collect();
    // Near miss: a quoted 1 is a type error, not an unsupported version.
    cases.push(Case::variant(
        "schema_version = 1",
        "schema_version = \"1\"",
    ));
    let results = run_all(cases);
    for (version, json) in versions.iter().zip(&results) {
        let d = expect(
            json,
            "unsupported-schema-version",
            "error schema_version 1:18",
        );
        assert!(message(d).contains(version), "{d:#}");
    }
    let quoted = &results[versions.len()];
    expect(quoted, "invalid-type", "error schema_version 1:18");
    assert_codes(quoted, &["invalid-type"]);
}

#[test]
fn tenant_id_invalid() {
    let too_long = "a".repeat(64);
    let longest = format!("kreis-{}-2", "x".repeat(55));
    let bad = [
        "Testamt",
        "a",
        "test--amt",
        "testamt-",
        "test_amt",
        too_long.as_str(),
    ];
    // Near misses: two characters, and 63 with digits and single hyphens.
    let good = ["ab", longest.as_str()];
    let results = run_all(
        bad.iter()
            .chain(&good)
            .map(|id| Case::variant("\"testamt\"", &format!("{id:?}")))
            .collect(),
    );
    for (id, json) in bad.iter().zip(&results) {
        let d = expect(json, "tenant-id-invalid", "error tenant_id 2:13");
        assert!(message(d).contains(id), "{d:#}");
        assert_codes(json, &["tenant-id-invalid"]);
    }
    results[bad.len()..].iter().for_each(assert_clean);
}

#[test]
fn unknown_service() {
    let [typo, other] = run([
        Case::variant(
            "id = \"sorgeregister-negativbescheinigung\"",
            "id = \"sorgeregister-negativbescheinigun\"",
        ),
        Case::variant(
            "id = \"sorgeregister-negativbescheinigung\"",
            "id = \"elterngeld\"",
        ),
    ]);
    let d = expect(&typo, "unknown-service", "error service.id 5:6");
    assert_eq!(
        help(d),
        "did you mean `sorgeregister-negativbescheinigung`?"
    );
    // Without a catalog entry there is no LeiKa-ID to compare with.
    assert_codes(&typo, &["unknown-service"]);
    let d = expect(&other, "unknown-service", "error service.id 5:6");
    assert!(
        help(d).contains("sorgeregister-negativbescheinigung"),
        "{d:#}"
    );
    // Near miss: the catalog's own id, in the valid form.
    let (exit, json) = check_form(VALID_FORM);
    assert_clean(&json);
    assert_eq!(exit, 0);
}

#[test]
fn leika_id_malformed() {
    let bad = [
        "9901301601200",
        "990130160120011",
        "98013016012001",
        "99 013016012001",
    ];
    let mut cases: Vec<Case> = bad
        .iter()
        .map(|id| Case::variant("99013016012001", id))
        .collect();
    // Near miss: well-formed but wrong is a mismatch, not malformed.
    cases.push(Case::variant("99013016012001", "99013016012002"));
    let results = run_all(cases);
    for json in &results[..bad.len()] {
        let d = expect(json, "leika-id-malformed", "error service.leika_id 6:12");
        assert!(help(d).contains("99013016012001"), "{d:#}");
        assert_codes(json, &["leika-id-malformed"]);
    }
    assert_codes(&results[bad.len()], &["leika-id-mismatch"]);
}

#[test]
fn leika_id_mismatch() {
    let [wrong, unknown_service] = run([
        Case::variant("99013016012001", "99041006017000"),
        // Near miss: the LeiKa-ID of a service the catalog does not know cannot mismatch.
        Case::variants(&[
            (
                "id = \"sorgeregister-negativbescheinigung\"",
                "id = \"elterngeld\"",
            ),
            ("99013016012001", "99041006017000"),
        ]),
    ]);
    let d = expect(&wrong, "leika-id-mismatch", "error service.leika_id 6:12");
    assert!(help(d).contains("99013016012001"), "{d:#}");
    assert_codes(&wrong, &["leika-id-mismatch"]);
    assert_codes(&unknown_service, &["unknown-service"]);
}

// --- onboarding ------------------------------------------------------------------------------

#[test]
fn stage_invalid() {
    let [capital, upper, empty, test] = run([
        Case::variant("\"production\"", "\"Production\""),
        Case::variant("\"production\"", "\"TEST\""),
        Case::variant("\"production\"", "\"\""),
        // Near miss: stage test, without agreement or PVOG entry.
        Case::variants(&[
            ("\"production\"", "\"test\""),
            ("state_agreement_on = 2025-06-01\n", ""),
            ("pvog_entry = true", "pvog_entry = false"),
        ]),
    ]);
    for json in [&capital, &upper, &empty] {
        expect(json, "stage-invalid", "error onboarding.stage 9:9");
        assert_codes(json, &["stage-invalid"]);
    }
    assert_clean(&test);
}

#[test]
fn agreement_missing() {
    let [missing, test, quoted] = run([
        Case::variant("state_agreement_on = 2025-06-01\n", ""),
        // Near misses: stage test needs no date; a mistyped date is not also missing.
        Case::variants(&[
            ("\"production\"", "\"test\""),
            ("state_agreement_on = 2025-06-01\n", ""),
        ]),
        Case::variant("2025-06-01", "\"2025-06-01\""),
    ]);
    // At the stage that requires the date.
    expect(
        &missing,
        "agreement-missing",
        "error onboarding.state_agreement_on 9:9",
    );
    assert_codes(&missing, &["agreement-missing"]);
    assert_clean(&test);
    assert_codes(&quoted, &["invalid-type"]);
}

#[test]
fn agreement_in_future() {
    // The tests fix today to 2026-11-28 (common::onboard).
    let [tomorrow, at_test, today] = run([
        Case::variant("2025-06-01", "2026-11-29"),
        // At stage test too: a date after today is an error.
        Case::variants(&[("\"production\"", "\"test\""), ("2025-06-01", "2027-01-01")]),
        // Near miss: today itself.
        Case::variant("2025-06-01", "2026-11-28"),
    ]);
    let d = expect(
        &tomorrow,
        "agreement-in-future",
        "error onboarding.state_agreement_on 10:22",
    );
    assert!(message(d).contains("2026-11-28"), "{d:#}");
    assert_codes(&tomorrow, &["agreement-in-future"]);
    expect(
        &at_test,
        "agreement-in-future",
        "error onboarding.state_agreement_on 10:22",
    );
    assert_clean(&today);
}

#[test]
fn pvog_entry_missing() {
    let [no, left_out, test] = run([
        Case::variant("pvog_entry = true", "pvog_entry = false"),
        // Left out (default false): at the stage that requires it.
        Case::variant("pvog_entry = true\n", ""),
        // Near miss: stage test without the entry.
        Case::variants(&[
            ("\"production\"", "\"test\""),
            ("pvog_entry = true", "pvog_entry = false"),
        ]),
    ]);
    expect(
        &no,
        "pvog-entry-missing",
        "error onboarding.pvog_entry 11:14",
    );
    assert_codes(&no, &["pvog-entry-missing"]);
    expect(
        &left_out,
        "pvog-entry-missing",
        "error onboarding.pvog_entry 9:9",
    );
    assert_clean(&test);
}

// --- empty values ----------------------------------------------------------------------------

#[test]
fn empty_value() {
    let (exit, json) = check_form(&variant("\"Jugendamt Testamt\"", "\"  \""));
    assert_eq!(exit, 1);
    expect(&json, "empty-value", "error authority.name 14:8");
    assert_codes(&json, &["empty-value"]);

    let [mailbox, no_contacts, no_keys, blank_key, padded, short] = run([
        Case::variant("\"sorgeregister@testamt.example\"", "\"\""),
        Case::variant(
            "[[contacts.professional]]\nname = \"Erika Beispiel\"\nemail = \"erika.beispiel@testamt.example\"\nphone = \"0421 361-1234\"\n",
            "[contacts]\nprofessional = []\n",
        ),
        Case::variant("[\"040110000000\"]", "[]"),
        Case::variant("[\"040110000000\"]", "[\"040110000000\", \" \"]"),
        // Near misses: white space around a value, and a one-character value.
        Case::variant("\"Jugendamt Testamt\"", "\" Jugendamt Testamt \""),
        Case::variant("house_number = \"1\"", "house_number = \"7\""),
    ]);
    // An empty mailbox is empty, not also an invalid address.
    expect(
        &mailbox,
        "empty-value",
        "error mailboxes.applications 34:16",
    );
    assert_codes(&mailbox, &["empty-value"]);
    // An empty array of `[[contacts.professional]]`: `professional = []` on line 38.
    let d = expect(
        &no_contacts,
        "empty-value",
        "error contacts.professional 38:16",
    );
    assert!(message(d).contains("at least one"), "{d:#}");
    assert_codes(&no_contacts, &["empty-value"]);
    expect(
        &no_keys,
        "empty-value",
        "error jurisdiction.regional_keys 24:17",
    );
    // A blank regional key is empty, not also malformed.
    expect(
        &blank_key,
        "empty-value",
        "error jurisdiction.regional_keys[1] 24:34",
    );
    assert_codes(&blank_key, &["empty-value"]);
    assert_clean(&padded);
    assert_clean(&short);
}

// --- control characters in text --------------------------------------------------------------

/// The form with a `description` after the regional keys (line 25).
fn described(description: &str) -> Case {
    Case::variant(
        "regional_keys = [\"040110000000\"]\n",
        &format!("regional_keys = [\"040110000000\"]\ndescription = {description}\n"),
    )
}

#[test]
fn text_control_character() {
    let [
        null,
        delete,
        c1_first,
        c1_last_raw,
        bidi_first,
        bidi_override_raw,
        isolate_first,
        isolate_last,
        literal,
        tab,
        escape_in_description,
        second_line,
        contact_email,
    ] = run([
        // `\u0000` right after `Jugendamt` (9 characters from column 9).
        Case::variant("\"Jugendamt Testamt\"", r#""Jugendamt\u0000Testamt""#),
        Case::variant("\"Bremen\"", r#""Bre\u007Fmen""#),
        Case::variant("\"Am Markt\"", r#""\u0080Am Markt""#),
        // Written as the character itself (TOML allows C1 and bidi controls unescaped).
        Case::variant("\"Logo des Testamts\"", "\"Logo\u{9f} des Testamts\""),
        Case::variant("\"testamt\"", r#""\u202Atestamt""#),
        Case::variant("\"Jugendamt Testamt\"", "\"Jugendamt \u{202e}Testamt\""),
        Case::variant("\"Erika Beispiel\"", r#""Erika\u2066 Beispiel""#),
        Case::variant("[\"040110000000\"]", r#"["040110000000\u2069"]"#),
        Case::variant("\"Bremen\"", "'Bre\u{202d}men'"),
        Case::variant("\"1\"", r#""1\t""#),
        described(r#""Bremen\u001B[31m""#),
        described("\"\"\"\nerste Zeile\nzweite \\u202E Zeile\"\"\""),
        Case::variant(
            "\"max.probe@testamt.example\"",
            r#""max.probe@testamt.example\u0085""#,
        ),
    ]);
    let d = expect(
        &null,
        "text-control-character",
        "error authority.name 14:18",
    );
    assert_eq!(
        message(d),
        "`authority.name` contains the control character U+0000 NULL (character 10 of the value)"
    );
    assert!(help(d).contains("delete the character"), "{d:#}");
    assert_codes(&null, &["text-control-character"]);
    let d = expect(
        &delete,
        "text-control-character",
        "error authority.city 18:12",
    );
    assert!(message(d).contains("U+007F DELETE (character 4 "), "{d:#}");
    let d = expect(
        &c1_first,
        "text-control-character",
        "error authority.street 15:11",
    );
    assert!(
        message(d).contains("U+0080 PADDING CHARACTER (character 1 "),
        "{d:#}"
    );
    let d = expect(
        &c1_last_raw,
        "text-control-character",
        "error logo.alt_text 28:17",
    );
    assert!(message(d).contains("U+009F APPLICATION PROGRAM COMMAND (character 5 "));
    // A value with a control character gets its other findings too.
    let d = expect(
        &bidi_first,
        "text-control-character",
        "error tenant_id 2:14",
    );
    assert!(message(d).contains("U+202A LEFT-TO-RIGHT EMBEDDING (character 1 "));
    assert_codes(
        &bidi_first,
        &["text-control-character", "tenant-id-invalid"],
    );
    let d = expect(
        &bidi_override_raw,
        "text-control-character",
        "error authority.name 14:19",
    );
    assert!(message(d).contains("U+202E RIGHT-TO-LEFT OVERRIDE (character 11 "));
    let d = expect(
        &isolate_first,
        "text-control-character",
        "error contacts.professional[0].name 38:14",
    );
    assert!(message(d).contains("U+2066 LEFT-TO-RIGHT ISOLATE (character 6 "));
    let d = expect(
        &isolate_last,
        "text-control-character",
        "error jurisdiction.regional_keys[0] 24:31",
    );
    assert!(message(d).contains("U+2069 POP DIRECTIONAL ISOLATE (character 13 "));
    assert_codes(
        &isolate_last,
        &["text-control-character", "regional-key-malformed"],
    );
    let d = expect(
        &literal,
        "text-control-character",
        "error authority.city 18:12",
    );
    assert!(message(d).contains("U+202D LEFT-TO-RIGHT OVERRIDE (character 4 "));
    // A tab outside the description: its help says where tabs belong.
    let d = expect(
        &tab,
        "text-control-character",
        "error authority.house_number 16:18",
    );
    assert!(message(d).contains("U+0009 CHARACTER TABULATION (character 2 "));
    assert!(help(d).contains("`jurisdiction.description`"), "{d:#}");
    // The description allows tab and line breaks, not other controls.
    let d = expect(
        &escape_in_description,
        "text-control-character",
        "error jurisdiction.description 25:22",
    );
    assert!(message(d).contains("U+001B ESCAPE (character 7 "));
    let d = expect(
        &second_line,
        "text-control-character",
        "error jurisdiction.description 27:8",
    );
    assert!(message(d).contains("U+202E RIGHT-TO-LEFT OVERRIDE (character 20 "));
    let d = expect(
        &contact_email,
        "text-control-character",
        "error contacts.technical.email 44:35",
    );
    assert!(message(d).contains("U+0085 NEXT LINE (character 26 "));

    // Near misses: tab and line breaks in the description; umlauts, emoji, a non-breaking
    // space, and the left-to-right mark (not a control the rule names) anywhere.
    let [layout, letters] = run([
        described("\"\"\"Stadtgemeinde Bremen,\n\tohne Bremerhaven\r\nund Umland\"\"\""),
        Case::variant(
            "\"Jugendamt Testamt\"",
            "\"Jugendamt Lüneburg 😀\u{a0}Straße\\u00A0\u{200e}\"",
        ),
    ]);
    assert_clean(&layout);
    assert_clean(&letters);
}

#[test]
fn messages_show_a_values_control_characters_as_escapes() {
    // A terminal escape sequence and a right-to-left override, in a value other findings
    // quote, and in an unknown key.
    let form = variant(
        "tenant_id = \"testamt\"",
        "tenant_id = \"a\\u001B[31mred\\u202E\"\n\"k\u{202e}y\" = 1",
    );
    let scratch = Scratch::new();
    scratch.form("form.toml", &form);
    let (_, json) = validate_json(scratch.path(), &["form.toml"]);
    let d = expect(&json, "tenant-id-invalid", "error tenant_id 2:13");
    assert_eq!(
        message(d),
        r"tenant_id `a\u001B[31mred\u202E` is not a valid tenant id"
    );
    let d = only(&json, "unknown-field");
    assert!(message(d).contains(r"`k\u202Ey`"), "{d:#}");
    for format in ["human", "github", "gitlab"] {
        let out = onboard(
            scratch.path(),
            &["validate", "--offline", "--format", format, "form.toml"],
        );
        let text = stdout(&out);
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| onboard::testing::refused(c, true))
            .collect();
        assert!(raw.is_empty(), "{format} prints {raw:?}: {text}");
        assert!(text.contains("tenant-id-invalid"), "{format}: {text}");
    }
}

#[test]
fn text_control_character_in_german() {
    let scratch = Scratch::new();
    scratch.form(
        "form.toml",
        &variant("\"Jugendamt Testamt\"", "\"Jugendamt \u{202e}Testamt\""),
    );
    let out = onboard(
        scratch.path(),
        &[
            "--lang",
            "de",
            "validate",
            "--offline",
            "--format",
            "json",
            "form.toml",
        ],
    );
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let d = expect(
        &json,
        "text-control-character",
        "error authority.name 14:19",
    );
    assert_eq!(
        message(d),
        "`authority.name` enthält das Steuerzeichen U+202E RIGHT-TO-LEFT OVERRIDE (Zeichen 11 des Werts)"
    );
    assert!(help(d).starts_with("löschen Sie das Zeichen"), "{d:#}");
}

/// `n` distinct Gemeinde keys of Rheinland-Pfalz (which has over 2000), from the shipped
/// area table.
fn rp_keys(n: usize) -> String {
    let table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/areas/areas.tsv"))
            .expect("area table");
    let keys: Vec<String> = table
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|k| k.len() == 12 && k.starts_with("07"))
        .take(n)
        .map(|k| format!("{k:?}"))
        .collect();
    assert_eq!(keys.len(), n);
    format!("[{}]", keys.join(", "))
}

/// The valid form with `n` professional contacts.
fn contacts(n: usize) -> Case {
    let one = "[[contacts.professional]]\nname = \"Erika Beispiel\"\nemail = \"erika.beispiel@testamt.example\"\nphone = \"0421 361-1234\"\n";
    Case::variant(one, &one.repeat(n))
}

#[test]
fn too_many_items() {
    let rp =
        |n: usize| Case::variants(&[("\"HB\"", "\"RP\""), ("[\"040110000000\"]", &rp_keys(n))]);
    // Just past each limit, and (near misses) at it: 1000 regional keys, 20 contacts.
    let [keys_past, keys_at, contacts_past, contacts_at] =
        run([rp(1001), rp(1000), contacts(21), contacts(20)]);
    // At the first key too many: line 24, after `regional_keys = [` and 1000 keys of 16
    // characters (`"…", `).
    let d = expect(
        &keys_past,
        "too-many-items",
        &format!("error jurisdiction.regional_keys 24:{}", 18 + 1000 * 16),
    );
    assert!(
        message(d).contains("1,001") && message(d).contains("1,000"),
        "{d:#}"
    );
    assert_codes(&keys_past, &["too-many-items"]);
    assert_clean(&keys_at);
    // The 21st `[[contacts.professional]]` header starts at line 37 + 20 × 4.
    expect(
        &contacts_past,
        "too-many-items",
        &format!("error contacts.professional {}:1", 37 + 20 * 4),
    );
    assert_codes(&contacts_past, &["too-many-items"]);
    assert_clean(&contacts_at);
}

// --- authority -------------------------------------------------------------------------------

#[test]
fn postal_code_invalid() {
    let bad = ["00123", "2819", "281955", "2819a", "２８１９５"];
    // Near misses: a single leading 0 (Dresden), and the highest region.
    let good = ["01067", "99084"];
    let results = run_all(
        bad.iter()
            .chain(&good)
            .map(|plz| Case::variant("\"28195\"", &format!("{plz:?}")))
            .collect(),
    );
    for json in &results[..bad.len()] {
        expect(
            json,
            "postal-code-invalid",
            "error authority.postal_code 17:15",
        );
        assert_codes(json, &["postal-code-invalid"]);
    }
    results[bad.len()..].iter().for_each(assert_clean);
}

#[test]
fn state_invalid() {
    let [lower, unknown, name, other_land] = run([
        Case::variant("\"HB\"", "\"hb\""),
        Case::variant("\"HB\"", "\"XX\""),
        Case::variant("\"HB\"", "\"Bremen\""),
        // Near miss: another Land, with a key of its own.
        Case::variants(&[("\"HB\"", "\"NI\""), ("[\"040110000000\"]", "[\"03356\"]")]),
    ]);
    let d = expect(&lower, "state-invalid", "error authority.state 19:9");
    assert!(help(d).contains("`HB`"), "suggests upper case: {d:#}");
    // An invalid Land cannot also mismatch the regional keys.
    assert_codes(&lower, &["state-invalid"]);
    for json in [&unknown, &name] {
        let d = expect(json, "state-invalid", "error authority.state 19:9");
        assert!(help(d).contains("HB NW HE"), "lists the codes: {d:#}");
    }
    assert_clean(&other_land);
}

#[test]
fn phone_invalid() {
    let bad = ["12", "hallo", "+49 0"];
    // Near misses: German numbers in the usual notations, and a foreign number.
    let good = [
        "+49 421 3610",
        "(0421) 361-0",
        "0421/361-0",
        "+44 20 7946 0958",
    ];
    let mut cases: Vec<Case> = bad
        .iter()
        .chain(&good)
        .map(|n| Case::variant("\"0421 361-0\"", &format!("{n:?}")))
        .collect();
    // Contact people's numbers too, each with its path.
    cases.push(Case::variant("\"0421 361-1234\"", "\"12\""));
    cases.push(Case::variant(
        "email = \"max.probe@testamt.example\"",
        "email = \"max.probe@testamt.example\"\nphone = \"hallo\"",
    ));
    let results = run_all(cases);
    let (bad_runs, rest) = results.split_at(bad.len());
    let (good_runs, contacts) = rest.split_at(good.len());
    for json in bad_runs {
        expect(json, "phone-invalid", "error authority.phone 20:9");
        assert_codes(json, &["phone-invalid"]);
    }
    good_runs.iter().for_each(assert_clean);
    expect(
        &contacts[0],
        "phone-invalid",
        "error contacts.professional[0].phone 40:9",
    );
    expect(
        &contacts[1],
        "phone-invalid",
        "error contacts.technical.phone 45:9",
    );
}

#[test]
fn url_invalid() {
    let bad = [
        "http://www.testamt.example",
        "www.testamt.example",
        "https://user:pw@www.testamt.example",
        "javascript:alert(1)",
    ];
    // Near misses: a path and a port, an upper-case scheme.
    let good = [
        "https://www.testamt.example:8443/jugendamt/",
        "HTTPS://WWW.TESTAMT.EXAMPLE",
    ];
    let results = run_all(
        bad.iter()
            .chain(&good)
            .map(|url| Case::variant("\"https://www.testamt.example\"", &format!("{url:?}")))
            .collect(),
    );
    for json in &results[..bad.len()] {
        expect(json, "url-invalid", "error authority.website 21:11");
        assert_codes(json, &["url-invalid"]);
    }
    results[bad.len()..].iter().for_each(assert_clean);
}

// --- jurisdiction ----------------------------------------------------------------------------

/// The valid form with `regional_keys = list`.
fn keys(list: &str) -> Case {
    Case::variant("[\"040110000000\"]", list)
}

#[test]
fn regional_key_malformed() {
    let bad = [
        ("0401100000", "length"),
        ("4011", "length"),
        ("04011 000000", "digits"),
        ("O4", "digits"),
        ("170110000000", "Land"),
        ("00", "Land"),
    ];
    let mut cases: Vec<Case> = bad
        .iter()
        .map(|(key, _)| keys(&format!("[{key:?}]")))
        .collect();
    // The path names the index in the array as written, even after a mistyped item.
    cases.push(keys("[4011, \"17\"]"));
    // Near misses: a Land (2 digits) and a Gemeindeverband (9 digits).
    cases.push(keys("[\"04\"]"));
    cases.push(keys("[\"040110000\"]"));
    let results = run_all(cases);
    for ((key, reason), json) in bad.iter().zip(&results) {
        let d = expect(
            json,
            "regional-key-malformed",
            "error jurisdiction.regional_keys[0] 24:18",
        );
        let text = format!("{} {}", message(d), help(d));
        assert!(text.contains(reason), "{key}: {d:#}");
        assert_codes(json, &["regional-key-malformed"]);
    }
    let [after_mistyped, land, gemeindeverband] = &results[bad.len()..] else {
        panic!("three more results");
    };
    expect(
        after_mistyped,
        "regional-key-malformed",
        "error jurisdiction.regional_keys[1] 24:24",
    );
    // A Land key is well-formed; it is only too broad for an office.
    assert_codes(land, &["regional-key-too-broad"]);
    assert_clean(gemeindeverband);
}

#[test]
fn regional_key_state_mismatch() {
    let [niedersachsen, bremerhaven] = run([
        keys("[\"03356\"]"),
        // Near miss: another key of Bremen (Bremerhaven, a Kreis).
        keys("[\"04012\"]"),
    ]);
    let d = expect(
        &niedersachsen,
        "regional-key-state-mismatch",
        "error jurisdiction.regional_keys[0] 24:18",
    );
    assert!(message(d).contains("Niedersachsen"), "{d:#}");
    assert!(help(d).contains("04"), "{d:#}");
    assert_codes(&niedersachsen, &["regional-key-state-mismatch"]);
    assert_clean(&bremerhaven);
}

#[test]
fn regional_key_unknown() {
    let [regierungsbezirk, gemeinde, all_levels] = run([
        // Bremen has no Regierungsbezirk.
        keys("[\"040\"]"),
        keys("[\"049990000000\"]"),
        // Near miss: Bremen as Kreis, Gemeindeverband and Gemeinde all exist (the Land
        // too, but it is too broad: `regional_key_too_broad`).
        keys("[\"04011\", \"040110000\", \"040110000000\"]"),
    ]);
    for (json, level) in [
        (&regierungsbezirk, "regierungsbezirk"),
        (&gemeinde, "gemeinde"),
    ] {
        let d = expect(
            json,
            "regional-key-unknown",
            "error jurisdiction.regional_keys[0] 24:18",
        );
        assert!(message(d).to_lowercase().contains(level), "{d:#}");
        assert!(
            message(d).contains("2025-11-30"),
            "names the edition: {d:#}"
        );
        assert_codes(json, &["regional-key-unknown"]);
    }
    assert_clean(&all_levels);
}

#[test]
fn regional_key_duplicate() {
    let (exit, json) = check_form(&variant(
        "[\"040110000000\"]",
        "[\"04011\", \"040110000000\", \"04011\"]",
    ));
    assert_eq!(exit, 0, "a warning does not fail the run");
    let d = expect(
        &json,
        "regional-key-duplicate",
        "warning jurisdiction.regional_keys[2] 24:43",
    );
    assert!(message(d).contains("04011 (Bremen, Stadt)"), "{d:#}");
    let first = &d["related"][0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(24), Some(18))
    );
    assert_codes(&json, &["regional-key-duplicate"]);

    let [after_mistyped, kreis_and_gemeinde] = run([
        // The index is the one in the file, even after a mistyped item.
        keys("[0, \"04011\", \"04011\"]"),
        // Near miss: a Kreis and a Gemeinde inside it are two different keys.
        keys("[\"04011\", \"040110000000\"]"),
    ]);
    expect(
        &after_mistyped,
        "regional-key-duplicate",
        "warning jurisdiction.regional_keys[2] 24:30",
    );
    assert_clean(&kreis_and_gemeinde);
}

#[test]
fn regional_key_too_broad() {
    let [land, regierungsbezirk, kreis] = run([
        keys("[\"04\"]"),
        Case::variants(&[
            ("state = \"HB\"", "state = \"NI\""),
            ("[\"040110000000\"]", "[\"031\"]"),
        ]),
        // Near miss: a Kreis is the area an office serves.
        keys("[\"04011\"]"),
    ]);
    let d = expect(
        &land,
        "regional-key-too-broad",
        "warning jurisdiction.regional_keys[0] 24:18",
    );
    assert!(message(d).contains("04 (Bremen)"), "{d:#}");
    assert!(message(d).to_lowercase().contains("land"), "{d:#}");
    assert_codes(&land, &["regional-key-too-broad"]);
    let d = expect(
        &regierungsbezirk,
        "regional-key-too-broad",
        "warning jurisdiction.regional_keys[0] 24:18",
    );
    assert!(message(d).contains("Braunschweig"), "{d:#}");
    assert!(
        message(d).to_lowercase().contains("regierungsbezirk"),
        "{d:#}"
    );
    assert_clean(&kreis);
}

// --- logo ------------------------------------------------------------------------------------

#[test]
fn logo_missing() {
    let [missing, folder, dotted] = run([
        Case::variant("\"logo.png\"", "\"wappen.png\""),
        // A folder is not a logo either.
        Case::variant("\"logo.png\"", "\"logos\"").with("logos/readme.txt", "x"),
        // Near miss: the same file named with `./`.
        Case::variant("\"logo.png\"", "\"./logo.png\""),
    ]);
    let d = expect(&missing, "logo-missing", "error logo.file 27:8");
    assert!(message(d).contains("wappen.png"), "{d:#}");
    assert_codes(&missing, &["logo-missing"]);
    expect(&folder, "logo-missing", "error logo.file 27:8");
    assert_clean(&dotted);
}

#[test]
fn logo_outside_form_dir() {
    // `../logo.png` exists, beside the form's folder.
    let scratch = Scratch::new();
    scratch.write("logo.png", png(256, 256));
    scratch.form(
        "forms/form.toml",
        &variant("\"logo.png\"", "\"../logo.png\""),
    );
    let (exit, json) = validate_json(scratch.path(), &["forms/form.toml"]);
    assert_eq!(exit, 1);
    expect(&json, "logo-outside-form-dir", "error logo.file 27:8");
    assert_codes(&json, &["logo-outside-form-dir"]);

    let [absolute, below, inside] = run([
        Case::variant("\"logo.png\"", "\"/etc/hostname\""),
        // Near misses: a folder below the form's, and `..` that stays inside.
        Case::logo("logos/wappen.png", png(256, 256)),
        Case::logo("logos/../wappen.png", png(256, 256)),
    ]);
    expect(&absolute, "logo-outside-form-dir", "error logo.file 27:8");
    assert_clean(&below);
    assert_clean(&inside);

    // A link inside the folder that points out of it.
    #[cfg(unix)]
    {
        let link = scratch.path().join("forms/wappen.png");
        std::os::unix::fs::symlink(scratch.path().join("logo.png"), link).expect("symlink");
        scratch.form(
            "forms/form.toml",
            &variant("\"logo.png\"", "\"wappen.png\""),
        );
        let (_, json) = validate_json(scratch.path(), &["forms/form.toml"]);
        expect(&json, "logo-outside-form-dir", "error logo.file 27:8");
        assert_codes(&json, &["logo-outside-form-dir"]);
    }
}

#[test]
fn logo_format() {
    let [
        gif,
        empty,
        png_as_jpg,
        jpeg_as_png,
        svg_as_png,
        gif_name,
        upper,
        jpeg_name,
        svg_name,
        png_as_svg,
    ] = run([
        // Unknown content (a GIF) behind a `.png` name, and an empty file.
        Case::logo("wappen.png", *b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        Case::logo("wappen.png", Vec::new()),
        // The extension contradicts the content.
        Case::logo("wappen.jpg", png(256, 256)),
        Case::logo("wappen.png", jpeg(256, 256)),
        Case::logo("wappen.png", svg("<rect/>")),
        // A PNG whose name has no image extension.
        Case::logo("wappen.gif", png(256, 256)),
        // Near misses: extensions in any case, `.jpeg`, and an SVG.
        Case::logo("WAPPEN.PNG", png(256, 256)),
        Case::logo("wappen.JPEG", jpeg(256, 256)),
        Case::logo("wappen.svg", svg("<rect width=\"10\" height=\"10\"/>")),
        // A PNG named `.svg`: the message names the file (a placeholder was left once).
        Case::logo("wappen.svg", png(256, 256)),
    ]);
    for json in [&gif, &empty] {
        let d = expect(json, "logo-format", "error logo.file 27:8");
        assert!(message(d).contains("not a PNG, JPEG or SVG"), "{d:#}");
        assert_codes(json, &["logo-format"]);
    }
    let d = expect(&png_as_svg, "logo-format", "error logo.file 27:8");
    assert!(message(d).contains("`wappen.svg` is a PNG file"), "{d:#}");
    for (json, content, named) in [
        (&png_as_jpg, "PNG", "JPEG"),
        (&jpeg_as_png, "JPEG", "PNG"),
        (&svg_as_png, "SVG", "PNG"),
    ] {
        let d = expect(json, "logo-format", "error logo.file 27:8");
        let text = message(d);
        assert!(text.contains(&format!("a {content} file")), "{d:#}");
        assert!(text.contains(&format!("says {named}")), "{d:#}");
    }
    expect(&gif_name, "logo-format", "error logo.file 27:8");
    assert_clean(&upper);
    assert_clean(&jpeg_name);
    assert_clean(&svg_name);
}

#[test]
fn an_svg_that_cannot_be_inspected_is_said_in_the_language() {
    let scratch = Scratch::new();
    // A Latin-1 `ä` (0xE4) in a title, and a root element that only starts like `<svg`.
    let mut latin1 = svg("<title>Wappen</title>").into_bytes();
    let at = latin1.windows(6).position(|w| w == b"Wappen").unwrap() + 1;
    latin1[at] = 0xE4;
    let cases = [
        ("latin1", latin1, "is not UTF-8 text", "ist kein UTF-8-Text"),
        (
            "root",
            format!("<svgx {SVG_NS}/>").into_bytes(),
            "is not an SVG image: it starts with <svgx> instead of <svg>",
            "ist kein SVG-Bild: es beginnt mit <svgx> statt mit <svg>",
        ),
    ];
    for (name, bytes, _, _) in &cases {
        scratch.write(&format!("{name}/wappen.svg"), bytes);
        scratch.form(
            &format!("{name}/form.toml"),
            &variant("file = \"logo.png\"", "file = \"wappen.svg\""),
        );
    }
    for (name, _, english, german) in &cases {
        let form = format!("{name}/form.toml");
        for (lang, words) in [("en", english), ("de", german)] {
            let (_, json) = validate_json(scratch.path(), &["--lang", lang, &form]);
            let d = expect(&json, "logo-format", "error logo.file 27:8");
            assert!(message(d).contains(words), "{lang}: {d:#}");
        }
    }
}

/// A complete PNG of 256×256 pixels with `len` bytes (padding before its IEND chunk).
fn png_of_len(len: usize) -> Vec<u8> {
    let mut bytes = png(256, 256);
    let iend = bytes.len() - 12;
    let padding = len - bytes.len();
    bytes.splice(iend..iend, std::iter::repeat_n(0u8, padding));
    assert_eq!(bytes.len(), len);
    bytes
}

#[test]
fn logo_too_large() {
    let mib = 1024 * 1024;
    let huge_svg = svg(&format!("<!--{}-->", "x".repeat(mib)));
    let wide_svg = format!("<svg {SVG_NS} width=\"10000\" height=\"10000\"><rect/></svg>");
    let [
        bytes,
        wide,
        tall,
        jpeg_wide,
        svg_bytes,
        at_limit,
        max_side,
        vector,
    ] = run([
        Case::logo("wappen.png", png_of_len(mib + 1)),
        Case::logo("wappen.png", png(4097, 100)),
        Case::logo("wappen.png", png(200, 4097)),
        Case::logo("wappen.jpg", jpeg(5000, 300)),
        // An SVG has the byte bound only.
        Case::logo("wappen.svg", huge_svg),
        // Near misses: exactly 1 MiB, 4096 px a side, and a vector logo of 10000 units.
        Case::logo("wappen.png", png_of_len(mib)),
        Case::logo("wappen.png", png(4096, 4096)),
        Case::logo("wappen.svg", wide_svg),
    ]);
    let d = expect(&bytes, "logo-too-large", "error logo.file 27:8");
    assert!(message(d).contains("has 1.1 MiB; at most 1 MiB"), "{d:#}");
    for (json, size) in [
        (&wide, "4,097×100"),
        (&tall, "200×4,097"),
        (&jpeg_wide, "5,000×300"),
    ] {
        let d = expect(json, "logo-too-large", "error logo.file 27:8");
        assert!(message(d).contains(size), "{d:#}");
        assert_codes(json, &["logo-too-large"]);
    }
    expect(&svg_bytes, "logo-too-large", "error logo.file 27:8");
    assert_clean(&at_limit);
    assert_clean(&max_side);
    assert_clean(&vector);
}

#[test]
fn logo_too_small() {
    let scratch = Scratch::new();
    scratch.write("klein.png", png(127, 500));
    scratch.form("form.toml", &variant("\"logo.png\"", "\"klein.png\""));
    let (exit, json) = validate_json(scratch.path(), &["form.toml"]);
    assert_eq!(exit, 0, "a warning does not fail the run");
    let d = expect(&json, "logo-too-small", "warning logo.file 27:8");
    assert!(message(d).contains("127×500"), "{d:#}");
    assert_codes(&json, &["logo-too-small"]);

    let small_svg = format!("<svg {SVG_NS} width=\"10\" height=\"10\"><rect/></svg>");
    let [wide, tiny, small_jpeg, at_limit, vector] = run([
        Case::logo("wappen.png", png(500, 127)),
        Case::logo("wappen.png", png(16, 16)),
        Case::logo("wappen.jpg", jpeg(100, 300)),
        // Near misses: 128 px on the shorter side, and a vector logo of 10×10 units.
        Case::logo("wappen.png", png(128, 128)),
        Case::logo("wappen.svg", small_svg),
    ]);
    for (json, size) in [
        (&wide, "500×127"),
        (&tiny, "16×16"),
        (&small_jpeg, "100×300"),
    ] {
        let d = expect(json, "logo-too-small", "warning logo.file 27:8");
        assert!(message(d).contains(size), "{d:#}");
    }
    assert_clean(&at_limit);
    assert_clean(&vector);
}

#[test]
fn logo_unsafe_svg() {
    let unsafe_cases = [
        (svg("<script>alert(1)</script>"), "script"),
        (
            format!("<svg {SVG_NS} onload=\"alert(1)\"><rect/></svg>"),
            "event handler onload",
        ),
        (
            svg("\n<foreignObject><div>x</div></foreignObject>"),
            "foreignObject> (line 2)",
        ),
        (
            format!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"x\">]>\n<svg {SVG_NS}><text>&a;</text></svg>"
            ),
            "DOCTYPE (line 2)",
        ),
        (
            svg("<a xlink:href=\"javascript:alert(1)\"><rect/></a>"),
            "javascript:",
        ),
        (
            svg("<image xlink:href=\"https://evil.example/x.png\"/>"),
            "outside the file",
        ),
        (svg("<image href=\"logo.png\"/>"), "outside the file"),
        (
            svg("<rect style=\"fill:url(https://evil.example/y)\"/>"),
            "through CSS",
        ),
    ];
    // Near miss: references into the file and an embedded PNG are safe; text may say
    // "javascript:".
    let safe = svg(concat!(
        "<defs><linearGradient id=\"g\"/></defs>",
        "<rect fill=\"url(#g)\" width=\"10\" height=\"10\"/>",
        "<use xlink:href=\"#g\"/>",
        "<image href=\"data:image/png;base64,iVBORw0KGgo=\"/>",
        "<text>javascript: is only a word here</text>",
    ));
    let mut cases: Vec<Case> = unsafe_cases
        .iter()
        .map(|(content, _)| Case::logo("wappen.svg", content.as_str()))
        .collect();
    cases.push(Case::logo("wappen.svg", safe));
    let results = run_all(cases);
    for ((content, what), json) in unsafe_cases.iter().zip(&results) {
        let d = expect(json, "logo-unsafe-svg", "error logo.file 27:8");
        assert!(message(d).contains(what), "{content}: {d:#}");
        assert_codes(json, &["logo-unsafe-svg"]);
    }
    assert_clean(&results[unsafe_cases.len()]);
}

// --- e-mail ----------------------------------------------------------------------------------

#[test]
fn email_invalid() {
    let bad = [
        "jugendamt",
        "jugendamt@localhost",
        "jugend amt@testamt.example",
        "jugendamt@@testamt.example",
        "jugendamt@testamt.",
        "jugend..amt@testamt.example",
        ".jugendamt@testamt.example",
        "jugendamt.@testamt.example",
    ];
    // Near misses: sub-addressing, a subdomain, a hyphen and a digit.
    let good = [
        "sorgeregister+neu@testamt.example",
        "sorgeregister@jugendamt.testamt.example",
        "jugendamt-2@testamt.example",
    ];
    let mut cases: Vec<Case> = bad
        .iter()
        .chain(&good)
        .map(|a| Case::variant("\"sorgeregister@testamt.example\"", &format!("{a:?}")))
        .collect();
    // Contact people's addresses are checked too.
    cases.push(Case::variant(
        "\"max.probe@testamt.example\"",
        "\"max.probe(at)testamt.example\"",
    ));
    let results = run_all(cases);
    for (address, json) in bad.iter().zip(&results) {
        let d = expect(json, "email-invalid", "error mailboxes.applications 34:16");
        assert!(message(d).contains(address), "{d:#}");
        // An invalid address is not also judged personal or free-mail.
        assert_codes(json, &["email-invalid"]);
    }
    results[bad.len()..bad.len() + good.len()]
        .iter()
        .for_each(assert_clean);
    expect(
        results.last().expect("contact"),
        "email-invalid",
        "error contacts.technical.email 44:9",
    );
}

/// The valid form with the first contact person renamed and `applications = mailbox`.
fn named(name: &str, mailbox: &str) -> Case {
    Case::variants(&[
        ("\"Erika Beispiel\"", &format!("{name:?}")),
        ("\"sorgeregister@testamt.example\"", &format!("{mailbox:?}")),
    ])
}

#[test]
fn mailbox_personal() {
    // 1. A contact person's own address, ignoring case.
    let (exit, json) = check_form(&variant(
        "\"kontakt@testamt.example\"",
        "\"Erika.Beispiel@TESTAMT.example\"",
    ));
    assert_eq!(exit, 0, "a warning does not fail the run");
    let d = expect(
        &json,
        "mailbox-personal",
        "warning mailboxes.contact_form 35:16",
    );
    assert!(message(d).contains("contact person's own address"), "{d:#}");
    assert_codes(&json, &["mailbox-personal"]);

    // 2. A word of the local part (split at `.`, `_`, `-` and digits) is a contact
    //    person's given or family name, ignoring case, with ä=ae, ö=oe, ü=ue, ß=ss.
    let by_name = [
        (
            "Jörg Müller",
            "sorgeregister-mueller@testamt.example",
            "mueller",
        ),
        ("Jörg Müller", "joerg2@testamt.example", "joerg"),
        ("Erika Groß", "jugendamt_gross@testamt.example", "gross"),
        (
            "Erika Beispiel",
            "BEISPIEL.jugendamt@testamt.example",
            "beispiel",
        ),
        // The technical contact (Max Probe) counts too.
        ("Erika Beispiel", "probe@testamt.example", "probe"),
    ];
    // Near misses: a name inside a longer word, a name without its umlaut folded, two
    // letters before the dot, a particle of a name, and both mailboxes the same.
    let not_personal = [
        ("Erika Beispiel", "beispielamt@testamt.example"),
        ("Jörg Müller", "muller@testamt.example"),
        ("Erika Groß", "grossstadt@testamt.example"),
        ("Erika Beispiel", "ab.jugendamt@testamt.example"),
        ("Dr. Erika von Beispiel", "von-amts-wegen@testamt.example"),
        ("Erika Beispiel", "kontakt@testamt.example"),
    ];
    let mut cases: Vec<Case> = by_name
        .iter()
        .map(|(name, mailbox, _)| named(name, mailbox))
        .chain(
            not_personal
                .iter()
                .map(|(name, mailbox)| named(name, mailbox)),
        )
        .collect();
    // 3. The shape `x.name`: one letter, a dot, a word.
    cases.push(Case::variant(
        "\"sorgeregister@testamt.example\"",
        "\"k.schulze@testamt.example\"",
    ));
    let results = run_all(cases);
    for ((_, mailbox, word), json) in by_name.iter().zip(&results) {
        let d = expect(
            json,
            "mailbox-personal",
            "warning mailboxes.applications 34:16",
        );
        assert!(
            message(d).contains(&format!("`{word}`")),
            "{mailbox}: {d:#}"
        );
        assert_codes(json, &["mailbox-personal"]);
    }
    results[by_name.len()..by_name.len() + not_personal.len()]
        .iter()
        .for_each(assert_clean);
    let d = expect(
        results.last().expect("x.name"),
        "mailbox-personal",
        "warning mailboxes.applications 34:16",
    );
    assert!(message(d).contains("initial"), "{d:#}");
}

#[test]
fn mailbox_freemail() {
    let free = [
        ("jugendamt.testamt@gmx.de", "gmx.de"),
        ("jugendamt.testamt@GMAIL.com", "gmail.com"),
        // A subdomain of a provider.
        ("jugendamt@mail.gmx.net", "gmx.net"),
    ];
    let mut cases: Vec<Case> = free
        .iter()
        .map(|(a, _)| Case::variant("\"kontakt@testamt.example\"", &format!("{a:?}")))
        .collect();
    // Near misses: a domain that only ends like a provider's, one that only starts like
    // one, and a contact person at a provider (only the mailboxes are judged).
    cases.push(Case::variant(
        "\"kontakt@testamt.example\"",
        "\"jugendamt@notweb.de\"",
    ));
    cases.push(Case::variant(
        "\"kontakt@testamt.example\"",
        "\"jugendamt@web.de.testamt.example\"",
    ));
    cases.push(Case::variant(
        "\"max.probe@testamt.example\"",
        "\"max.probe@gmail.com\"",
    ));
    let results = run_all(cases);
    for ((address, provider), json) in free.iter().zip(&results) {
        let d = expect(
            json,
            "mailbox-freemail",
            "warning mailboxes.contact_form 35:16",
        );
        assert!(message(d).contains(provider), "{address}: {d:#}");
        assert_codes(json, &["mailbox-freemail"]);
    }
    results[free.len()..].iter().for_each(assert_clean);
}

// --- privacy policy --------------------------------------------------------------------------

const PRIVACY_URL: &str = "\"https://www.testamt.example/datenschutz\"";

fn privacy_url(url: &str) -> Case {
    Case::variant(PRIVACY_URL, &format!("{url:?}"))
}

#[test]
fn privacy_url_invalid() {
    let bad = [
        ("javascript:alert(1)", "scheme `javascript`"),
        ("mailto:datenschutz@testamt.example", "scheme `mailto`"),
        ("www.testamt.example/datenschutz", "not an absolute URL"),
        ("https://user@www.testamt.example/datenschutz", "user name"),
        (
            "https://user:pw@www.testamt.example/datenschutz",
            "user name",
        ),
        // User info wins over http.
        ("http://user@www.testamt.example/datenschutz", "user name"),
    ];
    let mut cases: Vec<Case> = bad.iter().map(|(url, _)| privacy_url(url)).collect();
    // Near miss: an http:// link is not invalid, only not https.
    cases.push(privacy_url("http://www.testamt.example/datenschutz"));
    let results = run_all(cases);
    for ((url, why), json) in bad.iter().zip(&results) {
        let d = expect(json, "privacy-url-invalid", "error privacy_policy.url 31:7");
        assert!(message(d).contains(why), "{url}: {d:#}");
        assert_codes(json, &["privacy-url-invalid"]);
    }
    assert_codes(&results[bad.len()], &["privacy-url-not-https"]);
}

#[test]
fn privacy_url_not_https() {
    let [http, upper] = run([
        privacy_url("http://www.testamt.example/datenschutz"),
        // Near miss: the scheme in upper case is still https.
        privacy_url("HTTPS://www.testamt.example/datenschutz"),
    ]);
    let d = expect(
        &http,
        "privacy-url-not-https",
        "error privacy_policy.url 31:7",
    );
    assert!(
        help(d).contains("https://www.testamt.example/datenschutz"),
        "{d:#}"
    );
    assert_codes(&http, &["privacy-url-not-https"]);
    assert_clean(&upper);
}

#[test]
fn privacy_url_unstable() {
    let unstable = [
        ("https://192.0.2.10/datenschutz", "IP address"),
        ("https://[2001:db8::1]/datenschutz", "IP address"),
        (
            "https://www.testamt.example/datenschutz?lang=de",
            "query string",
        ),
        (
            "https://www.testamt.example/datenschutz;jsessionid=A1B2",
            "session id",
        ),
        (
            "https://www.testamt.example/datenschutz?sid=42",
            "session id",
        ),
        (
            "https://www.testamt.example/datenschutz?x=1&PHPSESSID=42",
            "session id",
        ),
        (
            "https://www.testamt.example/datenschutz#kontakt",
            "fragment",
        ),
    ];
    // Near misses: a port and a trailing slash, a path that merely contains "sid".
    let stable = [
        "https://www.testamt.example:443/datenschutz/",
        "https://www.testamt.example/consider/datenschutz",
    ];
    let results = run_all(
        unstable
            .iter()
            .map(|(url, _)| *url)
            .chain(stable)
            .map(privacy_url)
            .collect(),
    );
    for ((url, why), json) in unstable.iter().zip(&results) {
        let d = expect(
            json,
            "privacy-url-unstable",
            "warning privacy_policy.url 31:7",
        );
        assert!(message(d).contains(why), "{url}: {d:#}");
        assert_codes(json, &["privacy-url-unstable"]);
    }
    results[unstable.len()..].iter().for_each(assert_clean);
}

// --- across forms ----------------------------------------------------------------------------

/// Asserts that a file entry has one finding, `code`, at `line:column`, that names `other`
/// and its line in the message and points at `other_line:other_column` in `related`.
#[track_caller]
fn assert_conflict(
    file: &Value,
    code: &str,
    field: &str,
    (line, column): (u64, u64),
    other: &str,
    (other_line, other_column): (u64, u64),
) {
    let all = findings(file);
    assert_eq!(all.len(), 1, "{file:#}");
    let d = &all[0];
    assert_eq!(d["code"], code, "{d:#}");
    assert_eq!(d["severity"], "error", "{d:#}");
    assert_eq!(d["field"], field, "{d:#}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column))
    );
    assert!(
        message(d).contains(&format!("{other}:{other_line}")),
        "{d:#}"
    );
    let related = d["related"].as_array().expect("related");
    assert_eq!(related.len(), 1, "{d:#}");
    assert_eq!(related[0]["path"], other);
    assert_eq!(
        (related[0]["line"].as_u64(), related[0]["column"].as_u64()),
        (Some(other_line), Some(other_column))
    );
}

#[test]
fn duplicate_tenant_id() {
    let scratch = Scratch::new();
    scratch.form("a.toml", VALID_FORM);
    scratch.form(
        "b.toml",
        &variant("[\"040110000000\"]", "[\"040120000000\"]"),
    );
    let (exit, json) = validate_json(scratch.path(), &["a.toml", "b.toml"]);
    assert_eq!(exit, 1);
    let tenant = "duplicate-tenant-id";
    assert_conflict(
        file(&json, "a.toml"),
        tenant,
        "tenant_id",
        (2, 13),
        "b.toml",
        (2, 13),
    );
    assert_conflict(
        file(&json, "b.toml"),
        tenant,
        "tenant_id",
        (2, 13),
        "a.toml",
        (2, 13),
    );

    // Near miss: one file named twice (and reached through its folder) is read once.
    std::fs::remove_file(scratch.path().join("b.toml")).expect("remove b.toml");
    let (exit, json) = validate_json(scratch.path(), &["a.toml", "./a.toml", "."]);
    assert_eq!(json["summary"]["files"], 1, "{json:#}");
    assert_clean(&json);
    assert_eq!(exit, 0);
    // Near miss: different tenants.
    scratch.form(
        "b.toml",
        &variants(&[
            ("\"testamt\"", "\"anderes-amt\""),
            ("[\"040110000000\"]", "[\"040120000000\"]"),
        ]),
    );
    let (exit, json) = validate_json(scratch.path(), &["a.toml", "b.toml"]);
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    assert_eq!(exit, 0);
}

#[test]
fn jurisdiction_overlap() {
    let second = |keys: &str, service: &str| {
        variants(&[
            ("\"testamt\"", "\"zweites-amt\""),
            ("\"sorgeregister-negativbescheinigung\"", service),
            ("[\"040110000000\"]", keys),
        ])
    };
    let scratch = Scratch::new();
    scratch.form("a.toml", VALID_FORM);
    // b claims the Kreis Bremen and, as its second key, the Gemeinde that a claims.
    let service = "\"sorgeregister-negativbescheinigung\"";
    scratch.form("b.toml", &second("[\"04011\", \"040110000000\"]", service));
    let (exit, json) = validate_json(scratch.path(), &["a.toml", "b.toml"]);
    assert_eq!(exit, 1);
    let overlap = "jurisdiction-overlap";
    let (a, b) = (file(&json, "a.toml"), file(&json, "b.toml"));
    let a_key = "jurisdiction.regional_keys[0]";
    let b_key = "jurisdiction.regional_keys[1]";
    assert_conflict(a, overlap, a_key, (24, 18), "b.toml", (24, 27));
    assert_conflict(b, overlap, b_key, (24, 27), "a.toml", (24, 18));
    assert!(message(&findings(a)[0]).contains("040110000000"), "{a:#}");

    // Near miss: a Gemeinde inside the other form's Kreis is not an overlap.
    scratch.form("b.toml", &second("[\"04011\"]", service));
    let (exit, json) = validate_json(scratch.path(), &["a.toml", "b.toml"]);
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    assert_eq!(json["summary"]["warnings"], 0, "{json:#}");
    assert_eq!(exit, 0);
    // Near miss: the same key for another service (b has only its unknown service).
    scratch.form("b.toml", &second("[\"040110000000\"]", "\"elterngeld\""));
    let (_, json) = validate_json(scratch.path(), &["a.toml", "b.toml"]);
    assert_eq!(findings(file(&json, "a.toml")).len(), 0, "{json:#}");
    let b = file(&json, "b.toml");
    let codes: Vec<&Value> = findings(b).iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, [&Value::from("unknown-service")], "{b:#}");
}

// --- whole runs ------------------------------------------------------------------------------

#[test]
fn five_mistakes_give_five_findings_in_one_run() {
    let form = variants(&[
        ("\"testamt\"", "\"Testamt\""),
        ("99013016012001", "99013016012002"),
        ("\"28195\"", "\"2819\""),
        (PRIVACY_URL, "\"http://www.testamt.example/datenschutz\""),
        ("\"kontakt@testamt.example\"", "\"jugendamt@gmx.de\""),
    ]);
    let (exit, json) = check_form(&form);
    assert_eq!(exit, 1);
    expect(&json, "tenant-id-invalid", "error tenant_id 2:13");
    expect(&json, "leika-id-mismatch", "error service.leika_id 6:12");
    expect(
        &json,
        "postal-code-invalid",
        "error authority.postal_code 17:15",
    );
    expect(
        &json,
        "privacy-url-not-https",
        "error privacy_policy.url 31:7",
    );
    expect(
        &json,
        "mailbox-freemail",
        "warning mailboxes.contact_form 35:16",
    );
    assert_eq!(diagnostics(&json).len(), 5, "{json:#}");
    assert_eq!(json["summary"]["errors"], 4);
    assert_eq!(json["summary"]["warnings"], 1);
    // In the order of the file.
    let lines: Vec<u64> = diagnostics(&json)
        .iter()
        .map(|d| d["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, [2, 6, 17, 31, 35]);
}

#[test]
fn the_shipped_examples_have_no_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (exit, json) = validate_json(root, &["order-forms"]);
    let files = json["files"].as_array().expect("files");
    assert!(!files.is_empty(), "{json:#}");
    for f in files {
        assert_eq!(findings(f).len(), 0, "{f:#}");
        assert!(f["tenant_id"].is_string(), "{f:#}");
    }
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(exit, 0);
}

/// The help of an invalid tenant id gives the id made from what was written, as the
/// wizard suggests one from the office's name; the fixed example only where nothing is left.
#[test]
fn tenant_id_invalid_suggests_the_id_made_from_what_was_written() {
    for (written, example) in [
        ("Jugendamt Müllerstadt", "jugendamt-muellerstadt"),
        ("test_amt", "test-amt"),
        ("---", "musterstadt-jugendamt"),
    ] {
        let form = variant(
            "tenant_id = \"testamt\"",
            &format!("tenant_id = \"{written}\""),
        );
        let (_, json) = check_form(&form);
        let finding = only(&json, "tenant-id-invalid");
        let help = finding["help"].as_str().unwrap();
        assert!(help.ends_with(&format!("`{example}`")), "{written}: {help}");
    }
}
