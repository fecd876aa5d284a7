//! Putting bundles into an output folder so that none is ever half-written or lost.
//!
//! 1. One run at a time per folder: an exclusive lock (flock) on `DIR/.onboard-bundle.lock`;
//!    a second run waits for the first.
//! 2. Every bundle to write is first written completely into a temporary folder
//!    `DIR/.onboard-tmp-…` (inside `DIR`, so on the same file system and renamable).
//! 3. All of it is flushed to disk at once (syncfs; elsewhere an fsync per file).
//! 4. Each temporary folder is renamed into place: a new bundle with RENAME_NOREPLACE, a
//!    replacement with RENAME_EXCHANGE, which swaps old and new in one step — there is no
//!    moment without a bundle, and the old one is removed only once the new one is in place.
//! 5. `DIR` itself is fsynced, so that the renames survive a crash.
//!
//! A failure removes every temporary folder of the run and leaves existing bundles as they
//! were. A crash can leave temporary folders behind; the next run removes them (under the
//! lock, so they cannot belong to a run still going).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::sys::{self, Dir};
use super::{Bundle, TenantId, archive, is_plain_name};

/// The lock file in the output folder (left in place: removing a lock file races).
pub const LOCK_FILE: &str = ".onboard-bundle.lock";
/// Names of temporary entries start with this; nothing else in `DIR` does.
pub const TEMP_PREFIX: &str = ".onboard-tmp-";

/// Why bundles could not be written (exit status 2: the output is the problem).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write to the output folder {path}: {source}")]
    Folder { path: String, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: io::Error },
    #[error("refusing the file name `{0}`: it would leave the bundle folder")]
    UnsafeName(String),
}

/// How existing bundles are treated, and what is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Replace an existing bundle that differs from the new one.
    pub force: bool,
    /// Also write `DIR/<tenant_id>.tar.gz`.
    pub archive: bool,
}

/// What happened to one tenant's output (its folder, and its archive when asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Written where there was nothing.
    Created,
    /// Written in place of a different bundle (`--force`).
    Replaced,
    /// What is there is already byte for byte the new bundle: nothing written.
    Unchanged,
    /// A different bundle is there and `--force` was not given: it is kept, nothing written.
    Kept,
}

/// The result for one bundle.
#[derive(Debug, Clone)]
pub struct Written {
    pub tenant_id: TenantId,
    pub outcome: Outcome,
    pub folder: PathBuf,
    pub archive: Option<PathBuf>,
}

/// An output folder, created and found writable.
pub struct OutputDir {
    dir: Dir,
    lock_file: File,
}

/// What is at a target's place now, compared with what would be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existing {
    Absent,
    Same,
    Different,
}

struct Plan {
    bundle: Bundle,
    archive: Option<Vec<u8>>,
    folder: Existing,
    archive_existing: Existing,
}

/// A target written to its temporary name, waiting to be renamed into place.
struct Staged {
    temp: String,
    target: String,
    existing: Existing,
}

impl OutputDir {
    /// Creates the folder if need be and opens its lock file: fails when the folder cannot
    /// be written, before any form is checked.
    pub fn open(path: &Path) -> Result<OutputDir, OutputError> {
        let folder_error = |source| OutputError::Folder {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(path).map_err(folder_error)?;
        let lock_file = OpenOptions::new()
            .create(true)
            .read(true)
            .write(true)
            .truncate(false)
            .open(path.join(LOCK_FILE))
            .map_err(folder_error)?;
        let dir = Dir::open(path).map_err(folder_error)?;
        Ok(OutputDir { dir, lock_file })
    }

    pub fn path(&self) -> &Path {
        &self.dir.path
    }

    /// Writes the bundles (see the module documentation for how). `on_wait` is called once
    /// if another run holds the folder's lock, before waiting for it.
    pub fn write(
        &self,
        bundles: Vec<Bundle>,
        options: Options,
        on_wait: impl FnOnce(),
    ) -> Result<Vec<Written>, OutputError> {
        let _lock = self.lock(on_wait)?;
        self.remove_stale_temps()?;

        let plans: Vec<Plan> = bundles
            .into_par_iter()
            .map(|bundle| self.plan(bundle, options))
            .collect::<Result<_, _>>()?;
        let mut results = Vec::with_capacity(plans.len());
        let mut to_write = Vec::new();
        for plan in plans {
            let existing = [plan.folder, plan.archive_existing];
            let outcome = if existing.contains(&Existing::Different) && !options.force {
                Outcome::Kept
            } else if existing.iter().all(|e| *e == Existing::Same) {
                Outcome::Unchanged
            } else if existing.contains(&Existing::Different) {
                Outcome::Replaced
            } else {
                Outcome::Created
            };
            results.push(self.written(&plan.bundle.tenant_id, outcome, options));
            if matches!(outcome, Outcome::Created | Outcome::Replaced) {
                to_write.push(plan);
            }
        }

        let staged = self.stage_all(&to_write)?;
        self.sync(&staged)?;
        self.commit_all(staged)?;
        self.dir.sync().map_err(|e| self.folder_error(e))?;
        Ok(results)
    }

    fn written(&self, tenant_id: &TenantId, outcome: Outcome, options: Options) -> Written {
        Written {
            tenant_id: tenant_id.clone(),
            outcome,
            folder: self.path().join(tenant_id.as_str()),
            archive: options
                .archive
                .then(|| self.path().join(archive_name(tenant_id))),
        }
    }

    fn folder_error(&self, source: io::Error) -> OutputError {
        OutputError::Folder {
            path: self.path().display().to_string(),
            source,
        }
    }

    fn write_error(&self, name: &str, source: io::Error) -> OutputError {
        OutputError::Write {
            path: self.path().join(name).display().to_string(),
            source,
        }
    }

    fn lock(&self, on_wait: impl FnOnce()) -> Result<LockGuard<'_>, OutputError> {
        let got = sys::try_lock(self.path(), &self.lock_file).map_err(|e| self.folder_error(e))?;
        if !got {
            on_wait();
            sys::lock(self.path(), &self.lock_file).map_err(|e| self.folder_error(e))?;
        }
        Ok(LockGuard { out: self })
    }

    /// Removes what a crashed run left. Only under the lock: then no other run is writing.
    fn remove_stale_temps(&self) -> Result<(), OutputError> {
        let entries = std::fs::read_dir(self.path()).map_err(|e| self.folder_error(e))?;
        for entry in entries {
            let entry = entry.map_err(|e| self.folder_error(e))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with(TEMP_PREFIX) {
                remove_entry(&entry.path()).map_err(|e| self.folder_error(e))?;
            }
        }
        Ok(())
    }

    /// Compares what is in place with the new bundle (and archive).
    fn plan(&self, bundle: Bundle, options: Options) -> Result<Plan, OutputError> {
        if let Some(file) = bundle.files.iter().find(|f| !is_plain_name(&f.name)) {
            return Err(OutputError::UnsafeName(file.name.clone()));
        }
        let tenant = bundle.tenant_id.as_str();
        let folder = compare_folder(&self.path().join(tenant), &bundle);
        let (archive, archive_existing) = if options.archive {
            let bytes = archive::tar_gz(&bundle)
                .map_err(|e| self.write_error(&archive_name(&bundle.tenant_id), e))?;
            let existing = compare_file(&self.path().join(archive_name(&bundle.tenant_id)), &bytes);
            (Some(bytes), existing)
        } else {
            (None, Existing::Same)
        };
        Ok(Plan {
            bundle,
            archive,
            folder,
            archive_existing,
        })
    }

    /// Writes every target to its temporary name; on any failure removes all of them.
    fn stage_all(&self, plans: &[Plan]) -> Result<Vec<Staged>, OutputError> {
        let results: Vec<Result<Vec<Staged>, OutputError>> =
            plans.par_iter().map(|plan| self.stage(plan)).collect();
        let mut staged = Vec::new();
        let mut failure = None;
        for result in results {
            match result {
                Ok(mut s) => staged.append(&mut s),
                Err(e) => failure = failure.or(Some(e)),
            }
        }
        match failure {
            None => Ok(staged),
            Some(e) => {
                self.discard(&staged);
                Err(e)
            }
        }
    }

    fn stage(&self, plan: &Plan) -> Result<Vec<Staged>, OutputError> {
        let tenant = plan.bundle.tenant_id.as_str();
        let mut staged = Vec::new();
        if plan.folder != Existing::Same {
            let temp = temp_name(tenant);
            if let Err(e) = self.stage_folder(&temp, &plan.bundle) {
                let _ = remove_entry(&self.path().join(&temp));
                return Err(e);
            }
            staged.push(Staged {
                temp,
                target: tenant.to_owned(),
                existing: plan.folder,
            });
        }
        if let Some(bytes) = plan.archive.as_ref()
            && plan.archive_existing != Existing::Same
        {
            let target = archive_name(&plan.bundle.tenant_id);
            let temp = temp_name(&target);
            let path = self.path().join(&temp);
            if let Err(e) = write_new(&path, bytes) {
                let _ = remove_entry(&path);
                self.discard(&staged);
                return Err(self.write_error(&target, e));
            }
            staged.push(Staged {
                temp,
                target,
                existing: plan.archive_existing,
            });
        }
        Ok(staged)
    }

    fn stage_folder(&self, temp: &str, bundle: &Bundle) -> Result<(), OutputError> {
        let target = bundle.tenant_id.as_str();
        let folder = self.path().join(temp);
        std::fs::create_dir(&folder).map_err(|e| self.write_error(target, e))?;
        for file in &bundle.files {
            if !is_plain_name(&file.name) {
                return Err(OutputError::UnsafeName(file.name.clone()));
            }
            write_new(&folder.join(&file.name), &file.bytes)
                .map_err(|e| self.write_error(&format!("{target}/{}", file.name), e))?;
        }
        Ok(())
    }

    /// Makes the staged bytes durable before any of them is renamed into place.
    fn sync(&self, staged: &[Staged]) -> Result<(), OutputError> {
        if staged.is_empty() {
            return Ok(());
        }
        let fail = |e| {
            self.discard(staged);
            self.folder_error(e)
        };
        if self.dir.sync_filesystem().map_err(fail)? {
            return Ok(());
        }
        staged
            .par_iter()
            .try_for_each(|s| sync_tree(&self.path().join(&s.temp)))
            .map_err(fail)
    }

    fn commit_all(&self, staged: Vec<Staged>) -> Result<(), OutputError> {
        for (i, s) in staged.iter().enumerate() {
            if let Err(e) = self.commit(s) {
                self.discard(&staged[i..]);
                return Err(self.write_error(&s.target, e));
            }
        }
        Ok(())
    }

    fn commit(&self, staged: &Staged) -> io::Result<()> {
        let Staged {
            temp,
            target,
            existing,
        } = staged;
        match existing {
            Existing::Absent => self.dir.rename_new(temp, target),
            Existing::Different | Existing::Same => {
                if self.dir.exchange(temp, target)? {
                    // The old bundle is now under the temporary name.
                    let _ = remove_entry(&self.path().join(temp));
                    return Ok(());
                }
                if std::fs::symlink_metadata(self.path().join(target))?.is_file() {
                    // A file (the archive) is replaced by a rename in one step anyway.
                    return self.dir.rename(temp, target);
                }
                // No exchange on this system: move the old one aside, then the new one in.
                // Between the two renames there is no bundle; the old one is not lost.
                let aside = temp_name(&format!("old-{target}"));
                self.dir.rename(target, &aside)?;
                if let Err(e) = self.dir.rename_new(temp, target) {
                    let _ = self.dir.rename(&aside, target);
                    return Err(e);
                }
                let _ = remove_entry(&self.path().join(&aside));
                Ok(())
            }
        }
    }

    /// Removes temporary entries (best effort: what remains, the next run removes).
    fn discard(&self, staged: &[Staged]) {
        for s in staged {
            let _ = remove_entry(&self.path().join(&s.temp));
        }
    }
}

struct LockGuard<'a> {
    out: &'a OutputDir,
}

impl Drop for LockGuard<'_> {
    fn drop(&mut self) {
        sys::unlock(self.out.path(), &self.out.lock_file);
    }
}

/// What the archive's file name adds to the tenant id.
pub const ARCHIVE_SUFFIX: &str = ".tar.gz";

/// The archive's file name in the output folder.
pub fn archive_name(tenant_id: &TenantId) -> String {
    format!("{tenant_id}{ARCHIVE_SUFFIX}")
}

/// A temporary name for `target`, unique to this process.
fn temp_name(target: &str) -> String {
    format!("{TEMP_PREFIX}{}-{target}", std::process::id())
}

/// Creates a new file (never through an existing name or link) with these bytes. Without
/// syncfs, each file is flushed as it is written.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    if !cfg!(any(target_os = "linux", target_os = "android")) {
        file.sync_all()?;
    }
    Ok(())
}

/// Flushes a staged folder's entries (its files were flushed as written).
fn sync_tree(path: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        sys::sync_dir(path)
    } else {
        Ok(())
    }
}

/// Removes a file, link or folder; a link is removed, never followed.
fn remove_entry(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether the folder at `path` holds exactly the bundle's files with the same bytes. A
/// link, a file, or anything unreadable counts as different: only a proven copy is "same".
fn compare_folder(path: &Path, bundle: &Bundle) -> Existing {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Existing::Absent,
        Err(_) => return Existing::Different,
    };
    if !meta.is_dir() {
        return Existing::Different;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return Existing::Different;
    };
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push(entry.file_name().to_string_lossy().into_owned()),
            Err(_) => return Existing::Different,
        }
    }
    names.sort();
    let same = names.len() == bundle.files.len()
        && bundle.files.iter().all(|file| {
            names.binary_search(&file.name).is_ok()
                && compare_file(&path.join(&file.name), &file.bytes) == Existing::Same
        });
    if same {
        Existing::Same
    } else {
        Existing::Different
    }
}

fn compare_file(path: &Path, bytes: &[u8]) -> Existing {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Existing::Absent,
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            match std::fs::read(path) {
                Ok(existing) if existing == bytes => Existing::Same,
                _ => Existing::Different,
            }
        }
        _ => Existing::Different,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::BundleFile;

    fn bundle(tenant: &str, files: &[(&str, &str)]) -> Bundle {
        Bundle {
            tenant_id: TenantId::new(tenant).unwrap(),
            files: files
                .iter()
                .map(|(name, text)| BundleFile {
                    name: (*name).to_owned(),
                    bytes: text.as_bytes().to_vec(),
                })
                .collect(),
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn write(
        out: &OutputDir,
        bundles: Vec<Bundle>,
        force: bool,
    ) -> Result<Vec<Outcome>, OutputError> {
        let options = Options {
            force,
            archive: true,
        };
        let written = out.write(bundles, options, || {})?;
        Ok(written.iter().map(|w| w.outcome).collect())
    }

    #[test]
    fn created_unchanged_kept_and_replaced() {
        let root = tempfile::tempdir().unwrap();
        let out = OutputDir::open(&root.path().join("dist")).unwrap();
        let old = bundle("amt", &[("a.json", "1\n")]);
        let new = bundle("amt", &[("a.json", "2\n")]);
        assert_eq!(
            write(&out, vec![old.clone()], false).unwrap(),
            [Outcome::Created]
        );
        assert_eq!(write(&out, vec![old], false).unwrap(), [Outcome::Unchanged]);
        assert_eq!(
            write(&out, vec![new.clone()], false).unwrap(),
            [Outcome::Kept]
        );
        let folder = out.path().join("amt");
        assert_eq!(
            std::fs::read_to_string(folder.join("a.json")).unwrap(),
            "1\n"
        );
        assert_eq!(write(&out, vec![new], true).unwrap(), [Outcome::Replaced]);
        assert_eq!(
            std::fs::read_to_string(folder.join("a.json")).unwrap(),
            "2\n"
        );
        assert_eq!(listing(out.path()), [LOCK_FILE, "amt", "amt.tar.gz"]);
    }

    #[test]
    fn a_failure_midway_leaves_no_temporary_folder_and_the_old_bundles_untouched() {
        let root = tempfile::tempdir().unwrap();
        let out = OutputDir::open(&root.path().join("dist")).unwrap();
        write(&out, vec![bundle("amt", &[("a.json", "1\n")])], false).unwrap();
        // The second file cannot be created (its name is taken by the first): the failure
        // comes after the temporary folder holds a file, and while a good bundle is staged.
        let broken = bundle("amt", &[("a.json", "2\n"), ("a.json", "3\n")]);
        let good = bundle("other", &[("b.json", "1\n")]);
        let error = write(&out, vec![good, broken], true).unwrap_err();
        assert!(matches!(error, OutputError::Write { .. }), "{error}");
        assert_eq!(listing(out.path()), [LOCK_FILE, "amt", "amt.tar.gz"]);
        let folder = out.path().join("amt");
        assert_eq!(listing(&folder), ["a.json"]);
        assert_eq!(
            std::fs::read_to_string(folder.join("a.json")).unwrap(),
            "1\n"
        );
    }

    #[test]
    fn names_that_would_leave_the_folder_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let out = OutputDir::open(&root.path().join("dist")).unwrap();
        let evil = bundle("amt", &[("../escape", "x")]);
        assert!(matches!(
            write(&out, vec![evil], true),
            Err(OutputError::UnsafeName(_))
        ));
        assert!(!root.path().join("escape").exists());
        assert_eq!(listing(out.path()), [LOCK_FILE]);
    }

    #[test]
    fn what_a_crashed_run_left_is_removed_and_links_are_replaced_not_followed() {
        let root = tempfile::tempdir().unwrap();
        let out = OutputDir::open(&root.path().join("dist")).unwrap();
        std::fs::create_dir(out.path().join(".onboard-tmp-1-amt")).unwrap();
        std::fs::write(out.path().join(".onboard-tmp-1-amt/x"), "x").unwrap();
        #[cfg(unix)]
        {
            let elsewhere = root.path().join("elsewhere");
            std::fs::create_dir(&elsewhere).unwrap();
            std::fs::write(elsewhere.join("a.json"), "keep\n").unwrap();
            std::os::unix::fs::symlink(&elsewhere, out.path().join("amt")).unwrap();
            let new = bundle("amt", &[("a.json", "2\n")]);
            assert_eq!(write(&out, vec![new], true).unwrap(), [Outcome::Replaced]);
            assert_eq!(
                std::fs::read_to_string(elsewhere.join("a.json")).unwrap(),
                "keep\n"
            );
            assert!(out.path().join("amt").symlink_metadata().unwrap().is_dir());
        }
        assert!(!out.path().join(".onboard-tmp-1-amt").exists());
    }
}
