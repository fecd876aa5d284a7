//! scripts/release.sh's packaging step (`--package-only`): the archive holds what the issue
//! names, and it is reproducible — sorted entries, the commit's time, owner 0 without names,
//! fixed modes whatever the umask, gzip without name and time — so packaging one build twice
//! gives the same bytes. No release build here: the packaged binary is a stand-in that runs
//! the debug build (which generates the completions); gzip over the 250 MB debug binary
//! would take half a minute a run.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Scratch;
use sha2::{Digest, Sha256};

const EPOCH: u64 = 1_700_000_000;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A small executable that runs the debug build, as `--package-only` gets it.
fn stand_in(s: &Scratch) -> PathBuf {
    let path = s.path().join("onboard");
    let script = format!(
        "#!/bin/sh\nexec '{}' \"$@\"\n",
        env!("CARGO_BIN_EXE_onboard")
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Runs the packaging step with `umask`, into `dist`; `epoch` as SOURCE_DATE_EPOCH, or none
/// (then the commit's time). Returns the archive's path.
fn package(binary: &Path, dist: &Path, umask: &str, epoch: Option<u64>) -> PathBuf {
    let script = repo_root().join("scripts/release.sh");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "umask {umask}; exec bash \"$0\" --package-only \"$1\" --dist \"$2\""
        ))
        .arg(&script)
        .arg(binary)
        .arg(dist)
        .env("TARGET", "x86_64-unknown-linux-gnu")
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch.to_string());
    }
    let out = cmd.output().expect("run scripts/release.sh");
    assert!(
        out.status.success(),
        "release.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    PathBuf::from(printed.trim())
}

fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

fn archive_name() -> String {
    format!("onboard-{}-x86_64-unknown-linux-gnu.tar.gz", version())
}

/// Every entry as (path, mode, uid, gid, user name, group name, mtime, contents).
type Entry = (String, u32, u64, u64, Vec<u8>, Vec<u8>, u64, Vec<u8>);

fn entries(archive: &[u8]) -> Vec<Entry> {
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(archive));
    tar.entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let h = e.header().clone();
            let mut body = Vec::new();
            e.read_to_end(&mut body).unwrap();
            (
                e.path().unwrap().to_string_lossy().into_owned(),
                h.mode().unwrap(),
                h.uid().unwrap(),
                h.gid().unwrap(),
                h.username_bytes().unwrap_or_default().to_vec(),
                h.groupname_bytes().unwrap_or_default().to_vec(),
                h.mtime().unwrap(),
                body,
            )
        })
        .collect()
}

#[test]
fn packaging_twice_gives_the_same_bytes_whatever_the_umask() {
    let s = Scratch::new();
    let binary = stand_in(&s);
    let first = package(&binary, &s.path().join("a"), "022", Some(EPOCH));
    let second = package(&binary, &s.path().join("b"), "077", Some(EPOCH));
    assert_eq!(first.file_name().unwrap().to_str().unwrap(), archive_name());
    let (a, b) = (
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
    );
    assert!(a == b, "two packagings of one build differ");

    // gzip: no file name (FNAME flag), no time stamp.
    assert_eq!(&a[..3], &[0x1f, 0x8b, 8]);
    assert_eq!(a[3] & 0x08, 0, "gzip stores a file name");
    assert_eq!(&a[4..8], &[0, 0, 0, 0], "gzip stores a time");

    // SHA256SUMS names the archive with its digest, as `sha256sum -c` reads it.
    let sums = std::fs::read_to_string(s.path().join("a/SHA256SUMS")).unwrap();
    let digest: String = Sha256::digest(&a)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sums, format!("{digest}  {}\n", archive_name()));
}

#[test]
fn the_archive_holds_binary_docs_man_pages_and_completions_owned_by_0_at_the_commits_time() {
    let s = Scratch::new();
    let binary = stand_in(&s);
    let archive = std::fs::read(package(&binary, &s.path().join("d"), "002", Some(EPOCH))).unwrap();
    let list = entries(&archive);
    let top = format!("onboard-{}-x86_64-unknown-linux-gnu/", version());

    let paths: Vec<&str> = list.iter().map(|e| e.0.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "entries are not sorted by name");
    assert!(paths.iter().all(|p| p.starts_with(&top)), "{paths:?}");

    for (path, mode, uid, gid, user, group, mtime, _) in &list {
        assert_eq!((*uid, *gid), (0, 0), "{path}");
        assert!(user.is_empty() && group.is_empty(), "{path} names an owner");
        assert_eq!(*mtime, EPOCH, "{path}");
        let want = if path.ends_with('/') || path == &format!("{top}onboard") {
            0o755
        } else {
            0o644
        };
        assert_eq!(mode & 0o7777, want, "{path}: {mode:o}");
    }

    let file = |rel: &str| -> &[u8] {
        let path = format!("{top}{rel}");
        &list
            .iter()
            .find(|e| e.0 == path)
            .unwrap_or_else(|| panic!("{rel} is missing: {paths:?}"))
            .7
    };
    let root = repo_root();
    assert_eq!(file("onboard"), std::fs::read(&binary).unwrap());
    for rel in ["README.md", "LICENSE", "docs/checks.md"] {
        assert_eq!(file(rel), std::fs::read(root.join(rel)).unwrap(), "{rel}");
    }
    assert!(
        String::from_utf8_lossy(file("LICENSE"))
            .starts_with("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    );
    for (dir, packed) in [("docs/man", "man/man1"), ("docs/man/de", "man/de/man1")] {
        for page in std::fs::read_dir(root.join(dir)).unwrap() {
            let page = page.unwrap().path();
            if page.extension().is_some_and(|e| e == "1") {
                let name = page.file_name().unwrap().to_str().unwrap();
                assert_eq!(
                    file(&format!("{packed}/{name}")),
                    std::fs::read(&page).unwrap()
                );
            }
        }
    }
    // The completions are the binary's own, in English.
    for (shell, rel) in [
        ("bash", "completions/onboard.bash"),
        ("zsh", "completions/_onboard"),
        ("fish", "completions/onboard.fish"),
        ("powershell", "completions/_onboard.ps1"),
    ] {
        let out = common::onboard(s.path(), &["completions", shell]);
        assert!(out.status.success());
        assert_eq!(file(rel), out.stdout, "{shell}");
    }
}

#[test]
fn without_source_date_epoch_the_mtimes_are_the_commits_time() {
    let commit = Command::new("git")
        .args(["log", "-1", "--format=%ct"])
        .current_dir(repo_root())
        .output();
    let Some(commit) = commit
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse::<u64>().ok())
    else {
        // A source tree without git history: the script says so itself (set -e).
        eprintln!("skipped: no git history");
        return;
    };
    let s = Scratch::new();
    let binary = stand_in(&s);
    let archive = std::fs::read(package(&binary, &s.path().join("d"), "022", None)).unwrap();
    assert!(entries(&archive).iter().all(|e| e.6 == commit));
}

/// The `run:` block of docs/ci-github.md's step `name`.
fn github_step(name: &str) -> String {
    let doc = std::fs::read_to_string(repo_root().join("docs/ci-github.md")).unwrap();
    let start = doc
        .find(&format!("- name: {name}\n"))
        .unwrap_or_else(|| panic!("no step {name:?} in docs/ci-github.md"));
    let after = &doc[start..];
    let run = after.find("run: |\n").expect("a run block") + "run: |\n".len();
    after[run..]
        .lines()
        .take_while(|l| l.starts_with("          "))
        .map(|l| format!("{}\n", &l[10..]))
        .collect()
}

#[test]
fn the_github_example_installs_the_archive_it_checks() {
    let s = Scratch::new();
    let binary = stand_in(&s);
    let dist = s.path().join("dist");
    package(&binary, &dist, "022", Some(EPOCH));
    let runner_temp = s.path().join("runner");
    std::fs::create_dir(&runner_temp).unwrap();
    let github_path = s.path().join("github_path");
    let run = |script: &str| {
        Command::new("bash")
            .args(["-eo", "pipefail", "-c", script])
            .env("URL", format!("file://{}", dist.display()))
            .env(
                "ARCHIVE",
                format!("onboard-{}-x86_64-unknown-linux-gnu", version()),
            )
            .env("RUNNER_TEMP", &runner_temp)
            .env("GITHUB_PATH", &github_path)
            .output()
            .expect("run bash")
    };
    let step = github_step("install onboard");
    let out = run(&step);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = std::fs::read_to_string(&github_path).unwrap();
    let installed = Path::new(path.trim()).join("onboard");
    let out = Command::new(&installed).arg("--version").output().unwrap();
    assert!(out.status.success(), "{} does not run", installed.display());

    // A changed archive is refused by the checksum.
    std::fs::remove_dir_all(&runner_temp).unwrap();
    std::fs::create_dir(&runner_temp).unwrap();
    let archive = dist.join(archive_name());
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&archive, bytes).unwrap();
    assert!(
        !run(&step).status.success(),
        "a corrupt archive was installed"
    );
}
