//! Links watched over time (`onboard validate --links-state FILE`), against an HTTPS server
//! on 127.0.0.1 whose answers change between runs: a link that moved, one that died, one
//! that stays unverified; the state file written atomically, and a broken one refused.
//! Each run has its own day (`ONBOARD_TODAY`), as a scheduled pipeline would.

mod common;
mod server;

use std::path::PathBuf;

use common::*;
use serde_json::Value;
use server::{Reply, Server, Tls};

const DSE: &str = "https://www.testamt.example/datenschutz";

/// A scratch folder with `form.toml` linking to `/dse` on an HTTPS server on loopback.
struct Site {
    scratch: Scratch,
    server: Server,
    ca: String,
}

impl Site {
    fn new() -> Site {
        let scratch = Scratch::new();
        let tls = Tls::for_names(&["localhost"]);
        let ca = scratch.write("ca.pem", &tls.ca_pem).display().to_string();
        let server = Server::https("127.0.0.1", &tls);
        scratch.form(
            "form.toml",
            &variant(DSE, &server.url("https", "localhost", "/dse")),
        );
        Site {
            scratch,
            server,
            ca,
        }
    }

    fn url(&self, path: &str) -> String {
        self.server.url("https", "localhost", path)
    }

    fn state(&self) -> PathBuf {
        self.scratch.path().join("links.json")
    }

    /// `onboard validate --format json` on `day`, online against the server, with `args`.
    fn run_on(&self, day: &str, args: &[&str]) -> (i32, Value, String) {
        let mut all = vec![
            "validate",
            "--format",
            "json",
            "--timeout",
            "2",
            "--allow-private-networks",
            "--ca-cert",
            &self.ca,
        ];
        all.extend_from_slice(args);
        all.push("form.toml");
        let out = onboard_env(self.scratch.path(), &all, &[("ONBOARD_TODAY", day)]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
        (out.status.code().unwrap(), json, stderr)
    }

    /// A run that watches the links in `links.json`.
    fn watch(&self, day: &str, args: &[&str]) -> (i32, Value, String) {
        let mut all = vec!["--links-state", "links.json"];
        all.extend_from_slice(args);
        self.run_on(day, &all)
    }

    fn recorded(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.state()).unwrap()).unwrap()
    }
}

fn message(json: &Value, code: &str) -> String {
    only(json, code)["message"].as_str().unwrap().to_owned()
}

#[test]
fn a_link_that_begins_to_redirect_has_moved_since_the_last_run() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    let (code, json, stderr) = site.watch("2026-11-21", &[]);
    assert_eq!((code, codes(&json)), (0, vec![]), "{stderr}");
    let link = &json["files"][0]["privacy_link"];
    assert_eq!(link["classification"], "live");
    assert_eq!(link["last_live"], "2026-11-21");
    assert_eq!(link["final_url"], site.url("/dse"));
    let entry = &site.recorded()["links"][site.url("/dse")];
    assert_eq!(entry["final_seen_on"], "2026-11-21");

    site.server
        .route("/dse", vec![Reply::redirect(&site.url("/neu"))])
        .route("/neu", vec![Reply::policy()]);
    let (code, json, _) = site.watch("2026-11-28", &[]);
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-redirected", "privacy-url-moved"]),
        "{json:#}"
    );
    assert_eq!(only(&json, "privacy-url-moved")["severity"], "warning");
    let moved = message(&json, "privacy-url-moved");
    for part in [site.url("/dse"), site.url("/neu"), "2026-11-21".into()] {
        assert!(moved.contains(&part), "{moved}");
    }
    let link = &json["files"][0]["privacy_link"];
    assert_eq!(link["moved_from"]["final_url"], site.url("/dse"));
    assert_eq!(link["moved_from"]["seen_on"], "2026-11-21");
    assert_eq!(link["final_url"], site.url("/neu"));
    // Reported once: the record now names the new address.
    let (_, json, _) = site.watch("2026-12-05", &[]);
    assert_eq!(codes(&json), ["privacy-url-redirected"]);
    // Without the flag the result is what it always was.
    let (_, json, _) = site.run_on("2026-12-05", &[]);
    assert!(json["files"][0].get("privacy_link").is_none(), "{json:#}");
}

#[test]
fn a_dead_link_says_since_when_it_fails_and_when_it_was_last_live() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    site.watch("2026-11-21", &[]);
    site.server.route("/dse", vec![Reply::status(404)]);
    site.watch("2026-11-28", &[]);
    let (code, json, _) = site.watch("2026-12-05", &[]);
    assert_eq!((code, codes(&json)), (1, vec!["privacy-url-dead"]));
    let dead = message(&json, "privacy-url-dead");
    assert!(
        dead.contains("HTTP 404")
            && dead.contains("failing since 2026-11-28, last live on 2026-11-21"),
        "{dead}"
    );
    let link = &json["files"][0]["privacy_link"];
    assert_eq!(
        (&link["failing_since"], &link["last_live"]),
        (&Value::from("2026-11-28"), &Value::from("2026-11-21"))
    );
    // In German too, and never live at all is said so.
    let fresh = Site::new();
    fresh.server.route("/dse", vec![Reply::status(410)]);
    let out = onboard_env(
        fresh.scratch.path(),
        &[
            "validate",
            "--allow-private-networks",
            "--ca-cert",
            &fresh.ca,
            "--links-state",
            "links.json",
            "form.toml",
        ],
        &[("LANG", "de_DE.UTF-8")],
    );
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(
        human.contains("nicht erreichbar seit 28.11.2026, in keiner aufgezeichneten Prüfung"),
        "{human}"
    );
}

#[test]
fn a_link_unverified_more_runs_in_a_row_than_allowed_is_an_error() {
    let site = Site::new();
    // 401: the server refuses automated checks (not retried).
    site.server.route("/dse", vec![Reply::status(401)]);
    let flag = ["--max-unverified-runs", "2"];
    for (day, runs, said_runs) in [("2026-11-21", "1", "once"), ("2026-11-28", "2", "2 times")] {
        let (code, json, _) = site.watch(day, &flag);
        assert_eq!((code, codes(&json)), (0, vec!["privacy-url-unverified"]));
        let finding = only(&json, "privacy-url-unverified");
        assert_eq!(finding["severity"], "warning");
        let said = finding["message"].as_str().unwrap();
        assert!(
            said.contains(&format!("unverified {said_runs} in a row since 2026-11-21")),
            "{said}"
        );
        assert_eq!(
            json["files"][0]["privacy_link"]["unverified_runs"],
            runs.parse::<u64>().unwrap()
        );
    }
    let (code, json, _) = site.watch("2026-12-05", &flag);
    assert_eq!(code, 1, "{json:#}");
    let finding = only(&json, "privacy-url-unverified");
    assert_eq!(finding["severity"], "error");
    let said = finding["message"].as_str().unwrap();
    assert!(
        said.contains("3 runs in a row since 2026-11-21, more than the 2 allowed"),
        "{said}"
    );
    // A live answer starts the count again.
    site.server.route("/dse", vec![Reply::policy()]);
    let (code, json, _) = site.watch("2026-12-12", &flag);
    assert_eq!((code, codes(&json)), (0, vec![]));
    assert_eq!(json["files"][0]["privacy_link"]["unverified_runs"], 0);
}

#[test]
fn the_limit_comes_from_onboard_toml_and_defaults_to_three() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::status(403)]);
    let severities = |site: &Site, days: &[&str]| -> Vec<String> {
        days.iter()
            .map(|day| {
                let (_, json, stderr) = site.watch(day, &[]);
                let finding = only(&json, "privacy-url-unverified");
                assert!(finding.is_object(), "{stderr}");
                finding["severity"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    let days = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"];
    assert_eq!(
        severities(&site, &days),
        ["warning", "warning", "warning", "error"]
    );
    std::fs::remove_file(site.state()).unwrap();
    site.scratch
        .write("onboard.toml", "[links]\nmax_unverified_runs = 1\n");
    assert_eq!(severities(&site, &days[..2]), ["warning", "error"]);
    site.scratch
        .write("onboard.toml", "[links]\nmax_unverified_runs = -1\n");
    let (code, _, stderr) = site.watch("2026-11-05", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("max_unverified_runs"), "{stderr}");
}

#[test]
fn the_state_file_is_replaced_whole_and_never_written_through_a_link() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    site.watch("2026-11-21", &[]);
    // A second name for the old file keeps the old bytes: the new state was written
    // beside it and renamed over it, never into it.
    let old = std::fs::read(site.state()).unwrap();
    let second_name = site.scratch.path().join("old.json");
    std::fs::hard_link(site.state(), &second_name).unwrap();
    site.watch("2026-11-28", &[]);
    assert_eq!(std::fs::read(&second_name).unwrap(), old);
    assert!(site.recorded()["links"][site.url("/dse")]["checked_on"] == "2026-11-28");
    let leftovers: Vec<_> = std::fs::read_dir(site.scratch.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".onboard-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A link in its place (a cache can restore one) is neither read nor replaced.
    let outside = Scratch::new();
    let target = outside.write("secret.json", "{\"onboard_links_state\": 1, \"links\": {}}");
    std::fs::remove_file(site.state()).unwrap();
    std::os::unix::fs::symlink(&target, site.state()).unwrap();
    let (code, _, stderr) = site.watch("2026-12-05", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(
        std::fs::symlink_metadata(site.state())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "{\"onboard_links_state\": 1, \"links\": {}}"
    );
    // Nor a folder.
    std::fs::remove_file(site.state()).unwrap();
    std::fs::create_dir(site.state()).unwrap();
    let (code, _, _) = site.watch("2026-12-05", &[]);
    assert_eq!(code, 2);
}

#[test]
fn a_broken_state_file_is_refused_and_left_as_it_is() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    for (content, said) in [
        (
            "{\"onboard_links_state\": 1, \"links\": ",
            "it ends too early",
        ),
        ("not json", "not JSON"),
        (
            "{\"onboard_links_state\": \"top secret words\", \"links\": {}}",
            "a key or value that does not belong there",
        ),
        (
            "{\"onboard_links_state\": 9, \"links\": {}}",
            "another format version",
        ),
    ] {
        site.scratch.write("links.json", content);
        let (code, json, stderr) = site.watch("2026-11-21", &[]);
        assert_eq!((code, &json), (2, &Value::Null), "{stderr}");
        assert!(
            stderr.contains(said) && !stderr.contains("secret"),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(site.state()).unwrap(), content);
        assert_eq!(
            site.server.seen().len(),
            0,
            "refused before any link is fetched"
        );
    }
    // Past the bound it is refused unread (a sparse file: no 16 MiB written).
    let file = std::fs::File::create(site.state()).unwrap();
    file.set_len(onboard::limits::MAX_LINK_STATE_BYTES + 1)
        .unwrap();
    let (code, _, stderr) = site.watch("2026-11-21", &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("more than the 16 MiB"), "{stderr}");
}

#[test]
fn offline_with_a_links_state_is_a_usage_error() {
    let site = Site::new();
    let out = onboard(
        site.scratch.path(),
        &[
            "validate",
            "--offline",
            "--links-state",
            "links.json",
            "form.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--offline"), "{stderr}");
    assert!(!site.state().exists());
    let out = onboard(
        site.scratch.path(),
        &["validate", "--max-unverified-runs", "2", "form.toml"],
    );
    assert_eq!(out.status.code(), Some(2), "the limit needs --links-state");
}

#[test]
fn the_engine_compares_and_returns_the_record_for_any_front_end() {
    use onboard::engine::{Engine, Inputs, MemoryForm, Settings};
    use onboard::links_state::{Classification, Entry, LinkState};
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    let mut before = LinkState::default();
    before.links.insert(
        site.url("/dse"),
        Entry {
            final_url: Some(site.url("/alt")),
            final_seen_on: Some("2026-10-01".into()),
            classification: Classification::Live,
            checked_on: "2026-10-01".into(),
            last_live: Some("2026-10-01".into()),
            failing_since: None,
            unverified_runs: 0,
        },
    );
    let mut settings = Settings {
        links_state: Some(before),
        today: "2026-11-28".parse().unwrap(),
        ..Settings::default()
    };
    let network = settings.online.as_mut().unwrap();
    network.allow_private_networks = true;
    network.ca_cert = vec![site.ca.clone().into()];
    let form = MemoryForm {
        name: "upload.toml".into(),
        bytes: std::fs::read(site.scratch.path().join("form.toml")).unwrap(),
        logo: Some(png(256, 256)),
    };
    let engine = Engine::new(settings.clone());
    let checked = engine.check(Inputs::Memory(vec![form.clone()])).unwrap();
    let found: Vec<_> = checked.run.files[0]
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(found, ["privacy-url-moved"]);
    let after = checked.links_state.expect("a new record");
    assert_eq!(after.links[&site.url("/dse")].checked_on, "2026-11-28");
    assert_eq!(
        after.links[&site.url("/dse")].final_url.as_deref(),
        Some(site.url("/dse").as_str())
    );
    // Offline there is nothing to compare, and no record comes back.
    let offline = Engine::new(Settings {
        online: None,
        ..settings
    });
    let checked = offline.check(Inputs::Memory(vec![form])).unwrap();
    assert!(checked.links_state.is_none() && checked.run.files[0].diagnostics.is_empty());
}
