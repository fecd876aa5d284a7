//! Replays inputs through what the fuzz targets (fuzz/fuzz_targets/) run, with the same
//! assertions, on stable and in `cargo test`: the fuzzers' seeds (the project's fixtures)
//! and every input in `tests/fixtures/fuzz/TARGET/` — where a crash a fuzzer finds is put
//! (copied from `fuzz/artifacts/TARGET/`), so that it stays fixed.

use std::path::{Path, PathBuf};

use onboard::RunReport;
use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
use onboard::config::{self, ConfigError};
use onboard::limits::MAX_URL_LEN;
use onboard::messages::{self, Lang};
use onboard::online::{Failure, Verdict};
use onboard::report::{self, RenderOptions};
use onboard::testing::{Answer, classify_response};
use onboard::testing::{Format, inspect_bytes, inspect_raster, inspect_svg};
use onboard::testing::{Options, validate_bytes};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of these folders (relative to the crate); a folder that does not exist (no
/// crash found yet) has none.
fn inputs(folders: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(root().join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_file() {
                let bytes = std::fs::read(&path).expect("read input");
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

/// The `form` target: every check and every report format; positions inside the text.
fn form(dir: &Path, data: &[u8]) {
    let options = Options {
        catalog: Catalog::builtin(),
        areas: AreaDirectory::builtin(),
        today: jiff::civil::date(2026, 11, 28),
        keep_logos: false,
    };
    let file = validate_bytes(data.to_vec(), "form.toml", dir, &options);
    if let Some(source) = &file.source {
        let lines: Vec<&str> = source.text().split('\n').collect();
        for d in &file.diagnostics {
            assert!(d.line >= 1 && d.line <= lines.len(), "{d:?}");
            assert!(
                d.column >= 1 && d.column <= lines[d.line - 1].chars().count() + 1,
                "{d:?}"
            );
        }
    }
    let run = RunReport { files: vec![file] };
    let options = RenderOptions::default();
    report::human::render(&run, &options);
    report::json::render(&run, &options);
    report::sarif::render(&run, &options);
    report::junit::render(&run, &options);
    report::github::render(&run, &options);
    report::gitlab::render(&run, &options);
}

#[test]
fn form_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = root().join("tests/fixtures");
    std::fs::copy(
        fixtures.join("raster/logo.png"),
        dir.path().join("logo.png"),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("raster/logo.jpg"),
        dir.path().join("logo.jpg"),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("svg/safe--bremerhaven.svg"),
        dir.path().join("logo.svg"),
    )
    .unwrap();
    let all = inputs(&[
        "order-forms",
        "examples/mistakes",
        "tests/fixtures/fuzz/form",
    ]);
    assert!(all.len() >= 3);
    for (path, data) in all {
        eprintln!("{}", path.display());
        form(dir.path(), &data);
    }
}

#[test]
fn svg_inputs() {
    let all = inputs(&["tests/fixtures/svg", "tests/fixtures/fuzz/svg"]);
    assert!(all.len() >= 40);
    for (path, data) in all {
        eprintln!("{}", path.display());
        inspect_bytes("logo.svg", &data);
        if let Ok(problems) = inspect_svg(&data) {
            let lines = data.split(|&b| b == b'\n').count() as u32;
            assert!(problems.iter().all(|p| p.line >= 1 && p.line <= lines));
        }
    }
}

#[test]
fn raster_inputs() {
    let all = inputs(&["tests/fixtures/raster", "tests/fixtures/fuzz/raster"]);
    assert!(all.len() >= 4);
    for (path, data) in all {
        eprintln!("{}", path.display());
        for name in ["logo.png", "logo.jpg", "logo.svg"] {
            inspect_bytes(name, &data);
        }
        for format in [Format::Png, Format::Jpeg] {
            let _ = inspect_raster(format, &data);
        }
    }
}

/// The `http_response` target: see its layout in fuzz/fuzz_targets/http_response.rs.
fn http_response(data: &[u8]) {
    let [s0, s1, flags, rest @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*s0, *s1]) % 1000;
    let was_head = flags & 1 == 1;
    let (head, body) = match rest.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&rest[..i], &rest[i + 2..]),
        None => (rest, &[][..]),
    };
    let headers: Vec<(&str, &[u8])> = head
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let colon = line.iter().position(|&b| b == b':')?;
            let name = std::str::from_utf8(&line[..colon]).ok()?;
            let value = &line[colon + 1..];
            Some((name, value.strip_prefix(b" ").unwrap_or(value)))
        })
        .collect();
    let split = usize::from(flags >> 1).max(1);
    let current = url::Url::parse("https://www.example.de/datenschutz/").unwrap();
    match classify_response(&current, was_head, status, headers, body.chunks(split)) {
        Answer::Redirect(next) => {
            assert!((300..=399).contains(&status) && status != 304);
            assert!(next.as_str().len() <= MAX_URL_LEN);
        }
        Answer::Retry { .. } => assert!(status == 429 || (500..=599).contains(&status)),
        Answer::ConfirmWithGet => assert!(was_head),
        Answer::Final(Verdict::Live(_)) => assert!((200..=299).contains(&status)),
        Answer::Final(Verdict::Unverified(Failure::UrlTooLong(n))) => assert!(n > MAX_URL_LEN),
        Answer::Final(_) => {}
    }
}

#[test]
fn http_response_inputs() {
    let all = inputs(&["tests/fixtures/http", "tests/fixtures/fuzz/http_response"]);
    assert!(all.len() >= 10);
    for (path, data) in all {
        eprintln!("{}", path.display());
        http_response(&data);
    }
}

/// The `config` target: `config::parse` in a repository folder like the target's (a forms
/// folder, a GV100AD file, a link that leads out); positions inside the text.
fn config_input(path: &Path, data: &[u8]) {
    match config::parse(data.to_vec(), path) {
        Ok(_) => {}
        Err(ConfigError::Refused(text)) => {
            messages::message(Lang::En, &text);
        }
        Err(ConfigError::Findings(run)) => {
            let file = &run.files[0];
            let source = file.source.as_ref().expect("findings come with their text");
            let lines: Vec<&str> = source.text().split('\n').collect();
            for d in &file.diagnostics {
                assert!(d.line >= 1 && d.line <= lines.len(), "{d:?}");
                assert!(
                    d.column >= 1 && d.column <= lines[d.line - 1].chars().count() + 1,
                    "{d:?}"
                );
            }
            report::human::render(&run, &RenderOptions::default());
        }
    }
}

#[test]
fn config_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("order-forms")).unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/GV100AD_31122026.txt"),
        "6020251130040110000000Bremen, Stadt\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/", dir.path().join("link-out")).unwrap();
    let path = dir.path().join(config::FILE_NAME);
    let all = inputs(&["tests/fixtures/config", "tests/fixtures/fuzz/config"]);
    assert!(all.len() >= 2);
    // The seeds are what they say: the full example loads, the hostile one does not.
    assert!(config::parse(all[0].1.clone(), &path).is_ok(), "full.toml");
    assert!(
        config::parse(all[1].1.clone(), &path).is_err(),
        "hostile.toml"
    );
    for (input, data) in all {
        eprintln!("{}", input.display());
        config_input(&path, &data);
    }
}

/// The `verify_archive` target: see fuzz/fuzz_targets/verify_archive.rs. Returns whether
/// the archive was found intact.
fn verify_archive(data: &[u8]) -> bool {
    use onboard::bundle::MAX_UNPACKED_BYTES;
    use onboard::bundle::verify::{ArchiveProblem, NamePlace, Problem, verify_archive};
    const NAME: &str = "testamt.tar.gz";
    let problems = verify_archive(NAME, data);
    assert_eq!(
        problems,
        verify_archive(NAME, data),
        "the same verdict twice"
    );
    for problem in &problems {
        match problem {
            Problem::Archive(ArchiveProblem::Trailing { offset, len, .. }) => {
                assert!(*len > 0 && offset + len == data.len() as u64, "{problem:?}");
            }
            Problem::Archive(ArchiveProblem::AfterEnd { offset, len }) => {
                assert!(
                    *len > 0 && offset + len <= MAX_UNPACKED_BYTES,
                    "{problem:?}"
                );
            }
            Problem::Archive(ArchiveProblem::NotCanonical { offset }) => {
                assert!(*offset <= MAX_UNPACKED_BYTES, "{problem:?}");
            }
            Problem::Name {
                place,
                actual,
                expected,
            } => {
                assert_ne!(actual, expected);
                assert!(*place != NamePlace::Folder, "an archive has no folder name");
            }
            _ => {}
        }
    }
    if problems.is_empty() {
        assert_unpacks_to_a_canonical_bundle(data);
    }
    problems.is_empty()
}

/// What `gzip -d` gives (every member) is one tar whose entries are `testamt/` and its
/// files, and which is byte for byte what `bundle` writes for them: nothing more to unpack.
fn assert_unpacks_to_a_canonical_bundle(data: &[u8]) {
    use onboard::bundle::{Bundle, BundleFile, TenantId};
    use std::io::Read;
    let mut unpacked = Vec::new();
    flate2::bufread::MultiGzDecoder::new(data)
        .read_to_end(&mut unpacked)
        .expect("an intact archive unpacks");
    let mut files = Vec::new();
    let mut tar = tar::Archive::new(unpacked.as_slice());
    for (i, entry) in tar.entries().expect("a tar").enumerate() {
        let mut entry = entry.expect("an entry");
        let path = String::from_utf8(entry.path_bytes().into_owned()).expect("UTF-8");
        if i == 0 {
            assert_eq!(path, "testamt/");
            continue;
        }
        let name = path.strip_prefix("testamt/").expect("in the folder");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("the entry's bytes");
        files.push(BundleFile {
            name: name.to_owned(),
            bytes,
        });
    }
    let bundle = Bundle {
        tenant_id: TenantId::new("testamt").expect("a tenant id"),
        files,
    };
    assert_eq!(unpacked, onboard::testing::tar(&bundle).expect("the tar"));
}

/// The seeds in tests/fixtures/bundle/: `testamt.tar.gz` is what `onboard bundle --archive`
/// writes for tests/common's VALID_FORM with tests/fixtures/raster/logo.png (remake it so
/// when the bundle format changes); `second-member.tar.gz` has another gzip member with a
/// tenant.json appended, `after-end.tar.gz` a second tar after the first's end.
#[test]
fn verify_archive_inputs() {
    let all = inputs(&[
        "tests/fixtures/bundle",
        "tests/fixtures/fuzz/verify_archive",
    ]);
    assert!(all.len() >= 3);
    for (path, data) in all {
        eprintln!("{}", path.display());
        let intact = verify_archive(&data);
        // The seeds stay what they are meant to be: one intact archive, and attacks.
        if path
            .parent()
            .is_some_and(|p| p.ends_with("tests/fixtures/bundle"))
        {
            let valid = path.file_name().is_some_and(|n| n == "testamt.tar.gz");
            assert_eq!(intact, valid, "{}", path.display());
        }
    }
}
