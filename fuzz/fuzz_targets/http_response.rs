//! An HTTP answer — status, headers, body in chunks — through the online check's pure
//! classification, as `fetch` uses it. Layout of the input: 2 bytes status, 1 byte flags
//! (bit 0: the request was HEAD; bits 1–7: where the body is split into chunks), then
//! header lines `Name: value\n` up to an empty line, then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onboard::online::{Failure, Verdict};
use onboard::limits::MAX_URL_LEN;
use onboard::testing::{Answer, classify_response};

fuzz_target!(|data: &[u8]| {
    let [s0, s1, flags, rest @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*s0, *s1]) % 1000;
    let was_head = flags & 1 == 1;
    let (head, body) = match rest.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&rest[..i], &rest[i + 2..]),
        None => (rest, &[][..]),
    };
    let headers: Vec<(&str, &[u8])> = head
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let colon = line.iter().position(|&b| b == b':')?;
            let name = std::str::from_utf8(&line[..colon]).ok()?;
            let value = &line[colon + 1..];
            let value = value.strip_prefix(b" ").unwrap_or(value);
            Some((name, value))
        })
        .collect();
    let split = usize::from(flags >> 1).max(1);
    let current = url::Url::parse("https://www.example.de/datenschutz/").expect("URL");
    let answer = classify_response(&current, was_head, status, headers, body.chunks(split));
    match answer {
        Answer::Redirect(next) => {
            assert!((300..=399).contains(&status) && status != 304);
            assert!(next.as_str().len() <= MAX_URL_LEN);
        }
        Answer::Retry { .. } => assert!(status == 429 || (500..=599).contains(&status)),
        Answer::ConfirmWithGet => assert!(was_head),
        Answer::Final(Verdict::Live(_)) => assert!((200..=299).contains(&status)),
        Answer::Final(Verdict::Unverified(Failure::UrlTooLong(n))) => assert!(n > MAX_URL_LEN),
        Answer::Final(_) => {}
    }
});
