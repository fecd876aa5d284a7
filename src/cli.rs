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
    /// Skip the checks that need the network (whether the privacy-policy link is live).
    #[arg(long)]
    offline: bool,
    #[command(flatten)]
    network: NetworkArgs,
    /// A Destatis GV100AD file to check regional keys against, instead of the built-in
    /// edition (Stand 30.11.2025).
    #[arg(long, value_name = "FILE")]
    regional_keys: Option<PathBuf>,
}

/// How the privacy-policy links are checked online.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Online checks")]
struct NetworkArgs {
    /// Requests in flight at most.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    concurrency: u16,
    /// Requests against one host at a time at most.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    per_host: u16,
    /// Seconds one request may take.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// Let links lead to loopback, private and other non-public addresses (intranets, tests).
    #[arg(long)]
    allow_private_networks: bool,
    /// Let links lead to this non-public network only, e.g. 10.20.0.0/16 (repeatable).
    #[arg(long, value_name = "CIDR")]
    allow_network: Vec<ipnet::IpNet>,
    /// Trust the root certificates in this PEM file too (repeatable).
    #[arg(long, value_name = "FILE")]
    ca_cert: Vec<PathBuf>,
    /// Resolve HOST to ADDR, as curl's --resolve (repeatable); ADDR is still guarded.
    #[arg(long, value_name = "HOST:ADDR", value_parser = parse_pin)]
    resolve: Vec<(String, std::net::IpAddr)>,
}

/// `HOST:ADDR`, also curl's `HOST:PORT:ADDR` (the port is ignored) and `[v6]` addresses.
fn parse_pin(s: &str) -> Result<(String, std::net::IpAddr), String> {
    let (host, rest) = s.split_once(':').ok_or("expected HOST:ADDR")?;
    let addr = match rest.split_once(':') {
        Some((port, addr)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => addr,
        _ => rest,
    };
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let ip = addr
        .parse()
        .map_err(|_| format!("`{addr}` is not an IP address"))?;
    if host.is_empty() {
        return Err("the host name is empty".into());
    }
    Ok((host.to_ascii_lowercase(), ip))
}

impl NetworkArgs {
    fn settings(&self) -> Result<onboard::online::Settings, String> {
        let mut ca_certs = Vec::new();
        for path in &self.ca_cert {
            ca_certs.push(std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?);
        }
        Ok(onboard::online::Settings {
            concurrency: usize::from(self.concurrency),
            per_host: usize::from(self.per_host),
            timeout: std::time::Duration::from_secs(self.timeout),
            policy: onboard::online::AddressPolicy {
                allow_all: self.allow_private_networks,
                allowed: self.allow_network.clone(),
            },
            ca_certs,
            pins: self.resolve.clone(),
            ..onboard::online::Settings::default()
        })
    }
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
    let mut run = validate::validate(&files, &options);
    if !args.offline {
        let settings = match args.network.settings() {
            Ok(settings) => settings,
            Err(e) => return fail(e),
        };
        let urls = validate::links_to_check(&run);
        let progress = progress_bar(urls.len());
        let links = onboard::online::check_links(&urls, &settings, &|| progress.inc(1));
        progress.finish_and_clear();
        match links {
            Ok(links) => validate::attach_links(&mut run, &links),
            Err(e) => return fail(e),
        }
    }

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
        links_unchecked: args.offline,
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

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
