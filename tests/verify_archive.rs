//! `onboard verify-bundle` on the `.tar.gz` that `bundle --archive` writes: an intact
//! archive passes; a flipped byte anywhere, an entry out of place, a link, a gzip bomb
//! fail with the problem named; a file that is no archive cannot be checked (exit 2).

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::*;
use onboard::bundle::verify::{ArchiveProblem, Problem, verify};

/// A scratch folder with the bundle of the valid form, as folder and archive.
fn built() -> (Scratch, PathBuf) {
    let s = Scratch::new();
    s.form("forms/form.toml", VALID_FORM);
    let out = onboard(
        s.path(),
        &["bundle", "--offline", "--archive", "--out", "dist", "forms"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archive = s.path().join("dist/testamt.tar.gz");
    assert!(archive.is_file());
    (s, archive)
}

/// A gzip'd tar of `entries` (path, content or `None` for a link to `/etc/passwd`).
fn tar_gz(entries: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (path, content) in entries {
        let mut header = tar::Header::new_ustar();
        match content {
            Some(bytes) => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_size(bytes.len() as u64);
                header.set_mode(0o644);
                tar.append_data(&mut header, path, *bytes).unwrap();
            }
            None => {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_size(0);
                header.set_mode(0o777);
                tar.append_link(&mut header, path, "/etc/passwd").unwrap();
            }
        }
    }
    tar.into_inner().unwrap().finish().unwrap()
}

/// The files of the built bundle folder, as (name, bytes).
fn bundle_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_intact_archive_passes_on_the_command_line() {
    let (s, _) = built();
    let out = onboard(s.path(), &["verify-bundle", "dist/testamt.tar.gz"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("dist/testamt.tar.gz is intact"), "{stdout}");
}

/// The archive unpacked (gzip only), or `None` when gzip refuses it.
fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()
        .map(|_| out)
}

#[test]
fn a_flipped_byte_anywhere_in_the_archive_fails_unless_nothing_in_it_changed() {
    let (s, archive) = built();
    let bytes = std::fs::read(&archive).unwrap();
    let content = gunzip(&bytes).unwrap();
    let damaged = s.path().join("damaged.tar.gz");
    let mut failed = 0;
    // Every 3rd byte, and each of the gzip header's and trailer's (its checksum and size).
    let positions: Vec<usize> = (0..bytes.len())
        .step_by(3)
        .chain(0..10)
        .chain(bytes.len() - 8..bytes.len())
        .collect();
    for &at in &positions {
        let mut copy = bytes.clone();
        copy[at] ^= 0x01;
        std::fs::write(&damaged, &copy).unwrap();
        match verify(&damaged) {
            Ok(problems) if problems.is_empty() => {
                // Deflate has bits that change nothing (a code length of an unused
                // symbol): then every unpacked byte is the same, and so is the bundle.
                assert_eq!(gunzip(&copy).as_ref(), Some(&content), "byte {at}");
            }
            Ok(_) => failed += 1,
            // A flipped magic number: not an archive at all, which is no pass either.
            Err(e) => {
                assert!(at < 2, "byte {at}: {e}");
                failed += 1;
            }
        }
    }
    assert!(
        failed * 10 >= positions.len() * 9,
        "{failed} of {}",
        positions.len()
    );
    // A time stamp in the gzip header, which no checksum covers: found by the header.
    let mut copy = bytes.clone();
    copy[4] ^= 0x01;
    std::fs::write(&damaged, &copy).unwrap();
    assert_eq!(
        verify(&damaged).unwrap(),
        [Problem::Archive(ArchiveProblem::Header)]
    );
    // On the command line: exit status 1 and what is wrong.
    let mut copy = bytes.clone();
    let last = copy.len() - 5;
    copy[last] ^= 0x01;
    std::fs::write(&damaged, &copy).unwrap();
    let out = onboard(s.path(), &["verify-bundle", "damaged.tar.gz"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("the archive is damaged"), "{stdout}");
}

#[test]
fn a_changed_file_in_a_well_formed_archive_is_named() {
    let (s, _) = built();
    let mut files = bundle_files(&s.path().join("dist/testamt"));
    let contacts = files
        .iter_mut()
        .find(|(n, _)| n == "contacts.json")
        .unwrap();
    let text = String::from_utf8(contacts.1.clone()).unwrap();
    assert!(text.contains("Erika Beispiel"));
    contacts.1 = text
        .replace("Erika Beispiel", "Erika Beispeil")
        .into_bytes();
    let mut entries: Vec<(String, Option<&[u8]>)> = vec![];
    for (name, bytes) in &files {
        entries.push((format!("testamt/{name}"), Some(bytes.as_slice())));
    }
    let entries: Vec<(&str, Option<&[u8]>)> =
        entries.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    let path = s.write("changed.tar.gz", tar_gz(&entries));
    let problems = verify(&path).unwrap();
    assert!(
        matches!(problems.as_slice(), [Problem::Hash { file, .. }] if file == "contacts.json"),
        "{problems:?}"
    );
}

#[test]
fn entries_out_of_place_and_links_are_problems_and_are_not_unpacked() {
    let (s, _) = built();
    let files = bundle_files(&s.path().join("dist/testamt"));
    let mut owned: Vec<(String, Option<Vec<u8>>)> = files
        .iter()
        .map(|(n, b)| (format!("testamt/{n}"), Some(b.clone())))
        .collect();
    owned.push(("testamt/extra.txt".into(), Some(b"hello\n".to_vec())));
    owned.push(("other/tenant.json".into(), Some(b"{}".to_vec())));
    owned.push(("testamt/sub/x.json".into(), Some(b"{}".to_vec())));
    owned.push(("testamt/link.json".into(), None));
    let entries: Vec<(&str, Option<&[u8]>)> = owned
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_deref()))
        .collect();
    let path = s.write("odd.tar.gz", tar_gz(&entries));
    let mut problems: Vec<String> = verify(&path)
        .unwrap()
        .iter()
        .map(|p| format!("{p:?}"))
        .collect();
    problems.sort();
    let expected = [
        r#"Unexpected { file: "extra.txt" }"#,
        r#"Unexpected { file: "link.json" }"#,
        r#"Unexpected { file: "other/tenant.json" }"#,
        r#"Unexpected { file: "testamt/sub/x.json" }"#,
    ];
    assert_eq!(problems, expected);
}

#[test]
fn a_gzip_bomb_stops_at_the_bound() {
    let s = Scratch::new();
    // 20 MiB of zeros in one entry: about 20 KiB compressed.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(&mut gz);
    let size = 20 * 1024 * 1024;
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(0o644);
    tar.append_data(
        &mut header,
        "testamt/logo-000000000000.png",
        std::io::repeat(0).take(size),
    )
    .unwrap();
    tar.into_inner().unwrap();
    let bytes = gz.finish().unwrap();
    assert!(bytes.len() < 100 * 1024);
    let path = s.write("bomb.tar.gz", &bytes);
    let problems = verify(&path).unwrap();
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::Archive(ArchiveProblem::TooLarge(_)))),
        "{problems:?}"
    );
}

#[test]
fn a_file_that_is_no_archive_cannot_be_checked() {
    let s = Scratch::new();
    s.write("notes.txt", "not a bundle\n");
    let mut f = std::fs::File::create(s.path().join("empty.tar.gz")).unwrap();
    f.flush().unwrap();
    for name in ["notes.txt", "empty.tar.gz"] {
        let out = onboard(s.path(), &["--lang", "de", "verify-bundle", name]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("weder ein Bundle-Ordner noch ein .tar.gz-Archiv davon"),
            "{stderr}"
        );
    }
}
