//! The flags every command that checks forms shares (`validate`, `status`, `bundle`): they
//! become the engine's settings, and the engine checks. What goes wrong before a check is
//! said here, in the language of the run.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use onboard::engine::{Checked, Engine, Flags, Inputs, Progress, Settings, SettingsError};
use onboard::finding::diagnostic::Text;
use onboard::report::{RenderOptions, human};

use super::fail_text;

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    pub paths: Vec<PathBuf>,
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub flags: Flags,
}

impl CheckArgs {
    /// Finds the forms named (or the repository's) and checks them; `keep_logos` for a run
    /// that bundles (which goes on with the engine); `command` is the one typed (`bundle`),
    /// for a message that shows how to name a form. `Err` is the exit status of a run that
    /// could not be done (the message is already on stderr).
    pub fn run(&self, command: &str, keep_logos: bool) -> Result<(Engine, Checked), ExitCode> {
        self.run_with(command, keep_logos, |_| Ok(()))
    }

    /// [`run`](CheckArgs::run), with what one command adds to the settings (`adjust`).
    pub fn run_with(
        &self,
        command: &str,
        keep_logos: bool,
        adjust: impl FnOnce(&mut Settings) -> Result<(), ExitCode>,
    ) -> Result<(Engine, Checked), ExitCode> {
        let mut settings = settings(&self.flags)?;
        settings.deny_warnings = self.deny_warnings;
        settings.keep_logos = keep_logos;
        adjust(&mut settings)?;
        let engine = Engine::new(settings);
        let files = engine
            .find(&self.paths)
            .map_err(|e| fail_text(&e.text().arg("command", command)))?;
        let checked = check(&engine, Inputs::Files(files))?;
        Ok((engine, checked))
    }
}

/// The settings of the flags over the repository config: named (any regular file), found
/// (one in the folder it is found in), or none. A broken or refused one stops the run
/// (exit 2), with all its findings on stderr.
pub fn settings(flags: &Flags) -> Result<Settings, ExitCode> {
    Settings::load(flags.clone()).map_err(|e| match e {
        SettingsError::Refused(text) => fail_text(&text),
        SettingsError::Config(report) => {
            let options = RenderOptions {
                lang: super::lang(),
                ..RenderOptions::default()
            };
            eprint!("{}", human::render(&report, &options));
            let path = report.files[0].path.clone();
            fail_text(&Text::new("run.config-errors").arg("path", path))
        }
    })
}

/// Checks the forms, with a progress bar while links are checked online.
pub fn check(engine: &Engine, inputs: Inputs) -> Result<Checked, ExitCode> {
    let bar = Bar(OnceLock::new());
    let checked = engine.check_reporting(inputs, &bar);
    if let Some(bar) = bar.0.get() {
        bar.finish_and_clear();
    }
    checked.map_err(|e| fail_text(&e.text()))
}

/// The progress bar of the online check, made once the number of links is known.
struct Bar(OnceLock<indicatif::ProgressBar>);

impl Progress for Bar {
    fn links(&self, count: usize) {
        let _ = self.0.set(progress_bar(count));
    }

    fn link_done(&self) {
        if let Some(bar) = self.0.get() {
            bar.inc(1);
        }
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
