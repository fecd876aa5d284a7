//! `--format json`: the machine-readable result of the specification, on stdout.

use std::collections::BTreeMap;

use serde::Serialize;

use super::RenderOptions;
use crate::areas::Level;
use crate::finding::registry::Severity;
use crate::links_state::History;
use crate::messages;
use crate::validate::RunReport;

#[derive(Serialize)]
struct Run<'a, E, T> {
    files: Vec<File<'a, E>>,
    summary: Summary,
    /// Keys other commands add after the contract's (`onboard bundle`: `bundles`).
    #[serde(flatten)]
    extra: BTreeMap<&'static str, T>,
}

#[derive(Serialize)]
struct File<'a, E> {
    path: &'a str,
    tenant_id: Option<&'a str>,
    diagnostics: Vec<Diagnostic<'a>>,
    /// The form's regional keys that exist in the directory, with their official names.
    areas: Vec<Area<'a>>,
    /// The record of the privacy-policy link, when links are watched over time.
    #[serde(skip_serializing_if = "Option::is_none")]
    privacy_link: Option<&'a History>,
    #[serde(flatten)]
    extra: BTreeMap<&'static str, E>,
}

#[derive(Serialize)]
struct Area<'a> {
    ars: &'a str,
    level: Level,
    name: &'a str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'static str,
    severity: Severity,
    field: Option<&'a str>,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
}

/// The run as the JSON report: every form with its findings and the run's counts.
pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    render_with::<(), ()>(run, options, None, None)
}

/// The result with keys added (the contract allows more keys): `per_file` puts its key into
/// every file, with the value of that file (in the run's order); `top` puts one key beside
/// `files` and `summary`.
pub fn render_with<E: Serialize, T: Serialize>(
    run: &RunReport,
    options: &RenderOptions,
    per_file: Option<(&'static str, Vec<E>)>,
    top: Option<(&'static str, T)>,
) -> String {
    let (file_key, mut file_values) = match per_file {
        Some((key, values)) => (key, values.into_iter().map(Some).collect()),
        None => ("", Vec::new()),
    };
    file_values.resize_with(run.files.len(), || None);
    let lang = options.lang;
    let files = run
        .files
        .iter()
        .zip(file_values)
        .map(|(f, value)| File {
            path: &f.path,
            tenant_id: f.tenant_id(),
            diagnostics: f
                .diagnostics
                .iter()
                .map(|d| Diagnostic {
                    code: d.code.as_str(),
                    severity: d.severity,
                    field: d.field.as_deref(),
                    line: d.line,
                    column: d.column,
                    message: messages::message(lang, &d.text),
                    help: messages::help(lang, &d.text),
                    related: d
                        .related
                        .iter()
                        .map(|r| Related {
                            path: &r.path,
                            line: r.line,
                            column: r.column,
                            message: messages::message(lang, &r.label),
                        })
                        .collect(),
                })
                .collect(),
            areas: f
                .areas
                .iter()
                .map(|a| Area {
                    ars: &a.ars,
                    level: a.level,
                    name: &a.name,
                })
                .collect(),
            privacy_link: f.facts.privacy_link.as_ref(),
            extra: value.map(|v| (file_key, v)).into_iter().collect(),
        })
        .collect();
    let run_json = Run {
        files,
        summary: Summary {
            files: run.files.len(),
            errors: run.count(Severity::Error),
            warnings: run.count(Severity::Warning),
        },
        extra: top.into_iter().collect(),
    };
    let mut out = serde_json::to_string_pretty(&run_json).expect("the result serializes");
    out.push('\n');
    out
}
