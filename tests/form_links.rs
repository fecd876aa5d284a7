//! Forms that are links, or not regular files: a hostile repository must not get a byte of
//! a file outside it into the output, nor hang the run (`file-outside-folder`).
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;

use common::*;

/// What the file outside the repository holds: it must never reach the output.
const MARKER: &str = "SECRET-MARKER-7f3a";

/// A TOML file whose every line would be quoted by some finding, were it read.
fn secret_form() -> String {
    format!("{MARKER} = \"{MARKER}\"\n[{MARKER}]\nx = \"{MARKER}\n")
}

const FORMATS: [&str; 6] = ["human", "json", "sarif", "junit", "github", "gitlab"];

/// Runs `onboard ARGS` in `cwd` with the marker in its environment (where
/// `/proc/self/environ` would show it), failing instead of hanging.
fn run_bounded(cwd: &Path, args: &[&str]) -> Output {
    let mut cmd = command(cwd, args);
    cmd.env("ONBOARD_SECRET", MARKER);
    run_guarded(cmd)
}

/// `validate --offline --format json ARGS` in `cwd`: exit status and the result.
fn validate(cwd: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--offline", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_bounded(cwd, &all);
    let text = stdout(&out);
    let json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("JSON ({e}): {text} {}", stderr(&out)));
    (out.status.code().expect("exit status"), json)
}

/// Asserts that `path` has exactly one finding, `file-outside-folder` for the file as a
/// whole at 1:1, and that the form was not read (no tenant id); returns its message.
#[track_caller]
fn assert_refused(json: &Value, path: &str) -> String {
    let entry = file(json, path);
    let findings = entry["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(findings.len(), 1, "{entry:#}");
    let d = &findings[0];
    assert_eq!(d["code"], "file-outside-folder", "{d:#}");
    assert_eq!(d["severity"], "error");
    assert!(d["field"].is_null(), "{d:#}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(entry["tenant_id"].is_null());
    let message = d["message"].as_str().expect("message").to_owned();
    assert!(message.contains(path), "{message}");
    message
}

/// A repository `repo/` with valid forms in `repo/forms/` and a secret beside the
/// repository, in `outside/`.
struct Repo {
    scratch: Scratch,
}

impl Repo {
    fn new() -> Repo {
        let scratch = Scratch::new();
        scratch.form("repo/forms/valid.toml", VALID_FORM);
        scratch.write("outside/secret.toml", secret_form());
        Repo { scratch }
    }

    fn root(&self) -> &Path {
        self.scratch.path()
    }

    fn repo(&self) -> std::path::PathBuf {
        self.root().join("repo")
    }

    fn secret(&self) -> std::path::PathBuf {
        self.root().join("outside/secret.toml")
    }
}

#[test]
fn a_form_that_links_outside_is_not_read_in_any_format() {
    let r = Repo::new();
    let forms = r.repo().join("forms");
    symlink(r.secret(), forms.join("absolute.toml")).unwrap();
    symlink("../../outside/secret.toml", forms.join("relative.toml")).unwrap();
    // A link into the repository, but outside the folder being checked.
    r.scratch.write("repo/elsewhere/other.toml", secret_form());
    symlink("../elsewhere/other.toml", forms.join("sibling.toml")).unwrap();
    #[cfg(target_os = "linux")]
    symlink("/proc/self/environ", forms.join("env.toml")).unwrap();
    let mut refused = vec![
        "forms/absolute.toml",
        "forms/relative.toml",
        "forms/sibling.toml",
    ];
    if cfg!(target_os = "linux") {
        refused.push("forms/env.toml");
    }

    let (exit, json) = validate(&r.repo(), &["forms"]);
    assert_eq!(exit, 1, "{json:#}");
    for path in &refused {
        let message = assert_refused(&json, path);
        assert!(message.contains("outside"), "{message}");
    }
    let valid = file(&json, "forms/valid.toml");
    assert_eq!(valid["diagnostics"], serde_json::json!([]), "{valid:#}");

    for format in FORMATS {
        for lang in ["en", "de"] {
            let out = run_bounded(
                &r.repo(),
                &[
                    "--lang",
                    lang,
                    "validate",
                    "--offline",
                    "--format",
                    format,
                    "forms",
                ],
            );
            assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
            for (name, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
                assert!(
                    !text.contains(MARKER),
                    "{format}/{lang}: secret in {name}: {text}"
                );
                assert!(
                    !text.contains("outside/secret"),
                    "{format}: target named: {text}"
                );
                assert!(text.contains("file-outside-folder") || name == "stderr");
            }
        }
    }
}

#[test]
fn devices_and_fifos_are_refused_without_blocking() {
    let r = Repo::new();
    let forms = r.repo().join("forms");
    symlink("/dev/zero", forms.join("zero.toml")).unwrap();
    fifo(&forms.join("pipe.toml"));
    // A link inside the folder, to the FIFO: inside, but not a regular file.
    symlink("pipe.toml", forms.join("to-pipe.toml")).unwrap();
    let started = Instant::now();
    let (exit, json) = validate(&r.repo(), &["forms"]);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(exit, 1, "{json:#}");
    assert_refused(&json, "forms/zero.toml");
    let message = assert_refused(&json, "forms/pipe.toml");
    assert!(message.contains("not a regular file"), "{message}");
    assert_refused(&json, "forms/to-pipe.toml");

    // Named directly, each is refused too (not a run that cannot be done).
    for name in ["forms/zero.toml", "forms/pipe.toml", "forms/to-pipe.toml"] {
        let (exit, json) = validate(&r.repo(), &[name]);
        assert_eq!(exit, 1, "{name}: {json:#}");
        assert_refused(&json, name);
    }
}

#[test]
fn a_link_inside_the_folder_is_validated_as_the_form_it_leads_to() {
    let r = Repo::new();
    let forms = r.repo().join("forms");
    r.scratch.write(
        "repo/forms/sub/real.toml",
        VALID_FORM
            .replace("tenant_id = \"testamt\"", "tenant_id = \"linked\"")
            .replace("040110000000", "040120000000"),
    );
    // The logo is looked for beside the link, where the form is found.
    symlink("sub/real.toml", forms.join("linked.toml")).unwrap();
    let (exit, json) = validate(&r.repo(), &["forms"]);
    let linked = file(&json, "forms/linked.toml");
    assert_eq!(linked["diagnostics"], serde_json::json!([]), "{linked:#}");
    assert_eq!(linked["tenant_id"], "linked");
    // The real file is reached twice and read once.
    assert_eq!(json["files"].as_array().unwrap().len(), 2, "{json:#}");
    assert_eq!(exit, 0, "{json:#}");

    // Named directly: its own folder holds the target.
    let (exit, json) = validate(&r.repo(), &["forms/linked.toml"]);
    assert_eq!((exit, codes(&json)), (0, vec![]), "{json:#}");
}

#[test]
fn a_link_loop_and_a_dangling_link_are_findings() {
    let r = Repo::new();
    let forms = r.repo().join("forms");
    symlink("b.toml", forms.join("a.toml")).unwrap();
    symlink("a.toml", forms.join("b.toml")).unwrap();
    symlink("nowhere.toml", forms.join("dangling.toml")).unwrap();
    let (exit, json) = validate(&r.repo(), &["forms"]);
    assert_eq!(exit, 1, "{json:#}");
    assert_refused(&json, "forms/a.toml");
    assert_refused(&json, "forms/b.toml");
    assert_refused(&json, "forms/dangling.toml");

    // A folder holding nothing but a loop is not "no forms": the loop has its finding.
    let s = Scratch::new();
    symlink("y.toml", s.path().join("x.toml")).unwrap();
    symlink("x.toml", s.path().join("y.toml")).unwrap();
    let (exit, json) = validate(s.path(), &["."]);
    assert_eq!(exit, 1, "{json:#}");
    assert_refused(&json, "x.toml");
    let (exit, json) = validate(s.path(), &["x.toml"]);
    assert_eq!(exit, 1, "{json:#}");
    assert_refused(&json, "x.toml");
}

#[test]
fn a_named_file_that_links_outside_its_own_folder_is_refused() {
    let r = Repo::new();
    r.scratch.write("repo/elsewhere/other.toml", secret_form());
    let forms = r.repo().join("forms");
    symlink("../elsewhere/other.toml", forms.join("sibling.toml")).unwrap();
    symlink(r.secret(), forms.join("absolute.toml")).unwrap();
    for name in ["forms/sibling.toml", "forms/absolute.toml"] {
        let (exit, json) = validate(&r.repo(), &[name]);
        assert_eq!(exit, 1, "{json:#}");
        assert_refused(&json, name);
        assert!(!json.to_string().contains(MARKER));
    }
    // Also named by an absolute path: the rule is the file's own folder.
    let absolute = forms.join("sibling.toml");
    let (exit, json) = validate(&r.repo(), &[absolute.to_str().unwrap()]);
    assert_eq!(exit, 1, "{json:#}");
    assert_refused(&json, absolute.to_str().unwrap());
}

#[test]
fn a_named_folder_that_links_outside_is_not_walked() {
    let r = Repo::new();
    r.scratch.write("outside/forms/leak.toml", secret_form());
    let repo = r.repo();
    symlink("../outside/forms", repo.join("linked-forms")).unwrap();
    symlink("../outside", repo.join("up")).unwrap();
    // A named folder behind a link, and a named file behind a linked folder.
    for name in [
        "linked-forms",
        "linked-forms/",
        "up/forms",
        "up/forms/leak.toml",
    ] {
        let out = run_bounded(&repo, &["validate", "--offline", name]);
        let (text, errors) = (stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{name}: {text} {errors}");
        assert!(!text.contains(MARKER) && !errors.contains(MARKER), "{text}");
        assert!(
            !text.contains("leak.toml") || name.ends_with("leak.toml"),
            "{text}"
        );
        assert!(text.contains("file-outside-folder"), "{text}");
        let (_, json) = validate(&repo, &[name]);
        assert_eq!(json["files"].as_array().unwrap().len(), 1, "{json:#}");
        let message = assert_refused(&json, name);
        assert!(message.contains("current folder"), "{message}");
    }

    // Taken as typed: an absolute path, a path that starts with `..`, and a link that
    // stays inside the current folder.
    symlink("forms", repo.join("alias")).unwrap();
    let absolute = repo.join("linked-forms");
    for name in [absolute.to_str().unwrap(), "../outside/forms", "alias"] {
        let (_, json) = validate(&repo, &[name]);
        assert!(
            !json.to_string().contains("file-outside-folder"),
            "{name}: {json:#}"
        );
    }
}

#[test]
fn a_bundle_run_refuses_a_linked_form_and_bundles_the_rest() {
    let r = Repo::new();
    symlink(r.secret(), r.repo().join("forms/linked.toml")).unwrap();
    let out = bundle(&r.repo(), &["forms", "--out", "dist"]);
    let (text, errors) = (stdout(&out), stderr(&out));
    assert!(
        !text.contains(MARKER) && !errors.contains(MARKER),
        "{text} {errors}"
    );
    assert!(text.contains("file-outside-folder"), "{text} {errors}");
    assert!(
        r.repo().join("dist/testamt/manifest.json").is_file(),
        "{text} {errors}"
    );
}

#[test]
fn the_finding_is_explained() {
    let s = Scratch::new();
    for lang in ["en", "de"] {
        let out = onboard(
            s.path(),
            &["--lang", lang, "explain", "file-outside-folder"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains("file-outside-folder"));
    }
}

/// A form that discovery found as a regular file, but that is a link or a FIFO when it is
/// opened (swapped in between): refused, not followed or waited on.
#[test]
fn a_link_or_fifo_swapped_in_after_discovery_is_not_read() {
    use onboard::engine::{Access, FormFile};
    use onboard::testing::{Options, validate_file};
    let r = Repo::new();
    let forms = r.repo().join("forms");
    symlink(r.secret(), forms.join("swapped.toml")).unwrap();
    fifo(&forms.join("piped.toml"));
    let options = Options {
        catalog: onboard::catalog::Catalog::builtin(),
        areas: onboard::areas::AreaDirectory::builtin(),
        today: "2026-11-28".parse().unwrap(),
        keep_logos: false,
    };
    for (name, id) in [
        ("swapped.toml", "file-outside-folder.changed"),
        ("piped.toml", "file-outside-folder.special"),
    ] {
        let file = FormFile {
            path: forms.join(name),
            display: name.to_owned(),
            access: Access::Direct,
        };
        let report = validate_file(&file, &options);
        assert!(report.source.is_none(), "{name} was read");
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.text.id, d.line, d.column))
            .collect();
        assert_eq!(found, [("file-outside-folder", id, 1, 1)], "{name}");
    }
}
