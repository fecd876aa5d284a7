//! The command line: parses flags, wires the library together, decides colour and exit
//! status. No check logic lives here; each command has its own module.

mod bundle;
mod check;
mod network;
mod schema;
mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    Validate(validate::ValidateArgs),
    /// Print the JSON Schema of the order form (for editors: taplo, Even Better TOML).
    Schema(schema::SchemaArgs),
    /// Check order forms and write the tenant config bundle of each form that passes.
    ///
    /// Exit status: 0 all bundles in place, 1 findings or a bundle not written, 2 the run
    /// could not be done (e.g. the output folder cannot be written).
    Bundle(bundle::BundleArgs),
    /// Check a bundle folder: every file against its manifest, tenant.json against its schema.
    VerifyBundle(bundle::VerifyArgs),
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether stdout gets ANSI styles: `auto` asks anstream (terminal, `NO_COLOR`,
    /// `CLICOLOR_FORCE`).
    pub fn styled(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
        }
    }
}

/// Exit status 1: findings that fail the run.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status 2: the run itself could not be done.
pub const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Bundle(args) => bundle::run(args),
        Command::VerifyBundle(args) => bundle::verify(args),
    }
}

/// Says why the run could not be done, on stderr, and gives exit status 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(anstream::stderr(), "error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message.
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
