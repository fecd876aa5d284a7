//! `onboard explain CODE`, `--list` and `--markdown`: what a check looks at and why; with
//! `--format json` the same as data, for tools and the web page. `--glossary`: the words
//! of the onboarding (PVOG, LeiKa-ID, …) and what they mean.

use std::process::ExitCode;

use onboard::finding::diagnostic::Text;
use onboard::finding::registry::Code;
use onboard::{explain, glossary};

use super::{fail_text, write_stdout};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["code", "list", "markdown", "glossary"]))]
pub struct ExplainArgs {
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    #[arg(long)]
    pub list: bool,
    #[arg(long)]
    pub markdown: bool,
    #[arg(long)]
    pub glossary: bool,
    #[arg(long, value_enum, default_value_t = Format::Human, conflicts_with = "markdown")]
    pub format: Format,
}

/// The formats of an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    let lang = super::lang();
    let json = args.format == Format::Json;
    if args.list {
        write_stdout(&if json {
            explain::list_json(lang)
        } else {
            explain::list(lang)
        });
        return ExitCode::SUCCESS;
    }
    if args.glossary {
        write_stdout(&if json {
            glossary::json(lang)
        } else {
            glossary::text(lang)
        });
        return ExitCode::SUCCESS;
    }
    if args.markdown {
        write_stdout(&explain::markdown());
        return ExitCode::SUCCESS;
    }
    let input = args.code.unwrap_or_default();
    match Code::from_code(input.trim()) {
        Some(code) => {
            write_stdout(&if json {
                explain::json(code, lang)
            } else {
                explain::render(code, lang)
            });
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
