//! The CI formats (SARIF, JUnit, GitHub, GitLab), `--output`, and the repository config.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

/// A folder with one clean form, one with an error and a warning, and one with a warning.
fn repo() -> Scratch {
    let s = Scratch::new();
    s.form("forms/a-ok.toml", VALID_FORM);
    s.form(
        "forms/b-bad.toml",
        &VALID_FORM
            .replace("tenant_id = \"testamt\"", "tenant_id = \"zweites-amt\"")
            .replace("040110000000", "040120000000")
            .replace("postal_code = \"28195\"", "postal_code = \"2819\"")
            .replace(
                "contact_form = \"kontakt@testamt.example\"",
                "contact_form = \"amt@gmx.de\"",
            ),
    );
    s.form(
        "forms/c-warn.toml",
        &VALID_FORM
            .replace("tenant_id = \"testamt\"", "tenant_id = \"drittes-amt\"")
            .replace("\"040110000000\"", "\"04012\"")
            .replace("/datenschutz\"", "/datenschutz#top\""),
    );
    s
}

fn run_format(s: &Scratch, format: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["validate", "--offline", "--format", format];
    args.extend_from_slice(extra);
    args.push("forms");
    let out = onboard(s.path(), &args);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Every finding of a JSON result with the path of its file, in the result's order.
fn findings_with_paths(json: &Value) -> impl Iterator<Item = (&str, &Value)> {
    json["files"].as_array().unwrap().iter().flat_map(|f| {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(move |d| (f["path"].as_str().unwrap(), d))
    })
}

/// (path, line, code) of every finding, as `json` reports them.
fn json_findings(s: &Scratch) -> BTreeSet<(String, u64, String)> {
    let (_, json) = validate_json(s.path(), &["forms"]);
    findings_with_paths(&json)
        .map(|(path, d)| {
            (
                path.to_owned(),
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let s = repo();
    let (code, text) = run_format(&s, "sarif", &[]);
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&text).unwrap();
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json"))
        .expect("the schema is JSON");
    let validator = jsonschema::options()
        .build(&schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), onboard::finding::registry::Code::ALL.len());
    assert!(
        rules
            .iter()
            .all(|r| !r["shortDescription"]["text"].as_str().unwrap().is_empty())
    );
    assert_eq!(run["invocations"][0]["exitCode"], 1);
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "postal-code-invalid")
        .unwrap();
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "forms/b-bad.toml");
    assert_eq!(location["region"]["startLine"], 17);
    assert_eq!(location["region"]["startColumn"], 15);
    assert!(
        result["partialFingerprints"]["onboardFinding/v1"]
            .as_str()
            .unwrap()
            .len()
            >= 16
    );
}

#[test]
fn junit_has_one_case_per_form_and_fails_those_with_errors() {
    let s = repo();
    let (_, text) = run_format(&s, "junit", &[]);
    let doc = roxmltree::Document::parse(&text).expect("JUnit is XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(failed, ["forms/b-bad.toml"]);
    let warn = cases
        .iter()
        .find(|c| c.attribute("name") == Some("forms/c-warn.toml"))
        .unwrap();
    let out = warn
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .unwrap()
        .text()
        .unwrap();
    assert!(out.contains("privacy-url-unstable"), "{out}");
}

#[test]
fn github_lines_are_workflow_commands() {
    let s = repo();
    let (code, text) = run_format(&s, "github", &[]);
    assert_eq!(code, 1);
    let line = text
        .lines()
        .find(|l| l.contains("title=postal-code-invalid"))
        .expect(&text);
    let (command, message) = line
        .split_once("::")
        .map(|(_, rest)| rest.split_once("::").unwrap())
        .unwrap();
    let (kind, props) = command.split_once(' ').unwrap();
    assert_eq!(kind, "error");
    let props: Vec<(&str, &str)> = props
        .split(',')
        .map(|p| p.split_once('=').unwrap())
        .collect();
    assert_eq!(props[0], ("file", "forms/b-bad.toml"));
    assert_eq!(props[1], ("line", "17"));
    assert_eq!(props[2], ("col", "15"));
    assert_eq!(props[3], ("endLine", "17"));
    assert_eq!(props[4], ("endColumn", "21"));
    assert_eq!(props[5], ("title", "postal-code-invalid"));
    assert!(
        message.contains("2819") && message.contains("%0Ahelp: "),
        "{message}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("::warning file=forms/c-warn.toml,")),
        "{text}"
    );
    assert!(
        text.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning "))
    );
}

#[test]
fn the_ci_formats_speak_the_language_of_the_run() {
    let s = repo();
    let (_, github) = run_format(&s, "github", &["--lang", "de"]);
    let line = github
        .lines()
        .find(|l| l.contains("title=postal-code-invalid"))
        .expect(&github);
    assert!(line.contains("%0AHilfe: "), "{line}");
    assert!(!github.contains("%0Ahelp: "), "{github}");

    let (_, sarif) = run_format(&s, "sarif", &["--lang", "de"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let run = &sarif["runs"][0];
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "postal-code-invalid")
        .unwrap();
    let text = result["message"]["text"].as_str().unwrap();
    assert!(text.contains("\nHilfe: "), "{text}");
    let root = run["originalUriBaseIds"]["SRCROOT"]["description"]["text"]
        .as_str()
        .unwrap();
    assert!(root.contains("Repository"), "{root}");

    let (_, junit) = run_format(&s, "junit", &["--lang", "de"]);
    let doc = roxmltree::Document::parse(&junit).expect("JUnit is XML");
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(failure.attribute("message"), Some("1 Fehler"));
    let errors = failure.text().unwrap();
    assert!(
        errors.contains(": Fehler[postal-code-invalid]: "),
        "{errors}"
    );
    let warnings = doc
        .descendants()
        .filter(|n| n.has_tag_name("system-out"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        warnings.contains(": Hinweis[mailbox-freemail]: "),
        "{warnings}"
    );
    for english in ["error", "warning", "help"] {
        assert!(
            !junit.contains(&format!("{english}[")) && !junit.contains(&format!("{english}:")),
            "{english} in {junit}"
        );
    }
}

#[test]
fn gitlab_code_quality_has_its_fields() {
    let s = repo();
    let (_, text) = run_format(&s, "gitlab", &[]);
    let issues: Vec<Value> = serde_json::from_str(&text).unwrap();
    let issue = issues
        .iter()
        .find(|i| i["check_name"] == "postal-code-invalid")
        .unwrap();
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "forms/b-bad.toml");
    assert_eq!(issue["location"]["lines"]["begin"], 17);
    assert!(issue["description"].as_str().unwrap().contains("2819"));
    let freemail = issues
        .iter()
        .find(|i| i["check_name"] == "mailbox-freemail")
        .unwrap();
    assert_eq!(freemail["severity"], "minor");
    let prints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
    let (_, again) = run_format(&s, "gitlab", &[]);
    assert_eq!(text, again, "and stable");
}

#[test]
fn every_format_reports_the_same_findings_as_json() {
    let s = repo();
    let expected = json_findings(&s);
    assert_eq!(expected.len(), 3, "{expected:?}");
    let (_, sarif) = run_format(&s, "sarif", &[]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let from_sarif: BTreeSet<_> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                loc["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
                loc["region"]["startLine"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(from_sarif, expected, "sarif");
    let (_, gitlab) = run_format(&s, "gitlab", &[]);
    let gitlab: Vec<Value> = serde_json::from_str(&gitlab).unwrap();
    let from_gitlab: BTreeSet<_> = gitlab
        .iter()
        .map(|i| {
            (
                i["location"]["path"].as_str().unwrap().to_owned(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
                i["check_name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(from_gitlab, expected, "gitlab");
    let (_, github) = run_format(&s, "github", &[]);
    let from_github: BTreeSet<_> = github
        .lines()
        .map(|l| {
            let field = |name: &str| {
                l.split([' ', ',', ':'])
                    .find_map(|p| p.strip_prefix(&format!("{name}=")))
                    .unwrap()
                    .to_owned()
            };
            (
                field("file"),
                field("line").parse().unwrap(),
                field("title"),
            )
        })
        .collect();
    assert_eq!(from_github, expected, "github");
    let (_, junit) = run_format(&s, "junit", &[]);
    let (_, human) = run_format(&s, "human", &["--color", "never"]);
    for (path, line, code) in &expected {
        assert!(
            junit.contains(&format!("{path}:{line}:")) && junit.contains(&format!("[{code}]")),
            "junit: {path}:{line} {code}"
        );
        assert!(
            human.contains(&format!("[{code}]: ")) && human.contains(&format!("{path}:{line}:")),
            "human: {path}:{line} {code}"
        );
    }
}

#[test]
fn output_writes_the_report_and_keeps_the_human_summary() {
    let s = repo();
    let out = onboard(
        s.path(),
        &[
            "validate",
            "--offline",
            "--format",
            "sarif",
            "--output",
            "report.sarif",
            "forms",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("error[postal-code-invalid]") && stdout.contains("failed: 3 forms"),
        "{stdout}"
    );
    let file = std::fs::read_to_string(s.path().join("report.sarif")).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&file).unwrap()["version"],
        "2.1.0"
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left: {leftovers:?}");
    let out = onboard(
        s.path(),
        &[
            "validate",
            "--offline",
            "--output",
            "no/such/dir/r.json",
            "forms",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_repository_config_sets_severities_paths_and_services() {
    let s = repo();
    s.write(
        "onboard.toml",
        "paths = [\"forms\"]\n[checks]\nmailbox-freemail = \"error\"\nprivacy-url-unstable = \"off\"\npostal-code-invalid = \"warning\"\n",
    );
    // With no path the config's paths are checked.
    let (code, json) = validate_json(s.path(), &[]);
    let found: Vec<(String, String, String)> = findings_with_paths(&json)
        .map(|(path, d)| {
            (
                path.to_owned(),
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "forms/b-bad.toml".into(),
                "postal-code-invalid".into(),
                "warning".into()
            ),
            (
                "forms/b-bad.toml".into(),
                "mailbox-freemail".into(),
                "error".into()
            ),
        ],
        "{json:#}"
    );
    assert_eq!(code, 1, "the warning turned error fails the run");
    // Only the warning left: the run passes.
    s.write(
        "onboard.toml",
        "[checks]\nmailbox-freemail = \"off\"\nprivacy-url-unstable = \"off\"\n",
    );
    let (code, json) = validate_json(s.path(), &["forms/c-warn.toml"]);
    assert_eq!((code, codes(&json)), (0, vec![]));
    // Extra services from the config are in the catalog.
    s.write(
        "onboard.toml",
        "[[services]]\nid = \"elterngeld\"\nname = \"Elterngeld\"\nleika_id = \"99041006017000\"\n",
    );
    s.form(
        "other/e.toml",
        &VALID_FORM
            .replace("sorgeregister-negativbescheinigung", "elterngeld")
            .replace("99013016012001", "99041006017000"),
    );
    let (code, json) = validate_json(s.path(), &["other/e.toml"]);
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
}

#[test]
fn a_broken_config_stops_the_run_and_shows_every_problem() {
    let s = repo();
    s.write(
        "onboard.toml",
        "pathz = []\n[checks]\nmailbox-freemal = \"error\"\n",
    );
    let out = onboard(s.path(), &["validate", "--offline", "forms"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("onboard.toml:1:1") && stderr.contains("onboard.toml:3:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `mailbox-freemail`?"),
        "{stderr}"
    );
    // --config names another file; a missing one is exit 2 as well.
    s.write("ci/onboard.toml", "[checks]\nmailbox-freemail = \"off\"\n");
    let out = onboard(
        s.path(),
        &[
            "validate",
            "--offline",
            "--config",
            "ci/onboard.toml",
            "forms/b-bad.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let out = onboard(
        s.path(),
        &["validate", "--offline", "--config", "nope.toml", "forms"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_config_is_found_above_and_paths_stay_repo_relative() {
    let s = repo();
    s.write("onboard.toml", "[checks]\nmailbox-freemail = \"off\"\n");
    let sub = s.path().join("forms");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_onboard"))
        .args(["validate", "--offline", "--format", "gitlab", "b-bad.toml"])
        .current_dir(&sub)
        .output()
        .unwrap();
    let issues: Vec<Value> = serde_json::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(issues.len(), 1, "freemail is off: {issues:?}");
    assert_eq!(issues[0]["location"]["path"], "forms/b-bad.toml");
}
