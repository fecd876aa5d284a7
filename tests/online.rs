//! The online check of privacy-policy links, against servers the tests start on loopback
//! addresses — plain HTTP, and HTTPS with a certificate authority generated here and passed
//! with `--ca-cert`. Nothing reaches the internet.

mod common;
mod server;

use std::time::Duration;

use common::*;
use serde_json::Value;
use server::{Body, Reply, Server, Tls};

const DSE: &str = "https://www.testamt.example/datenschutz";

/// A form whose privacy link is `url`, written into `scratch` as `name`.
fn form_with_url(scratch: &Scratch, name: &str, url: &str) {
    scratch.form(name, &variant(DSE, url));
}

/// Runs `onboard validate --format json` online with `args`, returning exit code and JSON.
fn run(scratch: &Scratch, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--format", "json"];
    if !args.contains(&"--timeout") {
        all.extend(["--timeout", "2"]);
    }
    all.extend_from_slice(args);
    let out = onboard(scratch.path(), &all);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "JSON ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

/// An HTTPS server on `ip` with a certificate for `names`, and the CA file (written into
/// `scratch`) that trusts it, for `--ca-cert`.
fn https_server_on(scratch: &Scratch, ip: &str, names: &[&str]) -> (Server, String) {
    let tls = Tls::for_names(names);
    let ca = scratch.write("ca.pem", &tls.ca_pem);
    (Server::https(ip, &tls), ca.display().to_string())
}

/// The usual scene: a scratch folder and an HTTPS server on 127.0.0.1, linked to by the
/// name `localhost`, whose CA file lies in the folder. Being on loopback, the server is
/// only reached by runs that allow private networks.
struct Site {
    scratch: Scratch,
    server: Server,
    ca: String,
}

impl Site {
    /// A site whose certificate is for `localhost`, the name the links use.
    fn new() -> Site {
        Site::with_certificate_for("localhost")
    }

    /// A site whose certificate is for `name`, whatever the links use.
    fn with_certificate_for(name: &str) -> Site {
        let scratch = Scratch::new();
        let (server, ca) = https_server_on(&scratch, "127.0.0.1", &[name]);
        Site {
            scratch,
            server,
            ca,
        }
    }

    /// The link to `path` on the server.
    fn url(&self, path: &str) -> String {
        self.server.url("https", "localhost", path)
    }

    /// Writes `form.toml`, whose privacy link is `path` on the server.
    fn link(&self, path: &str) {
        form_with_url(&self.scratch, "form.toml", &self.url(path));
    }

    /// Runs `onboard validate` online with `args`, private networks allowed and the
    /// server's CA trusted.
    fn validate(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--allow-private-networks", "--ca-cert", &self.ca];
        all.extend_from_slice(args);
        run(&self.scratch, &all)
    }

    /// Checks the link to `path` on the server: writes `form.toml` and validates it.
    fn check(&self, path: &str) -> (i32, Value) {
        self.link(path);
        self.validate(&["form.toml"])
    }
}

/// Asserts the exit code and the codes of all findings, in order.
#[track_caller]
fn assert_findings(code: i32, json: &Value, expected_code: i32, expected: &[&str]) {
    assert_eq!(
        (code, codes(json)),
        (expected_code, expected.to_vec()),
        "{json:#}"
    );
}

fn message(json: &Value, code: &str) -> String {
    only(json, code)["message"].as_str().unwrap().to_owned()
}

#[test]
fn a_live_policy_page_has_no_finding_and_names_the_tool() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    let (code, json) = site.check("/dse");
    assert_findings(code, &json, 0, &[]);
    let seen = site.server.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0]
            .user_agent
            .as_deref()
            .unwrap()
            .starts_with("onboard/"),
        "{seen:?}"
    );
}

#[test]
fn not_found_and_gone_are_dead() {
    for status in [404, 410] {
        let site = Site::new();
        site.server.route("/dse", vec![Reply::status(status)]);
        let (code, json) = site.check("/dse");
        assert_findings(code, &json, 1, &["privacy-url-dead"]);
        let d = only(&json, "privacy-url-dead");
        assert_eq!(d["field"], "privacy_policy.url");
        assert!(d["message"].as_str().unwrap().contains(&status.to_string()));
        assert_eq!(
            site.server.requests_for("/dse"),
            1,
            "no retry for a definite answer"
        );
    }
}

#[test]
fn server_errors_are_dead_after_retries() {
    let site = Site::new();
    site.server
        .route("/dse", vec![Reply::status(500), Reply::status(500)]);
    let (code, json) = site.check("/dse");
    assert_findings(code, &json, 1, &["privacy-url-dead"]);
    assert_eq!(
        site.server.requests_for("/dse"),
        3,
        "one request and two retries"
    );
}

/// Serves `first`, then the policy: the link is live, found on the second request.
#[track_caller]
fn assert_live_after_one_retry(first: Reply) {
    let site = Site::new();
    site.server.route("/dse", vec![first, Reply::policy()]);
    let (code, json) = site.check("/dse");
    assert_findings(code, &json, 0, &[]);
    assert_eq!(site.server.requests_for("/dse"), 2);
}

#[test]
fn unavailable_then_ok_is_live_after_a_retry() {
    assert_live_after_one_retry(Reply::status(503));
}

#[test]
fn too_many_requests_honours_retry_after() {
    assert_live_after_one_retry(Reply::status(429).header("Retry-After", "1"));
}

#[test]
fn a_refusal_that_stays_is_unverified_not_dead() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::status(403)]);
    let (code, json) = site.check("/dse");
    assert_findings(code, &json, 0, &["privacy-url-unverified"]);
}

#[test]
fn two_redirects_are_followed_and_the_final_url_named() {
    let site = Site::new();
    site.server.route("/old", vec![Reply::redirect("/older")]);
    site.server
        .route("/older", vec![Reply::redirect(&site.url("/dse"))]);
    site.server.route("/dse", vec![Reply::policy()]);
    let (code, json) = site.check("/old");
    assert_findings(code, &json, 0, &["privacy-url-redirected"]);
    assert!(message(&json, "privacy-url-redirected").contains(&site.url("/dse")));
}

#[test]
fn six_redirects_are_too_many() {
    let site = Site::new();
    for i in 0..6 {
        site.server.route(
            &format!("/r{i}"),
            vec![Reply::redirect(&format!("/r{}", i + 1))],
        );
    }
    site.server.route("/r6", vec![Reply::policy()]);
    let (code, json) = site.check("/r0");
    assert_eq!(code, 0, "{json:#}");
    // Only the one finding: the fifth hop is no address to enter, since it redirects too.
    assert_eq!(codes(&json), ["privacy-url-unverified"], "{json:#}");
    assert!(
        message(&json, "privacy-url-unverified").contains("redirects more than 5"),
        "{json:#}"
    );
    assert_eq!(site.server.requests_for("/r6"), 0);
}

#[test]
fn a_redirect_loop_is_reported_once_as_a_loop() {
    let site = Site::new();
    site.server
        .route("/self", vec![Reply::redirect("/self#oben")]);
    site.server.route("/a", vec![Reply::redirect("/b")]);
    site.server
        .route("/b", vec![Reply::redirect(&site.url("/a"))]);
    for (start, back_to) in [("/self", "/self"), ("/a", "/a")] {
        let (code, json) = site.check(start);
        assert_findings(code, &json, 0, &["privacy-url-unverified"]);
        let text = message(&json, "privacy-url-unverified");
        assert!(
            text.contains("in a loop") && text.contains(&format!("`{}`", site.url(back_to))),
            "{json:#}"
        );
    }
    for path in ["/self", "/a", "/b"] {
        assert_eq!(site.server.requests_for(path), 1, "{path} asked once");
    }
}

#[test]
fn a_redirect_to_an_over_long_url_is_not_followed() {
    let site = Site::new();
    let long = format!("/{}", "d".repeat(onboard::limits::MAX_URL_LEN));
    site.server.route("/old", vec![Reply::redirect(&long)]);
    let (code, json) = site.check("/old");
    assert_eq!(code, 0, "{json:#}");
    assert!(
        message(&json, "privacy-url-unverified").contains("too long to follow"),
        "{json:#}"
    );
    assert_eq!(
        site.server.seen().len(),
        1,
        "the long URL was not requested"
    );
}

#[test]
fn a_link_that_takes_longer_than_its_budget_in_all_is_unverified() {
    // Each answer comes at once, but asks to wait 5 s before the next try: two waits
    // are past the budget of 6 × `--timeout 1`.
    let site = Site::new();
    site.server
        .route("/dse", vec![Reply::status(503).header("Retry-After", "5")]);
    site.link("/dse");
    let started = std::time::Instant::now();
    let (code, json) = site.validate(&["--timeout", "1", "form.toml"]);
    let took = started.elapsed();
    assert_findings(code, &json, 0, &["privacy-url-unverified"]);
    assert!(
        message(&json, "privacy-url-unverified").contains("more than 6 seconds in all"),
        "{json:#}"
    );
    assert!(took < Duration::from_secs(9), "took {took:?}");
    assert_eq!(site.server.requests_for("/dse"), 2);
}

#[test]
fn a_redirect_to_loopback_is_blocked_without_permission() {
    // The form's server sits on 127.0.0.2, which the run allows; its redirect leads to
    // 127.0.0.1, which it does not.
    let s = Scratch::new();
    let inside = Server::http("127.0.0.1");
    inside.route("/secret", vec![Reply::policy()]);
    let (outside, ca) = https_server_on(&s, "127.0.0.2", &["dse.test"]);
    // Validates a form linking to `path` on the outside server, reached by the name
    // dse.test; `pins` resolve names, and only the outside server's address is allowed.
    let check_outside = |path: &str, pins: &[&str]| {
        form_with_url(&s, "form.toml", &outside.url("https", "dse.test", path));
        let mut args = Vec::new();
        for pin in pins {
            args.extend(["--resolve", pin]);
        }
        args.extend([
            "--allow-network",
            "127.0.0.2/32",
            "--ca-cert",
            &ca,
            "form.toml",
        ]);
        run(&s, &args)
    };
    let pin = "dse.test:127.0.0.2";
    outside.route(
        "/dse",
        vec![Reply::redirect(&inside.url(
            "https",
            "127.0.0.1",
            "/secret",
        ))],
    );
    let (code, json) = check_outside("/dse", &[pin]);
    assert_findings(code, &json, 1, &["privacy-url-blocked"]);
    assert!(message(&json, "privacy-url-blocked").contains("127.0.0.1"));
    assert_eq!(
        inside.seen().len(),
        0,
        "the internal server was never asked"
    );
    // A redirect by name to a host pinned to loopback is blocked just the same.
    outside.route(
        "/dse2",
        vec![Reply::redirect(&format!(
            "https://intern.test:{}/secret",
            inside.addr.port()
        ))],
    );
    let (code, json) = check_outside("/dse2", &[pin, "intern.test:127.0.0.1"]);
    assert_findings(code, &json, 1, &["privacy-url-blocked"]);
    assert_eq!(inside.seen().len(), 0);
}

#[test]
fn names_that_resolve_to_private_addresses_are_blocked() {
    let s = Scratch::new();
    let server = Server::http("127.0.0.1");
    server.route("/dse", vec![Reply::policy()]);
    form_with_url(&s, "form.toml", &server.url("https", "localhost", "/dse"));
    let (code, json) = run(&s, &["form.toml"]);
    assert_findings(code, &json, 1, &["privacy-url-blocked"]);
    form_with_url(&s, "form.toml", &server.url("https", "dse.test", "/dse"));
    let (code, json) = run(&s, &["--resolve", "dse.test:127.0.0.1", "form.toml"]);
    assert_findings(code, &json, 1, &["privacy-url-blocked"]);
    form_with_url(
        &s,
        "form.toml",
        &server.url("https", "[::ffff:127.0.0.1]", "/dse"),
    );
    let (code, json) = run(&s, &["form.toml"]);
    assert!(codes(&json).contains(&"privacy-url-blocked"), "{json:#}");
    assert_eq!(code, 1);
    assert_eq!(server.seen().len(), 0, "nothing was sent");
}

#[test]
fn an_ipv4_translated_address_of_loopback_is_blocked() {
    // ::ffff:0:a.b.c.d (RFC 2765) carries an IPv4 address like ::ffff:a.b.c.d does, but
    // counted as public: only the guard's table stood between it and a request.
    let s = Scratch::new();
    form_with_url(&s, "form.toml", "https://[::ffff:0:127.0.0.1]/dse");
    let (code, json) = run(&s, &["form.toml"]);
    assert!(codes(&json).contains(&"privacy-url-blocked"), "{json:#}");
    assert!(message(&json, "privacy-url-blocked").contains("::ffff:0:7f00:1"));
    assert_eq!(code, 1);
}

#[test]
fn a_server_that_never_answers_is_unverified_after_the_time_out() {
    let site = Site::new();
    site.server.route(
        "/dse",
        vec![Reply {
            body: Body::Never,
            ..Reply::status(200)
        }],
    );
    site.link("/dse");
    let (code, json) = site.validate(&["--timeout", "1", "form.toml"]);
    assert_findings(code, &json, 0, &["privacy-url-unverified"]);
    assert!(message(&json, "privacy-url-unverified").contains("did not answer in time"));
    assert_eq!(
        site.server.requests_for("/dse"),
        3,
        "time-outs are retried twice"
    );
}

#[test]
fn a_body_that_stalls_after_the_status_is_unverified_not_judged() {
    // The status and the first words of the page come at once; the rest never does. What
    // was read mentions no policy, but the page was not read: the link cannot be judged.
    let site = Site::new();
    site.server.route(
        "/dse",
        vec![Reply {
            body: Body::Stall(b"<html><body><h1>Willkommen".to_vec()),
            ..Reply::html("")
        }],
    );
    site.link("/dse");
    let (code, json) = site.validate(&["--timeout", "1", "form.toml"]);
    assert_findings(code, &json, 0, &["privacy-url-unverified"]);
    assert!(
        message(&json, "privacy-url-unverified").contains("did not answer in time"),
        "{json:#}"
    );
    assert_eq!(
        site.server.requests_for("/dse"),
        3,
        "time-outs are retried twice"
    );
}

#[test]
fn head_refused_falls_back_to_get_for_a_pdf() {
    let site = Site::new();
    site.server.route("HEAD /dse.pdf", vec![Reply::status(405)]);
    site.server.route(
        "GET /dse.pdf",
        vec![Reply::content("application/pdf", b"%PDF-1.7 ...")],
    );
    let (code, json) = site.check("/dse.pdf");
    assert_findings(code, &json, 0, &[]);
    let methods: Vec<String> = site
        .server
        .seen()
        .iter()
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(methods, ["HEAD", "GET"]);
}

#[test]
fn a_pdf_answering_head_is_not_downloaded() {
    let site = Site::new();
    site.server.route(
        "/dse.pdf",
        vec![Reply::content("application/pdf", b"%PDF-1.7")],
    );
    let (code, json) = site.check("/dse.pdf");
    assert_findings(code, &json, 0, &[]);
    assert_eq!(
        site.server
            .seen()
            .iter()
            .map(|r| r.method.as_str())
            .collect::<Vec<_>>(),
        ["HEAD"]
    );
}

#[test]
fn a_huge_body_is_read_only_up_to_the_cap() {
    let site = Site::new();
    let huge = Reply {
        body: Body::Repeat {
            byte: b'x',
            len: 50 * 1024 * 1024,
        },
        ..Reply::html("")
    };
    site.server.route("/dse", vec![huge]);
    let (code, json) = site.check("/dse");
    assert_findings(code, &json, 0, &["privacy-url-not-policy"]);
    // The client stopped after 2 MiB; socket buffers let the server write a little more.
    assert!(
        site.server.bytes_sent() < 20 * 1024 * 1024,
        "sent {} bytes",
        site.server.bytes_sent()
    );
}

#[test]
fn a_redirect_without_a_target_and_a_page_without_a_media_type_are_said_in_the_language() {
    let site = Site::new();
    site.server.route("/moved", vec![Reply::status(302)]);
    site.server.route(
        "/untyped",
        vec![Reply::status(200).body(b"plain text, no page")],
    );
    for (path, code, english, german) in [
        (
            "/moved",
            "privacy-url-dead",
            "answers HTTP 302 without saying where to",
            "antwortet mit HTTP 302, ohne zu sagen, wohin",
        ),
        (
            "/untyped",
            "privacy-url-not-policy",
            "is neither an HTML page nor a PDF (the server names no media type)",
            "ist weder eine HTML-Seite noch ein PDF (der Server nennt keinen Medientyp)",
        ),
    ] {
        site.link(path);
        for (lang, words) in [("en", english), ("de", german)] {
            let (_, json) = site.validate(&["--lang", lang, "form.toml"]);
            assert_eq!(codes(&json), [code], "{json:#}");
            let said = message(&json, code);
            assert!(said.contains(words), "{lang}: {said}");
        }
    }
}

#[test]
fn json_is_not_a_policy_and_html_must_mention_it() {
    let site = Site::new();
    site.server
        .route("/api", vec![Reply::content("application/json", b"{}")]);
    let (code, json) = site.check("/api");
    assert_findings(code, &json, 0, &["privacy-url-not-policy"]);
    assert!(message(&json, "privacy-url-not-policy").contains("application/json"));
    site.server.route(
        "/home",
        vec![Reply::html(
            "<html><body>Willkommen im Rathaus</body></html>",
        )],
    );
    let (_, json) = site.check("/home");
    assert_eq!(codes(&json), vec!["privacy-url-not-policy"], "{json:#}");
    site.server.route(
        "/en",
        vec![Reply::html("<html><body>Privacy notice</body></html>")],
    );
    let (_, json) = site.check("/en");
    assert_eq!(codes(&json), Vec::<&str>::new(), "{json:#}");
}

#[test]
fn a_certificate_for_another_name_is_unverified_and_says_tls() {
    let site = Site::with_certificate_for("other.test");
    site.server.route("/dse", vec![Reply::policy()]);
    let (code, json) = site.check("/dse");
    assert_findings(code, &json, 0, &["privacy-url-unverified"]);
    assert!(
        message(&json, "privacy-url-unverified").contains("TLS"),
        "{json:#}"
    );
    assert_eq!(site.server.seen().len(), 0);
}

#[test]
fn an_unknown_certificate_authority_is_unverified() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    site.link("/dse");
    // Without `--ca-cert`: the test's CA is unknown to the run.
    let (code, json) = run(&site.scratch, &["--allow-private-networks", "form.toml"]);
    assert_findings(code, &json, 0, &["privacy-url-unverified"]);
}

#[test]
fn a_redirect_to_plain_http_is_not_https() {
    let site = Site::new();
    let plain = Server::http("127.0.0.1");
    plain.route("/dse", vec![Reply::policy()]);
    site.server.route(
        "/dse",
        vec![Reply::redirect(&plain.url("http", "localhost", "/dse"))],
    );
    let (code, json) = site.check("/dse");
    assert_findings(code, &json, 1, &["privacy-url-not-https"]);
    assert_eq!(plain.seen().len(), 0);
}

#[test]
fn a_link_named_by_two_forms_is_fetched_once() {
    let site = Site::new();
    site.server.route("/dse", vec![Reply::policy()]);
    let url = site.url("/dse");
    site.scratch.form("a.toml", &variant(DSE, &url));
    site.scratch.form(
        "b.toml",
        &variant(DSE, &url)
            .replace("tenant_id = \"testamt\"", "tenant_id = \"zweites-amt\"")
            .replace("040110000000", "040120000000"),
    );
    let (code, json) = site.validate(&["a.toml", "b.toml"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(site.server.requests_for("/dse"), 1);
}

/// Writes `n` forms `f{i}.toml`, each linking to its own path `/dse{i}` on the site, whose
/// policy page answers after `delay`; returns the forms' names.
fn forms_on_one_host(site: &Site, n: usize, delay: Duration) -> Vec<String> {
    (0..n)
        .map(|i| {
            let path = format!("/dse{i}");
            site.server.route(&path, vec![Reply::policy().delay(delay)]);
            let form = variant(DSE, &site.url(&path))
                .replace(
                    "tenant_id = \"testamt\"",
                    &format!("tenant_id = \"amt{i}\""),
                )
                .replace("[\"040110000000\"]", &format!("[\"0401100000{i:02}\"]"));
            let name = format!("f{i}.toml");
            site.scratch.form(&name, &form);
            name
        })
        .collect()
}

#[test]
fn at_most_per_host_requests_run_against_one_host() {
    let site = Site::new();
    let forms = forms_on_one_host(&site, 8, Duration::from_millis(150));
    let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
    let (_, json) = site.validate(&refs);
    let fetched: usize = (0..8)
        .map(|i| site.server.requests_for(&format!("/dse{i}")))
        .sum();
    assert_eq!(fetched, 8, "{json:#}");
    assert!(
        site.server.max_in_flight() <= 2,
        "{} at once",
        site.server.max_in_flight()
    );
    let mut more = refs.clone();
    more.extend(["--per-host", "4"]);
    let (_, _) = site.validate(&more);
    assert!(site.server.max_in_flight() <= 4);
}

#[test]
fn waiting_for_a_slot_costs_no_link_its_time_budget() {
    // 12 links on one slow host, one request at a time (by the host's or by the global
    // limit): the last ones wait 7 s for their turn, past the budget of 6 × `--timeout 1`.
    // Only the time from a link's first request counts, so every link is fetched and none
    // is unverified.
    for limits in [["--per-host", "1"], ["--concurrency", "1"]] {
        let site = Site::new();
        let forms = forms_on_one_host(&site, 12, Duration::from_millis(650));
        let mut args: Vec<&str> = forms.iter().map(String::as_str).collect();
        args.extend(["--timeout", "1"]);
        args.extend(limits);
        let (_, json) = site.validate(&args);
        for i in 0..12 {
            assert_eq!(
                site.server.requests_for(&format!("/dse{i}")),
                1,
                "{limits:?}: /dse{i} was not asked\n{json:#}"
            );
        }
        assert!(
            !codes(&json).contains(&"privacy-url-unverified"),
            "{limits:?}\n{json:#}"
        );
    }
}

#[test]
fn offline_sends_nothing_and_says_so() {
    let site = Site::new();
    site.link("/dse");
    let out = onboard(site.scratch.path(), &["validate", "--offline", "form.toml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not checked online"));
    assert_eq!(site.server.seen().len(), 0);
}
