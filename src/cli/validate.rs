//! `onboard validate`: check forms and report every finding.

use std::process::ExitCode;

use clap::ValueEnum;

use onboard::report::{self, RenderOptions};

use super::check::CheckArgs;
use super::{ColorWhen, EXIT_FINDINGS, write_stdout};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(args: ValidateArgs) -> ExitCode {
    let run = match args.check.run() {
        Ok(run) => run,
        Err(code) => return code,
    };
    let render = RenderOptions {
        lang: super::lang(),
        styled: args.color.styled(),
        links_unchecked: args.check.options.offline,
    };
    let text = match args.format {
        Format::Human => report::human::render(&run, &render),
        Format::Json => report::json::render(&run, &render),
    };
    write_stdout(&text);
    if run.fails(args.check.deny_warnings) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}
