//! The one table of the form's fields: for each key of the format its dotted path, what it
//! holds, whether it is required, the steps of the onboarding guide (Anbindungsleitfaden) it
//! belongs to, its catalog text (label and help), and how a new form holds it.
//!
//! Everything that names a field reads it from here: the checks (paths), `status` and
//! `explain` (steps), `init` and its interview (labels, help, examples), the JSON Schema's
//! descriptions, and the registry, which says which fields each check concerns. The table
//! depends on nothing else in the crate, so every module may read it.
//!
//! The Rust types of `form::schema` describe the same keys for serde and the JSON Schema;
//! a test keeps the two in step (path, type, required).

/// What a field holds, as TOML writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A TOML integer.
    Integer,
    /// One line of text.
    Text,
    /// Text that may run over lines (tab and line breaks allowed).
    MultilineText,
    /// `true` or `false`.
    Boolean,
    /// A TOML local date without quotes (`2025-09-15`).
    Date,
    /// An array of strings.
    TextList,
    /// A table (`[authority]`).
    Table,
    /// An array of tables (`[[contacts.professional]]`).
    TableList,
}

/// How a new form (`onboard init`) holds a field.
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
    /// A table: its header is written where its fields begin.
    Header,
}

/// One key of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The dotted path; the fields of an array's tables without index
    /// (`contacts.professional.email`, found as `contacts.professional[0].email`).
    pub path: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Required in its table (a table that is itself optional may still be left out).
    pub required: bool,
    /// The steps of the guide, as the specification's fields table gives them; empty where
    /// it gives none ("–"). Tables give none: theirs are those of their fields.
    pub guide: &'static [u8],
    /// The catalog id of its text: for a value the label (message) and the purpose (help),
    /// for a table what the table is for.
    pub text: &'static str,
    /// An example value, as TOML (empty for a table).
    pub example: &'static str,
    /// How `onboard init` writes it into a new form.
    pub preset: Preset,
}

impl Field {
    /// The key within its table.
    pub fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// The path of the table the field lives in (`""` at the top level).
    pub fn table(&self) -> &'static str {
        self.path.rsplit_once('.').map_or("", |(t, _)| t)
    }

    /// Whether it is a table or an array of tables rather than a value.
    pub fn is_table(&self) -> bool {
        matches!(self.kind, Kind::Table | Kind::TableList)
    }

    /// The catalog id of the label and help; tables have none.
    pub fn label(&self) -> Option<&'static str> {
        (!self.is_table()).then_some(self.text)
    }

    /// The steps a finding on this field belongs to: those the guide gives, or step 7
    /// (filling in the order form) for a value the guide names in no step — the guide's
    /// step 7 asks for "weitere Informationen" besides the ones it lists. A table's steps
    /// are those of its fields.
    pub fn steps(&self) -> Steps {
        if self.is_table() {
            return FIELDS
                .iter()
                .filter(|f| !f.is_table() && within(f.path, self.path))
                .fold(Steps::NONE, |all, f| all.union(f.steps()));
        }
        match Steps::of(self.guide) {
            Steps::NONE => Steps::FORM,
            steps => steps,
        }
    }
}

/// A set of the guide's steps (1 to 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Steps(u16);

impl Steps {
    /// No step.
    pub const NONE: Steps = Steps(0);
    /// Step 7, "Bestellzettel ausfüllen": the form itself.
    pub const FORM: Steps = Steps(1 << 7);

    /// The set of these step numbers.
    pub const fn of(steps: &[u8]) -> Steps {
        let mut bits = 0;
        let mut i = 0;
        while i < steps.len() {
            bits |= 1 << steps[i];
            i += 1;
        }
        Steps(bits)
    }

    /// Whether the set holds step `step`.
    pub fn contains(self, step: u8) -> bool {
        step < 16 && self.0 & (1 << step) != 0
    }

    /// The steps of both sets.
    pub fn union(self, other: Steps) -> Steps {
        Steps(self.0 | other.0)
    }

    /// Whether the set holds no step.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The steps in order.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (1..16u8).filter(move |s| self.contains(*s))
    }
}

impl serde::Serialize for Steps {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The catalog id of a step's title (the guide's own heading in German).
pub fn step_title(number: u8) -> &'static str {
    match number {
        1 => "guide.step-1",
        2 => "guide.step-2",
        3 => "guide.step-3",
        4 => "guide.step-4",
        5 => "guide.step-5",
        6 => "guide.step-6",
        7 => "guide.step-7",
        _ => "guide.step-8",
    }
}

/// Whether a path is `prefix` or lies inside it (`a.b`, `a[0]`, `a[0].b` inside `a`).
fn within(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// A path as the table writes it: without the indices of array items
/// (`contacts.professional[0].email` → `contacts.professional.email`).
pub fn without_indices(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.contains('[') {
        return path.into();
    }
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => out.push(c),
            _ => {}
        }
    }
    out.into()
}

/// The field at a path as findings name it (with or without indices).
pub fn find(path: &str) -> Option<&'static Field> {
    let path = without_indices(path);
    FIELDS.iter().find(|f| f.path == path)
}

/// The steps a finding at `path` belongs to: its field's; for a key the format does not
/// know, those of the table it stands in; at the top level, the form's (step 7).
pub fn steps_at(path: &str) -> Steps {
    let path = without_indices(path);
    let mut at: &str = &path;
    loop {
        if let Some(field) = FIELDS.iter().find(|f| f.path == at) {
            return field.steps();
        }
        match at.rsplit_once('.') {
            Some((table, _)) => at = table,
            None => return Steps::FORM,
        }
    }
}

/// The values that belong to a step, in the order of the form (tables left out).
pub fn of_step(step: u8) -> impl Iterator<Item = &'static Field> {
    FIELDS
        .iter()
        .filter(move |f| !f.is_table() && f.steps().contains(step))
}

/// The values first asked for at a step, in the order of the form: each value in one group,
/// that of its first step (a contact's e-mail at step 1, not again at 7) — the groups of
/// `init --interactive` and of a form on a web page, one per step. One exception to the
/// form's order: the office's name comes first, before the short name made from it.
pub fn asked_at(step: u8) -> impl Iterator<Item = &'static Field> {
    let first_step = move |f: &&Field| !f.is_table() && f.steps().iter().next() == Some(step);
    let name = std::iter::once(&AUTHORITY_NAME).filter(first_step);
    name.chain(
        FIELDS
            .iter()
            .filter(first_step)
            .filter(|f| **f != AUTHORITY_NAME),
    )
}

// Which fields a structural check concerns (the registry names these), by what they hold.

/// Every key.
pub fn any(_: &Field) -> bool {
    true
}

/// Keys that must be there.
pub fn required(field: &Field) -> bool {
    field.required
}

/// Required text and lists of at least one item: these can be empty.
pub fn fillable(field: &Field) -> bool {
    field.required
        && matches!(
            field.kind,
            Kind::Text | Kind::MultilineText | Kind::TextList | Kind::TableList
        )
}

/// Text values, also the items of a list of text.
pub fn text(field: &Field) -> bool {
    matches!(
        field.kind,
        Kind::Text | Kind::MultilineText | Kind::TextList
    )
}

/// Arrays, which have a most number of items.
pub fn list(field: &Field) -> bool {
    matches!(field.kind, Kind::TextList | Kind::TableList)
}

/// Tables, in which an unknown key can stand.
pub fn table(field: &Field) -> bool {
    field.is_table()
}

macro_rules! fields {
    ($($name:ident = $path:literal, $kind:ident, $required:literal, [$($step:literal),*],
       $text:expr, $example:literal, $preset:expr;)*) => {
        $(
            #[doc = concat!("The field `", $path, "`.")]
            pub const $name: Field = Field {
                path: $path,
                kind: Kind::$kind,
                required: $required,
                guide: &[$($step),*],
                text: $text,
                example: $example,
                preset: $preset,
            };
        )*

        /// Every key of the format, in the order a form lists them: each table before its
        /// fields.
        pub const FIELDS: &[Field] = &[$($name),*];
    };
}

/// The catalog id `field.<path>` of a value's label and help.
macro_rules! label {
    ($path:literal) => {
        concat!("field.", $path)
    };
}

/// The catalog id of a table's comment in a new form.
macro_rules! about {
    ($path:literal) => {
        concat!("template.table.", $path)
    };
}

use Preset::{Blank, Header, LeikaId, Literal, Optional, ServiceId};

// The guide steps are the specification's ("order-form-v1.md", Fields).
fields! {
    SCHEMA_VERSION = "schema_version", Integer, true, [], label!("schema_version"),
        "1", Literal("1");
    TENANT_ID = "tenant_id", Text, true, [], label!("tenant_id"),
        "\"musterstadt-jugendamt\"", Blank;
    SERVICE = "service", Table, true, [], about!("service"), "", Header;
    SERVICE_ID = "service.id", Text, true, [], label!("service.id"),
        "\"sorgeregister-negativbescheinigung\"", ServiceId;
    LEIKA_ID = "service.leika_id", Text, true, [3], label!("service.leika_id"),
        "\"99013016012001\"", LeikaId;
    ONBOARDING = "onboarding", Table, false, [], about!("onboarding"), "", Header;
    STAGE = "onboarding.stage", Text, false, [2], label!("onboarding.stage"),
        "\"test\"", Literal("\"test\"");
    STATE_AGREEMENT_ON = "onboarding.state_agreement_on", Date, false, [2],
        label!("onboarding.state_agreement_on"), "2025-09-15", Optional;
    PVOG_ENTRY = "onboarding.pvog_entry", Boolean, false, [3], label!("onboarding.pvog_entry"),
        "true", Literal("false");
    AUTHORITY = "authority", Table, true, [], about!("authority"), "", Header;
    AUTHORITY_NAME = "authority.name", Text, true, [7], label!("authority.name"),
        "\"Jugendamt der Stadt Musterstadt\"", Blank;
    STREET = "authority.street", Text, true, [7], label!("authority.street"),
        "\"Am Markt\"", Blank;
    HOUSE_NUMBER = "authority.house_number", Text, true, [7], label!("authority.house_number"),
        "\"1\"", Blank;
    POSTAL_CODE = "authority.postal_code", Text, true, [7], label!("authority.postal_code"),
        "\"28195\"", Blank;
    CITY = "authority.city", Text, true, [7], label!("authority.city"),
        "\"Musterstadt\"", Blank;
    STATE = "authority.state", Text, true, [7], label!("authority.state"), "\"HB\"", Blank;
    AUTHORITY_PHONE = "authority.phone", Text, false, [7], label!("authority.phone"),
        "\"0421 361-0\"", Optional;
    WEBSITE = "authority.website", Text, false, [7], label!("authority.website"),
        "\"https://www.musterstadt.de\"", Optional;
    JURISDICTION = "jurisdiction", Table, true, [], about!("jurisdiction"), "", Header;
    REGIONAL_KEYS = "jurisdiction.regional_keys", TextList, true, [7],
        label!("jurisdiction.regional_keys"), "[\"040110000000\"]", Blank;
    DESCRIPTION = "jurisdiction.description", MultilineText, false, [7],
        label!("jurisdiction.description"), "\"Stadtgebiet Musterstadt\"", Optional;
    LOGO = "logo", Table, true, [], about!("logo"), "", Header;
    LOGO_FILE = "logo.file", Text, true, [7], label!("logo.file"),
        "\"logos/musterstadt.svg\"", Blank;
    LOGO_ALT_TEXT = "logo.alt_text", Text, true, [7], label!("logo.alt_text"),
        "\"Wappen der Stadt Musterstadt\"", Blank;
    PRIVACY_POLICY = "privacy_policy", Table, true, [], about!("privacy_policy"), "", Header;
    PRIVACY_URL = "privacy_policy.url", Text, true, [6], label!("privacy_policy.url"),
        "\"https://www.musterstadt.de/datenschutz/sorgeregister\"", Blank;
    MAILBOXES = "mailboxes", Table, true, [], about!("mailboxes"), "", Header;
    APPLICATIONS = "mailboxes.applications", Text, true, [4], label!("mailboxes.applications"),
        "\"sorgeregister@musterstadt.de\"", Blank;
    CONTACT_FORM = "mailboxes.contact_form", Text, true, [5], label!("mailboxes.contact_form"),
        "\"jugendamt@musterstadt.de\"", Blank;
    CONTACTS = "contacts", Table, true, [], about!("contacts"), "", Header;
    PROFESSIONAL = "contacts.professional", TableList, true, [],
        about!("contacts.professional"), "", Header;
    PROFESSIONAL_NAME = "contacts.professional.name", Text, true, [1, 7],
        label!("contacts.professional.name"), "\"Erika Mustermann\"", Blank;
    PROFESSIONAL_EMAIL = "contacts.professional.email", Text, true, [1, 7],
        label!("contacts.professional.email"), "\"erika.mustermann@musterstadt.de\"", Blank;
    PROFESSIONAL_PHONE = "contacts.professional.phone", Text, false, [1, 7],
        label!("contacts.professional.phone"), "\"0421 361-1234\"", Optional;
    TECHNICAL = "contacts.technical", Table, true, [], about!("contacts.technical"), "", Header;
    TECHNICAL_NAME = "contacts.technical.name", Text, true, [1, 7],
        label!("contacts.technical.name"), "\"Max Mustermann\"", Blank;
    TECHNICAL_EMAIL = "contacts.technical.email", Text, true, [1, 7],
        label!("contacts.technical.email"), "\"it-service@musterstadt.de\"", Blank;
    TECHNICAL_PHONE = "contacts.technical.phone", Text, false, [1, 7],
        label!("contacts.technical.phone"), "\"0421 361-5678\"", Optional;
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_office_name_is_asked_before_the_short_name_made_from_it() {
        let asked: Vec<&str> = asked_at(7).map(|f| f.path).collect();
        assert_eq!(asked.first(), Some(&AUTHORITY_NAME.path), "{asked:?}");
        assert_eq!(
            asked.iter().filter(|p| **p == AUTHORITY_NAME.path).count(),
            1
        );
        assert!(asked.contains(&TENANT_ID.path), "{asked:?}");
        // Other steps keep the form's order.
        assert_eq!(asked_at(2).next().map(|f| f.path), Some(STAGE.path));
    }

    use super::*;
    use crate::form::shape::{Shape, TableShape, order_form};

    /// Every key of a shape with its path, kind and whether it is required.
    fn keys(shape: &TableShape, prefix: &str, out: &mut Vec<(String, Kind, bool)>) {
        for f in &shape.fields {
            let path = if prefix.is_empty() {
                f.name.clone()
            } else {
                format!("{prefix}.{}", f.name)
            };
            let kind = match &f.shape {
                Shape::Integer => Kind::Integer,
                Shape::Boolean => Kind::Boolean,
                Shape::Date => Kind::Date,
                Shape::String if path == DESCRIPTION.path => Kind::MultilineText,
                Shape::String => Kind::Text,
                Shape::Array { items, .. } if matches!(**items, Shape::Table(_)) => Kind::TableList,
                Shape::Array { .. } => Kind::TextList,
                Shape::Table(_) | Shape::Map(_) => Kind::Table,
            };
            out.push((path.clone(), kind, f.required));
            match &f.shape {
                Shape::Table(t) => keys(t, &path, out),
                Shape::Array { items, .. } => {
                    if let Shape::Table(t) = &**items {
                        keys(t, &path, out)
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn the_table_has_every_key_of_the_schema_with_its_type_and_no_other() {
        let mut from_schema = Vec::new();
        keys(order_form(), "", &mut from_schema);
        let mut from_table: Vec<(String, Kind, bool)> = FIELDS
            .iter()
            .map(|f| (f.path.to_owned(), f.kind, f.required))
            .collect();
        from_schema.sort_by(|a, b| a.0.cmp(&b.0));
        from_table.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(from_table, from_schema);
    }

    #[test]
    fn each_table_comes_before_its_fields() {
        for (i, f) in FIELDS.iter().enumerate() {
            let table = f.table();
            if !table.is_empty() {
                let at = FIELDS.iter().position(|t| t.path == table).unwrap();
                assert!(at < i, "{} before its table {table}", f.path);
            }
        }
    }

    #[test]
    fn every_field_text_is_in_both_catalogs() {
        use crate::messages::{Lang, catalog};
        for lang in Lang::ALL {
            for f in FIELDS {
                let id = f.text;
                let entry = catalog(lang).get(id);
                assert!(entry.is_some(), "{lang:?} lacks {id}");
                if f.label().is_some() {
                    assert!(entry.unwrap().help.is_some(), "{lang:?}: {id} has no help");
                }
            }
        }
    }

    #[test]
    fn findings_find_the_steps_of_their_field() {
        let steps = |path: &str| steps_at(path).iter().collect::<Vec<_>>();
        assert_eq!(steps("contacts.professional[0].email"), [1, 7]);
        assert_eq!(steps("contacts.technical"), [1, 7]);
        assert_eq!(steps("onboarding.state_agreement_on"), [2]);
        assert_eq!(steps("onboarding"), [2, 3]);
        assert_eq!(
            steps("onboarding.stag"),
            [2, 3],
            "an unknown key: its table's"
        );
        assert_eq!(steps("service.leika_id"), [3]);
        assert_eq!(steps("service"), [3, 7]);
        assert_eq!(steps("mailboxes"), [4, 5]);
        assert_eq!(steps("mailboxes.contact_form"), [5]);
        assert_eq!(steps("privacy_policy.url"), [6]);
        assert_eq!(steps("authority.postal_code"), [7]);
        assert_eq!(steps("jurisdiction.regional_keys[3]"), [7]);
        assert_eq!(
            steps("tenant_id"),
            [7],
            "the guide names no step: the form's"
        );
        assert_eq!(steps("service_x"), [7]);
    }

    #[test]
    fn every_value_is_asked_at_one_step() {
        let asked: Vec<&str> = (1..=8).flat_map(asked_at).map(|f| f.path).collect();
        let values: Vec<&str> = FIELDS
            .iter()
            .filter(|f| !f.is_table())
            .map(|f| f.path)
            .collect();
        assert_eq!(asked.len(), values.len());
        for path in values {
            assert!(asked.contains(&path), "{path}");
        }
        assert_eq!(asked_at(1).count(), 6, "both contact tables");
        assert!(asked_at(7).any(|f| f.path == TENANT_ID.path));
    }

    #[test]
    fn paths_lose_their_indices() {
        assert_eq!(
            without_indices("contacts.professional[12].email"),
            "contacts.professional.email"
        );
        assert_eq!(
            without_indices("jurisdiction.regional_keys[0]"),
            "jurisdiction.regional_keys"
        );
        assert_eq!(
            find("contacts.professional[1].phone"),
            Some(&PROFESSIONAL_PHONE)
        );
    }
}
