//! What the online check found out about a privacy-policy link, as plain data, and the
//! findings that follow from it. The network itself is `crate::online`'s business; this
//! module only interprets, so it runs anywhere.

use crate::finding::diagnostic::Text;
use crate::finding::registry::Code;

/// The outcome for one distinct URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkReport {
    /// The URL as checked (normalised).
    pub url: String,
    /// Where the redirects ended, when there were any.
    pub final_url: Option<String>,
    /// What the link turned out to be.
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
    Blocked {
        /// The host name that led there.
        host: String,
        /// The address it resolved to.
        address: String,
    },
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
    /// Neither HTML nor PDF; the media type as the server named it, if it named one.
    Other(Option<String>),
}

/// Why a link is dead or could not be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with this HTTP status.
    Status(u16),
    /// The host name does not exist (the name).
    NoSuchHost(String),
    /// The name could not be resolved for another reason (the resolver's words).
    DnsFailure(String),
    /// No answer in time.
    Timeout,
    /// The connection was refused.
    Refused,
    /// The connection broke off (reset, aborted) before an answer.
    Reset,
    /// TLS failed: certificate or handshake (the TLS library's words).
    Tls(String),
    /// More redirects than allowed (the limit).
    TooManyRedirects(usize),
    /// A redirect back to an address already asked (that address).
    RedirectLoop(String),
    /// A redirect (this status) without a valid `Location` to follow.
    BadRedirect(u16),
    /// A redirect to a URL longer than `limits::MAX_URL_LEN` (its length).
    UrlTooLong(usize),
    /// The link took longer than its time budget in all (seconds).
    Deadline(u64),
    /// Anything else, in the HTTP client's own words (quoted as they are, like the
    /// operating system's).
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
        Verdict::Live(Content::Other(Some(kind))) => {
            let text = with_urls(Text::new("privacy-url-not-policy.type")).arg("type", kind);
            out.push((Code::PrivacyUrlNotPolicy, text));
        }
        Verdict::Live(Content::Other(None)) => {
            let text = with_urls(Text::new("privacy-url-not-policy.no-type"));
            out.push((Code::PrivacyUrlNotPolicy, text));
        }
        Verdict::Dead(failure) => {
            out.push((Code::PrivacyUrlDead, with_urls(failure_text(true, failure))))
        }
        Verdict::Unverified(failure) => {
            out.push((
                Code::PrivacyUrlUnverified,
                with_urls(failure_text(false, failure)),
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

/// The text for a failure of a dead link (`dead`) or one that could not be verified. Each
/// failure has its own words in the catalogs; `{detail}` carries only a value (a status, a
/// host, a count) or the words of the TLS library, the resolver or the HTTP client.
fn failure_text(dead: bool, failure: &Failure) -> Text {
    let (id, detail) = match failure {
        Failure::Status(s) if dead => ("privacy-url-dead.status", s.to_string()),
        Failure::Status(s) => ("privacy-url-unverified.status", s.to_string()),
        Failure::NoSuchHost(h) => ("privacy-url-dead.no-such-host", h.clone()),
        Failure::BadRedirect(s) => ("privacy-url-dead.bad-redirect", s.to_string()),
        Failure::Other(reason) if dead => ("privacy-url-dead.other", reason.clone()),
        Failure::Other(reason) => ("privacy-url-unverified.other", reason.clone()),
        Failure::Timeout => ("privacy-url-unverified.timeout", String::new()),
        Failure::Refused => ("privacy-url-unverified.refused", String::new()),
        Failure::Reset => ("privacy-url-unverified.reset", String::new()),
        Failure::Tls(reason) => ("privacy-url-unverified.tls", reason.clone()),
        Failure::TooManyRedirects(n) => ("privacy-url-unverified.redirects", n.to_string()),
        Failure::RedirectLoop(back_to) => ("privacy-url-unverified.loop", back_to.clone()),
        Failure::DnsFailure(reason) => ("privacy-url-unverified.dns", reason.clone()),
        // Counts, written as the reader writes numbers.
        Failure::UrlTooLong(n) => {
            return Text::new("privacy-url-unverified.url-too-long").number("detail", *n as u64);
        }
        Failure::Deadline(s) => {
            return Text::new("privacy-url-unverified.deadline").number("detail", *s);
        }
    };
    Text::new(id).arg("detail", detail)
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
    fn every_failure_is_said_in_the_catalogs_words_in_both_languages() {
        use crate::messages::{Lang, catalog, message};
        let failures = [
            Failure::Status(404),
            Failure::NoSuchHost("a.de".into()),
            Failure::DnsFailure("resolver words".into()),
            Failure::Timeout,
            Failure::Refused,
            Failure::Reset,
            Failure::Tls("tls words".into()),
            Failure::TooManyRedirects(5),
            Failure::RedirectLoop("https://a.de/dse".into()),
            Failure::BadRedirect(302),
            Failure::UrlTooLong(3000),
            Failure::Deadline(30),
            Failure::Other("client words".into()),
        ];
        for failure in failures {
            for verdict in [
                Verdict::Dead(failure.clone()),
                Verdict::Unverified(failure.clone()),
            ] {
                let (_, text) = findings(&report(None, verdict.clone())).remove(0);
                for lang in Lang::ALL {
                    assert!(catalog(lang).contains(text.id), "{lang:?}: {}", text.id);
                    let said = message(lang, &text);
                    assert!(!said.contains('{'), "{verdict:?} in {lang:?}: {said}");
                }
            }
        }
        let reset = findings(&report(None, Verdict::Unverified(Failure::Reset))).remove(0);
        assert!(message(Lang::De, &reset.1).contains("Verbindung abgebrochen"));
        assert!(message(Lang::En, &reset.1).contains("broke off the connection"));
        let untyped = findings(&report(None, Verdict::Live(Content::Other(None)))).remove(0);
        assert!(message(Lang::De, &untyped.1).contains("keinen Medientyp"));
        let long = Verdict::Unverified(Failure::UrlTooLong(3000));
        let long = findings(&report(None, long)).remove(0);
        assert!(message(Lang::De, &long.1).contains("3.000 Zeichen"));
        assert!(message(Lang::En, &long.1).contains("3,000 characters"));
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
                Verdict::Live(Content::Other(Some("application/json".into())))
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
