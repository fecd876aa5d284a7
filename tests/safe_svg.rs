//! The SVG fixtures (tests/fixtures/svg): each unsafe one is refused as `logo-unsafe-svg`
//! for the reason its name gives (`REASON--what.svg` → message `logo-unsafe-svg.REASON`),
//! each `safe--…` one passes. The same files seed the `svg` fuzz target.

mod common;

use std::path::PathBuf;

use onboard::finding::registry::Code;
use onboard::testing::inspect_bytes;

use common::*;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svg");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("read fixture"))
        })
        .filter(|(name, _)| name.ends_with(".svg"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "{} fixtures", files.len());
    files
}

#[test]
fn every_fixture_is_judged_as_its_name_says() {
    for (name, bytes) in fixtures() {
        let (reason, _) = name.split_once("--").expect("REASON--what.svg");
        let found = inspect_bytes("logo.svg", &bytes);
        if reason == "safe" {
            assert!(found.is_empty(), "{name}: {found:?}");
            continue;
        }
        let expected = format!("logo-unsafe-svg.{reason}");
        assert!(
            found.iter().any(|(_, text)| text.id == expected),
            "{name}: expected {expected}, got {found:?}"
        );
        assert!(
            found.iter().all(|(code, _)| *code == Code::LogoUnsafeSvg),
            "{name}: {found:?}"
        );
    }
}

#[test]
fn the_item_list_of_the_hardening_issue_has_a_fixture_each() {
    let names: Vec<String> = fixtures().into_iter().map(|(n, _)| n).collect();
    for wanted in [
        "javascript--a-href.svg",
        "external--xlink-href-file.svg",
        "external--data-text-html.svg",
        "external--use-external-document.svg",
        "css--style-import.svg",
        "css--style-attribute-url.svg",
        "animate-href--set.svg",
        "animate-href--animate-xlink.svg",
        "doctype--entity-expansion.svg",
        "doctype--external-dtd.svg",
        "processing-instruction--xml-stylesheet.svg",
        "encoding--utf-7.svg",
        "encoding--latin-1.svg",
    ] {
        assert!(names.iter().any(|n| n == wanted), "no fixture {wanted}");
    }
}

/// The whole way through `onboard validate`: every fixture as the logo of a form, in one
/// run; unsafe ones fail at `logo.file`, safe ones pass.
#[test]
fn onboard_refuses_every_unsafe_fixture_at_the_logo_field() {
    let scratch = Scratch::new();
    let fixtures = fixtures();
    let mut paths = Vec::new();
    for (i, (name, bytes)) in fixtures.iter().enumerate() {
        scratch.write(&format!("case{i}/wappen.svg"), bytes);
        let form = variant("file = \"logo.png\"", "file = \"wappen.svg\"");
        paths.push(scratch.write(&format!("case{i}/form.toml"), form));
        let _ = name;
    }
    let args: Vec<String> = paths
        .iter()
        .map(|p| {
            p.strip_prefix(scratch.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, json) = validate_json(scratch.path(), &args);
    for (i, (name, _)) in fixtures.iter().enumerate() {
        let file = json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == format!("case{i}/form.toml"))
            .expect("file in result");
        let codes: Vec<(&str, &str)> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] != "duplicate-tenant-id" && d["code"] != "jurisdiction-overlap")
            .map(|d| {
                (
                    d["code"].as_str().unwrap(),
                    d["field"].as_str().unwrap_or("-"),
                )
            })
            .collect();
        if name.starts_with("safe--") {
            assert!(codes.is_empty(), "{name}: {codes:?}");
        } else {
            assert!(!codes.is_empty(), "{name}: nothing found");
            assert!(
                codes.iter().all(|c| *c == ("logo-unsafe-svg", "logo.file")),
                "{name}: {codes:?}"
            );
        }
    }
}
