//! The order form (Bestellzettel) v1 as Rust types.
//!
//! These types describe the format for serde and schemars: the JSON Schema for editors
//! (`schemas/order-form.v1.schema.json`) is generated from them, and the structural
//! checks (unknown, missing and mistyped keys) walk that generated schema. The schema
//! file's descriptions come from the table of fields ([`crate::fields`]), in English: the
//! same words as the comments of a new form. (A test keeps the table and these types in
//! step.)

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::describe;
use crate::fields::FIELDS;
use crate::messages::Lang;

/// Order form (Bestellzettel) of a municipality for an EfA online service from Bremen
/// ("Familie und Kind"): one authority (tenant) and one service per file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Order form (Bestellzettel) v1")]
pub struct OrderForm {
    /// Version of the order-form format. Always `1`.
    #[schemars(range(min = 1, max = 1))]
    pub schema_version: i64,
    /// Short name of the tenant (the authority) used in configuration: lower-case letters,
    /// digits and single hyphens, 2 to 63 characters, unique across the repository.
    /// Example: `musterstadt-jugendamt`.
    #[schemars(
        regex(pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"),
        length(min = 2, max = 63)
    )]
    pub tenant_id: String,
    pub service: Service,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onboarding: Option<Onboarding>,
    pub authority: Authority,
    pub jurisdiction: Jurisdiction,
    pub logo: Logo,
    pub privacy_policy: PrivacyPolicy,
    pub mailboxes: Mailboxes,
    pub contacts: Contacts,
}

/// The online service ordered (guide step 3).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Id of the service in the catalog, e.g. `sorgeregister-negativbescheinigung`.
    pub id: String,
    /// LeiKa-ID (Leistungsschlüssel) of the service: `99` and 12 more digits, as entered in
    /// the Landesredaktionssystem. For the Negativbescheinigung: `99013016012001`.
    #[schemars(regex(pattern = r"^99[0-9]{12}$"))]
    pub leika_id: String,
}

/// Stage of operation the form is for (guide steps 2 and 3). Optional at stage `test`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Onboarding {
    /// `test` (default) or `production`. Production needs the FIT-Store agreement with the
    /// Land and the entry in the Landesredaktionssystem.
    #[serde(default)]
    pub stage: Stage,
    /// Date the FIT-Store agreement with the Land was concluded (a TOML date without quotes,
    /// e.g. `2025-03-01`). Required for `production`; must not lie in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub state_agreement_on: Option<toml::value::Datetime>,
    /// The responsibility is entered in the Landesredaktionssystem (and so in PVOG).
    /// Must be `true` for `production`.
    #[serde(default)]
    pub pvog_entry: bool,
}

/// Stage of operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    #[default]
    Test,
    Production,
}

/// Address of the receiving office (guide step 7, Adressdaten Amt).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Name of the receiving office, e.g. "Jugendamt der Stadt Musterstadt".
    pub name: String,
    /// Street.
    pub street: String,
    /// House number, e.g. "12a".
    pub house_number: String,
    /// German postal code (PLZ): 5 digits.
    #[schemars(regex(pattern = r"^[0-9]{5}$"))]
    pub postal_code: String,
    /// City.
    pub city: String,
    /// Land, as its upper-case code: BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH.
    pub state: LandCode,
    /// Phone number of the office; German numbers may leave out `+49`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Website of the office: an absolute `https://` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// Code of a German Land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum LandCode {
    BW,
    BY,
    BE,
    BB,
    HB,
    HH,
    HE,
    MV,
    NI,
    NW,
    RP,
    SL,
    SN,
    ST,
    SH,
    TH,
}

/// Area of responsibility (guide step 7, Zuständigkeitsbereich).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    /// Amtliche Regionalschlüssel (ARS) of every area served: 2, 3, 5, 9 or 12 digits for
    /// Land, Regierungsbezirk, Kreis, Gemeindeverband or Gemeinde, as in the Destatis
    /// GV100AD directory. Example: `"040110000000"` (Bremen, Stadt).
    #[schemars(length(min = 1, max = crate::limits::MAX_REGIONAL_KEYS))]
    pub regional_keys: Vec<String>,
    /// Description of the area in words, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Logo of the authority shown in the service (guide step 7).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// Path of a PNG, JPEG or SVG file, relative to this form's folder and inside it.
    pub file: String,
    /// Alternative text for the logo (accessibility, BITV 2.0), e.g. "Wappen der Stadt
    /// Musterstadt".
    pub alt_text: String,
}

/// The authority's privacy policy (Datenschutzerklärung, guide step 6).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacyPolicy {
    /// Stable `https://` link to the privacy policy on the municipality's website, without
    /// query string, session id or fragment.
    pub url: String,
}

/// Function mailboxes (Funktionspostfächer) — of an office or team, not of a person.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mailboxes {
    /// Mailbox notified of new applications in the dDatabox (guide step 4).
    pub applications: String,
    /// Mailbox behind the contact form (guide step 5); may equal `applications`.
    pub contact_form: String,
}

/// Contact people of the municipality (guide steps 1 and 7).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    /// Professional contact people (fachliche Ansprechpersonen), at least one.
    #[schemars(length(min = 1, max = crate::limits::MAX_CONTACTS))]
    pub professional: Vec<Contact>,
    /// Technical contact person (technische Ansprechperson).
    pub technical: Contact,
}

/// A contact person. Inlined in the schema: professional and technical contacts describe
/// their keys each in their own words.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(inline)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Phone number; German numbers may leave out `+49`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The JSON Schema of the order form, as written to `schemas/order-form.v1.schema.json`.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07()
        .for_deserialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<OrderForm>().to_value();
    drop_null(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".into(),
            "https://onboard.example/schemas/order-form.v1.schema.json".into(),
        );
    }
    schema
}

/// TOML has no null: optional keys are simply left out, so the `null` that schemars adds
/// to `Option` fields would only mislead editors. (The bundle's JSON leaves them out too.)
pub(crate) fn drop_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.pop().expect("one type");
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(options)) = map.get("anyOf") {
                let rest: Vec<Value> = options
                    .iter()
                    .filter(|o| o.get("type").is_none_or(|t| t != "null"))
                    .cloned()
                    .collect();
                if rest.len() == 1 {
                    map.remove("anyOf");
                    map.insert("allOf".into(), Value::Array(rest));
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// The schema as pretty JSON with a final newline (the checked-in file's bytes), each key
/// described as the table of fields describes it.
pub fn json_schema_text() -> String {
    let mut schema = json_schema();
    describe(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

/// Replaces the descriptions below the root by those of the table of fields.
fn describe(schema: &mut serde_json::Value) {
    // A schema's `description`, not a key of the form named so (`jurisdiction.description`).
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("description");
                for (key, inner) in map.iter_mut() {
                    match inner.as_object_mut() {
                        Some(keys) if key == "properties" || key == "definitions" => {
                            keys.values_mut().for_each(strip)
                        }
                        _ => strip(inner),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let root = schema.get("description").cloned();
    strip(schema);
    if let (Some(root), Some(map)) = (root, schema.as_object_mut()) {
        map.insert("description".into(), root);
    }
    for field in FIELDS {
        let text = describe::purpose(field, Lang::En);
        if let Some(node) = key_pointer(schema, field.path).and_then(|p| schema.pointer_mut(&p))
            && let Some(map) = node.as_object_mut()
        {
            map.insert("description".into(), text.into());
        }
    }
}

/// The JSON pointer of the schema of the value at a dotted path: through the properties of
/// each table, into the items of arrays. A key that is only a `$ref` is described where the
/// reference leads (a description beside `$ref` is ignored in draft-07).
fn key_pointer(schema: &serde_json::Value, path: &str) -> Option<String> {
    let follow = |mut at: String, into_items: bool| -> Option<String> {
        loop {
            let node = schema.pointer(&at)?;
            if let Some(target) = node.get("$ref").and_then(|r| r.as_str()) {
                at = target.strip_prefix('#')?.to_owned();
            } else if into_items && node.get("items").is_some() {
                at.push_str("/items");
            } else {
                return Some(at);
            }
        }
    };
    let mut at = String::new();
    for key in path.split('.') {
        let table = follow(at, true)?;
        let table = match schema.pointer(&table)?.get("allOf") {
            Some(_) => follow(format!("{table}/allOf/0"), true)?,
            None => table,
        };
        at = format!("{table}/properties/{key}");
        schema.pointer(&at)?;
    }
    follow(at, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_described_in_the_words_of_a_new_form() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema_text()).unwrap();
        for field in FIELDS {
            let pointer = key_pointer(&schema, field.path)
                .unwrap_or_else(|| panic!("{} is not in the schema", field.path));
            assert_eq!(
                schema.pointer(&pointer).unwrap()["description"],
                describe::purpose(field, Lang::En),
                "{}",
                field.path
            );
        }
    }
}
