//! `onboard status FORM`: the eight steps of the guide for one form, and whether it is
//! ready for test or production operation.

use std::path::PathBuf;
use std::process::ExitCode;

use onboard::finding::diagnostic::Text;
use onboard::report::RenderOptions;
use onboard::report::status as render;

use onboard::engine::{Engine, Flags, Inputs};

use super::check;
use super::{ColorWhen, EXIT_FINDINGS, fail_text, write_stdout};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[arg(value_name = "FORM")]
    pub form: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub flags: Flags,
}

/// The formats of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Exit status 0 when the form is ready for test or production operation, 1 when it is
/// ready for neither, 2 when the form cannot be checked.
pub fn run(args: StatusArgs) -> ExitCode {
    let engine = match check::settings(&args.flags) {
        Ok(settings) => Engine::new(settings),
        Err(code) => return code,
    };
    let files = match engine.find(std::slice::from_ref(&args.form)) {
        Ok(files) => files,
        Err(e) => return fail_text(&e.text()),
    };
    if files.len() != 1 {
        let path = args.form.display().to_string();
        return fail_text(&Text::new("status.one-form").arg("path", path));
    }
    let checked = match check::check(&engine, Inputs::Files(files)) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    // One form, so one checklist.
    let Some(status) = engine.status(&checked).pop() else {
        return ExitCode::from(EXIT_FINDINGS);
    };
    let options = RenderOptions {
        lang: super::lang(),
        styled: args.color.styled(),
        links_unchecked: !checked.links_checked,
        ..RenderOptions::default()
    };
    let text = match args.format {
        Format::Human => render::human(&status, &options),
        Format::Json => render::json(&status, &options),
    };
    write_stdout(&text);
    if status.ready_for.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}
