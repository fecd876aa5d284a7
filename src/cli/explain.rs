//! `onboard explain CODE`, `--list` and `--markdown`: what a check looks at and why.

use std::process::ExitCode;

use onboard::checks::registry::Code;
use onboard::diagnostic::Text;
use onboard::explain;

use super::{fail_text, write_stdout};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["code", "list", "markdown"]))]
pub struct ExplainArgs {
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    #[arg(long)]
    pub list: bool,
    #[arg(long)]
    pub markdown: bool,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    let lang = super::lang();
    if args.list {
        write_stdout(&explain::list(lang));
        return ExitCode::SUCCESS;
    }
    if args.markdown {
        write_stdout(&explain::markdown());
        return ExitCode::SUCCESS;
    }
    let input = args.code.unwrap_or_default();
    match Code::from_code(input.trim()) {
        Some(code) => {
            write_stdout(&explain::render(code, lang));
            ExitCode::SUCCESS
        }
        None => {
            let text = match explain::closest_code(&input) {
                Some(close) => {
                    Text::new("explain.unknown-code.suggest").arg("suggestion", close.as_str())
                }
                None => Text::new("explain.unknown-code"),
            }
            .arg("code", input);
            fail_text(&text)
        }
    }
}
