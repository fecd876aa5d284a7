//! `onboard init`: the template validates with exactly the findings of the values still to
//! fill in, it never overwrites, and `--interactive` fills one complete form from answers.

mod common;

use common::*;

/// The values a new form leaves to fill in: each is one `empty-value` finding, in order.
const TO_FILL_IN: [&str; 17] = [
    "tenant_id",
    "authority.name",
    "authority.street",
    "authority.house_number",
    "authority.postal_code",
    "authority.city",
    "authority.state",
    "jurisdiction.regional_keys",
    "logo.file",
    "logo.alt_text",
    "privacy_policy.url",
    "mailboxes.applications",
    "mailboxes.contact_form",
    "contacts.professional[0].name",
    "contacts.professional[0].email",
    "contacts.technical.name",
    "contacts.technical.email",
];

#[test]
fn a_new_form_has_exactly_the_findings_of_the_values_to_fill_in() {
    assert_eq!(onboard::template::blank_fields(), TO_FILL_IN);
    for lang in ["de", "en"] {
        let s = Scratch::new();
        let out = onboard(s.path(), &["--lang", lang, "init", "neu.toml"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = std::fs::read_to_string(s.path().join("neu.toml")).unwrap();
        assert!(text.starts_with("#:schema ../schemas/order-form.v1.schema.json\n"));
        let (code, json) = validate_json(s.path(), &["neu.toml"]);
        assert_eq!(code, 1);
        let found: Vec<(&str, &str)> = diagnostics(&json)
            .iter()
            .map(|d| (d["code"].as_str().unwrap(), d["field"].as_str().unwrap()))
            .collect();
        let expected: Vec<(&str, &str)> = TO_FILL_IN.iter().map(|f| ("empty-value", *f)).collect();
        assert_eq!(found, expected, "{lang}");
        // Each finding points at the line of its own key.
        let lines: Vec<&str> = text.lines().collect();
        for d in diagnostics(&json) {
            let line = lines[d["line"].as_u64().unwrap() as usize - 1];
            let field = d["field"].as_str().unwrap();
            let key = field.rsplit('.').next().unwrap();
            assert!(line.starts_with(&format!("{key} = ")), "{field}: {line}");
        }
        assert_eq!(json["summary"]["warnings"], 0);
    }
}

#[test]
fn every_field_of_the_template_says_its_purpose_step_and_example() {
    let s = Scratch::new();
    onboard(s.path(), &["--lang", "de", "init"]);
    let text = std::fs::read_to_string(s.path().join("bestellzettel.toml")).unwrap();
    for (key, step) in [
        (
            "leika_id",
            "Schritt 3 des Anbindungsleitfadens: Eintragung im Landesredaktionssystem vornehmen",
        ),
        (
            "applications",
            "Schritt 4 des Anbindungsleitfadens: Funktionspostfach für Anträge einrichten",
        ),
        (
            "url",
            "Schritt 6 des Anbindungsleitfadens: Datenschutzerklärung erstellen",
        ),
        (
            "postal_code",
            "Schritt 7 des Anbindungsleitfadens: Bestellzettel ausfüllen",
        ),
    ] {
        let at = text.find(&format!("\n{key} = ")).expect(key);
        let block = &text[text[..at].rfind("\n\n").unwrap()..at];
        let joined = block.replace("\n# ", " ");
        assert!(joined.contains(step), "{key}: {block}");
        assert!(block.contains("# Beispiel: "), "{key}: {block}");
    }
    // Optional fields are there as commented examples.
    assert!(text.contains("\n# phone = \"0421 361-0\"\n"), "{text}");
}

#[test]
fn the_schema_line_finds_the_repository_schema() {
    let s = Scratch::new();
    s.write("schemas/order-form.v1.schema.json", "{}");
    std::fs::create_dir_all(s.path().join("order-forms/kreis")).unwrap();
    onboard(s.path(), &["init", "order-forms/kreis/neu.toml"]);
    let text = std::fs::read_to_string(s.path().join("order-forms/kreis/neu.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../schemas/order-form.v1.schema.json\n"),
        "{text}"
    );
}

#[test]
fn init_never_overwrites_a_file() {
    let s = Scratch::new();
    let path = s.write("bestellzettel.toml", "# meine Arbeit\n");
    for args in [
        vec!["init"],
        vec!["init", "bestellzettel.toml"],
        vec!["init", "--interactive", "bestellzettel.toml"],
    ] {
        let out = onboard_stdin(s.path(), &args, "Erika Beispiel\n");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
        // Refused before the first question.
        assert!(!stderr(&out).contains("Step 1"), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# meine Arbeit\n");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("nowhere.toml", s.path().join("link.toml")).unwrap();
        let out = onboard(s.path(), &["init", "link.toml"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            !s.path().join("nowhere.toml").exists(),
            "nothing written through a link"
        );
    }
    let out = onboard(s.path(), &["init", "no-such-folder/neu.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

/// One answer a line, in the order of the questions (the guide's steps), with wrong
/// answers that must be asked again.
const ANSWERS_DE: &[&str] = &[
    // Schritt 1: fachliche Ansprechperson, zuerst mit falscher Adresse
    "Erika Beispiel",
    "erika(at)testamt.example",
    "erika.beispiel@testamt.example",
    "0421 361-1234",
    "vielleicht",
    "nein",
    // technische Ansprechperson
    "Max Probe",
    "max.probe@testamt.example",
    "",
    // Schritt 2: Datum, zuerst in der Zukunft
    "2030-01-01",
    "2025-06-01",
    // Schritt 3: PVOG-Eintragung, dann Betriebsstufe
    "ja",
    "production",
    // Schritte 4 bis 6
    "sorgeregister@testamt.example",
    "kontakt@testamt.example",
    "http://www.testamt.example/datenschutz",
    "https://www.testamt.example/datenschutz",
    // Schritt 7
    "Testamt",
    "testamt",
    "Jugendamt Testamt",
    "Am Markt",
    "1",
    "2819",
    "28195",
    "Bremen",
    "hb",
    "0421 361-0",
    "",
    "03356",
    "040110000000",
    "Stadtgebiet Bremen",
    "fehlt.png",
    "logo.png",
    "Logo des Testamts",
];

#[test]
fn interactive_answers_make_a_complete_valid_form() {
    let s = Scratch::new();
    std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
    let answers = ANSWERS_DE.join("\n") + "\n";
    let out = onboard_stdin(
        s.path(),
        &["--lang", "de", "init", "-i", "testamt.toml"],
        &answers,
    );
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    // Each wrong answer was refused with the message `validate` gives, then asked again.
    for refusal in [
        "`erika(at)testamt.example` ist keine gültige E-Mail-Adresse",
        "`vielleicht` ist weder ja noch nein",
        "das Datum der Vereinbarung 2030-01-01 liegt in der Zukunft",
        "`http://www.testamt.example/datenschutz` verwendet kein https",
        "tenant_id `Testamt` ist keine gültige Mandantenkennung",
        "`2819` ist keine deutsche Postleitzahl",
        "Regionalschlüssel 03356 (Osterholz) liegt in Niedersachsen (NI), die Behörde aber in HB",
        "die Logodatei `fehlt.png` existiert nicht",
    ] {
        assert!(log.contains(refusal), "{refusal} in:\n{log}");
    }
    assert!(log.contains("040110000000: Bremen, Stadt"), "{log}");
    let (code, json) = validate_json(s.path(), &["testamt.toml"]);
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    let form: toml::Table =
        toml::from_str(&std::fs::read_to_string(s.path().join("testamt.toml")).unwrap()).unwrap();
    assert_eq!(form["authority"]["state"].as_str(), Some("HB"));
    assert_eq!(form["onboarding"]["stage"].as_str(), Some("production"));
    assert_eq!(
        form["onboarding"]["state_agreement_on"]
            .as_datetime()
            .map(|d| d.to_string()),
        Some("2025-06-01".to_owned())
    );
    let status = onboard(
        s.path(),
        &["status", "--offline", "--format", "json", "testamt.toml"],
    );
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(status["ready_for"], "production");
}

#[test]
fn interactive_areas_can_be_found_by_name() {
    let s = Scratch::new();
    std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
    // A name instead of Bremen's key: picked from the directory's matches by number (first a
    // number that is not offered), beside a key typed in groups.
    let answers: Vec<&str> = ANSWERS_DE
        .iter()
        .flat_map(|&a| {
            if a == "040110000000" {
                vec!["bremerhaven, 04 011", "7", "1"]
            } else {
                vec![a]
            }
        })
        .collect();
    let answers = answers.join("\n") + "\n";
    let out = onboard_stdin(
        s.path(),
        &["--lang", "de", "init", "-i", "testamt.toml"],
        &answers,
    );
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    // The matches show level and key; the search is the one of `/api/areas`.
    let matches = onboard::areas::AreaDirectory::builtin().search("bremerhaven", Some("04"), 10);
    assert!(matches.len() > 1, "{matches:?}");
    assert!(log.contains("1) Bremerhaven"), "{log}");
    assert!(log.contains("Kreis, 04012"), "{log}");
    assert!(log.contains("`7`"), "the wrong number is named: {log}");
    let (code, json) = validate_json(s.path(), &["testamt.toml"]);
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    let form: toml::Table =
        toml::from_str(&std::fs::read_to_string(s.path().join("testamt.toml")).unwrap()).unwrap();
    let keys: Vec<&str> = form["jurisdiction"]["regional_keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    assert_eq!(keys, [&*matches[0].ars, "04011"]);
}

#[test]
fn interactive_input_that_ends_early_writes_nothing() {
    let s = Scratch::new();
    let out = onboard_stdin(
        s.path(),
        &["init", "--interactive", "neu.toml"],
        "Erika Beispiel\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(!s.path().join("neu.toml").exists());
}

/// A GV100AD file with Bremen and one Gemeinde the built-in directory does not have.
fn newer_areas() -> String {
    let record =
        |satzart: &str, key: &str, name: &str| format!("{satzart}20261231{key}{name:<50}\n");
    [
        record("10", "04          ", "Bremen"),
        record("60", "040119990000", "Neugemeinde"),
    ]
    .concat()
}

#[test]
fn interactive_answers_are_checked_against_the_areas_of_onboard_toml() {
    let s = Scratch::new();
    std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
    s.write("gv.txt", newer_areas());
    s.write("onboard.toml", "regional_keys = \"gv.txt\"\n");
    // The key of the new Gemeinde where the answers give Bremen's.
    let answers: Vec<&str> = ANSWERS_DE
        .iter()
        .map(|&a| {
            if a == "040110000000" {
                "040110000999"
            } else {
                a
            }
        })
        .collect();
    let answers = answers.join("\n") + "\n";
    let out = onboard_stdin(
        s.path(),
        &["--lang", "de", "init", "-i", "testamt.toml"],
        &answers,
    );
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(log.contains("040110000999: Neugemeinde"), "{log}");
    let (code, json) = validate_json(s.path(), &["testamt.toml"]);
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
}

#[test]
fn a_broken_onboard_toml_stops_init_before_any_question() {
    let s = Scratch::new();
    s.write("onboard.toml", "[checks]\nno-such-check = \"off\"\n");
    let out = onboard(s.path(), &["init", "neu.toml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("onboard.toml"), "{}", stderr(&out));
    assert!(!s.path().join("neu.toml").exists());
}

/// The hint after `init` says when to send the form: no errors, and every warning looked
/// at — not just "ok", which a run with warnings never says.
#[test]
fn the_init_hint_names_errors_and_warnings() {
    for (lang, hint) in [
        (
            "en",
            "once `validate` reports no errors and you have checked every warning",
        ),
        (
            "de",
            "sobald `validate` keine Fehler meldet und Sie jeden Hinweis geprüft haben",
        ),
    ] {
        let s = Scratch::new();
        let out = onboard(s.path(), &["--lang", lang, "init", "form.toml"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(hint), "{lang}: {text}");
        assert!(!text.contains("ok"), "{lang}: {text}");
    }
}

/// An answer with only a warning is not kept silently: the wizard asks whether to use it
/// anyway ("no" by default), and asks the question again on no.
#[test]
fn interactive_asks_before_keeping_a_warned_answer() {
    for (lang, question, use_it) in [
        ("de", "Trotzdem verwenden? [j/N]", "j"),
        ("en", "Use it anyway? [y/N]", "y"),
    ] {
        let answers_with = |after_warning: &[&str]| {
            let mut all: Vec<&str> = Vec::new();
            for &a in ANSWERS_DE {
                if a == "sorgeregister@testamt.example" {
                    all.push("sorgeregister@gmail.com");
                    all.extend(after_warning);
                } else {
                    all.push(a);
                }
            }
            all.join("\n") + "\n"
        };
        // No (the default, an empty answer): asked again, the second address is kept.
        let s = Scratch::new();
        std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
        let out = onboard_stdin(
            s.path(),
            &["--lang", lang, "init", "-i", "testamt.toml"],
            &answers_with(&["", "sorgeregister@testamt.example"]),
        );
        let log = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{lang}: {log}");
        assert!(log.contains(question), "{lang}: {question} in:\n{log}");
        let (code, json) = validate_json(s.path(), &["testamt.toml"]);
        assert_eq!((code, codes(&json)), (0, vec![]), "{lang}: {json:#}");
        // Yes: the warned answer is kept, and validate still warns of it.
        let s = Scratch::new();
        std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
        let out = onboard_stdin(
            s.path(),
            &["--lang", lang, "init", "-i", "testamt.toml"],
            &answers_with(&[use_it]),
        );
        assert_eq!(out.status.code(), Some(0), "{lang}: {}", stderr(&out));
        let (code, json) = validate_json(s.path(), &["testamt.toml"]);
        assert_eq!(
            (code, codes(&json)),
            (0, vec!["mailbox-freemail"]),
            "{lang}: {json:#}"
        );
    }
}
