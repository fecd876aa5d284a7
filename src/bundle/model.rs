//! The files of a bundle as Rust types: `tenant.json` (the public configuration, whose JSON
//! Schema is generated from these types), `contacts.json` (personal data, kept apart) and
//! `manifest.json` (what the bundle holds and what it was built from).
//!
//! Names are camelCase; where the FIT-Connect Routing API has a name for a field
//! (`destinationName`, `address.street`, `address.houseNumber`, `address.zip`,
//! `address.city`, `privacyPolicyUrl`, `leikaKey`, `ars`), it is that name. Optional fields
//! are left out rather than written as `null`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::form::schema::{LandCode, Stage};

/// Version of the bundle format (`tenant-bundle.v1`), written into every JSON file.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the schema of `tenant.json` is published (its `$id`).
pub const SCHEMA_ID: &str = "https://onboard.example/schemas/tenant-bundle.v1.schema.json";

const TENANT_ID: &str = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$";
const LEIKA: &str = r"^99[0-9]{12}$";
/// 2, 3, 5, 9 or 12 digits: Land, Regierungsbezirk, Kreis, Gemeindeverband, Gemeinde.
const ARS: &str = r"^[0-9]{2}([0-9]([0-9]{2}([0-9]{4}([0-9]{3})?)?)?)?$";
const ZIP: &str = r"^[0-9]{5}$";
/// E.164: `+`, a country code not starting with 0, at most 15 digits in all.
const E164: &str = r"^\+[1-9][0-9]{3,14}$";
/// The spec's rule for an e-mail address: a local part, `@`, a domain with a dot.
const EMAIL: &str = r"^[^@\s]+@[^@\s]+\.[^@\s]+$";
const HTTPS_URL: &str = r"^https://[^\s]+$";
const LOGO_FILE: &str = r"^logo-[0-9a-f]{12}\.(png|jpg|svg)$";

/// `tenant.json`: what the deployed online service needs to know about one authority
/// (tenant). Holds no contact people — they are in `contacts.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "Tenant configuration (tenant.json) of an onboard bundle, v1")]
pub struct Tenant {
    /// Version of this format. Always `1`.
    #[schemars(range(min = 1, max = 1))]
    pub schema_version: u32,
    /// Short name of the tenant, as in the order form; also the bundle's folder name.
    #[schemars(regex(pattern = TENANT_ID), length(min = 2, max = 63))]
    pub tenant_id: String,
    /// Stage of operation: `test` or `production`.
    pub stage: Stage,
    pub service: Service,
    /// Name of the receiving office (FIT-Connect: `destinationName`).
    #[schemars(length(min = 1))]
    pub destination_name: String,
    pub address: Address,
    pub state: State,
    /// Phone number of the office in E.164 form, e.g. `+494715900`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = E164))]
    pub phone: Option<String>,
    /// Website of the office (normalised https URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = HTTPS_URL), extend("format" = "uri"))]
    pub website: Option<String>,
    /// The areas the office is responsible for, sorted by key, with their official names
    /// from the Destatis GV100AD directory (edition in `manifest.json`).
    #[schemars(length(min = 1))]
    pub areas: Vec<Area>,
    /// Stable link to the office's privacy policy for this service (normalised https URL).
    #[schemars(regex(pattern = HTTPS_URL), extend("format" = "uri"))]
    pub privacy_policy_url: String,
    pub mailboxes: Mailboxes,
    pub logo: Logo,
}

/// The online service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Service {
    /// Id of the service in onboard's catalog, e.g. `sorgeregister-negativbescheinigung`.
    #[schemars(length(min = 1))]
    pub id: String,
    /// German name of the service, from the catalog.
    #[schemars(length(min = 1))]
    pub name: String,
    /// LeiKa-ID (Leistungsschlüssel) of the service (FIT-Connect: `leikaKey`).
    #[schemars(regex(pattern = LEIKA))]
    pub leika_key: String,
}

/// Postal address of the office (FIT-Connect names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    /// Street (FIT-Connect: `address.street`).
    #[schemars(length(min = 1))]
    pub street: String,
    /// House number, e.g. `12a` (FIT-Connect: `address.houseNumber`).
    #[schemars(length(min = 1))]
    pub house_number: String,
    /// German postal code, PLZ (FIT-Connect: `address.zip`).
    #[schemars(regex(pattern = ZIP))]
    pub zip: String,
    /// City (FIT-Connect: `address.city`).
    #[schemars(length(min = 1))]
    pub city: String,
}

/// The Land of the office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct State {
    /// Upper-case code, e.g. `HB`.
    pub code: LandCode,
    /// Name, e.g. `Bremen`.
    #[schemars(length(min = 1))]
    pub name: String,
}

/// An area by its Amtlicher Regionalschlüssel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Area {
    /// Amtlicher Regionalschlüssel (FIT-Connect: `ars`).
    #[schemars(regex(pattern = ARS))]
    pub ars: String,
    pub level: AreaLevel,
    /// Official name (cut at 50 characters by the GV100AD format).
    #[schemars(length(min = 1))]
    pub name: String,
}

/// The level of an area, which the length of its key tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AreaLevel {
    Land,
    Regierungsbezirk,
    Kreis,
    Gemeindeverband,
    Gemeinde,
}

impl From<crate::areas::Level> for AreaLevel {
    fn from(level: crate::areas::Level) -> Self {
        use crate::areas::Level;
        match level {
            Level::Land => AreaLevel::Land,
            Level::Regierungsbezirk => AreaLevel::Regierungsbezirk,
            Level::Kreis => AreaLevel::Kreis,
            Level::Gemeindeverband => AreaLevel::Gemeindeverband,
            Level::Gemeinde => AreaLevel::Gemeinde,
        }
    }
}

/// Function mailboxes (of an office or team, not of a person).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Mailboxes {
    /// Notified of new applications in the dDatabox.
    #[schemars(regex(pattern = EMAIL))]
    pub applications: String,
    /// Receives the messages of the contact form.
    #[schemars(regex(pattern = EMAIL))]
    pub contact_form: String,
}

/// The logo, a file of the bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Logo {
    /// File name in the bundle: `logo-` and the first 12 hex digits of the file's SHA-256,
    /// so that a changed logo gets a new name.
    #[schemars(regex(pattern = LOGO_FILE))]
    pub file: String,
    pub media_type: MediaType,
    /// Alternative text (accessibility, BITV 2.0).
    #[schemars(length(min = 1))]
    pub alt_text: String,
}

/// Media type of the logo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum MediaType {
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/svg+xml")]
    Svg,
}

/// `contacts.json`: the contact people — personal data for operations, not configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactsFile {
    pub schema_version: u32,
    pub tenant_id: String,
    /// Professional contact people (fachliche Ansprechpersonen), in the form's order.
    pub professional: Vec<Person>,
    /// Technical contact person (technische Ansprechperson).
    pub technical: Person,
}

/// A contact person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub email: String,
    /// E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `manifest.json`: every other file of the bundle with its hash and size, and what the
/// bundle was built from — so a deployment can check what it received, and a reviewer can
/// see why two bundles differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    /// Version of the manifest format. Always `1`.
    pub schema_version: u32,
    /// The tenant the bundle belongs to; also its folder name.
    pub tenant_id: String,
    /// Version of `onboard` that built the bundle.
    pub onboard_version: String,
    /// Edition (Stand) of the GV100AD directory that named the areas.
    pub areas_edition: String,
    /// The form (and onboard.toml) the bundle was built from, by hash.
    pub source: Source,
    /// File name → hash and size, sorted by name.
    pub files: BTreeMap<String, FileEntry>,
    /// SHA-256 of this file as written without this field: the manifest cannot list its
    /// own hash, but damage to it must not pass as damage to another file (or go unseen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_sha256: Option<String>,
}

impl Manifest {
    /// The manifest's bytes with its own checksum filled in.
    pub fn to_json_sealed(&self) -> Vec<u8> {
        let mut sealed = self.clone();
        sealed.manifest_sha256 = None;
        sealed.manifest_sha256 = Some(super::sha256_hex(&to_json(&sealed)));
        to_json(&sealed)
    }

    /// Whether `bytes` are exactly what [`Manifest::to_json_sealed`] writes for this
    /// manifest, checksum included: any changed byte breaks one or the other.
    pub fn is_sealed_as(&self, bytes: &[u8]) -> bool {
        self.manifest_sha256.is_some() && self.to_json_sealed() == bytes
    }
}

/// The order form the bundle was built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// File name of the form (without its folder, which depends on where it was built).
    pub file: String,
    /// SHA-256 of the form's bytes, lower-case hex.
    pub sha256: String,
}

/// Hash and size of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileEntry {
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
}

/// A value as the bundle writes JSON: two-space indent, keys in declaration order (maps
/// sorted), `\n` line ends, a final newline — the same bytes on every machine.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Our types have string keys only and no floats, so serialising cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).expect("bundle types serialize");
    bytes.push(b'\n');
    bytes
}

/// The JSON Schema of `tenant.json`, as written to `schemas/tenant-bundle.v1.schema.json`.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Tenant>().to_value();
    // Optional fields are left out, never `null`.
    crate::form::schema::drop_null(&mut schema);
    // schemars marks integers with Rust formats ("uint32") that JSON Schema does not
    // define; strict validators refuse unknown formats.
    drop_rust_formats(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("$id".into(), SCHEMA_ID.into());
    }
    schema
}

fn drop_rust_formats(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"))
            {
                map.remove("format");
            }
            map.values_mut().for_each(drop_rust_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_rust_formats),
        _ => {}
    }
}

/// The schema as pretty JSON with a final newline (the checked-in file's bytes).
pub fn json_schema_text() -> String {
    String::from_utf8(to_json(&json_schema())).expect("JSON is UTF-8")
}
