//! A new order form (`onboard init`): every field in the order of the format, each with a
//! comment saying what it is for and an example; each section (or run of fields within one)
//! says once which step of the guide it belongs to. The header says what the `#:schema`
//! line is for and explains the words of the onboarding (the glossary).
//!
//! Without answers, the values still to fill in are empty (`""`, `[]`), so that `validate`
//! names exactly those — each an `empty-value` at its line. With answers (from
//! `init --interactive`), the answers take their places. The comments come from the catalog
//! (`field.*`, `template.*`), so the template exists in every language of the catalogs.

pub mod answers;
pub mod area_names;

use std::path::Path;

use crate::catalog::Catalog;
use crate::fields::{FIELDS, Field, Kind, Preset};
use crate::finding::diagnostic::Text;
use crate::form::describe;
use crate::messages::{self, Lang};

pub use crate::checks::identity::suggested_tenant_id;
pub use answers::{Answers, ContactAnswer, Value};

/// The `#:schema` line's target when no `schemas/` folder is found above the form: the
/// layout of the specification (forms in `order-forms/`, schema in `schemas/`).
pub const DEFAULT_SCHEMA_PATH: &str = "../schemas/order-form.v1.schema.json";
/// Where the schema lies in a repository of forms.
const SCHEMA_IN_REPO: &str = "schemas/order-form.v1.schema.json";
/// Comment lines are wrapped at this width (the `# ` included).
const COMMENT_WIDTH: usize = 92;

/// The `#:schema` target for a form written to `form_dir`: the repository's schema when a
/// `schemas/` folder lies in it or above it, else the specification's layout.
pub fn schema_path_for(form_dir: &Path) -> String {
    let Ok(start) = std::path::absolute(form_dir) else {
        return DEFAULT_SCHEMA_PATH.to_owned();
    };
    let mut ups = String::new();
    for dir in start.ancestors() {
        if dir.join(SCHEMA_IN_REPO).is_file() {
            return format!("{ups}{SCHEMA_IN_REPO}");
        }
        ups.push_str("../");
    }
    DEFAULT_SCHEMA_PATH.to_owned()
}

/// Wraps a paragraph into `# `-comment lines.
fn comment(out: &mut String, text: &str) {
    messages::wrap(out, text, "#", COMMENT_WIDTH);
}

/// A TOML string literal.
pub(crate) fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The value of a field as TOML, from the answers or the preset; `None` when the field is
/// written as a commented example.
fn value_of(field: &Field, answer: Option<&Value>, catalog: &Catalog) -> Option<String> {
    if let Some(answer) = answer {
        return Some(answer.to_toml());
    }
    let first = catalog.services().first();
    match field.preset {
        Preset::Blank if field.example.starts_with('[') => Some("[]".to_owned()),
        Preset::Blank => Some("\"\"".to_owned()),
        Preset::Optional => None,
        Preset::Literal(v) => Some(v.to_owned()),
        Preset::ServiceId => Some(toml_string(first.map_or("", |s| s.id.as_str()))),
        Preset::LeikaId => Some(toml_string(first.map_or("", |s| s.leika_id.as_str()))),
        Preset::Header => None,
    }
}

/// What a field's comment says: nothing (a repeated table), or its purpose, with the step of
/// the guide where a new one begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comments {
    None,
    Purpose { step: Option<u8> },
}

fn write_field(
    out: &mut String,
    field: &Field,
    answer: Option<&Value>,
    lang: Lang,
    catalog: &Catalog,
    comments: Comments,
) {
    if let Comments::Purpose { step } = comments {
        let mut purpose = describe::help(field, lang);
        if let Some(step) = step {
            purpose.push(' ');
            purpose.push_str(&describe::step_note(step, lang));
        }
        comment(out, &purpose);
        let text = Text::new("template.example").arg("example", field.example);
        comment(out, &messages::message(lang, &text));
    }
    match value_of(field, answer, catalog) {
        Some(value) => out.push_str(&format!("{} = {value}\n", field.key())),
        None => out.push_str(&format!("# {} = {}\n", field.key(), field.example)),
    }
}

/// The values (not tables) that stand directly in the table at `path`.
fn values_in(path: &str) -> Vec<&'static Field> {
    FIELDS
        .iter()
        .filter(|f| !f.is_table() && f.table() == path)
        .collect()
}

/// The step a section says once in its header: the one step all its values belong to.
fn step_of_table(fields: &[&Field]) -> Option<u8> {
    let first = describe::first_step(fields.first()?)?;
    fields
        .iter()
        .all(|f| describe::first_step(f) == Some(first))
        .then_some(first)
}

/// The step a value's comment says in a section of several steps: its own, where it
/// differs from the value before it (so a run of values of one step says it once).
fn steps_of_fields(fields: &[&Field]) -> Vec<Option<u8>> {
    let mut before = None;
    fields
        .iter()
        .map(|f| {
            let step = describe::first_step(f);
            let new = step.filter(|_| step != before);
            before = step;
            new
        })
        .collect()
}

/// The head of a new form: what the `#:schema` line is for, how to fill in the form, and
/// the words of the onboarding.
fn write_header(out: &mut String, lang: Lang) {
    comment(out, &messages::ui(lang, "template.schema-line"));
    out.push_str("#\n");
    comment(out, &messages::ui(lang, "template.header"));
    out.push_str("#\n");
    comment(out, &format!("{}:", messages::ui(lang, "glossary.heading")));
    for entry in crate::glossary::entries(lang) {
        comment(out, &format!("{}:", entry.term));
        messages::wrap(out, &entry.text, "#  ", COMMENT_WIDTH);
    }
}

/// The text of a new form in `lang`, with the answers given so far.
pub fn render(lang: Lang, schema_path: &str, answers: &Answers, catalog: &Catalog) -> String {
    let mut out = format!("#:schema {schema_path}\n");
    write_header(&mut out, lang);
    for f in values_in("") {
        out.push('\n');
        let comments = Comments::Purpose {
            step: describe::first_step(f),
        };
        write_field(
            &mut out,
            f,
            answers.values.get(f.path),
            lang,
            catalog,
            comments,
        );
    }
    // Tables in the order of the format; one that holds only tables (`[contacts]`) is
    // written through theirs.
    for table in FIELDS.iter().filter(|t| t.is_table()) {
        let fields = values_in(table.path);
        if fields.is_empty() {
            continue;
        }
        // "Step 7" once per section: in its header when all its values share the step,
        // else at the first value of each run of one step.
        let table_step = step_of_table(&fields);
        let field_steps = match table_step {
            Some(_) => vec![None; fields.len()],
            None => steps_of_fields(&fields),
        };
        let purpose = |j: usize| Comments::Purpose {
            step: field_steps[j],
        };
        if table.kind == Kind::TableList {
            let people = answers.professional.len().max(1);
            for i in 0..people {
                let person = answers.professional.get(i);
                let header = (i == 0).then_some(table_step);
                write_table_header(&mut out, table, lang, header);
                for (j, f) in fields.iter().enumerate() {
                    if j > 0 && i == 0 {
                        out.push('\n');
                    }
                    let answer = person.and_then(|p| p.value(f.key()));
                    let comments = if i == 0 { purpose(j) } else { Comments::None };
                    write_field(&mut out, f, answer.as_ref(), lang, catalog, comments);
                }
            }
            continue;
        }
        write_table_header(&mut out, table, lang, Some(table_step));
        for (j, f) in fields.iter().enumerate() {
            if j > 0 {
                out.push('\n');
            }
            let answer = if table.path == crate::fields::TECHNICAL.path {
                answers.technical.as_ref().and_then(|p| p.value(f.key()))
            } else {
                answers.values.get(f.path).cloned()
            };
            write_field(&mut out, f, answer.as_ref(), lang, catalog, purpose(j));
        }
    }
    out
}

/// A table's header; `comments`: `None` for a repeated table (no comment), else the comment
/// with the step all its values belong to, if they share one.
fn write_table_header(out: &mut String, table: &Field, lang: Lang, comments: Option<Option<u8>>) {
    out.push('\n');
    if let Some(step) = comments {
        let mut about = describe::help(table, lang);
        if let Some(step) = step {
            about.push(' ');
            about.push_str(&describe::step_note(step, lang));
        }
        comment(out, &about);
    }
    match table.kind {
        Kind::TableList => out.push_str(&format!("[[{}]]\n", table.path)),
        _ => out.push_str(&format!("[{}]\n", table.path)),
    }
}

/// The fields that a blank template leaves to fill in, as `validate` names them: the
/// dotted path of each `empty-value` finding.
pub fn blank_fields() -> Vec<String> {
    FIELDS
        .iter()
        .filter(|f| f.preset == Preset::Blank)
        .map(|f| match f.path.strip_prefix("contacts.professional.") {
            Some(key) => format!("contacts.professional[0].{key}"),
            None => f.path.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blank_template_is_toml_with_every_field() {
        for lang in Lang::ALL {
            let text = render(
                lang,
                DEFAULT_SCHEMA_PATH,
                &Answers::default(),
                Catalog::builtin(),
            );
            let table: toml::Table = toml::from_str(&text).expect("valid TOML");
            assert_eq!(table["schema_version"].as_integer(), Some(1));
            for f in FIELDS
                .iter()
                .filter(|f| !matches!(f.preset, Preset::Optional | Preset::Header))
            {
                assert!(
                    text.contains(&format!("\n{} = ", f.key())),
                    "{} missing",
                    f.path
                );
            }
        }
    }
}
