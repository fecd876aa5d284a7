//! The browser harness (tests/common/browser.rs) on pages of its own, served from loopback
//! with the strict Content-Security-Policy that `onboard serve` sends: axe-core finds the
//! violations it should and none on a clean page, the keyboard, upload, download and
//! screenshot helpers work, browsers run side by side, and none outlives its test.
//!
//! Without Chromium, chromedriver or axe-core each test prints why it skipped and passes;
//! `ONBOARD_BROWSER=required` (set by .ci/run) makes that a failure.
#![cfg(unix)]

#[path = "common/browser.rs"]
mod browser;
mod common;
mod server;

use std::ffi::OsStr;
use std::path::Path;

use browser::{Browser, Key, Ready, Tools, Violation};
use server::{Reply, Server};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";

/// A page with three known violations, and an inline script the policy must block.
const BROKEN_PAGE: &str = r#"<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Mit Fehlern</title>
<link rel="stylesheet" href="/low.css"></head>
<body><main>
<h1>Mit Fehlern</h1>
<img src="/logo.png">
<form><input type="text" name="unlabelled"></form>
<p class="faint">Kaum lesbar</p>
<script>document.title = 'inline script ran';</script>
</main></body></html>"#;

const LOW_CONTRAST_CSS: &str = ".faint { color: #d0d0d0; background: #ffffff; }";

/// A clean page: a labelled form, a radio group, a button and a download link; its script is
/// a file of the same origin, which the policy allows.
const CLEAN_PAGE: &str = r#"<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Bestellzettel</title>
<script src="/app.js" defer></script></head>
<body><main>
<h1>Bestellzettel</h1>
<form action="/send" method="post" enctype="multipart/form-data">
  <label for="authority">Name der Behörde</label>
  <input id="authority" name="authority" type="text">
  <label for="city">Ort</label>
  <input id="city" name="city" type="text">
  <fieldset><legend>Stufe</legend>
    <input id="stage-test" name="stage" type="radio" value="test" checked>
    <label for="stage-test">Test</label>
    <input id="stage-production" name="stage" type="radio" value="production">
    <label for="stage-production">Produktion</label>
  </fieldset>
  <label for="logo">Logo</label>
  <input id="logo" name="logo" type="file" accept="image/png,image/svg+xml">
  <button id="check" type="button">Prüfen</button>
  <p id="result" role="status"></p>
</form>
<p><a id="download" href="/bestellzettel.zip">Bestellzettel herunterladen</a></p>
</main></body></html>"#;

/// Marks the page when it runs, and answers the button.
const APP_JS: &str = r#"document.documentElement.dataset.script = 'ran';
document.getElementById('check').addEventListener('click', () => {
  document.getElementById('result').textContent = 'Geprüft: ' + document.getElementById('authority').value;
});"#;

const ZIP_BYTES: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

fn page(body: &str) -> Reply {
    Reply::html(body).header("Content-Security-Policy", CSP)
}

/// Both pages and their files, on a loopback port.
fn site() -> Server {
    let server = Server::http("127.0.0.1");
    server
        .route("/broken", vec![page(BROKEN_PAGE)])
        .route(
            "/low.css",
            vec![Reply::content("text/css", LOW_CONTRAST_CSS.as_bytes())],
        )
        .route(
            "/logo.png",
            vec![Reply::content("image/png", &common::png(8, 8))],
        )
        .route("/clean", vec![page(CLEAN_PAGE)])
        .route(
            "/app.js",
            vec![Reply::content("text/javascript", APP_JS.as_bytes())],
        )
        .route(
            "/bestellzettel.zip",
            vec![Reply::content("application/zip", ZIP_BYTES).header(
                "Content-Disposition",
                "attachment; filename=\"bestellzettel-testamt.zip\"",
            )],
        );
    server
}

fn ids(violations: &[Violation]) -> Vec<&str> {
    violations.iter().map(|v| v.id.as_str()).collect()
}

#[tokio::test]
async fn axe_finds_the_known_violations_under_a_strict_csp() {
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    let site = site();
    browser
        .goto(&site.url("http", "127.0.0.1", "/broken"))
        .await;
    // The policy is in force: the inline script did not run, the stylesheet applied.
    assert_eq!(browser.client().title().await.unwrap(), "Mit Fehlern");
    let color = browser
        .execute(
            "return getComputedStyle(document.querySelector('.faint')).color;",
            vec![],
        )
        .await;
    assert_eq!(color, "rgb(208, 208, 208)");

    let violations = browser.axe().await;
    let found = ids(&violations);
    for rule in ["image-alt", "label", "color-contrast"] {
        assert!(found.contains(&rule), "axe missed {rule}: {found:?}");
    }
    let image = violations.iter().find(|v| v.id == "image-alt").unwrap();
    assert_eq!(image.impact.as_deref(), Some("critical"));
    assert_eq!(image.nodes[0].target, "img");

    // The failure message names the state, each rule, and where it is broken.
    let message = browser::describe("the broken page", &violations);
    assert!(message.starts_with("the broken page: "), "{message}");
    for needle in [
        "- image-alt (critical): ",
        "- label (critical): ",
        "- color-contrast (serious): ",
        "    at img  <img src=\"/logo.png\">",
        "    at p  <p class=\"faint\">Kaum lesbar</p>",
    ] {
        assert!(message.contains(needle), "no {needle:?} in\n{message}");
    }
    browser.close().await;
}

#[tokio::test]
async fn a_clean_page_passes_axe_and_takes_keyboard_input() {
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    let site = site();
    browser.goto(&site.url("http", "127.0.0.1", "/clean")).await;
    browser
        .wait_for_script(
            "the page's own script",
            "return document.documentElement.dataset.script === 'ran';",
        )
        .await;
    browser.assert_no_violations("the clean page").await;

    // Tab into the first field, type, Tab on, type.
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused_id().await, "authority");
    browser.type_text("Jugendamt Osterholz").await;
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused_id().await, "city");
    // German letters and an e-mail address come through as typed.
    browser
        .type_text("Großenkneten, Bürgerbüro: amt@example.de")
        .await;
    assert_eq!(browser.value("#authority").await, "Jugendamt Osterholz");
    assert_eq!(
        browser.value("#city").await,
        "Großenkneten, Bürgerbüro: amt@example.de"
    );
    // Ctrl+A selects what the field holds, and typing replaces it.
    browser.press_with(Key::Control, 'a').await;
    browser.type_text("Osterholz-Scharmbeck").await;
    assert_eq!(browser.value("#city").await, "Osterholz-Scharmbeck");
    // Shift+Tab goes back.
    browser.press_with(Key::Shift, Key::Tab).await;
    assert_eq!(browser.focused_id().await, "authority");
    browser.press(Key::Tab).await;

    // Into the radio group, where the arrow keys choose.
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused_id().await, "stage-test");
    browser.press(Key::Down).await;
    assert_eq!(browser.focused_id().await, "stage-production");
    let checked = browser
        .execute(
            "return document.getElementById('stage-production').checked;",
            vec![],
        )
        .await;
    assert_eq!(checked, true);

    // Past the file input to the button; Enter presses it, and the page's script answers.
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused_id().await, "logo");
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused_id().await, "check");
    browser.press(Key::Enter).await;
    browser
        .wait_until("the button's answer", async |b: &Browser| {
            b.text("#result").await == "Geprüft: Jugendamt Osterholz"
        })
        .await;
    assert_eq!(
        browser.attr("#result", "role").await.as_deref(),
        Some("status")
    );
    browser.close().await;
}

#[tokio::test]
async fn a_file_input_takes_an_upload() {
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let logo = dir.path().join("wappen.png");
    let bytes = common::png(16, 16);
    std::fs::write(&logo, &bytes).unwrap();

    browser.goto(&site.url("http", "127.0.0.1", "/clean")).await;
    browser.upload("#logo", &logo).await;
    let chosen = browser
        .execute(
            "const f = document.getElementById('logo').files[0]; return [f.name, f.size];",
            vec![],
        )
        .await;
    assert_eq!(chosen, serde_json::json!(["wappen.png", bytes.len()]));
    browser.close().await;
}

#[tokio::test]
async fn a_download_lands_in_the_downloads_folder() {
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    let site = site();
    browser.goto(&site.url("http", "127.0.0.1", "/clean")).await;
    // As a keyboard user: focus the link, press Enter.
    browser
        .execute("document.getElementById('download').focus();", vec![])
        .await;
    browser.press(Key::Enter).await;
    let file = browser.wait_for_download("bestellzettel-testamt.zip").await;
    assert_eq!(std::fs::read(&file).unwrap(), ZIP_BYTES);
    browser.close().await;
}

/// Width and height from a PNG's IHDR chunk, after checking its signature.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[tokio::test]
async fn screenshots_are_pngs_of_the_fixed_window_and_of_the_whole_page() {
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    let site = site();
    browser.goto(&site.url("http", "127.0.0.1", "/clean")).await;
    let dir = tempfile::tempdir().unwrap();

    let window = dir.path().join("shots/window.png");
    browser.screenshot(&window).await;
    assert_eq!(
        png_size(&std::fs::read(&window).unwrap()),
        browser::WINDOW,
        "the viewport is the fixed window size"
    );

    // A page taller than the window is taken whole, and the window goes back afterwards.
    browser
        .execute(
            "document.querySelector('main').style.minHeight = '2000px';",
            vec![],
        )
        .await;
    let whole = dir.path().join("whole.png");
    browser.screenshot_full_page(&whole).await;
    let (width, height) = png_size(&std::fs::read(&whole).unwrap());
    assert_eq!(width, browser::WINDOW.0);
    assert!(height >= 2000, "the whole page is {height} px high");
    let inner = browser
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await;
    assert_eq!(
        inner,
        serde_json::json!([browser::WINDOW.0, browser::WINDOW.1])
    );
    assert!(!dir.path().join("whole.png.partial").exists());
    browser.close().await;
}

#[tokio::test]
async fn the_browser_asks_for_the_language_it_was_started_in() {
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    let site = site();
    browser.goto(&site.url("http", "127.0.0.1", "/clean")).await;
    let asked = site
        .seen()
        .into_iter()
        .find(|s| s.path == "/clean")
        .and_then(|s| s.accept_language);
    assert!(
        asked.as_deref().is_some_and(|l| l.starts_with("en")),
        "Accept-Language: {asked:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn two_browsers_at_once_have_their_own_drivers() {
    let (Some(first), Some(second)) = tokio::join!(Browser::start("de"), Browser::start("en"))
    else {
        return;
    };
    assert_ne!(first.driver_port(), second.driver_port());
    let site = site();
    let url = site.url("http", "127.0.0.1", "/clean");
    tokio::join!(first.goto(&url), second.goto(&url));
    tokio::join!(
        async {
            first.press(Key::Tab).await;
            first.type_text("erste").await;
        },
        async {
            second.press(Key::Tab).await;
            second.type_text("zweite").await;
        }
    );
    assert_eq!(first.value("#authority").await, "erste");
    assert_eq!(second.value("#authority").await, "zweite");
    tokio::join!(first.close(), second.close());
}

/// The live processes (not zombies) in process group `group`, or whose command line names
/// `folder`, from /proc.
fn processes_of(group: u32, folder: &Path) -> Vec<u32> {
    let folder = folder.to_str().unwrap();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …; comm may hold spaces, so count from its ')'.
        let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
        // A zombie has let go of everything; its parent reaps it.
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let names_folder = String::from_utf8_lossy(&cmdline).contains(folder);
        if fields[0] != "Z" && (fields[2].parse() == Ok(group) || names_folder) {
            found.push(pid);
        }
    }
    found
}

#[tokio::test]
async fn chromedriver_and_chromium_die_with_a_panicking_test() {
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    let site = site();
    browser.goto(&site.url("http", "127.0.0.1", "/clean")).await;
    let group = browser.driver_pid();
    let folder = browser.folder().to_owned();
    let running = processes_of(group, &folder);
    assert!(
        running.len() >= 3,
        "chromedriver, Chromium and its crash handler run: {running:?}"
    );
    // A test that panics with the browser in hand.
    let crashed = tokio::spawn(async move {
        let _browser = browser;
        panic!("a failing page test");
    })
    .await;
    assert!(crashed.unwrap_err().is_panic());
    // SIGKILL is sent to all of them; give them a moment to go.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !processes_of(group, &folder).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(processes_of(group, &folder), Vec::<u32>::new());
    assert!(!folder.exists(), "the profile folder is deleted");
}

#[tokio::test]
async fn a_page_that_never_answers_ends_with_the_browsers_lifetime() {
    let lifetime = std::time::Duration::from_secs(8);
    let Some(browser) = Browser::start_for("de", lifetime).await else {
        return;
    };
    let site = site();
    let never = Reply {
        body: server::Body::Never,
        ..Reply::status(200)
    };
    site.route("/never", vec![never]);
    let url = site.url("http", "127.0.0.1", "/never");
    let started = std::time::Instant::now();
    let stuck = tokio::spawn(async move { browser.goto(&url).await }).await;
    assert!(stuck.unwrap_err().is_panic(), "the load failed");
    // The watchdog ended it, well before Chromium's own page-load limit.
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(18), "{took:?}");
}

#[tokio::test]
async fn waits_end_at_their_bound() {
    let Some(browser) = Browser::start("de").await else {
        return;
    };
    let site = site();
    browser.goto(&site.url("http", "127.0.0.1", "/clean")).await;
    let started = std::time::Instant::now();
    let limit = std::time::Duration::from_millis(500);
    assert!(browser.try_wait_for("#never", limit).await.is_none());
    assert!(started.elapsed() < limit * 6, "{:?}", started.elapsed());
    assert!(browser.try_wait_for("#authority", limit).await.is_some());
    browser.close().await;
}

#[test]
fn missing_tools_skip_or_fail_by_onboard_browser() {
    let nothing = tempfile::tempdir().unwrap();
    let found = Tools::find(Some(OsStr::new("")), &nothing.path().join("axe.min.js"));
    let missing = found.clone().unwrap_err();
    assert_eq!(
        missing,
        [
            "chromium (Debian package chromium)",
            "chromedriver (Debian package chromium-driver)",
            "axe-core (`npm ci` in tests/browser)",
        ]
    );
    match browser::ready(found.clone(), false) {
        Ready::Skip(line) => {
            assert!(line.starts_with("skipped: "), "{line}");
            assert!(!line.contains('\n'), "one line: {line}");
            assert!(
                line.contains("chromium-driver") && line.contains("npm ci"),
                "{line}"
            );
        }
        other => panic!("not required, yet {other:?}"),
    }
    match browser::ready(found, true) {
        Ready::Fail(message) => {
            assert!(message.contains("ONBOARD_BROWSER=required"), "{message}");
            assert!(
                message.contains("chromium (Debian package chromium)"),
                "{message}"
            );
        }
        other => panic!("required, yet {other:?}"),
    }

    // Found on the PATH and in tests/browser: ready to run.
    let bin = tempfile::tempdir().unwrap();
    for tool in ["chromium", "chromedriver"] {
        std::fs::write(bin.path().join(tool), "").unwrap();
    }
    let axe = nothing.path().join("axe.min.js");
    std::fs::write(&axe, "").unwrap();
    let path = std::env::join_paths([nothing.path(), bin.path()]).unwrap();
    match browser::ready(Tools::find(Some(&path), &axe), true) {
        Ready::Run(tools) => {
            assert_eq!(tools.chromium, bin.path().join("chromium"));
            assert_eq!(tools.chromedriver, bin.path().join("chromedriver"));
            assert_eq!(tools.axe, axe);
        }
        other => panic!("all found, yet {other:?}"),
    }
    assert!(Path::new(&browser::axe_path()).ends_with("node_modules/axe-core/axe.min.js"));
}
