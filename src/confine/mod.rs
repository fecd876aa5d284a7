//! Reading files of a hostile repository without leaving it: opening without following a
//! link or blocking on a FIFO, and telling where a link leads. Forms and logos obey the
//! same rule — a file that is a link leading outside its folder, or that is not a regular
//! file, is not read.

use std::path::{Path, PathBuf};

pub(crate) mod within;

/// The folder a path names its file in: its parent, `.` for a bare name. A form's logo
/// path, a new form's schema path and a report's temporary file start here.
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Opens for reading without blocking (a FIFO put in the file's place cannot hang the run)
/// and, unless `follow`, refusing a link as the last component. Refusing needs
/// `O_NOFOLLOW`; elsewhere callers look at the path with `symlink_metadata` first.
pub(crate) fn open(path: &Path, follow: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(not(unix))]
    let _ = follow;
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = OFlags::NONBLOCK | OFlags::NOCTTY;
        if !follow {
            flags |= OFlags::NOFOLLOW;
        }
        options.custom_flags(flags.bits() as i32);
    }
    options.open(path)
}

/// Whether [`open`] without `follow` failed because the path is a link: `ELOOP` (Linux,
/// macOS) or `EMLINK` (FreeBSD), which `open` gives for nothing else.
pub(crate) fn is_refused_link(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        let code = error.raw_os_error();
        code == Some(Errno::LOOP.raw_os_error()) || code == Some(Errno::MLINK.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// Where a path leads once every link on it is followed.
#[derive(Debug)]
pub(crate) enum Leads {
    /// To this real path (no links, no `..`) inside the folder.
    Inside(PathBuf),
    Outside,
    /// Links that lead back to themselves.
    Loop,
    /// A link to something that does not exist.
    Nowhere,
    /// A folder on the way cannot be looked at (permissions, an I/O error).
    Unreadable,
}

/// Where `path` leads, measured against `folder`, which must be a real path itself
/// (`canonicalize`d). Nothing at the end of the path is opened.
pub(crate) fn leads(path: &Path, folder: &Path) -> Leads {
    match path.canonicalize() {
        Ok(target) if target.starts_with(folder) => Leads::Inside(target),
        Ok(_) => Leads::Outside,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Leads::Nowhere,
        Err(e) if is_loop(&e) => Leads::Loop,
        Err(_) => Leads::Unreadable,
    }
}

fn is_loop(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

#[cfg(test)]
mod folder_tests {
    use super::*;

    #[test]
    fn a_bare_name_lies_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("form.toml")), Path::new("."));
        assert_eq!(folder_of(Path::new("a/b/form.toml")), Path::new("a/b"));
        assert_eq!(folder_of(Path::new("./form.toml")), Path::new("."));
        assert_eq!(folder_of(Path::new("/form.toml")), Path::new("/"));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_judged_by_where_they_lead() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("folder");
        std::fs::create_dir_all(folder.join("sub")).unwrap();
        std::fs::write(folder.join("sub/in.toml"), "").unwrap();
        std::fs::write(root.path().join("out.toml"), "").unwrap();
        symlink("sub/in.toml", folder.join("inside")).unwrap();
        symlink("../out.toml", folder.join("outside")).unwrap();
        symlink("b", folder.join("a")).unwrap();
        symlink("a", folder.join("b")).unwrap();
        symlink("none", folder.join("dangling")).unwrap();
        let real_folder = folder.canonicalize().unwrap();
        let judge = |name: &str| format!("{:?}", leads(&folder.join(name), &real_folder));
        assert_eq!(
            judge("inside"),
            format!("Inside({:?})", real_folder.join("sub/in.toml"))
        );
        assert_eq!(judge("outside"), "Outside");
        assert_eq!(judge("a"), "Loop");
        assert_eq!(judge("dangling"), "Nowhere");
    }

    #[test]
    fn open_without_follow_refuses_a_link_and_says_so() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("file"), "x").unwrap();
        symlink("file", root.path().join("link")).unwrap();
        assert!(open(&root.path().join("file"), false).is_ok());
        assert!(open(&root.path().join("link"), true).is_ok());
        let refused = open(&root.path().join("link"), false).unwrap_err();
        assert!(is_refused_link(&refused), "{refused}");
        let missing = open(&root.path().join("none"), false).unwrap_err();
        assert!(!is_refused_link(&missing));
    }
}
