//! A new order form (`onboard init`): every field in the order of the format, each with a
//! comment saying what it is for, which step of the guide it belongs to and an example.
//!
//! Without answers, the values still to fill in are empty (`""`, `[]`), so that `validate`
//! names exactly those — each an `empty-value` at its line. With answers (from
//! `init --interactive`), the answers take their places. The comments come from the catalog
//! (`field.*`, `template.*`), so the template exists in every language of the catalogs.

pub mod answers;

use std::path::Path;

use crate::catalog::Catalog;
use crate::diagnostic::Text;
use crate::messages::{self, Lang};
use crate::status::step_title;

pub use answers::{Answers, ContactAnswer, Value};

/// The `#:schema` line's target when no `schemas/` folder is found above the form: the
/// layout of the specification (forms in `order-forms/`, schema in `schemas/`).
pub const DEFAULT_SCHEMA_PATH: &str = "../schemas/order-form.v1.schema.json";
/// Where the schema lies in a repository of forms.
const SCHEMA_IN_REPO: &str = "schemas/order-form.v1.schema.json";
/// Comment lines are wrapped at this width (the `# ` included).
const COMMENT_WIDTH: usize = 92;

/// How a field is filled in a new form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Empty (`""`, or `[]` for a list): to be filled in.
    Blank,
    /// Optional: written as a comment with the example, unless answered.
    Optional,
    /// A fixed TOML value that is right for every form (`schema_version = 1`).
    Literal(&'static str),
    /// The id of the catalog's first service.
    ServiceId,
    /// The LeiKa-ID of the catalog's first service.
    LeikaId,
}

/// One field of the template.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The dotted path; `contacts.professional.*` fields are written in each
    /// `[[contacts.professional]]` table.
    pub path: &'static str,
    /// Step of the guide the field belongs to.
    pub step: Option<u8>,
    /// An example value, as TOML.
    pub example: &'static str,
    pub preset: Preset,
}

impl Field {
    /// The key within its table.
    pub fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// The table the field lives in (`""` at the top level).
    pub fn table(&self) -> &'static str {
        self.path.rsplit_once('.').map_or("", |(t, _)| t)
    }

    /// The catalog id of the field's label (message) and purpose (help).
    pub fn text_id(&self) -> String {
        format!("field.{}", self.path)
    }
}

const fn field(
    path: &'static str,
    step: Option<u8>,
    example: &'static str,
    preset: Preset,
) -> Field {
    Field {
        path,
        step,
        example,
        preset,
    }
}

/// Every field, in the order the form lists them.
pub const FIELDS: &[Field] = &[
    field("schema_version", None, "1", Preset::Literal("1")),
    field(
        "tenant_id",
        None,
        "\"musterstadt-jugendamt\"",
        Preset::Blank,
    ),
    field(
        "service.id",
        None,
        "\"sorgeregister-negativbescheinigung\"",
        Preset::ServiceId,
    ),
    field(
        "service.leika_id",
        Some(3),
        "\"99013016012001\"",
        Preset::LeikaId,
    ),
    field(
        "onboarding.stage",
        Some(2),
        "\"test\"",
        Preset::Literal("\"test\""),
    ),
    field(
        "onboarding.state_agreement_on",
        Some(2),
        "2025-09-15",
        Preset::Optional,
    ),
    field(
        "onboarding.pvog_entry",
        Some(3),
        "true",
        Preset::Literal("false"),
    ),
    field(
        "authority.name",
        Some(7),
        "\"Jugendamt der Stadt Musterstadt\"",
        Preset::Blank,
    ),
    field("authority.street", Some(7), "\"Am Markt\"", Preset::Blank),
    field("authority.house_number", Some(7), "\"1\"", Preset::Blank),
    field("authority.postal_code", Some(7), "\"28195\"", Preset::Blank),
    field("authority.city", Some(7), "\"Musterstadt\"", Preset::Blank),
    field("authority.state", Some(7), "\"HB\"", Preset::Blank),
    field(
        "authority.phone",
        Some(7),
        "\"0421 361-0\"",
        Preset::Optional,
    ),
    field(
        "authority.website",
        Some(7),
        "\"https://www.musterstadt.de\"",
        Preset::Optional,
    ),
    field(
        "jurisdiction.regional_keys",
        Some(7),
        "[\"040110000000\"]",
        Preset::Blank,
    ),
    field(
        "jurisdiction.description",
        Some(7),
        "\"Stadtgebiet Musterstadt\"",
        Preset::Optional,
    ),
    field(
        "logo.file",
        Some(7),
        "\"logos/musterstadt.svg\"",
        Preset::Blank,
    ),
    field(
        "logo.alt_text",
        Some(7),
        "\"Wappen der Stadt Musterstadt\"",
        Preset::Blank,
    ),
    field(
        "privacy_policy.url",
        Some(6),
        "\"https://www.musterstadt.de/datenschutz/sorgeregister\"",
        Preset::Blank,
    ),
    field(
        "mailboxes.applications",
        Some(4),
        "\"sorgeregister@musterstadt.de\"",
        Preset::Blank,
    ),
    field(
        "mailboxes.contact_form",
        Some(5),
        "\"jugendamt@musterstadt.de\"",
        Preset::Blank,
    ),
    field(
        "contacts.professional.name",
        Some(1),
        "\"Erika Mustermann\"",
        Preset::Blank,
    ),
    field(
        "contacts.professional.email",
        Some(1),
        "\"erika.mustermann@musterstadt.de\"",
        Preset::Blank,
    ),
    field(
        "contacts.professional.phone",
        Some(1),
        "\"0421 361-1234\"",
        Preset::Optional,
    ),
    field(
        "contacts.technical.name",
        Some(1),
        "\"Max Mustermann\"",
        Preset::Blank,
    ),
    field(
        "contacts.technical.email",
        Some(1),
        "\"it-service@musterstadt.de\"",
        Preset::Blank,
    ),
    field(
        "contacts.technical.phone",
        Some(1),
        "\"0421 361-5678\"",
        Preset::Optional,
    ),
];

/// The field at a path.
pub fn field_at(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}

/// The tables in the order the form lists them, with how each is written.
const TABLES: &[(&str, &str)] = &[
    ("", ""),
    ("service", "[service]"),
    ("onboarding", "[onboarding]"),
    ("authority", "[authority]"),
    ("jurisdiction", "[jurisdiction]"),
    ("logo", "[logo]"),
    ("privacy_policy", "[privacy_policy]"),
    ("mailboxes", "[mailboxes]"),
    ("contacts.professional", "[[contacts.professional]]"),
    ("contacts.technical", "[contacts.technical]"),
];

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
pub fn toml_string(s: &str) -> String {
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
        let id = field.text_id();
        let mut purpose = messages::ui_help(lang, &id).unwrap_or_else(|| messages::ui(lang, &id));
        if let Some(step) = field.step {
            let text = Text::new("template.step")
                .arg("step", step.to_string())
                .term("title", step_title(step));
            purpose.push(' ');
            purpose.push_str(&messages::message(lang, &text));
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

/// The text of a new form in `lang`, with the answers given so far.
pub fn render(lang: Lang, schema_path: &str, answers: &Answers, catalog: &Catalog) -> String {
    let mut out = format!("#:schema {schema_path}\n");
    comment(&mut out, &messages::ui(lang, "template.header"));
    for (table, header) in TABLES {
        let fields: Vec<&Field> = FIELDS.iter().filter(|f| f.table() == *table).collect();
        if *table == "contacts.professional" {
            let people = answers.professional.len().max(1);
            for i in 0..people {
                let person = answers.professional.get(i);
                write_table_header(&mut out, table, header, lang, i == 0);
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
        if *table == "contacts.technical" {
            write_table_header(&mut out, table, header, lang, true);
            for (j, f) in fields.iter().enumerate() {
                if j > 0 {
                    out.push('\n');
                }
                let answer = answers.technical.as_ref().and_then(|p| p.value(f.key()));
                write_field(&mut out, f, answer.as_ref(), lang, catalog, true);
            }
            continue;
        }
        if !table.is_empty() {
            write_table_header(&mut out, table, header, lang, true);
        }
        for (i, f) in fields.iter().enumerate() {
            if i > 0 || table.is_empty() {
                out.push('\n');
            }
            write_field(&mut out, f, answers.values.get(f.path), lang, catalog, true);
        }
    }
    out
}

fn write_table_header(out: &mut String, table: &str, header: &str, lang: Lang, comments: bool) {
    out.push('\n');
    if comments {
        let id = format!("template.table.{table}");
        comment(out, &messages::ui(lang, &id));
    }
    out.push_str(header);
    out.push('\n');
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
    fn every_field_has_a_label_and_purpose_in_every_language() {
        for lang in Lang::ALL {
            for f in FIELDS {
                let entry = messages::catalog(lang).get(&f.text_id());
                assert!(
                    entry.is_some_and(|e| e.help.is_some()),
                    "{:?} lacks {} with message and help",
                    lang,
                    f.text_id()
                );
            }
            for (table, _) in TABLES.iter().filter(|(t, _)| !t.is_empty()) {
                let id = format!("template.table.{table}");
                assert!(messages::catalog(lang).contains(&id), "{lang:?} lacks {id}");
            }
        }
    }

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
            for f in FIELDS.iter().filter(|f| f.preset != Preset::Optional) {
                assert!(
                    text.contains(&format!("\n{} = ", f.key())),
                    "{} missing",
                    f.path
                );
            }
        }
    }
}
