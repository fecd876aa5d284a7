//! The mapping between the inputs of the form page and the order form: every input is named
//! by the path of its field in the table of fields (`authority.name`,
//! `contacts.professional[1].email`, `jurisdiction.regional_keys[0]`), so that a finding's
//! field path leads to its input. The page's values become the answers of `onboard init`'s
//! template (the library writes the TOML), and a form's TOML becomes the page's values again.

use std::collections::BTreeMap;

use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
use onboard::fields::{self, FIELDS, Field, Kind};
use onboard::finding::diagnostic::Text;
use onboard::limits::{MAX_CONTACTS, MAX_REGIONAL_KEYS};
use onboard::template::answers::typed_date;
use onboard::template::area_names::{AreaAnswer, area_answer};
use onboard::template::{Answers, ContactAnswer, Value};

/// The file input of the logo; its bytes then travel in [`LOGO_DATA`].
pub const LOGO_UPLOAD: &str = "logo.upload";
/// The hidden input that carries the logo, base64, from one page to the next.
pub const LOGO_DATA: &str = "logo.data";
/// Area inputs a page offers at most (the format allows more; a page of a thousand inputs
/// helps no one, and the upload page keeps every key of a longer list in its TOML).
pub const MAX_AREA_INPUTS: usize = 50;

/// What the clerk entered: each input's text by its name, how many contact and area inputs
/// the page has, and the logo.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageForm {
    values: BTreeMap<String, String>,
    /// Blocks of a professional contact on the page (at least one).
    pub professional: usize,
    /// Area inputs on the page (at least one).
    pub areas: usize,
    pub logo: Option<Vec<u8>>,
    /// A new form's page, nothing entered.
    is_blank: bool,
}

/// Whether a field has an input of its own on the page (the format's version is fixed).
pub fn has_input(field: &Field) -> bool {
    !field.is_table() && *field != fields::SCHEMA_VERSION
}

/// The name of a field's input: the path, with the index of its contact or area.
pub fn input_name(field: &Field, index: usize) -> String {
    if field.table() == fields::PROFESSIONAL.path {
        format!("{}[{index}].{}", fields::PROFESSIONAL.path, field.key())
    } else if *field == fields::REGIONAL_KEYS {
        format!("{}[{index}]", field.path)
    } else {
        field.path.to_owned()
    }
}

/// The HTML id of an input name: letters, digits and hyphens only, so that it stands in a
/// link's fragment and in `aria-describedby` as it is.
pub fn input_id(name: &str) -> String {
    let mut id = String::from("f-");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

impl PageForm {
    /// An empty page: one contact, one area, no logo.
    pub fn new() -> PageForm {
        PageForm {
            professional: 1,
            areas: 1,
            ..PageForm::default()
        }
    }

    /// A new form's page: empty but for what `onboard init` presets for every form (the
    /// catalog's service, its LeiKa-ID, the test stage).
    pub fn blank(catalog: &Catalog) -> PageForm {
        let mut form = PageForm::new();
        if let Some(service) = catalog.services().first() {
            form.set(fields::SERVICE_ID.path, service.id.clone());
            form.set(fields::LEIKA_ID.path, service.leika_id.clone());
        }
        form.set(fields::STAGE.path, "test".to_owned());
        form.is_blank = true;
        form
    }

    /// Whether nothing was entered yet (then the language switch is a plain link).
    pub fn is_blank(&self) -> bool {
        self.is_blank
    }

    /// The text of an input ("" when it has none).
    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// Keeps an input's text, if the name is one of the page's; counts the contacts and
    /// areas the names reach. Other names are ignored.
    pub fn set(&mut self, name: &str, value: String) {
        let Some((field, index)) = field_of_input(name) else {
            return;
        };
        if field.table() == fields::PROFESSIONAL.path {
            if index >= MAX_CONTACTS {
                return;
            }
            self.professional = self.professional.max(index + 1);
        } else if field == fields::REGIONAL_KEYS {
            if index >= MAX_AREA_INPUTS {
                return;
            }
            self.areas = self.areas.max(index + 1);
        }
        self.values.insert(name.to_owned(), value);
    }

    /// Every input with a value, in name order (for the hidden inputs of the done page).
    pub fn values(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// One more contact block (the "add another" button), within the format's limit.
    pub fn add_contact(&mut self) {
        self.professional = (self.professional + 1).min(MAX_CONTACTS);
    }

    /// One more area input, within the page's limit.
    pub fn add_area(&mut self) {
        self.areas = (self.areas + 1).min(MAX_AREA_INPUTS);
    }
}

/// The field an input name belongs to, and the index of its contact or area (0 otherwise).
pub fn field_of_input(name: &str) -> Option<(Field, usize)> {
    let (path, index) = match name.split_once('[') {
        Some((table, rest)) => {
            let (index, after) = rest.split_once(']')?;
            let index: usize = index.parse().ok()?;
            (format!("{table}{after}"), index)
        }
        None => (name.to_owned(), 0),
    };
    let field = *fields::find(&path)?;
    (has_input(&field) && input_name(&field, index) == name).then_some((field, index))
}

/// The page's values as the answers of a new form, and where each item of the form's
/// lists came from on the page.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    pub answers: Answers,
    /// For each regional key of the form, the index of its area input.
    pub area_inputs: Vec<usize>,
    /// For each professional contact of the form, the index of its block on the page.
    pub contact_blocks: Vec<usize>,
    /// Area inputs whose name named no area clearly: their finding, by input index.
    pub unclear_areas: Vec<(usize, Text)>,
}

/// The answers the page's values give; names of areas are looked up in `areas`.
pub fn to_answers(form: &PageForm, areas: &AreaDirectory) -> Mapped {
    let mut mapped = Mapped::default();
    for field in FIELDS.iter().filter(|f| has_input(f)) {
        if field.table() == fields::PROFESSIONAL.path || field.table() == fields::TECHNICAL.path {
            continue;
        }
        if *field == fields::REGIONAL_KEYS {
            let keys = area_keys(form, areas, &mut mapped);
            mapped.answers.values.insert(field.path, Value::List(keys));
            continue;
        }
        if let Some(value) = value_of(field, form.get(field.path)) {
            mapped.answers.values.insert(field.path, value);
        }
    }
    for block in 0..form.professional {
        let person = contact(form, &fields::PROFESSIONAL, Some(block));
        // A block left empty is no contact, unless it is the only one.
        if person != ContactAnswer::default() || block == 0 {
            mapped.answers.professional.push(person);
            mapped.contact_blocks.push(block);
        }
    }
    if mapped.answers.professional.len() > 1
        && mapped.answers.professional[0] == ContactAnswer::default()
    {
        mapped.answers.professional.remove(0);
        mapped.contact_blocks.remove(0);
    }
    mapped.answers.technical = Some(contact(form, &fields::TECHNICAL, None));
    mapped
}

/// The value of one field as the form holds it; `None` leaves the template's default
/// (an optional field left empty is written as a commented example).
fn value_of(field: &Field, text: &str) -> Option<Value> {
    let trimmed = text.trim();
    match field.kind {
        Kind::Boolean => Some(Value::Bool(trimmed == "true")),
        _ if trimmed.is_empty() && field.preset != fields::Preset::Blank => None,
        // A date as the wizard takes it, written in ISO; anything else is written as text,
        // which `validate` names at its field.
        Kind::Date => Some(typed_date(trimmed).map_or_else(
            || Value::Text(trimmed.to_owned()),
            |date| Value::Date(date.to_string()),
        )),
        Kind::MultilineText => Some(Value::Text(text.to_owned())),
        _ => Some(Value::Text(trimmed.to_owned())),
    }
}

fn contact(form: &PageForm, table: &Field, block: Option<usize>) -> ContactAnswer {
    let mut person = ContactAnswer::default();
    for field in FIELDS.iter().filter(|f| f.table() == table.path) {
        let text = form.get(&input_name(field, block.unwrap_or(0))).trim();
        let answer = (!text.is_empty()).then(|| text.to_owned());
        person.set(field.key(), answer);
    }
    person
}

/// The keys of the area inputs, in order: a key as typed, a name as its area's key; an
/// input left empty is none (unless all are, which `validate` then names).
fn area_keys(form: &PageForm, areas: &AreaDirectory, mapped: &mut Mapped) -> Vec<String> {
    let mut keys = Vec::new();
    for index in 0..form.areas {
        let text = form.get(&input_name(&fields::REGIONAL_KEYS, index)).trim();
        if text.is_empty() || keys.len() >= MAX_REGIONAL_KEYS {
            continue;
        }
        let key = match area_answer(areas, text) {
            AreaAnswer::Key(key) => key,
            AreaAnswer::Named(area) => area.ars.to_string(),
            AreaAnswer::Unclear(near) => {
                let finding = if near.is_empty() {
                    Text::new("web.area.unknown").arg("name", text)
                } else {
                    let choices: Vec<String> = near
                        .iter()
                        .map(|a| format!("{} ({})", a.name, a.ars))
                        .collect();
                    Text::new("web.area.unclear")
                        .arg("name", text)
                        .arg("choices", choices.join("; "))
                };
                mapped.unclear_areas.push((index, finding));
                // Kept, so that the page shows it again; `validate` refuses it.
                text.to_owned()
            }
        };
        keys.push(key);
        mapped.area_inputs.push(index);
    }
    keys
}

/// The input a finding at `path` (a field path of `validate`) belongs to, if any: its
/// field's, an item's by where it came from, or the first input of its table.
pub fn input_for(path: &str, mapped: &Mapped) -> Option<String> {
    let professional = fields::PROFESSIONAL.path;
    if let Some(rest) = path
        .strip_prefix(fields::REGIONAL_KEYS.path)
        .and_then(|r| r.strip_prefix('['))
    {
        let item: usize = rest.split(']').next()?.parse().ok()?;
        let index = mapped.area_inputs.get(item).copied().unwrap_or(0);
        return Some(input_name(&fields::REGIONAL_KEYS, index));
    }
    if let Some(rest) = path
        .strip_prefix(professional)
        .and_then(|r| r.strip_prefix('['))
    {
        let (item, key) = rest.split_once(']')?;
        let item: usize = item.parse().ok()?;
        let block = mapped.contact_blocks.get(item).copied().unwrap_or(0);
        let key = key.strip_prefix('.').unwrap_or("name");
        let field = FIELDS
            .iter()
            .find(|f| f.table() == professional && f.key() == key)
            .unwrap_or(&fields::PROFESSIONAL_NAME);
        return Some(input_name(field, block));
    }
    if path == fields::LOGO.path || path.starts_with("logo.") && path != fields::LOGO_ALT_TEXT.path
    {
        return Some(LOGO_UPLOAD.to_owned());
    }
    // The field itself, else the first input of the table the path lies in.
    let mut at = fields::without_indices(path).into_owned();
    loop {
        if let Some(field) = fields::find(&at).filter(|f| has_input(f)) {
            return Some(input_name(field, 0));
        }
        if let Some(first) = FIELDS
            .iter()
            .find(|f| has_input(f) && f.path.starts_with(&format!("{at}.")))
        {
            return Some(input_name(first, 0));
        }
        match at.rsplit_once('.') {
            Some((table, _)) => at = table.to_owned(),
            None => return None,
        }
    }
}

/// The page's values of a form's TOML, as far as it can be read: each value of the table
/// of fields at its input (text as written, other values as TOML writes them).
pub fn from_toml(text: &str) -> PageForm {
    let mut form = PageForm::new();
    let Ok(table) = text.parse::<toml::Table>() else {
        return form;
    };
    for field in FIELDS.iter().filter(|f| has_input(f)) {
        if field.table() == fields::PROFESSIONAL.path {
            continue;
        }
        let Some(value) = lookup(&table, field.path) else {
            continue;
        };
        if *field == fields::REGIONAL_KEYS {
            let items: Vec<&toml::Value> = match value {
                toml::Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for (i, item) in items.into_iter().take(MAX_AREA_INPUTS).enumerate() {
                form.set(&input_name(field, i), plain(item));
            }
            continue;
        }
        form.set(field.path, plain(value));
    }
    if let Some(toml::Value::Array(people)) = lookup(&table, fields::PROFESSIONAL.path) {
        for (i, person) in people.iter().take(MAX_CONTACTS).enumerate() {
            for field in FIELDS
                .iter()
                .filter(|f| f.table() == fields::PROFESSIONAL.path)
            {
                if let Some(value) = person.get(field.key()) {
                    form.set(&input_name(field, i), plain(value));
                }
            }
        }
    }
    form
}

fn lookup<'t>(table: &'t toml::Table, path: &str) -> Option<&'t toml::Value> {
    let (first, rest) = path
        .split_once('.')
        .map_or((path, None), |(a, b)| (a, Some(b)));
    let value = table.get(first)?;
    match rest {
        None => Some(value),
        Some(rest) => lookup(value.as_table()?, rest),
    }
}

/// A value as a clerk would type it: text without quotes, anything else as TOML writes it.
fn plain(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_names_are_field_paths_and_ids_are_plain() {
        assert_eq!(
            input_name(&fields::PROFESSIONAL_EMAIL, 2),
            "contacts.professional[2].email"
        );
        assert_eq!(
            input_id("contacts.professional[2].email"),
            "f-contacts-professional-2-email"
        );
        assert_eq!(
            field_of_input("jurisdiction.regional_keys[3]"),
            Some((fields::REGIONAL_KEYS, 3))
        );
        assert_eq!(field_of_input("authority.name[0]"), None);
        assert_eq!(field_of_input("schema_version"), None);
        assert_eq!(field_of_input("contacts.professional.name"), None);
    }

    #[test]
    fn findings_find_their_inputs_through_the_lists() {
        let mut form = PageForm::new();
        form.set("jurisdiction.regional_keys[0]", String::new());
        form.set("jurisdiction.regional_keys[1]", "03356".into());
        form.set("contacts.professional[1].name", "Ute".into());
        let mapped = to_answers(&form, AreaDirectory::builtin());
        assert_eq!(
            input_for("jurisdiction.regional_keys[0]", &mapped).as_deref(),
            Some("jurisdiction.regional_keys[1]")
        );
        assert_eq!(
            input_for("contacts.professional[0].email", &mapped).as_deref(),
            Some("contacts.professional[1].email")
        );
        assert_eq!(
            input_for("logo.file", &mapped).as_deref(),
            Some(LOGO_UPLOAD)
        );
        assert_eq!(
            input_for("authority.fax", &mapped).as_deref(),
            Some("authority.name")
        );
        assert_eq!(
            input_for("tenant_id", &mapped).as_deref(),
            Some("tenant_id")
        );
        assert_eq!(input_for("extra_key", &mapped), None);
    }

    #[test]
    fn a_forms_toml_gives_the_page_its_values_again() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/order-forms/landkreis-osterholz.toml"
        ))
        .unwrap();
        let form = from_toml(&text);
        assert_eq!(form.get("jurisdiction.regional_keys[0]"), "03356");
        assert_eq!(form.get("contacts.professional[0].name"), "Ute Exempel");
        assert_eq!(form.get("logo.file"), "logos/landkreis-osterholz.png");
        let mapped = to_answers(&form, AreaDirectory::builtin());
        assert_eq!(
            mapped.answers.values.get("jurisdiction.regional_keys"),
            Some(&Value::List(vec!["03356".into()]))
        );
        assert_eq!(mapped.answers.professional[0].name, "Ute Exempel");
    }
}
