//! Shared helpers of the integration tests: a valid form to start from, a scratch folder
//! to put variants in, minimal PNG and JPEG logos, and runners for the `onboard` binary.
#![allow(dead_code)]

pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A complete, valid order form (stage production) whose logo is `logo.png` beside it.
pub const VALID_FORM: &str = r#"schema_version = 1
tenant_id = "testamt"

[service]
id = "sorgeregister-negativbescheinigung"
leika_id = "99013016012001"

[onboarding]
stage = "production"
state_agreement_on = 2025-06-01
pvog_entry = true

[authority]
name = "Jugendamt Testamt"
street = "Am Markt"
house_number = "1"
postal_code = "28195"
city = "Bremen"
state = "HB"
phone = "0421 361-0"
website = "https://www.testamt.example"

[jurisdiction]
regional_keys = ["040110000000"]

[logo]
file = "logo.png"
alt_text = "Logo des Testamts"

[privacy_policy]
url = "https://www.testamt.example/datenschutz"

[mailboxes]
applications = "sorgeregister@testamt.example"
contact_form = "kontakt@testamt.example"

[[contacts.professional]]
name = "Erika Beispiel"
email = "erika.beispiel@testamt.example"
phone = "0421 361-1234"

[contacts.technical]
name = "Max Probe"
email = "max.probe@testamt.example"
"#;

/// A minimal valid PNG of `width`×`height` pixels (one colour, uncompressed rows).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit greyscale
    // Stored (uncompressed) deflate blocks would be long; an empty IDAT is enough for a
    // header-only reader, and these tests never decode pixels.
    let idat = [0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A minimal baseline JPEG of `width`×`height` (SOI, JFIF, SOF0, EOI; no pixels).
pub fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    out.extend_from_slice(b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A scratch folder holding forms and logos; removed when dropped.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, content).expect("write file");
        path
    }

    /// Writes `form` as `name` with a valid 256×256 `logo.png` beside it.
    pub fn form(&self, name: &str, form: &str) -> PathBuf {
        let path = self.write(name, form);
        let logo = path.parent().expect("parent").join("logo.png");
        if !logo.exists() {
            std::fs::write(logo, png(256, 256)).expect("write logo");
        }
        path
    }
}

/// The valid form with `from` replaced by `to` (which must occur).
pub fn variant(from: &str, to: &str) -> String {
    assert!(VALID_FORM.contains(from), "the valid form has no {from:?}");
    VALID_FORM.replacen(from, to, 1)
}

/// The `onboard` command, in `cwd`, without colour, with a fixed date and in English,
/// whatever the machine's locale: `LANG=C` and no other locale variable, so that neither
/// the machine's variables nor the operating system's language (asked only when no
/// variable is set; GNU's LANGUAGE on Linux) decide. A test's own `LANG`, `LC_MESSAGES`
/// or `LC_ALL` still wins.
pub fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_onboard"));
    cmd.args(args)
        .current_dir(cwd)
        .env("ONBOARD_TODAY", "2026-11-28")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "C")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `onboard` with arguments, in `cwd`, without colour, with a fixed date, in English.
pub fn onboard(cwd: &Path, args: &[&str]) -> Output {
    command(cwd, args).output().expect("run onboard")
}

/// Runs `onboard` with environment variables set (e.g. `LANG`).
pub fn onboard_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(cwd, args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run onboard")
}

/// Runs `onboard` with `stdin` piped in.
pub fn onboard_stdin(cwd: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = command(cwd, args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start onboard");
    let mut input = child.stdin.take().expect("stdin");
    // A write error means onboard stopped reading early; its output says why.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().expect("run onboard")
}

/// The `onboard bundle --offline ARGS…` command, set up as [`command`] does (for runs
/// started in the background).
pub fn bundle_command(cwd: &Path, args: &[&str]) -> Command {
    let mut all = vec!["bundle", "--offline"];
    all.extend_from_slice(args);
    command(cwd, &all)
}

/// Runs `onboard bundle --offline ARGS…` in `cwd`.
pub fn bundle(cwd: &Path, args: &[&str]) -> Output {
    bundle_command(cwd, args).output().expect("run onboard")
}

/// stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `onboard validate --offline --format json ARGS…` and parses stdout.
pub fn validate_json(cwd: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--offline", "--format", "json"];
    all.extend_from_slice(args);
    let out = onboard(cwd, &all);
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let json =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stdout is JSON ({e}): {stdout}"));
    (out.status.code().expect("exit code"), json)
}

/// Asserts that no message or help of a JSON result still holds a `{placeholder}`: a text
/// whose argument was not given shows its catalog template to the user.
#[track_caller]
pub fn assert_placeholders_filled(json: &Value) {
    for file in json["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            for key in ["message", "help"] {
                let text = d[key].as_str().unwrap_or_default();
                assert!(
                    unfilled_placeholder(text).is_none(),
                    "{key} of {} keeps a placeholder: {text:?}",
                    d["code"]
                );
            }
        }
    }
}

/// The first `{name}` in a text (a name of letters, digits, `_` and `-`), if any.
pub fn unfilled_placeholder(text: &str) -> Option<&str> {
    text.match_indices('{').find_map(|(open, _)| {
        let rest = &text[open + 1..];
        let close = rest.find('}')?;
        let name = &rest[..close];
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        is_name.then_some(&text[open..open + close + 2])
    })
}

/// The file entry of a JSON result, by path.
pub fn file<'a>(json: &'a Value, path: &str) -> &'a Value {
    json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path} in {json:#}"))
}

/// The diagnostics of the first file of a JSON result.
pub fn diagnostics(json: &Value) -> &Vec<Value> {
    json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics array")
}

/// The codes of the first file of a JSON result.
pub fn codes(json: &Value) -> Vec<&str> {
    diagnostics(json)
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect()
}

/// Validates one form text (with a valid logo beside it) and returns exit code and JSON.
pub fn check_form(form: &str) -> (i32, Value) {
    let scratch = Scratch::new();
    scratch.form("form.toml", form);
    validate_json(scratch.path(), &["form.toml"])
}

/// The single diagnostic with `code`, failing if there is not exactly one.
pub fn only<'a>(json: &'a Value, code: &str) -> &'a Value {
    let found: Vec<&Value> = diagnostics(json)
        .iter()
        .filter(|d| d["code"] == code)
        .collect();
    assert_eq!(found.len(), 1, "expected one {code}, got: {json:#}");
    found[0]
}

/// Finds and validates the forms below `dir` through the library, offline, on a fixed day;
/// with `keep_logos` as `onboard bundle` does.
pub fn validated(
    dir: &Path,
    keep_logos: bool,
) -> (Vec<onboard::engine::FormFile>, onboard::RunReport) {
    let files = onboard::discover::discover(&[dir.to_path_buf()]).unwrap();
    let options = onboard::testing::Options {
        catalog: onboard::catalog::Catalog::builtin(),
        areas: onboard::areas::AreaDirectory::builtin(),
        today: "2026-11-28".parse().unwrap(),
        keep_logos,
    };
    let run = onboard::testing::validate(&files, &options);
    (files, run)
}

/// The bundles a validated run gives (`testing::build_run` with the built-in catalog, not
/// denying warnings), one for each form that passed.
pub fn built(
    files: &[onboard::engine::FormFile],
    run: &onboard::RunReport,
) -> Vec<Result<onboard::bundle::Bundle, onboard::bundle::BuildError>> {
    onboard::testing::build_run(
        files,
        run,
        onboard::catalog::Catalog::builtin(),
        "2025-11-30",
        false,
    )
    .into_iter()
    .map(|b| b.expect("the form passed"))
    .collect()
}

// --- hostile input: bounded runs, FIFOs and links ------------------------------------------

// Not every test binary uses these.
#[cfg(unix)]
#[allow(unused_imports)]
pub use hostile::*;

/// Runs that a regression must not be able to hang or blow up, and the special files that
/// hostile repositories hold.
#[cfg(unix)]
mod hostile {
    use std::io::Read;
    use std::path::Path;
    use std::process::{Command, Output, Stdio};
    use std::time::{Duration, Instant};

    use super::command;

    /// Virtual memory one run may take (KiB): ample for a check, far below what reading
    /// `/dev/zero` to the end would take.
    pub const MEMORY_KIB: u64 = 2 * 1024 * 1024;

    /// The time one run may take before it counts as hung.
    pub const TIME_LIMIT: Duration = Duration::from_secs(30);

    /// Runs `onboard ARGS…` in `cwd` (as [`command`] sets it up) under the memory limit;
    /// kills it and fails when it takes longer than the time limit.
    pub fn guarded(cwd: &Path, args: &[&str]) -> Output {
        run_guarded(command(cwd, args))
    }

    /// Runs a prepared `onboard` command (see [`command`]) as [`guarded`] does.
    pub fn run_guarded(onboard: Command) -> Output {
        let args: Vec<_> = onboard
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$@\""))
            .arg("sh")
            .arg(onboard.get_program())
            .args(onboard.get_args())
            .current_dir(onboard.get_current_dir().unwrap_or(Path::new(".")))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in onboard.get_envs() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        let mut child = cmd.spawn().expect("start onboard");
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let out = drain(Box::new(child.stdout.take().expect("stdout")));
        let err = drain(Box::new(child.stderr.take().expect("stderr")));
        let deadline = Instant::now() + TIME_LIMIT;
        let status = loop {
            if let Some(status) = child.try_wait().expect("poll") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("onboard {args:?} hung");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = Output {
            status,
            stdout: out.join().expect("stdout"),
            stderr: err.join().expect("stderr"),
        };
        let all = everything(&output);
        assert!(!all.contains("panicked"), "panic: {all}");
        output
    }

    /// stdout and stderr together.
    pub fn everything(out: &Output) -> String {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    /// Makes a FIFO (a named pipe) at `path`.
    pub fn fifo(path: &Path) {
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            path,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .expect("mkfifo");
    }

    /// Makes a symbolic link at `path` to `target`.
    pub fn link(target: impl AsRef<Path>, path: &Path) {
        std::os::unix::fs::symlink(target, path).expect("symlink");
    }
}

/// A GV100AD file with Bremen's records, the Gemeinde 040110000000 (the valid form's key)
/// named `gemeinde`.
pub fn gv100ad(gemeinde: &str) -> String {
    [
        ("102025113004", "Bremen"),
        ("402025113004011", "Bremen, Stadt"),
        ("502025113004011   0000", "Bremen, Stadt"),
        ("6020251130040110000000", gemeinde),
    ]
    .iter()
    .map(|(keys, name)| format!("{keys:<22}{name:<50}\n"))
    .collect()
}
