//! `onboard validate`: check forms and report every finding, in one of several formats.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use onboard::RunReport;
use onboard::report::{self, RenderOptions};

use super::check::CheckArgs;
use super::{ColorWhen, EXIT_FINDINGS, fail_text, write_stdout};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[arg(long, value_name = "URL")]
    pub docs_url: Option<String>,
    // Offline nothing is checked that could be recorded: refused rather than a schedule
    // that silently watches nothing.
    #[arg(long, value_name = "FILE", conflicts_with = "offline")]
    pub links_state: Option<PathBuf>,
    #[arg(long, value_name = "N", requires = "links_state")]
    pub max_unverified_runs: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// cargo-style diagnostics
    Human,
    /// the JSON result of the specification
    Json,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// JUnit XML, one test case per form
    Junit,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// GitLab Code Quality JSON
    Gitlab,
}

/// The report of a run in a format.
pub fn render(format: Format, run: &RunReport, options: &RenderOptions) -> String {
    match format {
        Format::Human => report::human::render(run, options),
        Format::Json => report::json::render(run, options),
        Format::Sarif => report::sarif::render(run, options),
        Format::Junit => report::junit::render(run, options),
        Format::Github => report::github::render(run, options),
        Format::Gitlab => report::gitlab::render(run, options),
    }
}

pub fn run(args: ValidateArgs) -> ExitCode {
    // Refused before anything is checked: a typo should not cost a run.
    let docs_url = match args.docs_url.as_deref().map(onboard::config::docs_url) {
        Some(Ok(url)) => Some(url),
        Some(Err(text)) => return fail_text(&text),
        None => None,
    };
    let watch = |settings: &mut onboard::Settings| {
        let Some(path) = &args.links_state else {
            return Ok(());
        };
        settings.links_state = Some(onboard::links_state::read(path).map_err(|t| fail_text(&t))?);
        if let Some(max) = args.max_unverified_runs {
            settings.max_unverified_runs = max;
        }
        Ok(())
    };
    let (engine, checked) = match args.check.run_with("validate", false, watch) {
        Ok(run) => run,
        Err(code) => return code,
    };
    if let (Some(path), Some(state)) = (&args.links_state, &checked.links_state)
        && let Err(text) =
            super::report_file::write_refusing(path, &state.to_json(), "links-state.not-a-file")
    {
        return fail_text(&text);
    }
    let settings = engine.settings();
    let fails = checked.fails();
    let options = RenderOptions {
        lang: super::lang(),
        styled: args.color.styled(),
        links_unchecked: !checked.links_checked,
        root: checked.root.clone(),
        exit_code: if fails { EXIT_FINDINGS } else { 0 },
        severities: settings.severities.clone(),
        docs_url: docs_url.or_else(|| settings.docs_url.clone()),
    };
    match &args.output {
        Some(path) => {
            let plain = RenderOptions {
                styled: false,
                ..options.clone()
            };
            if let Err(text) =
                super::report_file::write(path, &render(args.format, &checked.run, &plain))
            {
                return fail_text(&text);
            }
            write_stdout(&render(Format::Human, &checked.run, &options));
        }
        None => {
            // Machine formats are never coloured.
            let options = if args.format == Format::Human {
                options
            } else {
                RenderOptions {
                    styled: false,
                    ..options
                }
            };
            write_stdout(&render(args.format, &checked.run, &options));
        }
    }
    // The process ends here: freeing the reports of thousands of forms one by one would
    // only delay the exit (about 9 ms at 10,000 forms); the OS takes the memory back whole.
    std::mem::forget(checked);
    if fails {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}
