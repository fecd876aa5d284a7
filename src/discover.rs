//! Finds the forms to check: named files, and `*.toml` files in named folders (recursively,
//! in sorted order, each file once).

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::confine;
use crate::validate::{Access, FormFile};

/// Why the run cannot start (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A path given does not exist (the path).
    #[error("{0}: no such file or folder")]
    NotFound(String),
    /// No path was given and the default folder is not there (the folder).
    #[error("no folder {0}/ here; name the form")]
    NoDefaultFolder(String),
    /// A folder given holds no form (the folder).
    #[error("{0}: the folder holds no *.toml file")]
    NoForms(String),
    /// A path given cannot be read (the path, the error).
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

impl DiscoverError {
    /// The reason as a catalog text, for the output's language.
    pub fn text(&self) -> crate::finding::diagnostic::Text {
        use crate::finding::diagnostic::Text;
        match self {
            DiscoverError::NotFound(p) => Text::new("run.not-found").arg("path", p),
            // The command line adds `{command}`, the command typed.
            DiscoverError::NoDefaultFolder(p) => {
                Text::new("run.no-default-folder").arg("folder", p)
            }
            DiscoverError::NoForms(p) => Text::new("run.no-forms").arg("path", p),
            DiscoverError::Io(p, e) => Text::new("run.io")
                .arg("path", p)
                .arg("reason", e.to_string()),
        }
    }
}

/// The repository config, which lives beside forms but is not one.
const CONFIG_FILE: &str = "onboard.toml";

/// The forms named: files as they are, folders searched. A form that is not a regular file,
/// or a link that leads outside the folder being checked, is found but marked not to be
/// read ([`Access::Refused`]); so is a named folder that leads outside the current folder.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<FormFile>, DiscoverError> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    let mut here = None;
    for path in paths {
        for (file, access) in named(path, &mut here)? {
            let key = match &access {
                Access::Direct => identity(&file),
                Access::Link(real) => identity(real),
                // Not read, so not compared: each refusal is reported where it was found.
                Access::Refused(_) => Identity::Path(file.clone()),
            };
            if seen.insert(key) {
                let display = display(&file);
                files.push(FormFile {
                    path: file,
                    display,
                    access,
                });
            }
        }
    }
    Ok(files)
}

/// What one path named on the command line holds.
///
/// The command line is trusted, the repository is not: a relative path is taken to mean
/// something inside the current folder, so where a link on it (the path itself, or a folder
/// on the way) leads out of the current folder, nothing below it is read. A path that is
/// absolute or starts with `..` already says it leaves, and is taken as typed. A named file
/// may be a link only to a file in its own folder, as a form found in a folder may be a
/// link only to a file in that folder.
fn named(path: &Path, here: &mut Option<PathBuf>) -> Result<Vec<(PathBuf, Access)>, DiscoverError> {
    let shown = path.display().to_string();
    let own =
        std::fs::symlink_metadata(path).map_err(|_| DiscoverError::NotFound(shown.clone()))?;
    // A link that leads nowhere or in a loop is judged as a file (and refused as one).
    let is_folder = own.is_dir() || (own.is_symlink() && path.is_dir());
    let folder = if is_folder {
        path
    } else {
        confine::folder_of(path)
    };
    if !taken_as_typed(path) && leaves_current_folder(folder, here, &shown)? {
        return Ok(vec![(
            path.to_path_buf(),
            Access::Refused(NAMED_FOLDER_OUTSIDE),
        )]);
    }
    let real_folder = || {
        folder
            .canonicalize()
            .map_err(|e| DiscoverError::Io(shown.clone(), e))
    };
    if !is_folder {
        // Only a link needs the folder's real path, to see where it leads.
        let access = if own.is_symlink() {
            classify(path, own.file_type(), &real_folder()?).unwrap_or(Access::Refused(SPECIAL))
        } else if own.is_file() {
            Access::Direct
        } else {
            Access::Refused(SPECIAL)
        };
        return Ok(vec![(path.to_path_buf(), access)]);
    }
    let mut found = Vec::new();
    walk(path, &real_folder()?, &mut found).map_err(|e| DiscoverError::Io(shown.clone(), e))?;
    if found.is_empty() {
        return Err(DiscoverError::NoForms(shown));
    }
    found.sort();
    Ok(found)
}

/// The message ids of the refusals (`file-outside-folder`).
const LINK_OUTSIDE: &str = "file-outside-folder";
const NAMED_FOLDER_OUTSIDE: &str = "file-outside-folder.folder";
const SPECIAL: &str = "file-outside-folder.special";
const LOOP: &str = "file-outside-folder.loop";
const NOWHERE: &str = "file-outside-folder.dangling";

/// An absolute path, or one that climbs out with `..` from its start.
fn taken_as_typed(path: &Path) -> bool {
    match path.components().find(|c| *c != Component::CurDir) {
        Some(Component::Normal(_)) => false,
        Some(Component::ParentDir | Component::RootDir | Component::Prefix(_)) => true,
        _ => false,
    }
}

/// Whether `folder` (relative, named from the current folder) really lies outside it once
/// links are followed. The current folder's real path is looked up once, when first needed.
fn leaves_current_folder(
    folder: &Path,
    here: &mut Option<PathBuf>,
    shown: &str,
) -> Result<bool, DiscoverError> {
    if folder.components().all(|c| c == Component::CurDir) {
        return Ok(false);
    }
    let io = |e| DiscoverError::Io(shown.to_owned(), e);
    let here = match here {
        Some(here) => here,
        None => here.insert(Path::new(".").canonicalize().map_err(io)?),
    };
    Ok(!folder.canonicalize().map_err(io)?.starts_with(here))
}

/// How a form candidate of this type (as `lstat` or the folder listing says) is read, or
/// `None` for a link to a folder (never followed: links could make the walk loop).
/// `real_folder` is the real path of the folder being checked.
fn classify(path: &Path, kind: std::fs::FileType, real_folder: &Path) -> Option<Access> {
    if kind.is_file() {
        return Some(Access::Direct);
    }
    if !kind.is_symlink() {
        return Some(Access::Refused(SPECIAL));
    }
    // Where the link leads is judged by its real path before anything there is looked at.
    let access = match confine::leads(path, real_folder) {
        confine::Leads::Inside(real) => match std::fs::metadata(&real) {
            Ok(meta) if meta.is_dir() => return None,
            Ok(meta) if meta.is_file() => Access::Link(real),
            Ok(_) => Access::Refused(SPECIAL),
            Err(_) => Access::Refused(NOWHERE),
        },
        confine::Leads::Outside => Access::Refused(LINK_OUTSIDE),
        confine::Leads::Loop => Access::Refused(LOOP),
        confine::Leads::Nowhere | confine::Leads::Unreadable => Access::Refused(NOWHERE),
    };
    Some(access)
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

/// How reports name a form. A file name is written by whoever wrote the repository: its
/// control characters are shown as escapes, so that no name can carry a terminal escape
/// sequence or a right-to-left override into a CI log.
fn display(path: &Path) -> String {
    let shown = path.display().to_string();
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    crate::messages::visible(shown).into_owned()
}

/// Collects `*.toml` files below `dir`; hidden folders (`.git`) and links to folders are
/// skipped, so a link loop cannot trap the walk. A regular file costs no call beyond the
/// folder listing, which gives each entry's type; links and special files named `*.toml`
/// are judged by [`classify`] against `real_folder`, the real path of the folder named.
fn walk(dir: &Path, real_folder: &Path, out: &mut Vec<(PathBuf, Access)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !name.starts_with('.') {
                walk(&path, real_folder, out)?;
            }
        } else if name.to_ascii_lowercase().ends_with(".toml")
            && name != CONFIG_FILE
            && let Some(access) = classify(&path, kind, real_folder)
        {
            out.push((path, access));
        }
    }
    Ok(())
}
