//! `onboard validate`: check forms and report every finding.

use std::process::ExitCode;

use clap::ValueEnum;

use onboard::messages::Lang;
use onboard::report::{self, RenderOptions};

use super::check::CheckArgs;
use super::{ColorWhen, EXIT_FINDINGS, write_stdout};

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour the output; NO_COLOR is honoured with `auto`.
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
        lang: Lang::En,
        styled: args.color.styled(),
        links_unchecked: args.check.offline,
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
