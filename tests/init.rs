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
    // The comment above a header or key: from the blank line before it.
    let comment_above = |line: &str| {
        let at = text.find(&format!("\n{line}")).expect(line);
        text[text[..at].rfind("\n\n").unwrap()..at].to_owned()
    };
    // A step is said at the key where its section holds several steps, else at the section.
    for (key, section, step) in [
        (
            "leika_id = ",
            None,
            "Schritt 3 des Anbindungsleitfadens: Eintragung im Landesredaktionssystem vornehmen",
        ),
        (
            "applications = ",
            None,
            "Schritt 4 des Anbindungsleitfadens: Funktionspostfach für Anträge einrichten",
        ),
        (
            "url = ",
            Some("[privacy_policy]\n"),
            "Schritt 6 des Anbindungsleitfadens: Datenschutzerklärung erstellen",
        ),
        (
            "postal_code = ",
            Some("[authority]\n"),
            "Schritt 7 des Anbindungsleitfadens: Bestellzettel ausfüllen",
        ),
    ] {
        let block = comment_above(key);
        assert!(block.contains("# Beispiel: "), "{key}: {block}");
        let said = comment_above(section.unwrap_or(key)).replace("\n# ", " ");
        assert!(said.contains(step), "{key}: {said}");
    }
    // Optional fields are there as commented examples.
    assert!(text.contains("\n# phone = \"0421 361-0\"\n"), "{text}");
}

/// "Schritt 7" / "step 7" is said once per section, in its header, not at every field of
/// it; a section of several steps says each at the first field of its run.
#[test]
fn the_template_says_each_step_once_per_section() {
    for (lang, step_7, step_2) in [
        ("de", "(Schritt 7 des", "(Schritt 2 des"),
        ("en", "(Guide step 7:", "(Guide step 2:"),
    ] {
        let s = Scratch::new();
        onboard(s.path(), &["--lang", lang, "init", "neu.toml"]);
        let text = std::fs::read_to_string(s.path().join("neu.toml")).unwrap();
        let joined = text.replace("\n# ", " ");
        assert_eq!(joined.matches(step_7).count(), 3, "{lang}: {text}");
        for section in ["[authority]", "[jurisdiction]", "[logo]"] {
            let at = text.find(&format!("\n{section}\n")).expect(section);
            let header = text[text[..at].rfind("\n\n").unwrap()..at].replace("\n# ", " ");
            assert!(header.contains(step_7), "{lang}: {section}: {header}");
        }
        // [onboarding]: stage and the agreement date are step 2, said once, at stage.
        assert_eq!(joined.matches(step_2).count(), 1, "{lang}: {text}");
        let stage = joined.find("\nstage = ").unwrap();
        let agreement = joined.find(" state_agreement_on = ").unwrap();
        assert!(joined[..stage].rfind(step_2) > joined[..stage].rfind("\n[onboarding]"));
        assert!(!joined[stage..agreement].contains(step_2), "{lang}: {text}");
    }
}

/// The head of a new form says what its `#:schema` line is for (the line stays first) and
/// explains every term of the glossary, in both languages.
#[test]
fn the_template_header_explains_the_schema_line_and_the_terms() {
    use onboard::messages::{Lang, ui};
    for lang in Lang::ALL {
        let s = Scratch::new();
        onboard(s.path(), &["--lang", lang.code(), "init", "neu.toml"]);
        let text = std::fs::read_to_string(s.path().join("neu.toml")).unwrap();
        assert!(text.starts_with("#:schema ../schemas/order-form.v1.schema.json\n"));
        let second = text.lines().nth(1).unwrap();
        assert!(
            second.starts_with("# ") && second.contains("#:schema"),
            "{lang:?}: {second}"
        );
        let header_end = text.find("\nschema_version = ").unwrap();
        let header = text[..header_end]
            .replace("\n#   ", " ")
            .replace("\n# ", " ");
        for entry in onboard::glossary::entries(lang) {
            let term = format!("{}:", entry.term);
            assert!(header.contains(&term), "{lang:?}: {term}");
            assert!(
                header.contains(&entry.text),
                "{lang:?}: {} in {header}",
                entry.term
            );
        }
        assert!(header.contains(&ui(lang, "glossary.heading")), "{lang:?}");
        // Still a form that validates with only the values to fill in.
        let (_, json) = validate_json(s.path(), &["neu.toml"]);
        assert_eq!(json["summary"]["warnings"], 0);
    }
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
    // Schritt 7: der Name des Amtes vor dem Kurznamen, der zuerst falsch ist
    "Jugendamt Testamt",
    "Testamt",
    "testamt",
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
    let out = onboard_stdin(
        s.path(),
        &["--lang", "de", "init", "-i", "testamt.toml"],
        &answers_replacing(&[]),
    );
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    // Each wrong answer was refused with the message `validate` gives, then asked again.
    for refusal in [
        "`erika(at)testamt.example` ist keine gültige E-Mail-Adresse",
        "`vielleicht` ist weder ja noch nein",
        "das Datum der Vereinbarung 01.01.2030 liegt in der Zukunft",
        "`http://www.testamt.example/datenschutz` verwendet kein https",
        "`Testamt` ist kein gültiger Kurzname",
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
    let answers = answers_replacing(&[("040110000000", &["bremerhaven, 04 011", "", "7", "1"])]);
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
    // An empty answer is asked for a number, not named as an empty one.
    assert!(log.contains("bitte wählen Sie eines der Gebiete"), "{log}");
    assert!(!log.contains("``"), "{log}");
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

/// A name that holds a comma ("Bremen, Stadt") is one area, not two, when the whole answer
/// is the name of one: the clerk picks among its levels as for any other name.
#[test]
fn interactive_takes_an_area_name_with_a_comma_whole() {
    let s = Scratch::new();
    std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
    let out = onboard_stdin(
        s.path(),
        &["--lang", "de", "init", "-i", "testamt.toml"],
        &answers_replacing(&[("040110000000", &["Bremen, Stadt", "1"])]),
    );
    let log = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(
        log.contains("Gebiete mit dem Namen `Bremen, Stadt`"),
        "{log}"
    );
    assert!(!log.contains("`Stadt`"), "split at the comma: {log}");
    let form: toml::Table =
        toml::from_str(&std::fs::read_to_string(s.path().join("testamt.toml")).unwrap()).unwrap();
    let first = form["jurisdiction"]["regional_keys"][0].as_str().unwrap();
    let matches = onboard::areas::AreaDirectory::builtin().search("Bremen, Stadt", Some("04"), 10);
    assert_eq!(first, &*matches[0].ars, "{log}");
    assert!(first.starts_with("04011"), "{first}");
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
    let out = onboard_stdin(
        s.path(),
        &["--lang", "de", "init", "-i", "testamt.toml"],
        &answers_replacing(&[("040110000000", &["040110000999"])]),
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
        // The question says its default itself, once: `[j/N]`, not `[j/N] [nein]`.
        assert!(
            log.contains(&format!("{question}:\n")),
            "{lang}: {question} in:\n{log}"
        );
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

/// The answers of [`ANSWERS_DE`], one a line, each answer named in `replace` replaced by
/// the answers given with it.
fn answers_replacing(replace: &[(&str, &[&str])]) -> String {
    let mut all: Vec<&str> = Vec::new();
    for &a in ANSWERS_DE {
        match replace.iter().find(|(answer, _)| *answer == a) {
            Some((_, with)) => all.extend(*with),
            None => all.push(a),
        }
    }
    all.join("\n") + "\n"
}

/// The keys of the form a clerk never needs to see: every dotted path and every key
/// written with an underscore (`tenant_id`, `logo.file`, `authority.state`).
fn raw_keys() -> Vec<&'static str> {
    onboard::fields::FIELDS
        .iter()
        .flat_map(|f| [f.path, f.key()])
        .filter(|k| k.contains('.') || k.contains('_'))
        .collect()
}

/// The questions are the labels of the field table (those of the web page), in both
/// languages, and nothing the wizard says names a key of the form — not the questions, not
/// the refusals of wrong answers, not an empty answer.
#[test]
fn interactive_questions_show_labels_and_no_raw_keys() {
    use onboard::messages::{Lang, ui};
    for lang in Lang::ALL {
        let s = Scratch::new();
        std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
        // An empty house number first: said by its label.
        let answers = answers_replacing(&[("Am Markt", &["Am Markt", ""])]);
        let out = onboard_stdin(
            s.path(),
            &["--lang", lang.code(), "init", "-i", "testamt.toml"],
            &answers,
        );
        let log = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{lang:?}: {log}");
        let empty =
            onboard::Text::new("web.form.empty").term("label", onboard::fields::HOUSE_NUMBER.text);
        assert!(
            log.contains(&onboard::messages::message(lang, &empty)),
            "{lang:?}: {log}"
        );
        for field in [
            &onboard::fields::TENANT_ID,
            &onboard::fields::AUTHORITY_NAME,
            &onboard::fields::LOGO_FILE,
            &onboard::fields::REGIONAL_KEYS,
            &onboard::fields::PROFESSIONAL_EMAIL,
        ] {
            let label = ui(lang, field.text);
            assert!(
                log.contains(&format!("\n{label} (")),
                "{lang:?}: {label} in {log}"
            );
        }
        for key in raw_keys() {
            assert!(!log.contains(key), "{lang:?}: `{key}` in:\n{log}");
        }
        // The words of the guide are explained elsewhere, and the intro says where.
        assert!(
            log.contains("`onboard explain --glossary`"),
            "{lang:?}: {log}"
        );
        // Near miss: the check would find a key where one is said.
        assert!(raw_keys().iter().any(|k| "tenant_id `Testamt`".contains(k)));
    }
}

/// The office's name is asked before its short name, which is suggested from it
/// ("Jugendamt Testamt" → `jugendamt-testamt`): Enter takes the suggestion, and the form
/// passes `validate`.
#[test]
fn interactive_suggests_the_short_name_from_the_office_name() {
    for lang in ["de", "en"] {
        let s = Scratch::new();
        std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
        let answers = answers_replacing(&[("Testamt", &[]), ("testamt", &[""])]);
        let out = onboard_stdin(
            s.path(),
            &["--lang", lang, "init", "-i", "testamt.toml"],
            &answers,
        );
        let log = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{lang}: {log}");
        let name = onboard::messages::ui(
            onboard::Lang::from_code(lang).unwrap(),
            onboard::fields::AUTHORITY_NAME.text,
        );
        let name_at = log.find(&format!("\n{name} (")).expect("name asked");
        let short_at = log
            .find("[jugendamt-testamt]:")
            .expect("suggestion offered");
        assert!(name_at < short_at, "{lang}: {log}");
        let (code, json) = validate_json(s.path(), &["testamt.toml"]);
        assert_eq!((code, codes(&json)), (0, vec![]), "{lang}: {json:#}");
        let form: toml::Table =
            toml::from_str(&std::fs::read_to_string(s.path().join("testamt.toml")).unwrap())
                .unwrap();
        assert_eq!(form["tenant_id"].as_str(), Some("jugendamt-testamt"));
    }
}

/// The Land is picked from a numbered list of the 16 Länder; a name or code still works,
/// anything else is asked again.
#[test]
fn interactive_land_is_chosen_from_a_list_by_number() {
    for (lang, question) in [
        ("de", "Welches Land? Nummer 1–16, Name oder Kürzel"),
        ("en", "Which Land? Number 1–16, name or code"),
    ] {
        let lower_saxony: &[(&str, &[&str])] = &[("hb", &["3"]), ("040110000000", &[])];
        for (replace, state) in [
            (&[("hb", &["NRW", "4"][..])][..], "HB"),
            (&[("hb", &["bremen"][..])][..], "HB"),
            (lower_saxony, "NI"),
        ] {
            let s = Scratch::new();
            std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
            let answers = answers_replacing(replace);
            let out = onboard_stdin(
                s.path(),
                &["--lang", lang, "init", "-i", "testamt.toml"],
                &answers,
            );
            let log = stderr(&out);
            assert_eq!(out.status.code(), Some(0), "{lang} {answers}: {log}");
            assert!(log.contains(question), "{lang}: {log}");
            assert!(log.contains(" 4) Bremen (HB)"), "{lang}: {log}");
            assert!(log.contains("16) Thüringen (TH)"), "{lang}: {log}");
            if answers.contains("\nNRW\n") {
                assert!(log.contains("`NRW`"), "{lang}: {log}");
            }
            let form: toml::Table =
                toml::from_str(&std::fs::read_to_string(s.path().join("testamt.toml")).unwrap())
                    .unwrap();
            assert_eq!(form["authority"]["state"].as_str(), Some(state), "{lang}");
            let (code, json) = validate_json(s.path(), &["testamt.toml"]);
            assert_eq!((code, codes(&json)), (0, vec![]), "{lang}: {json:#}");
        }
    }
}

/// The wizard takes a date as a German reader writes it (`15.09.2025`, also `1.9.2025`)
/// beside ISO, and writes the form with the ISO date; a day that does not exist is still
/// no date, and the help names both forms.
#[test]
fn interactive_takes_german_dates_and_writes_iso() {
    for (typed, written) in [("15.09.2025", "2025-09-15"), ("1.9.2025", "2025-09-01")] {
        let s = Scratch::new();
        std::fs::write(s.path().join("logo.png"), png(256, 256)).unwrap();
        let out = onboard_stdin(
            s.path(),
            &["--lang", "de", "init", "-i", "testamt.toml"],
            &answers_replacing(&[("2025-06-01", &["31.02.2025", typed])]),
        );
        let log = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{log}");
        assert!(log.contains("`31.02.2025` ist kein Datum"), "{log}");
        // Asked as a German reader writes a date.
        assert!(
            log.contains("mit dem Land (TT.MM.JJJJ) (freiwillig, z. B. 15.09.2025)"),
            "{log}"
        );
        assert!(log.contains("TT.MM.JJJJ oder JJJJ-MM-TT"), "{log}");
        assert!(!log.contains(&format!("`{typed}` ist kein Datum")), "{log}");
        let text = std::fs::read_to_string(s.path().join("testamt.toml")).unwrap();
        assert!(
            text.contains(&format!("state_agreement_on = {written}\n")),
            "{text}"
        );
        let (code, json) = validate_json(s.path(), &["testamt.toml"]);
        assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    }
}
