//! The flags every command that checks forms shares (`validate`, `status`, `bundle`), and
//! running the checks with them: the repository config, discovery, offline checks, the
//! online check unless `--offline`, and the repository's severities.

use std::path::PathBuf;
use std::process::ExitCode;

use onboard::areas::{self, AreaDirectory};
use onboard::catalog::Catalog;
use onboard::config::{self, ConfigError, Loaded};
use onboard::diagnostic::Text;
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
    /// The repository config: named (any regular file), found (one in the folder it is
    /// found in), or none. A broken or refused one stops the run (exit 2), with all its
    /// findings on stderr.
    pub fn repo_config(&self) -> Result<Option<Loaded>, ExitCode> {
        let loaded = match &self.config {
            Some(path) => config::load(path),
            None => match config::find(std::path::Path::new(".")) {
                Some(found) => config::load_found(&found),
                None => return Ok(None),
            },
        };
        match loaded {
            Ok(loaded) => Ok(Some(loaded)),
            Err(ConfigError::Refused(text)) => Err(fail_text(&text)),
            Err(ConfigError::Findings(report)) => {
                let options = RenderOptions {
                    lang: super::lang(),
                    ..RenderOptions::default()
                };
                eprint!("{}", human::render(&report, &options));
                let path = report.files[0].path.clone();
                Err(fail_text(&Text::new("run.config-errors").arg("path", path)))
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
        // The flag wins; the config's file was read (and checked) with the config.
        let named_areas = match &self.regional_keys {
            Some(path) => Some(
                areas::file::read(path)
                    .map_err(|e| fail_text(&e.text(&path.display().to_string())))?,
            ),
            None => None,
        };
        let areas = named_areas
            .as_ref()
            .or_else(|| loaded.and_then(|l| l.areas.as_ref()))
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
