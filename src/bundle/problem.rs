//! What can be wrong with a bundle: what `verify` reports, and what reading a bundle's
//! files (`files`) already finds on the way.

use super::MANIFEST_FILE;
use crate::finding::diagnostic::Text;

/// One difference between a bundle and what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `manifest.json` is missing, or not a manifest.
    Manifest {
        /// What is wrong with it.
        reason: Reason,
    },
    /// A file the manifest lists is not there.
    Missing {
        /// The file's name in the bundle.
        file: String,
    },
    /// Something that is not a plain file (a folder, a link) where a file should be.
    NotAFile {
        /// The name in the bundle.
        file: String,
    },
    /// A file the manifest does not list.
    Unexpected {
        /// The name in the bundle.
        file: String,
    },
    /// A file whose size is not the one the manifest gives.
    Size {
        /// The file's name in the bundle.
        file: String,
        /// The size in the manifest, in bytes.
        expected: u64,
        /// The size found.
        actual: u64,
    },
    /// A file larger than any file of a bundle can be (its manifest may say so: a
    /// manifest is no proof); not read, so that a huge or sparse file cannot stall the
    /// check.
    TooLarge {
        /// The file's name in the bundle.
        file: String,
        /// Its size, in bytes.
        size: u64,
    },
    /// A file whose SHA-256 is not the one the manifest gives: it was changed.
    Hash {
        /// The file's name in the bundle.
        file: String,
        /// The hash in the manifest (hex).
        expected: String,
        /// The hash of the file as found (hex).
        actual: String,
    },
    /// `tenant.json` is not JSON, or breaks the schema at `pointer`.
    Schema {
        /// The file's name in the bundle.
        file: String,
        /// Where in the JSON (a JSON pointer; empty for the whole file).
        pointer: String,
        /// What is wrong there.
        reason: Reason,
    },
    /// `contacts.json` is not JSON of the contacts' shape.
    Contacts {
        /// The file's name in the bundle.
        file: String,
        /// What is wrong with it.
        reason: Reason,
    },
    /// `tenant.json` names a logo file the manifest does not list.
    LogoNotListed {
        /// The logo file `tenant.json` names.
        file: String,
    },
    /// The `.tar.gz` itself is damaged, not as `onboard` writes it, or too large.
    Archive(ArchiveProblem),
    /// The bundle lies under a name that is not its tenant's: a deployment that goes by the
    /// name would ship it as another tenant's.
    Name {
        /// Which of the bundle's names it is.
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
    Trailing {
        /// Where they begin, in the file.
        offset: u64,
        /// How many bytes.
        len: u64,
        /// They are a further gzip member.
        member: bool,
    },
    /// `len` bytes follow the tar's end-of-archive marker, from byte `offset` of the
    /// unpacked data (a reader that goes on past the marker would unpack them).
    AfterEnd {
        /// Where they begin, in the unpacked data.
        offset: u64,
        /// How many bytes.
        len: u64,
    },
    /// The unpacked tar is not byte for byte the one `bundle` writes for the files in it:
    /// it differs from byte `offset` on (other headers, modes, times, entries).
    NotCanonical {
        /// The first byte that differs, in the unpacked data.
        offset: u64,
    },
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
