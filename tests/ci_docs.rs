//! The ready-made CI examples (docs/, .pre-commit-hooks.yaml) name only flags that exist.

use std::path::Path;
use std::process::Command;

fn help_of(command: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_onboard"))
        .args([command, "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Every `onboard <command> …` in a text, as (command, flags).
fn invocations(text: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(i) = rest.find("onboard ") {
            let words: Vec<&str> = rest[i + "onboard ".len()..].split_whitespace().collect();
            if let Some(command) = words
                .first()
                .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            {
                let flags = words
                    .iter()
                    .take_while(|w| !matches!(**w, "||" | "|" | ">" | "&&" | ";"))
                    .filter(|w| w.starts_with("--"))
                    .map(|w| {
                        w.split('=')
                            .next()
                            .unwrap()
                            .trim_end_matches(['`', ',', ')'])
                            .to_owned()
                    })
                    .collect();
                found.push((command.to_string(), flags));
            }
            rest = &rest[i + "onboard ".len()..];
        }
    }
    found
}

#[test]
fn the_ci_examples_name_only_flags_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for file in [
        "docs/ci-gitlab.md",
        "docs/ci-github.md",
        ".pre-commit-hooks.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for (command, flags) in invocations(&text) {
            if !matches!(
                command.as_str(),
                "validate" | "bundle" | "schema" | "verify-bundle"
            ) {
                continue;
            }
            let help = help_of(&command);
            for flag in flags {
                assert!(
                    help.contains(&format!("{flag} "))
                        || help.contains(&format!("{flag}\n"))
                        || help.contains(&format!("{flag} <")),
                    "{file}: `onboard {command} {flag}` is not a flag of onboard {command}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 8,
        "only {checked} flags found: the scan is broken"
    );
}

#[test]
fn the_pre_commit_hook_runs_offline_validation_on_toml_files() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    assert!(text.contains("entry: onboard validate --offline"));
    assert!(text.contains("language: rust"));
    assert!(text.contains("files: \\.toml$"));
}
