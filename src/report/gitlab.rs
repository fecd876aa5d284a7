//! `--format gitlab`: GitLab Code Quality JSON; GitLab shows the findings in the merge
//! request widget and its diff.

use serde::Serialize;

use super::{RenderOptions, fingerprint};
use crate::finding::registry::Severity;
use crate::messages;
use crate::validate::RunReport;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The run as a GitLab Code Quality report (JSON), one entry per finding.
pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    let mut issues = Vec::new();
    for file in &run.files {
        let path = options.repo_path(&file.path);
        for d in &file.diagnostics {
            issues.push(Issue {
                description: format!("{}: {}", d.code, messages::message(options.lang, &d.text)),
                check_name: d.code.as_str(),
                fingerprint: fingerprint(&path, d),
                // GitLab's scale: info, minor, major, critical, blocker.
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: path.clone(),
                    lines: Lines { begin: d.line },
                },
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&issues).expect("Code Quality JSON serializes");
    out.push('\n');
    out
}
