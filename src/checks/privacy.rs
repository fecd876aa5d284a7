//! The link to the privacy policy (Datenschutzerklärung, guide step 6), offline: it must be
//! an absolute https URL and should be stable. Whether it is live is the online checker's job.

use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::FormView;
use crate::limits::MAX_URL_LEN;

const FIELD: &str = fields::PRIVACY_URL.path;

/// Query parameters and path parameters that carry a session, which expires.
const SESSION_MARKERS: [&str; 6] = [
    ";jsessionid=",
    ";sid=",
    "phpsessid=",
    "jsessionid=",
    "sessionid=",
    "sid=",
];

pub fn check(view: &FormView<'_>, sink: &mut Sink<'_>) {
    let Some(url) = &view.privacy_url else { return };
    for (code, text) in findings(url.value) {
        sink.report(code, Some(FIELD), url.span.clone(), text);
    }
}

/// The offline findings for a privacy-policy link as written (also used by
/// `onboard init --interactive` to check an answer).
pub fn findings(raw: &str) -> Vec<(Code, Text)> {
    let raw = raw.trim();
    if raw.len() > MAX_URL_LEN {
        let text = Text::new("privacy-url-invalid.too-long")
            .number("length", raw.len() as u64)
            .number("max", MAX_URL_LEN as u64);
        return vec![(Code::PrivacyUrlInvalid, text)];
    }
    let parsed = match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => u,
        Ok(u) => {
            let text = Text::new("privacy-url-invalid.scheme")
                .arg("found", raw)
                .arg("scheme", u.scheme());
            return vec![(Code::PrivacyUrlInvalid, text)];
        }
        Err(_) => {
            let text = Text::new("privacy-url-invalid").arg("found", raw);
            return vec![(Code::PrivacyUrlInvalid, text)];
        }
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        let text = Text::new("privacy-url-invalid.userinfo").arg("found", raw);
        return vec![(Code::PrivacyUrlInvalid, text)];
    }
    let mut found = Vec::new();
    if parsed.scheme() != "https" {
        let https = raw.replacen("http://", "https://", 1);
        let text = Text::new("privacy-url-not-https")
            .arg("found", raw)
            .arg("suggestion", https);
        found.push((Code::PrivacyUrlNotHttps, text));
    }
    for reason in unstable_reasons(&parsed) {
        found.push((
            Code::PrivacyUrlUnstable,
            Text::new(reason).arg("found", raw),
        ));
    }
    found
}

/// Why a link may not stay stable, as message ids (several can apply).
pub fn unstable_reasons(url: &url::Url) -> Vec<&'static str> {
    let mut reasons = Vec::new();
    if matches!(url.host(), Some(url::Host::Ipv4(_) | url::Host::Ipv6(_))) {
        reasons.push("privacy-url-unstable.ip");
    }
    let lower_path = url.path().to_ascii_lowercase();
    let lower_query = url.query().unwrap_or_default().to_ascii_lowercase();
    let has_session = SESSION_MARKERS.iter().any(|m| {
        let parameter = m.trim_start_matches(';');
        lower_path.contains(m)
            || lower_query.starts_with(parameter)
            || lower_query
                .match_indices(parameter)
                .any(|(at, _)| lower_query[..at].ends_with('&'))
    });
    if has_session {
        reasons.push("privacy-url-unstable.session");
    } else if url.query().is_some() {
        reasons.push("privacy-url-unstable.query");
    }
    if url.fragment().is_some() {
        reasons.push("privacy-url-unstable.fragment");
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(s: &str) -> Vec<&'static str> {
        unstable_reasons(&url::Url::parse(s).unwrap())
    }

    #[test]
    fn stable_links_have_no_reasons() {
        assert!(reasons("https://www.bremen.de/datenschutz").is_empty());
    }

    #[test]
    fn unstable_links_say_why() {
        assert_eq!(reasons("https://10.0.0.1/dse"), ["privacy-url-unstable.ip"]);
        assert_eq!(reasons("https://[::1]/dse"), ["privacy-url-unstable.ip"]);
        assert_eq!(
            reasons("https://a.de/dse?page=2"),
            ["privacy-url-unstable.query"]
        );
        assert_eq!(
            reasons("https://a.de/dse;jsessionid=AB12"),
            ["privacy-url-unstable.session"]
        );
        assert_eq!(
            reasons("https://a.de/dse?x=1&sid=99"),
            ["privacy-url-unstable.session"]
        );
        assert_eq!(
            reasons("https://a.de/dse#top"),
            ["privacy-url-unstable.fragment"]
        );
        assert_eq!(
            reasons("https://a.de/consider?x=1"),
            ["privacy-url-unstable.query"]
        );
    }
}
