//! A form that is no valid TOML is told in the reader's language: each common mistake has
//! its own message and help in German and English, the caret under the place the parser
//! stopped at; at the value of a known field the help says how that field is written. Only
//! an error of another kind quotes the parser's (English) words, marked as its. The web
//! page (`onboard serve`) and `onboard.toml`'s errors say the same.

mod common;

use common::*;

/// Words of the parser's English messages that once came through into German output.
const PARSER_WORDS: &[&str] = &[
    "expected",
    "invalid",
    "quoted",
    "duplicate",
    "unclosed",
    "missing",
    "unexpected",
    "float",
    "string",
    "boolean",
    "integer",
    "key with no value",
    "parser",
    "token",
];

/// One broken form: the valid form with `from` replaced by `to`, the place of the error
/// (line, column) and the message and help in German and English.
struct Case {
    from: &'static str,
    to: &'static str,
    at: (usize, usize),
    de: (&'static str, &'static str),
    en: (&'static str, &'static str),
}

const CASES: &[Case] = &[
    Case {
        from: "city = \"Bremen\"",
        to: "city = Bremen",
        at: (18, 8),
        de: (
            "der Wert `Bremen` ist weder Text in Anführungszeichen noch eine Zahl, ein Datum oder `true`/`false`",
            "setzen Sie den Text in Anführungszeichen: `city = \"…\"`",
        ),
        en: (
            "the value `Bremen` is not quoted text, a number, a date or `true`/`false`",
            "put the text in quotes: `city = \"…\"`",
        ),
    },
    Case {
        from: "city = \"Bremen\"",
        to: "city \"Bremen\"",
        at: (18, 6),
        de: (
            "zwischen Schlüssel und Wert fehlt das Gleichheitszeichen `=`",
            "jede Zeile mit einem Wert lautet `schlüssel = wert`, zum Beispiel `city = \"Musterstadt\"`; eine Zeile nur zur Erläuterung beginnt mit `#`",
        ),
        en: (
            "the `=` between key and value is missing",
            "each line with a value reads `key = value`, for example `city = \"Musterstadt\"`; a line that only explains starts with `#`",
        ),
    },
    Case {
        from: "city = \"Bremen\"",
        to: "city = \"Bremen\"\ncity = \"Bremen\"",
        at: (19, 1),
        de: (
            "der Schlüssel `city` steht in diesem Abschnitt zweimal",
            "jeder Schlüssel steht nur einmal je Abschnitt: löschen Sie eine der beiden Zeilen (die erste steht weiter oben)",
        ),
        en: (
            "the key `city` appears twice in this table",
            "each key appears only once per table: delete one of the two lines (the first is further up)",
        ),
    },
    Case {
        from: "[jurisdiction]",
        to: "[authority]\nfax = \"0421 361-9\"\n\n[jurisdiction]",
        at: (23, 2),
        de: (
            "der Abschnitt `[authority]` steht zweimal in der Datei",
            "führen Sie die beiden Abschnitte zu einem zusammen: jeder Abschnitt steht nur einmal; nur Abschnitte in doppelten Klammern wie `[[contacts.professional]]` dürfen sich wiederholen",
        ),
        en: (
            "the table `[authority]` appears twice in the file",
            "merge the two tables into one: each table appears once; only tables in double brackets such as `[[contacts.professional]]` may repeat",
        ),
    },
    Case {
        from: "city = \"Bremen\"",
        to: "city = \"Bremen",
        at: (18, 15),
        de: (
            "das Anführungszeichen `\"` wird nicht geschlossen",
            "setzen Sie ans Ende des Textes ebenfalls `\"`",
        ),
        en: (
            "the quote `\"` is never closed",
            "end the text with `\"` as well",
        ),
    },
    Case {
        // The form's last line: nothing after it to read as more of the list.
        from: "email = \"max.probe@testamt.example\"",
        to: "email = [\"max.probe@testamt.example\"",
        at: (44, 37),
        de: (
            "die Liste wird nicht mit `]` geschlossen",
            "schließen Sie die Liste mit `]`, zum Beispiel `regional_keys = [\"03356\", \"03357\"]`",
        ),
        en: (
            "the list is not closed with `]`",
            "close the list with `]`, for example `regional_keys = [\"03356\", \"03357\"]`",
        ),
    },
    Case {
        from: "regional_keys = [\"040110000000\"]",
        to: "regional_keys = [\"040110000000\" \"040120000000\"]",
        at: (24, 33),
        de: (
            "zwischen zwei Einträgen der Liste fehlt ein Komma, oder die Liste wird nicht mit `]` geschlossen",
            "trennen Sie die Einträge durch Kommas und schließen Sie die Liste mit `]`, zum Beispiel `regional_keys = [\"03356\", \"03357\"]`",
        ),
        en: (
            "two entries of the list have no comma between them, or the list is not closed with `]`",
            "separate the entries with commas and close the list with `]`, for example `regional_keys = [\"03356\", \"03357\"]`",
        ),
    },
    Case {
        from: "email = \"max.probe@testamt.example\"",
        to: "email = { de = \"max.probe@testamt.example\"",
        at: (44, 43),
        de: (
            "die geschweifte Klammer `{` wird nicht mit `}` geschlossen",
            "schließen Sie sie mit `}`; die Einträge darin trennt ein Komma",
        ),
        en: (
            "the brace `{` is not closed with `}`",
            "close it with `}`; the entries inside are separated by commas",
        ),
    },
    Case {
        from: "postal_code = \"28195\"",
        to: "postal_code = 01067",
        at: (17, 15),
        de: (
            "`01067` ist keine gültige Zahl",
            "setzen Sie den Text in Anführungszeichen: `postal_code = \"…\"`",
        ),
        en: (
            "`01067` is not a valid number",
            "put the text in quotes: `postal_code = \"…\"`",
        ),
    },
    Case {
        from: "state_agreement_on = 2025-06-01",
        to: "state_agreement_on = 2025-13-01",
        at: (10, 22),
        de: (
            "`2025-13-01` ist kein gültiges Datum",
            "`state_agreement_on` ist ein Datum: schreiben Sie das Datum als `2025-09-15` (Jahr-Monat-Tag, ohne Anführungszeichen)",
        ),
        en: (
            "`2025-13-01` is not a valid date",
            "`state_agreement_on` is a date: write the date as `2025-09-15` (year-month-day, without quotes)",
        ),
    },
    Case {
        // A date as German writes it reads to TOML as a broken number: it is told a date.
        from: "state_agreement_on = 2025-06-01",
        to: "state_agreement_on = 01.06.2025",
        at: (10, 22),
        de: (
            "`01.06.2025` ist kein gültiges Datum",
            "`state_agreement_on` ist ein Datum: schreiben Sie das Datum als `2025-09-15` (Jahr-Monat-Tag, ohne Anführungszeichen)",
        ),
        en: (
            "`01.06.2025` is not a valid date",
            "`state_agreement_on` is a date: write the date as `2025-09-15` (year-month-day, without quotes)",
        ),
    },
    Case {
        from: "pvog_entry = true",
        to: "pvog_entry = ja",
        at: (11, 14),
        de: (
            "der Wert `ja` ist weder Text in Anführungszeichen noch eine Zahl, ein Datum oder `true`/`false`",
            "`pvog_entry` ist ein Ja/Nein-Feld: schreiben Sie `true` oder `false`",
        ),
        en: (
            "the value `ja` is not quoted text, a number, a date or `true`/`false`",
            "`pvog_entry` is a yes/no field: write `true` or `false`",
        ),
    },
    Case {
        from: "pvog_entry = true",
        to: "pvog_entry = True",
        at: (11, 14),
        de: (
            "`True` ist weder `true` noch `false`",
            "`pvog_entry` ist ein Ja/Nein-Feld: schreiben Sie `true` oder `false`",
        ),
        en: (
            "`True` is neither `true` nor `false`",
            "`pvog_entry` is a yes/no field: write `true` or `false`",
        ),
    },
];

/// `onboard --lang LANG validate --offline form.toml` over `form`: exit status and stdout.
fn validate_in(lang: &str, form: &str) -> (i32, String) {
    let s = Scratch::new();
    s.form("form.toml", form);
    let out = onboard(
        s.path(),
        &["--lang", lang, "validate", "--offline", "form.toml"],
    );
    (out.status.code().unwrap(), stdout(&out))
}

/// The column (1-based, in characters) of the first `^` under the snippet's source line.
fn caret_column(output: &str) -> Option<usize> {
    let line = output
        .lines()
        .find(|l| l.contains('^') && l.trim_start().starts_with('|'))?;
    let bar = line.find('|')?;
    let caret = line.find('^')?;
    Some(line[bar + 2..caret].chars().count() + 1)
}

#[track_caller]
fn assert_told(lang: &str, form: &str, at: (usize, usize), (message, help): (&str, &str)) {
    let (code, out) = validate_in(lang, form);
    assert_eq!(code, 1, "{out}");
    let (error, help_label) = if lang == "de" {
        ("Fehler", "Hilfe")
    } else {
        ("error", "help")
    };
    assert!(
        out.contains(&format!("{error}[toml-syntax]: {message}\n")),
        "{lang}: message {message:?} in\n{out}"
    );
    assert!(
        out.contains(&format!("= {help_label}: {help}\n")),
        "{lang}: help {help:?} in\n{out}"
    );
    assert!(
        out.contains(&format!("--> form.toml:{}:{}\n", at.0, at.1)),
        "{lang}: place {at:?} in\n{out}"
    );
    assert_eq!(caret_column(&out), Some(at.1), "{lang}: caret in\n{out}");
    assert_eq!(
        out.matches("[toml-syntax]").count(),
        1,
        "{lang}: one finding in\n{out}"
    );
}

#[track_caller]
fn assert_no_parser_words(out: &str) {
    let lower = out.to_lowercase();
    for word in PARSER_WORDS {
        assert!(!lower.contains(word), "English {word:?} in\n{out}");
    }
}

#[test]
fn each_common_mistake_is_told_in_german_and_english_with_the_caret_at_it() {
    for case in CASES {
        let form = variant(case.from, case.to);
        assert_told("de", &form, case.at, case.de);
        assert_told("en", &form, case.at, case.en);
        assert_no_parser_words(&validate_in("de", &form).1);
    }
}

#[test]
fn an_unclosed_brace_before_more_of_the_form_is_told_once_at_the_next_line() {
    // What follows reads to TOML as more entries of the braces: said once, at the next line.
    let form = variant(
        "alt_text = \"Logo des Testamts\"",
        "alt_text = { de = \"Logo des Testamts\"",
    );
    let (code, de) = validate_in("de", &form);
    assert_eq!(code, 1, "{de}");
    let first = de.split("\n\n").next().unwrap();
    assert!(
        first.starts_with(
            "Fehler[toml-syntax]: zwischen zwei Einträgen in der geschweiften Klammer `{ }` fehlt ein Komma, oder die Klammer `{` wird nicht mit `}` geschlossen\n  --> form.toml:30:1\n"
        ),
        "{de}"
    );
    assert_eq!(de.matches("[toml-syntax]").count(), 1, "{de}");
    assert_no_parser_words(&de);
}

#[test]
fn another_error_quotes_the_parsers_words_as_its_own() {
    // A control character in a comment: nothing a clerk types, so no text of its own.
    let form = variant("[service]", "# Dienst\u{7}\n[service]");
    let (code, de) = validate_in("de", &form);
    assert_eq!(code, 1, "{de}");
    let quoted = "`invalid comment character, expected printable characters`";
    assert!(
        de.contains(&format!(
            "Fehler[toml-syntax]: die Datei ist an dieser Stelle kein gültiges TOML (Originalmeldung des TOML-Lesemoduls, englisch: {quoted})\n"
        )),
        "{de}"
    );
    assert!(de.contains("--> form.toml:4:9\n"), "{de}");
    // Outside the quote, the German output is German.
    assert_no_parser_words(&de.replace(quoted, ""));
    let (_, en) = validate_in("en", &form);
    assert!(
        en.contains(&format!(
            "error[toml-syntax]: the file is not valid TOML here (the TOML parser's own words: {quoted})\n"
        )),
        "{en}"
    );
}

#[test]
fn the_json_result_says_it_in_the_language_too() {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant("pvog_entry = true", "pvog_entry = ja"),
    );
    for (lang, help) in [
        (
            "de",
            "`pvog_entry` ist ein Ja/Nein-Feld: schreiben Sie `true` oder `false`",
        ),
        (
            "en",
            "`pvog_entry` is a yes/no field: write `true` or `false`",
        ),
    ] {
        let (code, json) = validate_json(s.path(), &["--lang", lang, "form.toml"]);
        assert_eq!(code, 1);
        let d = only(&json, "toml-syntax");
        assert_eq!(d["help"], help, "{d:#}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(11), Some(14))
        );
    }
}

#[test]
fn a_syntax_error_in_onboard_toml_is_told_in_german_too() {
    let s = Scratch::new();
    s.form("forms/form.toml", VALID_FORM);
    s.write("onboard.toml", "[checks]\nmailbox-freemail = off\n");
    let run = |lang| {
        onboard(
            s.path(),
            &[
                "--lang",
                lang,
                "validate",
                "--offline",
                "--config",
                "onboard.toml",
                "forms",
            ],
        )
    };
    let de = run("de");
    assert_eq!(de.status.code(), Some(2));
    let all = format!("{}{}", stdout(&de), stderr(&de));
    assert!(
        all.contains(
            "der Wert `off` ist weder Text in Anführungszeichen noch eine Zahl, ein Datum oder `true`/`false`"
        ),
        "{all}"
    );
    // Not a form: no form field's help, the general one.
    assert!(
        all.contains("setzen Sie Text in Anführungszeichen, zum Beispiel"),
        "{all}"
    );
    assert!(all.contains("onboard.toml:2:20"), "{all}");
    assert_no_parser_words(&all);
    let en = run("en");
    let all = format!("{}{}", stdout(&en), stderr(&en));
    assert!(
        all.contains("the value `off` is not quoted text, a number, a date or `true`/`false`"),
        "{all}"
    );
}

#[test]
fn the_web_page_says_it_in_the_language_too() {
    use reqwest::blocking::multipart::{Form, Part};
    let s = Scratch::new();
    let server = common::serve::Served::start(s.path(), &["--offline"]);
    let form = variant("pvog_entry = true", "pvog_entry = ja");
    for (lang, message, help) in [
        (
            "de",
            "der Wert <code>ja</code> ist weder Text in Anführungszeichen noch eine Zahl",
            "`pvog_entry` ist ein Ja/Nein-Feld: schreiben Sie `true` oder `false`",
        ),
        (
            "en",
            "the value <code>ja</code> is not quoted text, a number, a date",
            "`pvog_entry` is a yes/no field: write `true` or `false`",
        ),
    ] {
        // The page's language travels with the post, as the page's own form sends it.
        let upload = Form::new().text("lang", lang).part(
            "form",
            Part::bytes(form.clone().into_bytes()).file_name("form.toml"),
        );
        let html = reqwest::blocking::Client::new()
            .post(server.url("/check"))
            .multipart(upload)
            .send()
            .expect("request")
            .text()
            .unwrap();
        assert!(html.contains(message), "{lang}: {html}");
        assert!(html.contains(help), "{lang}: {html}");
        if lang == "de" {
            assert!(!html.contains("must be quoted"), "{html}");
        }
    }
}
