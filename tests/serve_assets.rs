//! The assets of `onboard serve` (src/web/assets.rs): KERN's stylesheet, onboard's, the script
//! and the fonts, each under a name with its content's hash, cached for a year, compressed
//! when text, loading nothing from other hosts, and within the page's transfer budget.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::Scratch;
use common::serve::Served;
use sha2::{Digest, Sha256};

/// What the form page loads beside its HTML must fit in 150 KB with the HTML (issue 14): the
/// assets get 120 KB of it, compressed as a browser asks for them.
const ASSET_BUDGET: usize = 120 * 1000;

/// An asset as the server must serve it.
struct Expected {
    name: String,
    content_type: &'static str,
    body: Vec<u8>,
    /// `/assets/<stem>.<first 12 hex digits of its SHA-256>.<ext>`.
    path: String,
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn served_path(name: &str, body: &[u8]) -> String {
    let hash: String = Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (stem, ext) = name.rsplit_once('.').unwrap();
    format!("/assets/{stem}.{}.{ext}", &hash[..12])
}

/// The served assets, from the files in the repository: every font vendor-kern.sh wrote, the
/// two stylesheets with each font's name in a `url("…")` replaced by its served path (as the
/// pages' links and the browser's cache need), and the script.
fn expected() -> Vec<Expected> {
    let mut fonts: Vec<Expected> = std::fs::read_dir(repo("assets/kern"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "woff2"))
        .map(|path| {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let body = std::fs::read(&path).unwrap();
            Expected {
                path: served_path(&name, &body),
                name,
                content_type: "font/woff2",
                body,
            }
        })
        .collect();
    fonts.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(fonts.len() >= 2, "regular and bold at least");
    let mut all = Vec::new();
    for (name, file) in [
        ("kern.css", "assets/kern/kern.css"),
        ("onboard.css", "assets/onboard.css"),
    ] {
        let mut css = std::fs::read_to_string(repo(file)).unwrap();
        for font in &fonts {
            css = css.replace(
                &format!("url(\"{}\")", font.name),
                &format!("url(\"{}\")", font.path),
            );
        }
        all.push(Expected {
            path: served_path(name, css.as_bytes()),
            name: name.into(),
            content_type: "text/css; charset=utf-8",
            body: css.into_bytes(),
        });
    }
    let script = std::fs::read(repo("assets/onboard.js")).unwrap();
    all.push(Expected {
        path: served_path("onboard.js", &script),
        name: "onboard.js".into(),
        content_type: "text/javascript; charset=utf-8",
        body: script,
    });
    all.extend(fonts);
    all
}

fn get(url: &str, accept_encoding: Option<&str>) -> reqwest::blocking::Response {
    let mut request = reqwest::blocking::Client::new().get(url);
    if let Some(encoding) = accept_encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().expect("request")
}

fn header<'a>(response: &'a reqwest::blocking::Response, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap())
}

fn start() -> (Scratch, Served) {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    (dir, server)
}

#[test]
fn each_asset_answers_with_its_type_and_a_year_of_caching() {
    let (_dir, server) = start();
    for asset in expected() {
        let response = get(&server.url(&asset.path), None);
        assert_eq!(response.status(), 200, "{}", asset.path);
        assert_eq!(
            header(&response, "content-type"),
            Some(asset.content_type),
            "{}",
            asset.name
        );
        assert_eq!(
            header(&response, "cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{}",
            asset.name
        );
        assert_eq!(header(&response, "x-content-type-options"), Some("nosniff"));
        assert!(header(&response, "set-cookie").is_none());
        assert_eq!(
            header(&response, "content-encoding"),
            None,
            "{}",
            asset.name
        );
        assert!(
            response.bytes().unwrap() == asset.body,
            "{} is not the repository's file",
            asset.name
        );
    }
}

#[test]
fn a_wrong_hash_or_an_unknown_asset_is_404() {
    let (_dir, server) = start();
    let assets = expected();
    let kern = assets.iter().find(|a| a.name == "kern.css").unwrap();
    let wrong_hash = format!("/assets/kern.{}.css", "0".repeat(12));
    let font = assets
        .iter()
        .find(|a| a.content_type == "font/woff2")
        .unwrap();
    // A font's hash under another asset's name.
    let hash = font.path.rsplit('.').nth(1).unwrap();
    let swapped = format!("/assets/onboard.{hash}.css");
    for path in [
        wrong_hash.as_str(),
        swapped.as_str(),
        "/assets/kern.css",
        "/assets/kern.min.css",
        "/assets/",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/LICENSE.md",
        "/assets/classes.txt",
        &format!("{}x", kern.path),
        &format!("{}/x", kern.path),
    ] {
        let response = get(&server.url(path), None);
        assert_eq!(response.status(), 404, "{path}");
        assert_ne!(
            header(&response, "cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
    }
}

fn unbrotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(body, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn text_is_compressed_as_asked_and_fonts_are_not() {
    let (_dir, server) = start();
    for asset in expected() {
        let url = server.url(&asset.path);
        if asset.content_type.starts_with("font/") {
            let response = get(&url, Some("br, gzip"));
            assert_eq!(
                header(&response, "content-encoding"),
                None,
                "{}",
                asset.name
            );
            assert!(response.bytes().unwrap() == asset.body, "{}", asset.name);
            continue;
        }
        if asset.body.len() < 1000 {
            continue; // the placeholder script: too small to be worth it
        }
        for (encoding, decode) in [("br", unbrotli as fn(&[u8]) -> Vec<u8>), ("gzip", gunzip)] {
            let response = get(&url, Some(encoding));
            assert_eq!(response.status(), 200);
            assert_eq!(
                header(&response, "content-encoding"),
                Some(encoding),
                "{}",
                asset.name
            );
            assert!(
                header(&response, "vary").is_some_and(|v| v.contains("accept-encoding")),
                "{}",
                asset.name
            );
            let body = response.bytes().unwrap();
            assert!(
                body.len() < asset.body.len() / 2,
                "{} {encoding}",
                asset.name
            );
            assert!(decode(&body) == asset.body, "{} {encoding}", asset.name);
        }
    }
}

/// Each `url(…)` target of a stylesheet, unquoted.
fn urls(css: &str) -> Vec<String> {
    css.match_indices("url(")
        .map(|(at, _)| {
            let rest = css[at + 4..].trim_start();
            let target = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap(),
                _ => rest.split(')').next().unwrap().trim_end(),
            };
            target.to_owned()
        })
        .collect()
}

#[test]
fn the_stylesheets_load_only_assets_of_our_own() {
    let (_dir, server) = start();
    let mut fonts = 0;
    for asset in expected()
        .iter()
        .filter(|a| a.content_type.starts_with("text/css"))
    {
        let css = get(&server.url(&asset.path), None).text().unwrap();
        assert!(!css.contains("@import"), "{} imports", asset.name);
        for target in urls(&css) {
            if target.starts_with("data:") {
                // KERN's icons: an SVG in the URL itself, nothing to fetch.
                assert!(!target.contains("href="), "{}: {target}", asset.name);
                continue;
            }
            assert!(
                target.starts_with("/assets/") && !target.starts_with("//"),
                "{} loads {target}",
                asset.name
            );
            let response = get(&server.url(&target), None);
            assert_eq!(response.status(), 200, "{} names {target}", asset.name);
            assert_eq!(header(&response, "content-type"), Some("font/woff2"));
            fonts += 1;
        }
    }
    assert!(fonts >= 2, "the stylesheets name the fonts");
}

#[test]
fn the_assets_of_a_page_fit_the_transfer_budget() {
    let (_dir, server) = start();
    for encoding in ["br", "gzip"] {
        let mut total = 0;
        let mut sizes = Vec::new();
        for asset in expected() {
            let body = get(&server.url(&asset.path), Some(encoding))
                .bytes()
                .unwrap();
            sizes.push(format!("{} {}", asset.name, body.len()));
            total += body.len();
        }
        eprintln!("{encoding}: {total} bytes ({})", sizes.join(", "));
        assert!(
            total < ASSET_BUDGET,
            "{encoding}: {total} bytes: {}",
            sizes.join(", ")
        );
    }
}

/// `kern-*` class names in a file: what a page or the script asks KERN for.
fn kern_classes(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("kern-") {
        let before = rest[..at].chars().next_back();
        let name: String = rest[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        rest = &rest[at + name.len()..];
        // Not part of a longer word, not a prefix that code completes (`kern-alert--{kind}`).
        let standalone = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-');
        if standalone && !name.ends_with(['-', '_']) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_kern_class_of_the_pages_is_in_the_vendored_subset() {
    let css = std::fs::read_to_string(repo("assets/kern/kern.css")).unwrap();
    let defined = kern_classes(&css);
    let mut files = vec![repo("assets/onboard.js"), repo("assets/onboard.css")];
    files_under(&repo("src/web"), &mut files);
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for name in kern_classes(&text) {
            if !defined.contains(&name) && !name.starts_with("kern-ux") {
                missing.push(format!("{}: {name}", file.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in assets/kern/kern.css (add them to assets/kern/classes.txt and run \
         scripts/vendor-kern.sh): {missing:#?}"
    );
    // The check itself finds a class missing from the subset.
    assert!(!defined.contains(&"kern-card".to_owned()));
    assert_eq!(
        kern_classes(r#"div.kern-btn.kern-btn--primary class="kern-card" kern-alert--{kind}"#),
        ["kern-btn", "kern-btn--primary", "kern-card"]
    );
}

/// Custom properties read without a fallback: `var(--name)`.
fn reads_without_fallback(css: &str) -> Vec<&str> {
    css.match_indices("var(")
        .filter_map(|(at, _)| {
            let inner = css[at + 4..].trim_start();
            let end = inner.find([')', ','])?;
            inner[end..]
                .starts_with(')')
                .then(|| inner[..end].trim_end())
        })
        .collect()
}

#[test]
fn every_custom_property_a_stylesheet_reads_is_defined() {
    let kern = std::fs::read_to_string(repo("assets/kern/kern.css")).unwrap();
    let onboard = std::fs::read_to_string(repo("assets/onboard.css")).unwrap();
    let mut undefined = Vec::new();
    for (file, css) in [("kern.css", &kern), ("onboard.css", &onboard)] {
        for name in reads_without_fallback(css) {
            if !kern.contains(&format!("{name}:")) {
                undefined.push(format!("{file}: {name}"));
            }
        }
    }
    assert!(
        undefined.is_empty(),
        "read but not defined in assets/kern/kern.css (rerun scripts/vendor-kern.sh): \
         {undefined:#?}"
    );
    assert_eq!(
        reads_without_fallback("a{b:var(--x);c:var( --y , 1px);d:var(--z)}"),
        ["--x", "--z"]
    );
}

#[test]
fn the_readme_names_the_vendored_kern_version_and_the_licences_are_there() {
    let version = std::fs::read_to_string(repo("assets/kern/VERSION")).unwrap();
    let version = version.trim();
    let css = std::fs::read_to_string(repo("assets/kern/kern.css")).unwrap();
    assert!(
        css.starts_with(&format!("/* KERN UX {version} ")),
        "kern.css"
    );
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Built with KERN UX {version}")),
        "README.md does not name KERN UX {version}"
    );
    let eupl = std::fs::read_to_string(repo("assets/kern/LICENSE.md")).unwrap();
    assert!(eupl.contains("EUPL"), "KERN's licence");
    let ofl = std::fs::read_to_string(repo("assets/kern/OFL.txt")).unwrap();
    assert!(ofl.contains("The Mozilla Foundation"), "Fira's copyright");
    assert!(ofl.contains("SIL OPEN FONT LICENSE Version 1.1"), "the OFL");
}
