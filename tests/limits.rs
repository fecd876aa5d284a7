//! Each limit of `src/limits.rs` with an input just past it (and, where it is cheap, one
//! just at it): the finding names the limit. Limits with a test elsewhere: the form's size
//! (bad_input.rs, codes.rs `file_too_large`), the logo's bytes and pixels (codes.rs
//! `logo_too_large`), regional keys and contacts (codes.rs `too_many_items`), redirects,
//! body size, redirect length and time budget (online.rs), SVG fixtures (safe_svg.rs), the
//! repository config's and the GV100AD file's size and the network bounds
//! (hostile_config.rs).

mod common;

use onboard::finding::registry::Code;
use onboard::limits::*;
use onboard::testing::inspect_bytes;

use common::*;

/// The findings of the valid form with `from` replaced by `to`, one run for all.
fn run_variants(changes: &[(&str, String)]) -> Vec<serde_json::Value> {
    let scratch = Scratch::new();
    let mut paths = Vec::new();
    for (i, (from, to)) in changes.iter().enumerate() {
        paths.push(format!("case{i}/form.toml"));
        scratch.form(&paths[i], &variant(from, to));
    }
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (_, json) = validate_json(scratch.path(), &args);
    paths
        .iter()
        .map(|p| {
            let file = json["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"] == p.as_str())
                .expect("file")
                .clone();
            // Forms cut from one template share tenant and areas: not the point here.
            let diagnostics: Vec<serde_json::Value> = file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| {
                    d["code"] != "duplicate-tenant-id" && d["code"] != "jurisdiction-overlap"
                })
                .cloned()
                .collect();
            serde_json::json!({ "files": [{ "diagnostics": diagnostics }] })
        })
        .collect()
}

fn nested(kind: &str, depth: usize) -> String {
    match kind {
        "array" => format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        "inline-table" => format!("x = {}1{}\n", "{a=".repeat(depth), "}".repeat(depth)),
        "dotted-key" => format!("x{} = 1\n", ".a".repeat(depth - 1)),
        "table-header" => format!("[x{}]\n", ".a".repeat(depth - 1)),
        _ => unreachable!(),
    }
}

#[test]
fn toml_nesting_past_the_parsers_limit_is_too_deep() {
    let s = Scratch::new();
    for kind in ["array", "inline-table", "dotted-key", "table-header"] {
        s.write("at.toml", nested(kind, MAX_TOML_DEPTH));
        s.write("past.toml", nested(kind, MAX_TOML_DEPTH + 1));
        let (_, at) = validate_json(s.path(), &["at.toml"]);
        assert!(
            !codes(&at).contains(&"toml-syntax"),
            "{kind} at the limit: {at:#}"
        );
        let (code, past) = validate_json(s.path(), &["past.toml"]);
        assert_eq!((code, codes(&past)), (1, vec!["toml-syntax"]), "{kind}");
        let message = diagnostics(&past)[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("more than {MAX_TOML_DEPTH} levels")),
            "{kind}: {message}"
        );
    }
}

#[test]
fn urls_past_the_length_limit_are_invalid() {
    let url = |len: usize| {
        let base = "https://www.testamt.example/";
        format!("{base}{}", "d".repeat(len - base.len()))
    };
    let privacy = "url = \"https://www.testamt.example/datenschutz\"";
    let website = "website = \"https://www.testamt.example\"";
    let results = run_variants(&[
        (privacy, format!("url = {:?}", url(MAX_URL_LEN + 1))),
        (privacy, format!("url = {:?}", url(MAX_URL_LEN))),
        (website, format!("website = {:?}", url(MAX_URL_LEN + 1))),
        (website, format!("website = {:?}", url(MAX_URL_LEN))),
    ]);
    let d = only(&results[0], "privacy-url-invalid");
    assert_eq!(d["field"], "privacy_policy.url");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("2,049") && message.contains("2,048"),
        "{message}"
    );
    assert_eq!(codes(&results[0]), vec!["privacy-url-invalid"]);
    assert_eq!(codes(&results[1]), Vec::<&str>::new());
    let d = only(&results[2], "url-invalid");
    assert_eq!(d["field"], "authority.website");
    assert!(d["message"].as_str().unwrap().contains("2,049"));
    assert_eq!(codes(&results[3]), Vec::<&str>::new());
}

fn svg_ids(svg: &str) -> Vec<(Code, &'static str)> {
    inspect_bytes("logo.svg", svg.as_bytes())
        .into_iter()
        .map(|(code, text)| (code, text.id))
        .collect()
}

const NS: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

#[test]
fn svg_nesting_past_the_limit_is_unsafe() {
    // The root is one level; MAX_SVG_DEPTH - 1 groups inside it reach the limit.
    let nested = |depth: usize| {
        format!(
            "<svg {NS}>{}{}</svg>",
            "<g>".repeat(depth - 1),
            "</g>".repeat(depth - 1)
        )
    };
    assert_eq!(svg_ids(&nested(MAX_SVG_DEPTH)), vec![]);
    assert_eq!(
        svg_ids(&nested(MAX_SVG_DEPTH + 1)),
        vec![(Code::LogoUnsafeSvg, "logo-unsafe-svg.depth")]
    );
}

#[test]
fn svg_nodes_past_the_limit_are_too_large() {
    // The document and the root element are two nodes of the parser's count.
    let many = |n: usize| format!("<svg {NS}>{}</svg>", "<g/>".repeat(n));
    let at = MAX_SVG_NODES as usize - 2;
    assert_eq!(svg_ids(&many(at)), vec![]);
    assert_eq!(
        svg_ids(&many(at + 1)),
        vec![(Code::LogoTooLarge, "logo-too-large.svg-nodes")]
    );
}

#[test]
fn svg_attributes_past_the_limit_are_too_large() {
    let element = |n: usize| {
        let attributes: Vec<String> = (0..n).map(|i| format!("a{i}=\"1\"")).collect();
        format!("<svg {NS}><rect {}/></svg>", attributes.join(" "))
    };
    assert_eq!(svg_ids(&element(MAX_SVG_ATTRIBUTES)), vec![]);
    assert_eq!(
        svg_ids(&element(MAX_SVG_ATTRIBUTES + 1)),
        vec![(Code::LogoTooLarge, "logo-too-large.svg-attributes")]
    );
}

/// Found by the adversarial benchmark: 60,000 attributes in one element kept the XML
/// parser busy for 4 s (release build), comparing each with every earlier one. Now they
/// are counted before parsing.
#[test]
fn sixty_thousand_attributes_are_refused_before_the_parser_sees_them() {
    let attributes: Vec<String> = (0..60_000).map(|i| format!("a{i}=\"x:y\"")).collect();
    let svg = format!("<svg {NS}><rect {}/></svg>", attributes.join(" "));
    let started = std::time::Instant::now();
    assert_eq!(
        svg_ids(&svg),
        vec![(Code::LogoTooLarge, "logo-too-large.svg-attributes")]
    );
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
}
