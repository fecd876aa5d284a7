//! The flags every command that checks forms shares (`validate`, `status`, `bundle`), and
//! running the checks with them: the repository config, discovery, offline checks, the
//! online check unless `--offline`, and the repository's severities.

use std::path::PathBuf;
use std::process::ExitCode;

use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
use onboard::config::{self, ConfigError, Loaded};
use onboard::report::{RenderOptions, human};
use onboard::validate::{self, FormFile, Options, RunReport};

use super::network::NetworkArgs;
use super::{fail, fail_text};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    pub paths: Vec<PathBuf>,
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// How forms are checked, whichever forms they are.
#[derive(Debug, clap::Args)]
pub struct CheckOptions {
    #[arg(long)]
    pub offline: bool,
    #[arg(long, value_name = "FILE")]
    pub regional_keys: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub network: NetworkArgs,
    /// Keep each logo as read, for `bundle` (not a flag).
    #[arg(skip)]
    pub keep_logos: bool,
}

/// A finished check: the forms found (in the order of the run's reports), the results, and
/// what reports and bundles need to know besides.
pub struct Checked {
    pub files: Vec<FormFile>,
    pub run: RunReport,
    /// The folder of onboard.toml (the repository root), if one was used.
    pub root: Option<PathBuf>,
    /// The edition of the area directory that named the regional keys.
    pub areas_edition: String,
}

fn load_areas(path: &PathBuf) -> Result<AreaDirectory, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    AreaDirectory::from_gv100ad(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl CheckArgs {
    /// Finds the forms and checks them; `Err` is the exit status of a run that could not be
    /// done (the message is already on stderr).
    pub fn run(&self) -> Result<Checked, ExitCode> {
        let loaded = self.options.repo_config()?;
        let paths = if !self.paths.is_empty() {
            self.paths.clone()
        } else if let Some(l) = loaded.as_ref().filter(|l| !l.config.paths.is_empty()) {
            l.config.paths.iter().map(|p| l.dir.join(p)).collect()
        } else {
            vec![PathBuf::from("order-forms")]
        };
        let files = onboard::discover::discover(&paths).map_err(|e| fail_text(&e.text()))?;
        let (run, areas_edition) = self.options.check_with(&files, loaded.as_ref())?;
        Ok(Checked {
            files,
            run,
            root: loaded.map(|l| l.dir),
            areas_edition,
        })
    }
}

impl CheckOptions {
    /// The repository config: named, found, or none. A broken one stops the run (exit 2),
    /// with all its findings on stderr.
    pub fn repo_config(&self) -> Result<Option<Loaded>, ExitCode> {
        let path = match &self.config {
            Some(path) if !path.is_file() => {
                return Err(fail(format!("{}: no such config file", path.display())));
            }
            Some(path) => path.clone(),
            None => match config::find(std::path::Path::new(".")) {
                Some(found) => found,
                None => return Ok(None),
            },
        };
        match config::load(&path) {
            Ok(loaded) => Ok(Some(loaded)),
            Err(ConfigError::Unreadable(e)) => Err(fail(e)),
            Err(ConfigError::Findings(report)) => {
                let options = RenderOptions {
                    lang: super::lang(),
                    ..RenderOptions::default()
                };
                eprint!("{}", human::render(&report, &options));
                Err(fail(format!(
                    "{}: the repository config has errors",
                    path.display()
                )))
            }
        }
    }

    /// Checks the forms found, with the repository config found or named.
    pub fn check(&self, files: &[FormFile]) -> Result<RunReport, ExitCode> {
        let loaded = self.repo_config()?;
        self.check_with(files, loaded.as_ref()).map(|(run, _)| run)
    }

    /// Checks the forms: offline, then online unless `--offline`, then the repository's
    /// severities.
    fn check_with(
        &self,
        files: &[FormFile],
        loaded: Option<&Loaded>,
    ) -> Result<(RunReport, String), ExitCode> {
        let defaults = loaded.map(|l| &l.config);
        let areas_file = self.regional_keys.clone().or_else(|| {
            loaded.and_then(|l| l.config.regional_keys.as_ref().map(|p| l.dir.join(p)))
        });
        let custom_areas = areas_file
            .as_ref()
            .map(load_areas)
            .transpose()
            .map_err(fail)?;
        let areas = custom_areas
            .as_ref()
            .unwrap_or_else(|| AreaDirectory::builtin());
        let catalog =
            Catalog::builtin().with(defaults.map(|c| c.services.clone()).unwrap_or_default());
        let options = Options {
            catalog: &catalog,
            areas,
            today: validate::today(),
            keep_logos: self.keep_logos,
        };
        let mut run = validate::validate(files, &options);
        if !self.offline {
            let network = defaults.map(|c| c.network.clone()).unwrap_or_default();
            let settings = self.network.settings(&network).map_err(fail)?;
            let urls = validate::links_to_check(&run);
            let progress = progress_bar(urls.len());
            let links = onboard::online::check_links(&urls, &settings, &|| progress.inc(1));
            progress.finish_and_clear();
            validate::attach_links(&mut run, &links.map_err(fail)?);
        }
        if let Some(l) = loaded {
            run.apply_severities(&l.severities);
        }
        Ok((run, areas.edition().to_owned()))
    }
}

/// A bar on stderr while links are checked — only on a terminal, and only when there are
/// enough links for the wait to be noticed.
fn progress_bar(pending: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if pending <= 3 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(pending as u64);
    let template = format!(
        "{} {{bar:30}} {{pos}}/{{len}} {{elapsed}}",
        onboard::messages::ui(super::lang(), "run.checking-links")
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}
