//! The pages of `onboard serve` in a real browser (headless Chromium, tests/common/browser.rs):
//! every page state passes axe-core for WCAG 2.1 AA in both languages; a clerk fills in the
//! whole form with the keyboard, picks "Osterholz" from the suggestions, uploads a logo, sees
//! each mistake at its field and in the summary, fixes them and downloads a ZIP that
//! `onboard validate --offline` passes; with the script, a field is checked when it loses
//! focus. Screenshots of the main states are written to docs/screenshots/.
//!
//! Without Chromium, chromedriver or axe-core each test prints why it skipped and passes;
//! `ONBOARD_BROWSER=required` (set by .ci/run) makes that a failure.
#![cfg(unix)]

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::{Path, PathBuf};

use browser::{Browser, Key};
use common::Scratch;
use common::serve::Served;

/// A form with two mistakes the summary must name: a four-digit postal code and an e-mail
/// address without `@`.
fn form_with_mistakes() -> String {
    common::VALID_FORM
        .replace("postal_code = \"28195\"", "postal_code = \"2819\"")
        .replace("max.probe@testamt.example", "max.probe(at)testamt")
}

/// A scratch folder with the forms and the logo the tests upload.
fn uploads() -> Scratch {
    let dir = Scratch::new();
    dir.write("logo.png", common::png(256, 256));
    dir.write("valid.toml", common::VALID_FORM);
    dir.write("mistakes.toml", form_with_mistakes());
    dir
}

/// Where a screenshot goes: docs/screenshots/ (the README's pictures) when blessing, as the
/// other generated docs are (`ONBOARD_BLESS=1`), else a scratch folder under target/, so that
/// a test run leaves the work tree as it was.
fn screenshot(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = if std::env::var_os("ONBOARD_BLESS").is_some() {
        root.join("docs/screenshots")
    } else {
        root.join("target/screenshots")
    };
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir.join(name)
}

/// Presses Tab until the element `id` has the focus: it can be reached by keyboard.
async fn tab_to(browser: &Browser, id: &str) {
    for _ in 0..120 {
        if browser.focused_id().await == id {
            return;
        }
        browser.press(Key::Tab).await;
    }
    panic!("#{id} is not reached with the Tab key");
}

/// Tabs to the input `id` and types `text` into it, replacing what it held.
async fn fill(browser: &Browser, id: &str, text: &str) {
    tab_to(browser, id).await;
    browser.press_with(Key::Control, 'a').await;
    browser.press(Key::Backspace).await;
    browser.type_text(text).await;
}

/// The hrefs of the error summary's links.
async fn summary_links(browser: &Browser) -> Vec<String> {
    let links = browser
        .execute(
            "return [...document.querySelectorAll('.error-summary a')].map(a => a.getAttribute('href'));",
            vec![],
        )
        .await;
    links
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Presses the button `css` finds, from the keyboard (focus, Enter).
async fn press_button(browser: &Browser, css: &str) {
    let script = format!(
        "document.querySelector({}).focus();",
        serde_json::to_string(css).unwrap()
    );
    browser.execute(&script, vec![]).await;
    browser.press(Key::Enter).await;
}

/// The upload page, its form checked: the findings page for `file`.
async fn upload(browser: &Browser, server: &Served, dir: &Scratch, lang: &str, file: &str) {
    browser
        .goto(&server.url(&format!("/check?lang={lang}")))
        .await;
    browser.upload("#f-form", &dir.path().join(file)).await;
    browser
        .upload("#f-logo", &dir.path().join("logo.png"))
        .await;
    press_button(browser, "form[action='/check'] button[type=submit]").await;
    browser
        .wait_for("section[aria-labelledby=result-title]")
        .await;
}

#[tokio::test]
async fn every_page_state_passes_axe_in_both_languages() {
    let dir = uploads();
    let server = Served::start(dir.path(), &["--offline"]);
    for lang in ["de", "en"] {
        let Some(browser) = Browser::start(lang).await else {
            return;
        };
        browser.goto(&server.url("/")).await;
        browser.wait_for(&format!("html[lang={lang}]")).await;
        browser
            .assert_no_violations(&format!("the empty form ({lang})"))
            .await;
        if lang == "de" {
            browser.screenshot(&screenshot("form.png")).await;
        }

        press_button(&browser, "div.actions button[type=submit]").await;
        browser.wait_for(".error-summary").await;
        browser
            .assert_no_violations(&format!("the form with findings ({lang})"))
            .await;

        upload(&browser, &server, &dir, lang, "mistakes.toml").await;
        browser.wait_for("li.finding").await;
        browser
            .assert_no_violations(&format!("the upload page with findings ({lang})"))
            .await;
        if lang == "de" {
            browser.screenshot_full_page(&screenshot("check.png")).await;
        }

        // A valid form, through "Edit in the form" and the check, is the done page.
        upload(&browser, &server, &dir, lang, "valid.toml").await;
        press_button(&browser, "button[value=edit]").await;
        browser.wait_for("#order-form").await;
        press_button(&browser, "div.actions button[type=submit]").await;
        browser.wait_for("ul.steps").await;
        browser
            .assert_no_violations(&format!("the done page ({lang})"))
            .await;
        if lang == "de" {
            browser.screenshot_full_page(&screenshot("done.png")).await;
        }
        browser.close().await;
    }
}

#[tokio::test]
async fn a_clerk_fills_in_the_form_with_the_keyboard_fixes_the_mistakes_and_downloads_the_zip() {
    let dir = uploads();
    let server = Served::start(dir.path(), &["--offline"]);
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    browser.goto(&server.url("/")).await;
    browser.wait_for("#order-form").await;
    for (id, text) in [
        ("f-contacts-professional-0-name", "Ute Exempel"),
        (
            "f-contacts-professional-0-email",
            "ute.exempel@landkreis-osterholz.example",
        ),
        ("f-contacts-technical-name", "IT-Service Landkreis"),
        ("f-contacts-technical-email", "it-service(at)landkreis"),
        (
            "f-mailboxes-applications",
            "jugendamt@landkreis-osterholz.example",
        ),
        (
            "f-mailboxes-contact-form",
            "jugendamt@landkreis-osterholz.example",
        ),
        (
            "f-privacy-policy-url",
            "https://www.landkreis-osterholz.example/datenschutz",
        ),
        ("f-tenant-id", "landkreis-osterholz"),
        ("f-authority-name", "Landkreis Osterholz – Jugendamt"),
        ("f-authority-street", "Osterholzer Straße"),
        ("f-authority-house-number", "23"),
        ("f-authority-postal-code", "2771"),
        ("f-authority-city", "Osterholz-Scharmbeck"),
        // A select: typing the name picks the Land, as a clerk does with the keyboard.
        ("f-authority-state", "Niedersachsen"),
    ] {
        fill(&browser, id, text).await;
    }
    // The area by its name, picked from the suggestions with the arrow keys.
    fill(&browser, "f-jurisdiction-regional-keys-0", "Osterhol").await;
    let option = "#f-jurisdiction-regional-keys-0-suggestions li[data-ars='03356']";
    browser.wait_for(option).await;
    browser
        .assert_no_violations("the area suggestions open (de)")
        .await;
    assert!(
        browser
            .text(option)
            .await
            .contains("Osterholz – Kreis (03356)")
    );
    for _ in 0..10 {
        if browser.attr(option, "aria-selected").await.as_deref() == Some("true") {
            break;
        }
        browser.press(Key::Down).await;
    }
    browser.press(Key::Enter).await;
    assert_eq!(
        browser.value("#f-jurisdiction-regional-keys-0").await,
        "03356"
    );
    browser
        .upload("#f-logo-upload", &dir.path().join("logo.png"))
        .await;
    fill(
        &browser,
        "f-logo-alt-text",
        "Wappen des Landkreises Osterholz",
    )
    .await;
    // Enter in a field checks the form (it adds no contact).
    browser.press(Key::Enter).await;
    browser.wait_for(".error-summary").await;
    browser.wait_for_script(
        "the summary has the focus",
        "return document.activeElement && document.activeElement.closest('#error-summary') !== null;",
    ).await;
    let links = summary_links(&browser).await;
    assert_eq!(
        links,
        ["#f-contacts-technical-email", "#f-authority-postal-code"],
        "each mistake in the summary, in the order of the page"
    );
    for id in ["f-contacts-technical-email", "f-authority-postal-code"] {
        let css = format!("#{id}");
        assert_eq!(
            browser.attr(&css, "aria-invalid").await.as_deref(),
            Some("true")
        );
        let described = browser
            .attr(&css, "aria-describedby")
            .await
            .unwrap_or_default();
        assert!(described.contains(&format!("{id}-message")), "{described}");
        assert!(!browser.text(&format!("#{id}-message")).await.is_empty());
    }
    browser.screenshot(&screenshot("form-findings.png")).await;
    // The logo came back with the page: the preview shows it.
    browser
        .wait_for("img.logo-preview[src^='data:image/png;base64,']")
        .await;

    // The summary's link leads to the field; fix both, then check again.
    browser.press(Key::Tab).await;
    browser.press(Key::Enter).await;
    browser.wait_for_script(
        "the first summary link focuses its field",
        "return document.activeElement && document.activeElement.id === 'f-contacts-technical-email';",
    ).await;
    fill(
        &browser,
        "f-contacts-technical-email",
        "it-service@landkreis-osterholz.example",
    )
    .await;
    fill(&browser, "f-authority-postal-code", "27711").await;
    browser.press(Key::Enter).await;
    let done = browser
        .try_wait_for("ul.steps", browser::WAIT)
        .await
        .is_some();
    assert!(done, "{}", browser.text("main").await);

    // The download, by keyboard.
    tab_to_button(&browser, "form#order-form button.kern-btn--primary").await;
    browser.press(Key::Enter).await;
    let zip = browser
        .wait_for_download("bestellzettel-landkreis-osterholz.zip")
        .await;
    let out = Scratch::new();
    let bytes = std::fs::read(zip).unwrap();
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .unwrap()
        .extract(out.path())
        .unwrap();
    let (code, json) = common::validate_json(out.path(), &["landkreis-osterholz.toml"]);
    assert_eq!(code, 0, "{json}");
    assert!(common::diagnostics(&json).is_empty(), "{json}");
    assert_eq!(json["files"][0]["areas"][0]["ars"], "03356");
    browser.close().await;
}

/// Tabs until the element `css` finds has the focus.
async fn tab_to_button(browser: &Browser, css: &str) {
    let script = format!(
        "return document.activeElement === document.querySelector({});",
        serde_json::to_string(css).unwrap()
    );
    for _ in 0..200 {
        if browser.execute(&script, vec![]).await == serde_json::json!(true) {
            return;
        }
        browser.press(Key::Tab).await;
    }
    panic!("`{css}` is not reached with the Tab key");
}

#[tokio::test]
async fn with_the_script_a_field_is_checked_when_it_loses_focus() {
    let dir = uploads();
    let server = Served::start(dir.path(), &["--offline"]);
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    browser.goto(&server.url("/")).await;
    browser.wait_for("#order-form").await;
    fill(&browser, "f-authority-postal-code", "2819").await;
    browser.press(Key::Tab).await;
    browser
        .wait_for("#f-authority-postal-code-message .kern-error")
        .await;
    assert!(
        browser
            .text("#f-authority-postal-code-message")
            .await
            .contains("2819")
    );
    assert_eq!(
        browser
            .attr("#f-authority-postal-code", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    assert_eq!(summary_links(&browser).await, ["#f-authority-postal-code"]);
    // Fixed, the message and the summary's entry go.
    fill(&browser, "f-authority-postal-code", "28195").await;
    browser.press(Key::Tab).await;
    browser
        .wait_for_script(
            "the message goes",
            "return document.querySelector('#f-authority-postal-code-message').children.length === 0;",
        )
        .await;
    assert!(summary_links(&browser).await.is_empty());
    assert_eq!(
        browser
            .attr("#f-authority-postal-code", "aria-invalid")
            .await,
        None
    );
    browser
        .assert_no_violations("the form checked by the script (de)")
        .await;
    browser.close().await;
}

/// The done page as it prints (print media emulated in Chromium): the site's header, the
/// buttons and everything marked `no-print` are hidden, the date line and the room to sign
/// are shown, and the steps are there — the sheet a clerk signs and sends.
#[tokio::test]
async fn the_done_page_prints_as_a_sheet_to_sign() {
    let dir = uploads();
    let server = Served::start(dir.path(), &["--offline"]);
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    upload(&browser, &server, &dir, "de", "valid.toml").await;
    press_button(&browser, "button[value=edit]").await;
    browser.wait_for("#order-form").await;
    press_button(&browser, "div.actions button[type=submit]").await;
    browser.wait_for("ul.steps").await;
    let shown = "return [...document.querySelectorAll(arguments[0])]\
        .map(e => getComputedStyle(e).display !== 'none');";
    let visible = |css: &'static str| {
        let browser = &browser;
        async move {
            let value = browser.execute(shown, vec![serde_json::json!(css)]).await;
            let all: Vec<bool> = serde_json::from_value(value).unwrap();
            assert!(!all.is_empty(), "{css} is on the page");
            all
        }
    };
    // On screen: the header and buttons, no signature.
    assert!(visible(".site-header").await.iter().all(|v| *v));
    assert!(visible(".print-only").await.iter().all(|v| !*v));
    browser.emulate_print().await;
    assert!(
        visible(".site-header").await.iter().all(|v| !*v),
        "header printed"
    );
    assert!(
        visible(".kern-btn").await.iter().all(|v| !*v),
        "buttons printed"
    );
    assert!(
        visible(".no-print").await.iter().all(|v| !*v),
        "no-print printed"
    );
    assert!(
        visible(".print-only").await.iter().all(|v| *v),
        "sheet parts hidden"
    );
    assert!(visible("ul.steps").await.iter().all(|v| *v), "steps hidden");
    let text = browser.text("main").await;
    assert!(text.contains("Unterschrift"), "room to sign: {text}");
    browser.close().await;
}
