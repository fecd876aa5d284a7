//! Finds the forms to check: named files, and `*.toml` files in named folders (recursively,
//! in sorted order, each file once).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::validate::FormFile;

/// Why the run cannot start (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{0}: no such file or folder")]
    NotFound(String),
    #[error("{0}: the folder holds no *.toml file")]
    NoForms(String),
    #[error("{0}: not a regular file or folder")]
    NotAFile(String),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

impl DiscoverError {
    /// The reason as a catalog text, for the output's language.
    pub fn text(&self) -> crate::diagnostic::Text {
        use crate::diagnostic::Text;
        match self {
            DiscoverError::NotFound(p) => Text::new("run.not-found").arg("path", p),
            DiscoverError::NoForms(p) => Text::new("run.no-forms").arg("path", p),
            DiscoverError::NotAFile(p) => Text::new("run.not-a-file").arg("path", p),
            DiscoverError::Io(p, e) => Text::new("run.io")
                .arg("path", p)
                .arg("reason", e.to_string()),
        }
    }
}

/// The repository config, which lives beside forms but is not one.
const CONFIG_FILE: &str = "onboard.toml";

pub fn discover(paths: &[PathBuf]) -> Result<Vec<FormFile>, DiscoverError> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|_| DiscoverError::NotFound(shown.clone()))?;
        let found = if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).map_err(|e| DiscoverError::Io(shown.clone(), e))?;
            if found.is_empty() {
                return Err(DiscoverError::NoForms(shown));
            }
            found.sort();
            found
        } else if meta.is_file() {
            vec![path.clone()]
        } else {
            // A FIFO or device would block the run when read.
            return Err(DiscoverError::NotAFile(shown));
        };
        for file in found {
            if seen.insert(identity(&file)) {
                let display = display(&file);
                files.push(FormFile {
                    path: file,
                    display,
                });
            }
        }
    }
    Ok(files)
}

/// What makes two paths the same file: device and inode where there are such (one `stat`,
/// where `canonicalize` would look at every component of the path), else the real path.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(file: &Path) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata(file) {
            return Identity::Inode(meta.dev(), meta.ino());
        }
    }
    Identity::Path(file.canonicalize().unwrap_or_else(|_| file.to_path_buf()))
}

fn display(path: &Path) -> String {
    let shown = path.display().to_string();
    shown.strip_prefix("./").map(str::to_owned).unwrap_or(shown)
}

/// Collects `*.toml` files below `dir`; hidden folders (`.git`) and links to folders are
/// skipped, so a link loop cannot trap the walk.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !name.starts_with('.') {
                walk(&path, out)?;
            }
        } else if name.to_ascii_lowercase().ends_with(".toml")
            && name != CONFIG_FILE
            // The entry's type comes with the folder listing; only a link needs a `stat`
            // to tell whether it leads to a regular file.
            && (kind.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            out.push(path);
        }
    }
    Ok(())
}
