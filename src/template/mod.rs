//! A new order form (`onboard init`): every field in the order of the format, each with a
//! comment saying what it is for, which step of the guide it belongs to and an example.
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
    for paragraph in text.trim().split('\n') {
        let mut line = String::from("#");
        for word in paragraph.split_whitespace() {
            if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > COMMENT_WIDTH {
                out.push_str(&line);
                out.push('\n');
                line = String::from("#");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
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

fn write_field(
    out: &mut String,
    field: &Field,
    answer: Option<&Value>,
    lang: Lang,
    catalog: &Catalog,
    with_comments: bool,
) {
    if with_comments {
        comment(out, &describe::purpose(field, lang));
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

/// The text of a new form in `lang`, with the answers given so far.
pub fn render(lang: Lang, schema_path: &str, answers: &Answers, catalog: &Catalog) -> String {
    let mut out = format!("#:schema {schema_path}\n");
    comment(&mut out, &messages::ui(lang, "template.header"));
    for f in values_in("") {
        out.push('\n');
        write_field(&mut out, f, answers.values.get(f.path), lang, catalog, true);
    }
    // Tables in the order of the format; one that holds only tables (`[contacts]`) is
    // written through theirs.
    for table in FIELDS.iter().filter(|t| t.is_table()) {
        let fields = values_in(table.path);
        if fields.is_empty() {
            continue;
        }
        if table.kind == Kind::TableList {
            let people = answers.professional.len().max(1);
            for i in 0..people {
                let person = answers.professional.get(i);
                write_table_header(&mut out, table, lang, i == 0);
                for (j, f) in fields.iter().enumerate() {
                    if j > 0 && i == 0 {
                        out.push('\n');
                    }
                    let answer = person.and_then(|p| p.value(f.key()));
                    write_field(&mut out, f, answer.as_ref(), lang, catalog, i == 0);
                }
            }
            continue;
        }
        write_table_header(&mut out, table, lang, true);
        for (j, f) in fields.iter().enumerate() {
            if j > 0 {
                out.push('\n');
            }
            let answer = if table.path == crate::fields::TECHNICAL.path {
                answers.technical.as_ref().and_then(|p| p.value(f.key()))
            } else {
                answers.values.get(f.path).cloned()
            };
            write_field(&mut out, f, answer.as_ref(), lang, catalog, true);
        }
    }
    out
}

fn write_table_header(out: &mut String, table: &Field, lang: Lang, comments: bool) {
    out.push('\n');
    if comments {
        comment(out, &describe::purpose(table, lang));
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
