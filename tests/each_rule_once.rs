//! Each rule is written once in `src/`: a second copy drifts from the first (issue 13,
//! item 7). These tests read the sources, as `tests/docs.rs` does for message ids.

use std::path::Path;

/// Every `.rs` file below `src/`: its path relative to `src/` and its text.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    assert!(out.len() > 50, "src/ not read: {} files", out.len());
    out
}

/// The files (and lines) of `src/` whose lines satisfy `hit`, outside `allowed` files.
fn places(allowed: &[&str], hit: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (name, text) in sources() {
        if allowed.contains(&name.as_str()) {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            if hit(line) {
                found.push(format!("src/{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn a_diagnostic_is_built_only_by_its_constructors() {
    // `report/json.rs` has a `Diagnostic` of its own: the JSON shape of one.
    let literals = places(&["finding/diagnostic.rs", "report/json.rs"], |line| {
        let code = line.split("//").next().unwrap_or_default();
        code.contains("Diagnostic {")
            && !code.contains("->")
            && !code.contains("struct ")
            && !code.contains("impl ")
    });
    assert!(
        literals.is_empty(),
        "build findings with `Diagnostic::new` or `Diagnostic::file`: {literals:#?}"
    );
}

#[test]
fn the_tenant_id_pattern_is_written_once() {
    // Its length bound is the mark of the rule.
    let copies = places(&[], |line| line.contains("2..=63"));
    assert_eq!(
        copies.len(),
        1,
        "one `is_tenant_id` for checks and bundles: {copies:#?}"
    );
}

#[test]
fn the_folder_of_a_file_is_derived_once() {
    // `confine::folder_of` is the one derivation.
    let copies = places(&["confine/mod.rs"], |line| {
        line.contains("as_os_str().is_empty()") && line.contains('!')
    });
    assert!(
        copies.is_empty(),
        "use `confine::folder_of` (or `FormFile::folder`): {copies:#?}"
    );
}
