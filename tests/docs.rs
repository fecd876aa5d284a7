//! Documentation and message catalogs stay in step with the code.

use std::path::Path;

use onboard::checks::registry::Code;
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
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !en.contains_key(id.as_str()))
        .collect();
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
