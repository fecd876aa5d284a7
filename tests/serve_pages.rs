//! The pages of `onboard serve` over HTTP, without JavaScript: the form in the guide's
//! order and in both languages, the round trip that keeps every value and the logo, the
//! findings at their fields (summary links, `aria-invalid`, `aria-describedby`), the done
//! page with a ZIP that `validate` passes, the upload page, the embedded assets, and an
//! uploaded SVG shown only as a `data:` URL.

mod common;

use base64::Engine as _;
use common::Scratch;
use common::serve::Served;
use reqwest::blocking::multipart::{Form, Part};
use reqwest::blocking::{Client, Response};

/// The values of a valid form as the page names its inputs (stage "test"; the area by name).
const VALID: &[(&str, &str)] = &[
    ("contacts.professional[0].name", "Erika Beispiel"),
    (
        "contacts.professional[0].email",
        "erika.beispiel@testamt.example",
    ),
    ("contacts.professional[0].phone", "0421 361-1234"),
    ("contacts.technical.name", "Max Probe"),
    ("contacts.technical.email", "max.probe@testamt.example"),
    ("onboarding.stage", "test"),
    ("service.leika_id", "99013016012001"),
    ("mailboxes.applications", "sorgeregister@testamt.example"),
    ("mailboxes.contact_form", "kontakt@testamt.example"),
    (
        "privacy_policy.url",
        "https://www.testamt.example/datenschutz",
    ),
    ("tenant_id", "testamt"),
    ("service.id", "sorgeregister-negativbescheinigung"),
    ("authority.name", "Jugendamt Testamt"),
    ("authority.street", "Am Markt"),
    ("authority.house_number", "1"),
    ("authority.postal_code", "28195"),
    ("authority.city", "Bremen"),
    ("authority.state", "HB"),
    ("jurisdiction.regional_keys[0]", "Bremen, Stadt"),
    ("logo.alt_text", "Logo des Testamts"),
];

fn server(dir: &Scratch) -> Served {
    Served::start(dir.path(), &["--offline"])
}

fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn get(url: &str, accept_language: Option<&str>) -> Response {
    let mut request = client().get(url);
    if let Some(lang) = accept_language {
        request = request.header("accept-language", lang);
    }
    request.send().expect("request")
}

/// A multipart post of text fields, with an optional logo upload.
fn form(values: &[(&str, &str)], logo: Option<(&str, Vec<u8>)>) -> Form {
    let mut form = Form::new();
    for (name, value) in values {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some((file, bytes)) = logo {
        form = form.part("logo.upload", Part::bytes(bytes).file_name(file.to_owned()));
    }
    form
}

/// The page a post of `values` with a valid logo gives, as text.
fn with_logo(server: &Served, values: &[(&str, &str)]) -> String {
    post(
        &server.url("/"),
        form(values, Some(("logo.png", common::png(256, 256)))),
    )
    .text()
    .unwrap()
}

fn post(url: &str, form: Form) -> Response {
    client().post(url).multipart(form).send().expect("request")
}

fn with(
    values: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = values
        .iter()
        .filter(|(n, _)| !changes.iter().any(|(c, _)| c == n))
        .copied()
        .collect();
    out.extend_from_slice(changes);
    out
}

/// The hidden inputs of a page (name, value), as a browser would post them again.
fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for tag in html.split("<input ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        if !tag.contains("type=\"hidden\"") {
            continue;
        }
        let attr = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            let end = tag[start..].find('"')? + start;
            Some(unescape(&tag[start..end]))
        };
        out.push((attr("name").unwrap(), attr("value").unwrap_or_default()));
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn repost(url: &str, hidden: &[(String, String)], extra: &[(&str, &str)]) -> Response {
    let mut form = Form::new();
    for (name, value) in hidden {
        form = form.text(name.clone(), value.clone());
    }
    for (name, value) in extra {
        form = form.text(name.to_string(), value.to_string());
    }
    post(url, form)
}

#[test]
fn the_form_has_one_fieldset_per_step_in_the_guides_order_in_german_by_default() {
    let dir = Scratch::new();
    let server = server(&dir);
    let response = get(&server.url("/"), None);
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("set-cookie").is_none());
    let html = response.text().unwrap();
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    let steps: Vec<usize> = ["step-1", "step-2", "step-3", "step-4", "step-6", "step-7"]
        .iter()
        .map(|id| {
            html.find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{id}"))
        })
        .collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "{steps:?}");
    assert_eq!(
        html.matches("<fieldset class=\"kern-fieldset step\"")
            .count(),
        6
    );
    // Labels and help are the catalog's, the words `onboard init` writes as comments.
    assert!(html.contains("Name der fachlichen Ansprechperson"));
    // The step is named once, in its fieldset's legend, not in every field's hint.
    assert!(html.contains("Schritt 1: Ansprechpartner:in in der Kommune definieren</legend>"));
    assert!(!html.contains("Schritt 1 des Anbindungsleitfadens"));
    assert!(html.contains("Schritte 4 und 5"));
    // Every input is named by its field path; no inline script or style.
    for name in [
        "contacts.professional[0].email",
        "contacts.technical.name",
        "onboarding.state_agreement_on",
        "onboarding.pvog_entry",
        "mailboxes.applications",
        "privacy_policy.url",
        "authority.postal_code",
        "jurisdiction.regional_keys[0]",
        "logo.upload",
    ] {
        assert!(html.contains(&format!("name=\"{name}\"")), "{name}");
    }
    assert!(
        !html.contains("<script>") && !html.contains("style="),
        "{html}"
    );
    assert!(html.contains("href=\"/?lang=en\""), "the switch");
}

#[test]
fn english_by_accept_language_or_by_the_switch() {
    let dir = Scratch::new();
    let server = server(&dir);
    let by_header = get(&server.url("/"), Some("en-GB,en;q=0.9,de;q=0.5"))
        .text()
        .unwrap();
    assert!(by_header.contains("<html lang=\"en\">"));
    assert!(
        by_header.contains("Name of the professional contact"),
        "{by_header}"
    );
    let by_switch = get(&server.url("/?lang=en"), Some("de")).text().unwrap();
    assert!(by_switch.contains("<html lang=\"en\">"));
    let back = get(&server.url("/check?lang=de"), Some("en"))
        .text()
        .unwrap();
    assert!(back.contains("<html lang=\"de\">") && back.contains("Vorhandenen Bestellzettel"));
}

#[test]
fn a_post_with_mistakes_keeps_every_value_and_the_logo_and_shows_each_finding_at_its_field() {
    let dir = Scratch::new();
    let server = server(&dir);
    let values = with(
        VALID,
        &[
            ("authority.postal_code", "2819"),
            ("contacts.technical.email", "max.probe(at)testamt"),
            ("jurisdiction.regional_keys[1]", "03356"),
        ],
    );
    let logo = common::png(256, 256);
    let response = post(
        &server.url("/"),
        form(&values, Some(("Wappen Testamt.png", logo.clone()))),
    );
    assert_eq!(response.status(), 200);
    let html = response.text().unwrap();
    // Every value comes back in its input.
    for (name, value) in &values {
        assert!(
            html.contains(&format!("name=\"{name}\" value=\"{value}\""))
                || (*name == "onboarding.stage")
                || (*name == "authority.state"
                    && html.contains(&format!("<option value=\"{value}\" selected>"))),
            "{name} = {value} lost"
        );
    }
    // The logo travels in the page and is previewed as a data: URL.
    let hidden = hidden_inputs(&html);
    let data = hidden
        .iter()
        .find(|(n, _)| n == "logo.data")
        .expect("logo.data");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(&data.1)
            .unwrap(),
        logo
    );
    assert!(hidden.contains(&("logo.file".into(), "logos/wappen-testamt.png".into())));
    assert!(html.contains("src=\"data:image/png;base64,"));
    // The summary links each finding's field; the inputs say they are invalid and by what.
    assert!(html.contains("role=\"alert\""));
    for (id, finding) in [
        ("f-authority-postal-code", "2819"),
        ("f-contacts-technical-email", "max.probe(at)testamt"),
        ("f-jurisdiction-regional-keys-1", "03356"),
    ] {
        assert!(
            html.contains(&format!("href=\"#{id}\"")),
            "summary links {id}"
        );
        let input = &html[html.find(&format!("id=\"{id}\"")).unwrap()..];
        let input = &input[..input.find('>').unwrap()];
        assert!(input.contains("aria-invalid=\"true\""), "{input}");
        let described = input.split("aria-describedby=\"").nth(1).unwrap();
        let described = &described[..described.find('"').unwrap()];
        assert!(
            described.split(' ').any(|d| d == format!("{id}-message")),
            "{input}"
        );
        let messages = &html[html.find(&format!("id=\"{id}-message\"")).unwrap()..];
        assert!(
            messages[..600].contains(finding),
            "{id}: {}",
            &messages[..600]
        );
    }
    // The state mismatch of a Niedersachsen key in Bremen; the valid area is not flagged.
    let area = &html[html.find("id=\"f-jurisdiction-regional-keys-0\"").unwrap()..];
    assert!(!area[..area.find('>').unwrap()].contains("aria-invalid"));
}

#[test]
fn a_valid_form_gives_the_done_page_and_a_zip_that_validate_passes() {
    let dir = Scratch::new();
    let server = server(&dir);
    let logo = common::png(256, 256);
    let response = post(
        &server.url("/"),
        form(VALID, Some(("logo.png", logo.clone()))),
    );
    assert_eq!(response.status(), 200);
    let html = response.text().unwrap();
    assert!(html.contains("Ihr Bestellzettel ist vollständig"), "{html}");
    assert!(html.contains("Stand der Anbindung"));
    assert_eq!(
        html.matches("<li><strong>Schritt ").count(),
        8,
        "the eight steps"
    );
    assert!(
        html.contains("04011 (Bremen, Stadt)"),
        "the area by its name"
    );
    assert!(html.contains("Unterschrift"), "room to sign when printed");
    for value in ["logos/logo.png", "Erika Beispiel", "Jugendamt Testamt"] {
        let row = format!("<dd class=\"kern-description-list-item__value\">{value}</dd>");
        assert!(html.contains(&row), "the summary shows {value}");
    }

    let hidden = hidden_inputs(&html);
    let response = repost(&server.url("/download"), &hidden, &[]);
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"bestellzettel-testamt.zip\""
    );
    let bytes = response.bytes().unwrap();

    let out = Scratch::new();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["logos/logo.png", "testamt.toml"]);
    archive.extract(out.path()).unwrap();
    assert_eq!(
        std::fs::read(out.path().join("logos/logo.png")).unwrap(),
        logo
    );
    let toml = std::fs::read_to_string(out.path().join("testamt.toml")).unwrap();
    assert!(toml.contains("regional_keys = [\"04011\"]"), "{toml}");
    assert!(toml.contains("# "), "the commented template");
    let (code, json) = common::validate_json(out.path(), &["testamt.toml"]);
    assert_eq!(code, 0, "{json}");
    assert!(common::diagnostics(&json).is_empty(), "{json}");
    // Nothing was written where the server runs, and no cache keeps the pages.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let response = post(&server.url("/"), form(VALID, None));
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[test]
fn the_download_checks_again_and_refuses_a_changed_page() {
    let dir = Scratch::new();
    let server = server(&dir);
    let mut values: Vec<(String, String)> = VALID
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    values.push((
        "logo.data".into(),
        base64::engine::general_purpose::STANDARD.encode(common::png(256, 256)),
    ));
    values.push(("logo.file".into(), "../../etc/logo.png".into()));
    let response = repost(&server.url("/download"), &values, &[]);
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().unwrap();
    assert!(html.contains("href=\"#f-logo-upload\""), "{html}");
}

#[test]
fn add_another_gives_one_more_contact_or_area_and_keeps_the_values() {
    let dir = Scratch::new();
    let server = server(&dir);
    let html = post(
        &server.url("/"),
        form(&with(VALID, &[("action", "add-area")]), None),
    )
    .text()
    .unwrap();
    assert!(html.contains("name=\"jurisdiction.regional_keys[1]\" value=\"\""));
    assert!(html.contains("value=\"Bremen, Stadt\""));
    assert!(!html.contains("role=\"alert\""), "no check yet");
    let html = post(
        &server.url("/"),
        form(&with(VALID, &[("action", "add-contact")]), None),
    )
    .text()
    .unwrap();
    assert!(html.contains("name=\"contacts.professional[1].name\" value=\"\""));
    assert!(html.contains("Fachliche Ansprechperson 2"));
}

#[test]
fn an_unclear_area_name_offers_the_areas_it_may_mean() {
    let dir = Scratch::new();
    let server = server(&dir);
    let values = with(VALID, &[("jurisdiction.regional_keys[0]", "Bremerhav")]);
    let html = post(&server.url("/"), form(&values, None)).text().unwrap();
    assert!(html.contains("href=\"#f-jurisdiction-regional-keys-0\""));
    assert!(html.contains("Bremerhaven"), "{html}");
    assert!(html.contains("04012"), "the key to enter");
}

#[test]
fn an_uploaded_svg_is_shown_only_as_a_data_url() {
    let dir = Scratch::new();
    let server = server(&dir);
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><script>alert(1)</script><rect width="200" height="200"/></svg>"#;
    let html = post(
        &server.url("/"),
        form(VALID, Some(("wappen.svg", svg.to_vec()))),
    )
    .text()
    .unwrap();
    let encoded = base64::engine::general_purpose::STANDARD.encode(svg);
    assert!(html.contains(&format!(
        "<img class=\"logo-preview\" src=\"data:image/svg+xml;base64,{encoded}\""
    )));
    assert!(
        !html.contains("<svg") && !html.contains("<script>"),
        "{html}"
    );
    assert!(
        html.contains("href=\"#f-logo-upload\""),
        "the unsafe SVG is a finding"
    );
    // Nothing of it is served from our origin.
    for path in ["/logos/wappen.svg", "/assets/x/wappen.svg", "/wappen.svg"] {
        assert_eq!(get(&server.url(path), None).status(), 404, "{path}");
    }
}

#[test]
fn the_upload_page_shows_each_finding_with_its_line_and_opens_the_form_with_its_values() {
    let dir = Scratch::new();
    let server = server(&dir);
    let text = common::VALID_FORM.replace("postal_code = \"28195\"", "postal_code = \"2819\"");
    let line = text
        .lines()
        .position(|l| l.starts_with("postal_code"))
        .unwrap()
        + 1;
    let upload = Form::new()
        .part(
            "form",
            Part::bytes(text.clone().into_bytes()).file_name("testamt.toml"),
        )
        .part(
            "logo",
            Part::bytes(common::png(256, 256)).file_name("logo.png"),
        );
    let response = post(&server.url("/check"), upload);
    assert_eq!(response.status(), 200);
    let html = response.text().unwrap();
    assert!(html.contains("postal-code-invalid"), "{html}");
    assert!(html.contains(&format!("Zeile {line}, Spalte ")), "{html}");
    assert!(
        html.contains("postal_code = &quot;<mark>&quot;2819&quot;</mark>")
            || html.contains("<mark>"),
        "{html}"
    );
    assert!(html.contains("testamt.toml: 1 Fehler"), "{html}");

    let hidden = hidden_inputs(&html);
    assert!(hidden.contains(&("authority.postal_code".into(), "2819".into())));
    assert!(hidden.iter().any(|(n, _)| n == "logo.data"));
    let edit = repost(&server.url("/"), &hidden, &[("action", "edit")])
        .text()
        .unwrap();
    assert!(edit.contains("name=\"authority.postal_code\" value=\"2819\""));
    assert!(edit.contains("name=\"contacts.professional[0].name\" value=\"Erika Beispiel\""));
    assert!(edit.contains("href=\"#f-authority-postal-code\""));
    assert!(
        edit.contains("src=\"data:image/png;base64,"),
        "the logo came along"
    );
}

#[test]
fn the_upload_page_without_a_file_says_so_at_the_file_input() {
    let dir = Scratch::new();
    let server = server(&dir);
    let html = post(&server.url("/check"), Form::new().text("lang", "en"))
        .text()
        .unwrap();
    assert!(html.contains("href=\"#f-form\""), "{html}");
    assert!(html.contains("Please choose an order form."));
}

#[test]
fn assets_are_embedded_with_long_caching_and_the_page_names_only_our_origin() {
    let dir = Scratch::new();
    let server = server(&dir);
    let html = get(&server.url("/"), None).text().unwrap();
    let mut assets = 0;
    for attr in ["href=\"", "src=\""] {
        for rest in html.split(attr).skip(1) {
            let url = &rest[..rest.find('"').unwrap()];
            assert!(url.starts_with('/') || url.starts_with('#'), "{url}");
            if url.starts_with("/assets/") {
                assets += 1;
                let response = get(&server.url(url), None);
                assert_eq!(response.status(), 200, "{url}");
                let cache = response.headers()["cache-control"].to_str().unwrap();
                assert!(cache.contains("max-age=31536000"), "{cache}");
            }
        }
    }
    assert_eq!(assets, 3, "two stylesheets and the script");
}

#[test]
fn a_logo_past_its_limit_is_refused_with_413() {
    let dir = Scratch::new();
    let server = server(&dir);
    let big = vec![0u8; 1024 * 1024 + 1];
    let response = post(&server.url("/"), form(VALID, Some(("big.png", big))));
    assert_eq!(response.status(), 413);
}

#[test]
fn the_summary_follows_the_page_and_names_an_empty_field_by_its_label() {
    let dir = Scratch::new();
    let server = server(&dir);
    let values: Vec<(&str, &str)> = with(
        VALID,
        &[
            ("authority.street", ""),
            ("contacts.technical.email", "max.probe(at)testamt"),
        ],
    );
    let html = post(&server.url("/"), form(&values, None)).text().unwrap();
    let at = |id: &str| {
        html.find(&format!("href=\"#{id}\""))
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert!(at("f-contacts-technical-email") < at("f-authority-street"));
    assert!(at("f-authority-street") < at("f-logo-upload"));
    assert!(html.contains("Bitte geben Sie „Straße“ an"), "{html}");
    assert!(html.contains("Bitte laden Sie das Logo hoch"));
    assert!(!html.contains("`authority.street` ist leer"));
}

#[test]
fn the_pages_never_fetch_the_links_of_a_form_even_when_the_server_checks_online() {
    let dir = Scratch::new();
    // Not --offline: the API may check links online (rate-limited); a page anyone may post
    // to must not make the server fetch the hosts it names.
    let server = Served::start(dir.path(), &[]);
    let values = with(
        VALID,
        &[("privacy_policy.url", "https://nowhere.invalid/datenschutz")],
    );
    let html = with_logo(&server, &values);
    assert!(html.contains("Ihr Bestellzettel ist vollständig"), "{html}");
    // Step 6 of the status says the link itself was not fetched.
    assert!(
        html.contains("ob die Seite erreichbar ist, prüft Ihr IT-Dienstleister"),
        "{html}"
    );
}

#[test]
fn a_page_that_carries_a_logo_at_its_limit_and_gets_a_new_one_is_read() {
    let dir = Scratch::new();
    let server = server(&dir);
    // The logo the page carries (base64, 1.4 MB) and a new upload of 1 MiB: 2.4 MB in all.
    let mut carried = common::png(256, 256);
    carried.resize(1024 * 1024, 0);
    let mut values: Vec<(String, String)> = VALID
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    values.push((
        "logo.data".into(),
        base64::engine::general_purpose::STANDARD.encode(&carried),
    ));
    let mut form = Form::new();
    for (name, value) in values {
        form = form.text(name, value);
    }
    let form = form.part(
        "logo.upload",
        Part::bytes(carried.clone()).file_name("neu.png"),
    );
    let response = post(&server.url("/"), form);
    assert_eq!(response.status(), 200);
    let html = response.text().unwrap();
    assert!(
        html.contains("logos/neu.png"),
        "the new logo replaced the old"
    );
}

#[test]
fn the_form_page_with_all_its_assets_transfers_less_than_150_kb_compressed() {
    let dir = Scratch::new();
    let server = server(&dir);
    let fetch = |path: &str| {
        let response = client()
            .get(server.url(path))
            .header("accept-encoding", "br, gzip")
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let encoding = response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_owned());
        (encoding, response.bytes().unwrap().len())
    };
    let (encoding, mut total) = fetch("/");
    assert!(encoding.is_some(), "the page is compressed");
    let html = get(&server.url("/"), None).text().unwrap();
    let mut urls: Vec<String> = html
        .split("\"/assets/")
        .skip(1)
        .map(|rest| format!("/assets/{}", &rest[..rest.find('"').unwrap()]))
        .collect();
    // And the fonts the stylesheets name.
    for css in urls.clone() {
        let text = get(&server.url(&css), None).text().unwrap();
        for rest in text.split("url(\"/assets/").skip(1) {
            urls.push(format!("/assets/{}", &rest[..rest.find('"').unwrap()]));
        }
    }
    assert!(urls.iter().any(|u| u.ends_with(".woff2")), "{urls:?}");
    for url in &urls {
        total += fetch(url).1;
    }
    assert!(total < 150 * 1024, "{total} bytes for {urls:?}");
}

#[test]
fn the_switch_of_a_page_with_values_keeps_them_in_the_other_language() {
    let dir = Scratch::new();
    let server = server(&dir);
    let values = with(VALID, &[("authority.postal_code", "2819")]);
    let html = post(&server.url("/"), form(&values, None)).text().unwrap();
    // The switch is a button of the page's form, so that the values travel with it.
    assert!(
        html.contains("form=\"order-form\" name=\"switch\" value=\"en\""),
        "{html}"
    );
    let mut switched = values.clone();
    switched.push(("lang", "de"));
    switched.push(("switch", "en"));
    let html = post(&server.url("/"), form(&switched, None))
        .text()
        .unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("name=\"authority.postal_code\" value=\"2819\""));
    assert!(html.contains("Please correct these entries"), "{html}");
}

#[test]
fn an_upload_nested_past_the_limit_is_a_finding_and_opens_no_form() {
    let dir = Scratch::new();
    let server = server(&dir);
    let deep = format!("a = {}", "[".repeat(100_000));
    let upload = Form::new().part(
        "form",
        Part::bytes(deep.into_bytes()).file_name("tief.toml"),
    );
    let response = post(&server.url("/check"), upload);
    assert_eq!(response.status(), 200);
    let html = response.text().unwrap();
    assert!(html.contains("toml-syntax"), "{html}");
    assert!(!html.contains("value=\"edit\""), "no way into the form");
}

/// Every field the form page asks for has its label and help from the one table of fields,
/// in both languages: the words `onboard init` writes as comments over it.
#[test]
fn every_field_of_the_table_has_its_label_and_help_on_the_page() {
    use onboard::{Lang, fields, form, messages};
    let dir = Scratch::new();
    let server = server(&dir);
    for (lang, accept) in [(Lang::De, "de"), (Lang::En, "en")] {
        let html = get(&server.url("/"), Some(accept)).text().unwrap();
        let mut asked = 0;
        for step in 1..=7 {
            for field in fields::asked_at(step) {
                // The format's version is written, never asked; the area (a name or a key, one
                // per input) and the logo (an upload) are asked in the page's own words.
                let own = [
                    fields::SCHEMA_VERSION,
                    fields::REGIONAL_KEYS,
                    fields::LOGO_FILE,
                ];
                let Some(label) = field.label().filter(|_| !own.contains(field)) else {
                    continue;
                };
                asked += 1;
                let label = escape(&messages::ui(lang, label));
                assert!(html.contains(&label), "{}: label {label:?}", field.path);
                let purpose = escape(&form::field_help(field, lang));
                assert!(html.contains(&purpose), "{}: help {purpose:?}", field.path);
                // The fieldset's legend names the step; the hint does not repeat it.
                let with_step = escape(&form::purpose(field, lang));
                assert!(
                    with_step == purpose || !html.contains(&with_step),
                    "{}: the step repeated in its hint",
                    field.path
                );
            }
        }
        assert!(asked >= 20, "{asked} fields asked");
    }
}

/// As maud escapes text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A form whose only findings are warnings: the done page's steps say "erledigt, bitte
/// prüfen" at the warned step and the readiness line asks to review the warnings first.
#[test]
fn the_done_page_asks_to_review_warnings() {
    let dir = Scratch::new();
    let server = server(&dir);
    let values: Vec<(&str, &str)> = VALID
        .iter()
        .map(|&(name, value)| match name {
            "mailboxes.applications" => (name, "sorgeregister@gmail.com"),
            _ => (name, value),
        })
        .collect();
    let html = with_logo(&server, &values);
    let steps = &html[html.find("Stand der Anbindung").expect("the done page")..];
    assert!(
        steps.contains("Bereit für den Testbetrieb, aber bitte prüfen Sie zuerst die Hinweise."),
        "{steps}"
    );
    assert!(steps.contains(": erledigt, bitte prüfen"), "{steps}");
}

/// A test-stage form on the done page, in both languages: steps 2 and 3 read as open until
/// production (as `onboard status` says them), and the page says to whom to send the
/// download, in the words `status` ends with.
#[test]
fn the_done_page_says_steps_2_and_3_can_wait_and_whom_to_send_to() {
    let dir = Scratch::new();
    let server = server(&dir);
    for (lang, open, missing, recipient) in [
        (
            "de",
            ": noch offen — erst für den Produktivbetrieb nötig",
            ": fehlt",
            "senden Sie ihn an Ihre Ansprechperson für den Onlinedienst.",
        ),
        (
            "en",
            ": still open — needed only for production",
            ": missing",
            "send it to your contact person for the online service.",
        ),
    ] {
        let mut values = VALID.to_vec();
        values.push(("lang", lang));
        let html = with_logo(&server, &values);
        assert!(html.contains(recipient), "{lang}: {html}");
        let heading = if lang == "de" {
            "Stand der Anbindung"
        } else {
            "Onboarding status"
        };
        let steps = &html[html.find(heading).expect("the done page")..];
        assert_eq!(steps.matches(open).count(), 2, "{lang}: {steps}");
        assert!(!steps.contains(missing), "{lang}: {steps}");
        // What is open is said in the clerk's words, without the TOML's keys.
        let absent = if lang == "de" {
            "noch kein Datum der FIT-Store-Vereinbarung mit dem Land"
        } else {
            "no date of the FIT-Store agreement with the Land yet"
        };
        assert!(steps.contains(absent), "{lang}: {steps}");
        let items = &steps[..steps.find("</ul>").expect("the list of steps")];
        assert!(!items.contains("onboarding."), "{lang}: {items}");
    }
}

/// The form page explains the terms of the onboarding (the glossary, written once in the
/// catalogs) in a `<details>` that stays closed until opened: a KERN description list of
/// term and meaning, in both languages.
#[test]
fn the_form_page_explains_the_terms_of_the_onboarding() {
    use onboard::Lang;
    let dir = Scratch::new();
    let server = server(&dir);
    for (lang, accept, heading) in [(Lang::De, "de", "Begriffe"), (Lang::En, "en", "Glossary")] {
        let html = get(&server.url("/"), Some(accept)).text().unwrap();
        let start = html
            .find("<details class=\"glossary\">")
            .unwrap_or_else(|| panic!("{lang:?}: no glossary in {html}"));
        let end = start + html[start..].find("</details>").unwrap();
        let block = &html[start..end];
        assert!(
            block.contains(&format!("<summary class=\"kern-body\">{heading}</summary>")),
            "{block}"
        );
        assert!(
            block.contains("<dl class=\"kern-description-list\">"),
            "{block}"
        );
        let entries = onboard::glossary::entries(lang);
        assert_eq!(entries.len(), 8);
        assert_eq!(block.matches("<dt ").count(), 8, "{block}");
        for entry in entries {
            let term = format!(">{}</dt>", escape(&entry.term));
            assert!(block.contains(&term), "{lang:?}: {term}");
            assert!(
                block.contains(&escape(&entry.text)),
                "{lang:?}: {}",
                entry.term
            );
        }
        // Before the fieldsets of the steps, so it is found before the words are met.
        assert!(end < html.find("id=\"step-1\"").unwrap());
    }
}

/// The Land is chosen from the 16 by name, not typed as a code: a `<select>` with one
/// option per Land and the form's Land selected; a value that is none of them (from an
/// uploaded or hand-written form) stays there, selected, with its finding beside it.
#[test]
fn the_land_is_chosen_from_a_list_of_the_16() {
    let dir = Scratch::new();
    let server = server(&dir);
    let html = get(&server.url("/"), Some("de")).text().unwrap();
    let start = html
        .find("<select class=\"kern-form-input__select\" id=\"f-authority-state\"")
        .unwrap_or_else(|| panic!("no Land select in {html}"));
    let select = &html[start..start + html[start..].find("</select>").unwrap()];
    assert_eq!(select.matches("<option").count(), 17, "{select}");
    assert!(select.contains("<option value=\"\" selected>Bitte wählen Sie das Land</option>"));
    assert!(
        select.contains("<option value=\"NI\">Niedersachsen (NI)</option>"),
        "{select}"
    );

    let mut values = with(VALID, &[("authority.state", "XX")]);
    values.push(("lang", "en"));
    let html = with_logo(&server, &values);
    let start = html
        .find("id=\"f-authority-state\"")
        .expect("the Land select");
    let select = &html[start..start + html[start..].find("</select>").unwrap()];
    assert!(
        select.contains("<option value=\"XX\" selected>XX</option>"),
        "{select}"
    );
    assert!(select.contains("Choose the Land"), "{select}");
    assert!(
        html.contains("is not a Land code"),
        "the finding is shown: {html}"
    );
}

/// The done page writes dates as its language does: the agreement of step 2 and the day it
/// was printed are `15.09.2025` on the German page and ISO `2025-09-15` on the English one.
/// The date may be typed either way (a browser without a date picker sends what was typed).
#[test]
fn the_done_page_writes_dates_in_its_language() {
    let dir = Scratch::new();
    let server = server(&dir);
    // The server's day is fixed (ONBOARD_TODAY=2026-11-28, as for every test run).
    for (lang, typed, agreement, printed) in [
        (
            "de",
            "15.09.2025",
            "geschlossen am 15.09.2025",
            "Stand: 28.11.2026",
        ),
        (
            "en",
            "2025-09-15",
            "concluded on 2025-09-15",
            "As of: 2026-11-28",
        ),
    ] {
        let mut values = VALID.to_vec();
        values.push(("onboarding.state_agreement_on", typed));
        values.push(("lang", lang));
        let html = with_logo(&server, &values);
        let steps = &html[html.find("<li><strong>").expect("the done page")..];
        assert!(steps.contains(agreement), "{lang}: {steps}");
        assert!(html.contains(printed), "{lang}: {printed} in {html}");
        // The table of what was entered writes the date and the Land as the reader does.
        let date = &agreement[agreement.len() - 10..];
        let cell = format!("<dd class=\"kern-description-list-item__value\">{date}</dd>");
        assert!(html.contains(&cell), "{lang}: {cell} in {html}");
        let land = "<dd class=\"kern-description-list-item__value\">Bremen (HB)</dd>";
        assert!(html.contains(land), "{lang}: {land} in {html}");
    }
}

/// The office's name stands before its short name on the page, as the wizard asks them
/// (one order for both: `fields::asked_at`).
#[test]
fn the_office_name_comes_before_its_short_name() {
    let dir = Scratch::new();
    let server = server(&dir);
    let html = get(&server.url("/"), Some("de")).text().unwrap();
    let name = html.find("id=\"f-authority-name\"").expect("the name");
    let short = html.find("id=\"f-tenant-id\"").expect("the short name");
    assert!(name < short, "the office's name first");
}

/// The findings on the form page name fields by their labels, as the wizard does: a clerk
/// never saw `tenant_id` or `authority.city` (the words are the library's, `clerk.*`).
#[test]
fn the_findings_name_fields_by_their_labels_not_their_keys() {
    let dir = Scratch::new();
    let server = server(&dir);
    let keys: Vec<&str> = onboard::fields::FIELDS
        .iter()
        .flat_map(|f| [f.path, f.key()])
        .filter(|k| k.contains('.') || k.contains('_'))
        .collect();
    for (lang, short_name) in [
        ("de", "kein gültiger Kurzname"),
        ("en", "not a valid short name"),
    ] {
        let mut values = with(
            VALID,
            &[("tenant_id", "Testamt"), ("authority.city", "Bre\tmen")],
        );
        values.push(("lang", lang));
        let html = with_logo(&server, &values);
        // What the page says: the messages at the inputs and the summary of them.
        let said: Vec<&str> = html
            .split("data-messages-for=")
            .skip(1)
            .map(|rest| &rest[rest.find('>').unwrap()..rest.find("</div>").unwrap()])
            .collect();
        let said = said.join("\n");
        assert!(said.contains(short_name), "{lang}: {said}");
        assert!(said.contains("Testamt"), "{lang}: {said}");
        for key in &keys {
            assert!(!said.contains(key), "{lang}: `{key}` named in\n{said}");
        }
    }
}

/// Left empty, the short name is asked for with the one the wizard would suggest from the
/// office's name (the library's `suggested_tenant_id`), in both languages.
#[test]
fn an_empty_short_name_is_asked_for_with_a_suggestion_from_the_office_name() {
    let dir = Scratch::new();
    let server = server(&dir);
    for (lang, help) in [
        (
            "de",
            "aus dem Namen des Amtes zum Beispiel <code>jugendamt-muellerstadt</code>",
        ),
        (
            "en",
            "from the office's name, for example <code>jugendamt-muellerstadt</code>",
        ),
    ] {
        let mut values = with(
            VALID,
            &[
                ("tenant_id", ""),
                ("authority.name", "Jugendamt Müllerstadt"),
            ],
        );
        values.push(("lang", lang));
        let html = with_logo(&server, &values);
        let at = html
            .find("data-messages-for=\"tenant_id\"")
            .expect("the short name's messages");
        let said = &html[at..at + html[at..].find("</div>").unwrap()];
        assert!(said.contains(help), "{lang}: {said}");
    }
}
