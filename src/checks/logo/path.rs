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
    /// What `stat` said of the file when it was resolved.
    pub meta: std::fs::Metadata,
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
    let Ok(own) = std::fs::symlink_metadata(&joined) else {
        return Err(Refusal::Missing("logo-missing"));
    };
    let (real, meta) = if !own.file_type().is_symlink() && !link_on_the_way(form_dir, &inside) {
        // No link between the form's folder and the file (the common case): the file is
        // inside by construction of `inside`, and `lstat` is `stat`. This spares two
        // `realpath`s (one `readlink` for every component of the whole path) and a `stat`.
        (joined, own)
    } else {
        // Links are followed, and wherever they lead must still be inside the form's folder.
        let (Ok(real), Ok(real_dir)) = (joined.canonicalize(), form_dir.canonicalize()) else {
            return Err(Refusal::Missing("logo-missing.dangling"));
        };
        if !real.starts_with(&real_dir) {
            return Err(Refusal::Outside("logo-outside-form-dir.link"));
        }
        let meta = std::fs::metadata(&real).map_err(|_| Refusal::Missing("logo-missing"))?;
        (real, meta)
    };
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
        meta,
    })
}

/// Whether a folder on the way from `form_dir` down to the file `inside` names (the file
/// itself not counted) is a symbolic link, or cannot be looked at.
fn link_on_the_way(form_dir: &Path, inside: &Path) -> bool {
    let mut prefix = form_dir.to_path_buf();
    let mut components = inside.components().peekable();
    while let Some(component) = components.next() {
        if components.peek().is_none() {
            break;
        }
        prefix.push(component);
        match std::fs::symlink_metadata(&prefix) {
            Ok(meta) if !meta.file_type().is_symlink() => {}
            _ => return true,
        }
    }
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn outcome(form_dir: &Path, name: &str) -> Result<(PathBuf, u64), &'static str> {
        match resolve(form_dir, name) {
            Ok(r) => Ok((r.path, r.len)),
            Err(Refusal::Outside(id) | Refusal::Missing(id)) => Err(id),
        }
    }

    #[test]
    fn the_real_path_is_found_with_and_without_links_on_the_way() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        let forms = root.path().join("forms");
        std::fs::create_dir_all(forms.join("logos/sub")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(forms.join("logos/sub/a.png"), b"12345").unwrap();
        std::fs::write(outside.join("a.png"), b"123").unwrap();
        std::os::unix::fs::symlink(&outside, forms.join("out")).unwrap();
        std::os::unix::fs::symlink(forms.join("logos"), forms.join("in")).unwrap();
        std::os::unix::fs::symlink(forms.join("logos/sub/a.png"), forms.join("a.png")).unwrap();

        let real = forms.join("logos/sub/a.png").canonicalize().unwrap();
        // Plain folders: the fast way, which opens the joined path.
        let joined = forms.join("logos/sub/a.png");
        assert_eq!(outcome(&forms, "logos/sub/a.png"), Ok((joined.clone(), 5)));
        assert_eq!(outcome(&forms, "./logos/x/../sub/a.png"), Ok((joined, 5)));
        // A link to a folder, and a link to the file, both inside.
        assert_eq!(outcome(&forms, "in/sub/a.png"), Ok((real.clone(), 5)));
        assert_eq!(outcome(&forms, "a.png"), Ok((real, 5)));
        // A folder link that leads out of the form's folder.
        assert_eq!(
            outcome(&forms, "out/a.png"),
            Err("logo-outside-form-dir.link")
        );
        assert_eq!(outcome(&forms, "logos/sub"), Err("logo-missing.folder"));
        assert_eq!(outcome(&forms, "logos/none.png"), Err("logo-missing"));
    }
}
