//! Every bound on the work one input may cause, in one place. Forms, logos and web servers
//! are outside input: each limit below has a finding (or a refusal) that names it when it
//! is exceeded, and a test with an input just past it (tests/limits.rs).

use std::ops::RangeInclusive;
use std::time::Duration;

/// The largest form read, in bytes (spec: 256 KiB); a larger file is refused unread.
pub const MAX_FORM_BYTES: u64 = 256 * 1024;

/// The largest repository config (`onboard.toml`) read: the forms' bound; a larger file is
/// refused unread.
pub const MAX_CONFIG_BYTES: u64 = MAX_FORM_BYTES;

/// The largest GV100AD file read (`--regional-keys`, `regional_keys`), in bytes. The
/// published directory has a few MB (some 16,000 records of some 200 characters); a
/// larger file is refused unread.
pub const MAX_AREAS_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The largest link state file read (`--links-state`), in bytes. One link's record takes
/// some 300 bytes (at most about 4.5 KB with two URLs at their limit): 16 MiB holds the
/// links of far more forms than a repository has; a larger file is refused unread.
pub const MAX_LINK_STATE_BYTES: u64 = 16 * 1024 * 1024;

/// The deepest nesting of tables and arrays in a form. This is the `toml` parser's own
/// recursion limit (not configurable there): a test keeps the two in step, and a deeper
/// form is a `toml-syntax` finding that says so.
pub const MAX_TOML_DEPTH: usize = 80;

/// Regional keys one form may list. Germany's largest Kreis has a few hundred Gemeinden,
/// so an office listing each of them stays far below; more is a mistake or an attack, and
/// every key costs a lookup and possibly a finding.
pub const MAX_REGIONAL_KEYS: usize = 1000;

/// Professional contact people one form may name (`[[contacts.professional]]`).
pub const MAX_CONTACTS: usize = 20;

/// The longest URL accepted, in bytes: in a form (privacy policy, website) and as the
/// target of a redirect. Common servers and browsers handle about this much reliably.
pub const MAX_URL_LEN: usize = 2048;

/// The largest logo, in bytes.
pub const MAX_LOGO_BYTES: u64 = 1024 * 1024;

/// The largest side of a raster logo, in pixels.
pub const MAX_LOGO_SIDE: u32 = 4096;

/// Most XML nodes (elements, text, comments) an SVG logo may have; more is refused rather
/// than parsed: the parser stops counting here.
pub const MAX_SVG_NODES: u32 = 100_000;

/// Most attributes (namespace declarations included) one element of an SVG logo may have.
/// The XML parser checks each attribute against every earlier one of its element, so the
/// work grows with the square of this; real elements have a dozen.
pub const MAX_SVG_ATTRIBUTES: usize = 256;

/// The deepest nesting of elements in an SVG logo. Real logos nest a dozen levels; deep
/// nesting only serves to stall renderers (browsers, converters) further down the line.
pub const MAX_SVG_DEPTH: usize = 128;

/// The largest body read from a privacy-policy page.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Redirects followed at most.
pub const MAX_REDIRECTS: usize = 5;

/// Retries after a time-out, a reset connection, 429 or 5xx.
pub const RETRIES: u32 = 2;

/// The longest `Retry-After` honoured; a server asking for more gets this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Requests in flight (`--concurrency`, `[network] concurrency`) and against one host
/// (`--per-host`, `per_host`): with 0 no link would ever be checked. The flags and
/// `onboard.toml` both take their bounds from here.
pub const REQUESTS: RangeInclusive<u16> = 1..=u16::MAX;

/// Seconds one request may take (`--timeout`, `[network] timeout`): 0 would fail every
/// link, and 600 already lets one link take an hour in all (`LINK_TIME_BUDGET`).
pub const TIMEOUT_SECS: RangeInclusive<u64> = 1..=600;

/// The time one link may take in all — every redirect, retry and `Retry-After` wait — in
/// units of the per-request time-out (`--timeout`, 10 s by default, so 60 s), counted from
/// its first request; waiting for a free slot (global or per host) does not count. Without
/// it a server could keep one link busy for minutes with slow redirects and long
/// `Retry-After`s.
pub const LINK_TIME_BUDGET: u32 = 6;

// --- `onboard serve`: every request comes from anyone on the network. ---

/// The largest request body `onboard serve` reads: a form and a logo at their limits, and
/// room for the multipart framing (boundaries, part headers). A larger body is `413`.
pub const MAX_REQUEST_BYTES: u64 = MAX_FORM_BYTES + MAX_LOGO_BYTES + 64 * 1024;

/// The time a client has to send a request's head (request line and headers), and the
/// longest an idle kept-alive connection stays open. Past it the connection is closed, so
/// a client that sends its headers a byte at a time holds nothing for long.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The time a client has to send a whole request body. A body at its limit (1.3 MB) takes
/// 2 s at 5 Mbit/s; a client that stops mid-body is answered `408` and cut off.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// The time one request may take in all, the body and the check included. An online check
/// takes at most `LINK_TIME_BUDGET` times the request time-out (60 s by default); past
/// this the request is answered `408`.
pub const HANDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Connections `onboard serve` holds open at once; further clients wait in the kernel's
/// queue until one closes. Each costs a task and its buffers (some 10 KB idle, up to a
/// request body while one is read).
pub const MAX_CONNECTIONS: usize = 1024;

/// How long the server waits on SIGTERM for the requests in flight before it stops anyway.
pub const SHUTDOWN_GRACE: Duration = HANDLE_TIMEOUT;

/// Areas one search (`GET /api/areas`) returns at most, best first.
pub const MAX_AREA_MATCHES: usize = 20;

/// The longest area search read, in characters: no official name is longer than about
/// 80, so a longer query matches nothing and is not searched.
pub const MAX_AREA_QUERY_CHARS: usize = 100;

/// How long the online result of a link is reused by later requests (`onboard serve`):
/// many clerks checking the same form within minutes cost its server one request.
pub const LINK_CACHE_TTL: Duration = Duration::from_secs(5 * 60);

/// Links whose online results are kept at once; the oldest go first. At some 1 KB per
/// result this bounds the cache to about 10 MB.
pub const LINK_CACHE_ENTRIES: usize = 10_000;
