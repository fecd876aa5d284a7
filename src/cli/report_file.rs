//! `--output FILE`: the report written atomically (the old file or the whole new one,
//! never half), and only where a report belongs — over a regular file or at a new path.

use std::io::Write;
use std::path::Path;

use onboard::finding::diagnostic::Text;

/// What stands at an output path that is not a regular file, as a catalog id.
fn refused_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_symlink() {
        // A link is not followed: a repository could aim one at a file outside it.
        return Some("output.kind.link");
    }
    if kind.is_dir() {
        return Some("output.kind.folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("output.kind.fifo");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("output.kind.device");
        }
        if kind.is_socket() {
            return Some("output.kind.socket");
        }
    }
    Some("output.kind.other")
}

/// Writes `text` to `path`. A device, FIFO, folder or link there is refused (renaming over
/// `/dev/null` would turn the device into a file). A replaced file keeps its permissions; a
/// new one gets the usual ones under the umask, as a shell redirection would create it.
pub fn write(path: &Path, text: &str) -> Result<(), Text> {
    write_refusing(path, text, "output.not-a-file")
}

/// [`write`], saying `not_a_file` (a catalog id with `{path}` and `{kind}`) of what stands
/// at the path when it is not a regular file: the link state file says it in its words.
pub fn write_refusing(path: &Path, text: &str, not_a_file: &'static str) -> Result<(), Text> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| {
        Text::new("run.io")
            .arg("path", &shown)
            .arg("reason", e.to_string())
    };
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if let Some(kind) = existing.as_ref().and_then(refused_kind) {
        return Err(Text::new(not_a_file).arg("path", &shown).term("kind", kind));
    }
    let dir = onboard::confine::folder_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".onboard-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir).map_err(io)?;
    if let Some(meta) = &existing {
        file.as_file()
            .set_permissions(meta.permissions())
            .map_err(io)?;
    }
    file.write_all(text.as_bytes()).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
