//! `--format github`: GitHub Actions workflow commands, one line per finding; GitHub shows
//! them as annotations on the pull request's diff.

use super::{RenderOptions, end_position, message_and_help};
use crate::finding::registry::Severity;
use crate::validate::RunReport;

/// Escapes a command's message (`%`, CR, LF), as the runner expects.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The run as gitHub Actions workflow commands (`::error file=…`), one line per finding.
pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    let mut out = String::new();
    for file in &run.files {
        let path = escape_property(&options.repo_path(&file.path));
        for d in &file.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let (end_line, end_column) = end_position(file, d);
            let message = message_and_help(options.lang, &d.text);
            out.push_str(&format!(
                "::{command} file={path},line={},col={},endLine={end_line},endColumn={},title={}::{}\n",
                d.line,
                d.column,
                end_column.max(d.column),
                escape_property(d.code.as_str()),
                escape_data(&message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_escaped() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
