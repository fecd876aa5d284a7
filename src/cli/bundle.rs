//! `onboard bundle` (check forms, then write the bundles of those that pass) and
//! `onboard verify-bundle` (check a bundle folder or archive against its manifest and schema).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use onboard::bundle::output::{self, Outcome, OutputDir};
use onboard::bundle::verify::{self, Problem};
use onboard::catalog::Catalog;
use onboard::diagnostic::Text;
use onboard::messages;
use onboard::report::{self, RenderOptions};

use super::check::CheckArgs;
use super::{ColorWhen, EXIT_FINDINGS, fail, fail_text, write_stdout};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct BundleArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    #[arg(long, value_name = "DIR", default_value = "dist")]
    pub out: PathBuf,
    #[arg(long)]
    pub force: bool,
    #[arg(long)]
    pub archive: bool,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    pub folder: PathBuf,
}

fn say(out: &mut String, text: Text) {
    out.push_str(&messages::message(super::lang(), &text));
    out.push('\n');
    if let Some(help) = messages::help(super::lang(), &text) {
        out.push_str(&format!(
            "  = {}: {help}\n",
            messages::ui(super::lang(), "run.help")
        ));
    }
}

/// A folder as the output names it: with a final slash, so it reads as a folder.
fn folder(path: &Path) -> String {
    format!("{}/", path.display())
}

pub fn run(args: BundleArgs) -> ExitCode {
    // The output folder is made and found writable before any (possibly long) check.
    let out = match OutputDir::open(&args.out) {
        Ok(out) => out,
        Err(e) => return fail(e),
    };
    let checked = match args.check.run() {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let render = RenderOptions {
        lang: super::lang(),
        styled: args.color.styled(),
        links_unchecked: args.check.options.offline,
        ..RenderOptions::default()
    };
    let mut text = report::human::render(&checked.run, &render);
    text.push('\n');

    let built = onboard::bundle::build_run(
        &checked.files,
        &checked.run,
        Catalog::builtin(),
        &checked.areas_edition,
        args.check.deny_warnings,
    );
    let mut not_built = 0;
    let mut bundles = Vec::new();
    for (report, result) in checked.run.files.iter().zip(built) {
        match result {
            Some(Ok(bundle)) => bundles.push(bundle),
            Some(Err(e)) => {
                not_built += 1;
                let reason = e.to_string();
                say(
                    &mut text,
                    Text::new("bundle.failed")
                        .arg("file", &report.path)
                        .arg("reason", reason),
                );
            }
            None => {
                not_built += 1;
                let id = if report.count(onboard::checks::registry::Severity::Error) > 0 {
                    "bundle.skipped-errors"
                } else {
                    "bundle.skipped-warnings"
                };
                say(&mut text, Text::new(id).arg("file", &report.path));
            }
        }
    }

    let options = output::Options {
        force: args.force,
        archive: args.archive,
    };
    let shown = args.out.display().to_string();
    let waiting = || {
        use std::io::Write;
        let text = Text::new("bundle.waiting").arg("dir", shown.clone());
        let _ = writeln!(
            anstream::stderr(),
            "{}",
            messages::message(super::lang(), &text)
        );
    };
    let written = match out.write(bundles, options, waiting) {
        Ok(written) => written,
        Err(e) => {
            write_stdout(&text);
            return fail(e);
        }
    };

    let mut counts = [0usize; 4];
    for w in &written {
        let mut targets = folder(&w.folder);
        if let Some(archive) = &w.archive {
            targets = format!("{targets} and {}", archive.display());
        }
        let (id, slot) = match w.outcome {
            Outcome::Created => ("bundle.created", 0),
            Outcome::Replaced => ("bundle.replaced", 1),
            Outcome::Unchanged => ("bundle.unchanged", 2),
            Outcome::Kept => ("bundle.kept", 3),
        };
        counts[slot] += 1;
        say(&mut text, Text::new(id).arg("targets", targets));
    }
    let summary = Text::new("bundle.summary")
        .arg("dir", folder(&args.out))
        .arg("created", counts[0].to_string())
        .arg("replaced", counts[1].to_string())
        .arg("unchanged", counts[2].to_string())
        .arg("kept", counts[3].to_string())
        .arg("none", not_built.to_string());
    say(&mut text, summary);
    write_stdout(&text);

    if checked.run.fails(args.check.deny_warnings) || not_built > 0 || counts[3] > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn verify(args: VerifyArgs) -> ExitCode {
    let problems = match verify::verify(&args.folder) {
        Ok(problems) => problems,
        Err(e) => return fail_text(&e.text()),
    };
    let mut text = String::new();
    for problem in &problems {
        say(&mut text, problem_text(problem));
    }
    // A folder is shown as one (`dist/x/`); an archive by its name.
    let dir = if args.folder.is_dir() {
        folder(&args.folder)
    } else {
        args.folder.display().to_string()
    };
    if problems.is_empty() {
        say(&mut text, Text::new("verify.ok").arg("dir", dir));
        write_stdout(&text);
        ExitCode::SUCCESS
    } else {
        let count = problems.len().to_string();
        say(
            &mut text,
            Text::new("verify.failed")
                .arg("dir", dir)
                .arg("count", count),
        );
        write_stdout(&text);
        ExitCode::from(EXIT_FINDINGS)
    }
}

fn problem_text(problem: &Problem) -> Text {
    let file = problem.file().to_owned();
    match problem {
        Problem::Manifest { reason } => Text::new("verify.manifest").arg("reason", reason),
        Problem::Missing { .. } => Text::new("verify.missing"),
        Problem::NotAFile { .. } => Text::new("verify.not-a-file"),
        Problem::Unexpected { .. } => Text::new("verify.unexpected"),
        Problem::Size {
            expected, actual, ..
        } => Text::new("verify.size")
            .arg("expected", expected.to_string())
            .arg("actual", actual.to_string()),
        Problem::Hash {
            expected, actual, ..
        } => Text::new("verify.hash")
            .arg("expected", expected)
            .arg("actual", actual),
        Problem::Schema {
            pointer, reason, ..
        } => Text::new("verify.schema")
            .arg("pointer", if pointer.is_empty() { "/" } else { pointer })
            .arg("reason", reason),
        Problem::Contacts { reason, .. } => Text::new("verify.contacts").arg("reason", reason),
        Problem::LogoNotListed { .. } => Text::new("verify.logo-not-listed"),
        Problem::Archive { reason } => Text::new("verify.archive").arg("reason", reason),
    }
    .arg("file", file)
}
