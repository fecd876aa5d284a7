//! SARIF as GitHub code scanning takes it whole: every rule with its help (the words of
//! `onboard explain`), its level after onboard.toml, its area as a tag and, with
//! `--docs-url` or `docs_url`, a link to its entry in docs/checks.md; and Microsoft's SARIF
//! Multitool (npm ci in tests/sarif) finding no error and no warning in a report with
//! findings.
//!
//! Without the Multitool the last test prints one line and passes;
//! `ONBOARD_SARIF=required` (set by .ci/run) makes that a failure.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use onboard::finding::registry::Code;
use serde_json::Value;

const DOCS: &str = "https://github.com/example/onboard/blob/main/docs/checks.md";

fn run_sarif(cwd: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--offline", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = onboard(cwd, &all);
    let sarif = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap(), sarif)
}

fn rules(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
}

fn rule<'a>(sarif: &'a Value, code: &str) -> &'a Value {
    rules(sarif)
        .iter()
        .find(|r| r["id"] == code)
        .unwrap_or_else(|| panic!("no rule {code}"))
}

/// The folder of the forms with mistakes that the README shows.
fn mistakes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mistakes")
}

#[test]
fn every_rule_has_the_help_of_explain_in_the_language_of_the_run() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks.md"))
            .unwrap();
    for lang in ["en", "de"] {
        let (code, sarif) = run_sarif(&mistakes(), &["--lang", lang, "."]);
        assert_eq!(code, 1, "the mistakes have errors");
        assert_eq!(rules(&sarif).len(), Code::ALL.len());
        for code in Code::ALL {
            let rule = rule(&sarif, code.as_str());
            let explained = onboard(Path::new("."), &["--lang", lang, "explain", code.as_str()]);
            assert_eq!(rule["help"]["text"], stdout(&explained), "{code} ({lang})");
            // The Markdown is the entry of docs/checks.md under its heading.
            let markdown = rule["help"]["markdown"].as_str().unwrap();
            let entry = format!("<a id=\"{code}-{lang}\"></a>\n### `{code}`\n\n{markdown}");
            assert!(docs.contains(&entry), "{code} ({lang}): {markdown}");
            assert!(markdown.contains("```toml\n"), "{code}: the examples");
            let full = rule["fullDescription"]["text"].as_str().unwrap();
            assert!(full.len() > rule["shortDescription"]["text"].as_str().unwrap().len());
            let json = onboard(
                Path::new("."),
                &["explain", "--format", "json", code.as_str()],
            );
            let explained: Value = serde_json::from_slice(&json.stdout).unwrap();
            assert_eq!(
                rule["properties"]["tags"],
                serde_json::json!([explained["area"]])
            );
            assert_eq!(
                rule["defaultConfiguration"],
                serde_json::json!({"level": explained["severity"]}),
                "{code}"
            );
            assert!(rule.get("helpUri").is_none(), "no docs_url, no link");
        }
    }
    let (_, german) = run_sarif(&mistakes(), &["--lang", "de", "."]);
    let help = rule(&german, "leika-id-malformed")["help"]["text"]
        .as_str()
        .unwrap();
    assert!(help.contains("\nSo beheben Sie es:\n"), "{help}");
}

#[test]
fn rule_levels_follow_the_severities_of_onboard_toml() {
    let s = Scratch::new();
    s.form("forms/a.toml", VALID_FORM);
    s.write(
        "onboard.toml",
        "[checks]\nmailbox-freemail = \"error\"\npostal-code-invalid = \"warning\"\nlogo-too-small = \"off\"\n",
    );
    let (code, sarif) = run_sarif(s.path(), &["forms"]);
    assert_eq!(code, 0);
    let configuration = |code: &str| rule(&sarif, code)["defaultConfiguration"].clone();
    assert_eq!(
        configuration("mailbox-freemail"),
        serde_json::json!({"level": "error"})
    );
    assert_eq!(
        configuration("postal-code-invalid"),
        serde_json::json!({"level": "warning"})
    );
    assert_eq!(
        configuration("logo-too-small"),
        serde_json::json!({"enabled": false, "level": "warning"})
    );
    assert_eq!(
        configuration("mailbox-personal"),
        serde_json::json!({"level": "warning"})
    );
    assert_eq!(
        configuration("email-invalid"),
        serde_json::json!({"level": "error"})
    );
}

#[test]
fn help_uri_links_each_rule_to_its_entry_in_docs_checks_md() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks.md"))
            .unwrap();
    let s = Scratch::new();
    s.form("forms/a.toml", VALID_FORM);
    for lang in ["en", "de"] {
        let (_, sarif) = run_sarif(s.path(), &["--lang", lang, "--docs-url", DOCS, "forms"]);
        for code in Code::ALL {
            let uri = rule(&sarif, code.as_str())["helpUri"].as_str().unwrap();
            let anchor = uri.strip_prefix(&format!("{DOCS}#")).expect(uri);
            assert_eq!(anchor, format!("{code}-{lang}"));
            assert!(docs.contains(&format!("<a id=\"{anchor}\"></a>")), "{uri}");
        }
    }
    // From onboard.toml; the flag wins over it.
    s.write(
        "onboard.toml",
        "docs_url = \"https://docs.example/onboard/checks.html\"\n",
    );
    let (_, sarif) = run_sarif(s.path(), &["forms"]);
    assert_eq!(
        rule(&sarif, "toml-syntax")["helpUri"],
        "https://docs.example/onboard/checks.html#toml-syntax-en"
    );
    let (_, sarif) = run_sarif(s.path(), &["--docs-url", DOCS, "forms"]);
    assert_eq!(
        rule(&sarif, "toml-syntax")["helpUri"],
        format!("{DOCS}#toml-syntax-en")
    );
    // A bare host is the address of its root page.
    let (_, sarif) = run_sarif(s.path(), &["--docs-url", "https://docs.example", "forms"]);
    assert_eq!(
        rule(&sarif, "toml-syntax")["helpUri"],
        "https://docs.example/#toml-syntax-en"
    );
}

/// Addresses that are no plain https page: what a link in a security tab must not be.
const NOT_DOCS: &[&str] = &[
    "http://docs.example/checks.md",
    "https://docs.example/checks.md#top",
    "https://user:secret@docs.example/checks.md",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "docs/checks.md",
    "",
];

#[test]
fn a_docs_url_that_is_no_plain_https_address_is_refused() {
    let s = Scratch::new();
    s.form("forms/a.toml", VALID_FORM);
    let long = format!("https://docs.example/{}", "a".repeat(2048));
    for &url in NOT_DOCS.iter().chain([long.as_str()].iter()) {
        let out = onboard(
            s.path(),
            &[
                "validate",
                "--offline",
                "--format",
                "sarif",
                "--docs-url",
                url,
                "forms",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{url}");
        assert!(stdout(&out).is_empty(), "{url}: nothing checked");
        let err = stderr(&out);
        assert!(
            err.contains("cannot be where docs/checks.md is published"),
            "{url}: {err}"
        );

        let value = url.replace('\\', "\\\\").replace('"', "\\\"");
        s.write("onboard.toml", format!("docs_url = \"{value}\"\n"));
        let out = onboard(
            s.path(),
            &["validate", "--offline", "--format", "sarif", "forms"],
        );
        assert_eq!(out.status.code(), Some(2), "{url}");
        let err = stderr(&out);
        assert!(err.contains("onboard.toml:1:12"), "{url}: {err}");
        assert!(
            err.contains("cannot be where docs/checks.md is published"),
            "{url}: {err}"
        );
        std::fs::remove_file(s.path().join("onboard.toml")).unwrap();
    }
    let out = onboard_env(
        s.path(),
        &["validate", "--offline", "--docs-url", NOT_DOCS[0], "forms"],
        &[("LANG", "de_DE.UTF-8")],
    );
    assert!(
        stderr(&out).contains("kann nicht die Adresse von docs/checks.md sein"),
        "{}",
        stderr(&out)
    );
}

/// What the Multitool run needs: its program, from `npm ci` in tests/sarif.
fn multitool() -> Result<PathBuf, String> {
    let package = match std::env::consts::OS {
        "linux" => "sarif-multitool-linux",
        "macos" => "sarif-multitool-darwin",
        "windows" => "sarif-multitool-win32",
        other => return Err(format!("a Multitool for {other} (it ships none)")),
    };
    let name = if cfg!(windows) {
        "Sarif.Multitool.exe"
    } else {
        "Sarif.Multitool"
    };
    let program = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sarif/node_modules/@microsoft")
        .join(package)
        .join(name);
    if !program.is_file() {
        return Err(format!("{} (npm ci in tests/sarif)", program.display()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&program)
            .map_err(|e| e.to_string())?
            .permissions()
            .mode();
        if mode & 0o100 == 0 {
            return Err(format!(
                "{} to be executable (chmod u+x)",
                program.display()
            ));
        }
    }
    Ok(program)
}

/// `ONBOARD_SARIF=required`: a missing Multitool fails the test instead of skipping it.
fn required() -> bool {
    std::env::var("ONBOARD_SARIF").is_ok_and(|v| v == "required")
}

/// The Multitool may take this long (it takes about a second here).
const MULTITOOL_TIME: Duration = Duration::from_secs(120);

#[test]
fn the_sarif_multitool_finds_no_error_or_warning_with_github_rules() {
    let program = match multitool() {
        Ok(program) => program,
        Err(missing) if required() => {
            panic!(
                "ONBOARD_SARIF=required, but the Multitool is missing: {missing}. .ci/run installs it."
            )
        }
        Err(missing) => {
            let _ = writeln!(
                std::io::stderr(),
                "the_sarif_multitool_finds_no_error_or_warning_with_github_rules: skipped: needs \
                 {missing}; .ci/run installs it (ONBOARD_SARIF=required makes this a failure)"
            );
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let sarif_path = dir.path().join("onboard.sarif");
    let out = onboard(
        &mistakes(),
        &[
            "validate",
            "--offline",
            "--format",
            "sarif",
            "--docs-url",
            DOCS,
            "--output",
            sarif_path.to_str().unwrap(),
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&std::fs::read(&sarif_path).unwrap()).unwrap();
    assert!(
        !report["runs"][0]["results"].as_array().unwrap().is_empty(),
        "a report with findings"
    );

    let checked = dir.path().join("multitool.sarif");
    // The input first: `--log` and `--level` take lists and would swallow it.
    let mut child = Command::new(&program)
        .arg("validate")
        .arg(&sarif_path)
        .args(["--rule-kind", "Sarif;Gh", "--level", "Error;Warning"])
        .arg("--output")
        .arg(&checked)
        .args(["--log", "ForceOverwrite"])
        .current_dir(dir.path())
        // .NET without ICU: the machine need not have libicu.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Multitool");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > MULTITOOL_TIME {
            let _ = child.kill();
            panic!("the Multitool took longer than {MULTITOOL_TIME:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    let console = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(status.success(), "the Multitool failed: {console}");
    // Its exit status is 0 with findings too: its own SARIF log says what it found.
    let log: Value = serde_json::from_slice(&std::fs::read(&checked).expect(&console)).unwrap();
    let run = &log["runs"][0];
    assert!(
        run["invocations"][0]["executionSuccessful"] == true,
        "the Multitool could not check: {console}"
    );
    let problems: Vec<String> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| matches!(r["level"].as_str(), None | Some("error" | "warning")))
        .map(|r| format!("{} {}", r["ruleId"], r["message"]))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}\n{console}");
}
