//! The command line: parses flags, wires the library together, decides colour and exit
//! status. No check logic lives here.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
use onboard::messages::Lang;
use onboard::report::{self, RenderOptions};
use onboard::validate::{self, Options};

/// Checks EfA order forms (Bestellzettel) and builds tenant config bundles.
#[derive(Debug, Parser)]
#[command(name = "onboard", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check order forms and report every problem at its place.
    ///
    /// Exit status: 0 no errors, 1 findings that fail the run, 2 the run could not be done.
    Validate(ValidateArgs),
    /// Print the JSON Schema of the order form (for editors: taplo, Even Better TOML).
    Schema,
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Form files or folders (searched recursively for *.toml) [default: order-forms]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail the run (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// When to colour the output; NO_COLOR is honoured with `auto`.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Skip the checks that need the network (the privacy-policy link).
    #[arg(long)]
    offline: bool,
    /// A Destatis GV100AD file to check regional keys against, instead of the built-in
    /// edition (Stand 30.11.2025).
    #[arg(long, value_name = "FILE")]
    regional_keys: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Exit status 2: the run itself could not be done.
const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate(args) => run_validate(args),
        Command::Schema => {
            write_stdout(&onboard::form::schema::json_schema_text());
            ExitCode::SUCCESS
        }
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(anstream::stderr(), "error: {message}");
    ExitCode::from(EXIT_USAGE)
}

fn load_areas(path: &PathBuf) -> Result<AreaDirectory, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    AreaDirectory::from_gv100ad(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run_validate(args: ValidateArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("order-forms")]
    } else {
        args.paths
    };
    let files = match onboard::discover::discover(&paths) {
        Ok(files) => files,
        Err(e) => return fail(e),
    };
    let custom_areas = match &args.regional_keys {
        Some(path) => match load_areas(path) {
            Ok(dir) => Some(dir),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let areas = custom_areas
        .as_ref()
        .unwrap_or_else(|| AreaDirectory::builtin());
    let options = Options {
        catalog: Catalog::builtin(),
        areas,
        today: validate::today(),
    };
    let run = validate::validate(&files, &options);

    let styled = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    };
    let render = RenderOptions {
        lang: Lang::En,
        styled,
        links_unchecked: true,
    };
    let text = match args.format {
        Format::Human => report::human::render(&run, &render),
        Format::Json => report::json::render(&run, &render),
    };
    write_stdout(&text);
    if run.fails(args.deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
