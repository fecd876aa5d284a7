//! The summary table of a run over several forms: file, tenant, areas, errors, warnings,
//! verdict.

use comfy_table::{ContentArrangement, Table, presets};

use super::RenderOptions;
use crate::checks::registry::Severity;
use crate::messages;
use crate::validate::{FormReport, RunReport};

/// The areas of a form as `ARS (name)`, at most `max` of them and a count of the rest.
pub fn areas_text(file: &FormReport, max: usize) -> String {
    let mut parts: Vec<String> = file
        .areas
        .iter()
        .take(max)
        .map(|a| format!("{} ({})", a.ars, a.name))
        .collect();
    if file.areas.len() > max {
        parts.push(format!("+{}", file.areas.len() - max));
    }
    parts.join(", ")
}

pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    let lang = options.lang;
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(
            [
                "table.file",
                "table.tenant",
                "table.areas",
                "table.errors",
                "table.warnings",
                "table.verdict",
            ]
            .map(|id| messages::ui(lang, id)),
        );
    for file in &run.files {
        let errors = file.count(Severity::Error);
        let warnings = file.count(Severity::Warning);
        let verdict = match (errors, warnings) {
            (0, 0) => "verdict.ok",
            (0, _) => "verdict.warnings",
            _ => "verdict.failed",
        };
        table.add_row(vec![
            file.path.clone(),
            file.tenant_id().unwrap_or("–").to_owned(),
            areas_text(file, 1),
            errors.to_string(),
            warnings.to_string(),
            messages::ui(lang, verdict),
        ]);
    }
    table.to_string()
}
