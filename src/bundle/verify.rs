//! Checking a received bundle — its folder, or the `.tar.gz` that `bundle --archive`
//! wrote — every file hashed again against `manifest.json`, nothing missing and nothing
//! extra, `tenant.json` against its published JSON Schema, and the bundle under its
//! tenant's name (a deployment goes by the name).
//!
//! An archive must unpack to exactly what was verified, whatever reads it: one gzip member
//! with nothing after it (gzip and `tar -xzf` would unpack a second member too), and a tar
//! that is byte for byte the one `bundle` writes for the verified files (so nothing hides
//! after the end-of-archive marker or in a header). The tar is compared, not the
//! compressed bytes: those depend on the version of the compressor that built the archive,
//! and a deployment may verify with another `onboard` than the one that built it.
//!
//! The manifest is not signed: this finds damage and changes to files, not a forger who
//! rewrites the manifest too.

use std::path::Path;
use std::sync::OnceLock;

use super::files::{Entry, Files, MAX_UNPACKED_BYTES};
use crate::finding::diagnostic::Text;

use super::model::{self, ContactsFile, Manifest, Tenant};
use super::{ARCHIVE_SUFFIX, CONTACTS_FILE, MANIFEST_FILE, TENANT_FILE, is_plain_name};

pub use super::files::VerifyError;
pub use super::problem::{ArchiveProblem, NamePlace, Problem, Reason};

/// The largest file read whole into memory for the JSON checks; bigger ones are only
/// streamed through the hash (a bundle's JSON files are a few KiB).
const MAX_JSON_BYTES: u64 = 1024 * 1024;

/// Checks the bundle at `path`, a folder or a `.tar.gz` archive of one; an empty list
/// means intact.
pub fn verify(path: &Path) -> Result<Vec<Problem>, VerifyError> {
    Ok(check(&Files::open(path)?))
}

/// Checks the bytes of an archive as if they were the file `name`, in memory.
pub fn verify_archive(name: &str, gzip: &[u8]) -> Vec<Problem> {
    check(&Files::archive(name, gzip))
}

fn check(files: &Files) -> Vec<Problem> {
    let mut problems = files.problems().to_vec();
    let present = files.names();
    let dir = files;
    let manifest = read_manifest(dir, &mut problems);
    if let Some(manifest) = &manifest {
        for (name, entry) in &manifest.files {
            if !is_plain_name(name) || name == MANIFEST_FILE {
                let said = Text::new("verify.reason.unknown-file").arg("name", name.as_str());
                problems.push(Problem::Manifest {
                    reason: Reason::Said(said),
                });
                continue;
            }
            check_file(dir, name, entry, &mut problems);
        }
        for name in &present {
            if name != MANIFEST_FILE && !manifest.files.contains_key(name.as_str()) {
                problems.push(Problem::Unexpected { file: name.clone() });
            }
        }
    }
    check_tenant(dir, manifest.as_ref(), &mut problems);
    check_contacts(dir, manifest.as_ref(), &mut problems);
    if let Some(manifest) = &manifest {
        check_names(files, &manifest.tenant_id, &mut problems);
    }
    // Last, and only when all else passed (otherwise it would only repeat them): an intact
    // archive unpacks to exactly what `bundle` writes for the files just verified.
    if problems.is_empty()
        && let Some(problem) = files.canonical_problem()
    {
        problems.push(problem);
    }
    problems
}

/// The bundle's names must be its tenant's: the folder `<tenant_id>`, or the archive
/// `<tenant_id>.tar.gz` with the one folder `<tenant_id>/` in it.
fn check_names(files: &Files, tenant: &str, problems: &mut Vec<Problem>) {
    let mut expect = |place, actual: &str, expected: String| {
        if actual != expected {
            problems.push(Problem::Name {
                place,
                actual: actual.to_owned(),
                expected,
            });
        }
    };
    match files {
        Files::Folder { name, .. } => expect(NamePlace::Folder, name, tenant.to_owned()),
        Files::Archive { name, root, .. } => {
            expect(
                NamePlace::Archive,
                name,
                format!("{tenant}{ARCHIVE_SUFFIX}"),
            );
            if let Some(root) = root {
                expect(NamePlace::TopFolder, root, tenant.to_owned());
            }
        }
    }
}

/// The bundle's manifest when it is intact (sealed as `bundle` writes it), or why not.
pub(super) fn sealed_manifest(dir: &Files) -> Result<Manifest, Reason> {
    let bytes = read_json(dir, MANIFEST_FILE)?;
    let manifest = serde_json::from_slice::<Manifest>(&bytes).map_err(Reason::quoted)?;
    if manifest.is_sealed_as(&bytes) {
        Ok(manifest)
    } else {
        Err(Reason::Said(Text::new("verify.reason.not-sealed")))
    }
}

/// The manifest, when it is intact: a damaged one is reported as such, and the files are
/// then not compared with it (every difference would be noise).
fn read_manifest(dir: &Files, problems: &mut Vec<Problem>) -> Option<Manifest> {
    match sealed_manifest(dir) {
        Ok(manifest) => Some(manifest),
        Err(reason) => {
            problems.push(Problem::Manifest { reason });
            None
        }
    }
}

fn check_file(dir: &Files, name: &str, entry: &model::FileEntry, problems: &mut Vec<Problem>) {
    let file = name.to_owned();
    match dir.entry(name) {
        None => return problems.push(Problem::Missing { file }),
        // A link could lead anywhere; a bundle holds plain files only.
        Some(Entry::Other) => return problems.push(Problem::NotAFile { file }),
        Some(Entry::File { len }) if len > MAX_UNPACKED_BYTES => {
            return problems.push(Problem::TooLarge { file, size: len });
        }
        Some(Entry::File { len }) if len != entry.size => {
            return problems.push(Problem::Size {
                file,
                expected: entry.size,
                actual: len,
            });
        }
        Some(Entry::File { .. }) => {}
    }
    match dir.sha256(name) {
        Ok(actual) if actual == entry.sha256 => {}
        Ok(actual) => problems.push(Problem::Hash {
            file,
            expected: entry.sha256.clone(),
            actual,
        }),
        Err(_) => problems.push(Problem::Missing { file }),
    }
}

/// A JSON file's bytes, when it is a plain file of sensible size.
fn read_json(dir: &Files, name: &str) -> Result<Vec<u8>, Reason> {
    let said = |id| Err(Reason::Said(Text::new(id)));
    match dir.entry(name) {
        None => said("verify.reason.absent"),
        Some(Entry::Other) => said("verify.reason.not-a-file"),
        Some(Entry::File { len }) if len > MAX_JSON_BYTES => {
            let text = Text::new("verify.reason.too-large").size("size", len);
            Err(Reason::Said(text))
        }
        Some(Entry::File { .. }) => dir.read(name).map_err(Reason::quoted),
    }
}

/// The validator of the published schema, compiled once.
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::validator_for(&model::json_schema()).expect("the generated schema compiles")
    })
}

/// The findings of the published schema about a `tenant.json` value: (JSON pointer, reason).
pub fn schema_errors(value: &serde_json::Value) -> Vec<(String, String)> {
    validator()
        .iter_errors(value)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect()
}

/// A bundle file the manifest check did not already report missing.
fn missing(
    dir: &Files,
    name: &str,
    manifest: Option<&Manifest>,
    problems: &mut Vec<Problem>,
) -> bool {
    if dir.entry(name).is_some() {
        return false;
    }
    if manifest.is_none_or(|m| !m.files.contains_key(name)) {
        problems.push(Problem::Missing {
            file: name.to_owned(),
        });
    }
    true
}

fn check_tenant(dir: &Files, manifest: Option<&Manifest>, problems: &mut Vec<Problem>) {
    if missing(dir, TENANT_FILE, manifest, problems) {
        return;
    }
    let file = TENANT_FILE.to_owned();
    let parsed = read_json(dir, TENANT_FILE)
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).map_err(Reason::quoted));
    let value = match parsed {
        Ok(value) => value,
        Err(reason) => {
            let pointer = String::new();
            return problems.push(Problem::Schema {
                file,
                pointer,
                reason,
            });
        }
    };
    let errors = schema_errors(&value);
    if errors.is_empty()
        && let (Ok(tenant), Some(manifest)) = (serde_json::from_value::<Tenant>(value), manifest)
        && !manifest.files.contains_key(&tenant.logo.file)
    {
        problems.push(Problem::LogoNotListed {
            file: tenant.logo.file,
        });
    }
    for (pointer, reason) in errors {
        problems.push(Problem::Schema {
            file: file.clone(),
            pointer,
            reason: Reason::Quoted(reason),
        });
    }
}

fn check_contacts(dir: &Files, manifest: Option<&Manifest>, problems: &mut Vec<Problem>) {
    if missing(dir, CONTACTS_FILE, manifest, problems) {
        return;
    }
    let parsed = read_json(dir, CONTACTS_FILE)
        .and_then(|b| serde_json::from_slice::<ContactsFile>(&b).map_err(Reason::quoted));
    if let Err(reason) = parsed {
        problems.push(Problem::Contacts {
            file: CONTACTS_FILE.to_owned(),
            reason,
        });
    }
}
