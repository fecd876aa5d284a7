//! The flags every command that checks forms shares (`validate`, `bundle`), and running the
//! checks with them: discovery, offline checks, then the online check unless `--offline`.

use std::path::PathBuf;
use std::process::ExitCode;

use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
use onboard::validate::{self, FormFile, Options, RunReport};

use super::fail;
use super::network::NetworkArgs;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Form files or folders (searched recursively for *.toml) [default: order-forms]
    pub paths: Vec<PathBuf>,
    /// Fail the run (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Skip the checks that need the network (whether the privacy-policy link is live).
    #[arg(long)]
    pub offline: bool,
    /// A Destatis GV100AD file to check regional keys against, instead of the built-in
    /// edition (Stand 30.11.2025).
    #[arg(long, value_name = "FILE")]
    pub regional_keys: Option<PathBuf>,
    #[command(flatten)]
    pub network: NetworkArgs,
}

fn load_areas(path: &PathBuf) -> Result<AreaDirectory, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    AreaDirectory::from_gv100ad(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A finished check: the forms found (in the order of the run's reports), the results, and
/// the edition of the area directory that named the regional keys.
pub struct Checked {
    pub files: Vec<FormFile>,
    pub run: RunReport,
    pub areas_edition: String,
}

impl CheckArgs {
    /// Finds the forms and checks them; `Err` is the exit status of a run that could not be
    /// done (the message is already on stderr).
    pub fn run(&self) -> Result<RunReport, ExitCode> {
        self.check().map(|checked| checked.run)
    }

    /// As [`CheckArgs::run`], keeping what `bundle` needs besides the results.
    pub fn check(&self) -> Result<Checked, ExitCode> {
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from("order-forms")]
        } else {
            self.paths.clone()
        };
        let files = onboard::discover::discover(&paths).map_err(fail)?;
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
        let mut run = validate::validate(&files, &options);
        if !self.offline {
            let settings = self.network.settings().map_err(fail)?;
            let urls = validate::links_to_check(&run);
            let progress = progress_bar(urls.len());
            let links = onboard::online::check_links(&urls, &settings, &|| progress.inc(1));
            progress.finish_and_clear();
            validate::attach_links(&mut run, &links.map_err(fail)?);
        }
        Ok(Checked {
            files,
            run,
            areas_edition: areas.edition().to_owned(),
        })
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
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("checking links {bar:30} {pos}/{len} {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}
