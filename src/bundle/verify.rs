//! Checking a received bundle folder: every file hashed again against `manifest.json`,
//! nothing missing and nothing extra, and `tenant.json` against its published JSON Schema.
//!
//! The manifest is not signed: this finds damage and changes to files, not a forger who
//! rewrites the manifest too.

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use super::model::{self, ContactsFile, Manifest, Tenant};
use super::{CONTACTS_FILE, MANIFEST_FILE, TENANT_FILE, is_plain_name};

/// One difference between a bundle and what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `manifest.json` is missing, or not a manifest.
    Manifest { reason: String },
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
        reason: String,
    },
    /// `contacts.json` is not JSON of the contacts' shape.
    Contacts { file: String, reason: String },
    /// `tenant.json` names a logo file the manifest does not list.
    LogoNotListed { file: String },
}

impl Problem {
    /// The bundle file the problem is about.
    pub fn file(&self) -> &str {
        match self {
            Problem::Manifest { .. } => MANIFEST_FILE,
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

/// Why a folder could not be checked at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{0}: no such folder")]
    NotFound(String),
    #[error("{0}: not a folder")]
    NotAFolder(String),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// The largest file hashed whole into memory for the JSON checks; bigger ones are only
/// streamed through the hash (a bundle's JSON files are a few KiB).
const MAX_JSON_BYTES: u64 = 1024 * 1024;

/// Checks the bundle folder `dir`; an empty list means intact.
pub fn verify(dir: &Path) -> Result<Vec<Problem>, VerifyError> {
    let shown = dir.display().to_string();
    let meta = std::fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => VerifyError::NotFound(shown.clone()),
        _ => VerifyError::Io(shown.clone(), e),
    })?;
    if !meta.is_dir() {
        return Err(VerifyError::NotAFolder(shown));
    }
    let mut present = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| VerifyError::Io(shown.clone(), e))? {
        let entry = entry.map_err(|e| VerifyError::Io(shown.clone(), e))?;
        present.push(entry.file_name().to_string_lossy().into_owned());
    }
    present.sort();

    let mut problems = Vec::new();
    let manifest = read_manifest(dir, &mut problems);
    if let Some(manifest) = &manifest {
        for (name, entry) in &manifest.files {
            if !is_plain_name(name) || name == MANIFEST_FILE {
                problems.push(Problem::Manifest {
                    reason: format!("it lists the file name `{name}`, which no bundle has"),
                });
                continue;
            }
            check_file(dir, name, entry, &mut problems);
        }
        for name in &present {
            if name != MANIFEST_FILE && !manifest.files.contains_key(name) {
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
fn read_manifest(dir: &Path, problems: &mut Vec<Problem>) -> Option<Manifest> {
    let parsed = read_json(&dir.join(MANIFEST_FILE)).and_then(|bytes| {
        let manifest = serde_json::from_slice::<Manifest>(&bytes).map_err(|e| e.to_string())?;
        if manifest.is_sealed_as(&bytes) {
            Ok(manifest)
        } else {
            Err("its content does not match its own checksum (manifestSha256)".to_owned())
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

fn check_file(dir: &Path, name: &str, entry: &model::FileEntry, problems: &mut Vec<Problem>) {
    let path = dir.join(name);
    let file = name.to_owned();
    match std::fs::symlink_metadata(&path) {
        Err(_) => return problems.push(Problem::Missing { file }),
        // A link could lead anywhere; a bundle holds plain files only.
        Ok(meta) if !meta.is_file() => return problems.push(Problem::NotAFile { file }),
        Ok(meta) if meta.len() != entry.size => {
            return problems.push(Problem::Size {
                file,
                expected: entry.size,
                actual: meta.len(),
            });
        }
        Ok(_) => {}
    }
    match hash_file(&path) {
        Ok(actual) if actual == entry.sha256 => {}
        Ok(actual) => problems.push(Problem::Hash {
            file,
            expected: entry.sha256.clone(),
            actual,
        }),
        Err(_) => problems.push(Problem::Missing { file }),
    }
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    let mut hex = String::with_capacity(64);
    for b in hasher.finalize().iter() {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
    }
    Ok(hex)
}

/// A JSON file's bytes, when it is a plain file of sensible size.
fn read_json(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a plain file".into());
    }
    if meta.len() > MAX_JSON_BYTES {
        return Err(format!("{} bytes is too large", meta.len()));
    }
    std::fs::read(path).map_err(|e| e.to_string())
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
    dir: &Path,
    name: &str,
    manifest: Option<&Manifest>,
    problems: &mut Vec<Problem>,
) -> bool {
    if std::fs::symlink_metadata(dir.join(name)).is_ok() {
        return false;
    }
    if manifest.is_none_or(|m| !m.files.contains_key(name)) {
        problems.push(Problem::Missing {
            file: name.to_owned(),
        });
    }
    true
}

fn check_tenant(dir: &Path, manifest: Option<&Manifest>, problems: &mut Vec<Problem>) {
    if missing(dir, TENANT_FILE, manifest, problems) {
        return;
    }
    let file = TENANT_FILE.to_owned();
    let parsed = read_json(&dir.join(TENANT_FILE))
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).map_err(|e| e.to_string()));
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
            reason,
        });
    }
}

fn check_contacts(dir: &Path, manifest: Option<&Manifest>, problems: &mut Vec<Problem>) {
    if missing(dir, CONTACTS_FILE, manifest, problems) {
        return;
    }
    let parsed = read_json(&dir.join(CONTACTS_FILE))
        .and_then(|b| serde_json::from_slice::<ContactsFile>(&b).map_err(|e| e.to_string()));
    if let Err(reason) = parsed {
        problems.push(Problem::Contacts {
            file: CONTACTS_FILE.to_owned(),
            reason,
        });
    }
}
