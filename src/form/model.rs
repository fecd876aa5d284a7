//! A typed view of a parsed form: each value with its span.
//!
//! Built after the structural checks, so it simply leaves out what is missing, mistyped or
//! blank (those already have their findings); the semantic checks read only this view. The
//! keys are those of the table of fields.

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use crate::fields::{self as f, Field};
use crate::finding::source::Span;
use crate::limits::{MAX_CONTACTS, MAX_REGIONAL_KEYS};

/// A value and where it stands in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Val<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Val<T> {
    fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// An item of an array, with its index in the array as written: mistyped and blank items
/// are left out of the view, so an item's place in the view's list may differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<T> {
    pub index: usize,
    pub value: T,
    pub span: Span,
}

/// A contact person, with the path of its table (`contacts.professional[0]`).
#[derive(Debug, Clone, Default)]
pub struct ContactView<'a> {
    pub path: String,
    pub name: Option<Val<&'a str>>,
    pub email: Option<Val<&'a str>>,
    pub phone: Option<Val<&'a str>>,
}

/// Everything the semantic checks read from a form.
#[derive(Debug, Clone, Default)]
pub struct FormView<'a> {
    /// The integer as written; out-of-range integers saturate.
    pub schema_version: Option<Val<i128>>,
    /// `tenant_id`
    pub tenant_id: Option<Val<&'a str>>,
    /// `service.id`
    pub service_id: Option<Val<&'a str>>,
    /// `service.leika_id`
    pub leika_id: Option<Val<&'a str>>,
    /// `onboarding.stage`
    pub stage: Option<Val<&'a str>>,
    /// `onboarding.state_agreement_on`
    pub state_agreement_on: Option<Val<Datetime>>,
    /// Whether the key is written at all (a mistyped date is not also "missing").
    pub state_agreement_on_given: bool,
    /// `onboarding.pvog_entry`
    pub pvog_entry: Option<Val<bool>>,
    /// Whether the key is written at all (a mistyped value is not also "missing").
    pub pvog_entry_given: bool,
    /// `authority.name`
    pub authority_name: Option<Val<&'a str>>,
    /// `authority.street`
    pub street: Option<Val<&'a str>>,
    /// `authority.house_number`
    pub house_number: Option<Val<&'a str>>,
    /// `authority.postal_code`
    pub postal_code: Option<Val<&'a str>>,
    /// `authority.city`
    pub city: Option<Val<&'a str>>,
    /// `authority.state`
    pub state: Option<Val<&'a str>>,
    /// `authority.phone`
    pub phone: Option<Val<&'a str>>,
    /// `authority.website`
    pub website: Option<Val<&'a str>>,
    /// `jurisdiction.regional_keys` (the strings among its items)
    pub regional_keys: Vec<Item<&'a str>>,
    /// `logo.file`
    pub logo_file: Option<Val<&'a str>>,
    /// `logo.alt_text`
    pub logo_alt_text: Option<Val<&'a str>>,
    /// `privacy_policy.url`
    pub privacy_url: Option<Val<&'a str>>,
    /// `mailboxes.applications`
    pub mailbox_applications: Option<Val<&'a str>>,
    /// `mailboxes.contact_form`
    pub mailbox_contact_form: Option<Val<&'a str>>,
    /// `[[contacts.professional]]`, in the form's order.
    pub professional: Vec<ContactView<'a>>,
    /// `[contacts.technical]`.
    pub technical: Option<ContactView<'a>>,
}

/// The value of a field in its table, by the field's key.
fn get<'t, 'a>(table: &'t DeTable<'a>, field: &Field) -> Option<&'t Spanned<DeValue<'a>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == field.key())
        .map(|(_, v)| v)
}

fn table<'t, 'a>(table: &'t DeTable<'a>, field: &Field) -> Option<&'t DeTable<'a>> {
    get(table, field)?.get_ref().as_table()
}

/// A non-blank string.
fn string<'t>(table: &'t DeTable<'_>, field: &Field) -> Option<Val<&'t str>> {
    let value = get(table, field)?;
    let s = value.get_ref().as_str()?;
    (!s.trim().is_empty()).then(|| Val::new(s, value.span()))
}

/// A contact person's table at `path`, whose keys are the fields `[name, email, phone]`.
fn contact<'t>(
    path: String,
    value: &'t Spanned<DeValue<'_>>,
    [name, email, phone]: [&Field; 3],
) -> Option<ContactView<'t>> {
    let t = value.get_ref().as_table()?;
    Some(ContactView {
        path,
        name: string(t, name),
        email: string(t, email),
        phone: string(t, phone),
    })
}

impl<'t> FormView<'t> {
    /// The view of a parsed form: what is there and of the right type.
    pub fn new(root: &'t DeTable<'_>) -> Self {
        let mut view = FormView {
            schema_version: get(root, &f::SCHEMA_VERSION).and_then(|v| {
                let int = v.get_ref().as_integer()?;
                let n = i128::from_str_radix(int.as_str(), int.radix()).unwrap_or(i128::MAX);
                Some(Val::new(n, v.span()))
            }),
            tenant_id: string(root, &f::TENANT_ID),
            ..FormView::default()
        };
        if let Some(service) = table(root, &f::SERVICE) {
            view.service_id = string(service, &f::SERVICE_ID);
            view.leika_id = string(service, &f::LEIKA_ID);
        }
        if let Some(onboarding) = table(root, &f::ONBOARDING) {
            view.stage = get(onboarding, &f::STAGE)
                .and_then(|v| v.get_ref().as_str().map(|s| Val::new(s, v.span())));
            let date = get(onboarding, &f::STATE_AGREEMENT_ON);
            view.state_agreement_on_given = date.is_some();
            view.state_agreement_on = date.and_then(|v| match v.get_ref() {
                DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => {
                    Some(Val::new(*dt, v.span()))
                }
                _ => None,
            });
            let pvog = get(onboarding, &f::PVOG_ENTRY);
            view.pvog_entry_given = pvog.is_some();
            view.pvog_entry =
                pvog.and_then(|v| v.get_ref().as_bool().map(|b| Val::new(b, v.span())));
        }
        if let Some(a) = table(root, &f::AUTHORITY) {
            view.authority_name = string(a, &f::AUTHORITY_NAME);
            view.street = string(a, &f::STREET);
            view.house_number = string(a, &f::HOUSE_NUMBER);
            view.postal_code = string(a, &f::POSTAL_CODE);
            view.city = string(a, &f::CITY);
            view.state = string(a, &f::STATE);
            view.phone = string(a, &f::AUTHORITY_PHONE);
            view.website = string(a, &f::WEBSITE);
        }
        if let Some(keys) = table(root, &f::JURISDICTION)
            .and_then(|j| get(j, &f::REGIONAL_KEYS))
            .and_then(|v| v.get_ref().as_array())
        {
            // Past the limit the structural check reports `too-many-items`; no other check
            // looks at the rest, so one form's work stays bounded.
            view.regional_keys = keys
                .iter()
                .take(MAX_REGIONAL_KEYS)
                .enumerate()
                .filter_map(|(index, k)| {
                    let s = k.get_ref().as_str().filter(|s| !s.trim().is_empty())?;
                    Some(Item {
                        index,
                        value: s,
                        span: k.span(),
                    })
                })
                .collect();
        }
        if let Some(logo) = table(root, &f::LOGO) {
            view.logo_file = string(logo, &f::LOGO_FILE);
            view.logo_alt_text = string(logo, &f::LOGO_ALT_TEXT);
        }
        if let Some(p) = table(root, &f::PRIVACY_POLICY) {
            view.privacy_url = string(p, &f::PRIVACY_URL);
        }
        if let Some(m) = table(root, &f::MAILBOXES) {
            view.mailbox_applications = string(m, &f::APPLICATIONS);
            view.mailbox_contact_form = string(m, &f::CONTACT_FORM);
        }
        if let Some(c) = table(root, &f::CONTACTS) {
            if let Some(list) = get(c, &f::PROFESSIONAL).and_then(|v| v.get_ref().as_array()) {
                view.professional = list
                    .iter()
                    .take(MAX_CONTACTS)
                    .enumerate()
                    .filter_map(|(i, v)| {
                        let path = format!("{}[{i}]", f::PROFESSIONAL.path);
                        contact(
                            path,
                            v,
                            [
                                &f::PROFESSIONAL_NAME,
                                &f::PROFESSIONAL_EMAIL,
                                &f::PROFESSIONAL_PHONE,
                            ],
                        )
                    })
                    .collect();
            }
            view.technical = get(c, &f::TECHNICAL).and_then(|v| {
                let keys = [&f::TECHNICAL_NAME, &f::TECHNICAL_EMAIL, &f::TECHNICAL_PHONE];
                contact(f::TECHNICAL.path.into(), v, keys)
            });
        }
        view
    }

    /// All contact people, professional first.
    pub fn contacts(&self) -> impl Iterator<Item = &ContactView<'t>> {
        self.professional.iter().chain(self.technical.iter())
    }
}
