//! The summary table of a run over several forms: file, tenant, areas, errors, warnings,
//! verdict.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use rayon::prelude::*;

use super::RenderOptions;
use crate::finding::registry::Severity;
use crate::messages;
use crate::validate::RunReport;

/// The run as a table of the forms: tenant, areas, errors and warnings.
pub fn render(run: &RunReport, options: &RenderOptions) -> String {
    let lang = options.lang;
    let header = [
        "table.file",
        "table.tenant",
        "table.areas",
        "table.errors",
        "table.warnings",
        "table.verdict",
    ]
    .map(|id| messages::ui(lang, id).to_owned());
    let rows: Vec<Vec<String>> = run
        .files
        .par_iter()
        .map(|file| {
            let errors = file.count(Severity::Error);
            let warnings = file.count(Severity::Warning);
            let verdict = match (errors, warnings) {
                (0, 0) => "verdict.ok",
                (0, _) => "verdict.warnings",
                _ => "verdict.failed",
            };
            vec![
                file.path.clone(),
                file.tenant_id().unwrap_or("–").to_owned(),
                file.areas_text(1),
                messages::number(lang, errors as u64),
                messages::number(lang, warnings as u64),
                messages::ui(lang, verdict).to_owned(),
            ]
        })
        .collect();
    draw(&header, &rows)
}

/// Rows per piece when a long table is drawn in pieces.
const PIECE_ROWS: usize = 1024;

/// Draws the table. comfy-table takes about 4 µs a row on one core, which at 10,000 forms
/// is a tenth of the whole run: a long table is drawn in pieces on all cores, every piece
/// with the column widths of the whole table, and the pieces are joined without their
/// inner borders and repeated headers — the same text as one table drawn at once.
fn draw(header: &[String], rows: &[Vec<String>]) -> String {
    if rows.len() <= PIECE_ROWS {
        return table(header, rows).to_string();
    }
    let mut pieces: Vec<Table> = rows
        .par_chunks(PIECE_ROWS)
        .map(|chunk| table(header, chunk))
        .collect();
    let mut widths = vec![0u16; header.len()];
    for piece in &pieces {
        for (width, piece_width) in widths.iter_mut().zip(piece.column_max_content_widths()) {
            *width = (*width).max(piece_width);
        }
    }
    let drawn: Vec<String> = pieces
        .par_iter_mut()
        .map(|piece| {
            // `Absolute` counts the padding of one space on either side.
            piece.set_constraints(
                widths
                    .iter()
                    .map(|w| ColumnConstraint::Absolute(Width::Fixed(w.saturating_add(2)))),
            );
            piece.to_string()
        })
        .collect();
    // Above the rows: the top border, the header's lines and the line under the header.
    let header_lines = header.iter().map(|h| h.lines().count()).max().unwrap_or(1);
    let above = header_lines.max(1) + 2;
    let last = drawn.len() - 1;
    let mut out = String::with_capacity(drawn.iter().map(String::len).sum());
    for (i, piece) in drawn.iter().enumerate() {
        let lines: Vec<&str> = piece.lines().collect();
        let from = if i == 0 { 0 } else { above };
        // The bottom border closes the last piece only.
        let to = if i == last {
            lines.len()
        } else {
            lines.len() - 1
        };
        for line in &lines[from..to] {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

fn table(header: &[String], rows: &[Vec<String>]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    for row in rows {
        table.add_row(row.clone());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Vec<String> {
        [
            "Datei",
            "Mandant",
            "Gebiete",
            "Fehler",
            "Warnungen",
            "Ergebnis",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    fn row(i: usize) -> Vec<String> {
        // Widths that differ from piece to piece: the widest file name comes last, the
        // widest tenant first; some cells are empty, wide or of two lines.
        vec![
            format!("forms/{}/bestellzettel.toml", "x".repeat(i / 700)),
            format!(
                "tenant-{}",
                if i == 3 {
                    "sehr-lang-".repeat(5)
                } else {
                    i.to_string()
                }
            ),
            if i.is_multiple_of(7) {
                String::new()
            } else {
                "04011000 (Bremen, Stadt)".to_owned()
            },
            (i % 3).to_string(),
            if i.is_multiple_of(500) {
                "1\n2".to_owned()
            } else {
                "0".to_owned()
            },
            if i.is_multiple_of(11) {
                "失敗 – nicht in Ordnung".to_owned()
            } else {
                "ok".to_owned()
            },
        ]
    }

    #[test]
    fn a_table_drawn_in_pieces_is_the_table_drawn_at_once() {
        for n in [
            0,
            1,
            PIECE_ROWS,
            PIECE_ROWS + 1,
            2 * PIECE_ROWS,
            3 * PIECE_ROWS + 17,
        ] {
            let rows: Vec<Vec<String>> = (0..n).map(row).collect();
            let whole = table(&header(), &rows).to_string();
            assert_eq!(draw(&header(), &rows), whole, "{n} rows");
        }
    }
}
