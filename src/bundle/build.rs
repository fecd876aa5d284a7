//! Building a bundle from a checked form: in memory, pure and deterministic — the same form
//! and logo give the same bytes on every machine.
//!
//! The form and the logo are read once more, and the bundle is refused when either is no
//! longer what validation saw: what is shipped is what was checked.

use std::collections::BTreeMap;
use std::path::Path;

use super::model::{
    self, Address, Area, ContactsFile, FileEntry, Logo, Mailboxes, Manifest, MediaType, Person,
    Service, Source, State, Tenant,
};
use super::{Bundle, BundleFile, CONTACTS_FILE, MANIFEST_FILE, TENANT_FILE, TenantId, sha256_hex};
use crate::catalog::Catalog;
use crate::checks::authority::LANDER;
use crate::checks::logo::{self, Format};
use crate::fields;
use crate::finding::diagnostic::Text;
use crate::finding::registry::Code;
use crate::form::schema::{Contact, OrderForm};
use crate::validate::{FormFile, FormReport};

/// What a bundle is built from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The form file as found; its folder is where the logo path starts.
    pub file: &'a FormFile,
    /// The form's validation result: its text, findings and areas.
    pub report: &'a FormReport,
    /// The service catalog that names the form's service in the bundle.
    pub catalog: &'a Catalog,
    /// Edition of the area directory that named the report's areas.
    pub areas_edition: &'a str,
}

/// Why a form that passed validation got no bundle; [`BuildError::text`] says it in the
/// catalogs' words, in the language of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The form on disk is no longer the text that was validated.
    FormChanged,
    /// The logo vanished or changed between validation and copy: what is wrong with it now.
    LogoChanged(Text),
    /// A value validation let through cannot be put into the bundle (e.g. a check that was
    /// switched off): which one, and why.
    Unbundlable(Text),
}

impl BuildError {
    /// The reason as a catalog text.
    pub fn text(&self) -> Text {
        match self {
            BuildError::FormChanged => Text::new("bundle.form-changed"),
            BuildError::LogoChanged(why) => {
                Text::new("bundle.logo-changed").nested("reason", why.clone())
            }
            BuildError::Unbundlable(why) => why.clone(),
        }
    }
}

/// Builds the bundle of one form without errors.
pub fn build(input: &Input<'_>) -> Result<Bundle, BuildError> {
    let report = input.report;
    let tenant_id = report
        .tenant_id()
        .and_then(TenantId::new)
        .ok_or_else(|| BuildError::Unbundlable(Text::new("bundle.unbundlable.tenant-id")))?;
    let source = report
        .source
        .as_ref()
        .ok_or_else(|| BuildError::Unbundlable(Text::new("bundle.unbundlable.unread")))?;
    // What is on disk now must be what was checked (and is what the manifest names).
    let form_bytes =
        crate::validate::read_again(input.file).map_err(|_| BuildError::FormChanged)?;
    let on_disk = std::str::from_utf8(&form_bytes).map_err(|_| BuildError::FormChanged)?;
    if on_disk.strip_prefix('\u{feff}').unwrap_or(on_disk) != source.text() {
        return Err(BuildError::FormChanged);
    }
    let form: OrderForm = toml::from_str(source.text()).map_err(|e| {
        let reason = crate::form::syntax::reason(&e, source.text(), crate::fields::FIELDS);
        BuildError::Unbundlable(Text::new("bundle.unbundlable.format").nested("reason", reason))
    })?;

    let logo = load_logo(input, &form)?;
    let tenant = tenant(input, &form, &tenant_id, logo.name.clone(), logo.media_type)?;
    let contacts = ContactsFile {
        schema_version: model::SCHEMA_VERSION,
        tenant_id: tenant_id.to_string(),
        professional: form
            .contacts
            .professional
            .iter()
            .map(person)
            .collect::<Result<_, _>>()?,
        technical: person(&form.contacts.technical)?,
    };

    // The logo is hashed once: its name already holds the hash.
    let entry = |bytes: &[u8], sha256: String| FileEntry {
        sha256,
        size: bytes.len() as u64,
    };
    let mut files = BTreeMap::new();
    let mut entries = BTreeMap::new();
    for (name, bytes) in [
        (TENANT_FILE, model::to_json(&tenant)),
        (CONTACTS_FILE, model::to_json(&contacts)),
    ] {
        entries.insert(name.to_owned(), entry(&bytes, sha256_hex(&bytes)));
        files.insert(name.to_owned(), bytes);
    }
    entries.insert(logo.name.clone(), entry(&logo.bytes, logo.sha256));
    files.insert(logo.name, logo.bytes);
    let manifest = Manifest {
        schema_version: model::SCHEMA_VERSION,
        tenant_id: tenant_id.to_string(),
        onboard_version: env!("CARGO_PKG_VERSION").to_owned(),
        areas_edition: input.areas_edition.to_owned(),
        source: Source {
            file: input
                .file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: sha256_hex(&form_bytes),
        },
        files: entries,
        manifest_sha256: None,
    };
    files.insert(MANIFEST_FILE.to_owned(), manifest.to_json_sealed());
    Ok(Bundle {
        tenant_id,
        files: files
            .into_iter()
            .map(|(name, bytes)| BundleFile { name, bytes })
            .collect(),
    })
}

/// The logo as the bundle holds it.
struct BundleLogo {
    /// `logo-<first 12 hex of its sha256>.<ext>`.
    name: String,
    bytes: Vec<u8>,
    sha256: String,
    media_type: MediaType,
}

/// A logo's name in a bundle: this, the first hex digits of its SHA-256, its extension.
const LOGO_PREFIX: &str = "logo-";
const LOGO_HASH_DIGITS: usize = 12;

/// The extension and media type of a logo of this format in a bundle.
fn logo_kind(format: Format) -> (&'static str, MediaType) {
    match format {
        Format::Png => ("png", MediaType::Png),
        Format::Jpeg => ("jpg", MediaType::Jpeg),
        Format::Svg => ("svg", MediaType::Svg),
    }
}

/// Whether `name` is a name `build` gives a logo (`logo-<12 hex>.<png|jpg|svg>`).
pub fn is_logo_name(name: &str) -> bool {
    let Some((hash, ext)) = name
        .strip_prefix(LOGO_PREFIX)
        .and_then(|rest| rest.split_once('.'))
    else {
        return false;
    };
    hash.len() == LOGO_HASH_DIGITS
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && [Format::Png, Format::Jpeg, Format::Svg]
            .into_iter()
            .any(|format| logo_kind(format).0 == ext)
}

/// The logo's bytes as validation checked them: kept from validation when the file is
/// still the one it read (a bundle run keeps them), else read and inspected again and
/// refused when it has a finding validation did not report (it was replaced by something
/// else in between). The bundle copies checked bytes, never an unchecked file.
fn load_logo(input: &Input<'_>, form: &OrderForm) -> Result<BundleLogo, BuildError> {
    let form_dir = input.file.folder();
    let kept =
        input.report.facts.logo.as_ref().filter(|kept| {
            logo::fingerprint_now(form_dir, &form.logo.file) == Some(kept.fingerprint)
        });
    let (bytes, format) = match kept {
        Some(kept) => (kept.bytes.clone(), kept.format),
        None => reload_logo(input, form_dir, &form.logo.file)?,
    };
    let (ext, media_type) = logo_kind(format);
    let sha256 = sha256_hex(&bytes);
    Ok(BundleLogo {
        name: format!("{LOGO_PREFIX}{}.{ext}", &sha256[..LOGO_HASH_DIGITS]),
        bytes,
        sha256,
        media_type,
    })
}

/// Reads and inspects the logo again; refuses it when it is gone or has a finding that
/// validation did not report.
fn reload_logo(
    input: &Input<'_>,
    form_dir: &Path,
    name: &str,
) -> Result<(Vec<u8>, Format), BuildError> {
    let loaded = logo::load(form_dir, name).map_err(|(_, text)| BuildError::LogoChanged(text))?;
    let reported: Vec<Code> = input
        .report
        .diagnostics
        .iter()
        .filter(|d| d.field.as_deref() == Some(fields::LOGO_FILE.path))
        .map(|d| d.code)
        .collect();
    if let Some((_, text)) = loaded
        .findings
        .into_iter()
        .find(|(c, _)| !reported.contains(c))
    {
        return Err(BuildError::LogoChanged(text));
    }
    Ok((loaded.bytes, loaded.format))
}

fn tenant(
    input: &Input<'_>,
    form: &OrderForm,
    tenant_id: &TenantId,
    logo_file: String,
    media_type: MediaType,
) -> Result<Tenant, BuildError> {
    let a = &form.authority;
    let service_id = form.service.id.trim();
    let service = input.catalog.get(service_id).ok_or_else(|| {
        BuildError::Unbundlable(Text::new("bundle.unbundlable.service").arg("service", service_id))
    })?;
    // `LandCode`'s variants are named exactly like the codes, so Debug prints the code.
    let code = format!("{:?}", a.state);
    let state_name = LANDER
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, _, name)| (*name).to_owned())
        .ok_or_else(|| {
            BuildError::Unbundlable(Text::new("bundle.unbundlable.land").arg("state", &code))
        })?;
    let mut areas: Vec<Area> = input
        .report
        .areas
        .iter()
        .map(|area| Area {
            ars: area.ars.to_string(),
            level: area.level.into(),
            name: area.name.to_string(),
        })
        .collect();
    // Sorted, so that reordering the keys in the form changes nothing in the bundle.
    areas.sort_by(|x, y| x.ars.cmp(&y.ars));
    if areas.is_empty() {
        return Err(BuildError::Unbundlable(Text::new(
            "bundle.unbundlable.areas",
        )));
    }
    Ok(Tenant {
        schema_version: model::SCHEMA_VERSION,
        tenant_id: tenant_id.to_string(),
        stage: form
            .onboarding
            .as_ref()
            .map(|o| o.stage)
            .unwrap_or_default(),
        service: Service {
            id: service.id.clone(),
            name: service.name.clone(),
            leika_key: form.service.leika_id.trim().to_owned(),
        },
        destination_name: a.name.trim().to_owned(),
        address: Address {
            street: a.street.trim().to_owned(),
            house_number: a.house_number.trim().to_owned(),
            zip: a.postal_code.trim().to_owned(),
            city: a.city.trim().to_owned(),
        },
        state: State {
            code: a.state,
            name: state_name,
        },
        phone: given(&a.phone).map(e164).transpose()?,
        website: given(&a.website).map(https_url).transpose()?,
        areas,
        privacy_policy_url: https_url(&form.privacy_policy.url)?,
        mailboxes: Mailboxes {
            applications: form.mailboxes.applications.trim().to_owned(),
            contact_form: form.mailboxes.contact_form.trim().to_owned(),
        },
        logo: Logo {
            file: logo_file,
            media_type,
            alt_text: form.logo.alt_text.trim().to_owned(),
        },
    })
}

fn person(contact: &Contact) -> Result<Person, BuildError> {
    Ok(Person {
        name: contact.name.trim().to_owned(),
        email: contact.email.trim().to_owned(),
        phone: given(&contact.phone).map(e164).transpose()?,
    })
}

/// An optional string that is given: as in validation, a blank one counts as left out.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A phone number in E.164 form (`+494215900`); German numbers may be written without `+49`.
fn e164(number: &str) -> Result<String, BuildError> {
    crate::checks::phone::e164(number).ok_or_else(|| {
        BuildError::Unbundlable(Text::new("bundle.unbundlable.phone").arg("number", number))
    })
}

/// An https URL in its normalised form (lower-case host, punycode, percent-encoding), as
/// the online check fetched it: what a service links to must be a valid URI.
fn https_url(text: &str) -> Result<String, BuildError> {
    url::Url::parse(text.trim())
        .ok()
        .filter(|u| u.scheme() == "https" && u.host().is_some())
        .map(String::from)
        .ok_or_else(|| {
            BuildError::Unbundlable(Text::new("bundle.unbundlable.url").arg("url", text))
        })
}

/// Whether a form of the run gets a bundle: no errors, and no warnings when they are denied.
pub fn eligible(report: &FormReport, deny_warnings: bool) -> bool {
    use crate::finding::registry::Severity;
    report.count(Severity::Error) == 0 && !(deny_warnings && report.count(Severity::Warning) > 0)
}

/// Builds the bundles of every eligible form of a run, in parallel. One entry per form, in
/// the run's order: `None` for a form that gets no bundle because of its findings.
/// `files` are the run's forms, in the order of its reports.
pub fn build_run(
    files: &[FormFile],
    run: &crate::validate::RunReport,
    catalog: &Catalog,
    areas_edition: &str,
    deny_warnings: bool,
) -> Vec<Option<Result<Bundle, BuildError>>> {
    use rayon::prelude::*;
    files
        .par_iter()
        .zip(run.files.par_iter())
        .map(|(file, report)| {
            eligible(report, deny_warnings).then(|| {
                build(&Input {
                    file,
                    report,
                    catalog,
                    areas_edition,
                })
            })
        })
        .collect()
}
