//! `--format sarif`: SARIF 2.1.0 — GitHub code scanning and other tools read it. One rule
//! per check code, results with 1-based regions and repo-relative URIs.

use serde_json::{Value, json};

use std::collections::BTreeMap;

use super::rules::{descriptions, help, help_uri, rule_name};
use super::{RenderOptions, end_position, fingerprint, message_and_help};
use crate::config::Level;
use crate::finding::registry::{Code, Severity};
use crate::messages;
use crate::validate::RunReport;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The run as a SARIF 2.1.0 log, for code-scanning tools.
pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    let lang = options.lang;
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|&code| {
            let (short, full) = descriptions(lang, code);
            let (help_text, help_markdown) = help(lang, code);
            let info = code.info();
            let mut rule = json!({
                "id": code.as_str(),
                "name": rule_name(code),
                "shortDescription": {"text": short},
                "fullDescription": {"text": full},
                "help": {"text": help_text, "markdown": help_markdown},
                "defaultConfiguration": configuration(code, &options.severities),
                "properties": {"area": info.area, "online": info.online, "tags": [info.area]},
            });
            if let Some(docs_url) = &options.docs_url {
                rule["helpUri"] = Value::String(help_uri(docs_url, lang, code));
            }
            rule
        })
        .collect();
    let mut results = Vec::new();
    for file in &run.files {
        let uri = options.repo_path(&file.path);
        for d in &file.diagnostics {
            let (end_line, end_column) = end_position(file, d);
            let message = message_and_help(lang, &d.text);
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    json!({
                        "id": i,
                        "message": {"text": messages::message(lang, &r.label)},
                        "physicalLocation": {
                            "artifactLocation": {"uri": options.repo_path(&r.path), "uriBaseId": "SRCROOT"},
                            "region": {"startLine": r.line, "startColumn": r.column},
                        },
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": d.code as usize,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT"},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": end_line,
                            "endColumn": end_column.max(d.column),
                        },
                    },
                    "logicalLocations": d.field.as_ref().map(|f| vec![json!({"fullyQualifiedName": f, "kind": "member"})]).unwrap_or_default(),
                }],
                "partialFingerprints": {"onboardFinding/v1": fingerprint(&uri, d)},
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            results.push(result);
        }
    }
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "onboard",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://onboard.example/",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"SRCROOT": {"description": {"text": messages::ui(lang, "report.sarif-root")}}},
            "invocations": [{
                "executionSuccessful": options.exit_code < 2,
                "exitCode": options.exit_code,
            }],
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&sarif).expect("SARIF serializes");
    out.push('\n');
    out
}

/// A rule's level as the run rated its findings: the repository's severity where
/// onboard.toml gives one (`off`: not enabled), else the registry's.
fn configuration(code: Code, severities: &BTreeMap<Code, Level>) -> Value {
    match severities.get(&code) {
        Some(Level::Error) => json!({"level": level(Severity::Error)}),
        Some(Level::Warning) => json!({"level": level(Severity::Warning)}),
        Some(Level::Off) => json!({"enabled": false, "level": level(code.default_severity())}),
        None => json!({"level": level(code.default_severity())}),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
