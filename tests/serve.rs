//! `onboard serve`: started, answering, guarded by its headers, logging without values, and
//! stopping on SIGTERM.

mod common;

use common::Scratch;
use common::serve::Served;

fn get(url: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::new()
        .get(url)
        .send()
        .expect("request")
}

#[test]
fn healthz_answers_with_the_security_headers() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let response = get(&server.url("/healthz"));
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers.get("set-cookie").is_none());
}

#[test]
fn each_request_is_one_log_line_without_its_query() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let _ = get(&server.url("/healthz?name=Erika.Mustermann@example.org"));
    let status = server.terminate_keeping_log();
    let (status, log) = status;
    assert!(status.success(), "{status:?}");
    let lines: Vec<&String> = log.iter().filter(|l| l.starts_with("GET ")).collect();
    assert_eq!(lines.len(), 1, "{log:?}");
    assert!(lines[0].starts_with("GET /healthz 200 "), "{}", lines[0]);
    assert!(lines[0].ends_with(" ms"), "{}", lines[0]);
    assert!(!log.iter().any(|l| l.contains("Mustermann")), "{log:?}");
}

#[test]
fn an_address_in_use_is_exit_2_with_a_message() {
    let dir = Scratch::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = common::onboard(dir.path(), &["serve", "--offline", "--listen", &addr]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = common::stderr(&out);
    assert!(
        stderr.contains(&format!("cannot serve on {addr}")),
        "{stderr}"
    );
}
