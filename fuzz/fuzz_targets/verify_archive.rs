//! An archive's bytes through `verify-bundle`'s reader, in memory: gzip, tar, the bounds,
//! the manifest, the schema and the names, as the file `testamt.tar.gz`. Asserts that the
//! verdict is the same twice, that every problem's numbers fit the input, and that
//! "intact" means what `gzip -d` and `tar` read is exactly the bundle `bundle` writes.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use onboard::bundle::MAX_UNPACKED_BYTES;
use onboard::bundle::verify::{ArchiveProblem, NamePlace, Problem, verify_archive};
use onboard::bundle::{Bundle, BundleFile, TenantId};

const NAME: &str = "testamt.tar.gz";

fuzz_target!(|data: &[u8]| {
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
});

/// What `gzip -d` gives (every member) is one tar whose entries are `testamt/` and its
/// files, and which is byte for byte what `bundle` writes for them: nothing more to unpack.
fn assert_unpacks_to_a_canonical_bundle(data: &[u8]) {
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
