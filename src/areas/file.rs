//! Reads a GV100AD file from disk with the care outside input needs: only a regular file,
//! opened without blocking (a FIFO cannot stall the run), of a bounded size checked on the
//! open file before a byte is read. A file named in `onboard.toml` must moreover lie in
//! that file's folder, as a logo must lie in its form's folder. What goes wrong is said
//! by line number and expectation, never by quoting the file: a file that is no GV100AD
//! could be a secret.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use super::AreaDirectory;
use super::gv100ad::Gv100adError;
use crate::confine::within::{self, Refusal};
use crate::finding::diagnostic::Text;
use crate::limits::MAX_AREAS_FILE_BYTES;

/// Why a GV100AD file cannot be used.
#[derive(Debug)]
pub enum FileError {
    /// The file does not exist.
    Missing,
    /// Named in `onboard.toml`, it leads outside that file's folder.
    Outside,
    /// Something other than a plain file (a folder, a device) stands under the name.
    NotAFile,
    /// Larger than any GV100AD file is (the size found, in bytes).
    TooLarge(u64),
    /// The system could not read it.
    Unreadable(std::io::Error),
    /// Not UTF-8 text, from this 1-based line on.
    NotUtf8 {
        /// The first line that is not UTF-8.
        line: usize,
    },
    /// Read, but not in the GV100AD layout.
    Format(Gv100adError),
}

impl FileError {
    /// The reason as a catalog text; `path` is the file as the user named it.
    pub fn text(&self, path: &str) -> Text {
        let text = match self {
            FileError::Missing => Text::new("regional-keys-file.missing"),
            FileError::Outside => Text::new("config-path-outside"),
            FileError::NotAFile => Text::new("regional-keys-file.not-a-file"),
            FileError::TooLarge(size) => Text::new("regional-keys-file.too-large")
                .size("size", *size)
                .size("max", MAX_AREAS_FILE_BYTES),
            FileError::Unreadable(e) => {
                Text::new("regional-keys-file.unreadable").arg("reason", e.to_string())
            }
            FileError::NotUtf8 { line } => {
                Text::new("regional-keys-file.not-utf8").arg("line", line.to_string())
            }
            FileError::Format(Gv100adError::ShortRecord { line }) => {
                Text::new("regional-keys-file.short-record").arg("line", line.to_string())
            }
            FileError::Format(Gv100adError::BadKey { line }) => {
                Text::new("regional-keys-file.bad-key").arg("line", line.to_string())
            }
            FileError::Format(Gv100adError::NoAreas) => Text::new("regional-keys-file.no-areas"),
        };
        text.arg("path", path)
    }
}

/// A GV100AD file named on the command line: whoever types it may name any regular file,
/// through links wherever they lead.
pub fn read(path: &Path) -> Result<AreaDirectory, FileError> {
    let file = crate::confine::open(path, true).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FileError::Missing,
        _ => FileError::Unreadable(e),
    })?;
    let meta = file.metadata().map_err(FileError::Unreadable)?;
    if !meta.is_file() {
        return Err(FileError::NotAFile);
    }
    parse_open(file, &meta)
}

/// A GV100AD file named in `onboard.toml`: `name` is relative to that file's folder `dir`
/// and may not leave it, neither by its words (`..`, an absolute path) nor through a link.
pub fn read_inside(dir: &Path, name: &str) -> Result<AreaDirectory, FileError> {
    let opened = within::open(dir, name).map_err(|refusal| match refusal {
        Refusal::Outside(_) => FileError::Outside,
        Refusal::Unreadable(e) => FileError::Unreadable(e),
        // The refusal's words are the logo's; which of ours fits, the entry itself tells
        // (looked at, not read).
        Refusal::Missing(_) => match std::fs::metadata(dir.join(name)) {
            Ok(_) => FileError::NotAFile,
            Err(_) => FileError::Missing,
        },
    })?;
    parse_open(opened.file, &opened.meta)
}

/// Reads an open regular file (`meta` is its `fstat`) of at most the bound, and parses it.
fn parse_open(file: File, meta: &Metadata) -> Result<AreaDirectory, FileError> {
    if meta.len() > MAX_AREAS_FILE_BYTES {
        return Err(FileError::TooLarge(meta.len()));
    }
    // One byte more than the bound: a file that grew since the `fstat` is still caught.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_AREAS_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(FileError::Unreadable)?;
    if bytes.len() as u64 > MAX_AREAS_FILE_BYTES {
        return Err(FileError::TooLarge(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        FileError::NotUtf8 {
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
        }
    })?;
    AreaDirectory::from_gv100ad(&text).map_err(FileError::Format)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const RECORD: &str = "6020251130040110000000Bremen, Stadt\n";

    fn outcome(result: Result<AreaDirectory, FileError>) -> String {
        match result {
            Ok(dir) => format!("ok {}", dir.areas().len()),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn only_a_bounded_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.txt");
        std::fs::write(&path, RECORD).unwrap();
        assert_eq!(outcome(read(&path)), "ok 1");
        assert_eq!(outcome(read(Path::new("/dev/zero"))), "NotAFile");
        assert_eq!(outcome(read(dir.path())), "NotAFile");
        assert_eq!(outcome(read(&dir.path().join("none"))), "Missing");
        let big = File::create(&path).unwrap();
        big.set_len(MAX_AREAS_FILE_BYTES + 1).unwrap();
        assert_eq!(
            outcome(read(&path)),
            format!("TooLarge({})", MAX_AREAS_FILE_BYTES + 1)
        );
        std::fs::write(&path, b"1\n2\n\xE4\n").unwrap();
        assert_eq!(outcome(read(&path)), "NotUtf8 { line: 3 }");
    }

    #[test]
    fn a_file_named_in_the_config_stays_in_its_folder() {
        let root = tempfile::tempdir().unwrap();
        let repo = root.path().join("repo");
        std::fs::create_dir_all(repo.join("data")).unwrap();
        std::fs::write(repo.join("data/keys.txt"), RECORD).unwrap();
        std::fs::write(root.path().join("keys.txt"), RECORD).unwrap();
        std::os::unix::fs::symlink(root.path().join("keys.txt"), repo.join("out.txt")).unwrap();
        std::os::unix::fs::symlink("data/keys.txt", repo.join("in.txt")).unwrap();
        assert_eq!(outcome(read_inside(&repo, "data/keys.txt")), "ok 1");
        assert_eq!(outcome(read_inside(&repo, "in.txt")), "ok 1");
        assert_eq!(outcome(read_inside(&repo, "../keys.txt")), "Outside");
        assert_eq!(outcome(read_inside(&repo, "out.txt")), "Outside");
        assert_eq!(outcome(read_inside(&repo, "/dev/zero")), "Outside");
        assert_eq!(outcome(read_inside(&repo, "data")), "NotAFile");
        assert_eq!(outcome(read_inside(&repo, "none.txt")), "Missing");
    }
}
