//! Resolves the logo path against the form's folder and refuses anything that leaves it —
//! absolute paths, `..` that climbs out, and symbolic links that point out.

use std::path::{Component, Path, PathBuf};

/// Why a logo path is refused, with the message id that says so.
pub enum Refusal {
    Outside(&'static str),
    Missing(&'static str),
}

/// A logo file that exists inside the form's folder and is a regular file.
pub struct Resolved {
    pub path: PathBuf,
    pub len: u64,
}

pub fn resolve(form_dir: &Path, name: &str) -> Result<Resolved, Refusal> {
    let relative = Path::new(name);
    let mut inside = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => inside.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !inside.pop() {
                    return Err(Refusal::Outside("logo-outside-form-dir.parent"));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(Refusal::Outside("logo-outside-form-dir.absolute"));
            }
        }
    }
    if inside.as_os_str().is_empty() {
        return Err(Refusal::Missing("logo-missing.folder"));
    }
    let joined = form_dir.join(&inside);
    if std::fs::symlink_metadata(&joined).is_err() {
        return Err(Refusal::Missing("logo-missing"));
    }
    // Links are followed, and wherever they lead must still be inside the form's folder.
    let (Ok(real), Ok(real_dir)) = (joined.canonicalize(), form_dir.canonicalize()) else {
        return Err(Refusal::Missing("logo-missing.dangling"));
    };
    if !real.starts_with(&real_dir) {
        return Err(Refusal::Outside("logo-outside-form-dir.link"));
    }
    let meta = std::fs::metadata(&real).map_err(|_| Refusal::Missing("logo-missing"))?;
    if meta.is_dir() {
        return Err(Refusal::Missing("logo-missing.folder"));
    }
    // A FIFO or device would block or never end when read.
    if !meta.is_file() {
        return Err(Refusal::Missing("logo-missing.special"));
    }
    Ok(Resolved {
        path: real,
        len: meta.len(),
    })
}
