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

/// An HTTPS server on 127.0.0.1 for `localhost`, and the CA file to trust it.
fn https_server(scratch: &Scratch) -> (Server, String) {
    let tls = Tls::for_names(&["localhost"]);
    let ca = scratch.write("ca.pem", &tls.ca_pem);
    (Server::https("127.0.0.1", &tls), ca.display().to_string())
}

/// Checks one link served by an HTTPS server, with private networks allowed.
fn check_one(server: &Server, ca: &str, scratch: &Scratch, path: &str) -> (i32, Value) {
    form_with_url(
        scratch,
        "form.toml",
        &server.url("https", "localhost", path),
    );
    run(
        scratch,
        &["--allow-private-networks", "--ca-cert", ca, "form.toml"],
    )
}

fn message(json: &Value, code: &str) -> String {
    only(json, code)["message"].as_str().unwrap().to_owned()
}

#[test]
fn a_live_policy_page_has_no_finding_and_names_the_tool() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("/dse", vec![Reply::policy()]);
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    let seen = server.seen();
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
        let s = Scratch::new();
        let (server, ca) = https_server(&s);
        server.route("/dse", vec![Reply::status(status)]);
        let (code, json) = check_one(&server, &ca, &s, "/dse");
        assert_eq!(
            (code, codes(&json)),
            (1, vec!["privacy-url-dead"]),
            "{json:#}"
        );
        let d = only(&json, "privacy-url-dead");
        assert_eq!(d["field"], "privacy_policy.url");
        assert!(d["message"].as_str().unwrap().contains(&status.to_string()));
        assert_eq!(
            server.requests_for("/dse"),
            1,
            "no retry for a definite answer"
        );
    }
}

#[test]
fn server_errors_are_dead_after_retries() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("/dse", vec![Reply::status(500), Reply::status(500)]);
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!(
        (code, codes(&json)),
        (1, vec!["privacy-url-dead"]),
        "{json:#}"
    );
    assert_eq!(
        server.requests_for("/dse"),
        3,
        "one request and two retries"
    );
}

#[test]
fn unavailable_then_ok_is_live_after_a_retry() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("/dse", vec![Reply::status(503), Reply::policy()]);
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    assert_eq!(server.requests_for("/dse"), 2);
}

#[test]
fn too_many_requests_honours_retry_after() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route(
        "/dse",
        vec![
            Reply::status(429).header("Retry-After", "1"),
            Reply::policy(),
        ],
    );
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    assert_eq!(server.requests_for("/dse"), 2);
}

#[test]
fn a_refusal_that_stays_is_unverified_not_dead() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("/dse", vec![Reply::status(403)]);
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-unverified"]),
        "{json:#}"
    );
}

#[test]
fn two_redirects_are_followed_and_the_final_url_named() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("/old", vec![Reply::redirect("/older")]);
    server.route(
        "/older",
        vec![Reply::redirect(&server.url("https", "localhost", "/dse"))],
    );
    server.route("/dse", vec![Reply::policy()]);
    let (code, json) = check_one(&server, &ca, &s, "/old");
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-redirected"]),
        "{json:#}"
    );
    assert!(
        message(&json, "privacy-url-redirected").contains(&server.url(
            "https",
            "localhost",
            "/dse"
        ))
    );
}

#[test]
fn six_redirects_are_too_many() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    for i in 0..6 {
        server.route(
            &format!("/r{i}"),
            vec![Reply::redirect(&format!("/r{}", i + 1))],
        );
    }
    server.route("/r6", vec![Reply::policy()]);
    let (code, json) = check_one(&server, &ca, &s, "/r0");
    assert_eq!(code, 0, "{json:#}");
    assert!(codes(&json).contains(&"privacy-url-unverified"), "{json:#}");
    assert!(
        message(&json, "privacy-url-unverified").contains("redirects more than 5"),
        "{json:#}"
    );
    assert_eq!(server.requests_for("/r6"), 0);
}

#[test]
fn a_redirect_to_an_over_long_url_is_not_followed() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    let long = format!("/{}", "d".repeat(onboard::limits::MAX_URL_LEN));
    server.route("/old", vec![Reply::redirect(&long)]);
    let (code, json) = check_one(&server, &ca, &s, "/old");
    assert_eq!(code, 0, "{json:#}");
    assert!(
        message(&json, "privacy-url-unverified").contains("too long to follow"),
        "{json:#}"
    );
    assert_eq!(server.seen().len(), 1, "the long URL was not requested");
}

#[test]
fn a_link_that_takes_longer_than_its_budget_in_all_is_unverified() {
    // Each answer comes at once, but asks to wait 5 s before the next try: two waits
    // are past the budget of 6 × `--timeout 1`.
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("/dse", vec![Reply::status(503).header("Retry-After", "5")]);
    form_with_url(&s, "form.toml", &server.url("https", "localhost", "/dse"));
    let started = std::time::Instant::now();
    let (code, json) = run(
        &s,
        &[
            "--allow-private-networks",
            "--ca-cert",
            &ca,
            "--timeout",
            "1",
            "form.toml",
        ],
    );
    let took = started.elapsed();
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-unverified"]),
        "{json:#}"
    );
    assert!(
        message(&json, "privacy-url-unverified").contains("more than 6 seconds in all"),
        "{json:#}"
    );
    assert!(took < Duration::from_secs(9), "took {took:?}");
    assert_eq!(server.requests_for("/dse"), 2);
}

#[test]
fn a_redirect_to_loopback_is_blocked_without_permission() {
    // The form's server sits on 127.0.0.2, which the run allows; its redirect leads to
    // 127.0.0.1, which it does not.
    let s = Scratch::new();
    let inside = Server::http("127.0.0.1");
    inside.route("/secret", vec![Reply::policy()]);
    let tls = Tls::for_names(&["dse.test"]);
    let ca = s.write("ca.pem", &tls.ca_pem).display().to_string();
    let outside = Server::https("127.0.0.2", &tls);
    let pin = "dse.test:127.0.0.2";
    outside.route(
        "/dse",
        vec![Reply::redirect(&inside.url(
            "https",
            "127.0.0.1",
            "/secret",
        ))],
    );
    form_with_url(&s, "form.toml", &outside.url("https", "dse.test", "/dse"));
    let (code, json) = run(
        &s,
        &[
            "--resolve",
            pin,
            "--allow-network",
            "127.0.0.2/32",
            "--ca-cert",
            &ca,
            "form.toml",
        ],
    );
    assert_eq!(
        (code, codes(&json)),
        (1, vec!["privacy-url-blocked"]),
        "{json:#}"
    );
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
    form_with_url(&s, "form.toml", &outside.url("https", "dse.test", "/dse2"));
    let (code, json) = run(
        &s,
        &[
            "--resolve",
            pin,
            "--resolve",
            "intern.test:127.0.0.1",
            "--allow-network",
            "127.0.0.2/32",
            "--ca-cert",
            &ca,
            "form.toml",
        ],
    );
    assert_eq!(
        (code, codes(&json)),
        (1, vec!["privacy-url-blocked"]),
        "{json:#}"
    );
    assert_eq!(inside.seen().len(), 0);
}

#[test]
fn names_that_resolve_to_private_addresses_are_blocked() {
    let s = Scratch::new();
    let server = Server::http("127.0.0.1");
    server.route("/dse", vec![Reply::policy()]);
    form_with_url(&s, "form.toml", &server.url("https", "localhost", "/dse"));
    let (code, json) = run(&s, &["form.toml"]);
    assert_eq!(
        (code, codes(&json)),
        (1, vec!["privacy-url-blocked"]),
        "{json:#}"
    );
    form_with_url(&s, "form.toml", &server.url("https", "dse.test", "/dse"));
    let (code, json) = run(&s, &["--resolve", "dse.test:127.0.0.1", "form.toml"]);
    assert_eq!(
        (code, codes(&json)),
        (1, vec!["privacy-url-blocked"]),
        "{json:#}"
    );
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
fn a_server_that_never_answers_is_unverified_after_the_time_out() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route(
        "/dse",
        vec![Reply {
            body: Body::Never,
            ..Reply::status(200)
        }],
    );
    form_with_url(&s, "form.toml", &server.url("https", "localhost", "/dse"));
    let (code, json) = run(
        &s,
        &[
            "--allow-private-networks",
            "--ca-cert",
            &ca,
            "--timeout",
            "1",
            "form.toml",
        ],
    );
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-unverified"]),
        "{json:#}"
    );
    assert!(message(&json, "privacy-url-unverified").contains("did not answer in time"));
    assert_eq!(
        server.requests_for("/dse"),
        3,
        "time-outs are retried twice"
    );
}

#[test]
fn head_refused_falls_back_to_get_for_a_pdf() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("HEAD /dse.pdf", vec![Reply::status(405)]);
    server.route(
        "GET /dse.pdf",
        vec![
            Reply::status(200)
                .header("Content-Type", "application/pdf")
                .body(b"%PDF-1.7 ..."),
        ],
    );
    let (code, json) = check_one(&server, &ca, &s, "/dse.pdf");
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    let methods: Vec<String> = server.seen().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["HEAD", "GET"]);
}

#[test]
fn a_pdf_answering_head_is_not_downloaded() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route(
        "/dse.pdf",
        vec![
            Reply::status(200)
                .header("Content-Type", "application/pdf")
                .body(b"%PDF-1.7"),
        ],
    );
    let (code, json) = check_one(&server, &ca, &s, "/dse.pdf");
    assert_eq!((code, codes(&json)), (0, vec![]), "{json:#}");
    assert_eq!(
        server
            .seen()
            .iter()
            .map(|r| r.method.as_str())
            .collect::<Vec<_>>(),
        ["HEAD"]
    );
}

#[test]
fn a_huge_body_is_read_only_up_to_the_cap() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    let huge = Reply {
        body: Body::Repeat {
            byte: b'x',
            len: 50 * 1024 * 1024,
        },
        ..Reply::html("")
    };
    server.route("/dse", vec![huge]);
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-not-policy"]),
        "{json:#}"
    );
    // The client stopped after 2 MiB; socket buffers let the server write a little more.
    assert!(
        server.bytes_sent() < 20 * 1024 * 1024,
        "sent {} bytes",
        server.bytes_sent()
    );
}

#[test]
fn json_is_not_a_policy_and_html_must_mention_it() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route(
        "/api",
        vec![
            Reply::status(200)
                .header("Content-Type", "application/json")
                .body(b"{}"),
        ],
    );
    let (code, json) = check_one(&server, &ca, &s, "/api");
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-not-policy"]),
        "{json:#}"
    );
    assert!(message(&json, "privacy-url-not-policy").contains("application/json"));
    server.route(
        "/home",
        vec![Reply::html(
            "<html><body>Willkommen im Rathaus</body></html>",
        )],
    );
    let (_, json) = check_one(&server, &ca, &s, "/home");
    assert_eq!(codes(&json), vec!["privacy-url-not-policy"], "{json:#}");
    server.route(
        "/en",
        vec![Reply::html("<html><body>Privacy notice</body></html>")],
    );
    let (_, json) = check_one(&server, &ca, &s, "/en");
    assert_eq!(codes(&json), Vec::<&str>::new(), "{json:#}");
}

#[test]
fn a_certificate_for_another_name_is_unverified_and_says_tls() {
    let s = Scratch::new();
    let tls = Tls::for_names(&["other.test"]);
    let ca = s.write("ca.pem", &tls.ca_pem).display().to_string();
    let server = Server::https("127.0.0.1", &tls);
    server.route("/dse", vec![Reply::policy()]);
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-unverified"]),
        "{json:#}"
    );
    assert!(
        message(&json, "privacy-url-unverified").contains("TLS"),
        "{json:#}"
    );
    assert_eq!(server.seen().len(), 0);
}

#[test]
fn an_unknown_certificate_authority_is_unverified() {
    let s = Scratch::new();
    let (server, _ca) = https_server(&s);
    server.route("/dse", vec![Reply::policy()]);
    form_with_url(&s, "form.toml", &server.url("https", "localhost", "/dse"));
    let (code, json) = run(&s, &["--allow-private-networks", "form.toml"]);
    assert_eq!(
        (code, codes(&json)),
        (0, vec!["privacy-url-unverified"]),
        "{json:#}"
    );
}

#[test]
fn a_redirect_to_plain_http_is_not_https() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    let plain = Server::http("127.0.0.1");
    plain.route("/dse", vec![Reply::policy()]);
    server.route(
        "/dse",
        vec![Reply::redirect(&plain.url("http", "localhost", "/dse"))],
    );
    let (code, json) = check_one(&server, &ca, &s, "/dse");
    assert_eq!(
        (code, codes(&json)),
        (1, vec!["privacy-url-not-https"]),
        "{json:#}"
    );
    assert_eq!(plain.seen().len(), 0);
}

#[test]
fn a_link_named_by_two_forms_is_fetched_once() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    server.route("/dse", vec![Reply::policy()]);
    let url = server.url("https", "localhost", "/dse");
    s.form("a.toml", &variant(DSE, &url));
    s.form(
        "b.toml",
        &variant(DSE, &url)
            .replace("tenant_id = \"testamt\"", "tenant_id = \"zweites-amt\"")
            .replace("040110000000", "040120000000"),
    );
    let (code, json) = run(
        &s,
        &[
            "--allow-private-networks",
            "--ca-cert",
            &ca,
            "a.toml",
            "b.toml",
        ],
    );
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(server.requests_for("/dse"), 1);
}

#[test]
fn at_most_per_host_requests_run_against_one_host() {
    let s = Scratch::new();
    let (server, ca) = https_server(&s);
    let mut args = vec![
        "--allow-private-networks".to_owned(),
        "--ca-cert".to_owned(),
        ca.clone(),
    ];
    for i in 0..8 {
        let path = format!("/dse{i}");
        server.route(
            &path,
            vec![Reply::policy().delay(Duration::from_millis(150))],
        );
        let form = variant(DSE, &server.url("https", "localhost", &path))
            .replace(
                "tenant_id = \"testamt\"",
                &format!("tenant_id = \"amt{i}\""),
            )
            .replace("[\"040110000000\"]", &format!("[\"04011000000{i}\"]"));
        s.form(&format!("f{i}.toml"), &form);
        args.push(format!("f{i}.toml"));
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, json) = run(&s, &refs);
    let fetched: usize = (0..8)
        .map(|i| server.requests_for(&format!("/dse{i}")))
        .sum();
    assert_eq!(fetched, 8, "{json:#}");
    assert!(
        server.max_in_flight() <= 2,
        "{} at once",
        server.max_in_flight()
    );
    let mut more = refs.clone();
    more.extend(["--per-host", "4"]);
    let (_, _) = run(&s, &more);
    assert!(server.max_in_flight() <= 4);
}

#[test]
fn offline_sends_nothing_and_says_so() {
    let s = Scratch::new();
    let (server, _ca) = https_server(&s);
    form_with_url(&s, "form.toml", &server.url("https", "localhost", "/dse"));
    let out = onboard(s.path(), &["validate", "--offline", "form.toml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not checked online"));
    assert_eq!(server.seen().len(), 0);
}
