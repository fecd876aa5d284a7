//! What can be wrong with a bundle: what `verify` reports, and what reading a bundle's
//! files (`files`) already finds on the way.

use super::MANIFEST_FILE;
use crate::finding::diagnostic::Text;

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
    /// A file larger than any file of a bundle can be (its manifest may say so: a
    /// manifest is no proof); not read, so that a huge or sparse file cannot stall the
    /// check.
    TooLarge { file: String, size: u64 },
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
    /// The bundle lies under a name that is not its tenant's: a deployment that goes by the
    /// name would ship it as another tenant's.
    Name {
        place: NamePlace,
        /// The name it has.
        actual: String,
        /// The name it should have, after the manifest's tenant id.
        expected: String,
    },
}

/// Which of a bundle's names is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamePlace {
    /// The bundle folder's name (`DIR/<tenant_id>`).
    Folder,
    /// The archive's file name (`<tenant_id>.tar.gz`).
    Archive,
    /// The one folder inside the archive (`<tenant_id>/`).
    TopFolder,
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
    pub(super) fn quoted(e: impl std::fmt::Display) -> Reason {
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
    /// `len` bytes follow the gzip data, from byte `offset` of the file: a further gzip
    /// member (`member`), which `tar -xzf` unpacks too, or anything else.
    Trailing { offset: u64, len: u64, member: bool },
    /// `len` bytes follow the tar's end-of-archive marker, from byte `offset` of the
    /// unpacked data (a reader that goes on past the marker would unpack them).
    AfterEnd { offset: u64, len: u64 },
    /// The unpacked tar is not byte for byte the one `bundle` writes for the files in it:
    /// it differs from byte `offset` on (other headers, modes, times, entries).
    NotCanonical { offset: u64 },
}

impl Problem {
    /// The bundle file the problem is about.
    pub fn file(&self) -> &str {
        match self {
            Problem::Manifest { .. } => MANIFEST_FILE,
            Problem::Archive(_) | Problem::Name { .. } => "",
            Problem::Missing { file }
            | Problem::NotAFile { file }
            | Problem::Unexpected { file }
            | Problem::Size { file, .. }
            | Problem::TooLarge { file, .. }
            | Problem::Hash { file, .. }
            | Problem::Schema { file, .. }
            | Problem::Contacts { file, .. }
            | Problem::LogoNotListed { file } => file,
        }
    }
}
