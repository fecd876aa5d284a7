//! The one way to run `onboard`: an [`Engine`] built from one [`Settings`] owns the whole
//! run — the catalog with the repository's services, the area directory, the offline checks,
//! the online check and the repository's severities — so that every front end (the command
//! line, the web page) gets the same findings and bundles from the same forms. A front end
//! parses its own input, builds `Settings`, calls the engine and renders what it returns.
//!
//! Forms come from files ([`Engine::find`], then [`Inputs::Files`]) or are held in memory
//! ([`Inputs::Memory`]: a name and bytes, and the logo's bytes standing for the form's
//! `logo.file`).
//!
//! ```
//! use onboard::engine::{Engine, Inputs, MemoryForm, Settings};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/order-forms");
//! let form = std::fs::read(format!("{dir}/landkreis-osterholz.toml"))?;
//! let logo = std::fs::read(format!("{dir}/logos/landkreis-osterholz.png"))?;
//! let engine = Engine::new(Settings {
//!     online: None, // links are not checked over the network
//!     ..Settings::default()
//! });
//! let form = MemoryForm {
//!     name: "landkreis-osterholz.toml".into(),
//!     bytes: form,
//!     logo: Some(logo),
//! };
//! let checked = engine.check(Inputs::Memory(vec![form]))?;
//! assert!(!checked.fails());
//! assert_eq!(checked.run.files[0].tenant_id(), Some("landkreis-osterholz"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod settings;

use std::collections::HashMap;
use std::path::PathBuf;

pub use settings::{DEFAULT_PATH, Flags, Settings, SettingsError};

use crate::bundle::{self, BuildError, Bundle};
use crate::checks::links::LinkReport;
use crate::discover::{self, DiscoverError};
use crate::links_state::{self, LinkState};
use crate::online::{self, SetupError};
use crate::status::Status;
use crate::validate::{self, Options, RunReport};
pub use crate::validate::{Access, FormFile, MemoryForm, today};

/// The forms of a run.
#[derive(Debug, Clone)]
pub enum Inputs {
    /// Files found by [`Engine::find`], read the careful way (see [`crate::discover`]).
    Files(Vec<FormFile>),
    /// Forms held in memory; each is named in the reports as given.
    Memory(Vec<MemoryForm>),
}

impl Inputs {
    /// How many forms there are.
    pub fn len(&self) -> usize {
        match self {
            Inputs::Files(files) => files.len(),
            Inputs::Memory(forms) => forms.len(),
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Told how the online check goes, for a progress bar; the unit type says nothing.
pub trait Progress: Sync {
    /// The check of `count` distinct links begins.
    fn links(&self, _count: usize) {}
    /// One link is checked.
    fn link_done(&self) {}
}

impl Progress for () {}

/// A finished check.
#[derive(Debug)]
pub struct Checked {
    /// The forms, in the order of the reports.
    pub inputs: Inputs,
    /// The findings and areas of each form.
    pub run: RunReport,
    /// The online results by link (empty when links were not checked online).
    pub links: HashMap<String, LinkReport>,
    /// Whether the links were checked online (reports say when they were not).
    pub links_checked: bool,
    /// The record of the links after this run, for the front end to write, when the
    /// settings watch links over time ([`Settings::links_state`]) and they were checked.
    pub links_state: Option<LinkState>,
    /// The edition of the area directory that named the regional keys.
    pub areas_edition: String,
    /// The folder of the repository config, if one was used for files (reports name files
    /// from it); `None` for forms held in memory.
    pub root: Option<PathBuf>,
    /// Whether warnings fail this run.
    pub deny_warnings: bool,
}

impl Checked {
    /// Whether the run fails: any error, or any warning when warnings are denied.
    pub fn fails(&self) -> bool {
        self.run.fails(self.deny_warnings)
    }
}

/// One run's settings, and the run itself.
#[derive(Debug, Clone)]
pub struct Engine {
    settings: Settings,
}

impl From<Settings> for Engine {
    fn from(settings: Settings) -> Engine {
        Engine::new(settings)
    }
}

impl Engine {
    /// An engine that runs with these settings.
    pub fn new(settings: Settings) -> Engine {
        Engine { settings }
    }

    /// The settings it runs with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The forms at `paths` (files as they are, folders searched), or at the settings'
    /// paths when none is named. With none named and no `order-forms/` here, the error says
    /// so ([`DiscoverError::NoDefaultFolder`]) rather than that a path does not exist.
    pub fn find(&self, paths: &[PathBuf]) -> Result<Vec<FormFile>, DiscoverError> {
        if !paths.is_empty() {
            return discover::discover(paths);
        }
        let defaulted = self.settings.paths == [PathBuf::from(DEFAULT_PATH)];
        discover::discover(&self.settings.paths).map_err(|e| match e {
            DiscoverError::NotFound(folder) if defaulted => DiscoverError::NoDefaultFolder(folder),
            e => e,
        })
    }

    /// Checks the forms: offline, then online unless the settings say not to, then with
    /// the repository's severities. `Err` when the online check could not start.
    pub fn check(&self, inputs: Inputs) -> Result<Checked, SetupError> {
        self.check_reporting(inputs, &())
    }

    /// [`check`](Engine::check), telling `progress` how the online check goes.
    pub fn check_reporting(
        &self,
        inputs: Inputs,
        progress: &dyn Progress,
    ) -> Result<Checked, SetupError> {
        let settings = &self.settings;
        let options = Options {
            catalog: &settings.catalog,
            areas: &settings.areas,
            today: settings.today,
            keep_logos: settings.keep_logos,
        };
        let mut run = match &inputs {
            Inputs::Files(files) => validate::validate(files, &options),
            Inputs::Memory(forms) => validate::validate_memory(forms, &options),
        };
        let mut links = HashMap::new();
        let mut next_state = None;
        if let Some(network) = &settings.online {
            let urls = validate::links_to_check(&run);
            progress.links(urls.len());
            links = online::check_links(&urls, network, settings.link_cache.as_deref(), &|| {
                progress.link_done()
            })?;
            let watched =
                (settings.links_state.as_ref()).map(|s| s.advance(&links, settings.today));
            let histories = watched
                .as_ref()
                .map(|(_, histories)| (histories, settings.max_unverified_runs));
            validate::attach_links(&mut run, &links, histories);
            next_state = watched.map(|(state, _)| state);
        }
        run.apply_severities(&settings.severities);
        if next_state.is_some() {
            for file in &mut run.files {
                links_state::escalate(&mut file.diagnostics);
            }
        }
        // A name held in memory is no path in the repository: reports do not look it up.
        let root = match &inputs {
            Inputs::Files(_) => settings.root.clone(),
            Inputs::Memory(_) => None,
        };
        Ok(Checked {
            inputs,
            run,
            links,
            links_checked: settings.online.is_some(),
            links_state: next_state,
            areas_edition: settings.areas.edition().to_owned(),
            root,
            deny_warnings: settings.deny_warnings,
        })
    }

    /// Builds the bundle of every form of the run that may have one, in memory, with the
    /// run's catalog: one entry per form, in the run's order; `None` for a form whose
    /// findings keep it from a bundle, and for a form held in memory (a bundle records the
    /// file it was built from). Writing them is [`crate::bundle::output`]'s.
    pub fn bundle(&self, checked: &Checked) -> Vec<Option<Result<Bundle, BuildError>>> {
        match &checked.inputs {
            Inputs::Files(files) => bundle::build::build_run(
                files,
                &checked.run,
                &self.settings.catalog,
                &checked.areas_edition,
                checked.deny_warnings,
            ),
            Inputs::Memory(forms) => forms.iter().map(|_| None).collect(),
        }
    }

    /// The eight steps of the guide for each form of the run.
    pub fn status(&self, checked: &Checked) -> Vec<Status> {
        checked
            .run
            .files
            .iter()
            .map(|report| crate::status::status(report, checked.links_checked))
            .collect()
    }
}
