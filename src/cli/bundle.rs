//! `onboard bundle` (check forms, then write the bundles of those that pass) and
//! `onboard verify-bundle` (check a bundle folder or archive against its manifest and schema).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use onboard::bundle::ARCHIVE_SUFFIX;
use onboard::bundle::MAX_UNPACKED_BYTES;
use onboard::bundle::output::{self, Outcome, OutputDir, OutputError};
use onboard::bundle::verify::{self, ArchiveProblem, NamePlace, Problem, Reason};
use onboard::finding::diagnostic::Text;
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
    #[arg(long, value_enum, default_value_t = BundleFormat::Human)]
    pub format: BundleFormat,
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BundleFormat {
    /// the findings, then a line for each form's bundle
    Human,
    /// the JSON result of `validate`, each file with its `bundle`, and the counts
    Json,
}

/// What became of one form's bundle (`--format json`: `files[].bundle`).
#[derive(Debug, serde::Serialize)]
struct BundleResult {
    /// created, replaced, unchanged, kept (an older, different one without --force),
    /// failed (could not be built), or skipped (the form's findings).
    outcome: &'static str,
    folder: Option<String>,
    archive: Option<String>,
    /// Why there is no new bundle, in the output's language.
    reason: Option<String>,
}

/// The counts of a bundle run (`--format json`: `bundles`).
#[derive(Debug, serde::Serialize)]
struct BundleCounts {
    dir: String,
    created: usize,
    replaced: usize,
    unchanged: usize,
    kept: usize,
    /// Forms without a new bundle: failed or skipped.
    none: usize,
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
        Err(e) => return fail_output(&e),
    };
    // The bundles ship the logos exactly as validation read them.
    let (engine, checked) = match args.check.run("bundle", true) {
        Ok(run) => run,
        Err(code) => return code,
    };
    let render = RenderOptions {
        lang: super::lang(),
        styled: args.color.styled(),
        links_unchecked: !checked.links_checked,
        ..RenderOptions::default()
    };
    let json = args.format == BundleFormat::Json;
    let mut text = if json {
        String::new()
    } else {
        // The line on `onboard explain` comes last, after the bundles' lines.
        let mut text = report::human::findings(&checked.run, &render);
        text.push('\n');
        text
    };
    let lang = super::lang();

    let built = engine.bundle(&checked);
    let mut not_built = 0;
    let mut bundles = Vec::new();
    // One entry per form: `None` for those whose bundle goes to be written.
    let mut results: Vec<Option<BundleResult>> = Vec::new();
    for (report, result) in checked.run.files.iter().zip(built) {
        let refused = |outcome, text: Text| BundleResult {
            outcome,
            folder: None,
            archive: None,
            reason: Some(messages::message(lang, &text)),
        };
        match result {
            Some(Ok(bundle)) => {
                bundles.push(bundle);
                results.push(None);
            }
            Some(Err(e)) => {
                not_built += 1;
                let why = Text::new("bundle.failed")
                    .arg("file", &report.path)
                    .nested("reason", e.text());
                results.push(Some(refused("failed", why.clone())));
                say(&mut text, why);
            }
            None => {
                not_built += 1;
                let id = if report.count(onboard::finding::registry::Severity::Error) > 0 {
                    "bundle.skipped-errors"
                } else {
                    "bundle.skipped-warnings"
                };
                let why = Text::new(id).arg("file", &report.path);
                results.push(Some(refused("skipped", why.clone())));
                say(&mut text, why);
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
        let _ = writeln!(anstream::stderr(), "{}", messages::message(lang, &text));
    };
    let written = match out.write(bundles, options, waiting) {
        Ok(written) => written,
        Err(e) => {
            // Human output shows the findings first; a JSON reader gets no half result.
            if !json {
                write_stdout(&text);
            }
            return fail_output(&e);
        }
    };

    let mut counts = [0usize; 4];
    let mut written_results = Vec::new();
    for w in &written {
        let mut targets = vec![folder(&w.folder)];
        targets.extend(w.archive.as_ref().map(|a| a.display().to_string()));
        let targets = messages::and_list(lang, &targets);
        let (id, slot, outcome) = match w.outcome {
            Outcome::Created => ("bundle.created", 0, "created"),
            Outcome::Replaced => ("bundle.replaced", 1, "replaced"),
            Outcome::Unchanged => ("bundle.unchanged", 2, "unchanged"),
            Outcome::Kept => ("bundle.kept", 3, "kept"),
        };
        counts[slot] += 1;
        let line = Text::new(id).arg("targets", targets);
        written_results.push(BundleResult {
            outcome,
            folder: Some(folder(&w.folder)),
            archive: w.archive.as_ref().map(|a| a.display().to_string()),
            reason: (w.outcome == Outcome::Kept).then(|| messages::message(lang, &line)),
        });
        say(&mut text, line);
    }
    let summary = Text::new("bundle.summary")
        .arg("dir", folder(&args.out))
        .arg("created", counts[0].to_string())
        .arg("replaced", counts[1].to_string())
        .arg("unchanged", counts[2].to_string())
        .arg("kept", counts[3].to_string())
        .arg("none", not_built.to_string());
    say(&mut text, summary);
    if json {
        // `written` is in the order the bundles were handed over: the forms' order.
        let mut written_results = written_results.into_iter();
        let results = results
            .into_iter()
            .map(|r| r.or_else(|| written_results.next()));
        let counts = BundleCounts {
            dir: folder(&args.out),
            created: counts[0],
            replaced: counts[1],
            unchanged: counts[2],
            kept: counts[3],
            none: not_built,
        };
        let plain = RenderOptions {
            styled: false,
            ..render
        };
        text = report::json::render_with(
            &checked.run,
            &plain,
            Some(("bundle", results.collect())),
            Some(("bundles", counts)),
        );
    } else if let Some(hint) = report::human::explain_hint(&checked.run, lang) {
        text.push_str(&hint);
    }
    write_stdout(&text);

    if checked.fails() || not_built > 0 || counts[3] > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Says why bundles could not be written, in the language: each reason on a line of its
/// own, the help once at the end (exit status 2).
fn fail_output(e: &OutputError) -> ExitCode {
    let texts = e.texts();
    let Some((last, rest)) = texts.split_last() else {
        return fail(e);
    };
    for text in rest {
        fail(messages::message(super::lang(), text));
    }
    fail_text(last)
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
    let reason = |reason: &Reason| match reason {
        Reason::Said(text) => messages::message(super::lang(), text),
        Reason::Quoted(words) => words.clone(),
    };
    match problem {
        Problem::Manifest { reason: r } => Text::new("verify.manifest").arg("reason", reason(r)),
        Problem::Missing { .. } => Text::new("verify.missing"),
        Problem::NotAFile { .. } => Text::new("verify.not-a-file"),
        Problem::Unexpected { .. } => Text::new("verify.unexpected"),
        Problem::Size {
            expected, actual, ..
        } => Text::new("verify.size")
            .arg("expected", expected.to_string())
            .arg("actual", actual.to_string()),
        Problem::TooLarge { size, .. } => Text::new("verify.too-large")
            .arg("size", size.to_string())
            .arg("max", MAX_UNPACKED_BYTES.to_string()),
        Problem::Hash {
            expected, actual, ..
        } => Text::new("verify.hash")
            .arg("expected", expected)
            .arg("actual", actual),
        Problem::Schema {
            pointer, reason: r, ..
        } => Text::new("verify.schema")
            .arg("pointer", if pointer.is_empty() { "/" } else { pointer })
            .arg("reason", reason(r)),
        Problem::Contacts { reason: r, .. } => {
            Text::new("verify.contacts").arg("reason", reason(r))
        }
        Problem::LogoNotListed { .. } => Text::new("verify.logo-not-listed"),
        Problem::Archive(ArchiveProblem::Header) => Text::new("verify.archive-header"),
        Problem::Archive(ArchiveProblem::TooLarge(max)) => {
            Text::new("verify.archive-too-large").arg("max", max.to_string())
        }
        Problem::Archive(ArchiveProblem::TooManyEntries(max)) => {
            Text::new("verify.archive-entries").arg("max", max.to_string())
        }
        Problem::Archive(ArchiveProblem::Damaged(reason)) => {
            Text::new("verify.archive").arg("reason", reason)
        }
        Problem::Archive(ArchiveProblem::Trailing {
            offset,
            member: true,
            ..
        }) => Text::new("verify.archive-member").arg("offset", offset.to_string()),
        Problem::Archive(ArchiveProblem::Trailing { offset, len, .. }) => {
            Text::new("verify.archive-trailing")
                .arg("offset", offset.to_string())
                .arg("count", len.to_string())
        }
        Problem::Archive(ArchiveProblem::AfterEnd { offset, len }) => {
            Text::new("verify.archive-after-end")
                .arg("offset", offset.to_string())
                .arg("count", len.to_string())
        }
        Problem::Archive(ArchiveProblem::NotCanonical { offset }) => {
            Text::new("verify.archive-not-canonical").arg("offset", offset.to_string())
        }
        Problem::Name {
            place,
            actual,
            expected,
        } => {
            let text = match place {
                NamePlace::Folder => Text::new("verify.name-folder"),
                NamePlace::Archive => Text::new("verify.name-archive"),
                NamePlace::TopFolder => Text::new("verify.name-top-folder"),
            };
            // The tenant, whatever the place: the archive's expected name is derived.
            let tenant = expected.strip_suffix(ARCHIVE_SUFFIX).unwrap_or(expected);
            text.arg("actual", actual)
                .arg("expected", expected)
                .arg("tenant", tenant)
        }
    }
    .arg("file", file)
}
