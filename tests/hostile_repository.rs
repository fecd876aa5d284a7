//! One repository holding every hostile thing at once — forms that are links out of it, a
//! link loop, a FIFO and a device named `*.toml`, a form folder that is a link outside, a
//! hostile `onboard.toml`, a tenant id named like a folder that is there, a privacy link to
//! this machine — and the promise: `validate` and `bundle` finish in bounded time, print no
//! byte of a file outside the repository, change nothing outside `--out`, reach no private
//! address, and exit as the specification says.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;

/// What files outside the repository (and the environment) hold: never to be printed.
const SECRET: &str = "SECRET-OUTSIDE-93c1";
const ENV_SECRET: &str = "SECRET-ENVIRONMENT-5d2e";

/// A TOML file whose every line some finding would quote, were it read.
fn secret_toml() -> String {
    format!("{SECRET} = \"{SECRET}\"\n[{SECRET}]\nx = \"{SECRET}\n")
}

/// The hostile repository's `onboard.toml`: every key that could widen what a run reads or
/// reaches, pointed outside.
const HOSTILE_CONFIG: &str = r#"paths = ["order-forms", "forms-link", "../outside/forms"]
regional_keys = "areas.txt"

[network]
allow_private_networks = true
timeout = 0
"#;

/// `scratch/outside/` (secrets) beside `scratch/repo/` (the hostile repository). The
/// repository's valid form is named `logos`, like the logo folder beside it; its privacy
/// link leads to `port` on this machine.
fn hostile(port: u16) -> Scratch {
    let s = Scratch::new();
    s.write("outside/secret.toml", secret_toml());
    s.write("outside/secret.txt", format!("{SECRET}\n"));
    s.form(
        "outside/forms/leak.toml",
        &variant("Jugendamt", &format!("Jugendamt {SECRET}")),
    );
    let forms = s.path().join("repo/order-forms");
    let form = variant("tenant_id = \"testamt\"", "tenant_id = \"logos\"").replace(
        "https://www.testamt.example/datenschutz",
        &format!("https://localhost:{port}/datenschutz"),
    );
    s.form("repo/order-forms/valid.toml", &form);
    s.write(
        "repo/order-forms/logos/README.md",
        "the municipalities' logos\n",
    );
    let outside = s.path().join("outside");
    link("/proc/self/environ", &forms.join("environ.toml"));
    link("../../outside/secret.toml", &forms.join("relative.toml"));
    link(outside.join("secret.toml"), &forms.join("absolute.toml"));
    link("loop-b.toml", &forms.join("loop-a.toml"));
    link("loop-a.toml", &forms.join("loop-b.toml"));
    link("/dev/zero", &forms.join("zero.toml"));
    fifo(&forms.join("fifo.toml"));
    link("../../outside/forms", &forms.join("linked-folder"));
    link("../outside/forms", &s.path().join("repo/forms-link"));
    link("../outside/secret.txt", &s.path().join("repo/areas.txt"));
    s.write("repo/onboard.toml", HOSTILE_CONFIG);
    s
}

/// The forms the walk finds that must be refused unread.
const REFUSED: [&str; 7] = [
    "absolute.toml",
    "environ.toml",
    "fifo.toml",
    "loop-a.toml",
    "loop-b.toml",
    "relative.toml",
    "zero.toml",
];

/// Everything below `dir` as it is: file contents, link targets, folders, special files
/// (links are not followed), except below `skip`.
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, skip: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path == skip {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).expect("lstat");
            let name = path.strip_prefix(root).unwrap().display().to_string();
            let what = if meta.file_type().is_symlink() {
                format!("link {}", std::fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                walk(&path, skip, root, out);
                "folder".to_owned()
            } else if meta.is_file() {
                format!(
                    "file {}",
                    String::from_utf8_lossy(&std::fs::read(&path).unwrap())
                )
            } else {
                format!("special {:?}", meta.file_type())
            };
            out.insert(name, what);
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, skip, dir, &mut out);
    out
}

/// Asserts that no secret reached stdout or stderr.
#[track_caller]
fn assert_no_secret(out: &Output) {
    let all = everything(out);
    assert!(!all.contains(SECRET), "a file outside was shown: {all}");
    assert!(
        !all.contains(ENV_SECRET),
        "the environment was shown: {all}"
    );
}

/// Runs `onboard ARGS` in the repository under the guards of `common::guarded`, with a
/// secret in its environment.
fn run(s: &Scratch, args: &[&str]) -> Output {
    let mut cmd = command(&s.path().join("repo"), args);
    cmd.env("CI_JOB_TOKEN", ENV_SECRET);
    let out = run_guarded(cmd);
    assert_no_secret(&out);
    out
}

/// A listener on this machine that counts the connections it is offered: the online
/// check must offer none.
fn counting_listener() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (port, count)
}

#[test]
fn a_hostile_repository_gets_nothing() {
    let (port, connections) = counting_listener();
    let s = hostile(port);
    let before = snapshot(s.path(), &s.path().join("repo/dist"));

    // The hostile config: refused at its places before anything is read or fetched.
    for args in [
        &["validate"][..],
        &["validate", "--offline"],
        &["bundle", "--offline", "--out", "dist"],
        &["status", "order-forms/valid.toml"],
    ] {
        let out = run(&s, args);
        let all = everything(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        for place in [
            "onboard.toml:1:",
            "onboard.toml:2:17",
            "onboard.toml:5:26",
            "onboard.toml:6:11",
        ] {
            assert!(all.contains(place), "{args:?}: {place} not named: {all}");
        }
        // `bundle` makes its output folder and takes its lock before the checks (to fail
        // early when it cannot); no bundle is written into it.
        let dist = s.path().join("repo/dist");
        if dist.exists() {
            for entry in std::fs::read_dir(&dist).unwrap() {
                let name = entry.unwrap().file_name();
                assert_eq!(name, ".onboard-bundle.lock", "{args:?}");
            }
        }
    }

    // With the config gone, the forms themselves.
    std::fs::remove_file(s.path().join("repo/onboard.toml")).unwrap();
    let before_forms = snapshot(s.path(), &s.path().join("repo/dist"));
    let out = run(
        &s,
        &["validate", "--format", "json", "order-forms", "forms-link"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", everything(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let mut refused: Vec<String> = Vec::new();
    for file in json["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let codes: Vec<&str> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        if codes == ["file-outside-folder"] {
            refused.push(path.to_owned());
        } else {
            // The valid form: its link to this machine is refused, never fetched.
            assert_eq!(path, "order-forms/valid.toml", "{file:#}");
            assert_eq!(codes, ["privacy-url-blocked"], "{file:#}");
        }
    }
    let mut expected: Vec<String> = REFUSED
        .iter()
        .map(|name| format!("order-forms/{name}"))
        .chain(["forms-link".to_owned()])
        .collect();
    expected.sort();
    refused.sort();
    assert_eq!(refused, expected);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "a private address was reached"
    );

    // Every output format, in both languages: still no secret.
    for format in ["human", "sarif", "junit", "github", "gitlab"] {
        for lang in ["en", "de"] {
            let args = [
                "--lang",
                lang,
                "validate",
                "--offline",
                "--format",
                format,
                "order-forms",
            ];
            assert_eq!(run(&s, &args).status.code(), Some(1), "{args:?}");
        }
    }

    // A bundle named like the logo folder, written into the forms' folder: refused, with
    // and without --force, and the folder stays as it was.
    for force in [false, true] {
        let mut args = vec!["bundle", "--offline", "--out", "order-forms"];
        if force {
            args.push("--force");
        }
        args.push("order-forms/valid.toml");
        let out = run(&s, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", everything(&out));
    }
    assert_eq!(
        std::fs::read_to_string(s.path().join("repo/order-forms/logos/README.md")).unwrap(),
        "the municipalities' logos\n"
    );

    // Bundling the whole folder: the valid form is bundled into `--out`, the rest refused.
    let out = run(&s, &["bundle", "--offline", "--out", "dist", "order-forms"]);
    assert_eq!(out.status.code(), Some(1), "{}", everything(&out));
    assert!(s.path().join("repo/dist/logos/tenant.json").is_file());
    let out = run(&s, &["verify-bundle", "dist/logos"]);
    assert_eq!(out.status.code(), Some(0), "{}", everything(&out));

    // Nothing outside `--out` changed (but the config the test removed). The runs with
    // `--out order-forms` left their (empty) lock file there, as every bundle run does.
    let mut after = snapshot(s.path(), &s.path().join("repo/dist"));
    assert_eq!(
        after
            .remove("repo/order-forms/.onboard-bundle.lock")
            .as_deref(),
        Some("file ")
    );
    assert_eq!(after, before_forms);
    let mut without_config = before;
    without_config.remove("repo/onboard.toml");
    assert_eq!(after, without_config);
}
