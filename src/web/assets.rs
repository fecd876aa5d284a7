//! The stylesheets, script and fonts of the pages, embedded in the binary and served under
//! `/assets/<name>.<hash>.<ext>`. The hash is of the content as served, so a browser keeps each
//! for a year without asking again (`immutable`), and a new binary's pages name new URLs.
//! Nothing is loaded from other hosts: the stylesheets name the fonts by their served paths.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::state::AppState;

const CSS: &str = "text/css; charset=utf-8";
const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
const WOFF2: &str = "font/woff2";

/// Where the assets are served.
const PREFIX: &str = "/assets/";
/// Hex digits of the SHA-256 of an asset in its name: 48 bits, so that two versions of one
/// asset do not share a name by chance.
const HASH_DIGITS: usize = 12;
/// The response header of every asset: its name changes with its content.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// Every embedded file: the name the pages and stylesheets use, its type, its bytes. The fonts
/// come before the stylesheets, whose `url(…)`s are rewritten to the fonts' served paths (so
/// a stylesheet's hash changes with its fonts).
const SOURCES: &[(&str, &str, &[u8])] = &[
    (
        "fira-sans-400.woff2",
        WOFF2,
        include_bytes!("../../assets/kern/fira-sans-400.woff2"),
    ),
    (
        "fira-sans-500.woff2",
        WOFF2,
        include_bytes!("../../assets/kern/fira-sans-500.woff2"),
    ),
    (
        "fira-sans-600.woff2",
        WOFF2,
        include_bytes!("../../assets/kern/fira-sans-600.woff2"),
    ),
    (
        "fira-sans-700.woff2",
        WOFF2,
        include_bytes!("../../assets/kern/fira-sans-700.woff2"),
    ),
    (
        "kern.css",
        CSS,
        include_bytes!("../../assets/kern/kern.css"),
    ),
    (
        "onboard.css",
        CSS,
        include_bytes!("../../assets/onboard.css"),
    ),
    (
        "onboard.js",
        JAVASCRIPT,
        include_bytes!("../../assets/onboard.js"),
    ),
];

/// One asset as served.
struct Asset {
    name: &'static str,
    /// `/assets/<stem>.<hash>.<ext>`.
    path: String,
    content_type: &'static str,
    body: Bytes,
}

/// The assets, built once: stylesheets rewritten, every name hashed.
struct Assets {
    all: Vec<Asset>,
    /// Index into `all` by the last segment of `path`.
    by_file: HashMap<String, usize>,
}

static ASSETS: LazyLock<Assets> = LazyLock::new(|| {
    let mut all: Vec<Asset> = Vec::with_capacity(SOURCES.len());
    for &(name, content_type, bytes) in SOURCES {
        let body: Cow<'static, [u8]> = if content_type == CSS {
            let css = std::str::from_utf8(bytes).expect("the embedded stylesheets are UTF-8");
            Cow::Owned(link_assets(css, &all).into_bytes())
        } else {
            Cow::Borrowed(bytes)
        };
        all.push(Asset {
            name,
            path: served_path(name, &body),
            content_type,
            body: match body {
                Cow::Borrowed(bytes) => Bytes::from_static(bytes),
                Cow::Owned(bytes) => Bytes::from(bytes),
            },
        });
    }
    let by_file = all
        .iter()
        .enumerate()
        .map(|(i, asset)| (asset.path[PREFIX.len()..].to_owned(), i))
        .collect();
    Assets { all, by_file }
});

/// The URL path of an embedded asset, for the pages: `url("kern.css")`, `url("onboard.css")`,
/// `url("onboard.js")`. The names are this module's fixed list; another is a bug, so it panics
/// (every page test would show it).
pub fn url(name: &str) -> &'static str {
    match ASSETS.all.iter().find(|asset| asset.name == name) {
        Some(asset) => &asset.path,
        None => panic!("no embedded asset {name:?}"),
    }
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/assets/{file}", get(serve))
}

/// An asset by its hashed name; any other name (an old hash among them) is `404`.
async fn serve(Path(file): Path<String>) -> Response {
    let assets = &*ASSETS;
    match assets.by_file.get(&file).map(|&i| &assets.all[i]) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, CACHE_FOREVER),
            ],
            asset.body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/assets/<stem>.<hash>.<ext>` for `<stem>.<ext>`.
fn served_path(name: &str, body: &[u8]) -> String {
    let hash = onboard::bundle::sha256_hex(body);
    let hash = &hash[..HASH_DIGITS];
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{PREFIX}{stem}.{hash}.{ext}"),
        None => format!("{PREFIX}{name}.{hash}"),
    }
}

/// The stylesheet with each `url(NAME)` of an asset built before it replaced by the asset's
/// served path. Other URLs (KERN's icons are `data:` URLs) stay as they are.
fn link_assets(css: &str, built: &[Asset]) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("url(") {
        let (before, from) = rest.split_at(start + "url(".len());
        out.push_str(before);
        rest = from;
        let Some((target, len)) = url_argument(rest) else {
            continue;
        };
        if let Some(asset) = built.iter().find(|asset| asset.name == target) {
            out.push('"');
            out.push_str(&asset.path);
            out.push('"');
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}

/// The target of a `url(` argument (quoted or not) and the length of its text up to the `)`.
fn url_argument(text: &str) -> Option<(&str, usize)> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let (target, len) = match trimmed.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = trimmed[1..].find(quote)?;
            (&trimmed[1..=end], end + 2)
        }
        _ => {
            let end = trimmed.find(')')?;
            (trimmed[..end].trim_end(), end)
        }
    };
    let after = &trimmed[len..];
    let close = after.len() - after.trim_start().len();
    after[close..]
        .starts_with(')')
        .then_some((target, lead + len + close))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stylesheet_names_its_fonts_by_their_served_paths() {
        let font = url("fira-sans-400.woff2");
        let kern = asset("kern.css");
        let css = std::str::from_utf8(&kern.body).unwrap();
        assert!(css.contains(&format!("url(\"{font}\")")), "{font}");
        assert!(!css.contains("url(\"fira-sans-400.woff2\")"));
    }

    #[test]
    fn only_a_known_name_in_url_is_rewritten() {
        let built = [Asset {
            name: "a.woff2",
            path: "/assets/a.0123456789ab.woff2".into(),
            content_type: WOFF2,
            body: Bytes::new(),
        }];
        let css = "a{src:url(a.woff2)} b{src:url( 'a.woff2' )} c{background:url(\"data:x,(1)\")} d{src:url(b.woff2)} e{x:url(";
        assert_eq!(
            link_assets(css, &built),
            "a{src:url(\"/assets/a.0123456789ab.woff2\")} b{src:url(\"/assets/a.0123456789ab.woff2\")} \
             c{background:url(\"data:x,(1)\")} d{src:url(b.woff2)} e{x:url("
        );
    }

    #[test]
    fn each_served_name_carries_the_hash_of_what_is_served() {
        for asset in &ASSETS.all {
            let hash = &onboard::bundle::sha256_hex(&asset.body)[..HASH_DIGITS];
            let (stem, ext) = asset.name.rsplit_once('.').unwrap();
            assert_eq!(asset.path, format!("/assets/{stem}.{hash}.{ext}"));
        }
    }

    #[test]
    fn every_font_is_named_by_a_stylesheet() {
        let css: String = ASSETS
            .all
            .iter()
            .filter(|a| a.content_type == CSS)
            .map(|a| std::str::from_utf8(&a.body).unwrap())
            .collect();
        for font in ASSETS.all.iter().filter(|a| a.content_type == WOFF2) {
            assert!(
                css.contains(&font.path),
                "{} is embedded but unused",
                font.name
            );
        }
    }

    #[test]
    #[should_panic(expected = "no embedded asset")]
    fn an_unknown_name_is_a_bug() {
        let _ = url("kern.min.css");
    }

    fn asset(name: &str) -> &'static Asset {
        ASSETS.all.iter().find(|a| a.name == name).unwrap()
    }

    /// What German and English pages write (scripts/vendor-kern.sh cuts the fonts to it).
    const NEEDED: &[std::ops::RangeInclusive<u32>] = &[
        0x20..=0x7e,     // Basic Latin
        0xa0..=0xff,     // Latin-1: ä ö ü ß § « » ° ² …
        0x2013..=0x2014, // – —
        0x2018..=0x201a, // ‘ ’ ‚
        0x201c..=0x201e, // “ ” „
        0x2022..=0x2022, // •
        0x2026..=0x2026, // …
        0x2039..=0x203a, // ‹ ›
        0x20ac..=0x20ac, // €
        0x1e9e..=0x1e9e, // ẞ
    ];

    #[test]
    fn each_font_has_every_letter_the_pages_need() {
        for font in ASSETS.all.iter().filter(|a| a.content_type == WOFF2) {
            let cmap = woff2_table(&font.body, *b"cmap")
                .unwrap_or_else(|| panic!("{}: no cmap", font.name));
            let cmap = ttf_parser::cmap::Table::parse(&cmap).expect("a cmap");
            let missing: Vec<String> = NEEDED
                .iter()
                .flat_map(|range| range.clone())
                .filter(|&c| {
                    let c = char::from_u32(c).unwrap();
                    !cmap
                        .subtables
                        .into_iter()
                        .any(|t| t.is_unicode() && t.glyph_index(c as u32).is_some())
                })
                .map(|c| format!("U+{c:04X}"))
                .collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", font.name);
            // Cut down: far fewer than the 1,693 characters of the full font.
            let mut all = std::collections::BTreeSet::new();
            for table in cmap.subtables.into_iter().filter(|t| t.is_unicode()) {
                table.codepoints(|c| {
                    all.insert(c);
                });
            }
            let count = all.len();
            assert!(count < 400, "{}: {count} characters", font.name);
        }
    }

    /// One table of a WOFF2 font (W3C WOFF2, section 5): its directory, then one Brotli
    /// stream of every table in directory order. Only for tables stored untransformed (cmap).
    fn woff2_table(font: &[u8], tag: [u8; 4]) -> Option<Vec<u8>> {
        const KNOWN_TAGS: [&[u8; 4]; 63] = [
            b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"OS/2", b"post", b"cvt ",
            b"fpgm", b"glyf", b"loca", b"prep", b"CFF ", b"VORG", b"EBDT", b"EBLC", b"gasp",
            b"hdmx", b"kern", b"LTSH", b"PCLT", b"VDMX", b"vhea", b"vmtx", b"BASE", b"GDEF",
            b"GPOS", b"GSUB", b"EBSC", b"JSTF", b"MATH", b"CBDT", b"CBLC", b"COLR", b"CPAL",
            b"SVG ", b"sbix", b"acnt", b"avar", b"bdat", b"bloc", b"bsln", b"cvar", b"fdsc",
            b"feat", b"fmtx", b"fvar", b"gvar", b"hsty", b"just", b"lcar", b"mort", b"morx",
            b"opbd", b"prop", b"trak", b"Zapf", b"Silf", b"Glat", b"Gloc", b"Feat", b"Sill",
        ];
        fn base128(data: &[u8], at: &mut usize) -> Option<u32> {
            let mut value: u32 = 0;
            for _ in 0..5 {
                let byte = *data.get(*at)?;
                *at += 1;
                value = value.checked_mul(128)? | u32::from(byte & 0x7f);
                if byte & 0x80 == 0 {
                    return Some(value);
                }
            }
            None
        }
        if font.get(..4)? != b"wOF2" {
            return None;
        }
        let tables = u16::from_be_bytes(font.get(12..14)?.try_into().ok()?);
        let compressed = u32::from_be_bytes(font.get(20..24)?.try_into().ok()?) as usize;
        let mut at = 48;
        let mut offset = 0usize;
        let mut found = None;
        for _ in 0..tables {
            let flags = *font.get(at)?;
            at += 1;
            let this_tag = match flags & 0x3f {
                63 => {
                    at += 4;
                    font.get(at - 4..at)?.try_into().ok()?
                }
                known => *KNOWN_TAGS[usize::from(known)],
            };
            let original = base128(font, &mut at)? as usize;
            let version = flags >> 6;
            // glyf and loca are transformed at version 0, the others at any other version.
            let transformed = if matches!(&this_tag, b"glyf" | b"loca") {
                version == 0
            } else {
                version != 0
            };
            let stored = if transformed {
                base128(font, &mut at)? as usize
            } else {
                original
            };
            if this_tag == tag && !transformed {
                found = Some((offset, stored));
            }
            offset += stored;
        }
        let (start, len) = found?;
        let mut stream = Vec::new();
        brotli::BrotliDecompress(&mut font.get(at..at + compressed)?, &mut stream).ok()?;
        stream.get(start..start + len).map(<[u8]>::to_vec)
    }
}
