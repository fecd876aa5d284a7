//! The one [`Settings`] of a run: the repository config (`onboard.toml`) and the command
//! line folded together, with every default decided here (and in [`Network`] for the online
//! check) and every bound from [`crate::limits`]. The command line wins; only it can widen
//! the network.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::areas::{self, AreaDirectory};
use crate::catalog::Catalog;
use crate::config::{self, ConfigError, Level, Loaded};
use crate::finding::diagnostic::Text;
use crate::finding::registry::Code;
use crate::links_state::{DEFAULT_MAX_UNVERIFIED_RUNS, LinkState};
use crate::network::Network;
use crate::online::LinkCache;
use crate::validate::RunReport;

/// What is checked when neither the command line nor `onboard.toml` names a path.
pub const DEFAULT_PATH: &str = "order-forms";

/// What the command line says about how forms are checked, whichever forms they are. Every
/// front end takes these flags (the texts of the flags: `cli.arg.<id>` in the catalogs).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Flags {
    /// `--offline`: links are not checked over the network.
    #[arg(long)]
    pub offline: bool,
    /// `--regional-keys`: a GV100AD file instead of the built-in areas.
    #[arg(long, value_name = "FILE")]
    pub regional_keys: Option<PathBuf>,
    /// `--config`: this onboard.toml instead of the one found above the forms.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The network flags: time-outs, concurrency, CA certificates, allowed networks.
    #[command(flatten)]
    pub network: Network,
}

/// Everything a run is told, from the repository config and the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// What is checked when no path is named: `paths` of `onboard.toml` (from its folder),
    /// else [`DEFAULT_PATH`].
    pub paths: Vec<PathBuf>,
    /// The folder of the repository config, if one is used (reports name files from it).
    pub root: Option<PathBuf>,
    /// The built-in services and those of `onboard.toml`.
    pub catalog: Catalog,
    /// The area directory regional keys are checked against: `--regional-keys`, else the
    /// config's `regional_keys`, else the built-in edition.
    pub areas: Cow<'static, AreaDirectory>,
    /// The config's `[checks]`: a severity per code, or `off`.
    pub severities: BTreeMap<Code, Level>,
    /// How links are checked online; `None` when they are not (`--offline`).
    pub online: Option<Network>,
    /// Online results kept across the runs of one process (`onboard serve`), for a few
    /// minutes; `None`: every run checks its links afresh.
    pub link_cache: Option<Arc<LinkCache>>,
    /// The record of the links from the last run, when links are watched over time
    /// (`--links-state`; an empty one on the first run): the check compares its online
    /// results with it and returns the new record ([`crate::engine::Checked::links_state`]).
    /// `None`: links are checked at this moment only. Nothing happens with it offline.
    pub links_state: Option<LinkState>,
    /// Runs in a row a watched link may stay unverified before that is an error:
    /// `--max-unverified-runs`, else `[links] max_unverified_runs`, else
    /// [`DEFAULT_MAX_UNVERIFIED_RUNS`].
    pub max_unverified_runs: u32,
    /// Warnings fail the run too (and keep a form from its bundle).
    pub deny_warnings: bool,
    /// Keep each logo as read, for a run that bundles: the bundle ships those very bytes.
    pub keep_logos: bool,
    /// The day agreement dates are judged against ([`crate::validate::today`]).
    pub today: jiff::civil::Date,
    /// Where `docs/checks.md` is published: the config's `docs_url` (checked when it was
    /// read); `--docs-url` of `validate` wins over it.
    pub docs_url: Option<String>,
}

/// Why a run cannot start.
#[derive(Debug)]
pub enum SettingsError {
    /// The repository config has findings: its report, like a form's.
    Config(Box<RunReport>),
    /// Refused before anything was checked: why.
    Refused(Text),
}

impl Default for Settings {
    /// The settings of a run given no flag and no repository config.
    fn default() -> Settings {
        Settings::fold(Flags::default(), None).expect("no file to read, nothing to refuse")
    }
}

impl Settings {
    /// The settings of `flags` over the repository config they name (`--config`), or the
    /// one found in the current folder or the nearest above it, or none.
    pub fn load(flags: Flags) -> Result<Settings, SettingsError> {
        let loaded = match &flags.config {
            Some(path) => config::load(path),
            None => match config::find(Path::new(".")) {
                Some(found) => config::load_found(&found),
                None => return Settings::fold(flags, None),
            },
        };
        match loaded {
            Ok(loaded) => Settings::fold(flags, Some(loaded)),
            Err(ConfigError::Refused(text)) => Err(SettingsError::Refused(text)),
            Err(ConfigError::Findings(report)) => Err(SettingsError::Config(report)),
        }
    }

    /// The settings of `flags` over a repository config already read.
    pub fn fold(flags: Flags, repository: Option<Loaded>) -> Result<Settings, SettingsError> {
        // The flag wins; the config's file was read (and checked) with the config.
        let named_areas = match &flags.regional_keys {
            Some(path) => Some(
                areas::file::read(path)
                    .map_err(|e| SettingsError::Refused(e.text(&path.display().to_string())))?,
            ),
            None => None,
        };
        let (repository, severities, repository_areas, root) = match repository {
            Some(loaded) => (
                loaded.config,
                loaded.severities,
                loaded.areas,
                Some(loaded.dir),
            ),
            None => Default::default(),
        };
        let paths = match &root {
            Some(dir) if !repository.paths.is_empty() => {
                repository.paths.iter().map(|p| dir.join(p)).collect()
            }
            _ => vec![PathBuf::from(DEFAULT_PATH)],
        };
        let areas = match named_areas.or(repository_areas) {
            Some(read) => Cow::Owned(read),
            None => Cow::Borrowed(AreaDirectory::builtin()),
        };
        Ok(Settings {
            paths,
            root,
            catalog: Catalog::builtin().with(repository.services),
            areas,
            severities,
            online: (!flags.offline).then(|| flags.network.over(&repository.network)),
            link_cache: None,
            links_state: None,
            max_unverified_runs: repository
                .links
                .max_unverified_runs
                .unwrap_or(DEFAULT_MAX_UNVERIFIED_RUNS),
            deny_warnings: false,
            keep_logos: false,
            today: crate::validate::today(),
            // Checked with the config: a finding there, had it been refused.
            docs_url: repository
                .docs_url
                .as_deref()
                .and_then(|url| config::docs_url(url).ok()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository(text: &str) -> (tempfile::TempDir, Loaded) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(config::FILE_NAME);
        std::fs::write(&path, text).unwrap();
        let loaded = config::load(&path).unwrap();
        (dir, loaded)
    }

    #[test]
    fn the_repository_fills_what_the_flags_leave_open() {
        let (dir, loaded) = repository(
            "paths = [\"forms\"]\n[checks]\nlogo-too-small = \"off\"\n[[services]]\nid = \"elterngeld\"\nname = \"Elterngeld\"\nleika_id = \"99041006017000\"\n[network]\ntimeout = 30\nconcurrency = 4\n",
        );
        let flags = Flags {
            network: Network {
                timeout: Some(5),
                ..Network::default()
            },
            ..Flags::default()
        };
        let settings = Settings::fold(flags, Some(loaded)).unwrap();
        assert_eq!(settings.paths, [dir.path().join("forms")]);
        assert_eq!(settings.root.as_deref(), Some(dir.path()));
        assert!(settings.catalog.get("elterngeld").is_some());
        assert!(
            settings
                .catalog
                .get("sorgeregister-negativbescheinigung")
                .is_some()
        );
        assert_eq!(settings.severities[&Code::LogoTooSmall], Level::Off);
        let online = settings.online.unwrap();
        assert_eq!((online.timeout.unwrap(), online.concurrency()), (5, 4));
    }

    #[test]
    fn without_flags_or_repository_the_defaults_hold() {
        let settings = Settings::default();
        assert_eq!(settings.paths, [PathBuf::from(DEFAULT_PATH)]);
        assert_eq!(settings.catalog, *Catalog::builtin());
        assert_eq!(settings.areas.edition(), AreaDirectory::builtin().edition());
        assert!(settings.severities.is_empty() && settings.root.is_none());
        assert_eq!(settings.online, Some(Network::default()));
        let offline = Flags {
            offline: true,
            ..Flags::default()
        };
        assert_eq!(Settings::fold(offline, None).unwrap().online, None);
    }

    #[test]
    fn a_regional_keys_file_that_cannot_be_read_stops_the_run() {
        let flags = Flags {
            regional_keys: Some(PathBuf::from("/nonexistent/GV100AD.txt")),
            ..Flags::default()
        };
        let Err(SettingsError::Refused(text)) = Settings::fold(flags, None) else {
            panic!("refused expected")
        };
        assert_eq!(text.id, "regional-keys-file.missing");
    }
}
