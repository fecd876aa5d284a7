//! Pure classification of HTTP answers — status, media type, body — with no I/O, so it can
//! be tested and fuzzed on its own.

use std::time::Duration;

use url::Url;

use crate::checks::links::{Content, Failure, Verdict};
use crate::limits::{MAX_BODY_BYTES, MAX_RETRY_AFTER, MAX_URL_LEN};

/// What a non-2xx, non-redirect status means for the link (spec: dead vs. unverified).
pub fn status_verdict(status: u16) -> Verdict {
    match status {
        401 | 403 | 429 => Verdict::Unverified(Failure::Status(status)),
        400..=599 => Verdict::Dead(Failure::Status(status)),
        // 1xx or other oddities: the server did not give the page.
        _ => Verdict::Unverified(Failure::Status(status)),
    }
}

/// Statuses worth asking again: rate limiting and server errors.
pub fn retryable_status(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// A link whose path ends in `.pdf`: HEAD tells all we need (the media type).
pub fn looks_like_pdf(url: &Url) -> bool {
    url.path().to_ascii_lowercase().ends_with(".pdf")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Html,
    Pdf,
    Other,
    /// No usable Content-Type and too few bytes to tell yet.
    Unknown,
}

/// The kind of a page by its Content-Type, or by its first bytes when that is missing.
pub fn media_kind(content_type: Option<&str>, head: &[u8]) -> MediaKind {
    let essence = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|c| !c.is_empty() && c != "application/octet-stream");
    match essence.as_deref() {
        Some("text/html" | "application/xhtml+xml") => MediaKind::Html,
        Some("application/pdf" | "application/x-pdf") => MediaKind::Pdf,
        Some(_) => MediaKind::Other,
        None => sniff(head),
    }
}

fn sniff(head: &[u8]) -> MediaKind {
    if head.starts_with(b"%PDF") {
        return MediaKind::Pdf;
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<html") {
        MediaKind::Html
    } else if head.len() < 8 {
        MediaKind::Unknown
    } else {
        MediaKind::Other
    }
}

/// What a 2xx page is, from its media type, first bytes and whether it mentions the policy.
pub fn content(content_type: Option<&str>, head: &[u8], mentions_policy: bool) -> Content {
    match media_kind(content_type, head) {
        MediaKind::Pdf => Content::Pdf,
        MediaKind::Html if mentions_policy => Content::Policy,
        MediaKind::Html => Content::HtmlWithoutMention,
        MediaKind::Other | MediaKind::Unknown => Content::Other(content_type.map(str::to_owned)),
    }
}

/// Finds "Datenschutz" or "privacy" (any case) in a body fed in chunks, also across chunk
/// boundaries.
#[derive(Debug, Default)]
pub struct MentionScanner {
    carry: Vec<u8>,
    found: bool,
}

const NEEDLES: [&[u8]; 2] = [b"datenschutz", b"privacy"];

impl MentionScanner {
    /// Feeds the next chunk; true once a mention was seen.
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        if self.found {
            return true;
        }
        let mut window = std::mem::take(&mut self.carry);
        window.extend_from_slice(chunk);
        window.make_ascii_lowercase();
        self.found = NEEDLES
            .iter()
            .any(|n| window.windows(n.len()).any(|w| w == *n));
        let keep = NEEDLES.iter().map(|n| n.len()).max().unwrap_or(0) - 1;
        self.carry = window[window.len().saturating_sub(keep)..].to_vec();
        self.found
    }

    pub fn found(&self) -> bool {
        self.found
    }
}

/// What the check reads of an answer's status line and headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    pub location: Option<String>,
    /// `Retry-After` in seconds, capped at [`MAX_RETRY_AFTER`].
    pub retry_after: Option<Duration>,
    pub content_type: Option<String>,
}

impl Head {
    /// From the status and the headers as (name, raw value); the first of each counts.
    /// Values that are not visible ASCII are ignored, as `HeaderValue::to_str` does.
    pub fn new<'h>(status: u16, headers: impl IntoIterator<Item = (&'h str, &'h [u8])>) -> Head {
        let mut head = Head {
            status,
            ..Head::default()
        };
        for (name, value) in headers {
            let Some(value) = header_text(value) else {
                continue;
            };
            let slot = if name.eq_ignore_ascii_case("location") {
                &mut head.location
            } else if name.eq_ignore_ascii_case("content-type") {
                &mut head.content_type
            } else if name.eq_ignore_ascii_case("retry-after") {
                if head.retry_after.is_none() {
                    head.retry_after = value
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
                }
                continue;
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(value.to_owned());
            }
        }
        head
    }
}

fn header_text(value: &[u8]) -> Option<&str> {
    value
        .iter()
        .all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
        .then(|| std::str::from_utf8(value).ok())
        .flatten()
}

/// Reads a 2xx body chunk by chunk, as far as it is needed: to the first mention of the
/// policy in HTML, to the first bytes of anything else, and never past [`MAX_BODY_BYTES`].
#[derive(Debug)]
pub struct BodyProbe<'c> {
    content_type: Option<&'c str>,
    head: Vec<u8>,
    scanner: MentionScanner,
    read: usize,
    max: usize,
}

/// The first bytes of a body kept for sniffing its type.
const SNIFF_BYTES: usize = 1024;

impl<'c> BodyProbe<'c> {
    pub fn new(content_type: Option<&'c str>) -> Self {
        Self::with_max(content_type, MAX_BODY_BYTES)
    }

    pub fn with_max(content_type: Option<&'c str>, max: usize) -> Self {
        BodyProbe {
            content_type,
            head: Vec::new(),
            scanner: MentionScanner::default(),
            read: 0,
            max,
        }
    }

    /// Takes the next chunk; false when no more is needed.
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        let take = chunk.len().min(self.max.saturating_sub(self.read));
        let part = &chunk[..take];
        self.read += take;
        if self.head.len() < SNIFF_BYTES {
            let room = SNIFF_BYTES - self.head.len();
            self.head.extend_from_slice(&part[..part.len().min(room)]);
        }
        let more = match media_kind(self.content_type, &self.head) {
            MediaKind::Html => !self.scanner.feed(part),
            // Neither PDF nor other types need their bodies: stop downloading.
            _ => self.head.len() < 8 && self.content_type.is_none(),
        };
        more && self.read < self.max
    }

    /// What the page is, from what was read.
    pub fn content(&self) -> Content {
        content(self.content_type, &self.head, self.scanner.found())
    }
}

/// What one answer means for the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Follow the redirect to this URL (joined onto the current one).
    Redirect(Url),
    /// A status worth asking again (429, 5xx), after this wait if the server named one;
    /// `verdict` counts when no retry is left.
    Retry {
        /// The wait the server asked for (`Retry-After`), if it asked.
        wait: Option<Duration>,
        /// The verdict when no retry is left.
        verdict: Verdict,
    },
    /// HEAD gave no PDF: ask again with GET (many servers answer HEAD wrongly).
    ConfirmWithGet,
    /// The link's verdict, as far as this answer goes.
    Final(Verdict),
}

/// Judges one answer to a request for `current`. `content` is what the body was (for a 2xx
/// answer to GET; for HEAD, `Some(Pdf)` when the media type says PDF, else `None`).
pub fn judge(current: &Url, head: &Head, was_head: bool, content: Option<Content>) -> Answer {
    let status = head.status;
    if retryable_status(status) {
        let wait = head.retry_after;
        return Answer::Retry {
            wait,
            verdict: status_verdict(status),
        };
    }
    if (300..=399).contains(&status) && status != 304 {
        return match redirect_target(current, head.location.as_deref()) {
            Ok(next) => Answer::Redirect(next),
            // Too long to follow is not a broken link: browsers may still manage.
            Err(Some(len)) => Answer::Final(Verdict::Unverified(Failure::UrlTooLong(len))),
            Err(None) => Answer::Final(Verdict::Dead(Failure::BadRedirect(status))),
        };
    }
    // Many servers answer HEAD wrongly (405, 403, 404): only a PDF counts, all else is
    // asked again with GET.
    if was_head && content.is_none() {
        return Answer::ConfirmWithGet;
    }
    match content {
        Some(content) if (200..=299).contains(&status) => Answer::Final(Verdict::Live(content)),
        _ => Answer::Final(status_verdict(status)),
    }
}

/// Where a redirect leads: its `Location` joined onto the current URL, if it is a URL
/// of bounded length. `Err(Some(len))`: a URL too long to follow; `Err(None)`: no valid
/// `Location` at all.
fn redirect_target(current: &Url, location: Option<&str>) -> Result<Url, Option<usize>> {
    let location = location.ok_or(None)?;
    if location.len() > MAX_URL_LEN {
        return Err(Some(location.len()));
    }
    let next = current.join(location).map_err(|_| None)?;
    // Joining can grow a URL (percent-encoding); the bound holds for what is requested.
    if next.as_str().len() > MAX_URL_LEN {
        return Err(Some(next.as_str().len()));
    }
    Ok(next)
}

/// The pure core of one exchange, as the fuzz target drives it: a status, headers and a
/// body (in chunks, as they arrive) to a request for `current`.
pub fn classify_response<'h>(
    current: &Url,
    was_head: bool,
    status: u16,
    headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
    body: impl IntoIterator<Item = &'h [u8]>,
) -> Answer {
    let head = Head::new(status, headers);
    let content = if !(200..=299).contains(&status) {
        None
    } else if was_head {
        (media_kind(head.content_type.as_deref(), &[]) == MediaKind::Pdf).then_some(Content::Pdf)
    } else {
        let mut probe = BodyProbe::new(head.content_type.as_deref());
        for chunk in body {
            if !probe.feed(chunk) {
                break;
            }
        }
        Some(probe.content())
    };
    judge(current, &head, was_head, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_sorted_as_the_spec_says() {
        assert_eq!(status_verdict(404), Verdict::Dead(Failure::Status(404)));
        assert_eq!(status_verdict(410), Verdict::Dead(Failure::Status(410)));
        assert_eq!(status_verdict(500), Verdict::Dead(Failure::Status(500)));
        for s in [401, 403, 429] {
            assert_eq!(status_verdict(s), Verdict::Unverified(Failure::Status(s)));
        }
        assert!(retryable_status(503) && retryable_status(429) && !retryable_status(404));
    }

    #[test]
    fn media_types_and_sniffing() {
        assert_eq!(
            media_kind(Some("text/html; charset=utf-8"), b""),
            MediaKind::Html
        );
        assert_eq!(media_kind(Some("application/pdf"), b""), MediaKind::Pdf);
        assert_eq!(
            media_kind(Some("application/json"), b"{}"),
            MediaKind::Other
        );
        assert_eq!(media_kind(None, b"%PDF-1.7"), MediaKind::Pdf);
        assert_eq!(media_kind(None, b"<!DOCTYPE html><html>"), MediaKind::Html);
        assert_eq!(
            content(Some("application/json"), b"", false),
            Content::Other(Some("application/json".into()))
        );
    }

    fn answer(was_head: bool, status: u16, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let current = Url::parse("https://a.de/dse/").unwrap();
        let headers = headers.iter().map(|(n, v)| (*n, v.as_bytes()));
        classify_response(&current, was_head, status, headers, body.chunks(3))
    }

    #[test]
    fn whole_answers_are_judged_as_fetch_judges_them() {
        assert_eq!(
            answer(
                false,
                200,
                &[("content-type", "text/html")],
                b"<p>Datenschutz</p>"
            ),
            Answer::Final(Verdict::Live(Content::Policy))
        );
        assert_eq!(
            answer(false, 301, &[("Location", "../neu")], b""),
            Answer::Redirect(Url::parse("https://a.de/neu").unwrap())
        );
        assert!(matches!(
            answer(false, 302, &[], b""),
            Answer::Final(Verdict::Dead(Failure::BadRedirect(302)))
        ));
        let long = format!("/{}", "x".repeat(MAX_URL_LEN));
        assert_eq!(
            answer(false, 302, &[("location", &long)], b""),
            Answer::Final(Verdict::Unverified(Failure::UrlTooLong(long.len())))
        );
        assert_eq!(
            answer(false, 503, &[("Retry-After", "99999")], b""),
            Answer::Retry {
                wait: Some(MAX_RETRY_AFTER),
                verdict: Verdict::Dead(Failure::Status(503))
            }
        );
        assert_eq!(answer(true, 405, &[], b""), Answer::ConfirmWithGet);
        assert_eq!(
            answer(true, 200, &[("Content-Type", "application/pdf")], b""),
            Answer::Final(Verdict::Live(Content::Pdf))
        );
        // A header value that is not visible ASCII is ignored, as by `HeaderValue::to_str`.
        assert_eq!(
            Head::new(200, [("content-type", &b"text/html\xff"[..])]).content_type,
            None
        );
    }

    #[test]
    fn the_body_probe_stops_at_the_mention_or_the_cap() {
        let mut probe = BodyProbe::with_max(Some("text/html"), 10);
        assert!(probe.feed(b"<html>"));
        assert!(!probe.feed(b"12345"), "the cap of 10 bytes is reached");
        assert_eq!(probe.content(), Content::HtmlWithoutMention);
        let mut probe = BodyProbe::new(None);
        assert!(!probe.feed(b"%PDF-1.7 and more"), "a PDF needs no more");
        assert_eq!(probe.content(), Content::Pdf);
    }

    #[test]
    fn mentions_are_found_across_chunks_in_any_case() {
        let mut s = MentionScanner::default();
        assert!(!s.feed(b"<html><h1>Daten"));
        assert!(s.feed(b"SCHUTZerkl\xc3\xa4rung</h1>"));
        let mut s = MentionScanner::default();
        assert!(s.feed(b"Privacy Policy"));
        let mut s = MentionScanner::default();
        assert!(!s.feed(b"<html>Impressum</html>"));
    }
}
