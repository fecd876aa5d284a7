//! `onboard verify-bundle` on the `.tar.gz` that `bundle --archive` writes: an intact
//! archive passes; a flipped byte anywhere, an entry out of place, a link, a gzip bomb,
//! anything after the gzip member or the tar's end, a tar not as `bundle` writes it, and a
//! name that is not the tenant's fail with the problem named; a file that is no archive
//! cannot be checked (exit 2).

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::*;
use onboard::bundle::verify::{ArchiveProblem, NamePlace, Problem, verify};

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
    // Under the bundle's own name, so that only the flipped byte can be at fault.
    let damaged = s.path().join("damaged/testamt.tar.gz");
    std::fs::create_dir(damaged.parent().unwrap()).unwrap();
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
    let out = onboard(s.path(), &["verify-bundle", "damaged/testamt.tar.gz"]);
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
    let path = s.write("changed/testamt.tar.gz", tar_gz(&entries));
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
    let path = s.write("odd/testamt.tar.gz", tar_gz(&entries));
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

// --- what `tar -xzf` unpacks must be exactly what was verified --------------------------------

/// Bytes gzip'd as `bundle --archive` does (no time stamp, OS unknown, fastest level), so
/// that the gzip header is the expected one and only what is inside can give it away.
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// The attacker's tar: `testamt/tenant.json` with other mailboxes, end-of-archive included.
fn attackers_tar() -> Vec<u8> {
    let tenant = br#"{"mailboxes": {"applications": "attacker@evil.example"}}"#;
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(tenant.len() as u64);
    header.set_mode(0o644);
    tar.append_data(&mut header, "testamt/tenant.json", &tenant[..])
        .unwrap();
    tar.into_inner().unwrap()
}

/// What `gzip -d` gives for the bytes (every member, one after another).
fn gunzip_all(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    // gzip itself ignores trailing garbage with a warning; so does this, by stopping there.
    let _ = flate2::bufread::MultiGzDecoder::new(bytes).read_to_end(&mut out);
    out
}

/// The `tenant.json`s a tar reader that reads past end-of-archive markers (`tar -i`), and
/// so every member, finds in the bytes: the last one is what an extraction leaves on disk.
fn tenant_jsons(bytes: &[u8]) -> Vec<Vec<u8>> {
    let all = gunzip_all(bytes);
    let mut archive = tar::Archive::new(all.as_slice());
    archive.set_ignore_zeros(true);
    let mut found = Vec::new();
    for entry in archive.entries().unwrap() {
        let Ok(mut entry) = entry else { break };
        if entry.path_bytes().as_ref() == b"testamt/tenant.json" {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            found.push(bytes);
        }
    }
    found
}

/// Verifies `bytes` as `NAME/testamt.tar.gz` — under the name the bundle has, so that only
/// the bytes can be at fault.
fn verify_bytes(s: &Scratch, name: &str, bytes: &[u8]) -> Vec<Problem> {
    let path = s.write(&format!("{name}/testamt.tar.gz"), bytes);
    verify(&path).unwrap()
}

#[test]
fn a_second_gzip_member_is_refused() {
    let (s, archive) = built();
    let intact = std::fs::read(&archive).unwrap();
    let member = gzip(&attackers_tar());

    // Appended as it is: the attacker's tenant.json follows the bundle's.
    let appended = [intact.as_slice(), &member].concat();
    assert_eq!(tenant_jsons(&appended).len(), 2);
    assert_eq!(
        verify_bytes(&s, "appended", &appended),
        [Problem::Archive(ArchiveProblem::Trailing {
            offset: intact.len() as u64,
            len: member.len() as u64,
            member: true,
        })]
    );

    // The bundle's tar without its end-of-archive marker in the first member: even a plain
    // `tar -xzf` reads on into the second and overwrites tenant.json with the attacker's.
    let tar = gunzip(&intact).unwrap();
    let first = gzip(&tar[..tar.len() - 1024]);
    let spliced = [first.as_slice(), &member].concat();
    let mut plain = tar::Archive::new(std::io::Cursor::new(gunzip_all(&spliced)));
    let last_tenant = plain
        .entries()
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path_bytes().as_ref() == b"testamt/tenant.json")
        .map(|mut e| {
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            bytes
        })
        .last()
        .unwrap();
    assert!(String::from_utf8_lossy(&last_tenant).contains("attacker@evil.example"));
    assert_eq!(
        verify_bytes(&s, "spliced", &spliced),
        [Problem::Archive(ArchiveProblem::Trailing {
            offset: first.len() as u64,
            len: member.len() as u64,
            member: true,
        })]
    );
}

#[test]
fn bytes_after_the_gzip_data_are_refused() {
    let (s, archive) = built();
    let intact = std::fs::read(&archive).unwrap();
    for (name, tail) in [
        ("garbage", b"garbage\n".to_vec()),
        ("zero-extended", vec![0; 512]),
        ("one-zero", vec![0]),
        // The gzip magic without a valid member behind it.
        ("magic", vec![0x1f, 0x8b]),
    ] {
        let bytes = [intact.as_slice(), &tail].concat();
        let member = name == "magic";
        assert_eq!(
            verify_bytes(&s, name, &bytes),
            [Problem::Archive(ArchiveProblem::Trailing {
                offset: intact.len() as u64,
                len: tail.len() as u64,
                member,
            })],
            "{name}"
        );
    }
}

#[test]
fn data_after_the_tar_end_of_archive_is_refused() {
    let (s, archive) = built();
    let intact = std::fs::read(&archive).unwrap();
    let tar = gunzip(&intact).unwrap();
    for (name, tail) in [
        ("second-tar", attackers_tar()),
        ("junk", b"junk".to_vec()),
        // Zero blocks to a full 10240-byte record, as GNU tar pads its archives.
        ("padded", vec![0; 10240 - tar.len() % 10240]),
    ] {
        let bytes = gzip(&[tar.as_slice(), &tail].concat());
        assert_eq!(
            verify_bytes(&s, name, &bytes),
            [Problem::Archive(ArchiveProblem::AfterEnd {
                offset: tar.len() as u64,
                len: tail.len() as u64,
            })],
            "{name}"
        );
    }
    // A tar reader that reads past the marker finds the attacker's tenant.json.
    let bytes = gzip(&[tar.as_slice(), &attackers_tar()].concat());
    assert_eq!(tenant_jsons(&bytes).len(), 2);
}

#[test]
fn a_tar_not_as_bundle_writes_it_is_refused_even_with_the_right_files() {
    let (s, _) = built();
    let files = bundle_files(&s.path().join("dist/testamt"));
    // The same files under the same names, but no folder entry and other headers: what
    // it unpacks to is not byte for byte what was built.
    let owned: Vec<(String, Option<&[u8]>)> = files
        .iter()
        .map(|(n, b)| (format!("testamt/{n}"), Some(b.as_slice())))
        .collect();
    let entries: Vec<(&str, Option<&[u8]>)> = owned.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    let problems = verify_bytes(&s, "other-headers", &tar_gz(&entries));
    assert!(
        matches!(
            problems.as_slice(),
            // The first name is `testamt/` in both; then the folder entry's name ends.
            [Problem::Archive(ArchiveProblem::NotCanonical { offset: 8 })]
        ),
        "{problems:?}"
    );
}

#[test]
fn what_follows_the_archive_is_said_in_both_languages() {
    let (s, archive) = built();
    let intact = std::fs::read(&archive).unwrap();
    let tar = gunzip(&intact).unwrap();
    s.write(
        "a/testamt.tar.gz",
        [intact.as_slice(), &gzip(&attackers_tar())].concat(),
    );
    s.write("b/testamt.tar.gz", [intact.as_slice(), b"x"].concat());
    s.write(
        "c/testamt.tar.gz",
        gzip(&[tar.as_slice(), &attackers_tar()].concat()),
    );
    let said = |lang: &str, path: &str| {
        let out = onboard(s.path(), &["--lang", lang, "verify-bundle", path]);
        assert_eq!(out.status.code(), Some(1), "{path}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let n = intact.len();
    let cases = [
        (
            "a/testamt.tar.gz",
            format!(
                "another gzip member follows the archive at byte {n}; `tar -xzf` would unpack it too"
            ),
            format!(
                "nach dem Archiv folgt ab Byte {n} ein weiterer gzip-Teil; `tar -xzf` würde ihn mit entpacken"
            ),
        ),
        (
            "b/testamt.tar.gz",
            format!("the archive's gzip data is followed by more at byte {n}: 1 byte"),
            format!("nach den gzip-Daten des Archivs steht ab Byte {n} noch mehr: 1 Byte"),
        ),
        (
            "c/testamt.tar.gz",
            format!(
                "the unpacked archive goes on after its end-of-archive marker at byte {}",
                tar.len()
            ),
            format!(
                "das entpackte Archiv geht nach seiner Endemarke bei Byte {} weiter",
                tar.len()
            ),
        ),
    ];
    for (path, en, de) in cases {
        let text = said("en", path);
        assert!(text.contains(&en), "{text}");
        assert!(
            text.contains("build it again with `onboard bundle --archive`"),
            "{text}"
        );
        let text = said("de", path);
        assert!(text.contains(&de), "{text}");
        assert!(
            text.contains("mit `onboard bundle --archive` neu erstellen"),
            "{text}"
        );
    }
}

// --- the archive's names must be its tenant's -----------------------------------------------

#[test]
fn an_archive_under_another_tenants_name_is_refused() {
    let (s, archive) = built();
    let copy = s.path().join("x/t0000.tar.gz");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&archive, &copy).unwrap();
    assert_eq!(
        verify(&copy).unwrap(),
        [Problem::Name {
            place: NamePlace::Archive,
            actual: "t0000.tar.gz".into(),
            expected: "testamt.tar.gz".into(),
        }]
    );
    // Not a .tar.gz name at all: the same.
    let copy = s.path().join("x/testamt");
    std::fs::copy(&archive, &copy).unwrap();
    assert!(matches!(verify(&copy).unwrap().as_slice(),
            [Problem::Name { place: NamePlace::Archive, actual, .. }] if actual == "testamt"),);
    let out = onboard(s.path(), &["verify-bundle", "x/t0000.tar.gz"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("the archive is named `t0000.tar.gz`, but it holds the bundle of `testamt` (`testamt.tar.gz`)"),
        "{text}"
    );
    let out = onboard(
        s.path(),
        &["--lang", "de", "verify-bundle", "x/t0000.tar.gz"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("das Archiv heißt `t0000.tar.gz`, enthält aber das Bundle von `testamt` (`testamt.tar.gz`)"),
        "{text}"
    );
}

#[test]
fn an_archive_whose_folder_is_not_its_tenant_is_refused() {
    let (s, _) = built();
    // Exactly as `bundle` would write it, but with the folder `t0000/`.
    let files = bundle_files(&s.path().join("dist/testamt"));
    let bundle = onboard::bundle::Bundle {
        tenant_id: onboard::bundle::TenantId::new("t0000").unwrap(),
        files: files
            .into_iter()
            .map(|(name, bytes)| onboard::bundle::BundleFile { name, bytes })
            .collect(),
    };
    let bytes = onboard::testing::tar_gz(&bundle).unwrap();
    let problems = verify_bytes(&s, "renamed", &bytes);
    assert_eq!(
        problems,
        [Problem::Name {
            place: NamePlace::TopFolder,
            actual: "t0000".into(),
            expected: "testamt".into(),
        }]
    );
    let out = onboard(s.path(), &["verify-bundle", "renamed/testamt.tar.gz"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("the archive's folder is `t0000/`, but it holds the bundle of `testamt`"),
        "{text}"
    );
    let out = onboard(
        s.path(),
        &["--lang", "de", "verify-bundle", "renamed/testamt.tar.gz"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("der Ordner im Archiv heißt `t0000/`, enthält aber das Bundle von `testamt`"),
        "{text}"
    );
}
