//! The flags every command that checks forms shares (`validate`, `status`, `bundle`), and
//! running the checks with them: discovery, offline checks, then the online check unless
//! `--offline`.

use std::path::PathBuf;
use std::process::ExitCode;

use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
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
    #[command(flatten)]
    pub network: NetworkArgs,
}

fn load_areas(path: &PathBuf) -> Result<AreaDirectory, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    AreaDirectory::from_gv100ad(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl CheckArgs {
    /// Finds the forms and checks them; `Err` is the exit status of a run that could not be
    /// done (the message is already on stderr).
    pub fn run(&self) -> Result<RunReport, ExitCode> {
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from("order-forms")]
        } else {
            self.paths.clone()
        };
        let files = onboard::discover::discover(&paths).map_err(|e| fail_text(&e.text()))?;
        self.options.check(&files)
    }
}

impl CheckOptions {
    /// Checks the forms found: offline, then online unless `--offline`.
    pub fn check(&self, files: &[FormFile]) -> Result<RunReport, ExitCode> {
        let custom_areas = self
            .regional_keys
            .as_ref()
            .map(load_areas)
            .transpose()
            .map_err(fail)?;
        let areas = custom_areas
            .as_ref()
            .unwrap_or_else(|| AreaDirectory::builtin());
        let options = Options {
            catalog: Catalog::builtin(),
            areas,
            today: validate::today(),
        };
        let mut run = validate::validate(files, &options);
        if !self.offline {
            let settings = self.network.settings().map_err(fail)?;
            let urls = validate::links_to_check(&run);
            let progress = progress_bar(urls.len());
            let links = onboard::online::check_links(&urls, &settings, &|| progress.inc(1));
            progress.finish_and_clear();
            validate::attach_links(&mut run, &links.map_err(fail)?);
        }
        Ok(run)
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
