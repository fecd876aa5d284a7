//! `--format sarif`: SARIF 2.1.0 — GitHub code scanning and other tools read it. One rule
//! per check code, results with 1-based regions and repo-relative URIs.

use serde_json::{Value, json};

use super::rules::{descriptions, rule_name};
use super::{RenderOptions, end_position, fingerprint, message_and_help};
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
            json!({
                "id": code.as_str(),
                "name": rule_name(code),
                "shortDescription": {"text": short},
                "fullDescription": {"text": full},
                "defaultConfiguration": {"level": level(code.default_severity())},
                "properties": {"area": code.info().area, "online": code.info().online},
            })
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

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
