//! `explain` for every code in both languages, shell completions and man pages.

mod common;

use std::path::Path;

use common::*;
use onboard::finding::registry::Code;

#[test]
fn explain_knows_every_code_in_both_languages() {
    let s = Scratch::new();
    for lang in ["de", "en"] {
        let list = stdout(&onboard(s.path(), &["--lang", lang, "explain", "--list"]));
        for code in Code::ALL {
            let out = onboard(s.path(), &["--lang", lang, "explain", code.as_str()]);
            assert_eq!(out.status.code(), Some(0), "{lang} {code}");
            let text = stdout(&out);
            assert!(text.starts_with(&format!("{code}: ")), "{text}");
            let labels = if lang == "de" {
                [
                    "Das Programm prüft:",
                    "Warum:",
                    "So beheben Sie es:",
                    "Falsch:",
                    "Richtig:",
                ]
            } else {
                [
                    "What it checks:",
                    "Why:",
                    "How to fix it:",
                    "Wrong:",
                    "Right:",
                ]
            };
            for label in labels {
                assert!(text.contains(label), "{lang} {code}: {label}");
            }
            let row = list
                .lines()
                .find(|l| l.split_whitespace().next() == Some(code.as_str()))
                .unwrap_or_else(|| panic!("{code} not listed"));
            let severity = match (lang, code.default_severity().as_str()) {
                ("de", "error") => "Fehler",
                ("de", _) => "Hinweis",
                (_, s) => s,
            };
            assert!(row.contains(severity), "{row}");
        }
    }
}

#[test]
fn explain_names_the_guide_step() {
    let s = Scratch::new();
    let text = stdout(&onboard(
        s.path(),
        &["--lang", "de", "explain", "pvog-entry-missing"],
    ));
    assert!(
        text.contains(
            "Schritt 3 des Anbindungsleitfadens: Eintragung im Landesredaktionssystem vornehmen"
        ),
        "{text}"
    );
}

#[test]
fn explain_suggests_a_close_code_and_fails_on_unknown_ones() {
    let s = Scratch::new();
    let out = onboard(s.path(), &["explain", "leika-id-mismatc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `leika-id-mismatch`?"),
        "{}",
        stderr(&out)
    );
    let out = onboard(s.path(), &["--lang", "de", "explain", "gibt-es-nicht"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unbekannter Prüfcode"),
        "{}",
        stderr(&out)
    );
    assert_eq!(onboard(s.path(), &["explain"]).status.code(), Some(2));
}

/// `explain --glossary` explains the eight terms of the onboarding in both languages, as
/// text and as JSON; the explanations are the catalogs' (written once).
#[test]
fn explain_glossary_lists_every_term_in_both_languages() {
    let s = Scratch::new();
    // The terms are German in both languages (the English glossary glosses them).
    let terms = [
        "PVOG",
        "Landesredaktion",
        "LeiKa-ID",
        "FIT-Store-Vereinbarung",
        "dDatabox",
        "ARS (Amtlicher Regionalschlüssel)",
        "Funktionspostfach",
        "DSE (Datenschutzerklärung)",
    ];
    for (lang, heading) in [("de", "Begriffe"), ("en", "Glossary")] {
        let out = onboard(s.path(), &["--lang", lang, "explain", "--glossary"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.starts_with(&format!("{heading}\n")), "{lang}: {text}");
        let terms_at: Vec<usize> = terms
            .iter()
            .map(|t| {
                text.find(&format!("\n{t}"))
                    .unwrap_or_else(|| panic!("{lang}: {t}"))
            })
            .collect();
        assert!(
            terms_at.is_sorted(),
            "{lang}: in the glossary's order: {text}"
        );
        let json = onboard(
            s.path(),
            &["--lang", lang, "explain", "--glossary", "--format", "json"],
        );
        let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        let entries = json.as_array().unwrap();
        assert_eq!(entries.len(), 8, "{lang}");
        for (entry, term) in entries.iter().zip(terms) {
            assert!(entry["term"].as_str().unwrap().starts_with(term), "{entry}");
            let explained = entry["text"].as_str().unwrap();
            assert!(explained.len() > 40, "{lang}: {term}");
            // The text output wraps the same words.
            let first_words: String = explained
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(text.contains(&first_words), "{lang}: {first_words}");
        }
    }
    // The German explanations are German, the English ones English.
    let de = stdout(&onboard(
        s.path(),
        &["--lang", "de", "explain", "--glossary"],
    ));
    assert!(
        de.contains("Bürgerinnen und Bürger") && !de.contains(" the "),
        "{de}"
    );
    // Near miss: a code is still a code, not a term.
    assert_eq!(
        onboard(s.path(), &["explain", "--glossary", "leika-id-mismatch"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn completions_for_every_shell_know_the_commands() {
    let s = Scratch::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = onboard(s.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        for command in ["validate", "status", "explain", "init"] {
            assert!(text.contains(command), "{shell} lacks {command}");
        }
        assert!(
            text.contains("offline"),
            "{shell} lacks the flags of commands"
        );
    }
    assert_eq!(
        onboard(s.path(), &["completions", "tcsh"]).status.code(),
        Some(2)
    );
}

#[test]
fn the_man_page_describes_every_command() {
    let s = Scratch::new();
    let page = stdout(&onboard(s.path(), &["--lang", "de", "man"]));
    assert!(
        page.starts_with(".ie"),
        "roff: {}",
        &page[..page.len().min(80)]
    );
    assert!(page.contains(".TH onboard 1"), "{page}");
    assert!(page.contains("Bestellzettel prüfen"), "{page}");
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `docs/man/` (English) and `docs/man/de/` hold what `onboard man --dir` writes.
#[test]
fn the_checked_in_man_pages_are_what_the_code_generates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (lang, dir) in [("en", "docs/man"), ("de", "docs/man/de")] {
        let s = Scratch::new();
        let out = onboard(s.path(), &["--lang", lang, "man", "--dir", "pages"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let generated = files(&s.path().join("pages"));
        assert!(generated.len() >= 7, "one page per command: {generated:?}");
        let target = root.join(dir);
        if std::env::var_os("ONBOARD_BLESS").is_some() {
            std::fs::create_dir_all(&target).unwrap();
            for (name, text) in &generated {
                std::fs::write(target.join(name), text).unwrap();
            }
            continue;
        }
        assert!(
            files(&target) == generated,
            "{dir} is stale: run `cargo run -- --lang {lang} man --dir {dir}` \
             (or `ONBOARD_BLESS=1 cargo test --test shell`)"
        );
    }
}
