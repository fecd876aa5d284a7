//! The reports of the shipped forms, byte for byte: `order-forms/` and `examples/mistakes/`
//! in every output format (human in both languages). A change of wording or layout shows
//! here first; `ONBOARD_BLESS=1 cargo test --test golden` writes the files anew, to be
//! read in the diff before committing.

mod common;

use std::path::Path;

use common::*;

/// Each set of forms, and the name its golden files start with.
const SETS: [(&str, &str); 2] = [
    ("order-forms", "order-forms"),
    ("examples/mistakes", "mistakes"),
];

/// Each report: `--format`, language, file extension.
const REPORTS: [(&str, &str, &str); 8] = [
    ("human", "en", "human.txt"),
    ("human", "de", "human.de.txt"),
    ("json", "en", "json"),
    ("json", "de", "de.json"),
    ("sarif", "en", "sarif"),
    ("junit", "en", "junit.xml"),
    ("github", "en", "github.txt"),
    ("gitlab", "en", "gitlab.json"),
];

#[test]
fn reports_of_the_shipped_forms_are_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("ONBOARD_BLESS").is_some();
    let mut changed = Vec::new();
    for (set, name) in SETS {
        for (format, lang, ext) in REPORTS {
            let args = [
                "--lang",
                lang,
                "validate",
                "--offline",
                "--format",
                format,
                set,
            ];
            let out = onboard(root, &args);
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{args:?}: {}",
                stderr(&out)
            );
            let golden = root.join("tests/golden").join(format!("{name}.{ext}"));
            let actual = stdout(&out);
            if bless {
                std::fs::write(&golden, &actual).unwrap();
            } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(actual.as_str()) {
                changed.push(golden.display().to_string());
            }
        }
    }
    assert!(
        changed.is_empty(),
        "reports differ from their golden files (ONBOARD_BLESS=1 writes them anew): {changed:#?}"
    );
}
