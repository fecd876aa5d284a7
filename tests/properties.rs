//! Property tests: forms generated from valid parts — any Land with real keys of it, names
//! with umlauts and quotes, optional fields present or not, keys in any order, comments, a
//! byte order mark, CRLF — validate without findings; one field changed to an invalid value
//! gives exactly that field's code, on that field; and every finding's line and column
//! point at the value it names; and a form broken anywhere by any characters validates
//! without a panic, its syntax errors said in full in both languages.
//!
//! The library is called in-process (no binary per case), so a few hundred cases take
//! seconds; `PROPTEST_CASES=N` runs more.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use onboard::FormReport;
use onboard::areas::AreaDirectory;
use onboard::catalog::Catalog;
use onboard::finding::source::SourceText;
use onboard::messages::{self, Lang};
use onboard::testing::refused;
use onboard::testing::{Options, validate_bytes};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

const LANDER: [(&str, &str); 16] = [
    ("SH", "01"),
    ("HH", "02"),
    ("NI", "03"),
    ("HB", "04"),
    ("NW", "05"),
    ("HE", "06"),
    ("RP", "07"),
    ("BW", "08"),
    ("BY", "09"),
    ("SL", "10"),
    ("BE", "11"),
    ("BB", "12"),
    ("MV", "13"),
    ("SN", "14"),
    ("ST", "15"),
    ("TH", "16"),
];

/// Words of function mailboxes, and names of people: disjoint, so that no mailbox looks
/// personal by accident.
const MAILBOX_WORDS: [&str; 6] = [
    "jugendamt",
    "sorgeregister",
    "poststelle",
    "kontakt",
    "beistandschaften",
    "familienbuero",
];
const GIVEN: [&str; 6] = ["Erika", "Max", "Jürgen", "Aylin", "Zoë", "Hans-Peter"];
const FAMILY: [&str; 6] = [
    "Beispiel",
    "Probe",
    "Müller-Lüdenscheidt",
    "Öztürk",
    "O'Neill",
    "Schröder",
];
/// Numbers libphonenumber's metadata accepts.
const PHONES: [&str; 5] = [
    "0421 361-0",
    "+49 421 3610",
    "+49 30 123456",
    "0421 361-1234",
    "(0421) 361 1234",
];
/// Logos beside the form (see `form_dir`), some named with upper-case extensions.
const LOGOS: [&str; 4] = ["logo.png", "logo.jpg", "wappen.svg", "Logo.PNG"];

/// The folder the forms are validated in, with their logos.
fn form_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for (name, source) in [
            ("logo.png", "raster/logo.png"),
            ("Logo.PNG", "raster/logo.png"),
            ("logo.jpg", "raster/logo.jpg"),
            ("wappen.svg", "svg/safe--gradient-and-use.svg"),
        ] {
            std::fs::copy(fixtures.join(source), dir.path().join(name)).expect("logo");
        }
        dir
    })
    .path()
}

fn validate(text: &[u8]) -> FormReport {
    let options = Options {
        catalog: Catalog::builtin(),
        areas: AreaDirectory::builtin(),
        today: jiff::civil::date(2026, 11, 28),
        keep_logos: false,
    };
    validate_bytes(text.to_vec(), "form.toml", form_dir(), &options)
}

/// A TOML string literal for any text the generator makes. Its texts are valid, so they
/// never hold a control character (those have a property of their own).
fn quoted(s: &str) -> String {
    assert!(
        !s.chars().any(|c| refused(c, false)),
        "the generator made a control character: {s:?}"
    );
    literal(s)
}

/// A TOML string literal, as the `toml` crate writes it (escapes where TOML needs them).
fn literal(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Every character `text-control-character` refuses in a one-line value.
fn control_characters() -> Vec<char> {
    ('\0'..='\u{2069}').filter(|&c| refused(c, false)).collect()
}

/// One key and its value as written in TOML (the value already quoted where needed).
#[derive(Debug, Clone)]
struct Entry {
    /// Dotted path of the field, as findings name it.
    path: String,
    key: String,
    value: String,
}

/// A table of the form, with its header (`None` for the top level).
#[derive(Debug, Clone)]
struct Table {
    header: Option<String>,
    entries: Vec<Entry>,
}

/// A form as parts, before it is written out.
#[derive(Debug, Clone)]
struct Form {
    tables: Vec<Table>,
    /// Write-out style: a byte order mark, CRLF line ends, blank lines and comments.
    bom: bool,
    crlf: bool,
    spacing: usize,
    comments: bool,
}

impl Form {
    fn entry_mut(&mut self, path: &str) -> &mut Entry {
        self.tables
            .iter_mut()
            .flat_map(|t| t.entries.iter_mut())
            .find(|e| e.path == path)
            .unwrap_or_else(|| panic!("no field {path}"))
    }

    /// The text, and the byte offset (in the text without BOM) of each entry's value.
    fn write(&self) -> (Vec<u8>, Vec<(String, usize, String)>) {
        let nl = if self.crlf { "\r\n" } else { "\n" };
        let pad = " ".repeat(self.spacing);
        let mut text = String::new();
        let mut places = Vec::new();
        for table in &self.tables {
            if let Some(header) = &table.header {
                text.push_str(nl);
                if self.comments {
                    text.push_str(&format!("# {header} — Abschnitt{nl}"));
                }
                text.push_str(header);
                text.push_str(nl);
            }
            for entry in &table.entries {
                text.push_str(&entry.key);
                text.push_str(&pad);
                text.push_str("= ");
                places.push((entry.path.clone(), text.len(), entry.value.clone()));
                text.push_str(&entry.value);
                if self.comments {
                    text.push_str("   # Kommentar mit \"Anführungszeichen\" und = Zeichen");
                }
                text.push_str(nl);
            }
        }
        let mut bytes = Vec::new();
        if self.bom {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        (bytes, places)
    }
}

fn entry(path: &str, value: String) -> Entry {
    Entry {
        path: path.to_owned(),
        key: path.rsplit('.').next().unwrap().to_owned(),
        value,
    }
}

fn text_part() -> impl Strategy<Value = String> {
    // Letters with umlauts, and the characters TOML must escape.
    "[A-ZÄÖÜ][a-zäöüß]{2,10}( [a-zäöüß\"\\\\]{1,8}){0,2}"
}

fn domain() -> impl Strategy<Value = String> {
    "[a-z]{3,10}(-[a-z]{2,6})?\\.(de|bremen\\.de|example)".prop_filter("not free mail", |d| {
        !onboard::testing::FREEMAIL_DOMAINS
            .iter()
            .any(|f| d == f || d.ends_with(&format!(".{f}")))
    })
}

fn person() -> impl Strategy<Value = (String, String)> {
    (select(&GIVEN[..]), select(&FAMILY[..]), domain()).prop_map(|(g, f, d)| {
        let name = format!("{g} {f}");
        let local: String = format!("{g}.{f}")
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'ä' => 'a',
                'ö' => 'o',
                'ü' | 'ë' => 'u',
                '\'' => '-',
                c => c,
            })
            .collect();
        (name, format!("{local}@{d}"))
    })
}

/// Real keys of one Land in the directory, of areas an office serves (a whole Land or
/// Regierungsbezirk warns `regional-key-too-broad`), and the Land.
fn jurisdiction() -> impl Strategy<Value = (&'static str, Vec<String>)> {
    select(&LANDER[..]).prop_flat_map(|(land, prefix)| {
        let keys: Vec<String> = AreaDirectory::builtin()
            .areas()
            .iter()
            .filter(|a| a.ars.starts_with(prefix) && !a.level.is_too_broad_for_an_office())
            .map(|a| a.ars.to_string())
            .collect();
        (Just(land), subsequence(keys.clone(), 1..=4.min(keys.len())))
    })
}

prop_compose! {
    fn valid_form()(
        tenant in "[a-z][a-z0-9]{1,12}(-[a-z0-9]{1,6}){0,2}",
        production in any::<bool>(),
        date in (2015i16..=2026, 1i8..=12, 1i8..=28),
        office in text_part(),
        street in text_part(),
        house in "[1-9][0-9]{0,2}[a-c]?",
        plz in "(0[1-9]|[1-9][0-9])[0-9]{3}",
        city in text_part(),
        (land, keys) in jurisdiction(),
        phone in proptest::option::of(select(&PHONES[..])),
        domain in domain(),
        website in any::<bool>(),
        description in proptest::option::of(text_part()),
        logo in select(&LOGOS[..]),
        alt in text_part(),
        path in "[a-z]{1,12}(/[a-z]{1,12})?",
        (word1, word2) in (select(&MAILBOX_WORDS[..]), select(&MAILBOX_WORDS[..])),
        contacts in proptest::collection::vec((person(), proptest::option::of(select(&PHONES[..]))), 1..=3),
        technical in person(),
        shuffle in any::<u64>(),
        (bom, crlf, spacing, comments) in (any::<bool>(), any::<bool>(), 0usize..3, any::<bool>()),
    ) -> Form {
        let s = quoted;
        let mut tables = vec![Table { header: None, entries: vec![
            entry("schema_version", "1".into()),
            entry("tenant_id", s(&tenant)),
        ]}];
        tables.push(Table { header: Some("[service]".into()), entries: vec![
            entry("service.id", s("sorgeregister-negativbescheinigung")),
            entry("service.leika_id", s("99013016012001")),
        ]});
        // A date on or before today (2026-11-28 in these tests).
        let (y, m, d) = date;
        let (m, d) = if y == 2026 && m > 11 { (11, d) } else { (m, d) };
        if production {
            tables.push(Table { header: Some("[onboarding]".into()), entries: vec![
                entry("onboarding.stage", s("production")),
                entry("onboarding.state_agreement_on", format!("{y:04}-{m:02}-{d:02}")),
                entry("onboarding.pvog_entry", "true".into()),
            ]});
        }
        let mut authority = vec![
            entry("authority.name", s(&format!("Jugendamt {office}"))),
            entry("authority.street", s(&street)),
            entry("authority.house_number", s(&house)),
            entry("authority.postal_code", s(&plz)),
            entry("authority.city", s(&city)),
            entry("authority.state", s(land)),
        ];
        if let Some(phone) = phone {
            authority.push(entry("authority.phone", s(phone)));
        }
        if website {
            authority.push(entry("authority.website", s(&format!("https://www.{domain}"))));
        }
        tables.push(Table { header: Some("[authority]".into()), entries: authority });
        let keys: Vec<String> = keys.iter().map(|k| s(k)).collect();
        let mut jurisdiction = vec![entry("jurisdiction.regional_keys", format!("[{}]", keys.join(", ")))];
        if let Some(description) = description {
            jurisdiction.push(entry("jurisdiction.description", s(&description)));
        }
        tables.push(Table { header: Some("[jurisdiction]".into()), entries: jurisdiction });
        tables.push(Table { header: Some("[logo]".into()), entries: vec![
            entry("logo.file", s(logo)),
            entry("logo.alt_text", s(&format!("Wappen {alt}"))),
        ]});
        tables.push(Table { header: Some("[privacy_policy]".into()), entries: vec![
            entry("privacy_policy.url", s(&format!("https://www.{domain}/{path}"))),
        ]});
        tables.push(Table { header: Some("[mailboxes]".into()), entries: vec![
            entry("mailboxes.applications", s(&format!("{word1}@{domain}"))),
            entry("mailboxes.contact_form", s(&format!("{word2}@{domain}"))),
        ]});
        for (i, ((name, email), phone)) in contacts.iter().enumerate() {
            let path = format!("contacts.professional[{i}]");
            let mut entries = vec![
                Entry { path: format!("{path}.name"), key: "name".into(), value: s(name) },
                Entry { path: format!("{path}.email"), key: "email".into(), value: s(email) },
            ];
            if let Some(phone) = phone {
                entries.push(Entry { path: format!("{path}.phone"), key: "phone".into(), value: s(phone) });
            }
            tables.push(Table { header: Some("[[contacts.professional]]".into()), entries });
        }
        tables.push(Table { header: Some("[contacts.technical]".into()), entries: vec![
            entry("contacts.technical.name", s(&technical.0)),
            entry("contacts.technical.email", s(&technical.1)),
        ]});
        // Keys in any order inside their table (the top-level ones stay first: a TOML key
        // after a header would belong to that table).
        for (i, table) in tables.iter_mut().enumerate() {
            let n = table.entries.len();
            if n > 1 {
                table.entries.rotate_left((shuffle as usize >> (i % 16)) % n);
            }
        }
        Form { tables, bom, crlf, spacing, comments }
    }
}

/// One field made invalid: (field path, new value as written, expected code).
fn mutation() -> impl Strategy<Value = (&'static str, String, &'static str)> {
    let q = |s: &str| quoted(s);
    prop_oneof![
        Just(("tenant_id", q("Amt_Beispiel"), "tenant-id-invalid")),
        Just((
            "schema_version",
            "2".to_owned(),
            "unsupported-schema-version"
        )),
        Just(("service.id", q("elterngeld"), "unknown-service")),
        Just(("service.leika_id", q("9901301601200"), "leika-id-malformed")),
        Just(("service.leika_id", q("99013016012010"), "leika-id-mismatch")),
        "(00[0-9]{3}|[0-9]{4}|[0-9]{6}|[0-9]{4}[a-z])".prop_map(move |p| (
            "authority.postal_code",
            q(&p),
            "postal-code-invalid"
        )),
        Just(("authority.name", q("  "), "empty-value")),
        Just(("authority.city", "12".to_owned(), "invalid-type")),
        Just(("authority.state", q("XY"), "state-invalid")),
        Just(("jurisdiction.regional_keys", q("04011"), "invalid-type")),
        Just(("logo.file", q("fehlt.png"), "logo-missing")),
        Just(("logo.file", q("../logo.png"), "logo-outside-form-dir")),
        Just((
            "privacy_policy.url",
            q("www.amt.de/datenschutz"),
            "privacy-url-invalid"
        )),
        Just((
            "privacy_policy.url",
            q("http://www.amt.de/dse"),
            "privacy-url-not-https"
        )),
        Just((
            "privacy_policy.url",
            q("https://www.amt.de/dse#oben"),
            "privacy-url-unstable"
        )),
        Just((
            "mailboxes.applications",
            q("jugendamt(at)amt.de"),
            "email-invalid"
        )),
        Just((
            "mailboxes.contact_form",
            q("jugendamt@gmx.de"),
            "mailbox-freemail"
        )),
        Just(("contacts.technical.email", q("technik"), "email-invalid")),
    ]
}

/// The findings as (code, field), in order.
fn findings(report: &FormReport) -> Vec<(String, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_owned(),
                d.field.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Each finding's line and column point inside the text, at the value of its field as
/// written (for the fields whose value the form holds).
fn assert_places(report: &FormReport, places: &[(String, usize, String)]) {
    let source = report.source.as_ref().expect("source");
    let lines: Vec<&str> = source.text().split('\n').collect();
    for d in &report.diagnostics {
        assert!(d.line >= 1 && d.line <= lines.len(), "{d:?}");
        let line = lines[d.line - 1];
        let offset: usize = line
            .char_indices()
            .nth(d.column - 1)
            .map_or(line.len(), |(i, _)| i);
        assert!(d.column <= line.chars().count() + 1, "{d:?} in {line:?}");
        let Some((_, at, value)) = places
            .iter()
            .find(|(path, _, _)| Some(path.as_str()) == d.field.as_deref())
        else {
            continue;
        };
        let here = &line[offset..];
        assert!(
            here.starts_with(value.as_str()),
            "{} at {}:{} shows {here:?}, not the value {value:?}",
            d.code,
            d.line,
            d.column
        );
        let start = source.offset_of(d.line, d.column);
        assert_eq!(start, *at, "{d:?}");
    }
}

/// Writes the form beside the logos, validates it from disk and builds its bundle; returns
/// the bundle's `tenant.json`.
fn bundle_tenant_json(text: &[u8]) -> Result<serde_json::Value, String> {
    use onboard::testing::{Input, build};
    // One file name per thread: the tests of this binary run in parallel.
    let name = format!("bundle-{:?}.toml", std::thread::current().id()).replace(['(', ')'], "");
    let path = form_dir().join(&name);
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    let file = onboard::engine::FormFile {
        path: path.clone(),
        display: name,
        access: onboard::engine::Access::Direct,
    };
    let options = Options {
        catalog: Catalog::builtin(),
        areas: AreaDirectory::builtin(),
        today: jiff::civil::date(2026, 11, 28),
        keep_logos: false,
    };
    let report = onboard::testing::validate_file(&file, &options);
    let input = Input {
        file: &file,
        report: &report,
        catalog: Catalog::builtin(),
        areas_edition: AreaDirectory::builtin().edition(),
    };
    let bundle = build(&input)
        .map_err(|e| onboard::messages::message(onboard::messages::Lang::En, &e.text()))?;
    let tenant = bundle
        .files
        .iter()
        .find(|f| f.name == onboard::bundle::TENANT_FILE)
        .ok_or("no tenant.json")?;
    serde_json::from_slice(&tenant.bytes).map_err(|e| e.to_string())
}

fn tenant_schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let text = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/tenant-bundle.v1.schema.json"),
        )
        .expect("the published schema");
        jsonschema::validator_for(&serde_json::from_str(&text).expect("JSON"))
            .expect("a valid schema")
    })
}

fn config() -> ProptestConfig {
    // Enough to cover each Land, logo and mutation many times, while the whole of
    // `cargo test` stays well under two minutes on 2 cores (`PROPTEST_CASES` overrides).
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_form_from_valid_parts_has_no_findings(form in valid_form()) {
        let (text, _) = form.write();
        let report = validate(&text);
        prop_assert_eq!(findings(&report), vec![], "{}", String::from_utf8_lossy(&text));
    }

    #[test]
    fn a_form_from_valid_parts_bundles_to_a_tenant_json_that_passes_its_schema(form in valid_form()) {
        let (text, _) = form.write();
        let tenant = bundle_tenant_json(&text);
        prop_assert!(tenant.is_ok(), "{:?}\n{}", tenant, String::from_utf8_lossy(&text));
        let tenant = tenant.unwrap();
        let errors: Vec<String> = tenant_schema().iter_errors(&tenant).map(|e| e.to_string()).collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, tenant);
    }

    #[test]
    fn one_invalid_field_gives_exactly_its_code_at_its_value(
        form in valid_form(),
        (field, value, code) in mutation(),
    ) {
        let mut form = form;
        form.entry_mut(field).value = value;
        let (text, places) = form.write();
        let report = validate(&text);
        prop_assert_eq!(
            findings(&report),
            vec![(code.to_owned(), field.to_owned())],
            "{}",
            String::from_utf8_lossy(&text)
        );
        assert_places(&report, &places);
    }

    #[test]
    fn a_control_character_is_reported_where_it_is_written(
        form in valid_form(),
        c in select(control_characters()),
        (before, after) in (text_part(), text_part()),
    ) {
        let mut form = form;
        let name = format!("{before}{c}{after}");
        form.entry_mut("authority.name").value = literal(&name);
        let (text, _) = form.write();
        let report = validate(&text);
        prop_assert_eq!(
            findings(&report),
            vec![("text-control-character".to_owned(), "authority.name".to_owned())],
            "{}",
            String::from_utf8_lossy(&text)
        );
        // At the character as written: itself, or the escape that stands for it.
        let d = &report.diagnostics[0];
        let source: &SourceText = report.source.as_ref().unwrap();
        let at = &source.text()[source.offset_of(d.line, d.column)..];
        prop_assert!(at.starts_with(c) || at.starts_with('\\'), "{:?} at {:?}", d, at);
        let position = before.chars().count() + 1;
        prop_assert!(d.text.args.contains(&("position", position.to_string())), "{:?}", d);
    }

    #[test]
    fn a_bad_regional_key_is_reported_at_its_index(
        form in valid_form(),
        bad in "[0-9]{4}|[0-9]{2}x[0-9]{2}|17[0-9]{3}",
    ) {
        let mut form = form;
        let keys = &mut form.entry_mut("jurisdiction.regional_keys").value;
        let count = keys.matches(',').count() + 1;
        let quoted_bad = quoted(&bad);
        keys.insert_str(keys.len() - 1, &format!(", {quoted_bad}"));
        let (text, _) = form.write();
        let report = validate(&text);
        let field = format!("jurisdiction.regional_keys[{count}]");
        prop_assert_eq!(
            findings(&report),
            vec![("regional-key-malformed".to_owned(), field)],
            "{}",
            String::from_utf8_lossy(&text)
        );
        let d = &report.diagnostics[0];
        let source: &SourceText = report.source.as_ref().unwrap();
        let at = source.offset_of(d.line, d.column);
        prop_assert!(source.text()[at..].starts_with(&quoted_bad));
    }

    #[test]
    fn a_form_broken_anywhere_is_told_without_a_panic_in_both_languages(
        form in valid_form(),
        at in any::<proptest::sample::Index>(),
        cut in 0..24usize,
        inserted in "[\\[\\]{}=\"'#,.\\\\ \t\nA-Za-zäöüß0-9\u{7}-]{0,16}",
    ) {
        let (bytes, _) = form.write();
        let mut text = String::from_utf8(bytes).unwrap();
        let mut start = at.index(text.len() + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, &inserted);
        let report = validate(text.as_bytes());
        let source = report.source.as_ref().expect("read");
        for d in report.diagnostics.iter().filter(|d| d.code.as_str() == "toml-syntax") {
            prop_assert!(d.span.end <= source.text().len() && d.line >= 1, "{:?}", d);
            for lang in Lang::ALL {
                let help = messages::help(lang, &d.text).unwrap_or_default();
                let said = format!("{} {}", messages::message(lang, &d.text), help);
                // Every placeholder filled (a `{` of TOML, as in `{ }`, stays).
                prop_assert!(
                    !["{fix}", "{found}", "{reason}", "{key}", "{quote}", "{close}", "{example}", "{max}"]
                        .iter()
                        .any(|p| said.contains(p)),
                    "{:?}: {}", lang, said
                );
            }
        }
    }
}
