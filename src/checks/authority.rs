//! Address data of the office (guide step 7): postal code, Land, phone numbers, website.

use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::{FormView, Val};
use crate::limits::MAX_URL_LEN;

// The Länder live with the areas (their keys are the first two digits of an ARS); the
// checks of this module and others name them from here as before.
pub use crate::areas::laender::{LANDER, land_of_prefix, land_prefix};

pub fn check(view: &FormView<'_>, sink: &mut Sink<'_>) {
    if let Some(plz) = &view.postal_code
        && !is_postal_code(plz.value)
    {
        let text = Text::new("postal-code-invalid").arg("found", plz.value);
        sink.report(
            Code::PostalCodeInvalid,
            Some(fields::POSTAL_CODE.path),
            plz.span.clone(),
            text,
        );
    }
    if let Some(state) = &view.state
        && land_prefix(state.value).is_none()
    {
        let text = match land_prefix(&state.value.trim().to_uppercase()) {
            Some(_) => {
                Text::new("state-invalid.case").arg("suggestion", state.value.trim().to_uppercase())
            }
            None => Text::new("state-invalid").arg("known", LANDER.map(|(c, _, _)| c).join(" ")),
        }
        .arg("found", state.value);
        sink.report(
            Code::StateInvalid,
            Some(fields::STATE.path),
            state.span.clone(),
            text,
        );
    }
    if let Some(phone) = &view.phone {
        check_phone(phone, || fields::AUTHORITY_PHONE.path.to_owned(), sink);
    }
    for contact in view.contacts() {
        if let Some(phone) = &contact.phone {
            check_phone(phone, || format!("{}.phone", contact.path), sink);
        }
    }
    if let Some(site) = &view.website
        && !is_https_url(site.value)
    {
        let text = if site.value.len() > MAX_URL_LEN {
            Text::new("url-invalid.too-long")
                .number("length", site.value.len() as u64)
                .number("max", MAX_URL_LEN as u64)
        } else {
            Text::new("url-invalid").arg("found", site.value)
        };
        sink.report(
            Code::UrlInvalid,
            Some(fields::WEBSITE.path),
            site.span.clone(),
            text,
        );
    }
}

/// Five digits, not starting with `00` (no German postal region 00).
pub fn is_postal_code(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with("00")
}

/// Reports an invalid number at `field` (named only then: most numbers are valid).
fn check_phone(phone: &Val<&str>, field: impl FnOnce() -> String, sink: &mut Sink<'_>) {
    if !is_phone_number(phone.value) {
        let text = Text::new("phone-invalid").arg("found", phone.value);
        sink.report(Code::PhoneInvalid, Some(&field()), phone.span.clone(), text);
    }
}

/// A number libphonenumber's metadata accepts; without `+`, it is read as German.
pub fn is_phone_number(s: &str) -> bool {
    super::phone::is_valid(s)
}

/// An absolute `https://` URL with a host and no user info, of bounded length.
pub fn is_https_url(s: &str) -> bool {
    s.len() <= MAX_URL_LEN
        && url::Url::parse(s).is_ok_and(|u| {
            u.scheme() == "https"
                && u.host().is_some()
                && u.username().is_empty()
                && u.password().is_none()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes() {
        assert!(is_postal_code("28195"));
        assert!(is_postal_code("01067"));
        for bad in ["00123", "2819", "281955", "2819a", "２８１９５"] {
            assert!(!is_postal_code(bad), "{bad}");
        }
    }

    #[test]
    fn phone_numbers() {
        assert!(is_phone_number("0421 361-0"));
        assert!(is_phone_number("+49 421 3610"));
        assert!(is_phone_number("+49 30 123456"));
        for bad in ["12", "0000", "hallo", "+49 0"] {
            assert!(!is_phone_number(bad), "{bad}");
        }
    }

    #[test]
    fn https_urls() {
        assert!(is_https_url("https://www.bremen.de/"));
        for bad in [
            "http://www.bremen.de",
            "www.bremen.de",
            "https://user:pw@bremen.de",
            "javascript:alert(1)",
        ] {
            assert!(!is_https_url(bad), "{bad}");
        }
    }
}
