//! Pure classification of HTTP answers — status, media type, body — with no I/O, so it can
//! be tested and fuzzed on its own.

use url::Url;

use crate::checks::links::{Content, Failure, Verdict};

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
        MediaKind::Other | MediaKind::Unknown => Content::Other(
            content_type
                .map(str::to_owned)
                .unwrap_or_else(|| "no media type".to_owned()),
        ),
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
            Content::Other("application/json".into())
        );
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
