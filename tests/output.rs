//! Where output goes: `--output` writes only over a regular file or to a new path, with the
//! usual permissions, and a failed write to stdout is exit status 2 with a message, while a
//! closed pipe (`| head`) stays quiet.

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::process::Stdio;

use common::*;

fn repo() -> Scratch {
    let s = Scratch::new();
    s.form("forms/form.toml", VALID_FORM);
    s
}

fn validate_to(s: &Scratch, output: &str) -> std::process::Output {
    onboard(
        s.path(),
        &[
            "validate",
            "--offline",
            "--format",
            "json",
            "--output",
            output,
            "forms",
        ],
    )
}

#[test]
fn output_refuses_devices_fifos_folders_and_links() {
    let s = repo();
    // A device: renaming over it turned /dev/null into a regular file. The test makes a
    // device of its own (the null device's numbers) where it may, never using the real one.
    let device = s.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let out = validate_to(&s, "null");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("null is a device"),
            "{}",
            stderr(&out)
        );
        let meta = std::fs::symlink_metadata(&device).unwrap();
        assert!(meta.file_type().is_char_device());
    }

    let fifo = s.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = validate_to(&s, "pipe");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pipe is a named pipe (FIFO)"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    s.write("reports/keep.txt", "mine");
    let out = validate_to(&s, "reports");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("reports is a folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("reports/keep.txt")).unwrap(),
        "mine"
    );

    // A link (a repository could aim one outside) is neither followed nor replaced.
    s.write("target.json", "theirs");
    std::os::unix::fs::symlink("target.json", s.path().join("report.json")).unwrap();
    let out = validate_to(&s, "report.json");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("report.json is a symbolic link"),
        "{}",
        stderr(&out)
    );
    let link = std::fs::symlink_metadata(s.path().join("report.json")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(s.path().join("target.json")).unwrap(),
        "theirs"
    );
}

#[test]
fn output_refusal_speaks_german() {
    let s = repo();
    let out = onboard(
        s.path(),
        &[
            "--lang",
            "de",
            "validate",
            "--offline",
            "--output",
            "forms",
            "forms",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("forms ist ein Ordner, keine Datei"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_new_report_gets_the_usual_mode_and_a_replaced_one_keeps_its_own() {
    let s = repo();
    let bin = env!("CARGO_BIN_EXE_onboard");
    let run = |umask: &str| {
        let script = format!(
            "umask {umask}; exec \"$0\" validate --offline --format json --output r.json forms"
        );
        let out = std::process::Command::new("sh")
            .args(["-c", &script, bin])
            .current_dir(s.path())
            .env("ONBOARD_TODAY", "2026-11-28")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    };
    let mode = || {
        std::fs::metadata(s.path().join("r.json"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    // Not 0600 as a temporary file has: what `> r.json` in a shell would give.
    run("027");
    assert_eq!(mode(), 0o640);
    run("022");
    assert_eq!(mode(), 0o640, "a replaced file keeps its permissions");
    std::fs::set_permissions(
        s.path().join("r.json"),
        std::fs::Permissions::from_mode(0o604),
    )
    .unwrap();
    run("077");
    assert_eq!(mode(), 0o604);
}

/// Runs `onboard ARGS` with stdout on /dev/full, where every write fails.
fn to_full_disk(s: &Scratch, args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    command(s.path(), args)
        .stdout(Stdio::from(full))
        .output()
        .unwrap()
}

#[test]
fn a_failed_write_to_stdout_is_exit_status_2() {
    let s = repo();
    for args in [
        &["validate", "--offline", "--format", "json", "forms"][..],
        &["validate", "--offline", "forms"],
        &["explain", "--list"],
        &["explain", "logo-format"],
        &["schema"],
        &["man"],
        &["--help"],
        &["--version"],
    ] {
        let out = to_full_disk(&s, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot write the output"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_closed_pipe_stays_quiet() {
    let s = repo();
    for (args, code) in [
        (
            &["validate", "--offline", "--format", "json", "forms"][..],
            0,
        ),
        (&["explain", "--list"], 0),
    ] {
        let mut child = command(s.path(), args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before the first byte is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}
