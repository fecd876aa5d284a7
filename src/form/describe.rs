//! What a field is for, in words: the comment above it in a new form (`onboard init`) and its
//! description in the JSON Schema, both from the table of fields and the catalogs.

use crate::fields::{Field, step_title};
use crate::finding::diagnostic::Text;
use crate::messages::{self, Lang};

/// The purpose of a field (its catalog help), with the step of the guide it is prepared in
/// (the first the guide names); for a table, what the table holds.
pub fn purpose(field: &Field, lang: Lang) -> String {
    let id = field.text;
    let mut purpose = messages::ui_help(lang, id).unwrap_or_else(|| messages::ui(lang, id));
    if !field.is_table()
        && let Some(&step) = field.guide.first()
    {
        let text = Text::new("template.step")
            .arg("step", step.to_string())
            .term("title", step_title(step));
        purpose.push(' ');
        purpose.push_str(&messages::message(lang, &text));
    }
    purpose
}
