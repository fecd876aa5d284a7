//! The command line: parses flags, wires the library together, decides language, colour and
//! exit status. No check logic lives here; each command has its own module.

mod bundle;
mod check;
mod explain;
mod help;
mod init;
mod parse_error;
mod report_file;
mod schema;
mod serve;
mod shell;
mod status;
mod validate;

use std::io::Write;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};

use onboard::finding::diagnostic::Text;
use onboard::messages::{self, Lang};

// Every about and help text comes from the catalogs (`cli.*`), in the user's language;
// `help::localize` puts them in. Doc comments here are for readers of the code only.
#[derive(Debug, Parser)]
#[command(name = "onboard", version, max_term_width = 100)]
struct Cli {
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: the size difference of the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    Init(init::InitArgs),
    Validate(validate::ValidateArgs),
    Status(status::StatusArgs),
    Explain(explain::ExplainArgs),
    Schema(schema::SchemaArgs),
    Bundle(bundle::BundleArgs),
    VerifyBundle(bundle::VerifyArgs),
    Serve(serve::ServeArgs),
    Completions(shell::CompletionsArgs),
    Man(shell::ManArgs),
}

/// The languages `--lang` takes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    De,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::De => Lang::De,
            LangArg::En => Lang::En,
        }
    }
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

/// The language of this run, decided once before the command line is parsed (the help
/// texts are already in it).
static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of this run.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The clap command with every text in `lang`, its help laid out for a terminal (also for
/// completions).
fn command(lang: Lang) -> clap::Command {
    help::localize(
        <Cli as clap::CommandFactory>::command(),
        lang,
        help::Layout::Terminal,
    )
}

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // On Linux sys-locale reads the same variables, LC_ALL, LC_MESSAGES and LANG, which
    // `decide` has already looked at; what it adds there is GNU's LANGUAGE (a list, the
    // first entry counts). On Windows and macOS it asks the system's UI language.
    let lang = Lang::decide(
        help::lang_in_args(&args),
        |k| std::env::var(k).ok(),
        sys_locale::get_locale,
    );
    let _ = LANG.set(lang);
    let plain = <Cli as clap::CommandFactory>::command();
    let matches = match help::parse(plain, || command(lang), &args) {
        Ok(matches) => matches,
        Err(e) => match parse_error::render(&e, lang) {
            Some(text) => {
                let _ = write!(anstream::stderr(), "{text}");
                return ExitCode::from(EXIT_USAGE);
            }
            // Help and version go to stdout, and a failed write must show (`--help >
            // /dev/full`); the rarer mistakes as clap says them.
            None if !e.use_stderr() => {
                let styled = e.render();
                let text = if ColorWhen::Auto.styled() {
                    styled.ansi().to_string()
                } else {
                    styled.to_string()
                };
                write_stdout(&text);
                return checked_stdout(ExitCode::SUCCESS);
            }
            None => e.exit(),
        },
    };
    if let Some(("help", sub)) = matches.subcommand() {
        return checked_stdout(print_help(lang, sub.get_one::<String>("command")));
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let code = match cli.command {
        Command::Init(args) => init::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Status(args) => status::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Bundle(args) => bundle::run(args),
        Command::VerifyBundle(args) => bundle::verify(args),
        Command::Serve(args) => serve::run(args),
        Command::Completions(args) => shell::completions(args, command(lang)),
        Command::Man(args) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            shell::man(args, help::localize(cmd, lang, help::Layout::Man))
        }
    };
    checked_stdout(code)
}

/// `onboard help [COMMAND]`: the help of a command, or of `onboard`.
fn print_help(lang: Lang, name: Option<&String>) -> ExitCode {
    let mut root = command(lang);
    root.build();
    let target = match name {
        None => Some(&mut root),
        Some(name) => root.find_subcommand_mut(name),
    };
    match target {
        Some(cmd) => {
            write_stdout(&cmd.render_long_help().to_string());
            ExitCode::SUCCESS
        }
        None => {
            let name = name.cloned().unwrap_or_default();
            fail_text(&Text::new("run.unknown-command").arg("command", name))
        }
    }
}

/// Says why the run could not be done, on stderr, and gives exit status 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    let prefix = messages::ui(lang(), "run.error");
    let _ = writeln!(anstream::stderr(), "{prefix}: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// [`fail`] with a catalog text, and its help on a second line when it has one.
pub fn fail_text(text: &Text) -> ExitCode {
    let lang = lang();
    let code = fail(messages::message(lang, text));
    if let Some(help) = messages::help(lang, text) {
        let label = messages::ui(lang, "run.help");
        let _ = writeln!(anstream::stderr(), "  {label}: {help}");
    }
    code
}

/// Why writing to stdout failed, once it has: [`main`] turns it into exit status 2, so that
/// a report lost on a full disk does not pass for one written.
static STDOUT_FAILED: OnceLock<String> = OnceLock::new();

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message, any other
/// failure is remembered for the exit status (and later writes are skipped).
pub fn write_stdout(text: &str) {
    if STDOUT_FAILED.get().is_some() {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        let _ = STDOUT_FAILED.set(e.to_string());
    }
}

/// The command's exit status, or 2 with a message when its output could not be written.
fn checked_stdout(code: ExitCode) -> ExitCode {
    match STDOUT_FAILED.get() {
        Some(reason) => fail_text(&Text::new("run.stdout-failed").arg("reason", reason)),
        None => code,
    }
}
