//! `onboard init [FILE]`: writes a new order form from the commented template, never over
//! an existing file; with `--interactive`, asks for each value first.

mod interview;
mod prompt;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use onboard::engine::Flags;
use onboard::finding::diagnostic::Text;
use onboard::messages;
use onboard::template::{self, Answers};

use super::{fail_text, write_stdout};

/// The file `init` writes when none is named.
const DEFAULT_FILE: &str = "bestellzettel.toml";

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[arg(long, short)]
    pub interactive: bool,
}

fn io_failure(path: &Path, e: &std::io::Error) -> ExitCode {
    fail_text(
        &Text::new("run.io")
            .arg("path", path.display().to_string())
            .arg("reason", e.to_string()),
    )
}

pub fn run(args: InitArgs) -> ExitCode {
    let lang = super::lang();
    let path = args.file.unwrap_or_else(|| PathBuf::from(DEFAULT_FILE));
    let shown = path.display().to_string();
    // Refused before any question, so that nobody answers in vain.
    if path.exists() || path.is_symlink() {
        return fail_text(&Text::new("init.exists").arg("path", shown));
    }
    let form_dir = onboard::confine::folder_of(&path).to_path_buf();
    if !form_dir.is_dir() {
        let text = Text::new("run.not-found").arg("path", form_dir.display().to_string());
        return fail_text(&text);
    }
    // The repository's services and areas, as every command reads them.
    let settings = match super::check::settings(&Flags::default()) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let answers = if args.interactive {
        match interview::run(lang, &form_dir, &settings) {
            Ok(answers) => answers,
            Err(text) => return fail_text(&text),
        }
    } else {
        Answers::default()
    };
    let schema = template::schema_path_for(&form_dir);
    let text = template::render(lang, &schema, &answers, &settings.catalog);
    // `create_new` refuses an existing file even if one appeared during the questions.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return fail_text(&Text::new("init.exists").arg("path", shown));
        }
        Err(e) => return io_failure(&path, &e),
    }
    let next = if args.interactive {
        "init.written-interactive"
    } else {
        "init.written"
    };
    let text = Text::new(next).arg("path", shown);
    let mut out = messages::message(lang, &text);
    out.push('\n');
    if let Some(help) = messages::help(lang, &text) {
        out.push_str(&help);
        out.push('\n');
    }
    write_stdout(&out);
    ExitCode::SUCCESS
}
