//! The library's one entry point, `onboard::engine`: a form and a logo held in memory get
//! exactly the findings — and so the reports, byte for byte — that `onboard validate` gives
//! for the same form and logo on disk (issue 13; the web page of issue 14 has no files).

mod common;

use std::path::Path;

use common::*;
use onboard::engine::{Engine, Inputs, MemoryForm, Settings};
use onboard::messages::Lang;
use onboard::report::{self, RenderOptions};

/// The engine as `onboard validate --offline` runs it in the tests: no repository config,
/// and the day `tests/common` fixes.
fn offline_engine() -> Engine {
    Engine::new(Settings {
        online: None,
        today: "2026-11-28".parse().unwrap(),
        ..Settings::default()
    })
}

/// The JSON (English) and human (German) reports of `form` checked in memory, its logo
/// bytes standing for its `logo.file`.
fn in_memory(name: &str, form: &[u8], logo: Option<&[u8]>) -> (String, String) {
    let engine = offline_engine();
    let inputs = Inputs::Memory(vec![MemoryForm {
        name: name.to_owned(),
        bytes: form.to_vec(),
        logo: logo.map(<[u8]>::to_vec),
    }]);
    let checked = engine.check(inputs).expect("an offline check starts");
    let options = |lang| RenderOptions {
        lang,
        styled: false,
        links_unchecked: !checked.links_checked,
        root: None,
        exit_code: u8::from(checked.fails()),
        ..RenderOptions::default()
    };
    (
        report::json::render(&checked.run, &options(Lang::En)),
        report::human::render(&checked.run, &options(Lang::De)),
    )
}

/// The same reports from `onboard validate --offline NAME` in `dir`.
fn on_disk(dir: &Path, name: &str) -> (String, String) {
    let args = ["validate", "--offline", "--format", "json", name];
    let json = onboard(dir, &args);
    let human = onboard(dir, &["--lang", "de", "validate", "--offline", name]);
    assert_eq!(json.status.code(), human.status.code());
    (stdout(&json), stdout(&human))
}

/// Writes `form` (and `logo` at `logo_path`) into a scratch folder and asserts that disk and
/// memory agree; returns the JSON report for further checks.
#[track_caller]
fn same_either_way(form: &str, logo: Option<(&str, &[u8])>) -> String {
    let s = Scratch::new();
    s.write("form.toml", form);
    if let Some((path, bytes)) = logo {
        s.write(path, bytes);
    }
    let memory = in_memory("form.toml", form.as_bytes(), logo.map(|(_, bytes)| bytes));
    let disk = on_disk(s.path(), "form.toml");
    assert_eq!(memory.0, disk.0, "JSON differs");
    assert_eq!(memory.1, disk.1, "human output differs");
    memory.0
}

#[test]
fn a_valid_form_and_logo_in_memory_give_the_clis_report() {
    let json = same_either_way(VALID_FORM, Some(("logo.png", &png(256, 256))));
    assert!(json.contains("\"diagnostics\": []"), "{json}");
}

#[test]
fn findings_about_the_logo_in_memory_are_the_clis_findings() {
    let unsafe_svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
    /// A form, its logo (where it lies beside the form, and its bytes), the code expected.
    type Case = (String, Option<(&'static str, Vec<u8>)>, &'static str);
    let cases: Vec<Case> = vec![
        // Too small, and other findings elsewhere in the form.
        (
            variant("postal_code = \"28195\"", "postal_code = \"2819\""),
            Some(("logo.png", png(64, 48))),
            "logo-too-small",
        ),
        (
            variant("file = \"logo.png\"", "file = \"logos/logo.svg\""),
            Some(("logos/logo.svg", unsafe_svg.to_vec())),
            "logo-unsafe-svg",
        ),
        // A JPEG under a name that promises a PNG.
        (
            VALID_FORM.to_owned(),
            Some(("logo.png", jpeg(256, 256))),
            "logo-format",
        ),
        (
            VALID_FORM.to_owned(),
            Some(("logo.png", vec![0; 1024 * 1024 + 1])),
            "logo-too-large",
        ),
        // No logo given: as a file that is not there.
        (VALID_FORM.to_owned(), None, "logo-missing"),
        // The path is judged by its words in memory as on disk.
        (
            variant("file = \"logo.png\"", "file = \"../logo.png\""),
            None,
            "logo-outside-form-dir",
        ),
        (
            variant("file = \"logo.png\"", "file = \"/etc/logo.png\""),
            None,
            "logo-outside-form-dir",
        ),
        (
            variant("file = \"logo.png\"", "file = \"./\""),
            None,
            "logo-missing",
        ),
    ];
    for (form, logo, code) in &cases {
        let logo = logo.as_ref().map(|(path, bytes)| (*path, bytes.as_slice()));
        let json = same_either_way(form, logo);
        assert!(
            json.contains(&format!("\"code\": \"{code}\"")),
            "{code}: {json}"
        );
    }
}

#[test]
fn a_form_that_is_no_text_or_no_toml_in_memory_gives_the_clis_findings() {
    for form in ["schema_version = 1\ntenant_id = \"x\n", "[service\n"] {
        same_either_way(form, None);
    }
    let too_large = vec![b'#'; onboard::limits::MAX_FORM_BYTES as usize + 1];
    for bytes in [&b"schema_version = 1\n\xff\xfe\n"[..], &too_large] {
        let s = Scratch::new();
        s.write("form.toml", bytes);
        let memory = in_memory("form.toml", bytes, None);
        assert_eq!(memory, on_disk(s.path(), "form.toml"));
    }
}

#[test]
fn the_shipped_forms_in_memory_give_the_clis_reports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["order-forms", "examples/mistakes"] {
        let dir = root.join(folder);
        let mut forms: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        forms.sort();
        assert!(!forms.is_empty(), "{folder}");
        for path in forms {
            let name = path.file_name().unwrap().to_str().unwrap();
            let form = std::fs::read(&path).unwrap();
            let parsed: toml::Table = toml::from_str(std::str::from_utf8(&form).unwrap()).unwrap();
            let logo_file = parsed["logo"]["file"].as_str().unwrap();
            let logo = std::fs::read(dir.join(logo_file)).unwrap();
            let memory = in_memory(name, &form, Some(&logo));
            assert_eq!(memory, on_disk(&dir, name), "{folder}/{name}");
        }
    }
}

#[test]
fn a_name_from_outside_reaches_no_report_raw() {
    let engine = offline_engine();
    let inputs = Inputs::Memory(vec![MemoryForm {
        name: "form\u{1b}[31m.toml".to_owned(),
        bytes: VALID_FORM.as_bytes().to_vec(),
        logo: Some(png(256, 256)),
    }]);
    let checked = engine.check(inputs).unwrap();
    assert_eq!(checked.run.files[0].path, "form\\u001B[31m.toml");
    assert!(!checked.fails());
    // A form held in memory gets no bundle: a bundle records the file it was built from.
    assert!(engine.bundle(&checked).iter().all(Option::is_none));
    assert_eq!(engine.status(&checked).len(), 1);
}

/// Forms held in memory are checked with the repository's settings as files are: its
/// services and its severities.
#[test]
fn a_form_in_memory_is_checked_with_the_repositorys_services_and_severities() {
    let s = Scratch::new();
    let config = s.write(
        "onboard.toml",
        "[checks]\nlogo-too-small = \"off\"\n[[services]]\nid = \"elterngeld\"\nname = \"Elterngeld\"\nleika_id = \"99041006017000\"\n",
    );
    let loaded = onboard::config::load(&config).unwrap();
    let flags = onboard::engine::Flags {
        offline: true,
        ..Default::default()
    };
    let settings = Settings::fold(flags, Some(loaded)).unwrap();
    let engine = Engine::new(Settings {
        today: "2026-11-28".parse().unwrap(),
        ..settings
    });
    let form = variant(
        "id = \"sorgeregister-negativbescheinigung\"\nleika_id = \"99013016012001\"",
        "id = \"elterngeld\"\nleika_id = \"99041006017000\"",
    );
    let inputs = Inputs::Memory(vec![MemoryForm {
        name: "form.toml".into(),
        bytes: form.into_bytes(),
        logo: Some(png(64, 48)),
    }]);
    let checked = engine.check(inputs).unwrap();
    let codes: Vec<_> = checked.run.files[0]
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
    assert!(checked.root.is_none());
}
