//! Checking a received bundle — its folder, or the `.tar.gz` that `bundle --archive`
//! wrote — every file hashed again against `manifest.json`, nothing missing and nothing
//! extra, and `tenant.json` against its published JSON Schema.
//!
//! The manifest is not signed: this finds damage and changes to files, not a forger who
//! rewrites the manifest too.

use std::path::Path;
use std::sync::OnceLock;

use super::files::{Entry, Files};
use crate::diagnostic::Text;

use super::model::{self, ContactsFile, Manifest, Tenant};
use super::{CONTACTS_FILE, MANIFEST_FILE, TENANT_FILE, is_plain_name};

/// One difference between a bundle and what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `manifest.json` is missing, or not a manifest.
    Manifest { reason: Reason },
    /// A file the manifest lists is not there.
    Missing { file: String },
    /// Something that is not a plain file (a folder, a link) where a file should be.
    NotAFile { file: String },
    /// A file the manifest does not list.
    Unexpected { file: String },
    Size {
        file: String,
        expected: u64,
        actual: u64,
    },
    Hash {
        file: String,
        expected: String,
        actual: String,
    },
    /// `tenant.json` is not JSON, or breaks the schema at `pointer`.
    Schema {
        file: String,
        pointer: String,
        reason: Reason,
    },
    /// `contacts.json` is not JSON of the contacts' shape.
    Contacts { file: String, reason: Reason },
    /// `tenant.json` names a logo file the manifest does not list.
    LogoNotListed { file: String },
    /// The `.tar.gz` itself is damaged, not as `onboard` writes it, or too large.
    Archive(ArchiveProblem),
}

/// Why a file of a bundle is not what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// In `onboard`'s own words: a catalog text (`verify.reason.*`).
    Said(Text),
    /// In the words of the JSON parser, the schema validator or the system (English).
    Quoted(String),
}

impl Reason {
    fn quoted(e: impl std::fmt::Display) -> Reason {
        Reason::Quoted(e.to_string())
    }
}

/// What is wrong with a bundle's archive as an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveProblem {
    /// The gzip header is not the one `bundle --archive` writes.
    Header,
    /// It unpacks to more than this many bytes.
    TooLarge(u64),
    /// It has more than this many entries.
    TooManyEntries(usize),
    /// gzip or tar refused it (checksum, truncation, a broken header): their words.
    Damaged(String),
}

impl Problem {
    /// The bundle file the problem is about.
    pub fn file(&self) -> &str {
        match self {
            Problem::Manifest { .. } => MANIFEST_FILE,
            Problem::Archive(_) => "",
            Problem::Missing { file }
            | Problem::NotAFile { file }
            | Problem::Unexpected { file }
            | Problem::Size { file, .. }
            | Problem::Hash { file, .. }
            | Problem::Schema { file, .. }
            | Problem::Contacts { file, .. }
            | Problem::LogoNotListed { file } => file,
        }
    }
}

pub use super::files::VerifyError;

/// The largest file read whole into memory for the JSON checks; bigger ones are only
/// streamed through the hash (a bundle's JSON files are a few KiB).
const MAX_JSON_BYTES: u64 = 1024 * 1024;

/// Checks the bundle at `path`, a folder or a `.tar.gz` archive of one; an empty list
/// means intact.
pub fn verify(path: &Path) -> Result<Vec<Problem>, VerifyError> {
    let files = Files::open(path)?;
    let mut problems = files.problems().to_vec();
    let present = files.names();
    let dir = &files;
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
    Ok(problems)
}

/// The manifest, when it is intact: a damaged one is reported as such, and the files are
/// then not compared with it (every difference would be noise).
fn read_manifest(dir: &Files, problems: &mut Vec<Problem>) -> Option<Manifest> {
    let parsed = read_json(dir, MANIFEST_FILE).and_then(|bytes| {
        let manifest = serde_json::from_slice::<Manifest>(&bytes).map_err(Reason::quoted)?;
        if manifest.is_sealed_as(&bytes) {
            Ok(manifest)
        } else {
            Err(Reason::Said(Text::new("verify.reason.not-sealed")))
        }
    });
    match parsed {
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
            let text = Text::new("verify.reason.too-large").arg("size", len.to_string());
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
