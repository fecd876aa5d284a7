//! Every command in German and in English, chosen by `--lang` and by the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`); codes and JSON keys never change with the language.

mod common;

use common::*;

/// How a run chooses its language.
#[derive(Debug, Clone, Copy)]
enum Choice {
    Flag,
    Locale,
}

/// Runs `onboard ARGS` in German or English, chosen as `choice` says.
fn run_in(
    cwd: &std::path::Path,
    args: &[&str],
    german: bool,
    choice: Choice,
) -> std::process::Output {
    match choice {
        Choice::Flag => {
            let mut all = vec!["--lang", if german { "de" } else { "en" }];
            all.extend_from_slice(args);
            onboard(cwd, &all)
        }
        Choice::Locale => {
            let lang = if german { "de_DE.UTF-8" } else { "en_US.UTF-8" };
            onboard_env(cwd, args, &[("LANG", lang)])
        }
    }
}

/// The JSON output of `onboard ARGS` in German and in English, chosen as `choice` says.
fn json_in_german_and_english(
    cwd: &std::path::Path,
    args: &[&str],
    choice: Choice,
) -> (serde_json::Value, serde_json::Value) {
    let json = |german| serde_json::from_str(&stdout(&run_in(cwd, args, german, choice))).unwrap();
    (json(true), json(false))
}

/// A folder with a form that has one error (a four-digit postal code) and a full form.
fn fixture() -> Scratch {
    let s = Scratch::new();
    s.form(
        "form.toml",
        &variant("postal_code = \"28195\"", "postal_code = \"2819\""),
    );
    s.form("ok/valid.toml", VALID_FORM);
    s
}

#[test]
fn every_command_speaks_german_and_english_by_flag_and_by_locale() {
    let s = fixture();
    // (arguments, text only the German output has, text only the English output has)
    let cases: &[(&[&str], &str, &str)] = &[
        (&["--help"], "Aufruf:", "Usage:"),
        (
            &["validate", "--help"],
            "Bestellzettel prüfen",
            "Check order forms",
        ),
        (
            &["validate", "--offline", "form.toml"],
            "Fehler[postal-code-invalid]: `2819` ist keine deutsche Postleitzahl",
            "error[postal-code-invalid]: `2819` is not a German postal code",
        ),
        (
            &["validate", "--offline", "--format", "json", "form.toml"],
            "ist keine deutsche Postleitzahl",
            "is not a German postal code",
        ),
        (
            &["validate", "--offline", "form.toml", "ok/valid.toml"],
            "Ergebnis",
            "Verdict",
        ),
        (
            &["status", "--offline", "ok/valid.toml"],
            "Bereit für den Produktivbetrieb.",
            "Ready for production operation.",
        ),
        (
            &["status", "--offline", "--format", "json", "ok/valid.toml"],
            "Ansprechpartner:in in der Kommune definieren",
            "Name contact people in the municipality",
        ),
        (
            &["explain", "leika-id-mismatch"],
            "Das Programm prüft:",
            "What it checks:",
        ),
        (&["explain", "--list"], "Hinweis", "warning"),
        (&["completions", "fish"], "Hilfe ausgeben", "Print help"),
        (&["man"], "Hilfe ausgeben", "Print help"),
        (
            &["validate", "--offline", "nowhere.toml"],
            "Fehler: nowhere.toml: keine solche Datei",
            "error: nowhere.toml: no such file",
        ),
    ];
    for choice in [Choice::Flag, Choice::Locale] {
        for (args, de, en) in cases {
            let german = run_in(s.path(), args, true, choice);
            let english = run_in(s.path(), args, false, choice);
            let g = format!("{}{}", stdout(&german), stderr(&german));
            let e = format!("{}{}", stdout(&english), stderr(&english));
            assert!(
                g.contains(de) && !g.contains(en),
                "{choice:?} {args:?} de:\n{g}"
            );
            assert!(
                e.contains(en) && !e.contains(de),
                "{choice:?} {args:?} en:\n{e}"
            );
            assert_eq!(german.status.code(), english.status.code(), "{args:?}");
        }
    }
}

#[test]
fn init_speaks_both_languages() {
    for (choice, german) in [
        (Choice::Flag, true),
        (Choice::Flag, false),
        (Choice::Locale, true),
        (Choice::Locale, false),
    ] {
        let s = Scratch::new();
        let out = run_in(s.path(), &["init", "neu.toml"], german, choice);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let form = std::fs::read_to_string(s.path().join("neu.toml")).unwrap();
        let (said, comment) = if german {
            ("neu.toml geschrieben.", "# Beispiel: \"28195\"")
        } else {
            ("Wrote neu.toml.", "# Example: \"28195\"")
        };
        assert!(stdout(&out).contains(said), "{choice:?}: {}", stdout(&out));
        assert!(form.contains(comment), "{choice:?}: {form}");
    }
}

#[test]
fn the_same_finding_in_german_and_english_json_differs_only_in_message_and_help() {
    let s = fixture();
    let args = ["validate", "--offline", "--format", "json", "form.toml"];
    let (de, en) = json_in_german_and_english(s.path(), &args, Choice::Flag);
    let (d, e) = (
        only(&de, "postal-code-invalid"),
        only(&en, "postal-code-invalid"),
    );
    assert_eq!(d["message"], "`2819` ist keine deutsche Postleitzahl");
    assert_eq!(e["message"], "`2819` is not a German postal code");
    assert_eq!(
        d["help"],
        "eine Postleitzahl (PLZ) hat 5 Ziffern, z. B. \"28195\""
    );
    assert_eq!(
        e["help"],
        "a postal code (PLZ) has 5 digits, e.g. \"28195\""
    );
    // Everything else is the same: codes, severities, fields, places and every key.
    let strip = |mut v: serde_json::Value| {
        for d in v["files"][0]["diagnostics"].as_array_mut().unwrap() {
            d["message"] = serde_json::Value::Null;
            d["help"] = serde_json::Value::Null;
        }
        v
    };
    assert_eq!(strip(de), strip(en));
}

#[test]
fn the_status_json_keeps_its_keys_and_states_in_both_languages() {
    let s = fixture();
    let args = ["status", "--offline", "--format", "json", "ok/valid.toml"];
    let (de, en) = json_in_german_and_english(s.path(), &args, Choice::Locale);
    assert_eq!(de["ready_for"], en["ready_for"]);
    for (d, e) in de["steps"]
        .as_array()
        .unwrap()
        .iter()
        .zip(en["steps"].as_array().unwrap())
    {
        assert_eq!(d["step"], e["step"]);
        assert_eq!(d["state"], e["state"]);
        assert_ne!(d["title"], e["title"]);
    }
}

#[test]
fn the_locale_variables_are_read_in_posix_order() {
    let s = fixture();
    let args = ["explain", "--list"];
    let german =
        |env: &[(&str, &str)]| stdout(&onboard_env(s.path(), &args, env)).contains("Hinweis");
    assert!(german(&[("LANG", "de_DE.UTF-8")]));
    assert!(german(&[("LANG", "de_AT")]));
    assert!(german(&[
        ("LANG", "en_US.UTF-8"),
        ("LC_MESSAGES", "de_DE.UTF-8")
    ]));
    assert!(!german(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "C")]));
    assert!(!german(&[("LANG", "fr_FR.UTF-8")]));
    assert!(!german(&[]));
    // The flag wins over the locale.
    let out = onboard_env(
        s.path(),
        &["--lang", "en", "explain", "--list"],
        &[("LC_ALL", "de_DE")],
    );
    assert!(!stdout(&out).contains("Hinweis"));
}

/// Without any of LC_ALL, LC_MESSAGES, LANG the operating system's language decides. On
/// Linux that is GNU's LANGUAGE (what sys-locale adds to the three); Windows' and macOS'
/// settings cannot be set from a test.
#[cfg(target_os = "linux")]
#[test]
fn without_locale_variables_the_system_language_decides() {
    let s = fixture();
    let german = |cmd: &mut std::process::Command| {
        stdout(&cmd.output().expect("run onboard")).contains("Hinweis")
    };
    let args = ["explain", "--list"];
    assert!(german(
        command(s.path(), &args)
            .env_remove("LANG")
            .env("LANGUAGE", "de_DE:en")
    ));
    assert!(!german(
        command(s.path(), &args)
            .env_remove("LANG")
            .env("LANGUAGE", "fr_FR:de")
    ));
    // A locale variable that is set comes first, also `C`.
    assert!(!german(command(s.path(), &args).env("LANGUAGE", "de_DE")));
    // And the flag before all.
    assert!(!german(
        command(s.path(), &["--lang", "en", "explain", "--list"])
            .env_remove("LANG")
            .env("LANGUAGE", "de_DE")
    ));
}

#[test]
fn the_schema_is_the_same_in_both_languages() {
    let s = Scratch::new();
    let de = run_in(s.path(), &["schema"], true, Choice::Flag);
    let en = run_in(s.path(), &["schema"], false, Choice::Flag);
    assert_eq!(de.stdout, en.stdout);
}

#[test]
fn mistakes_on_the_command_line_are_said_in_the_language_with_exit_status_2() {
    let s = Scratch::new();
    let out = onboard(s.path(), &["--lang", "de", "validate", "--formt", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("Fehler: unbekanntes Argument `--formt`"),
        "{err}"
    );
    assert!(err.contains("ähnlich heißt `--format`"), "{err}");
    assert!(out.stdout.is_empty());

    let out = onboard(
        s.path(),
        &["--lang", "en", "validate", "--color", "sometimes"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: invalid value `sometimes` for `--color"),
        "{err}"
    );
    assert!(
        err.contains("possible values: auto, always, never"),
        "{err}"
    );

    // Help is not a mistake: on stdout, exit status 0.
    let out = onboard(s.path(), &["--lang", "de", "validate", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Aufruf: onboard validate"));
}

/// A run the online check cannot start is said in the language too: a `--ca-cert` file
/// that holds no certificate (the online check stops before any request, so nothing is
/// asked of the network).
#[test]
fn a_ca_cert_without_a_certificate_is_said_in_the_language() {
    let s = Scratch::new();
    s.form("form.toml", VALID_FORM);
    s.write("ca.pem", "no certificate here\n");
    let args = ["validate", "--ca-cert", "ca.pem", "form.toml"];
    let german = run_in(s.path(), &args, true, Choice::Flag);
    assert_eq!(german.status.code(), Some(2), "{}", stderr(&german));
    let text = stderr(&german);
    assert!(
        text.starts_with("Fehler: ca.pem: die Datei enthält kein verwendbares Zertifikat (PEM)"),
        "{text}"
    );
    assert!(text.contains("Hilfe: nennen Sie mit `--ca-cert`"), "{text}");
    let english = run_in(s.path(), &args, false, Choice::Flag);
    let text = stderr(&english);
    assert!(
        text.starts_with("error: ca.pem: the file holds no usable certificate (PEM)"),
        "{text}"
    );
    assert!(stdout(&english).is_empty(), "{}", stdout(&english));
}

/// A `--resolve` value that is not `HOST:ADDR` is said in the language, with the reason
/// (clap would say it in English only).
#[test]
fn a_wrong_resolve_value_is_said_in_the_language_with_its_reason() {
    let s = Scratch::new();
    for (lang, value, said) in [
        (
            "de",
            "dse.test",
            "Fehler: ungültiger Wert `dse.test` für `--resolve <HOST:ADRESSE>`: erwartet wird HOST:ADRESSE",
        ),
        (
            "de",
            "dse.test:localhost",
            "Fehler: ungültiger Wert `dse.test:localhost` für `--resolve <HOST:ADRESSE>`: `localhost` ist keine IP-Adresse",
        ),
        (
            "de",
            ":127.0.0.1",
            "Fehler: ungültiger Wert `:127.0.0.1` für `--resolve <HOST:ADRESSE>`: der Name des Servers vor dem Doppelpunkt fehlt",
        ),
        (
            "en",
            "dse.test:443:localhost",
            "error: invalid value `dse.test:443:localhost` for `--resolve <HOST:ADDR>`: `localhost` is not an IP address",
        ),
    ] {
        let out = onboard(
            s.path(),
            &["--lang", lang, "validate", "--resolve", value, "x.toml"],
        );
        assert_eq!(out.status.code(), Some(2), "{value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(&format!("{said}\n")), "{value}: {err}");
    }
}
