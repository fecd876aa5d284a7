//! The few file-system operations the output needs beyond std: an exclusive lock between
//! processes, swapping two folders in one step, creating a name without replacing,
//! flushing a whole file system at once, and opening a file without following a link.
//!
//! On Linux (and macOS) these are single system calls. Elsewhere there are fallbacks with
//! weaker guarantees, each named where it is.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// An open folder whose entries are renamed by name (relative to the open handle on Unix,
/// so a folder renamed under us cannot redirect the renames).
pub struct Dir {
    pub path: PathBuf,
    #[cfg(unix)]
    file: File,
}

#[cfg(unix)]
mod imp {
    use super::*;
    use rustix::fs::{FlockOperation, flock};

    impl Dir {
        pub fn open(path: &Path) -> io::Result<Dir> {
            Ok(Dir {
                path: path.to_path_buf(),
                file: File::open(path)?,
            })
        }

        /// Swaps the entries `a` and `b` in one step (renameat2 RENAME_EXCHANGE on Linux,
        /// RENAME_SWAP on macOS). `Ok(false)` when the kernel or file system cannot.
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        pub fn exchange(&self, a: &str, b: &str) -> io::Result<bool> {
            use rustix::fs::{RenameFlags, renameat_with};
            match renameat_with(&self.file, a, &self.file, b, RenameFlags::EXCHANGE) {
                Ok(()) => Ok(true),
                Err(e) if unsupported(e) => Ok(false),
                Err(e) => Err(e.into()),
            }
        }

        #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
        pub fn exchange(&self, _a: &str, _b: &str) -> io::Result<bool> {
            Ok(false)
        }

        /// Renames `from` to `to`, failing if `to` exists (RENAME_NOREPLACE), so that
        /// nothing another program put there in the meantime is replaced.
        #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
        pub fn rename_new(&self, from: &str, to: &str) -> io::Result<()> {
            use rustix::fs::{RenameFlags, renameat_with};
            match renameat_with(&self.file, from, &self.file, to, RenameFlags::NOREPLACE) {
                Ok(()) => Ok(()),
                // Without NOREPLACE, the lock still keeps other runs of onboard away.
                Err(e) if unsupported(e) => self.rename(from, to),
                Err(e) => Err(e.into()),
            }
        }

        #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
        pub fn rename_new(&self, from: &str, to: &str) -> io::Result<()> {
            self.rename(from, to)
        }

        /// Renames `from` to `to`, replacing a file `to` in one step.
        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            rustix::fs::renameat(&self.file, from, &self.file, to).map_err(Into::into)
        }

        /// Flushes everything written to the file system that holds this folder (syncfs):
        /// one call instead of an fsync per file. `Ok(false)` when there is no such call.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        pub fn sync_filesystem(&self) -> io::Result<bool> {
            rustix::fs::syncfs(&self.file)?;
            Ok(true)
        }

        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        pub fn sync_filesystem(&self) -> io::Result<bool> {
            Ok(false)
        }

        /// Makes the folder's entries (new names, renames) durable.
        pub fn sync(&self) -> io::Result<()> {
            self.file.sync_all()
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    fn unsupported(e: rustix::io::Errno) -> bool {
        use rustix::io::Errno;
        e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP || e == Errno::OPNOTSUPP
    }

    /// Takes the exclusive lock on the lock file; `Ok(false)` when another process holds it.
    pub fn try_lock(_dir: &Path, file: &File) -> io::Result<bool> {
        match flock(file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(true),
            Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Waits for the exclusive lock.
    pub fn lock(_dir: &Path, file: &File) -> io::Result<()> {
        flock(file, FlockOperation::LockExclusive).map_err(Into::into)
    }

    pub fn unlock(_dir: &Path, file: &File) {
        // Closing the file releases it too; this is for a lock given up while still open.
        let _ = flock(file, FlockOperation::Unlock);
    }

    /// Makes a folder's entries durable.
    pub fn sync_dir(path: &Path) -> io::Result<()> {
        File::open(path)?.sync_all()
    }

    /// Opens a file for reading; a link as the last part of the path is refused, not
    /// followed, and a pipe put there cannot block the open.
    pub fn open_no_follow(path: &Path) -> io::Result<File> {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let flags = OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(flags.bits() as i32)
            .open(path)
    }
}

#[cfg(not(unix))]
mod imp {
    //! Without flock and renameat2: the lock is a marker folder (created atomically, removed
    //! when done; a crashed run leaves it behind, and later runs say so), replacing a bundle
    //! moves the old one aside first (a short moment without a bundle), and folders cannot
    //! be synced (Windows has no handle for that), only files.
    use super::*;

    const MARKER: &str = ".onboard-bundle.lock.d";

    impl Dir {
        pub fn open(path: &Path) -> io::Result<Dir> {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(io::Error::other("not a folder"));
            }
            Ok(Dir {
                path: path.to_path_buf(),
            })
        }

        pub fn exchange(&self, _a: &str, _b: &str) -> io::Result<bool> {
            Ok(false)
        }

        pub fn rename_new(&self, from: &str, to: &str) -> io::Result<()> {
            if std::fs::symlink_metadata(self.path.join(to)).is_ok() {
                return Err(io::Error::from(io::ErrorKind::AlreadyExists));
            }
            self.rename(from, to)
        }

        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            std::fs::rename(self.path.join(from), self.path.join(to))
        }

        pub fn sync_filesystem(&self) -> io::Result<bool> {
            Ok(false)
        }

        pub fn sync(&self) -> io::Result<()> {
            Ok(())
        }
    }

    pub fn try_lock(dir: &Path, _file: &File) -> io::Result<bool> {
        match std::fs::create_dir(dir.join(MARKER)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    }

    pub fn lock(dir: &Path, _file: &File) -> io::Result<()> {
        Err(io::Error::other(format!(
            "another run holds the lock {}; if none is running, remove that folder",
            dir.join(MARKER).display()
        )))
    }

    pub fn unlock(dir: &Path, _file: &File) {
        let _ = std::fs::remove_dir(dir.join(MARKER));
    }

    pub fn sync_dir(_path: &Path) -> io::Result<()> {
        Ok(())
    }

    /// Without O_NOFOLLOW: the caller has looked at the path without following it just
    /// before.
    pub fn open_no_follow(path: &Path) -> io::Result<File> {
        File::open(path)
    }
}

pub use imp::{lock, open_no_follow, sync_dir, try_lock, unlock};
