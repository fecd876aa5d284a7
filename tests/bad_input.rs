//! Hostile and broken input: every case gets a clear finding or message and the exit status
//! of the spec — never a panic, a hang, or a change to an input file.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs `onboard validate --offline --format json` with a guard against hangs, checks that
/// nothing panicked and no input changed, and returns exit code and JSON.
fn run_guarded(scratch: &Scratch, args: &[&str]) -> (i32, serde_json::Value) {
    let before = snapshot(scratch.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_onboard"))
        .args(["validate", "--offline", "--format", "json"])
        .args(args)
        .current_dir(scratch.path())
        .env("ONBOARD_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start onboard");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("poll").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("onboard hung on {args:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_eq!(snapshot(scratch.path()), before, "an input file changed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("JSON ({e}): {stdout} {stderr}"));
    (out.status.code().expect("exit code"), json)
}

/// Every regular file below `dir` with its bytes (links and FIFOs are left alone).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let entry = entry.expect("entry");
            let kind = entry.file_type().expect("type");
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files.push((
                    entry.path().display().to_string(),
                    std::fs::read(entry.path()).expect("read"),
                ));
            }
        }
    }
    files.sort();
    files
}

fn single_code(json: &serde_json::Value) -> &str {
    let codes = codes(json);
    assert_eq!(codes.len(), 1, "{json:#}");
    codes[0]
}

#[test]
fn an_empty_file_lists_what_is_missing() {
    let s = Scratch::new();
    s.write("form.toml", "");
    let (code, json) = run_guarded(&s, &["form.toml"]);
    assert_eq!(code, 1);
    let missing: Vec<&str> = diagnostics(&json)
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    for table in [
        "schema_version",
        "tenant_id",
        "service",
        "authority",
        "contacts",
    ] {
        assert!(missing.contains(&table), "{table} in {missing:?}");
    }
    assert!(codes(&json).iter().all(|c| *c == "missing-field"));
    assert!(
        diagnostics(&json)
            .iter()
            .all(|d| d["line"] == 1 && d["column"] == 1)
    );
    assert!(json["files"][0]["tenant_id"].is_null());
}

#[test]
fn a_binary_file_is_not_utf8() {
    let s = Scratch::new();
    s.write(
        "form.toml",
        (0..=255u8).cycle().take(4096).collect::<Vec<u8>>(),
    );
    let (code, json) = run_guarded(&s, &["form.toml"]);
    assert_eq!((code, single_code(&json)), (1, "file-not-utf8"));
    assert!(diagnostics(&json)[0]["field"].is_null());
}

#[test]
fn latin1_text_is_not_utf8_and_the_place_is_shown() {
    let s = Scratch::new();
    s.write("form.toml", b"tenant_id = \"x\"\nname = \"M\xfcller\"\n");
    let (code, json) = run_guarded(&s, &["form.toml"]);
    assert_eq!((code, single_code(&json)), (1, "file-not-utf8"));
    let d = &diagnostics(&json)[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(10))
    );
}

#[test]
fn a_ten_megabyte_file_is_refused_unread() {
    let s = Scratch::new();
    s.write("form.toml", vec![b'#'; 10 * 1024 * 1024]);
    let (code, json) = run_guarded(&s, &["form.toml"]);
    assert_eq!((code, single_code(&json)), (1, "file-too-large"));
    assert!(json["files"][0]["tenant_id"].is_null());
}

#[test]
fn ten_thousand_levels_of_nesting_are_a_syntax_error() {
    let s = Scratch::new();
    s.write(
        "arrays.toml",
        format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    );
    s.write(
        "tables.toml",
        format!("x = {}1{}\n", "{a=".repeat(10_000), "}".repeat(10_000)),
    );
    for file in ["arrays.toml", "tables.toml"] {
        let (code, json) = run_guarded(&s, &[file]);
        assert_eq!((code, single_code(&json)), (1, "toml-syntax"), "{file}");
    }
}

#[test]
fn a_duplicate_key_is_a_syntax_error_at_the_second_key() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant(
            "tenant_id = \"testamt\"\n",
            "tenant_id = \"testamt\"\ntenant_id = \"zwei\"\n",
        ),
    );
    let (code, json) = run_guarded(&s, &["form.toml"]);
    assert_eq!((code, single_code(&json)), (1, "toml-syntax"));
    let d = &diagnostics(&json)[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(1))
    );
}

fn logo_code(scratch: &Scratch, logo_path: &str) -> (i32, String) {
    scratch.write(
        "form.toml",
        variant("file = \"logo.png\"", &format!("file = {logo_path:?}")),
    );
    let (code, json) = run_guarded(scratch, &["form.toml"]);
    let d = only(&json, single_code(&json));
    assert_eq!(d["field"], "logo.file", "{json:#}");
    (code, d["code"].as_str().unwrap().to_owned())
}

#[test]
fn a_logo_that_is_a_folder_is_missing() {
    let s = Scratch::new();
    std::fs::create_dir(s.path().join("logo.png")).unwrap();
    assert_eq!(logo_code(&s, "logo.png"), (1, "logo-missing".into()));
}

#[cfg(unix)]
#[test]
fn a_logo_that_is_a_fifo_is_not_read() {
    let s = Scratch::new();
    let fifo = s.path().join("logo.png");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    assert_eq!(logo_code(&s, "logo.png"), (1, "logo-missing".into()));
}

#[cfg(unix)]
#[test]
fn a_logo_link_pointing_outside_is_refused() {
    let outside = Scratch::new();
    let target = outside.write("secret.png", png(256, 256));
    let s = Scratch::new();
    std::os::unix::fs::symlink(&target, s.path().join("logo.png")).unwrap();
    assert_eq!(
        logo_code(&s, "logo.png"),
        (1, "logo-outside-form-dir".into())
    );
}

#[cfg(unix)]
#[test]
fn a_logo_link_inside_the_folder_is_fine() {
    let s = Scratch::new();
    let real = s.write("img/real.png", png(256, 256));
    std::os::unix::fs::symlink(&real, s.path().join("logo.png")).unwrap();
    s.write("form.toml", VALID_FORM);
    let (code, json) = run_guarded(&s, &["form.toml"]);
    assert_eq!((code, codes(&json)), (0, vec![]));
}

#[test]
fn a_parent_path_and_an_absolute_path_leave_the_folder() {
    let s = Scratch::new();
    s.write("forms/../logo.png", png(256, 256));
    assert_eq!(
        logo_code(&s, "../logo.png"),
        (1, "logo-outside-form-dir".into())
    );
    let absolute = s.write("abs.png", png(256, 256));
    assert_eq!(
        logo_code(&s, absolute.to_str().unwrap()),
        (1, "logo-outside-form-dir".into())
    );
}

#[test]
fn svg_billion_laughs_is_refused_without_expanding() {
    let s = Scratch::new();
    let mut svg = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY l0 \"ha\">\n");
    for i in 1..10 {
        let prev = format!("&l{};", i - 1).repeat(10);
        svg.push_str(&format!("<!ENTITY l{i} \"{prev}\">\n"));
    }
    svg.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&l9;</text></svg>\n");
    s.write("logo.svg", svg);
    assert_eq!(logo_code(&s, "logo.svg"), (1, "logo-unsafe-svg".into()));
}

#[test]
fn svg_with_script_or_onload_is_unsafe() {
    for svg in [
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>",
    ] {
        let s = Scratch::new();
        s.write("logo.svg", svg);
        assert_eq!(
            logo_code(&s, "logo.svg"),
            (1, "logo-unsafe-svg".into()),
            "{svg}"
        );
    }
}

#[test]
fn a_truncated_png_is_a_format_error() {
    let s = Scratch::new();
    s.write("logo.png", &png(256, 256)[..40]);
    assert_eq!(logo_code(&s, "logo.png"), (1, "logo-format".into()));
    s.write("logo.png", &png(256, 256)[..10]);
    assert_eq!(logo_code(&s, "logo.png"), (1, "logo-format".into()));
}

#[test]
fn a_png_declaring_100000_pixels_a_side_is_too_large_and_not_decoded() {
    let s = Scratch::new();
    s.write("logo.png", png(100_000, 100_000));
    assert_eq!(logo_code(&s, "logo.png"), (1, "logo-too-large".into()));
}

#[test]
fn a_path_that_does_not_exist_is_exit_2() {
    let s = Scratch::new();
    let out = onboard(s.path(), &["validate", "--offline", "nowhere.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.toml"));
    assert!(out.stdout.is_empty());
}

#[test]
fn control_characters_in_file_names_and_tenant_ids_reach_no_report_raw() {
    let s = Scratch::new();
    // A terminal escape sequence (set the window title) and a right-to-left override.
    let name = "forms/a\u{1b}]0;x\u{7}\u{202e}lmot.toml";
    s.form(
        name,
        &variant("tenant_id = \"testamt\"", "tenant_id = \"t\\u202Eb\""),
    );
    for format in ["human", "json", "sarif", "junit", "github", "gitlab"] {
        let out = onboard(
            s.path(),
            &["validate", "--offline", "--format", format, "forms"],
        );
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!text.contains(raw), "{format} carries {raw:?} raw: {text}");
        }
        // The JSON writer escapes on its own (`\u001b`); the others show the TOML escape.
        let shown = ["\\u001B", "\\u001b", "\\\\u001B"];
        assert!(shown.iter().any(|e| text.contains(e)), "{format}: {text}");
    }
}
