//! `--format junit`: JUnit XML, one test case per form, failed when the form has errors
//! (warnings are listed in its output). CI systems show it as a test report.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::RenderOptions;
use crate::finding::diagnostic::Text;
use crate::finding::registry::Severity;
use crate::messages;
use crate::validate::RunReport;

/// The run as a JUnit XML report: one test case per form, a failure per finding.
pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    let lang = options.lang;
    let mut suite = TestSuite::new("onboard validate");
    for file in &run.files {
        let line = |d: &crate::finding::diagnostic::Diagnostic| {
            format!(
                "{}:{}:{}: {}[{}]: {}",
                file.path,
                d.line,
                d.column,
                messages::ui(lang, crate::explain::severity_term(d.severity)),
                d.code,
                messages::message(lang, &d.text)
            )
        };
        let errors: Vec<String> = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(line)
            .collect();
        let warnings: Vec<String> = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(line)
            .collect();
        let status = if errors.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let count = Text::new("report.junit-errors").number("count", errors.len() as u64);
            status.set_message(messages::message(lang, &count));
            status.set_type("onboard");
            status.set_description(errors.join("\n"));
            status
        };
        let mut case = TestCase::new(file.path.as_str(), status);
        case.set_classname(file.tenant_id().unwrap_or("order-form"));
        if !warnings.is_empty() {
            case.set_system_out(warnings.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("onboard");
    report.add_test_suite(suite);
    let mut out = report.to_string().expect("JUnit XML serializes");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
