//! German a clerk reads without help (issue 16): no English word that has leaked into
//! German output before, no developer jargon in her texts, counts in the singular and the
//! plural, and the wording fixes the review asked for.

mod common;

use std::path::Path;

use common::*;
use onboard::finding::registry::Code;
use onboard::messages::{Lang, catalog};

/// English words that have reached German output before: the TOML parser's own words
/// ("invalid float, expected nothing", "string values must be quoted", "duplicate key") and
/// labels a renderer once left untranslated. Checked as whole words, case-insensitively.
const LEAKED_ENGLISH: &[&str] = &[
    "the",
    "and",
    "is",
    "of",
    "error",
    "errors",
    "warning",
    "warnings",
    "invalid",
    "expected",
    "duplicate",
    "quoted",
    "string",
    "strings",
    "float",
    "integer",
    "boolean",
    "found",
    "missing",
    "key",
    "keys",
    "table",
    "value",
    "values",
    "must",
    "help",
    "unknown",
    "line",
    "column",
    "failed",
    "passed",
    "nothing",
    "unclosed",
    "newline",
];

/// Words a clerk does not know; they belong in the developer-facing docs only.
const JARGON: &[&str] = &[
    "cargo",
    "libphonenumber",
    "CI-Lauf",
    "CI-Laufs",
    "Wahrheitswert",
    "Hostname",
    "Hostnamen",
    "Hostnamens",
    "Exit-Status",
];

/// The words of a text a reader reads as language: without code in backticks, quoted
/// values, `{placeholders}`, addresses, paths and the source lines a finding shows.
fn prose(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        // A finding's source excerpt (`12 | key = …`, `   |`, `--> file:1:2`): the form's
        // own words, not ours.
        let excerpt = trimmed.starts_with("-->")
            || trimmed
                .split_once('|')
                .is_some_and(|(number, _)| number.trim().chars().all(|c| c.is_ascii_digit()));
        if !excerpt {
            out.push_str(line);
            out.push('\n');
        }
    }
    let mut kept = String::new();
    let mut closing: Option<char> = None;
    for c in out.chars() {
        match closing {
            Some(end) if c == end || (end == '"' && c == '\n') => closing = None,
            Some(_) => {}
            None => match c {
                '`' => closing = Some('`'),
                '{' => closing = Some('}'),
                '"' => closing = Some('"'),
                '„' => closing = Some('“'),
                _ => kept.push(c),
            },
        }
    }
    kept.split_whitespace()
        // Paths, addresses, keys and flags (`--help`) are names, not words.
        .filter(|w| !w.starts_with('-'))
        .filter(|w| !w.contains(['/', '.', '_', '=', '@', ':']) || w.ends_with(':'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of `text` from `list`, compared whole and case-insensitively.
fn words_from<'a>(text: &str, list: &[&'a str]) -> Vec<&'a str> {
    let prose = prose(text);
    let mut hits = Vec::new();
    for word in prose.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let word = word.trim_matches('-');
        if let Some(hit) = list.iter().find(|w| w.eq_ignore_ascii_case(word)) {
            hits.push(*hit);
        }
    }
    hits
}

/// Every German catalog text a reader can see: messages, helps and explanations (their
/// examples are form excerpts, not prose).
fn german_catalog_texts() -> Vec<(String, &'static str)> {
    let de = catalog(Lang::De);
    let mut texts = Vec::new();
    for id in de.ids() {
        let entry = de.get(id).unwrap();
        texts.push((id.to_owned(), entry.message));
        if let Some(help) = entry.help {
            texts.push((format!("{id} (help)"), help));
        }
    }
    for code in Code::ALL {
        let e = de.explanation(code.as_str()).unwrap();
        for (part, text) in [
            ("summary", e.summary),
            ("checks", e.checks),
            ("why", e.why),
            ("fix", e.fix),
        ] {
            texts.push((format!("checks.{}.{part}", code.as_str()), text));
        }
    }
    texts
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What the German commands print for the shipped forms and every check code.
fn german_outputs() -> Vec<(String, String)> {
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["validate", "--offline", "order-forms"],
        vec!["validate", "--offline", "examples/mistakes"],
        vec![
            "validate",
            "--offline",
            "order-forms/landkreis-osterholz.toml",
        ],
        vec!["status", "order-forms/bremerhaven-jugendamt.toml"],
        vec!["status", "examples/mistakes/stadt-beispielhausen.toml"],
        vec!["explain", "--list"],
        vec!["--help"],
    ];
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for code in &codes {
        runs.push(vec!["explain", code]);
    }
    for command in ["init", "validate", "status", "explain", "bundle", "serve"] {
        runs.push(vec![command, "--help"]);
    }
    let mut outputs = Vec::new();
    for args in runs {
        let mut full = vec!["--lang", "de"];
        full.extend(&args);
        let out = onboard(root(), &full);
        let mut text = format!("{}\n{}", stdout(&out), stderr(&out));
        if args.contains(&"--help") {
            // A listed command or flag (`  help  Die Hilfe …`) is a name, not a word.
            text = text
                .lines()
                .map(|l| match l.strip_prefix("  ") {
                    Some(rest) => rest.trim_start().split_once(' ').map_or("", |(_, t)| t),
                    None => l,
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        outputs.push((args.join(" "), text));
    }
    // Forms the TOML parser stops at: its words once came through in English.
    let broken = Scratch::new();
    let mistakes = [
        ("name = \"Jugendamt Testamt\"", "name = Jugendamt Testamt"),
        ("name = \"Jugendamt Testamt\"", "name \"Jugendamt Testamt\""),
        ("city = \"Bremen\"", "city = \"Bremen\"\ncity = \"Bremen\""),
        ("[logo]", "[authority]\n[logo]"),
        ("city = \"Bremen\"", "city = \"Bremen"),
        (
            "regional_keys = [\"040110000000\"]",
            "regional_keys = [\"040110000000\"",
        ),
        ("schema_version = 1", "schema_version = 1.0.0"),
        (
            "state_agreement_on = 2025-06-01",
            "state_agreement_on = 2025-13-45",
        ),
        (
            "state_agreement_on = 2025-06-01",
            "state_agreement_on = 01.06.2025",
        ),
        ("pvog_entry = true", "pvog_entry = ja"),
    ];
    for (i, (from, to)) in mistakes.iter().enumerate() {
        broken.form(&format!("f{i}.toml"), &variant(from, to));
    }
    let out = onboard(
        broken.path(),
        &["--lang", "de", "validate", "--offline", "."],
    );
    outputs.push((
        "validate (forms with TOML mistakes)".to_owned(),
        format!("{}\n{}", stdout(&out), stderr(&out)),
    ));
    let dir = Scratch::new();
    let out = onboard(dir.path(), &["--lang", "de", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template = std::fs::read_to_string(dir.path().join("bestellzettel.toml")).unwrap();
    // The template's comments are German prose; its keys and values are the format's.
    let comments: String = template
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .filter(|l| !l.starts_with(":schema"))
        .map(|l| format!("{l}\n"))
        .collect();
    outputs.push(("init (template comments)".to_owned(), comments));
    outputs
}

#[test]
fn no_german_catalog_text_holds_a_leaked_english_word() {
    let mut leaks = Vec::new();
    for (id, text) in german_catalog_texts() {
        let hits = words_from(text, LEAKED_ENGLISH);
        if !hits.is_empty() {
            leaks.push(format!("{id}: {hits:?} in {text:?}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "English in de.toml:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn no_german_output_holds_a_leaked_english_word() {
    let mut leaks = Vec::new();
    for (run, output) in german_outputs() {
        let hits = words_from(&output, LEAKED_ENGLISH);
        if !hits.is_empty() {
            leaks.push(format!("onboard --lang de {run}: {hits:?}\n{output}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "English in German output:\n{}",
        leaks.join("\n\n")
    );
}

#[test]
fn the_word_check_finds_a_leaked_word_and_passes_code_and_source_lines() {
    // The check itself must be able to fail: the parser's words as they once came through.
    assert_eq!(
        words_from(
            "die Datei ist kein gültiges TOML: invalid float, expected nothing",
            LEAKED_ENGLISH
        ),
        ["invalid", "float", "expected", "nothing"]
    );
    assert_eq!(
        words_from("string values must be quoted", LEAKED_ENGLISH),
        ["string", "values", "must", "quoted"]
    );
    // Code, placeholders, quoted values and a finding's source line are not prose.
    let output = "Fehler[x]: `the key` fehlt in {table}\n  --> a/b.toml:1:2\n1 | key = \"value\"\n  |\n  = Hilfe: schreiben Sie \"error\"";
    assert_eq!(words_from(output, LEAKED_ENGLISH), Vec::<&str>::new());
}

#[test]
fn no_german_catalog_text_holds_developer_jargon() {
    let mut found = Vec::new();
    for (id, text) in german_catalog_texts() {
        for word in JARGON {
            if text.contains(word) {
                found.push(format!("{id}: {word} in {text:?}"));
            }
        }
    }
    assert!(found.is_empty(), "jargon in de.toml:\n{}", found.join("\n"));
}

#[test]
fn one_spelling_and_one_gender_fair_style_throughout() {
    let mut found = Vec::new();
    for (id, text) in german_catalog_texts() {
        if text.contains("Kodierung") {
            found.push(format!("{id}: Kodierung (we write Codierung)"));
        }
        // The guide's own title of step 1 keeps its wording.
        if text.contains("Ansprechpartner") && id != "guide.step-1" {
            found.push(format!("{id}: Ansprechpartner (we write Ansprechperson)"));
        }
        for (i, _) in text.match_indices("Bürger") {
            let before = &text[..i];
            let after = &text[i..];
            if !after.starts_with("Bürgerinnen") && !before.ends_with("Bürgerinnen und ") {
                found.push(format!(
                    "{id}: Bürger alone (we write Bürgerinnen und Bürger)"
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The last line of a human `validate` in a language, over `forms` written to a folder.
fn summary(lang: &str, forms: &[(&str, &str)]) -> String {
    let dir = Scratch::new();
    for (name, form) in forms {
        dir.form(name, form);
    }
    let out = onboard(dir.path(), &["--lang", lang, "validate", "--offline", "."]);
    stdout(&out)
        .lines()
        .rfind(|l| l.contains("Fehler") || l.contains("error"))
        .unwrap_or_default()
        .to_owned()
}

fn freemail_form() -> String {
    variant(
        "applications = \"sorgeregister@testamt.example\"",
        "applications = \"jugendamt.testamt@gmail.com\"",
    )
}

fn broken_form() -> String {
    variant("postal_code = \"28195\"", "postal_code = \"2819\"")
}

#[test]
fn counts_are_singular_or_plural_in_both_languages() {
    let clean = variant("", "");
    let (freemail, broken) = (freemail_form(), broken_form());
    // The forms (file name, text) and the summary in German and in English.
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: [Case; 4] = [
        (
            vec![("a.toml", &clean)],
            "ok: 1 Bestellzettel geprüft, 0 Fehler, 0 Hinweise",
            "ok: 1 form checked, 0 errors, 0 warnings",
        ),
        (
            vec![("a.toml", &clean), ("b.toml", &clean)],
            "ok: 2 Bestellzettel geprüft, 0 Fehler, 0 Hinweise",
            "ok: 2 forms checked, 0 errors, 0 warnings",
        ),
        (
            vec![("a.toml", &freemail)],
            "1 Bestellzettel geprüft: keine Fehler, aber 1 Hinweis zum Prüfen",
            "1 form checked: no errors, but 1 warning to review",
        ),
        (
            vec![("a.toml", &broken), ("b.toml", &freemail)],
            "nicht bestanden: 2 Bestellzettel geprüft, 1 Fehler, 1 Hinweis",
            "failed: 2 forms checked, 1 error, 1 warning",
        ),
    ];
    for (forms, de, en) in cases {
        // Two forms with one tenant id would add a cross-form finding: give each its own.
        let forms: Vec<(String, String)> = forms
            .iter()
            .enumerate()
            .map(|(i, (name, form))| {
                // Two forms with one area would also conflict: Bremen, then Bremerhaven.
                let id = format!("tenant_id = \"testamt-{i}\"");
                let key = ["\"040110000000\"", "\"040120000000\""][i];
                let form = form
                    .replace("tenant_id = \"testamt\"", &id)
                    .replace("\"040110000000\"", key);
                ((*name).to_owned(), form)
            })
            .collect();
        let forms: Vec<(&str, &str)> = forms
            .iter()
            .map(|(n, f)| (n.as_str(), f.as_str()))
            .collect();
        assert_eq!(summary("de", &forms), de);
        assert_eq!(summary("en", &forms), en);
    }
}

#[test]
fn explain_says_what_the_program_checks_in_a_sentence_that_reads() {
    let out = onboard(root(), &["--lang", "de", "explain", "invalid-type"]);
    let text = stdout(&out);
    assert!(
        text.contains("Das Programm prüft:\n  Den Typ jedes Wertes"),
        "{text}"
    );
    assert!(!text.contains("Was geprüft wird"), "{text}");
    let out = onboard(root(), &["--lang", "en", "explain", "invalid-type"]);
    assert!(stdout(&out).contains("What it checks:"), "{}", stdout(&out));
}

#[test]
fn the_guide_steps_are_named_in_correct_german() {
    let out = onboard(
        root(),
        &[
            "--lang",
            "de",
            "status",
            "order-forms/bremerhaven-jugendamt.toml",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("Eintragung im Landesredaktionssystem vornehmen"),
        "{text}"
    );
    assert!(text.contains("dDatabox-Zugänge erhalten"), "{text}");
    assert!(!text.contains("in Landesredaktionssystem"), "{text}");
    let out = onboard(
        root(),
        &[
            "--lang",
            "en",
            "status",
            "order-forms/bremerhaven-jugendamt.toml",
        ],
    );
    assert!(!stdout(&out).contains("Landesredaktionssystem vornehmen"));
}

#[test]
fn a_personal_mailbox_is_named_by_initial_and_surname() {
    let form = variant(
        "applications = \"sorgeregister@testamt.example\"",
        "applications = \"m.mueller@testamt.example\"",
    );
    let (_, json) = check_form(&form);
    assert!(codes(&json).contains(&"mailbox-personal"), "{json}");
    let dir = Scratch::new();
    dir.form("a.toml", &form);
    let de = stdout(&onboard(
        dir.path(),
        &["--lang", "de", "validate", "--offline", "."],
    ));
    assert!(de.contains("(Initiale und Nachname)"), "{de}");
    let en = stdout(&onboard(
        dir.path(),
        &["--lang", "en", "validate", "--offline", "."],
    ));
    assert!(en.contains("mailbox-personal"), "{en}");
    assert!(!en.contains("Initiale"), "{en}");
}

#[test]
fn a_wrong_type_is_said_without_type_jargon() {
    let form = variant("pvog_entry = true", "pvog_entry = \"ja\"");
    let dir = Scratch::new();
    dir.form("a.toml", &form);
    let de = stdout(&onboard(
        dir.path(),
        &["--lang", "de", "validate", "--offline", "."],
    ));
    assert!(
        de.contains("muss `true` oder `false` sein, kein Text in Anführungszeichen"),
        "{de}"
    );
    assert!(!de.contains("Wahrheitswert"), "{de}");
    let en = stdout(&onboard(
        dir.path(),
        &["--lang", "en", "validate", "--offline", "."],
    ));
    assert!(en.contains("invalid-type"), "{en}");
}

#[test]
fn the_severity_column_is_called_schweregrad() {
    let out = onboard(root(), &["--lang", "de", "explain", "--help"]);
    assert!(stdout(&out).contains("Schweregrad"), "{}", stdout(&out));
    let docs = std::fs::read_to_string(root().join("docs/checks.md")).unwrap();
    assert!(docs.contains("| Schweregrad |"), "docs/checks.md");
}

#[test]
fn an_svg_doctype_is_said_to_define_entities() {
    let form = variant("file = \"logo.png\"", "file = \"logo.svg\"");
    let dir = Scratch::new();
    dir.form("a.toml", &form);
    dir.write(
        "logo.svg",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"b\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\"/>\n",
    );
    let de = stdout(&onboard(
        dir.path(),
        &["--lang", "de", "validate", "--offline", "."],
    ));
    assert!(de.contains("die Entitäten definieren kann"), "{de}");
    let en = stdout(&onboard(
        dir.path(),
        &["--lang", "en", "validate", "--offline", "."],
    ));
    assert!(en.contains("logo-unsafe-svg"), "{en}");
}
