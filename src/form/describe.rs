//! What a field is for, in words: the comment above it in a new form (`onboard init`) and its
//! description in the JSON Schema, both from the table of fields and the catalogs.

use crate::fields::{Field, step_title};
use crate::finding::diagnostic::Text;
use crate::messages::{self, Lang};

/// The purpose of a field (its catalog help), with the step of the guide it is prepared in
/// (the first the guide names); for a table, what the table holds.
pub fn purpose(field: &Field, lang: Lang) -> String {
    let mut purpose = help(field, lang);
    if let Some(step) = first_step(field) {
        purpose.push(' ');
        purpose.push_str(&step_note(step, lang));
    }
    purpose
}

/// A field's example as a clerk types it (in the questions and on the web page): without
/// TOML's quotes and brackets, a date as the language writes it (15.09.2025). The form's
/// own text (`onboard init`'s template) keeps the TOML literal.
pub fn example(field: &Field, lang: Lang) -> String {
    let plain = field.example.trim_matches(['[', ']']).trim_matches('"');
    match plain.parse::<jiff::civil::Date>() {
        Ok(date) if field.kind == crate::fields::Kind::Date => messages::date(lang, date),
        _ => plain.to_owned(),
    }
}

/// The purpose of a field without its step: its catalog help; for a table, what it holds.
pub fn help(field: &Field, lang: Lang) -> String {
    let id = field.text;
    messages::ui_help(lang, id).unwrap_or_else(|| messages::ui(lang, id))
}

/// The step of the guide a value is prepared in: the first the guide names (none for a
/// table, or a value the guide names in no step).
pub fn first_step(field: &Field) -> Option<u8> {
    if field.is_table() {
        return None;
    }
    field.guide.first().copied()
}

/// "(Guide step 7: Fill in the order form.)"
pub fn step_note(step: u8, lang: Lang) -> String {
    let text = Text::new("template.step")
        .arg("step", step.to_string())
        .term("title", step_title(step));
    messages::message(lang, &text)
}
