//! Opens a file a hostile file names (a form's logo, a config's areas file) inside the
//! named file's folder, and refuses anything that leaves it — absolute paths, `..` that
//! climbs out, and symbolic links that point out. The refusals carry the logo's message
//! ids; the config and the areas file map them to their own.

use std::path::{Component, Path, PathBuf};

use crate::confine;

/// Why a logo path is refused, with the message id that says so.
pub enum Refusal {
    Outside(&'static str),
    Missing(&'static str),
    /// There, but the system refused to open or `stat` it (permissions, an I/O error).
    Unreadable(std::io::Error),
}

/// A logo file inside the form's folder, open, and a regular file.
pub struct Opened {
    pub file: std::fs::File,
    /// What `fstat` said of the open file.
    pub meta: std::fs::Metadata,
}

/// The logo path `name` by its words alone: relative, not climbing out with `..`, naming
/// something below the form's folder rather than the folder itself. A logo held in memory
/// is held to this too, so that it gets the findings the same path gets on disk.
pub fn inside(name: &str) -> Result<PathBuf, Refusal> {
    let mut inside = PathBuf::new();
    for component in Path::new(name).components() {
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
    Ok(inside)
}

/// Opens the logo `name` (relative to `form_dir`), refusing anything that leaves the
/// folder and anything but a regular file.
pub fn open(form_dir: &Path, name: &str) -> Result<Opened, Refusal> {
    let inside = inside(name)?;
    let joined = form_dir.join(&inside);
    // The common case: the file itself is no link (the open refuses to follow one) and no
    // folder between the form's folder and the file is one. Then the file is inside by
    // construction of `inside`, and one `open` and one `fstat` on it say what it is.
    // (Only where `O_NOFOLLOW` exists; elsewhere every path goes the careful way below.)
    #[cfg(unix)]
    if let Ok(file) = confine::open(&joined, false)
        && !link_on_the_way(form_dir, &inside)
    {
        let meta = file.metadata().map_err(Refusal::Unreadable)?;
        return regular(file, meta);
    }
    // Otherwise links are followed, and wherever they lead must still be inside the form's
    // folder; what is there is looked at before it is opened.
    let Ok(own) = std::fs::symlink_metadata(&joined) else {
        return Err(Refusal::Missing("logo-missing"));
    };
    let real = if own.file_type().is_symlink() || link_on_the_way(form_dir, &inside) {
        let Ok(real_dir) = form_dir.canonicalize() else {
            return Err(Refusal::Missing("logo-missing.dangling"));
        };
        match confine::leads(&joined, &real_dir) {
            confine::Leads::Inside(real) => real,
            confine::Leads::Outside => return Err(Refusal::Outside("logo-outside-form-dir.link")),
            _ => return Err(Refusal::Missing("logo-missing.dangling")),
        }
    } else {
        joined
    };
    let meta = std::fs::metadata(&real).map_err(|_| Refusal::Missing("logo-missing"))?;
    kind(&meta)?;
    let file = confine::open(&real, true).map_err(Refusal::Unreadable)?;
    let meta = file.metadata().map_err(Refusal::Unreadable)?;
    regular(file, meta)
}

/// Refuses folders and special files (a FIFO or device would block or never end when read).
fn kind(meta: &std::fs::Metadata) -> Result<(), Refusal> {
    if meta.is_dir() {
        Err(Refusal::Missing("logo-missing.folder"))
    } else if !meta.is_file() {
        Err(Refusal::Missing("logo-missing.special"))
    } else {
        Ok(())
    }
}

fn regular(file: std::fs::File, meta: std::fs::Metadata) -> Result<Opened, Refusal> {
    kind(&meta)?;
    Ok(Opened { file, meta })
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
    use std::os::unix::fs::MetadataExt;

    /// The file opened (device and inode) and its size, or the refusal's message id.
    fn outcome(form_dir: &Path, name: &str) -> Result<(u64, u64, u64), &'static str> {
        match open(form_dir, name) {
            Ok(o) => Ok((o.meta.dev(), o.meta.ino(), o.meta.len())),
            Err(Refusal::Outside(id) | Refusal::Missing(id)) => Err(id),
            Err(Refusal::Unreadable(_)) => Err("logo-missing.unreadable"),
        }
    }

    fn identity(path: &Path) -> (u64, u64, u64) {
        let meta = std::fs::metadata(path).unwrap();
        (meta.dev(), meta.ino(), meta.len())
    }

    #[test]
    fn the_real_file_is_opened_with_and_without_links_on_the_way() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        let forms = root.path().join("forms");
        std::fs::create_dir_all(forms.join("logos/sub")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(forms.join("logos/sub/a.png"), b"12345").unwrap();
        std::fs::write(outside.join("a.png"), b"123").unwrap();
        std::os::unix::fs::symlink(&outside, forms.join("out")).unwrap();
        std::os::unix::fs::symlink(outside.join("a.png"), forms.join("out.png")).unwrap();
        std::os::unix::fs::symlink(forms.join("logos"), forms.join("in")).unwrap();
        std::os::unix::fs::symlink(forms.join("logos/sub/a.png"), forms.join("a.png")).unwrap();
        std::os::unix::fs::symlink(forms.join("none.png"), forms.join("dangling.png")).unwrap();

        let real = identity(&forms.join("logos/sub/a.png"));
        // Plain folders: the fast way.
        assert_eq!(outcome(&forms, "logos/sub/a.png"), Ok(real));
        assert_eq!(outcome(&forms, "./logos/x/../sub/a.png"), Ok(real));
        // A link to a folder, and a link to the file, both inside.
        assert_eq!(outcome(&forms, "in/sub/a.png"), Ok(real));
        assert_eq!(outcome(&forms, "a.png"), Ok(real));
        // A folder link, and a file link, that lead out of the form's folder.
        assert_eq!(
            outcome(&forms, "out/a.png"),
            Err("logo-outside-form-dir.link")
        );
        assert_eq!(
            outcome(&forms, "out.png"),
            Err("logo-outside-form-dir.link")
        );
        assert_eq!(
            outcome(&forms, "dangling.png"),
            Err("logo-missing.dangling")
        );
        assert_eq!(outcome(&forms, "logos/sub"), Err("logo-missing.folder"));
        assert_eq!(outcome(&forms, "in/sub"), Err("logo-missing.folder"));
        assert_eq!(outcome(&forms, "logos/none.png"), Err("logo-missing"));
        assert_eq!(
            outcome(&forms, "../a.png"),
            Err("logo-outside-form-dir.parent")
        );
        assert_eq!(
            outcome(&forms, "/a.png"),
            Err("logo-outside-form-dir.absolute")
        );
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("logo.png");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .unwrap();
        assert_eq!(
            outcome(root.path(), "logo.png"),
            Err("logo-missing.special")
        );
        std::os::unix::fs::symlink(&fifo, root.path().join("link.png")).unwrap();
        assert_eq!(
            outcome(root.path(), "link.png"),
            Err("logo-missing.special")
        );
    }
}
