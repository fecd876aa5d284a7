//! The one list of checks: stable code, default severity, area and step of the guide.
//!
//! Everything else — the JSON output, `explain`, documentation, tests — reads this table.
//! The codes are public interface (CI configs name them): never rename one.

use serde::Serialize;

/// How much a finding weighs. Errors fail a run; warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
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
    File,
    Structure,
    Identity,
    Service,
    Onboarding,
    Authority,
    Jurisdiction,
    Logo,
    Mailboxes,
    PrivacyPolicy,
    CrossForm,
}

/// One entry of the registry.
#[derive(Debug, Clone, Copy)]
pub struct CheckInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub area: Area,
    /// Step of the onboarding guide (Anbindungsleitfaden) the check belongs to, if any.
    pub guide_step: Option<u8>,
    /// Needs the network (skipped with `--offline`).
    pub online: bool,
}

macro_rules! registry {
    ($($variant:ident = $code:literal, $severity:ident, $area:ident, $step:expr, $online:literal;)*) => {
        /// A stable check code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        /// Every check, in the order of the specification.
        pub const ALL: &[CheckInfo] = &[
            $(CheckInfo {
                code: $code,
                severity: Severity::$severity,
                area: Area::$area,
                guide_step: $step,
                online: $online,
            },)*
        ];

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$variant,)*];
        }
    };
}

registry! {
    FileTooLarge = "file-too-large", Error, File, None, false;
    FileNotUtf8 = "file-not-utf8", Error, File, None, false;
    TomlSyntax = "toml-syntax", Error, File, None, false;
    FileOutsideFolder = "file-outside-folder", Error, File, None, false;
    FileUnreadable = "file-unreadable", Error, File, None, false;
    UnknownField = "unknown-field", Error, Structure, None, false;
    MissingField = "missing-field", Error, Structure, None, false;
    InvalidType = "invalid-type", Error, Structure, None, false;
    UnsupportedSchemaVersion = "unsupported-schema-version", Error, Identity, None, false;
    TenantIdInvalid = "tenant-id-invalid", Error, Identity, None, false;
    UnknownService = "unknown-service", Error, Service, None, false;
    LeikaIdMalformed = "leika-id-malformed", Error, Service, Some(3), false;
    LeikaIdMismatch = "leika-id-mismatch", Error, Service, Some(3), false;
    StageInvalid = "stage-invalid", Error, Onboarding, Some(2), false;
    AgreementMissing = "agreement-missing", Error, Onboarding, Some(2), false;
    AgreementInFuture = "agreement-in-future", Error, Onboarding, Some(2), false;
    PvogEntryMissing = "pvog-entry-missing", Error, Onboarding, Some(3), false;
    EmptyValue = "empty-value", Error, Structure, None, false;
    TextControlCharacter = "text-control-character", Error, Structure, None, false;
    TooManyItems = "too-many-items", Error, Structure, None, false;
    PostalCodeInvalid = "postal-code-invalid", Error, Authority, Some(7), false;
    StateInvalid = "state-invalid", Error, Authority, Some(7), false;
    PhoneInvalid = "phone-invalid", Error, Authority, Some(7), false;
    UrlInvalid = "url-invalid", Error, Authority, Some(7), false;
    RegionalKeyMalformed = "regional-key-malformed", Error, Jurisdiction, Some(7), false;
    RegionalKeyStateMismatch = "regional-key-state-mismatch", Error, Jurisdiction, Some(7), false;
    RegionalKeyUnknown = "regional-key-unknown", Error, Jurisdiction, Some(7), false;
    RegionalKeyDuplicate = "regional-key-duplicate", Warning, Jurisdiction, Some(7), false;
    LogoMissing = "logo-missing", Error, Logo, Some(7), false;
    LogoOutsideFormDir = "logo-outside-form-dir", Error, Logo, Some(7), false;
    LogoFormat = "logo-format", Error, Logo, Some(7), false;
    LogoTooLarge = "logo-too-large", Error, Logo, Some(7), false;
    LogoTooSmall = "logo-too-small", Warning, Logo, Some(7), false;
    LogoUnsafeSvg = "logo-unsafe-svg", Error, Logo, Some(7), false;
    EmailInvalid = "email-invalid", Error, Mailboxes, Some(4), false;
    MailboxPersonal = "mailbox-personal", Warning, Mailboxes, Some(4), false;
    MailboxFreemail = "mailbox-freemail", Warning, Mailboxes, Some(4), false;
    PrivacyUrlInvalid = "privacy-url-invalid", Error, PrivacyPolicy, Some(6), false;
    PrivacyUrlNotHttps = "privacy-url-not-https", Error, PrivacyPolicy, Some(6), false;
    PrivacyUrlUnstable = "privacy-url-unstable", Warning, PrivacyPolicy, Some(6), false;
    PrivacyUrlDead = "privacy-url-dead", Error, PrivacyPolicy, Some(6), true;
    PrivacyUrlRedirected = "privacy-url-redirected", Warning, PrivacyPolicy, Some(6), true;
    PrivacyUrlUnverified = "privacy-url-unverified", Warning, PrivacyPolicy, Some(6), true;
    PrivacyUrlBlocked = "privacy-url-blocked", Error, PrivacyPolicy, Some(6), true;
    PrivacyUrlNotPolicy = "privacy-url-not-policy", Warning, PrivacyPolicy, Some(6), true;
    DuplicateTenantId = "duplicate-tenant-id", Error, CrossForm, None, false;
    JurisdictionOverlap = "jurisdiction-overlap", Error, CrossForm, Some(7), false;
}

impl Code {
    pub fn info(self) -> &'static CheckInfo {
        &ALL[self as usize]
    }

    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    pub fn default_severity(self) -> Severity {
        self.info().severity
    }

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
