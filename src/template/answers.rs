//! Answers for a new form (`init --interactive`), each checked with the same check
//! functions `validate` uses, so that an answer accepted here passes there.

use std::collections::HashMap;
use std::path::Path;

use crate::areas::{AreaDirectory, Level, typed_key};
use crate::checks::{authority, identity, jurisdiction, logo, mailboxes, privacy};
use crate::finding::diagnostic::Text;
use crate::finding::registry::{Code, Severity};
use crate::form::control;

use super::toml_string;
use crate::fields::{
    self, APPLICATIONS, AUTHORITY_PHONE, CONTACT_FORM, Kind, LOGO_FILE, POSTAL_CODE, PRIVACY_URL,
    PROFESSIONAL_EMAIL, PROFESSIONAL_PHONE, PVOG_ENTRY, Preset, REGIONAL_KEYS, STAGE, STATE,
    STATE_AGREEMENT_ON, TECHNICAL_EMAIL, TECHNICAL_PHONE, TENANT_ID, WEBSITE,
};

/// An answer, as the form will hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string.
    Text(String),
    /// An array of strings.
    List(Vec<String>),
    /// A date `YYYY-MM-DD`, written without quotes.
    Date(String),
    /// `true` or `false`.
    Bool(bool),
}

impl Value {
    /// The value as TOML writes it (quoted and escaped where needed).
    pub fn to_toml(&self) -> String {
        match self {
            Value::Text(s) => toml_string(s),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Date(d) => d.clone(),
            Value::Bool(b) => b.to_string(),
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// A contact person as answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactAnswer {
    /// `name`.
    pub name: String,
    /// `email`.
    pub email: String,
    /// `phone`, if given.
    pub phone: Option<String>,
}

impl ContactAnswer {
    /// The answer for a key of a contact table.
    pub fn value(&self, key: &str) -> Option<Value> {
        match key {
            "name" => Some(Value::Text(self.name.clone())),
            "email" => Some(Value::Text(self.email.clone())),
            "phone" => self.phone.clone().map(Value::Text),
            _ => None,
        }
    }

    /// Keeps the answer for a key of a contact table (`None`: an optional key skipped).
    pub fn set(&mut self, key: &str, answer: Option<String>) {
        match key {
            "name" => self.name = answer.unwrap_or_default(),
            "email" => self.email = answer.unwrap_or_default(),
            _ => self.phone = answer,
        }
    }
}

/// Everything answered so far.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// By field path, for every field outside `[contacts]`.
    pub values: HashMap<&'static str, Value>,
    /// `[[contacts.professional]]`, in order.
    pub professional: Vec<ContactAnswer>,
    /// `[contacts.technical]`, once answered.
    pub technical: Option<ContactAnswer>,
}

impl Answers {
    fn text(&self, path: &str) -> Option<&str> {
        self.values.get(path).and_then(Value::text)
    }

    fn contacts(&self) -> impl Iterator<Item = &ContactAnswer> {
        self.professional.iter().chain(self.technical.iter())
    }
}

/// What the checks of an answer need besides the answer.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    /// The areas regional keys are looked up in.
    pub areas: &'a AreaDirectory,
    /// The date dates are measured against (an agreement not in the future).
    pub today: jiff::civil::Date,
    /// The folder the form will be written to (the logo path is relative to it).
    pub form_dir: &'a Path,
}

/// An answer that passed: its value (`None` for a skipped optional field), the warnings it
/// still has, and notes worth showing (the official names of regional keys).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accepted {
    /// What the form will hold; `None` for a skipped optional field.
    pub value: Option<Value>,
    /// Warnings the answer still has.
    pub warnings: Vec<Text>,
    /// Notes worth showing (the official names of regional keys).
    pub notes: Vec<Text>,
}

impl Accepted {
    fn value(value: Value) -> Self {
        Accepted {
            value: Some(value),
            ..Accepted::default()
        }
    }
}

/// The outcome of checking one answer: accepted, or the errors to show before asking again.
pub type Checked = Result<Accepted, Vec<Text>>;

/// Splits findings into errors (the answer is refused) and warnings (it is taken).
fn judge(value: Value, findings: Vec<(Code, Text)>) -> Checked {
    let (errors, warnings): (Vec<_>, Vec<_>) = findings
        .into_iter()
        .partition(|(code, _)| code.default_severity() == Severity::Error);
    if errors.is_empty() {
        Ok(Accepted {
            value: Some(value),
            warnings: warnings.into_iter().map(|(_, t)| t).collect(),
            notes: Vec::new(),
        })
    } else {
        Err(errors.into_iter().map(|(_, t)| t).collect())
    }
}

/// Whether an answer means yes (`ja`, `j`, `yes`, `y`) or no (`nein`, `n`, `no`).
pub fn yes_no(input: &str) -> Option<bool> {
    match input.trim().to_lowercase().as_str() {
        "j" | "ja" | "y" | "yes" | "true" => Some(true),
        "n" | "nein" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// Checks the answer for the field at `path` (contact fields as `contacts.professional.email`
/// or `contacts.technical.email`), given the answers so far.
pub fn check(path: &str, input: &str, answers: &Answers, env: &Env<'_>) -> Checked {
    let input = input.trim();
    let field = fields::find(path).copied();
    if input.is_empty() {
        return match field {
            Some(f) if f.preset == Preset::Optional => Ok(Accepted::default()),
            Some(f) if f.kind == Kind::TextList => {
                Err(vec![Text::new("empty-value.array").arg("path", path)])
            }
            _ => Err(vec![Text::new("empty-value").arg("path", path)]),
        };
    }
    if let Some((_, text)) = control::finding(input, path) {
        return Err(vec![text]);
    }
    let text = || Value::Text(input.to_owned());
    let Some(field) = field else {
        return Ok(Accepted::value(text()));
    };
    match field {
        TENANT_ID if !identity::is_tenant_id(input) => {
            Err(vec![Text::new("tenant-id-invalid").arg("found", input)])
        }
        POSTAL_CODE if !authority::is_postal_code(input) => {
            Err(vec![Text::new("postal-code-invalid").arg("found", input)])
        }
        // A Land code typed in lower case is meant in upper case.
        STATE => {
            let upper = input.to_uppercase();
            match authority::land_prefix(&upper) {
                Some(_) => Ok(Accepted::value(Value::Text(upper))),
                None => {
                    Err(vec![Text::new("state-invalid").arg("found", input).arg(
                        "known",
                        authority::LANDER.map(|(c, _, _)| c).join(" "),
                    )])
                }
            }
        }
        AUTHORITY_PHONE | PROFESSIONAL_PHONE | TECHNICAL_PHONE
            if !authority::is_phone_number(input) =>
        {
            Err(vec![Text::new("phone-invalid").arg("found", input)])
        }
        WEBSITE if !authority::is_https_url(input) => {
            Err(vec![Text::new("url-invalid").arg("found", input)])
        }
        REGIONAL_KEYS => regional_keys(input, answers, env),
        LOGO_FILE => judge(text(), logo::inspect(env.form_dir, input)),
        PRIVACY_URL => judge(text(), privacy::findings(input)),
        APPLICATIONS | CONTACT_FORM => mailbox(input, answers),
        PROFESSIONAL_EMAIL | TECHNICAL_EMAIL if !mailboxes::is_email(input) => {
            Err(vec![Text::new("email-invalid").arg("found", input)])
        }
        STATE_AGREEMENT_ON => agreement_date(input, env.today),
        PVOG_ENTRY => match yes_no(input) {
            Some(b) => Ok(Accepted::value(Value::Bool(b))),
            None => Err(vec![Text::new("init.not-yes-no").arg("found", input)]),
        },
        STAGE => stage(input, answers),
        _ => Ok(Accepted::value(text())),
    }
}

fn mailbox(input: &str, answers: &Answers) -> Checked {
    if !mailboxes::is_email(input) {
        return Err(vec![Text::new("email-invalid").arg("found", input)]);
    }
    let emails: Vec<String> = answers.contacts().map(|c| c.email.to_lowercase()).collect();
    let names = mailboxes::name_words(answers.contacts().map(|c| c.name.as_str()));
    judge(
        Value::Text(input.to_owned()),
        mailboxes::mailbox_warnings(input, &emails, &names),
    )
}

fn agreement_date(input: &str, today: jiff::civil::Date) -> Checked {
    let Some(date) = typed_date(input) else {
        return Err(vec![Text::new("init.not-a-date").arg("found", input)]);
    };
    if date > today {
        let text = Text::new("agreement-in-future")
            .date("date", date)
            .date("today", today);
        return Err(vec![text]);
    }
    Ok(Accepted::value(Value::Date(date.to_string())))
}

/// A date as people type it: ISO (`2025-09-15`) or as German writes it, day first with
/// dots (`15.09.2025`, `1.9.2025`); `None` for anything else and for days the calendar
/// lacks (`31.02.2025`). The wizard and the web form read dates with it.
pub fn typed_date(input: &str) -> Option<jiff::civil::Date> {
    if let Ok(date) = input.parse::<jiff::civil::Date>() {
        return Some(date);
    }
    let mut parts = input.split('.');
    let mut part = |digits: std::ops::RangeInclusive<usize>| {
        parts
            .next()
            .filter(|p| digits.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<i16>().ok())
    };
    let (day, month, year) = (part(1..=2)?, part(1..=2)?, part(4..=4)?);
    if parts.next().is_some() {
        return None;
    }
    jiff::civil::Date::new(year, month as i8, day as i8).ok()
}

fn stage(input: &str, answers: &Answers) -> Checked {
    match input {
        "test" => Ok(Accepted::value(Value::Text("test".into()))),
        "production" => {
            let mut errors = Vec::new();
            if !answers.values.contains_key(STATE_AGREEMENT_ON.path) {
                errors.push(Text::new("agreement-missing"));
            }
            if answers.values.get(PVOG_ENTRY.path) != Some(&Value::Bool(true)) {
                errors.push(Text::new("pvog-entry-missing"));
            }
            if errors.is_empty() {
                Ok(Accepted::value(Value::Text("production".into())))
            } else {
                Err(errors)
            }
        }
        other => Err(vec![Text::new("stage-invalid").arg("found", other)]),
    }
}

/// The keys of a typed list, separated by commas or semicolons, or by spaces between whole
/// keys: spaces inside a key written in groups ("03 356", a piece shorter than a Kreis key)
/// join its groups into one key.
fn typed_keys(input: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for part in input.split([',', ';']) {
        let pieces: Vec<&str> = part.split_whitespace().collect();
        let grouped = pieces.len() > 1
            && pieces.iter().any(|p| p.len() < Level::Kreis.key_len())
            && typed_key(part).is_some_and(|k| Level::from_key_len(k.len()).is_some());
        if grouped {
            keys.extend(typed_key(part));
        } else {
            keys.extend(pieces.into_iter().map(str::to_owned));
        }
    }
    keys
}

/// Regional keys, separated by commas or spaces: each well-formed, in the office's Land and
/// in the directory; a repeated key is dropped with the warning `validate` would give.
fn regional_keys(input: &str, answers: &Answers, env: &Env<'_>) -> Checked {
    let state = answers.text(STATE.path);
    let expected_prefix = state.and_then(authority::land_prefix);
    let mut keys: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    let mut accepted = Accepted::default();
    for key in &typed_keys(input) {
        let key = key.as_str();
        if keys.iter().any(|k| k == key) {
            accepted.warnings.push(
                Text::new("regional-key-duplicate")
                    .arg("key", jurisdiction::key_label(env.areas, key)),
            );
            continue;
        }
        if let Err(id) = jurisdiction::well_formed(key) {
            errors.push(Text::new(id).arg("key", key));
            continue;
        }
        let prefix = &key[..2];
        if let (Some(expected), Some(state)) = (expected_prefix, state)
            && expected != prefix
        {
            let (key_land, key_land_name) = authority::land_of_prefix(prefix).unwrap_or(("?", "?"));
            errors.push(
                Text::new("regional-key-state-mismatch")
                    .arg("key", jurisdiction::key_label(env.areas, key))
                    .arg("key_land", key_land)
                    .arg("key_land_name", key_land_name)
                    .arg("state", state)
                    .arg("prefix", expected),
            );
            continue;
        }
        match env.areas.lookup(key) {
            Some(area) => {
                if area.level.is_too_broad_for_an_office() {
                    accepted.warnings.push(
                        Text::new("regional-key-too-broad")
                            .arg("key", jurisdiction::key_label(env.areas, key))
                            .term("level", area.level.term()),
                    );
                }
                accepted.notes.push(
                    Text::new("init.area-found")
                        .arg("key", key)
                        .arg("name", area.name.as_ref()),
                );
                keys.push(key.to_owned());
            }
            None => {
                let level = crate::areas::Level::from_key_len(key.len())
                    .map_or("term.level.area", crate::areas::Level::term);
                errors.push(
                    Text::new("regional-key-unknown")
                        .arg("key", key)
                        .term("level", level)
                        .iso_date("edition", env.areas.edition()),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    accepted.value = Some(Value::List(keys));
    Ok(accepted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env<'static> {
        Env {
            areas: AreaDirectory::builtin(),
            today: jiff::civil::date(2026, 1, 10),
            form_dir: Path::new("."),
        }
    }

    fn ok(path: &str, input: &str, answers: &Answers) -> Option<Value> {
        check(path, input, answers, &env())
            .unwrap_or_else(|e| panic!("{path} = {input}: {e:?}"))
            .value
    }

    fn refused(path: &str, input: &str, answers: &Answers) -> Vec<&'static str> {
        check(path, input, answers, &env())
            .expect_err(input)
            .iter()
            .map(|t| t.id)
            .collect()
    }

    #[test]
    fn answers_pass_the_checks_of_validate() {
        let none = Answers::default();
        assert_eq!(
            refused("authority.postal_code", "2819", &none),
            ["postal-code-invalid"]
        );
        assert_eq!(refused("authority.name", "  ", &none), ["empty-value"]);
        assert_eq!(
            refused("authority.name", "Jugendamt \u{202e}Testamt", &none),
            ["text-control-character"]
        );
        assert_eq!(
            refused("contacts.technical.name", "Max\tProbe", &none),
            ["text-control-character.layout"]
        );
        assert_eq!(
            refused("tenant_id", "Muster Stadt", &none),
            ["tenant-id-invalid"]
        );
        assert_eq!(
            ok("authority.state", "hb", &none),
            Some(Value::Text("HB".into()))
        );
        assert_eq!(ok("authority.phone", "", &none), None);
        assert_eq!(refused("authority.phone", "12", &none), ["phone-invalid"]);
        assert_eq!(
            refused("privacy_policy.url", "http://a.de/dse", &none),
            ["privacy-url-not-https"]
        );
        assert_eq!(
            refused("mailboxes.applications", "x(at)a.de", &none),
            ["email-invalid"]
        );
        assert_eq!(
            refused("onboarding.state_agreement_on", "2027-01-01", &none),
            ["agreement-in-future"]
        );
        assert_eq!(
            refused("onboarding.stage", "production", &none),
            ["agreement-missing", "pvog-entry-missing"]
        );
        assert_eq!(refused("logo.file", "nowhere.png", &none), ["logo-missing"]);
    }

    #[test]
    fn dates_are_taken_in_iso_and_as_german_writes_them() {
        let none = Answers::default();
        let day = |y, m, d| Some(Value::Date(jiff::civil::date(y, m, d).to_string()));
        let path = "onboarding.state_agreement_on";
        assert_eq!(ok(path, "2025-09-15", &none), day(2025, 9, 15));
        assert_eq!(ok(path, "15.09.2025", &none), day(2025, 9, 15));
        assert_eq!(ok(path, "1.9.2025", &none), day(2025, 9, 1));
        for wrong in [
            "31.02.2025",
            "15.09.25",
            "15.09.2025.",
            "15/09/2025",
            "+1.9.2025",
            "123.9.2025",
            "heute",
        ] {
            assert_eq!(refused(path, wrong, &none), ["init.not-a-date"], "{wrong}");
        }
    }

    #[test]
    fn regional_keys_are_checked_against_the_land_and_the_directory() {
        let mut answers = Answers::default();
        answers
            .values
            .insert("authority.state", Value::Text("HB".into()));
        assert_eq!(
            refused("jurisdiction.regional_keys", "03356", &answers),
            ["regional-key-state-mismatch"]
        );
        assert_eq!(
            refused("jurisdiction.regional_keys", "049990000000", &answers),
            ["regional-key-unknown"]
        );
        let accepted = check(
            "jurisdiction.regional_keys",
            "040110000000, 040110000000",
            &answers,
            &env(),
        )
        .unwrap();
        assert_eq!(
            accepted.value,
            Some(Value::List(vec!["040110000000".into()]))
        );
        assert_eq!(accepted.warnings.len(), 1);
    }

    #[test]
    fn a_key_written_in_groups_is_one_key() {
        let mut answers = Answers::default();
        answers
            .values
            .insert("authority.state", Value::Text("NI".into()));
        let list = |keys: &[&str]| Some(Value::List(keys.iter().map(|k| (*k).into()).collect()));
        assert_eq!(
            ok("jurisdiction.regional_keys", "03 356", &answers),
            list(&["03356"])
        );
        assert_eq!(
            ok("jurisdiction.regional_keys", "03 356, 03 357", &answers),
            list(&["03356", "03357"])
        );
        let land = check("jurisdiction.regional_keys", "03", &answers, &env()).unwrap();
        assert_eq!(land.warnings[0].id, "regional-key-too-broad");
        // Near miss: whole keys separated by spaces stay separate keys.
        assert_eq!(
            ok("jurisdiction.regional_keys", "03356 03357", &answers),
            list(&["03356", "03357"])
        );
    }

    #[test]
    fn a_personal_mailbox_is_taken_with_a_warning() {
        let answers = Answers {
            professional: vec![ContactAnswer {
                name: "Karin Schulze".into(),
                email: "k.schulze@a.de".into(),
                phone: None,
            }],
            ..Answers::default()
        };
        let accepted = check("mailboxes.applications", "k.schulze@a.de", &answers, &env()).unwrap();
        assert_eq!(accepted.warnings[0].id, "mailbox-personal.contact-address");
    }
}
