//! The link to the privacy policy (Datenschutzerklärung, guide step 6), offline: it must be
//! an absolute https URL and should be stable. Whether it is live is the online checker's job.

use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::FormView;
use crate::limits::MAX_URL_LEN;

const FIELD: &str = fields::PRIVACY_URL.path;

/// How a query parameter or path parameter (`;jsessionid=…`) that carries a session, which
/// expires, begins.
const SESSION_MARKERS: [&str; 4] = ["phpsessid=", "jsessionid=", "sessionid=", "sid="];

/// Whether one parameter (`name=value`, of the query or after a `;` in the path) carries a
/// session.
fn carries_session(parameter: &str) -> bool {
    let lower = parameter.to_ascii_lowercase();
    SESSION_MARKERS.iter().any(|m| lower.starts_with(m))
}

/// The parameters of a path: what follows each `;` in each segment (and a segment that is
/// itself `name=value`).
fn path_parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').flat_map(|segment| segment.split(';'))
}

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
            .arg("length", raw.len().to_string())
            .arg("max", MAX_URL_LEN.to_string());
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
        let text = Text::new("privacy-url-not-https")
            .arg("found", raw)
            .arg("suggestion", https_suggestion(&parsed));
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
    let has_session = path_parameters(url.path()).any(carries_session)
        || url
            .query()
            .unwrap_or_default()
            .split('&')
            .any(carries_session);
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

/// The https address to suggest for a plain http link: without what makes a link unstable
/// that can be left out — session parameters ([`carries_session`]) and the fragment. Other
/// query parameters may be needed to find the page and stay (the link still warns of them).
fn https_suggestion(url: &url::Url) -> String {
    let mut https = url.clone();
    // Both are special schemes: the change cannot fail.
    let _ = https.set_scheme("https");
    https.set_fragment(None);
    // A segment that was nothing but session parameters goes as a whole.
    let path: Vec<String> = url
        .path()
        .split('/')
        .filter_map(|segment| {
            let kept: Vec<&str> = segment.split(';').filter(|p| !carries_session(p)).collect();
            (!kept.is_empty()).then(|| kept.join(";"))
        })
        .collect();
    https.set_path(&path.join("/"));
    let kept: Vec<&str> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty() && !carries_session(p))
        .collect();
    https.set_query((!kept.is_empty()).then(|| kept.join("&")).as_deref());
    https.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(s: &str) -> Vec<&'static str> {
        unstable_reasons(&url::Url::parse(s).unwrap())
    }

    fn suggestion(s: &str) -> String {
        https_suggestion(&url::Url::parse(s).unwrap())
    }

    #[test]
    fn the_https_suggestion_is_not_unstable_itself() {
        assert_eq!(
            suggestion("http://x.de/datenschutz?sid=abc"),
            "https://x.de/datenschutz"
        );
        assert_eq!(
            suggestion("http://x.de/dse;jsessionid=AB12?PHPSESSID=1&page=2#top"),
            "https://x.de/dse?page=2"
        );
        assert_eq!(
            suggestion("http://x.de/datenschutz"),
            "https://x.de/datenschutz"
        );
        assert_eq!(suggestion("http://x.de/sid=5/dse"), "https://x.de/dse");
        for url in ["http://x.de/a?sid=1", "http://x.de/a;sid=1#b"] {
            assert!(
                reasons(&suggestion(url)).is_empty(),
                "{url}: {}",
                suggestion(url)
            );
        }
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
