//! Writes the adversarial inputs of the hardening benchmark into DIR, one folder per case
//! (`DIR/NAME/form.toml` and whatever logo it names): forms at and past every limit of
//! `src/limits.rs`, the largest forms and logos allowed, and every SVG and raster fixture
//! of `tests/fixtures/` as a logo. `scripts/bench-adversarial.sh` runs `onboard` over each.
//!
//!     cargo run --release --example gen-adversarial -- DIR

use std::path::{Path, PathBuf};

use onboard::limits::*;

/// The shipped example form: every case starts from it.
const BASE: &str = include_str!("../order-forms/bremerhaven-jugendamt.toml");
const LOGO_LINE: &str = "file = \"logos/bremerhaven-jugendamt.svg\"";
const KIB: usize = 1024;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: gen-adversarial DIR");
        std::process::exit(2);
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let svg = std::fs::read(fixtures.join("svg/safe--bremerhaven.svg")).expect("svg fixture");
    let mut n = 0;
    let mut case = |name: &str, form: &[u8], files: &[(&str, &[u8])]| {
        let folder = dir.join(name);
        std::fs::create_dir_all(folder.join("logos")).expect("folder");
        std::fs::write(folder.join("form.toml"), form).expect("form");
        std::fs::write(folder.join("logos/bremerhaven-jugendamt.svg"), &svg).expect("logo");
        for (file, bytes) in files {
            std::fs::write(folder.join(file), bytes).expect("file");
        }
        n += 1;
    };
    let with = |from: &str, to: &str| {
        assert!(BASE.contains(from), "the base form has no {from:?}");
        BASE.replacen(from, to, 1)
    };
    // Fills a form to just under the size limit with `unit` repeated after `prefix`.
    let fill = |prefix: &str, unit: &str, suffix: &str| -> String {
        let room = MAX_FORM_BYTES as usize - prefix.len() - suffix.len();
        format!("{prefix}{}{suffix}", unit.repeat(room / unit.len()))
    };

    case("valid", BASE.as_bytes(), &[]);

    // --- the form's size and bytes
    case(
        "largest-form-of-comments",
        fill(BASE, "# Kommentar\n", "").as_bytes(),
        &[],
    );
    case("form-of-10-mib", &vec![b'#'; 10 * KIB * KIB], &[]);
    let mut latin1 = BASE.as_bytes().to_vec();
    latin1.extend_from_slice(b"# Stra\xdfe\n");
    case("not-utf8", &latin1, &[]);
    case(
        "garbage-syntax-errors",
        fill("", "= [ { \" ' \n", "").as_bytes(),
        &[],
    );

    // --- TOML nesting at and past the parser's limit, and far past it
    for depth in [MAX_TOML_DEPTH, MAX_TOML_DEPTH + 1, 50_000] {
        let arrays = format!("{BASE}x = {}{}\n", "[".repeat(depth), "]".repeat(depth));
        case(&format!("nested-arrays-{depth}"), arrays.as_bytes(), &[]);
        let tables = format!("{BASE}x = {}1{}\n", "{a=".repeat(depth), "}".repeat(depth));
        case(
            &format!("nested-inline-tables-{depth}"),
            tables.as_bytes(),
            &[],
        );
        let dotted = format!("{BASE}x{} = 1\n", ".a".repeat(depth - 1));
        case(&format!("dotted-key-{depth}"), dotted.as_bytes(), &[]);
    }

    // --- many keys and findings
    let mut unknown_keys = BASE.to_owned();
    let mut i = 0;
    while unknown_keys.len() + 16 < MAX_FORM_BYTES as usize {
        unknown_keys.push_str(&format!("k{i:06} = {i}\n"));
        i += 1;
    }
    case(
        "unknown-keys-filling-the-form",
        unknown_keys.as_bytes(),
        &[],
    );
    let keys = |list: String| with("[\"040120000000\"]", &list);
    let many = |n: usize, key: &str| format!("[{}]", vec![format!("{key:?}"); n].join(","));
    case(
        "regional-keys-at-limit-all-malformed",
        keys(many(MAX_REGIONAL_KEYS, "0")).as_bytes(),
        &[],
    );
    let room = (MAX_FORM_BYTES as usize - BASE.len()) / "\"0401\",".len() - 1;
    case(
        "regional-keys-filling-the-form",
        keys(many(room, "0401")).as_bytes(),
        &[],
    );
    let contact = "[[contacts.professional]]\nname = \"Petra Beispiel\"\nemail = \"petra\"\n";
    case(
        "contacts-filling-the-form",
        fill(BASE, contact, "").as_bytes(),
        &[],
    );

    // --- long values: the checks that parse, compare or look up strings
    let long = |n: usize, c: &str| c.repeat(n);
    let big = MAX_FORM_BYTES as usize - BASE.len() - 100;
    let long_cases: [(&str, &str, String); 8] = [
        (
            "privacy-url-250-kib",
            "url = \"https://www.bremerhaven.example/datenschutz/sorgeregister\"",
            format!("url = \"https://a.de/{}\"", long(big, "a")),
        ),
        (
            "privacy-url-at-limit",
            "url = \"https://www.bremerhaven.example/datenschutz/sorgeregister\"",
            format!("url = \"https://a.de/{}\"", long(MAX_URL_LEN - 15, "a")),
        ),
        (
            "phone-250-kib",
            "phone = \"0471 590-0\"",
            format!("phone = \"{}\"", long(big, "0")),
        ),
        (
            "mailbox-250-kib",
            "applications = \"sorgeregister@jugendamt.bremerhaven.example\"",
            format!("applications = \"{}@a.de\"", long(big / 2, "a.")),
        ),
        (
            "contact-name-250-kib",
            "name = \"Petra Beispiel\"",
            format!("name = \"{}\"", long(big / 2, "a ")),
        ),
        (
            "service-id-250-kib",
            "id = \"sorgeregister-negativbescheinigung\"",
            format!("id = \"{}\"", long(big, "x")),
        ),
        (
            "unknown-key-250-kib",
            "[service]\n",
            format!("[service]\n{} = 1\n", long(big, "k")),
        ),
        (
            "tenant-id-250-kib",
            "tenant_id = \"bremerhaven-jugendamt\"",
            format!("tenant_id = \"{}\"", long(big / 2, "a-")),
        ),
    ];
    for (name, from, to) in long_cases {
        case(name, with(from, &to).as_bytes(), &[]);
    }

    // --- logos: every fixture, and the largest SVGs the limits allow
    let logo_form = |file: &str| with(LOGO_LINE, &format!("file = {file:?}"));
    for folder in ["svg", "raster"] {
        let mut entries: Vec<_> = std::fs::read_dir(fixtures.join(folder))
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).expect("fixture");
            case(
                &format!("logo-{name}"),
                logo_form(&name).as_bytes(),
                &[(&name, &bytes)],
            );
        }
    }
    let ns = "xmlns=\"http://www.w3.org/2000/svg\"";
    let svg_cases: Vec<(&str, String)> = vec![
        (
            "svg-nodes-at-limit",
            format!(
                "<svg {ns}>{}</svg>",
                "<g/>".repeat(MAX_SVG_NODES as usize - 2)
            ),
        ),
        (
            "svg-nodes-past-limit",
            format!("<svg {ns}>{}</svg>", "<g/>".repeat(250_000)),
        ),
        (
            "svg-nested-99998",
            format!(
                "<svg {ns}>{}{}</svg>",
                "<g>".repeat(99_998),
                "</g>".repeat(99_998)
            ),
        ),
        (
            "svg-one-megabyte-attribute",
            format!(
                "<svg {ns}><rect style=\"{}\"/></svg>",
                "fill:url(#g);".repeat(80_000)
            ),
        ),
        (
            "svg-many-attributes",
            format!(
                "<svg {ns}><rect {}/></svg>",
                (0..60_000)
                    .map(|i| format!("a{i}=\"x:y\""))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
        (
            "svg-attributes-at-limit-in-every-element",
            format!(
                "<svg {ns}>{}</svg>",
                format!(
                    "<g {}/>",
                    (0..MAX_SVG_ATTRIBUTES)
                        .map(|i| format!("a{i}=\"\""))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
                .repeat(350)
            ),
        ),
        (
            "svg-namespaces-nested",
            // Namespaces in scope pile up level by level; then many elements inside.
            format!(
                "<svg {ns}>{}{}{}</svg>",
                format!(
                    "<g {}>",
                    (0..MAX_SVG_ATTRIBUTES)
                        .map(|i| format!("xmlns:n{i}=\"u:{i}\""))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
                .repeat(MAX_SVG_DEPTH - 2),
                "<g/>".repeat(20_000),
                "</g>".repeat(MAX_SVG_DEPTH - 2)
            ),
        ),
        (
            "svg-one-megabyte-style-sheet",
            format!(
                "<svg {ns}><style>{}</style></svg>",
                "rect{fill:url(#g)}".repeat(55_000)
            ),
        ),
        (
            "svg-one-megabyte-of-text",
            format!("<svg {ns}><text>{}</text></svg>", "&amp;".repeat(200_000)),
        ),
    ];
    for (name, svg) in svg_cases {
        assert!(svg.len() as u64 <= MAX_LOGO_BYTES, "{name} is over 1 MiB");
        case(
            name,
            logo_form("logo.svg").as_bytes(),
            &[("logo.svg", svg.as_bytes())],
        );
    }
    let svg_over = format!(
        "<svg {ns}><!--{}--></svg>",
        "x".repeat(MAX_LOGO_BYTES as usize)
    );
    case(
        "svg-over-one-megabyte",
        logo_form("logo.svg").as_bytes(),
        &[("logo.svg", svg_over.as_bytes())],
    );
    eprintln!("{n} cases in {}", dir.display());
}
