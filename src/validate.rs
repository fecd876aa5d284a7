//! Validation of a set of forms: read each file, parse it, run every check, then the
//! cross-form checks. Forms are independent until the cross-form step, so they run in
//! parallel.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::de::DeTable;

use crate::areas::{Area, AreaDirectory};
use crate::catalog::Catalog;
use crate::checks::links::{self, LinkReport};
use crate::checks::logo::Source as LogoSource;
use crate::checks::{self, Context};
use crate::confine;
use crate::fields;
use crate::finding::diagnostic::{Diagnostic, Sink, Text};
use crate::finding::registry::{Code, Severity};
use crate::finding::source::SourceText;
use crate::form::model::{FormView, Item, Val};
use crate::form::{structure, syntax};

pub use crate::limits::MAX_FORM_BYTES;

mod cross;

/// A form to validate: where it is, how reports name it, and how it may be read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FormFile {
    /// Where the form is.
    pub path: PathBuf,
    /// How reports name it (the path as the user gave it or as found).
    pub display: String,
    /// How it may be opened.
    pub access: Access,
}

impl FormFile {
    /// The folder the form lies in, where its logo path starts.
    pub fn folder(&self) -> &Path {
        confine::folder_of(&self.path)
    }
}

/// How discovery found a form, and so how it is opened (`discover` decides; see there).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// A regular file, as the folder listing (or `lstat`) said: opened without following a
    /// link, so that a link put in its place since is refused rather than followed.
    Direct,
    /// A link that leads to this real path, a regular file inside the folder being checked.
    Link(PathBuf),
    /// Not opened at all: a `file-outside-folder` finding with this message id.
    Refused(&'static str),
}

/// What the checks of a run need.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The services a form may name.
    pub catalog: &'a Catalog,
    /// The areas regional keys are looked up in.
    pub areas: &'a AreaDirectory,
    /// The date agreement dates are measured against.
    pub today: jiff::civil::Date,
    /// Keep each logo as read in its report (`Facts::logo`), for a bundle run: it ships
    /// those very bytes instead of reading and inspecting the file again.
    pub keep_logos: bool,
}

/// The facts of a form that the cross-form checks and the reports need.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub tenant_id: Option<Val<String>>,
    /// The privacy-policy link, normalised, when it is an https URL worth checking online.
    pub privacy_url: Option<Val<String>>,
    pub service_id: Option<String>,
    pub regional_keys: Vec<Item<String>>,
    /// `onboarding.stage` as written (absent means `test`).
    pub stage: Option<String>,
    /// `onboarding.state_agreement_on`, when it is a date.
    pub agreement_on: Option<jiff::civil::Date>,
    pub pvog_entry: Option<bool>,
    pub leika_id: Option<String>,
    /// `logo.file` as written, for the line that says what to send.
    pub logo_file: Option<String>,
    pub mailbox_applications: Option<String>,
    pub mailbox_contact_form: Option<String>,
    /// The privacy-policy link as written (also when it is not worth checking online).
    pub privacy_url_text: Option<String>,
    /// The contact people named, professional first.
    pub contacts: Vec<ContactFact>,
    /// The logo as read, with `Options::keep_logos`.
    pub logo: Option<crate::checks::logo::Kept>,
    /// The record of the privacy-policy link, when the run watches links over time
    /// (`--links-state`).
    pub privacy_link: Option<crate::links_state::History>,
}

/// A contact person of a form, as far as the form names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFact {
    pub technical: bool,
    pub name: Option<String>,
}

/// The result for one form.
#[derive(Debug, Clone)]
pub struct FormReport {
    /// The form, as reports name it.
    pub path: String,
    /// The text, when it could be read (renderers show snippets of it).
    pub source: Option<SourceText>,
    /// What the cross-form checks, bundles and reports read of the form.
    pub(crate) facts: Facts,
    /// The areas the form names that exist in the directory, in the form's order.
    pub areas: Vec<Area>,
    /// Its findings, in the order of the form.
    pub diagnostics: Vec<Diagnostic>,
}

impl FormReport {
    /// The tenant id the form gives, if it gives one.
    pub fn tenant_id(&self) -> Option<&str> {
        self.facts.tenant_id.as_ref().map(|t| t.value.as_str())
    }

    /// The areas the form names as `ARS (name)`, at most `max` of them and a count of the
    /// rest (the table of reports and `status` show them so).
    pub fn areas_text(&self, max: usize) -> String {
        let mut parts: Vec<String> = self
            .areas
            .iter()
            .take(max)
            .map(|a| format!("{} ({})", a.ars, a.name))
            .collect();
        if self.areas.len() > max {
            parts.push(format!("+{}", self.areas.len() - max));
        }
        parts.join(", ")
    }

    /// How many of its findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The result of a run.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    /// One report per form, in the order the forms were given.
    pub files: Vec<FormReport>,
}

impl RunReport {
    /// How many findings of all forms have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().map(|f| f.count(severity)).sum()
    }

    /// Whether the run fails: any error, or any warning when warnings are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.count(Severity::Error) > 0 || (deny_warnings && self.count(Severity::Warning) > 0)
    }
}

/// Today's date in Europe/Berlin, where the agreements are signed.
///
/// `ONBOARD_TODAY=YYYY-MM-DD` fixes it, for reproducible runs and tests.
pub fn today() -> jiff::civil::Date {
    if let Some(date) = std::env::var("ONBOARD_TODAY")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return date;
    }
    let zone = jiff::tz::TimeZone::get("Europe/Berlin").unwrap_or(jiff::tz::TimeZone::UTC);
    zone.to_datetime(jiff::Timestamp::now()).date()
}

/// A form held in memory (an upload, no file on disk): the name reports give it, its bytes,
/// and the bytes of its logo, which stand for whatever file its `logo.file` names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryForm {
    /// The name reports give it (`upload.toml`).
    pub name: String,
    /// The form's bytes, as uploaded.
    pub bytes: Vec<u8>,
    /// The logo's bytes, if one came with it.
    pub logo: Option<Vec<u8>>,
}

/// Validates forms (in parallel when there are several) and runs the cross-form checks.
pub fn validate(files: &[FormFile], options: &Options<'_>) -> RunReport {
    validate_each(files, |file| validate_file(file, options))
}

/// Validates forms held in memory as [`validate`] does files: a form with a name and bytes
/// gets the findings that the same bytes get from a file of that name, its logo beside it.
pub fn validate_memory(forms: &[MemoryForm], options: &Options<'_>) -> RunReport {
    validate_each(forms, |form| {
        // The name comes from outside (an upload): shown as a file name found on disk is.
        let display = crate::messages::visible(&form.name);
        let logo = LogoSource::Memory(form.logo.as_deref());
        validate_source(form.bytes.clone(), &display, logo, options)
    })
}

/// Validates each form, in parallel when there are several, then across forms.
fn validate_each<T: Sync>(forms: &[T], one: impl Fn(&T) -> FormReport + Sync) -> RunReport {
    let mut reports: Vec<FormReport> = if forms.len() > 1 {
        forms.par_iter().map(&one).collect()
    } else {
        forms.iter().map(&one).collect()
    };
    cross::check(&mut reports);
    RunReport { files: reports }
}

/// The distinct privacy-policy links of a run that the online check should fetch.
pub fn links_to_check(run: &RunReport) -> Vec<url::Url> {
    let mut urls: Vec<url::Url> = run
        .files
        .iter()
        .filter_map(|f| f.facts.privacy_url.as_ref())
        .filter_map(|u| url::Url::parse(&u.value).ok())
        .collect();
    urls.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    urls.dedup();
    urls
}

/// Links watched over time: each link's record after this run, and the runs in a row a
/// link may stay unverified.
pub type Watched<'a> = (
    &'a std::collections::HashMap<String, crate::links_state::History>,
    u32,
);

/// Adds the findings of the online check to every form whose link it checked — with its
/// record, when links are `watched` over time.
pub fn attach_links(
    run: &mut RunReport,
    links: &std::collections::HashMap<String, LinkReport>,
    watched: Option<Watched<'_>>,
) {
    for file in &mut run.files {
        let (Some(url), Some(source)) = (&file.facts.privacy_url, &file.source) else {
            continue;
        };
        let Some(report) = links.get(&url.value) else {
            continue;
        };
        let position = source.position(url.span.start);
        let history = watched.and_then(|(histories, max)| Some((histories.get(&url.value)?, max)));
        let found = match history {
            Some((history, max)) => {
                file.facts.privacy_link = Some(history.clone());
                crate::links_state::findings(report, history, max)
            }
            None => links::findings(report),
        };
        for (code, text) in found {
            file.diagnostics.push(Diagnostic::new(
                code,
                Some(fields::PRIVACY_URL.path),
                url.span.clone(),
                position,
                text,
            ));
        }
        file.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
}

/// Validates one form on its own (no cross-form checks).
pub fn validate_file(file: &FormFile, options: &Options<'_>) -> FormReport {
    match read_again(file) {
        Ok(bytes) => validate_bytes(bytes, &file.display, file.folder(), options),
        Err(finding) => FormReport {
            path: file.display.clone(),
            source: None,
            facts: Facts::default(),
            areas: Vec::new(),
            diagnostics: vec![*finding],
        },
    }
}

/// Reads a form's bytes — again, for a bundle, which records the bytes it was built from —
/// the one careful way: a link only to where it led when the form was found, never a new
/// one, never blocking. `Err` is the finding that reading gives.
pub fn read_again(file: &FormFile) -> Result<Vec<u8>, Box<Diagnostic>> {
    match &file.access {
        Access::Direct => read_form(&file.path, &file.display),
        Access::Link(real) => read_form(real, &file.display),
        Access::Refused(id) => Err(outside_folder(id, &file.display)),
    }
}

/// Validates a form's bytes as read from a file in `form_dir` (where its logo is looked
/// for), shown as `display`. The fuzz target calls this directly.
pub fn validate_bytes(
    bytes: Vec<u8>,
    display: &str,
    form_dir: &Path,
    options: &Options<'_>,
) -> FormReport {
    validate_source(bytes, display, LogoSource::Folder(form_dir), options)
}

/// Validates a form's bytes, shown as `display`, with its logo from `logo`.
pub fn validate_source(
    bytes: Vec<u8>,
    display: &str,
    logo: LogoSource<'_>,
    options: &Options<'_>,
) -> FormReport {
    let mut report = FormReport {
        path: display.to_owned(),
        source: None,
        facts: Facts::default(),
        areas: Vec::new(),
        diagnostics: Vec::new(),
    };
    let text = match decode_form(bytes) {
        Ok(text) => text,
        Err(finding) => {
            report.diagnostics.push(*finding);
            return report;
        }
    };
    let source = SourceText::new(text);
    let mut sink = Sink::new(&source, display);
    let (root, errors) = DeTable::parse_recoverable(source.text());
    if errors.is_empty() {
        let root = root.get_ref();
        structure::check(root, &mut sink);
        let view = FormView::new(root);
        let ctx = Context {
            catalog: options.catalog,
            areas: options.areas,
            today: options.today,
            logo,
            keep_logo: options.keep_logos,
        };
        let logo = checks::run(&view, &ctx, &mut sink);
        report.facts = facts(&view, logo);
        for key in &view.regional_keys {
            if let Some(area) = options.areas.lookup(key.value)
                && !report.areas.contains(&area)
            {
                report.areas.push(area);
            }
        }
    } else {
        for (span, text) in syntax::findings(&errors, source.text(), fields::FIELDS) {
            sink.report(Code::TomlSyntax, None, span, text);
        }
    }
    let mut diagnostics = sink.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    report.diagnostics = diagnostics;
    report.source = Some(source);
    report
}

fn facts(view: &FormView<'_>, logo: Option<crate::checks::logo::Kept>) -> Facts {
    let privacy_url = view.privacy_url.as_ref().and_then(|u| {
        // An over-long link has its finding offline and is not fetched.
        if u.value.trim().len() > crate::limits::MAX_URL_LEN {
            return None;
        }
        let parsed = url::Url::parse(u.value.trim()).ok()?;
        let checkable = parsed.scheme() == "https"
            && parsed.host().is_some()
            && parsed.username().is_empty()
            && parsed.password().is_none();
        checkable.then(|| Val {
            value: parsed.to_string(),
            span: u.span.clone(),
        })
    });
    let text = |v: &Option<Val<&str>>| v.as_ref().map(|v| v.value.trim().to_owned());
    Facts {
        logo,
        privacy_link: None,
        // Reports and the summary show it, also when it is invalid: never with a raw
        // control character (a valid one has none, so nothing valid changes).
        tenant_id: view.tenant_id.as_ref().map(|t| Val {
            value: crate::messages::visible(t.value).into_owned(),
            span: t.span.clone(),
        }),
        privacy_url,
        service_id: view.service_id.as_ref().map(|s| s.value.to_owned()),
        stage: view.stage.as_ref().map(|s| s.value.to_owned()),
        agreement_on: crate::checks::onboarding::agreement_day(view),
        pvog_entry: view.pvog_entry.as_ref().map(|p| p.value),
        leika_id: text(&view.leika_id),
        logo_file: text(&view.logo_file),
        mailbox_applications: text(&view.mailbox_applications),
        mailbox_contact_form: text(&view.mailbox_contact_form),
        privacy_url_text: text(&view.privacy_url),
        contacts: view
            .contacts()
            .map(|c| ContactFact {
                technical: c.path == fields::TECHNICAL.path,
                name: c.name.as_ref().map(|n| n.value.trim().to_owned()),
            })
            .collect(),
        regional_keys: view
            .regional_keys
            .iter()
            .map(|k| Item {
                index: k.index,
                value: k.value.to_owned(),
                span: k.span.clone(),
            })
            .collect(),
    }
}

/// A finding about the file as a whole, at 1:1.
fn file_finding(code: Code, text: Text) -> Box<Diagnostic> {
    Box::new(Diagnostic::file(code, text))
}

/// The finding for a form that is not read: it is not a regular file or leads outside
/// the folder being checked. It names the form as found, nothing of what is there.
fn outside_folder(id: &'static str, display: &str) -> Box<Diagnostic> {
    let text = Text::new(id).arg("path", display);
    file_finding(Code::FileOutsideFolder, text)
}

/// Reads a form's bytes, refusing large files unread, and refusing what is not (or is no
/// longer) what discovery found: a link or a special file in the form's place.
fn read_form(path: &Path, display: &str) -> Result<Vec<u8>, Box<Diagnostic>> {
    let unreadable = |e: std::io::Error| {
        file_finding(
            Code::FileUnreadable,
            Text::new("file-unreadable").arg("reason", e.to_string()),
        )
    };
    // The size and type come from the open file (`fstat`), not from its path once more.
    // Opened without following a link and without blocking: should a link or a FIFO have
    // taken the form's place since it was found, it is refused, not followed or waited on.
    let file = confine::open(path, false).map_err(|e| {
        if confine::is_refused_link(&e) {
            outside_folder("file-outside-folder.changed", display)
        } else {
            unreadable(e)
        }
    })?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(outside_folder("file-outside-folder.special", display));
    }
    let len = meta.len();
    if len > MAX_FORM_BYTES {
        return Err(file_finding(Code::FileTooLarge, too_large(len)));
    }
    // One byte more than the size, so that reading ends without a second call.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(MAX_FORM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// A form of `len` bytes, over [`MAX_FORM_BYTES`].
fn too_large(len: u64) -> Text {
    Text::new("file-too-large")
        .size("size", len)
        .size("max", MAX_FORM_BYTES)
}

/// A form's text from its bytes: refuses too many bytes (a file that grew while read, or
/// bytes from elsewhere) and reports where UTF-8 breaks.
fn decode_form(bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    if bytes.len() as u64 > MAX_FORM_BYTES {
        return Err(file_finding(
            Code::FileTooLarge,
            too_large(bytes.len() as u64),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        // A byte order mark is ignored (as by `SourceText`), so it takes no column.
        let prefix = prefix.strip_prefix('\u{feff}').unwrap_or(&prefix);
        let line = prefix.matches('\n').count() + 1;
        let column = prefix
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        let text = Text::new("file-not-utf8").arg("offset", valid.to_string());
        // A file-wide finding, at the first byte that breaks.
        Box::new(Diagnostic::new(
            Code::FileNotUtf8,
            None,
            0..0,
            (line, column),
            text,
        ))
    })
}
