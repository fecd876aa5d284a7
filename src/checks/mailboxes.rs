//! E-mail addresses: the two function mailboxes (Funktionspostfächer, guide steps 4 and 5)
//! must be valid and should belong to an office, not to a person or a free-mail provider;
//! the contact people's addresses must be valid.

use validator::ValidateEmail;

use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::{FormView, Val};

/// Free-mail providers (spec: at least these); subdomains count too.
pub const FREEMAIL_DOMAINS: [&str; 18] = [
    "gmail.com",
    "googlemail.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "t-online.de",
    "yahoo.com",
    "yahoo.de",
    "outlook.com",
    "outlook.de",
    "hotmail.com",
    "hotmail.de",
    "live.de",
    "icloud.com",
    "aol.com",
    "freenet.de",
    "posteo.de",
    "mail.de",
];

/// Parts of names that are not a given or family name and so prove nothing.
const NAME_NOISE: [&str; 12] = [
    "dr", "prof", "med", "jur", "dipl", "ing", "von", "van", "der", "de", "zu", "den",
];

pub fn check(view: &FormView<'_>, sink: &mut Sink<'_>) {
    let names = contact_name_words(view);
    let contact_emails: Vec<String> = view
        .contacts()
        .filter_map(|c| c.email.as_ref().map(|e| e.value.trim().to_lowercase()))
        .collect();
    for (field, mailbox) in [
        (fields::APPLICATIONS.path, &view.mailbox_applications),
        (fields::CONTACT_FORM.path, &view.mailbox_contact_form),
    ] {
        let Some(mailbox) = mailbox else { continue };
        if !check_email(mailbox, || field.to_owned(), sink) {
            continue;
        }
        for (code, text) in mailbox_warnings(mailbox.value, &contact_emails, &names) {
            sink.report(code, Some(field), mailbox.span.clone(), text);
        }
    }
    for contact in view.contacts() {
        if let Some(email) = &contact.email {
            check_email(email, || format!("{}.email", contact.path), sink);
        }
    }
}

/// Why a valid mailbox address may not be a function mailbox of the office: it looks
/// personal, or lies at a free-mail provider. `contact_emails` are lower case and `names`
/// are folded (see [`name_words`]).
pub fn mailbox_warnings(
    address: &str,
    contact_emails: &[String],
    names: &[String],
) -> Vec<(Code, Text)> {
    let mut found = Vec::new();
    let shown = address.trim();
    let lower = shown.to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return found;
    };
    if let Some(reason) = personal_reason(&lower, local, contact_emails, names) {
        let text = Text::new(reason.0)
            .arg("address", shown)
            .arg("word", reason.1);
        found.push((Code::MailboxPersonal, text));
    }
    if let Some(provider) = freemail_provider(domain) {
        let text = Text::new("mailbox-freemail")
            .arg("address", shown)
            .arg("provider", provider);
        found.push((Code::MailboxFreemail, text));
    }
    found
}

/// Reports an invalid address at `field` (named only then); true when the address is valid.
fn check_email(email: &Val<&str>, field: impl FnOnce() -> String, sink: &mut Sink<'_>) -> bool {
    if is_email(email.value) {
        return true;
    }
    let text = Text::new("email-invalid").arg("found", email.value);
    sink.report(Code::EmailInvalid, Some(&field()), email.span.clone(), text);
    false
}

/// A valid address (RFC 5322 as the `validator` crate checks it) whose domain has a dot.
///
/// The crate lets a leading, trailing or doubled dot pass in the local part, which RFC 5322
/// only allows in quotes (`"a..b"@x.de`); such addresses are refused here.
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    s.validate_email()
        && s.rsplit_once('@').is_some_and(|(local, domain)| {
            let dot_atom =
                !local.starts_with('.') && !local.ends_with('.') && !local.contains("..");
            (dot_atom || local.starts_with('"'))
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

/// The free-mail provider a domain belongs to, if any.
pub fn freemail_provider(domain: &str) -> Option<&'static str> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    FREEMAIL_DOMAINS.iter().copied().find(|p| {
        domain == *p
            || domain
                .strip_suffix(p)
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// German spelling folded to what appears in addresses: ä→ae, ö→oe, ü→ue, ß→ss.
pub fn fold_umlauts(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out
}

/// The given and family names of the form's contact people, folded.
fn contact_name_words(view: &FormView<'_>) -> Vec<String> {
    name_words(
        view.contacts()
            .filter_map(|c| c.name.as_ref().map(|n| n.value)),
    )
}

/// The given and family names in people's names, folded, without titles and particles.
pub fn name_words<'n>(names: impl Iterator<Item = &'n str>) -> Vec<String> {
    let mut words: Vec<String> = names
        .flat_map(|n| {
            fold_umlauts(n)
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 2 && !NAME_NOISE.contains(w))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Why a mailbox looks like a person's: the message id and the word that gave it away.
fn personal_reason(
    address: &str,
    local: &str,
    contact_emails: &[String],
    names: &[String],
) -> Option<(&'static str, String)> {
    if contact_emails.iter().any(|e| e == address) {
        return Some(("mailbox-personal.contact-address", address.to_owned()));
    }
    let folded = fold_umlauts(local);
    let word = folded
        .split(|c: char| matches!(c, '.' | '_' | '-') || c.is_ascii_digit())
        .find(|w| !w.is_empty() && names.iter().any(|n| n == w));
    if let Some(word) = word {
        return Some(("mailbox-personal.name", word.to_owned()));
    }
    let mut parts = folded.splitn(2, '.');
    if let (Some(initial), Some(rest)) = (parts.next(), parts.next())
        && initial.chars().count() == 1
        && initial.chars().all(char::is_alphabetic)
        && rest.chars().count() >= 2
        && rest.chars().all(char::is_alphabetic)
    {
        return Some(("mailbox-personal.initial", folded.clone()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_email("jugendamt@musterstadt.de"));
        for bad in [
            "jugendamt",
            "a@localhost",
            "a@b.",
            "@x.de",
            "a b@x.de",
            "a@@x.de",
            "a..b@x.de",
            ".a@x.de",
            "a.@x.de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn freemail_providers_and_their_subdomains() {
        assert_eq!(freemail_provider("gmx.de"), Some("gmx.de"));
        assert_eq!(freemail_provider("mail.gmx.net"), Some("gmx.net"));
        assert_eq!(freemail_provider("bremen.de"), None);
        assert_eq!(freemail_provider("notweb.de"), None);
    }

    #[test]
    fn personal_shapes() {
        let names = vec!["anna".to_owned(), "mueller".to_owned()];
        let none: Vec<String> = vec![];
        assert_eq!(
            personal_reason("anna.x@a.de", "anna.x", &none, &names)
                .unwrap()
                .0,
            "mailbox-personal.name"
        );
        assert_eq!(
            personal_reason("mueller2@a.de", "mueller2", &none, &names)
                .unwrap()
                .0,
            "mailbox-personal.name"
        );
        assert_eq!(
            personal_reason("a.schmidt@a.de", "a.schmidt", &none, &[])
                .unwrap()
                .0,
            "mailbox-personal.initial"
        );
        let own = vec!["team@a.de".to_owned()];
        assert_eq!(
            personal_reason("team@a.de", "team", &own, &[]).unwrap().0,
            "mailbox-personal.contact-address"
        );
        assert!(personal_reason("jugendamt@a.de", "jugendamt", &none, &names).is_none());
        assert!(
            personal_reason(
                "sorgeregister.jugendamt@a.de",
                "sorgeregister.jugendamt",
                &none,
                &names
            )
            .is_none()
        );
        assert_eq!(
            fold_umlauts("Müller-Lüdenscheidt Straße"),
            "mueller-luedenscheidt strasse"
        );
    }
}
