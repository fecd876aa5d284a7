//! The files of a received bundle, wherever they are: in a bundle folder, or in the
//! `.tar.gz` that `bundle --archive` writes (unpacked into memory, never onto disk, within
//! fixed bounds). `verify` reads both the same way.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::problem::{ArchiveProblem, Problem};
use super::{Bundle, BundleFile, TenantId, archive, hex, is_plain_name};
use crate::limits::MAX_LOGO_BYTES;

/// Why a bundle could not be checked at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Nothing under the path given (the path).
    #[error("{0}: no such folder or archive")]
    NotFound(String),
    /// The path is neither a folder nor a `.tar.gz` (the path).
    #[error("{0}: neither a bundle folder nor a .tar.gz archive of one")]
    NotABundle(String),
    /// The system could not read the path (the path, the error).
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

impl VerifyError {
    /// The reason as a catalog text, for the output's language.
    pub fn text(&self) -> crate::finding::diagnostic::Text {
        use crate::finding::diagnostic::Text;
        match self {
            VerifyError::NotFound(p) => Text::new("verify.not-found").arg("path", p),
            VerifyError::NotABundle(p) => Text::new("verify.not-a-bundle").arg("path", p),
            VerifyError::Io(p, e) => Text::new("run.io")
                .arg("path", p)
                .arg("reason", e.to_string()),
        }
    }
}

/// What stands under a name in a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    File {
        len: u64,
    },
    /// A folder, a link or anything else that is not a plain file.
    Other,
}

/// The most an archive may unpack to: the largest logo, the JSON files and the tar
/// headers, with room to spare. A bundle is never near it; a gzip bomb stops there.
pub const MAX_UNPACKED_BYTES: u64 = MAX_LOGO_BYTES + 8 * 1024 * 1024;
/// The most entries an archive may have (a bundle has five).
pub const MAX_ENTRIES: usize = 64;

pub enum Files {
    Folder {
        dir: PathBuf,
        /// The folder's name (see [`name_of`]).
        name: String,
        names: Vec<String>,
    },
    Archive {
        /// The archive's file name.
        name: String,
        entries: BTreeMap<String, ArchiveEntry>,
        /// The folder the entries are in (the first entry's); entries elsewhere are problems.
        root: Option<String>,
        /// What the gzip data unpacks to: the tar that `tar -xzf` reads.
        tar: Vec<u8>,
        /// What is wrong with the archive as an archive (damage, entries out of place).
        problems: Vec<Problem>,
    },
}

pub enum ArchiveEntry {
    File(Vec<u8>),
    Other,
}

impl Files {
    /// The bundle at `path`: a folder, or a gzip file taken for an archive of one.
    pub fn open(path: &Path) -> Result<Files, VerifyError> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => VerifyError::NotFound(shown.clone()),
            _ => VerifyError::Io(shown.clone(), e),
        })?;
        let name = name_of(path);
        if meta.is_dir() {
            let mut names = Vec::new();
            for entry in std::fs::read_dir(path).map_err(|e| VerifyError::Io(shown.clone(), e))? {
                let entry = entry.map_err(|e| VerifyError::Io(shown.clone(), e))?;
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
            names.sort();
            return Ok(Files::Folder {
                dir: path.to_path_buf(),
                name,
                names,
            });
        }
        if !meta.is_file() {
            return Err(VerifyError::NotABundle(shown));
        }
        let mut gzip = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_UNPACKED_BYTES + 1).read_to_end(&mut gzip))
            .map_err(|e| VerifyError::Io(shown.clone(), e))?;
        if !gzip.starts_with(&GZIP_MAGIC) {
            return Err(VerifyError::NotABundle(shown));
        }
        Ok(Files::archive(&name, &gzip))
    }

    /// The bundle in the bytes of an archive named `name`, unpacked in memory within the
    /// bounds.
    pub fn archive(name: &str, gzip: &[u8]) -> Files {
        unpack(name, gzip)
    }

    /// Problems found while reading the bundle itself (none for a folder).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Files::Folder { .. } => &[],
            Files::Archive { problems, .. } => problems,
        }
    }

    /// The names in the bundle, sorted.
    pub fn names(&self) -> Vec<String> {
        match self {
            Files::Folder { names, .. } => names.clone(),
            Files::Archive { entries, .. } => entries.keys().cloned().collect(),
        }
    }

    pub fn entry(&self, name: &str) -> Option<Entry> {
        match self {
            Files::Folder { dir, .. } => {
                let meta = std::fs::symlink_metadata(dir.join(name)).ok()?;
                Some(if meta.is_file() {
                    Entry::File { len: meta.len() }
                } else {
                    Entry::Other
                })
            }
            Files::Archive { entries, .. } => Some(match entries.get(name)? {
                ArchiveEntry::File(bytes) => Entry::File {
                    len: bytes.len() as u64,
                },
                ArchiveEntry::Other => Entry::Other,
            }),
        }
    }

    /// The bytes of a plain file (callers bound the size by [`Files::entry`] first).
    pub fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Files::Folder { dir, .. } => {
                let mut bytes = Vec::new();
                open_plain(&dir.join(name))?.read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            Files::Archive { entries, .. } => match entries.get(name) {
                Some(ArchiveEntry::File(bytes)) => Ok(bytes.clone()),
                _ => Err(std::io::ErrorKind::NotFound.into()),
            },
        }
    }

    /// The SHA-256 of a plain file, in lower-case hex; a folder's file is streamed.
    pub fn sha256(&self, name: &str) -> std::io::Result<String> {
        let mut hasher = Sha256::new();
        match self {
            Files::Folder { dir, .. } => {
                let mut file = open_plain(&dir.join(name))?;
                let mut buffer = [0u8; 64 * 1024];
                loop {
                    let n = file.read(&mut buffer)?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buffer[..n]);
                }
            }
            Files::Archive { entries, .. } => match entries.get(name) {
                Some(ArchiveEntry::File(bytes)) => hasher.update(bytes),
                _ => return Err(std::io::ErrorKind::NotFound.into()),
            },
        }
        Ok(hex(&hasher.finalize()))
    }

    /// For an archive: a problem unless what it unpacks to is byte for byte the tar that
    /// `bundle` writes for the files in it — so that nothing a tar reader could find (data
    /// after the end-of-archive marker, other headers, times or modes) goes unverified.
    pub fn canonical_problem(&self) -> Option<Problem> {
        let Files::Archive {
            entries, root, tar, ..
        } = self
        else {
            return None;
        };
        let differs = |offset: usize| {
            Some(Problem::Archive(ArchiveProblem::NotCanonical {
                offset: offset as u64,
            }))
        };
        // No canonical archive exists for these entries at all (a link, a root that is no
        // tenant id): it differs from the start.
        let Some(tenant_id) = root.as_deref().and_then(TenantId::new) else {
            return differs(0);
        };
        let mut files = Vec::with_capacity(entries.len());
        for (name, entry) in entries {
            match entry {
                ArchiveEntry::File(bytes) => files.push(BundleFile {
                    name: name.clone(),
                    bytes: bytes.clone(),
                }),
                ArchiveEntry::Other => return differs(0),
            }
        }
        let Ok(canonical) = archive::tar(&Bundle { tenant_id, files }) else {
            return differs(0);
        };
        if *tar == canonical {
            return None;
        }
        if tar.starts_with(&canonical) {
            return Some(Problem::Archive(ArchiveProblem::AfterEnd {
                offset: canonical.len() as u64,
                len: (tar.len() - canonical.len()) as u64,
            }));
        }
        let offset = tar
            .iter()
            .zip(&canonical)
            .position(|(a, b)| a != b)
            .unwrap_or(tar.len().min(canonical.len()));
        differs(offset)
    }
}

/// The name a bundle is reached by: the last part of the path as given (a link's own name,
/// which is what a deployment going by names sees); for `.` or `..`, the folder's own name.
/// A file of a bundle folder, opened as what [`Files::entry`] saw: a plain file — a link
/// or FIFO put in its place since is refused, not followed or waited on.
fn open_plain(path: &Path) -> std::io::Result<std::fs::File> {
    let file = crate::confine::open(path, false)?;
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(std::io::Error::other("not a regular file"))
    }
}

fn name_of(path: &Path) -> String {
    let name = match path.file_name() {
        Some(name) => Some(name.to_owned()),
        None => std::fs::canonicalize(path)
            .ok()
            .and_then(|real| real.file_name().map(ToOwned::to_owned)),
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The gzip header `bundle --archive` writes (see `archive`): deflate, no flags, time
/// stamp 0, "fastest" compression, operating system unknown. Its time stamp and system
/// bytes are covered by no checksum, so a changed byte there is found only this way.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255];
/// The first two bytes of every gzip member.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The entries of an archive as `bundle --archive` writes it: one gzip member holding one
/// folder `<tenant_id>/` and the bundle's files in it. Anything else is reported, not
/// unpacked.
fn unpack(name: &str, gzip: &[u8]) -> Files {
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    let mut root: Option<String> = None;
    let mut tar_bytes = Vec::new();
    let damaged = |e: std::io::Error| Problem::Archive(ArchiveProblem::Damaged(e.to_string()));
    let done = |problems, root, entries, tar| Files::Archive {
        name: name.to_owned(),
        entries,
        root,
        tar,
        problems,
    };
    let too_large = Problem::Archive(ArchiveProblem::TooLarge(MAX_UNPACKED_BYTES));
    // Compressed, a bundle is smaller still: more is padding or a bomb.
    if gzip.len() as u64 > MAX_UNPACKED_BYTES {
        return done(vec![too_large], root, entries, tar_bytes);
    }
    if !gzip.starts_with(&GZIP_HEADER) {
        problems.push(Problem::Archive(ArchiveProblem::Header));
    }
    // Unpacked whole first (within the bound), so that gzip's checksum, at the very end, is
    // checked before any entry is believed. One member only: the `bufread` decoder stops
    // at its end and leaves what follows unread, where it is found below.
    let mut decoder = flate2::bufread::GzDecoder::new(gzip).take(MAX_UNPACKED_BYTES + 1);
    let unpacked = decoder.read_to_end(&mut tar_bytes);
    if tar_bytes.len() as u64 > MAX_UNPACKED_BYTES {
        problems.push(too_large);
        return done(problems, root, entries, Vec::new());
    }
    if let Err(e) = unpacked {
        problems.push(damaged(e));
        return done(problems, root, entries, tar_bytes);
    }
    // gzip and `tar -xzf` unpack a further member too, and go past other bytes with a
    // warning: whatever follows the member would escape the check.
    let rest = decoder.into_inner().into_inner();
    if !rest.is_empty() {
        problems.push(Problem::Archive(ArchiveProblem::Trailing {
            offset: (gzip.len() - rest.len()) as u64,
            len: rest.len() as u64,
            member: rest.starts_with(&GZIP_MAGIC),
        }));
    }
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let read = (|| -> std::io::Result<()> {
        for (count, entry) in archive.entries()?.enumerate() {
            if count == MAX_ENTRIES {
                problems.push(Problem::Archive(ArchiveProblem::TooManyEntries(
                    MAX_ENTRIES,
                )));
                return Ok(());
            }
            let mut entry = entry?;
            let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
            let root = root.get_or_insert_with(|| parts[0].to_owned());
            let is_dir = entry.header().entry_type().is_dir();
            match parts.as_slice() {
                [folder] if folder == root && is_dir => {}
                [folder, name] if folder == root && is_plain_name(name) => {
                    let value = if entry.header().entry_type().is_file() {
                        let mut bytes = Vec::new();
                        entry.read_to_end(&mut bytes)?;
                        ArchiveEntry::File(bytes)
                    } else {
                        ArchiveEntry::Other
                    };
                    if entries.insert((*name).to_owned(), value).is_some() {
                        problems.push(Problem::Unexpected {
                            file: (*name).to_owned(),
                        });
                    }
                }
                // Outside the one folder, deeper, or a name no bundle file has.
                _ => problems.push(Problem::Unexpected { file: path.clone() }),
            }
        }
        Ok(())
    })();
    if let Err(e) = read {
        problems.push(damaged(e));
    }
    done(problems, root, entries, tar_bytes)
}
