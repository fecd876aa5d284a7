//! Tenant config bundles: the deployable configuration built from a valid order form.
//!
//! A bundle is a folder `DIR/<tenant_id>/` with `tenant.json`, `contacts.json`, the logo
//! and `manifest.json`. Building is pure and deterministic (`build`): the same form and
//! logo always give the same bytes. Writing ([`output`]) puts bundles into place so that a
//! folder is always either the complete old or the complete new bundle; `archive` packs a
//! reproducible `tar.gz`; [`verify`] checks a bundle (folder or archive, read through
//! `files`) against its manifest and schema.
//!
//! Like the rest of the library, this touches no terminal: results are values, and the
//! command line says what they mean.

pub(crate) mod archive;
pub(crate) mod build;
pub(crate) mod files;
pub(crate) mod model;
pub mod output;
mod problem;
mod recognise;
mod sys;
pub mod verify;

use sha2::{Digest, Sha256};

pub use build::BuildError;
pub use files::MAX_UNPACKED_BYTES;
pub use model::json_schema_text;

/// A tenant id that is safe as a single file name: it matches the form's pattern
/// (`checks::identity::is_tenant_id`, the rule the check applies).
/// Validation has checked it already; the bundle checks again, because it becomes a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TenantId(String);

impl TenantId {
    /// The id, if it matches the tenant-id pattern.
    pub fn new(id: &str) -> Option<TenantId> {
        crate::checks::identity::is_tenant_id(id).then(|| TenantId(id.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TenantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One file of a bundle: its name inside the bundle folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Plain file name, no folder (`tenant.json`, `logo-1a2b3c4d5e6f.png`).
    pub name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// A built bundle, in memory: its files sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// Whose bundle it is; also the name of its folder.
    pub tenant_id: TenantId,
    /// Its files, sorted by name.
    pub files: Vec<BundleFile>,
}

/// The tenant's configuration in a bundle.
pub const TENANT_FILE: &str = "tenant.json";
/// The contact people in a bundle (personal data, kept apart).
pub const CONTACTS_FILE: &str = "contacts.json";
/// The hashes and sizes of the other files, and what the bundle was built from.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What the archive's file name adds to the tenant id.
pub const ARCHIVE_SUFFIX: &str = ".tar.gz";

/// Lower-case hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes (a digest) as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Whether `name` is a single plain file name: no separator, not `.`/`..`, not hidden,
/// nothing a path could climb out with. Every name the bundle code joins onto a folder is
/// checked with this, whatever its origin.
pub(crate) fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && !name.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids_follow_the_form_pattern() {
        for ok in ["ab", "stadt-bremen", "a1-b2-c3", &"a".repeat(63)] {
            assert!(TenantId::new(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "a",
            "1a",
            "-a",
            "a-",
            "a--b",
            "A",
            "a/b",
            "..",
            "a.b",
            &"a".repeat(64),
        ] {
            assert!(TenantId::new(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn plain_names_cannot_leave_a_folder() {
        assert!(is_plain_name("tenant.json"));
        for bad in ["", ".", "..", "../x", "a/b", "a\\b", ".hidden", "c:x"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }

    #[test]
    fn sha256_is_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
