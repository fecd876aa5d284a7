//! The upload page (`/check`): an existing form and its logo, checked as `validate` checks
//! them; every finding with its line, column and source line, like the terminal's output but
//! as HTML. "Edit in the form" opens the form page with the form's values (and the logo).

use std::sync::Arc;

use axum::extract::{Multipart, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use onboard::FormReport;
use onboard::engine::{Inputs, MemoryForm};
use onboard::finding::diagnostic::{Diagnostic, Text};
use onboard::finding::registry::Severity;
use onboard::finding::source::SourceText;
use onboard::messages::{self, Lang, ui};

use super::form_page::LangQuery;
use super::layout::{self, Switch};
use super::steps::EDIT;
use super::values;
use super::{failure, lang};
use crate::web::state::AppState;

/// The parts of the upload form.
const FORM_PART: &str = "form";
const LOGO_PART: &str = "logo";

pub async fn show(Query(query): Query<LangQuery>, headers: HeaderMap) -> Markup {
    let lang = lang::choose(query.lang.as_deref(), &headers);
    page(lang, None, None)
}

/// What an upload gave: the check's result, and the logo to carry into the form.
struct Checked {
    report: FormReport,
    logo: Option<Vec<u8>>,
}

pub async fn submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let parts = match super::read_posted(multipart, &headers).await {
        Ok(parts) => parts,
        Err(page) => return page,
    };
    let mut chosen = None;
    let mut form: Option<(String, Vec<u8>)> = None;
    let mut logo = None;
    for part in parts {
        match part.name.as_str() {
            "lang" => chosen = Some(part.text()),
            FORM_PART if part.file_name.is_some() || !part.bytes.is_empty() => {
                form = Some((part.file_name.clone().unwrap_or_default(), part.bytes));
            }
            LOGO_PART if !part.bytes.is_empty() => logo = Some(part.bytes),
            _ => {}
        }
    }
    let lang = lang::choose(chosen.as_deref(), &headers);
    let Some((name, bytes)) = form.filter(|(_, bytes)| !bytes.is_empty()) else {
        let missing = Text::new("web.check.missing");
        return page(lang, None, Some(&missing)).into_response();
    };
    let name = base_name(&name);
    let work = move || {
        let memory = MemoryForm {
            name,
            bytes,
            logo: logo.clone(),
        };
        // Pages never fetch a form's links: only the rate-limited API does.
        let checked = state.offline.check(Inputs::Memory(vec![memory])).ok()?;
        let report = checked.run.files.into_iter().next()?;
        Some(Checked { report, logo })
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Some(checked)) => page(lang, Some(&checked), None).into_response(),
        _ => failure(lang, axum::http::StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// The name an upload is reported under: its base name (a browser may send a path).
fn base_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if base.is_empty() {
        "bestellzettel.toml".to_owned()
    } else {
        base.chars().take(128).collect()
    }
}

fn page(lang: Lang, checked: Option<&Checked>, problem: Option<&Text>) -> Markup {
    let title = ui(lang, "web.check.title");
    let main = html! {
        h1.kern-title.kern-title--large { (title) }
        @if let Some(checked) = checked {
            (result(lang, checked))
        }
        p.kern-body { (ui(lang, "web.check.intro")) }
        @if let Some(problem) = problem {
            div.kern-alert.kern-alert--danger.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                div.kern-alert__header {
                    span.kern-icon.kern-icon--danger aria-hidden="true" {}
                    h2.kern-title #error-summary-title { (ui(lang, "web.summary.errors")) }
                }
                div.kern-alert__body {
                    ul.kern-list { li { a.kern-link href="#f-form" { (messages::message(lang, problem)) } } }
                }
            }
        }
        form method="post" action="/check" enctype="multipart/form-data" {
            input type="hidden" name="lang" value=(lang.code());
            div.kern-form-input.kern-form-input--error[problem.is_some()] {
                label.kern-label for="f-form" { (ui(lang, "web.check.form")) }
                div.kern-hint id="f-form-hint" { (ui(lang, "web.check.form-hint")) }
                input.kern-form-input__input type="file" id="f-form" name=(FORM_PART)
                    accept=".toml,text/plain,application/toml"
                    aria-describedby="f-form-hint"
                    aria-invalid=[problem.is_some().then_some("true")];
            }
            div.kern-form-input {
                label.kern-label for="f-logo" {
                    (ui(lang, "web.check.logo")) " "
                    span.kern-label__optional { "– " (ui(lang, "web.form.optional")) }
                }
                div.kern-hint id="f-logo-hint" { (ui(lang, "web.check.logo-hint")) }
                input.kern-form-input__input type="file" id="f-logo" name=(LOGO_PART)
                    accept=".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"
                    aria-describedby="f-logo-hint";
            }
            div.actions {
                button.kern-btn.kern-btn--primary type="submit" {
                    span.kern-label { (ui(lang, "web.check.submit")) }
                }
            }
        }
    };
    layout::page(lang, &title, Switch::Link("/check"), main)
}

/// The findings of an upload, and the way into the form.
fn result(lang: Lang, checked: &Checked) -> Markup {
    let report = &checked.report;
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let counts = Text::new("web.check.counts")
        .arg("file", report.path.as_str())
        .number("errors", errors as u64)
        .number("warnings", warnings as u64);
    // Only a form the check could read opens in the form (it was parsed within its bounds).
    let readable = !report
        .diagnostics
        .iter()
        .any(|d| d.code.info().about_file());
    let form = report
        .source
        .as_ref()
        .filter(|_| readable)
        .map(|source| values::from_toml(source.text()));
    html! {
        section aria-labelledby="result-title" {
            @if report.diagnostics.is_empty() {
                div.kern-alert.kern-alert--success role="status" {
                    div.kern-alert__header {
                        span.kern-icon.kern-icon--success aria-hidden="true" {}
                        h2.kern-title #result-title { (ui(lang, "web.check.passed")) }
                    }
                    div.kern-alert__body { p.kern-body { (messages::message(lang, &counts)) } }
                }
            } @else {
                div.kern-alert.kern-alert--danger[errors > 0].kern-alert--warning[errors == 0]
                    role="alert" tabindex="-1" autofocus {
                    div.kern-alert__header {
                        span.kern-icon.kern-icon--danger[errors > 0].kern-icon--warning[errors == 0] aria-hidden="true" {}
                        h2.kern-title #result-title { (ui(lang, "web.check.found")) }
                    }
                    div.kern-alert__body { p.kern-body { (messages::message(lang, &counts)) } }
                }
                ol.kern-list.findings {
                    @for d in &report.diagnostics {
                        li.finding { (finding(lang, report.source.as_ref(), d)) }
                    }
                }
            }
            @if let Some(form) = form {
                form method="post" action="/" enctype="multipart/form-data" {
                    (layout::carried(lang, &form, checked.logo.as_deref()))
                    div.actions {
                        button.kern-btn.kern-btn--secondary type="submit" name="action" value=(EDIT) {
                            span.kern-label { (ui(lang, "web.check.edit")) }
                        }
                    }
                }
            }
        }
    }
}

/// One finding: its severity and code, the message, where it is with the source line, and
/// the help.
fn finding(lang: Lang, source: Option<&SourceText>, d: &Diagnostic) -> Markup {
    let severity = ui(
        lang,
        match d.severity {
            Severity::Error => "term.severity.error",
            Severity::Warning => "term.severity.warning",
        },
    );
    let place = Text::new("web.check.place")
        .arg("line", d.line.to_string())
        .arg("column", d.column.to_string());
    html! {
        p.kern-body.finding-head {
            strong.severity-error[d.severity == Severity::Error]
                .severity-warning[d.severity == Severity::Warning] { (severity) }
            " " code { (d.code.as_str()) } ": " (super::findings::with_code(&messages::message(lang, &d.text)))
        }
        p.kern-body { (messages::message(lang, &place))
            @if let Some(field) = &d.field { " · " code { (field) } }
        }
        @if let Some(source) = source {
            (snippet(source, d))
        }
        @if let Some(help) = messages::help(lang, &d.text) {
            p.kern-body { (ui(lang, "run.help")) ": " (help) }
        }
    }
}

/// The line of a finding, its span marked (the first line of a longer span).
fn snippet(source: &SourceText, d: &Diagnostic) -> Markup {
    let (lines, first) = source.lines_around(&d.span);
    let text = source.text();
    let line_end = text[lines.start..]
        .find('\n')
        .map_or(text.len(), |i| lines.start + i);
    let start = d.span.start.clamp(lines.start, line_end);
    let end = d.span.end.clamp(start, line_end);
    let (Some(before), Some(marked), Some(after)) = (
        text.get(lines.start..start),
        text.get(start..end),
        text.get(end..line_end),
    ) else {
        return html! {};
    };
    let visible = |s: &str| messages::visible(s).into_owned();
    html! {
        pre.source {
            span.line-number aria-hidden="true" { (first) " | " }
            (visible(before)) mark { (visible(marked)) } (visible(after))
        }
    }
}
