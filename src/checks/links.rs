//! What the online check found out about a privacy-policy link, as plain data, and the
//! findings that follow from it. The network itself is `crate::online`'s business; this
//! module only interprets, so it runs anywhere.

use super::registry::Code;
use crate::diagnostic::Text;

/// The outcome for one distinct URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkReport {
    /// The URL as checked (normalised).
    pub url: String,
    /// Where the redirects ended, when there were any.
    pub final_url: Option<String>,
    pub verdict: Verdict,
}

/// The classification of a link (spec: live, dead, unverified, blocked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A 2xx answer, with what the page holds.
    Live(Content),
    /// A definite failure: 404, 410, other 4xx (except 401/403/429), 5xx after retries,
    /// or a host name that does not exist.
    Dead(Failure),
    /// The tool cannot tell: time-out, refused connection, TLS failure, 401/403/429.
    Unverified(Failure),
    /// The host (or a redirect) leads to a non-public address.
    Blocked { host: String, address: String },
    /// A redirect leads to plain `http://`.
    Downgraded,
}

/// What a live page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// HTML that mentions "Datenschutz" or "privacy".
    Policy,
    /// A PDF document (its text is not inspected).
    Pdf,
    /// HTML that mentions neither word (in the part read).
    HtmlWithoutMention,
    /// Neither HTML nor PDF; the media type as the server named it.
    Other(String),
}

/// Why a link is dead or could not be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Status(u16),
    NoSuchHost(String),
    DnsFailure(String),
    Timeout,
    Refused,
    Tls(String),
    TooManyRedirects(usize),
    /// A redirect back to an address already asked (that address).
    RedirectLoop(String),
    BadRedirect(String),
    /// A redirect to a URL longer than `limits::MAX_URL_LEN` (its length).
    UrlTooLong(usize),
    /// The link took longer than its time budget in all (seconds).
    Deadline(u64),
    Other(String),
}

/// The findings for a form whose privacy-policy link had this report.
pub fn findings(report: &LinkReport) -> Vec<(Code, Text)> {
    let url = report.url.as_str();
    let final_url = report.final_url.as_deref().unwrap_or(url);
    let mut out = Vec::new();
    let redirected = report.final_url.is_some();
    // A loop, or a chain longer than we follow, has no final address to enter: its own
    // finding says all.
    if redirected
        && !matches!(
            report.verdict,
            Verdict::Blocked { .. }
                | Verdict::Downgraded
                | Verdict::Unverified(Failure::RedirectLoop(_) | Failure::TooManyRedirects(_))
        )
    {
        out.push((
            Code::PrivacyUrlRedirected,
            Text::new("privacy-url-redirected")
                .arg("url", url)
                .arg("final", final_url),
        ));
    }
    let with_urls = |text: Text| text.arg("url", url).arg("final", final_url);
    match &report.verdict {
        Verdict::Live(Content::Policy | Content::Pdf) => {}
        Verdict::Live(Content::HtmlWithoutMention) => {
            out.push((
                Code::PrivacyUrlNotPolicy,
                with_urls(Text::new("privacy-url-not-policy.mention")),
            ));
        }
        Verdict::Live(Content::Other(kind)) => {
            let text = with_urls(Text::new("privacy-url-not-policy.type")).arg("type", kind);
            out.push((Code::PrivacyUrlNotPolicy, text));
        }
        Verdict::Dead(failure) => out.push((
            Code::PrivacyUrlDead,
            failure_text("privacy-url-dead", failure, url, final_url),
        )),
        Verdict::Unverified(failure) => {
            out.push((
                Code::PrivacyUrlUnverified,
                failure_text("privacy-url-unverified", failure, url, final_url),
            ));
        }
        Verdict::Blocked { host, address } => {
            let text = with_urls(Text::new("privacy-url-blocked"))
                .arg("host", host)
                .arg("address", address);
            out.push((Code::PrivacyUrlBlocked, text));
        }
        Verdict::Downgraded => {
            out.push((
                Code::PrivacyUrlNotHttps,
                with_urls(Text::new("privacy-url-not-https.redirect")),
            ));
        }
    }
    out
}

fn failure_text(prefix: &'static str, failure: &Failure, url: &str, final_url: &str) -> Text {
    let (id, detail) = match (prefix, failure) {
        ("privacy-url-dead", Failure::Status(s)) => ("privacy-url-dead.status", s.to_string()),
        ("privacy-url-dead", Failure::NoSuchHost(h)) => {
            ("privacy-url-dead.no-such-host", h.clone())
        }
        ("privacy-url-dead", other) => ("privacy-url-dead.other", describe(other)),
        (_, Failure::Status(s)) => ("privacy-url-unverified.status", s.to_string()),
        (_, Failure::Timeout) => ("privacy-url-unverified.timeout", String::new()),
        (_, Failure::Refused) => ("privacy-url-unverified.refused", String::new()),
        (_, Failure::Tls(reason)) => ("privacy-url-unverified.tls", reason.clone()),
        (_, Failure::TooManyRedirects(n)) => ("privacy-url-unverified.redirects", n.to_string()),
        (_, Failure::RedirectLoop(back_to)) => ("privacy-url-unverified.loop", back_to.clone()),
        (_, Failure::DnsFailure(reason)) => ("privacy-url-unverified.dns", reason.clone()),
        (_, Failure::UrlTooLong(n)) => ("privacy-url-unverified.url-too-long", n.to_string()),
        (_, Failure::Deadline(s)) => ("privacy-url-unverified.deadline", s.to_string()),
        (_, other) => ("privacy-url-unverified.other", describe(other)),
    };
    Text::new(id)
        .arg("url", url)
        .arg("final", final_url)
        .arg("detail", detail)
}

fn describe(failure: &Failure) -> String {
    match failure {
        Failure::Status(s) => format!("HTTP {s}"),
        Failure::NoSuchHost(h) => format!("no such host {h}"),
        Failure::DnsFailure(r) | Failure::Tls(r) | Failure::BadRedirect(r) | Failure::Other(r) => {
            r.clone()
        }
        Failure::Timeout => "time-out".into(),
        Failure::Refused => "connection refused".into(),
        Failure::TooManyRedirects(n) => format!("more than {n} redirects"),
        Failure::RedirectLoop(back_to) => format!("a redirect loop back to {back_to}"),
        Failure::UrlTooLong(n) => format!("a redirect to a URL of {n} bytes"),
        Failure::Deadline(s) => format!("more than {s} s in all"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(report: LinkReport) -> Vec<Code> {
        findings(&report).into_iter().map(|(c, _)| c).collect()
    }

    fn report(final_url: Option<&str>, verdict: Verdict) -> LinkReport {
        LinkReport {
            url: "https://a.de/dse".into(),
            final_url: final_url.map(Into::into),
            verdict,
        }
    }

    #[test]
    fn a_live_policy_has_no_findings_and_a_redirect_is_named() {
        assert_eq!(codes(report(None, Verdict::Live(Content::Policy))), vec![]);
        assert_eq!(
            codes(report(Some("https://a.de/x"), Verdict::Live(Content::Pdf))),
            vec![Code::PrivacyUrlRedirected]
        );
        let found = findings(&report(
            Some("https://a.de/x"),
            Verdict::Live(Content::Policy),
        ));
        assert!(
            found[0]
                .1
                .args
                .iter()
                .any(|(k, v)| *k == "final" && v == "https://a.de/x")
        );
    }

    #[test]
    fn failures_map_to_their_codes() {
        assert_eq!(
            codes(report(None, Verdict::Dead(Failure::Status(404)))),
            vec![Code::PrivacyUrlDead]
        );
        assert_eq!(
            codes(report(None, Verdict::Unverified(Failure::Timeout))),
            vec![Code::PrivacyUrlUnverified]
        );
        let blocked = Verdict::Blocked {
            host: "x".into(),
            address: "10.0.0.1".into(),
        };
        assert_eq!(
            codes(report(Some("https://x/"), blocked)),
            vec![Code::PrivacyUrlBlocked]
        );
        assert_eq!(
            codes(report(
                None,
                Verdict::Live(Content::Other("application/json".into()))
            )),
            vec![Code::PrivacyUrlNotPolicy]
        );
        assert_eq!(
            codes(report(Some("http://a.de/"), Verdict::Downgraded)),
            vec![Code::PrivacyUrlNotHttps]
        );
        let back = Verdict::Unverified(Failure::RedirectLoop("https://a.de/dse".into()));
        assert_eq!(
            codes(report(Some("https://a.de/b"), back)),
            vec![Code::PrivacyUrlUnverified],
            "a loop is not also a redirect to enter"
        );
    }
}
