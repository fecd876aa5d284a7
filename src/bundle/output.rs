//! Putting bundles into an output folder so that none is ever half-written or lost.
//!
//! 1. One run at a time per folder: an exclusive lock (flock) on `DIR/.onboard-bundle.lock`;
//!    a second run waits for the first.
//! 2. What stands at each bundle's place (its folder, its archive) is looked at without
//!    following links: only a bundle that `bundle` wrote may be replaced (with `--force`;
//!    see `recognise.rs`). Anything else stops the whole run before anything is written.
//! 3. Every bundle to write is first written completely into a temporary folder
//!    `DIR/.onboard-tmp-…` (inside `DIR`, so on the same file system and renamable).
//! 4. All of it is flushed to disk at once (syncfs; elsewhere an fsync per file).
//! 5. Each temporary folder is renamed into place: a new bundle with RENAME_NOREPLACE, a
//!    replacement with RENAME_EXCHANGE, which swaps old and new in one step — there is no
//!    moment without a bundle, and the old one is removed only once the new one is in place.
//! 6. `DIR` itself is fsynced, so that the renames survive a crash.
//!
//! A failure removes every temporary folder of the run and leaves existing bundles as they
//! were. A crash can leave temporary folders behind; the next run removes them (under the
//! lock, so they cannot belong to a run still going).

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::files::{Files, MAX_UNPACKED_BYTES};
use super::recognise::is_bundle_of;
use super::sys::{self, Dir};
use super::{ARCHIVE_SUFFIX, Bundle, TenantId, archive, is_plain_name};
use crate::finding::diagnostic::Text;

/// The lock file in the output folder (left in place: removing a lock file races).
pub const LOCK_FILE: &str = ".onboard-bundle.lock";
/// Names of temporary entries start with this; nothing else in `DIR` does.
pub const TEMP_PREFIX: &str = ".onboard-tmp-";

/// Why bundles could not be written (exit status 2: the output is the problem).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder cannot be created, locked or written to.
    #[error("cannot write to the output folder {path}: {source}")]
    Folder {
        /// The output folder as named.
        path: String,
        /// What the system said.
        source: io::Error,
    },
    /// A file or folder of a bundle could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder as named.
        path: String,
        /// What the system said.
        source: io::Error,
    },
    /// A bundle file name that would leave the bundle folder (the name).
    #[error("refusing the file name `{0}`: it would leave the bundle folder")]
    UnsafeName(String),
    /// Something `bundle` did not write stands where a bundle goes: nothing is written.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Refused(Vec<Refusal>),
}

impl OutputError {
    /// The reasons as catalog texts, for the output's language: one per refused place.
    pub fn texts(&self) -> Vec<Text> {
        match self {
            OutputError::Folder { path, source } => vec![
                Text::new("bundle.output-folder")
                    .arg("path", path)
                    .arg("reason", source.to_string()),
            ],
            OutputError::Write { path, source } => vec![
                Text::new("bundle.output-write")
                    .arg("path", path)
                    .arg("reason", source.to_string()),
            ],
            OutputError::UnsafeName(name) => {
                vec![Text::new("bundle.unsafe-name").arg("name", name)]
            }
            OutputError::Refused(refusals) => refusals.iter().map(Refusal::text).collect(),
        }
    }
}

/// What stands at a bundle's place (its folder's or its archive's) that `bundle` did not
/// write there. It is never replaced, with or without `--force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A folder that is not a bundle of the tenant.
    Folder,
    /// A file where the bundle folder goes.
    File,
    /// A file where the archive goes that is not a bundle archive of the tenant.
    NotAnArchive,
    /// A symbolic link: neither followed nor replaced.
    Link,
    /// A device, pipe or socket.
    Special,
}

/// A place not written to, and what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Whose bundle would have gone there.
    pub tenant_id: TenantId,
    /// The place, inside the output folder.
    pub path: PathBuf,
    /// What stands there.
    pub found: Found,
}

impl Refusal {
    /// The place as shown: a folder with a final slash.
    fn shown(&self) -> String {
        let path = self.path.display();
        if self.found == Found::Folder {
            format!("{path}/")
        } else {
            path.to_string()
        }
    }

    /// Why the place was not written to, as a catalog text.
    pub fn text(&self) -> Text {
        let text = match self.found {
            Found::Folder => Text::new("bundle.refused.folder"),
            Found::File => Text::new("bundle.refused.file"),
            Found::NotAnArchive => Text::new("bundle.refused.not-an-archive"),
            Found::Link => Text::new("bundle.refused.link"),
            Found::Special => Text::new("bundle.refused.special"),
        };
        text.arg("target", self.shown())
            .arg("tenant", self.tenant_id.as_str())
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::message(
            crate::messages::Lang::En,
            &self.text(),
        ))
    }
}

/// How existing bundles are treated, and what is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Replace an existing bundle that differs from the new one (only one that `bundle`
    /// wrote: anything else is never replaced).
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
    /// Whose bundle it is.
    pub tenant_id: TenantId,
    /// Whether it was written, replaced or kept as it was.
    pub outcome: Outcome,
    /// The bundle folder.
    pub folder: PathBuf,
    /// The `.tar.gz`, when one was asked for.
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
    /// Another bundle of the tenant that `bundle` wrote: replaced with `--force`.
    Different,
    /// Something `bundle` did not write: never replaced.
    Foreign(Found),
}

struct Plan {
    bundle: Bundle,
    archive: Option<Vec<u8>>,
    folder: Existing,
    archive_existing: Existing,
}

impl Plan {
    /// The plan's places that hold something `bundle` did not write.
    fn refusals(&self, dir: &Path) -> Vec<Refusal> {
        let tenant = &self.bundle.tenant_id;
        let places = [
            (self.folder, tenant.as_str().to_owned()),
            (self.archive_existing, archive_name(tenant)),
        ];
        places
            .into_iter()
            .filter_map(|(existing, name)| match existing {
                Existing::Foreign(found) => Some(Refusal {
                    tenant_id: tenant.clone(),
                    path: dir.join(name),
                    found,
                }),
                _ => None,
            })
            .collect()
    }
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

    /// The folder as named when it was opened.
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
        // Anything at a bundle's place that `bundle` did not write stops the whole run
        // before a byte is written, so that it is all or nothing.
        let refusals: Vec<Refusal> = plans
            .iter()
            .flat_map(|plan| plan.refusals(self.path()))
            .collect();
        if !refusals.is_empty() {
            return Err(OutputError::Refused(refusals));
        }
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
        let folder = existing_folder(&self.path().join(tenant), &bundle)
            .map_err(|e| self.write_error(tenant, e))?;
        let (archive, archive_existing) = if options.archive {
            let name = archive_name(&bundle.tenant_id);
            let bytes = archive::tar_gz(&bundle).map_err(|e| self.write_error(&name, e))?;
            let existing = existing_archive(&self.path().join(&name), &bundle.tenant_id, &bytes)
                .map_err(|e| self.write_error(&name, e))?;
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
            // Refused before anything was staged; never reached.
            Existing::Foreign(_) => Err(io::ErrorKind::AlreadyExists.into()),
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

/// The archive's file name in the output folder.
pub(crate) fn archive_name(tenant_id: &TenantId) -> String {
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

/// What stands at a place, if it is not what its kind of target is: a link, a device,
/// pipe or socket, or (for the bundle folder) a file, or (for the archive) a folder.
fn foreign_kind(meta: &std::fs::Metadata, want_folder: bool) -> Option<Found> {
    let kind = meta.file_type();
    if kind.is_symlink() {
        Some(Found::Link)
    } else if kind.is_dir() {
        (!want_folder).then_some(Found::Folder)
    } else if kind.is_file() {
        want_folder.then_some(Found::File)
    } else {
        Some(Found::Special)
    }
}

/// What is at the bundle folder's place: nothing, this very bundle, another bundle of the
/// tenant that `bundle` wrote, or something else (never followed if it is a link).
fn existing_folder(path: &Path, bundle: &Bundle) -> io::Result<Existing> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Absent),
        Err(e) => return Err(e),
    };
    if let Some(found) = foreign_kind(&meta, true) {
        return Ok(Existing::Foreign(found));
    }
    if same_folder(path, bundle) {
        return Ok(Existing::Same);
    }
    let is_bundle = Files::open(path).is_ok_and(|files| is_bundle_of(&files, &bundle.tenant_id));
    Ok(if is_bundle {
        Existing::Different
    } else {
        Existing::Foreign(Found::Folder)
    })
}

/// What is at the archive's place: nothing, these very bytes, another bundle archive of the
/// tenant, or something else (never followed if it is a link).
fn existing_archive(path: &Path, tenant: &TenantId, bytes: &[u8]) -> io::Result<Existing> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Absent),
        Err(e) => return Err(e),
    };
    if let Some(found) = foreign_kind(&meta, false) {
        return Ok(Existing::Foreign(found));
    }
    let Some(current) = read_archive(path)? else {
        return Ok(Existing::Foreign(Found::NotAnArchive));
    };
    if current == bytes {
        return Ok(Existing::Same);
    }
    Ok(
        if is_bundle_of(&Files::archive(&archive_name(tenant), &current), tenant) {
            Existing::Different
        } else {
            Existing::Foreign(Found::NotAnArchive)
        },
    )
}

/// The bytes of the plain file at `path` (a link in its place is not followed), or `None`
/// when it is larger than any archive of a bundle.
fn read_archive(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let file = sys::open_no_follow(path)?;
    if !file.metadata()?.is_file() {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    file.take(MAX_UNPACKED_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_UNPACKED_BYTES).then_some(bytes))
}

/// Whether the folder at `path` holds exactly the bundle's files with the same bytes. A
/// link inside, or anything unreadable, counts as different: only a proven copy is "same".
fn same_folder(path: &Path, bundle: &Bundle) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else {
        return false;
    };
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push(entry.file_name().to_string_lossy().into_owned()),
            Err(_) => return false,
        }
    }
    names.sort();
    names.len() == bundle.files.len()
        && bundle.files.iter().all(|file| {
            names.binary_search(&file.name).is_ok()
                && same_file(&path.join(&file.name), &file.bytes)
        })
}

/// Whether `path` is a plain file (not a link) holding exactly `bytes`.
fn same_file(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|existing| existing == bytes)
        }
        _ => false,
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

    /// A bundle of the shape `bundle` writes (so that `--force` may replace it), whose
    /// tenant.json is `tenant_json`.
    fn real(tenant: &str, tenant_json: &str) -> Bundle {
        use crate::bundle::model::{FileEntry, Manifest, Source};
        use crate::bundle::{CONTACTS_FILE, MANIFEST_FILE, TENANT_FILE, sha256_hex};
        let mut b = bundle(
            tenant,
            &[
                (CONTACTS_FILE, "{}\n"),
                ("logo-0123456789ab.png", "png"),
                (TENANT_FILE, tenant_json),
            ],
        );
        let manifest = Manifest {
            schema_version: 1,
            tenant_id: tenant.to_owned(),
            onboard_version: "0".into(),
            areas_edition: "2025-11-30".into(),
            source: Source {
                file: "form.toml".into(),
                sha256: sha256_hex(b""),
            },
            files: b
                .files
                .iter()
                .map(|f| {
                    let entry = FileEntry {
                        sha256: sha256_hex(&f.bytes),
                        size: f.bytes.len() as u64,
                    };
                    (f.name.clone(), entry)
                })
                .collect(),
            manifest_sha256: None,
        };
        b.files.push(BundleFile {
            name: MANIFEST_FILE.to_owned(),
            bytes: manifest.to_json_sealed(),
        });
        b
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
        let old = real("amt", "1\n");
        let new = real("amt", "2\n");
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
            std::fs::read_to_string(folder.join("tenant.json")).unwrap(),
            "1\n"
        );
        assert_eq!(write(&out, vec![new], true).unwrap(), [Outcome::Replaced]);
        assert_eq!(
            std::fs::read_to_string(folder.join("tenant.json")).unwrap(),
            "2\n"
        );
        assert_eq!(listing(out.path()), [LOCK_FILE, "amt", "amt.tar.gz"]);
    }

    #[test]
    fn a_failure_midway_leaves_no_temporary_folder_and_the_old_bundles_untouched() {
        let root = tempfile::tempdir().unwrap();
        let out = OutputDir::open(&root.path().join("dist")).unwrap();
        write(&out, vec![real("amt", "1\n")], false).unwrap();
        // The second file cannot be created (its name is taken by the first): the failure
        // comes after the temporary folder holds a file, and while a good bundle is staged.
        let broken = bundle("amt", &[("a.json", "2\n"), ("a.json", "3\n")]);
        let good = bundle("other", &[("b.json", "1\n")]);
        let error = write(&out, vec![good, broken], true).unwrap_err();
        assert!(matches!(error, OutputError::Write { .. }), "{error}");
        assert_eq!(listing(out.path()), [LOCK_FILE, "amt", "amt.tar.gz"]);
        let folder = out.path().join("amt");
        assert_eq!(
            listing(&folder),
            [
                "contacts.json",
                "logo-0123456789ab.png",
                "manifest.json",
                "tenant.json"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(folder.join("tenant.json")).unwrap(),
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
    fn what_a_crashed_run_left_is_removed_and_a_link_in_a_bundles_place_is_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let out = OutputDir::open(&root.path().join("dist")).unwrap();
        std::fs::create_dir(out.path().join(".onboard-tmp-1-amt")).unwrap();
        std::fs::write(out.path().join(".onboard-tmp-1-amt/x"), "x").unwrap();
        #[cfg(unix)]
        {
            // Even a link to a real bundle: neither followed nor replaced.
            let elsewhere = OutputDir::open(&root.path().join("elsewhere")).unwrap();
            write(&elsewhere, vec![real("amt", "keep\n")], false).unwrap();
            std::os::unix::fs::symlink(elsewhere.path().join("amt"), out.path().join("amt"))
                .unwrap();
            let new = real("amt", "2\n");
            let error = write(&out, vec![new], true).unwrap_err();
            let OutputError::Refused(refusals) = error else {
                panic!("{error}");
            };
            assert_eq!(
                refusals,
                [Refusal {
                    tenant_id: TenantId::new("amt").unwrap(),
                    path: out.path().join("amt"),
                    found: Found::Link,
                }]
            );
            assert_eq!(
                std::fs::read_to_string(elsewhere.path().join("amt/tenant.json")).unwrap(),
                "keep\n"
            );
            let link = out.path().join("amt").symlink_metadata().unwrap();
            assert!(link.file_type().is_symlink());
            assert_eq!(listing(out.path()), [LOCK_FILE, "amt"]);
        }
        assert!(!out.path().join(".onboard-tmp-1-amt").exists());
    }
}
