//! The harness of the browser tests: Debian's headless Chromium, driven over WebDriver by a
//! chromedriver of its own, axe-core for the accessibility checks, and helpers that do what a
//! clerk does (keyboard, upload, download, screenshots).
//!
//! A test binary takes it in with `#[path = "common/browser.rs"] mod browser;`. It is not part
//! of `common/mod.rs`, so the other test binaries do not compile a WebDriver client.
//!
//! ```ignore
//! let Some(browser) = Browser::start("de").await else { return };
//! browser.goto(&url).await;
//! browser.press(Key::Tab).await;
//! browser.type_text("Osterholz").await;
//! browser.assert_no_violations("the empty form (de)").await;
//! ```
//!
//! Without Chromium, chromedriver or axe-core (`npm ci` in tests/browser), `Browser::start`
//! prints one line saying what is missing and gives `None`, so a plain `cargo test` passes
//! with only Rust; `ONBOARD_BROWSER=required` (set by .ci/run) makes it a failure instead.
//!
//! Nothing hangs: each command, each wait, the browser's start and its life are bounded
//! (`STEP`, `WAIT`, `BROWSER_START`, `LIFETIME`), and chromedriver and its Chromium are killed as one process group when
//! the `Browser` is dropped, a panicking test included. Every `Browser` has its own
//! chromedriver on its own port and its own profile, so tests run in parallel.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub use fantoccini::Client;
pub use fantoccini::elements::Element;
use fantoccini::error::CmdError;
pub use fantoccini::key::Key;
use fantoccini::{ClientBuilder, Locator};
use serde::Deserialize;
use serde_json::{Value, json};

/// One WebDriver command: a page load, a script, a key press.
pub const STEP: Duration = Duration::from_secs(30);
/// A wait for an element or a condition to appear.
pub const WAIT: Duration = Duration::from_secs(10);
/// Chromium's own limit on a page load or a script, below `STEP` so its error is the one seen.
const IN_BROWSER: Duration = Duration::from_secs(20);
/// Chromedriver's start-up, per try.
const DRIVER_START: Duration = Duration::from_secs(15);
/// Chromium's start-up (a new session): longer than a command, since a loaded 2-core
/// machine once took over 30 s for it (two browsers starting while the page cache was being
/// reclaimed); still a bound, so a browser that never starts fails the test.
const BROWSER_START: Duration = Duration::from_secs(90);
/// The life of one browser from when it is ready: past it a watchdog kills it, and the test
/// fails. (Each step of the start is bounded on its own.)
pub const LIFETIME: Duration = Duration::from_secs(300);
/// The window, fixed so that screenshots are the same size every time.
pub const WINDOW: (u32, u32) = (1280, 900);

/// The axe-core tags of WCAG 2.1 level AA, which BITV 2.0 requires.
pub const WCAG21_AA: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Chromium's flags that work in this sandbox (see the machine notes).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    // As root, in a container without user namespaces, Chromium's sandbox cannot start; the
    // pages it loads are the tests' own.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    // Without these Chromium keeps dialling Google's hosts, which the closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    // Stable screenshots: no scrollbars, one pixel per CSS pixel.
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
];

/// What the browser tests need, found on this machine.
#[derive(Clone, Debug)]
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    pub axe: PathBuf,
}

/// Where `npm ci` in tests/browser puts axe-core.
pub fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/axe-core/axe.min.js")
}

impl Tools {
    /// Looks for Chromium and chromedriver on `path` (a `PATH` value), and for axe-core at
    /// `axe`. `Err` lists what is missing, each with where it comes from.
    pub fn find(path: Option<&OsStr>, axe: &Path) -> Result<Tools, Vec<String>> {
        let on_path = |name: &str| {
            std::env::split_paths(path.unwrap_or_default())
                .map(|dir| dir.join(name))
                .find(|file| file.is_file())
        };
        let chromium = on_path("chromium");
        let chromedriver = on_path("chromedriver");
        let axe = axe.is_file().then(|| axe.to_path_buf());
        match (chromium, chromedriver, axe) {
            (Some(chromium), Some(chromedriver), Some(axe)) => Ok(Tools {
                chromium,
                chromedriver,
                axe,
            }),
            (chromium, chromedriver, axe) => {
                let mut missing = Vec::new();
                if chromium.is_none() {
                    missing.push("chromium (Debian package chromium)".to_owned());
                }
                if chromedriver.is_none() {
                    missing.push("chromedriver (Debian package chromium-driver)".to_owned());
                }
                if axe.is_none() {
                    missing.push("axe-core (`npm ci` in tests/browser)".to_owned());
                }
                Err(missing)
            }
        }
    }
}

/// What a browser test does on this machine.
#[derive(Debug)]
pub enum Ready {
    Run(Tools),
    /// Print this line and pass.
    Skip(String),
    /// Fail with this message.
    Fail(String),
}

/// Decides from what was found and whether browser tests are required (`ONBOARD_BROWSER`).
pub fn ready(found: Result<Tools, Vec<String>>, required: bool) -> Ready {
    match found {
        Ok(tools) => Ready::Run(tools),
        Err(missing) if required => Ready::Fail(format!(
            "ONBOARD_BROWSER=required, but the browser tests cannot run: missing {}. \
             .ci/run installs them.",
            missing.join(", ")
        )),
        Err(missing) => Ready::Skip(format!(
            "skipped: this browser test needs {}; .ci/run installs them \
             (ONBOARD_BROWSER=required makes this a failure)",
            missing.join(", ")
        )),
    }
}

/// `ONBOARD_BROWSER=required`: a missing browser fails the test instead of skipping it.
pub fn required() -> bool {
    std::env::var("ONBOARD_BROWSER").is_ok_and(|v| v == "required")
}

/// One axe-core violation: a rule and the elements that break it.
#[derive(Clone, Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<Target>,
}

/// An element that breaks a rule.
#[derive(Clone, Debug, Deserialize)]
pub struct Target {
    /// The CSS selector axe gives, frames and shadow roots joined with " >>> ".
    pub target: String,
    pub html: String,
    pub summary: String,
}

/// The violations of one page state, one rule and its elements a block, for a failure message.
pub fn describe(state: &str, violations: &[Violation]) -> String {
    let mut out = format!(
        "{state}: {} axe-core violation(s) of {}\n",
        violations.len(),
        WCAG21_AA.join(", ")
    );
    for v in violations {
        let impact = v.impact.as_deref().unwrap_or("unknown");
        let _ = writeln!(out, "- {} ({impact}): {}", v.id, v.help);
        for node in &v.nodes {
            let _ = writeln!(out, "    at {}  {}", node.target, node.html);
            for line in node.summary.lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(out, "      {}", line.trim());
            }
        }
    }
    out
}

/// Runs axe-core on the page `client` shows, for the tags of WCAG 2.1 AA. axe is injected
/// through WebDriver's execute, which runs under the page's Content-Security-Policy like the
/// DevTools console does, so pages that allow no inline script can be checked too.
pub async fn axe(client: &Client) -> Vec<Violation> {
    let source = std::fs::read_to_string(axe_path())
        .unwrap_or_else(|e| panic!("read {}: {e}", axe_path().display()));
    let inject = format!("{source}\n;return typeof window.axe === 'object';");
    let injected = within("inject axe-core", client.execute(&inject, vec![])).await;
    assert_eq!(injected, json!(true), "axe-core did not load into the page");
    const RUN: &str = r#"
        const [tags, done] = arguments;
        const selector = (t) => Array.isArray(t) ? t.join(' >>> ') : t;
        axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
          .then((r) => done({ violations: r.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => ({
                target: n.target.map(selector).join(' >>> '),
                html: n.html,
                summary: n.failureSummary || '',
              })),
            })) }))
          .catch((e) => done({ error: String(e && e.stack || e) }));
    "#;
    let answer = within(
        "run axe-core",
        client.execute_async(RUN, vec![json!(WCAG21_AA)]),
    )
    .await;
    if let Some(error) = answer.get("error") {
        panic!("axe-core failed in the page: {error}");
    }
    serde_json::from_value(answer["violations"].clone())
        .unwrap_or_else(|e| panic!("axe-core's answer: {e}: {answer}"))
}

/// Awaits one WebDriver command, bounded by `STEP`; a failure panics naming `what`.
async fn within<T>(what: &str, command: impl Future<Output = Result<T, CmdError>>) -> T {
    match tokio::time::timeout(STEP, command).await {
        Ok(Ok(value)) => value,
        Ok(Err(e)) => panic!("browser: {what}: {e}"),
        Err(_) => panic!("browser: {what}: no answer within {} s", STEP.as_secs()),
    }
}

/// A headless Chromium with its chromedriver, a fresh profile and a downloads folder.
/// Dropping it kills both.
pub struct Browser {
    // Fields drop in this order: the client, then the processes, then their profile.
    client: Client,
    driver: Driver,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts a browser whose requests ask for `language` (`Accept-Language`), or gives `None`
    /// after printing why, when the tools are missing and not required.
    pub async fn start(language: &str) -> Option<Browser> {
        Browser::start_for(language, LIFETIME).await
    }

    /// As `start`, with a watchdog that kills the browser `lifetime` after it is ready
    /// instead of `LIFETIME`.
    pub async fn start_for(language: &str, lifetime: Duration) -> Option<Browser> {
        let path = std::env::var_os("PATH");
        let tools = match ready(Tools::find(path.as_deref(), &axe_path()), required()) {
            Ready::Run(tools) => tools,
            Ready::Skip(line) => {
                // libtest names the thread after the test.
                let test = std::thread::current().name().unwrap_or("a test").to_owned();
                // Straight to stderr, past the test harness's capture, so the skip is seen.
                let _ = writeln!(std::io::stderr(), "{test}: {line}");
                return None;
            }
            Ready::Fail(message) => panic!("{message}"),
        };
        Some(Browser::launch(&tools, language, lifetime).await)
    }

    async fn launch(tools: &Tools, language: &str, lifetime: Duration) -> Browser {
        let profile = tempfile::Builder::new()
            .prefix("onboard-browser-")
            .tempdir()
            .expect("a temporary profile folder");
        let user_data = profile.path().join("profile");
        let downloads = profile.path().join("downloads");
        std::fs::create_dir_all(&downloads).expect("create the downloads folder");
        let mut driver = Driver::start(&tools.chromedriver, profile.path());

        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", user_data.display()));
        args.push(format!("--lang={language}"));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": args,
                "prefs": {
                    "intl.accept_languages": language,
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                },
            },
            "timeouts": {
                "pageLoad": IN_BROWSER.as_millis() as u64,
                "script": IN_BROWSER.as_millis() as u64,
                "implicit": 0,
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{}", driver.port);
        let mut session =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        session.capabilities(capabilities);
        // Each start-up step is bounded on its own; the lifetime counts from ready.
        let client = match tokio::time::timeout(BROWSER_START, session.connect(&url)).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!(
                "start Chromium through chromedriver: {e}\nchromedriver's log:\n{}",
                driver.log()
            ),
            Err(_) => panic!(
                "Chromium did not start within {} s",
                BROWSER_START.as_secs()
            ),
        };
        driver.arm(lifetime);
        let browser = Browser {
            client,
            driver,
            profile,
        };
        // Even headless the window has a frame; the page gets exactly WINDOW.
        browser.set_viewport(WINDOW.0, WINDOW.1).await;
        browser
    }

    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The port chromedriver listens on (each browser has its own).
    pub fn driver_port(&self) -> u16 {
        self.driver.port
    }

    /// The process id of chromedriver, which is also the id of the process group it and its
    /// Chromium run in.
    pub fn driver_pid(&self) -> u32 {
        self.driver.child.id()
    }

    /// The folder that holds this browser's profile, downloads and logs; it is deleted with
    /// the browser.
    pub fn folder(&self) -> &Path {
        self.profile.path()
    }

    /// Where downloads land.
    pub fn downloads(&self) -> PathBuf {
        self.profile.path().join("downloads")
    }

    /// Ends the session (Chromium quits), then chromedriver. Dropping does the same by force.
    pub async fn close(self) {
        let _ = tokio::time::timeout(STEP, self.client.clone().close()).await;
    }

    pub async fn goto(&self, url: &str) {
        within(&format!("go to {url}"), self.client.goto(url)).await
    }

    /// Renders the page as it prints (`@media print`), through chromedriver's DevTools
    /// command `Emulation.setEmulatedMedia`: what the print stylesheet shows and hides can
    /// be asked of the page as of any other.
    pub async fn emulate_print(&self) {
        let command = DevTools {
            cmd: "Emulation.setEmulatedMedia",
            params: json!({ "media": "print" }),
        };
        within("emulate print media", self.client.issue_cmd(command)).await;
    }

    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        within("execute a script", self.client.execute(script, args)).await
    }

    pub async fn find(&self, css: &str) -> Element {
        within(
            &format!("find `{css}`"),
            self.client.find(Locator::Css(css)),
        )
        .await
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        within(
            &format!("find all `{css}`"),
            self.client.find_all(Locator::Css(css)),
        )
        .await
    }

    /// The first element that matches `css`, if there is one now.
    pub async fn try_find(&self, css: &str) -> Option<Element> {
        self.find_all(css).await.into_iter().next()
    }

    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        within(&format!("click `{css}`"), element.click()).await
    }

    /// An attribute of the element `css` finds, as written in the page.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let element = self.find(css).await;
        within(&format!("attribute {name} of `{css}`"), element.attr(name)).await
    }

    /// The text the element `css` finds shows.
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        within(&format!("text of `{css}`"), element.text()).await
    }

    /// The current value of the input `css` finds (what was typed, not the attribute).
    pub async fn value(&self, css: &str) -> String {
        let element = self.find(css).await;
        within(&format!("value of `{css}`"), element.prop("value"))
            .await
            .unwrap_or_default()
    }

    /// The `id` of the element that has the focus ("" when it has none, or no focus is set).
    pub async fn focused_id(&self) -> String {
        let id = self
            .execute(
                "const e = document.activeElement; return e && e !== document.body ? e.id : '';",
                vec![],
            )
            .await;
        id.as_str().unwrap_or_default().to_owned()
    }

    /// Presses and releases `key` (a `Key`, or a character) where the focus is, as a keyboard
    /// does.
    pub async fn press(&self, key: impl Into<char>) {
        let key = key.into();
        self.keys(&format!("press {}", key_name(key)), &[], &[key])
            .await
    }

    /// Presses `key` while holding `modifier`: `(Key::Shift, Key::Tab)` goes back a field,
    /// `(Key::Control, 'a')` selects what a field holds.
    pub async fn press_with(&self, modifier: Key, key: impl Into<char>) {
        let (modifier, key) = (char::from(modifier), key.into());
        let what = format!("press {}+{}", key_name(modifier), key_name(key));
        self.keys(&what, &[modifier], &[key]).await
    }

    /// Types `text` into the element that has the focus, key by key.
    pub async fn type_text(&self, text: &str) {
        let keys: Vec<char> = text.chars().collect();
        self.keys("type text", &[], &keys).await
    }

    async fn keys(&self, what: &str, held: &[char], keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for &value in held {
            actions = actions.then(KeyAction::Down { value });
        }
        for &value in keys {
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        for &value in held.iter().rev() {
            actions = actions.then(KeyAction::Up { value });
        }
        within(what, self.client.perform_actions(actions)).await
    }

    /// Puts `file` into the `<input type=file>` that `css` finds, as choosing it would.
    pub async fn upload(&self, css: &str, file: &Path) {
        let file = file
            .canonicalize()
            .unwrap_or_else(|e| panic!("upload {}: {e}", file.display()));
        let input = self.find(css).await;
        let path = file.to_str().expect("a UTF-8 path");
        within(&format!("upload into `{css}`"), input.send_keys(path)).await
    }

    /// Waits up to `WAIT` for an element that matches `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        match self.try_wait_for(css, WAIT).await {
            Some(element) => element,
            None => panic!("waited {} s for `{css}`", WAIT.as_secs()),
        }
    }

    /// Waits up to `limit` for an element that matches `css`.
    pub async fn try_wait_for(&self, css: &str, limit: Duration) -> Option<Element> {
        let mut found = None;
        self.try_wait_until(limit, async |b: &Browser| {
            found = b.try_find(css).await;
            found.is_some()
        })
        .await;
        found
    }

    /// Waits up to `WAIT` until `ready` says yes; `what` names it in the failure.
    pub async fn wait_until(&self, what: &str, ready: impl AsyncFnMut(&Browser) -> bool) {
        if !self.try_wait_until(WAIT, ready).await {
            panic!("waited {} s for {what}", WAIT.as_secs());
        }
    }

    /// Waits up to `WAIT` until `script` returns a true value in the page.
    pub async fn wait_for_script(&self, what: &str, script: &str) {
        self.wait_until(what, async |b: &Browser| {
            b.execute(script, vec![]).await == json!(true)
        })
        .await
    }

    /// Asks `ready` every 100 ms until it says yes or `limit` is past.
    pub async fn try_wait_until(
        &self,
        limit: Duration,
        mut ready: impl AsyncFnMut(&Browser) -> bool,
    ) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if ready(self).await {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to `WAIT` for a finished download named `name`, and gives its path.
    pub async fn wait_for_download(&self, name: &str) -> PathBuf {
        let file = self.downloads().join(name);
        // Chromium writes `name.crdownload` and renames it when the download is complete.
        let partial = self.downloads().join(format!("{name}.crdownload"));
        let what = format!("the download {name}");
        self.wait_until(&what, async |_: &Browser| {
            file.is_file() && !partial.exists()
        })
        .await;
        file
    }

    /// Runs axe-core on the page shown now (see [`axe`]).
    pub async fn axe(&self) -> Vec<Violation> {
        axe(&self.client).await
    }

    /// Fails, listing each violation readably, unless the page shown now has none.
    /// `state` names the page state in the message ("the empty form (de)").
    pub async fn assert_no_violations(&self, state: &str) {
        let violations = self.axe().await;
        assert!(violations.is_empty(), "{}", describe(state, &violations));
    }

    /// Saves what the window shows as a PNG at `path` (written whole, then renamed).
    pub async fn screenshot(&self, path: &Path) {
        let png = within("take a screenshot", self.client.screenshot()).await;
        write_whole(path, &png);
    }

    /// Saves the whole page as a PNG at `path`: the window grows to the page's height for the
    /// picture, then goes back to `WINDOW`.
    pub async fn screenshot_full_page(&self, path: &Path) {
        let height = self
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight);",
                vec![],
            )
            .await
            .as_u64()
            .unwrap_or(WINDOW.1 as u64)
            .clamp(WINDOW.1 as u64, 16_000) as u32;
        self.set_viewport(WINDOW.0, height).await;
        let png = within("take a screenshot", self.client.screenshot()).await;
        self.set_viewport(WINDOW.0, WINDOW.1).await;
        write_whole(path, &png);
    }

    /// Sets the window so that the page gets `width`×`height` CSS pixels.
    async fn set_viewport(&self, width: u32, height: u32) {
        let chrome = self
            .execute(
                "return [window.outerWidth - window.innerWidth, \
                 window.outerHeight - window.innerHeight];",
                vec![],
            )
            .await;
        let extra = |i: usize| chrome[i].as_u64().unwrap_or(0) as u32;
        within(
            "resize the window",
            self.client
                .set_window_size(width + extra(0), height + extra(1)),
        )
        .await
    }
}

/// A key for a message: WebDriver's special keys are private-use characters.
fn key_name(key: char) -> String {
    if ('\u{e000}'..='\u{f8ff}').contains(&key) {
        format!("key U+{:04X}", key as u32)
    } else {
        format!("{key:?}")
    }
}

fn write_whole(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    }
    let partial = path.with_extension("png.partial");
    std::fs::write(&partial, bytes).unwrap_or_else(|e| panic!("write {}: {e}", partial.display()));
    std::fs::rename(&partial, path).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// A chromedriver child in a process group of its own, with the Chromium it starts. Once armed,
/// a watchdog kills the group when its lifetime is up; dropping kills it at once.
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
    /// Dropped with the driver, which ends the watchdog.
    watchdog: Option<mpsc::Sender<()>>,
}

impl Driver {
    /// Starts chromedriver on a free loopback port. Another process may take the port between
    /// our look and chromedriver's bind; then chromedriver exits, and another port is tried.
    fn start(chromedriver: &Path, home: &Path) -> Driver {
        let log = &home.join("chromedriver.log");
        for _ in 0..3 {
            let port = free_port();
            let mut child = Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .arg("--log-level=WARNING")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                // Chromium keeps its crash reports and caches in these, not in ~/.config:
                // all it writes stays in the profile folder, and is deleted with it.
                .env("XDG_CONFIG_HOME", home.join("config"))
                .env("XDG_CACHE_HOME", home.join("cache"))
                // Its own process group, so one signal reaches Chromium and its helpers too.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("start {}: {e}", chromedriver.display()));
            if announced(&mut child, port) {
                return Driver {
                    watchdog: None,
                    child,
                    port,
                    log: log.to_path_buf(),
                };
            }
            kill_group(&mut child);
        }
        panic!(
            "chromedriver did not start within {} s on any of three ports; its log:\n{}",
            DRIVER_START.as_secs(),
            std::fs::read_to_string(log).unwrap_or_default()
        )
    }

    /// Starts the watchdog: past `lifetime` from now, the group is killed.
    fn arm(&mut self, lifetime: Duration) {
        self.watchdog = Some(watchdog(self.child.id(), lifetime));
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

/// Whether chromedriver says it listens on `port` within `DRIVER_START`. Its standard output
/// is read to the end by a thread, so that it never blocks on a full pipe.
fn announced(child: &mut Child, port: u16) -> bool {
    let stdout = child.stdout.take().expect("chromedriver's stdout is piped");
    let (lines, seen) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = lines.send(line);
        }
    });
    let wanted = format!("started successfully on port {port}");
    let deadline = Instant::now() + DRIVER_START;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match seen.recv_timeout(left) {
            Ok(line) if line.contains(&wanted) => return true,
            Ok(_) => {}
            // Its output ended (it exited), or the time is up.
            Err(_) => return false,
        }
    }
}

/// Kills the process group `pid` after `lifetime`, unless its sender is dropped first.
fn watchdog(pid: u32, lifetime: Duration) -> mpsc::Sender<()> {
    let (alive, ended) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = ended.recv_timeout(lifetime) {
            let _ = writeln!(
                std::io::stderr(),
                "browser: killed chromedriver and Chromium after {:?}",
                lifetime
            );
            if let Some(group) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
            }
        }
    });
    alive
}

fn kill_group(child: &mut Child) {
    let group = rustix::process::Pid::from_child(child);
    let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    let _ = child.wait();
}

/// A loopback port that was free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A Chrome DevTools command, sent through chromedriver's `goog/cdp/execute` endpoint (not
/// part of WebDriver itself).
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}
