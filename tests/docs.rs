//! Documentation and message catalogs stay in step with the code.

use std::path::Path;

use onboard::finding::registry::Code;
use onboard::messages::{Lang, catalog};

fn rust_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(path).unwrap());
        }
    }
}

/// Every string literal in `src/` that is a message id: `Text::new("…")` arguments, and
/// literals of the form `<code or group>.<variant>` returned by checks.
fn message_ids_in_source() -> Vec<String> {
    let mut sources = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let groups: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(["summary", "table", "verdict", "related"])
        .collect();
    let mut ids = Vec::new();
    for source in &sources {
        for (i, _) in source.match_indices('"') {
            let rest = &source[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let literal = &rest[..end];
            let is_id_shape = !literal.is_empty()
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
            if !is_id_shape {
                continue;
            }
            let before = &source[..i];
            let via_text_new = before.ends_with("Text::new(") || before.ends_with("ui(lang, ");
            let grouped = literal
                .split_once('.')
                .is_some_and(|(group, _)| groups.contains(&group));
            if via_text_new || grouped {
                ids.push(literal.to_owned());
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn every_message_id_used_in_the_code_is_in_the_english_catalog() {
    let ids = message_ids_in_source();
    assert!(ids.len() > 50, "found too few ids: {ids:?}");
    let en = catalog(Lang::En);
    let missing: Vec<&String> = ids.iter().filter(|id| !en.contains(id.as_str())).collect();
    assert!(
        missing.is_empty(),
        "ids without an English message: {missing:?}"
    );
}

#[test]
fn the_readme_lists_every_check_code() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for code in Code::ALL {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README lacks a row for {code}"
        );
    }
}

/// The `{placeholders}` of a text, sorted.
fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_placeholders() {
    let (de, en) = (catalog(Lang::De), catalog(Lang::En));
    let mut only_en: Vec<&str> = en.ids().filter(|id| !de.contains(id)).collect();
    let mut only_de: Vec<&str> = de.ids().filter(|id| !en.contains(id)).collect();
    only_en.sort();
    only_de.sort();
    assert!(only_en.is_empty(), "only in en.toml: {only_en:?}");
    assert!(only_de.is_empty(), "only in de.toml: {only_de:?}");
    for id in en.ids() {
        let (e, d) = (en.get(id).unwrap(), de.get(id).unwrap());
        assert_eq!(
            placeholders(e.message),
            placeholders(d.message),
            "placeholders of {id}"
        );
        assert_eq!(e.help.is_some(), d.help.is_some(), "help of {id}");
        if let (Some(eh), Some(dh)) = (&e.help, &d.help) {
            assert_eq!(
                placeholders(eh),
                placeholders(dh),
                "placeholders of {id} help"
            );
        }
    }
}

#[test]
fn every_check_code_is_explained_in_both_languages() {
    for lang in Lang::ALL {
        let c = catalog(lang);
        for code in Code::ALL {
            let e = c
                .explanation(code.as_str())
                .unwrap_or_else(|| panic!("{lang:?}: no explanation of {code}"));
            for (part, text) in [
                ("summary", &e.summary),
                ("checks", &e.checks),
                ("why", &e.why),
                ("fix", &e.fix),
                ("wrong", &e.wrong),
                ("right", &e.right),
            ] {
                assert!(!text.trim().is_empty(), "{lang:?}: {code} has no {part}");
            }
            assert!(
                !e.summary.contains('\n'),
                "{lang:?}: {code} summary is one line"
            );
        }
        let extra: Vec<&str> = c
            .explained_codes()
            .filter(|code| Code::from_code(code).is_none())
            .collect();
        assert!(
            extra.is_empty(),
            "{lang:?} explains unknown codes {extra:?}"
        );
    }
}

/// Compares a generated file with the checked-in one; `ONBOARD_BLESS=1` rewrites it.
pub fn assert_fresh(relative: &str, generated: &str, how: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("ONBOARD_BLESS").is_some() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "{relative} is stale: run `{how}` (or `ONBOARD_BLESS=1 cargo test --test docs`)"
    );
}

#[test]
fn docs_checks_md_is_generated_from_the_catalogs() {
    assert_fresh(
        "docs/checks.md",
        &onboard::explain::markdown(),
        "cargo run -- explain --markdown > docs/checks.md",
    );
}
