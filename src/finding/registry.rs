//! The one list of checks: stable code, default severity, area and the fields a check
//! concerns (and so, through the table of fields, its steps of the guide).
//!
//! Everything else — the JSON output, `explain`, `status`, documentation, tests — reads
//! this table. The codes are public interface (CI configs name them): never rename one.

use serde::Serialize;

use crate::fields::{self, Field, Steps};

/// How much a finding weighs. Errors fail a run; warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown; fails the run only with `--deny-warnings`.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// The name as reports write it (`error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The part of the form (or of the run) a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// The form file itself: size, encoding, whether it can be read.
    File,
    /// TOML syntax, keys and value types.
    Structure,
    /// The tenant id and the schema version.
    Identity,
    /// The service and its LeiKa-ID.
    Service,
    /// The stage, the agreement with the Land and PVOG.
    Onboarding,
    /// The office: address, Land, phone, website.
    Authority,
    /// The regional keys of the areas served.
    Jurisdiction,
    /// The logo file and its alt text.
    Logo,
    /// The function mailboxes and the contact people's addresses.
    Mailboxes,
    /// The privacy-policy link.
    PrivacyPolicy,
    /// Conflicts between the forms of one run.
    CrossForm,
}

/// Which fields a check's findings concern. A finding belongs to the steps of the guide of
/// its field (see [`fields::steps_at`]), so these give the steps `explain` names.
#[derive(Debug, Clone, Copy)]
pub enum Concerns {
    /// The file as a whole: no field and no step (the form cannot be read that far, so no
    /// step can be done).
    File,
    /// These fields.
    Fields(&'static [Field]),
    /// The keys a structural rule applies to, picked from the table of fields by what they
    /// hold; for `unknown-field`, the tables an unknown key can stand in.
    Keys(fn(&Field) -> bool),
}

/// One entry of the registry.
#[derive(Debug, Clone, Copy)]
pub struct CheckInfo {
    /// The stable code (`email-invalid`).
    pub code: &'static str,
    /// Its severity unless the repository changes it.
    pub severity: Severity,
    /// The part of the form it looks at.
    pub area: Area,
    /// The fields its findings concern.
    pub concerns: Concerns,
    /// Needs the network (skipped with `--offline`).
    pub online: bool,
}

impl CheckInfo {
    /// The fields its findings can concern, in the order of the form (tables included).
    pub fn fields(&self) -> Vec<&'static Field> {
        match self.concerns {
            Concerns::File => Vec::new(),
            Concerns::Fields(list) => fields::FIELDS
                .iter()
                .filter(|f| list.iter().any(|l| l.path == f.path))
                .collect(),
            Concerns::Keys(pick) => fields::FIELDS.iter().filter(|f| pick(f)).collect(),
        }
    }

    /// The steps of the guide its findings can belong to: those of its fields.
    pub fn steps(&self) -> Steps {
        self.fields()
            .iter()
            .fold(Steps::NONE, |all, f| all.union(f.steps()))
    }

    /// Whether its findings are about the file as a whole (it could not be read as a form).
    pub fn about_file(&self) -> bool {
        matches!(self.concerns, Concerns::File)
    }
}

macro_rules! registry {
    ($($variant:ident = $code:literal, $severity:ident, $area:ident, $concerns:expr, $online:literal;)*) => {
        /// A stable check code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = concat!("`", $code, "`")] $variant,)*
        }

        /// Every check, in the order of the specification.
        pub const ALL: &[CheckInfo] = &[
            $(CheckInfo {
                code: $code,
                severity: Severity::$severity,
                area: Area::$area,
                concerns: $concerns,
                online: $online,
            },)*
        ];

        impl Code {
            /// Every code, in the order of the specification.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];
        }
    };
}

use Concerns::{File, Keys};
use fields::{
    APPLICATIONS, AUTHORITY_PHONE, CONTACT_FORM, LEIKA_ID, LOGO_FILE, POSTAL_CODE, PRIVACY_URL,
    PROFESSIONAL_EMAIL, PROFESSIONAL_PHONE, PVOG_ENTRY, REGIONAL_KEYS, SCHEMA_VERSION, SERVICE_ID,
    STAGE, STATE, STATE_AGREEMENT_ON, TECHNICAL_EMAIL, TECHNICAL_PHONE, TENANT_ID, WEBSITE,
};

/// The fields of a check.
const fn on(fields: &'static [Field]) -> Concerns {
    Concerns::Fields(fields)
}

const MAILBOXES: &[Field] = &[APPLICATIONS, CONTACT_FORM];

// code, default severity, area, the fields it concerns, whether it needs the network
registry! {
    FileTooLarge = "file-too-large", Error, File, File, false;
    FileNotUtf8 = "file-not-utf8", Error, File, File, false;
    TomlSyntax = "toml-syntax", Error, File, File, false;
    FileOutsideFolder = "file-outside-folder", Error, File, File, false;
    FileUnreadable = "file-unreadable", Error, File, File, false;
    UnknownField = "unknown-field", Error, Structure, Keys(fields::table), false;
    MissingField = "missing-field", Error, Structure, Keys(fields::required), false;
    InvalidType = "invalid-type", Error, Structure, Keys(fields::any), false;
    UnsupportedSchemaVersion = "unsupported-schema-version", Error, Identity, on(&[SCHEMA_VERSION]), false;
    TenantIdInvalid = "tenant-id-invalid", Error, Identity, on(&[TENANT_ID]), false;
    UnknownService = "unknown-service", Error, Service, on(&[SERVICE_ID]), false;
    LeikaIdMalformed = "leika-id-malformed", Error, Service, on(&[LEIKA_ID]), false;
    LeikaIdMismatch = "leika-id-mismatch", Error, Service, on(&[LEIKA_ID]), false;
    StageInvalid = "stage-invalid", Error, Onboarding, on(&[STAGE]), false;
    AgreementMissing = "agreement-missing", Error, Onboarding, on(&[STATE_AGREEMENT_ON]), false;
    AgreementInFuture = "agreement-in-future", Error, Onboarding, on(&[STATE_AGREEMENT_ON]), false;
    PvogEntryMissing = "pvog-entry-missing", Error, Onboarding, on(&[PVOG_ENTRY]), false;
    EmptyValue = "empty-value", Error, Structure, Keys(fields::fillable), false;
    TextControlCharacter = "text-control-character", Error, Structure, Keys(fields::text), false;
    TooManyItems = "too-many-items", Error, Structure, Keys(fields::list), false;
    PostalCodeInvalid = "postal-code-invalid", Error, Authority, on(&[POSTAL_CODE]), false;
    StateInvalid = "state-invalid", Error, Authority, on(&[STATE]), false;
    PhoneInvalid = "phone-invalid", Error, Authority, on(&[AUTHORITY_PHONE, PROFESSIONAL_PHONE, TECHNICAL_PHONE]), false;
    UrlInvalid = "url-invalid", Error, Authority, on(&[WEBSITE]), false;
    RegionalKeyMalformed = "regional-key-malformed", Error, Jurisdiction, on(&[REGIONAL_KEYS]), false;
    RegionalKeyStateMismatch = "regional-key-state-mismatch", Error, Jurisdiction, on(&[REGIONAL_KEYS]), false;
    RegionalKeyUnknown = "regional-key-unknown", Error, Jurisdiction, on(&[REGIONAL_KEYS]), false;
    RegionalKeyDuplicate = "regional-key-duplicate", Warning, Jurisdiction, on(&[REGIONAL_KEYS]), false;
    RegionalKeyTooBroad = "regional-key-too-broad", Warning, Jurisdiction, on(&[REGIONAL_KEYS]), false;
    LogoMissing = "logo-missing", Error, Logo, on(&[LOGO_FILE]), false;
    LogoOutsideFormDir = "logo-outside-form-dir", Error, Logo, on(&[LOGO_FILE]), false;
    LogoFormat = "logo-format", Error, Logo, on(&[LOGO_FILE]), false;
    LogoTooLarge = "logo-too-large", Error, Logo, on(&[LOGO_FILE]), false;
    LogoTooSmall = "logo-too-small", Warning, Logo, on(&[LOGO_FILE]), false;
    LogoUnsafeSvg = "logo-unsafe-svg", Error, Logo, on(&[LOGO_FILE]), false;
    EmailInvalid = "email-invalid", Error, Mailboxes, on(&[APPLICATIONS, CONTACT_FORM, PROFESSIONAL_EMAIL, TECHNICAL_EMAIL]), false;
    MailboxPersonal = "mailbox-personal", Warning, Mailboxes, on(MAILBOXES), false;
    MailboxFreemail = "mailbox-freemail", Warning, Mailboxes, on(MAILBOXES), false;
    PrivacyUrlInvalid = "privacy-url-invalid", Error, PrivacyPolicy, on(&[PRIVACY_URL]), false;
    PrivacyUrlNotHttps = "privacy-url-not-https", Error, PrivacyPolicy, on(&[PRIVACY_URL]), false;
    PrivacyUrlUnstable = "privacy-url-unstable", Warning, PrivacyPolicy, on(&[PRIVACY_URL]), false;
    PrivacyUrlDead = "privacy-url-dead", Error, PrivacyPolicy, on(&[PRIVACY_URL]), true;
    PrivacyUrlRedirected = "privacy-url-redirected", Warning, PrivacyPolicy, on(&[PRIVACY_URL]), true;
    PrivacyUrlUnverified = "privacy-url-unverified", Warning, PrivacyPolicy, on(&[PRIVACY_URL]), true;
    PrivacyUrlBlocked = "privacy-url-blocked", Error, PrivacyPolicy, on(&[PRIVACY_URL]), true;
    PrivacyUrlNotPolicy = "privacy-url-not-policy", Warning, PrivacyPolicy, on(&[PRIVACY_URL]), true;
    PrivacyUrlMoved = "privacy-url-moved", Warning, PrivacyPolicy, on(&[PRIVACY_URL]), true;
    DuplicateTenantId = "duplicate-tenant-id", Error, CrossForm, on(&[TENANT_ID]), false;
    JurisdictionOverlap = "jurisdiction-overlap", Error, CrossForm, on(&[REGIONAL_KEYS]), false;
}

impl Code {
    /// The registry entry of the code.
    pub fn info(self) -> &'static CheckInfo {
        &ALL[self as usize]
    }

    /// The stable code as text (`email-invalid`).
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    /// The severity unless the repository changes it.
    pub fn default_severity(self) -> Severity {
        self.info().severity
    }

    /// The code spelt `code`, if there is one.
    pub fn from_code(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_in_step_with_the_enum() {
        let mut seen = std::collections::HashSet::new();
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i);
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
            assert_eq!(Code::from_code(s), Some(*code));
        }
    }
}
