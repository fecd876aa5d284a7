//! Human output in the style of cargo's diagnostics: `error[code]: message`, the place,
//! the source line with the value underlined, related places, and `help:`.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{RenderOptions, table};
use crate::finding::diagnostic::{Diagnostic, Related};
use crate::finding::registry::Severity;
use crate::finding::source::{SourceText, Span};
use crate::messages::{self, Lang};
use crate::validate::{FormReport, RunReport};

/// Lines a snippet shows at most; a longer span is underlined on its first line only.
const MAX_SNIPPET_LINES: usize = 6;

/// The run as the terminal report: each finding with its source lines, then a summary, and
/// last, when there are findings, how to learn more about one ([`explain_hint`]).
pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    let mut out = findings(run, options);
    if let Some(hint) = explain_hint(run, options.lang) {
        out.push_str(&hint);
    }
    out
}

/// The line that ends a report with findings, as rustc's "For more information about this
/// error, try `rustc --explain E0308`": `onboard explain` with the first finding's code.
pub fn explain_hint(run: &RunReport, lang: Lang) -> Option<String> {
    let first = run.files.iter().flat_map(|f| &f.diagnostics).next()?;
    let text =
        crate::finding::diagnostic::Text::new("summary.explain").arg("code", first.code.as_str());
    Some(format!("{}\n", messages::message(lang, &text)))
}

/// The findings and the summary, without [`explain_hint`] (for a report that goes on).
pub fn findings(run: &RunReport, options: &RenderOptions) -> String {
    let renderer = if options.styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let lang = options.lang;
    let mut out = String::new();
    for file in &run.files {
        for diagnostic in &file.diagnostics {
            out.push_str(&render_diagnostic(run, file, diagnostic, &renderer, lang));
            out.push_str("\n\n");
        }
    }
    if run.files.len() == 1 {
        let file = &run.files[0];
        if !file.areas.is_empty() {
            let areas = file.areas_text(usize::MAX);
            let line = messages::message(
                lang,
                &crate::finding::diagnostic::Text::new("summary.areas").arg("areas", areas),
            );
            out.push_str(&line);
            out.push('\n');
        }
    } else if !run.files.is_empty() {
        out.push_str(&table::render(run, options));
        out.push('\n');
    }
    out.push_str(&summary_line(run, lang));
    out.push('\n');
    if options.links_unchecked {
        out.push_str(&messages::ui(lang, "summary.links-unchecked"));
        out.push('\n');
    }
    out
}

fn summary_line(run: &RunReport, lang: Lang) -> String {
    let (errors, warnings) = (run.count(Severity::Error), run.count(Severity::Warning));
    // Warnings without errors pass the exit status but still need a look: not "ok".
    let id = match (errors, warnings) {
        (0, 0) => "summary.passed",
        (0, _) => "summary.warned",
        _ => "summary.failed",
    };
    let text = crate::finding::diagnostic::Text::new(id)
        .arg("files", run.files.len().to_string())
        .arg("errors", errors.to_string())
        .arg("warnings", warnings.to_string());
    messages::message(lang, &text)
}

/// The level of a finding, named in the output's language ("error", "Fehler").
fn level(severity: Severity, lang: Lang) -> Level<'static> {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    level.with_name(messages::ui(lang, crate::explain::severity_term(severity)))
}

/// The lines to show for a span and the span relative to them.
fn excerpt<'s>(source: &'s SourceText, span: &Span) -> (&'s str, usize, Span) {
    let (mut range, first_line) = source.lines_around(span);
    let text = &source.text()[range.clone()];
    if text.lines().count() > MAX_SNIPPET_LINES {
        let first_end = text.find('\n').map_or(range.end, |i| range.start + i);
        range.end = first_end;
    }
    let start = span.start.clamp(range.start, range.end) - range.start;
    let end = span.end.clamp(range.start, range.end) - range.start;
    (&source.text()[range], first_line, start..end.max(start))
}

fn render_diagnostic(
    run: &RunReport,
    file: &FormReport,
    d: &Diagnostic,
    renderer: &Renderer,
    lang: Lang,
) -> String {
    let message = messages::message(lang, &d.text);
    let help = messages::help(lang, &d.text);
    let related_labels: Vec<String> = d
        .related
        .iter()
        .map(|r| messages::message(lang, &r.label))
        .collect();
    let title = level(d.severity, lang)
        .primary_title(message.as_str())
        .id(d.code.as_str());
    let mut group = Group::with_title(title);
    match (&file.source, d.field.is_some() || d.span.end > 0) {
        (Some(source), true) => {
            let (text, line_start, span) = excerpt(source, &d.span);
            group = group.element(
                Snippet::source(text)
                    .line_start(line_start)
                    .path(file.path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        }
        _ => {
            group = group.element(
                Origin::path(file.path.as_str())
                    .line(d.line)
                    .char_column(d.column),
            );
        }
    }
    for (related, label) in d.related.iter().zip(&related_labels) {
        group = group.element(related_snippet(run, related, label));
    }
    if let Some(help) = &help {
        let name = messages::ui(lang, "run.help");
        group = group.element(Level::HELP.with_name(name).message(help.as_str()));
    }
    renderer.render(&[group])
}

fn related_snippet<'a>(
    run: &'a RunReport,
    related: &'a Related,
    label: &'a str,
) -> annotate_snippets::Element<'a> {
    let source = run
        .files
        .iter()
        .find(|f| f.path == related.path)
        .and_then(|f| f.source.as_ref());
    match source {
        Some(source) => {
            let (text, line_start, span) = excerpt(source, &related.span);
            Snippet::source(text)
                .line_start(line_start)
                .path(related.path.as_str())
                .annotation(AnnotationKind::Context.span(span).label(label))
                .into()
        }
        None => Origin::path(related.path.as_str())
            .line(related.line)
            .char_column(related.column)
            .into(),
    }
}
