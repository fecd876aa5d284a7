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

// --- POST /api/validate ---------------------------------------------------------------

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use onboard::limits::{BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT};

use reqwest::blocking::multipart::{Form, Part};
use serde_json::Value;

mod server;

/// `POST /api/validate?QUERY` with the form (`name`, `bytes`) and, if given, a logo.
fn post_form(
    server: &Served,
    query: &str,
    name: &str,
    bytes: &[u8],
    logo: Option<&[u8]>,
) -> reqwest::blocking::Response {
    let mut form = Form::new().part(
        "form",
        Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    if let Some(logo) = logo {
        // The upload's own name does not matter: the bytes stand for the form's logo.file.
        form = form.part("logo", Part::bytes(logo.to_vec()).file_name("upload.bin"));
    }
    reqwest::blocking::Client::new()
        .post(server.url(&format!("/api/validate?{query}")))
        .multipart(form)
        .send()
        .expect("request")
}

/// Sends `head` and then `body` (as far as the server reads it) on a connection of its
/// own, and returns what the server answered before it closed the connection.
fn raw(server: &Served, head: &[u8], body: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(head).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let body = body.to_vec();
    // The server may answer and close before it has read everything.
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let _ = sending.join();
    String::from_utf8_lossy(&answer).into_owned()
}

fn json_of(response: reqwest::blocking::Response) -> Value {
    let text = response.text().expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON ({e}): {text}"))
}

/// The form files whose logo is at hand or who name none, with that logo: the shipped
/// forms, and the tests' own valid form with each logo fixture in turn (and with none).
fn fixture_forms(scratch: &Scratch) -> Vec<(PathBuf, Option<PathBuf>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut forms = Vec::new();
    for dir in ["order-forms", "examples/mistakes"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                forms.push(path);
            }
        }
    }
    let mut logos = Vec::new();
    for dir in ["tests/fixtures/raster", "tests/fixtures/svg"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            logos.push(entry.unwrap().path());
        }
    }
    logos.sort();
    for (i, logo) in logos.iter().enumerate() {
        let ext = logo.extension().unwrap().to_str().unwrap();
        let form = common::variant("file = \"logo.png\"", &format!("file = \"logo-{i}.{ext}\""));
        scratch.write(&format!("logo-{i}.{ext}"), std::fs::read(logo).unwrap());
        forms.push(scratch.write(&format!("fixture-{i}.toml"), form));
    }
    forms.push(scratch.form("valid.toml", common::VALID_FORM));
    let without = common::VALID_FORM.replace(
        "[logo]\nfile = \"logo.png\"\nalt_text = \"Logo des Testamts\"\n",
        "",
    );
    forms.push(scratch.write("no-logo.toml", without));
    forms.sort();
    forms
        .into_iter()
        .filter_map(|form| {
            let text = std::fs::read_to_string(&form).unwrap();
            let table: toml::Table = text.parse().ok()?;
            match table
                .get("logo")
                .and_then(|l| l.get("file"))
                .and_then(|f| f.as_str())
            {
                None => Some((form, None)),
                Some(file) => {
                    let logo = form.parent().unwrap().join(file);
                    logo.is_file().then_some((form, Some(logo)))
                }
            }
        })
        .collect()
}

#[test]
fn validate_gives_the_findings_of_the_command_line_for_every_fixture_form() {
    let scratch = Scratch::new();
    let forms = fixture_forms(&scratch);
    assert!(forms.len() > 40, "{}", forms.len());
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    for (form, logo) in &forms {
        let folder = form.parent().unwrap();
        let name = form.file_name().unwrap().to_str().unwrap();
        let bytes = std::fs::read(form).unwrap();
        let logo = logo.as_ref().map(|l| std::fs::read(l).unwrap());
        for lang in ["de", "en"] {
            let out = common::onboard(
                folder,
                &[
                    "--lang",
                    lang,
                    "validate",
                    "--offline",
                    "--format",
                    "json",
                    name,
                ],
            );
            let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
            let response = post_form(
                &server,
                &format!("lang={lang}"),
                name,
                &bytes,
                logo.as_deref(),
            );
            assert_eq!(response.status(), 200, "{name}");
            let web = json_of(response);
            assert_eq!(web["files"], cli["files"], "{name} ({lang})");
            assert_eq!(web["summary"], cli["summary"], "{name} ({lang})");
        }
    }
}

#[test]
fn validate_speaks_german_unless_asked_otherwise() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let form = common::VALID_FORM.replace("tenant_id = \"testamt\"", "tenant_id = \"Test Amt\"");
    let message = |response: reqwest::blocking::Response| {
        let json = json_of(response);
        json["files"][0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let client = reqwest::blocking::Client::new();
    let german = message(post_form(&server, "", "f.toml", form.as_bytes(), None));
    let english = message(post_form(
        &server,
        "lang=en",
        "f.toml",
        form.as_bytes(),
        None,
    ));
    assert_ne!(german, english);
    let by_header = client
        .post(server.url("/api/validate"))
        .header("Accept-Language", "en-GB,en;q=0.9,de;q=0.5")
        .multipart(Form::new().part(
            "form",
            Part::bytes(form.clone().into_bytes()).file_name("f.toml"),
        ))
        .send()
        .unwrap();
    assert_eq!(message(by_header), english);
    let query_wins = client
        .post(server.url("/api/validate?lang=de"))
        .header("Accept-Language", "en")
        .multipart(Form::new().part("form", Part::bytes(form.into_bytes()).file_name("f.toml")))
        .send()
        .unwrap();
    assert_eq!(message(query_wins), german);
}

#[test]
fn validate_says_when_links_were_not_checked() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let form = common::VALID_FORM.as_bytes();
    let png = common::png(256, 256);
    for query in ["", "online=true", "online=true&lang=en"] {
        let json = json_of(post_form(&server, query, "f.toml", form, Some(&png)));
        assert_eq!(json["links"]["checked"], false, "{query}: {json:#}");
        let note = json["links"]["note"].as_str().unwrap();
        assert!(note.contains("online"), "{note}");
        assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    }
}

#[test]
fn validate_without_a_form_part_is_400_with_a_reason() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let client = reqwest::blocking::Client::new();
    let only_logo = Form::new().part("logo", Part::bytes(common::png(8, 8)).file_name("l.png"));
    let response = client
        .post(server.url("/api/validate?lang=en"))
        .multipart(only_logo)
        .send()
        .unwrap();
    assert_eq!(response.status(), 400);
    let error = json_of(response)["error"].as_str().unwrap().to_owned();
    assert!(error.contains("`form`"), "{error}");
    let not_multipart = client
        .post(server.url("/api/validate"))
        .body("schema_version = 1\n")
        .send()
        .unwrap();
    assert_eq!(not_multipart.status(), 400);
    assert!(json_of(not_multipart)["error"].is_string());
}

#[test]
fn validate_refuses_past_the_limits_with_413() {
    use onboard::limits::{MAX_FORM_BYTES, MAX_LOGO_BYTES, MAX_REQUEST_BYTES};
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let at_limit = vec![b'#'; MAX_FORM_BYTES as usize];
    assert_eq!(
        post_form(&server, "", "f.toml", &at_limit, None).status(),
        200
    );
    let past = vec![b'#'; MAX_FORM_BYTES as usize + 1];
    let response = post_form(&server, "lang=en", "f.toml", &past, None);
    assert_eq!(response.status(), 413);
    assert!(
        json_of(response)["error"]
            .as_str()
            .unwrap()
            .contains("form")
    );
    let logo = vec![0u8; MAX_LOGO_BYTES as usize + 1];
    let response = post_form(
        &server,
        "lang=en",
        "f.toml",
        common::VALID_FORM.as_bytes(),
        Some(&logo),
    );
    assert_eq!(response.status(), 413);
    assert!(
        json_of(response)["error"]
            .as_str()
            .unwrap()
            .contains("logo")
    );
    // Past the whole body's bound, in a part no one asked for: refused, whether the body
    // announces its length or comes in chunks.
    let head = format!(
        "POST /api/validate HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\n\r\n",
        MAX_REQUEST_BYTES + 1
    );
    assert!(raw(&server, head.as_bytes(), &[]).starts_with("HTTP/1.1 413"));
    let mut chunked = Vec::new();
    let part = "--b\r\nContent-Disposition: form-data; name=\"padding\"\r\n\r\n";
    chunked.extend_from_slice(format!("{:x}\r\n{part}\r\n", part.len()).as_bytes());
    for _ in 0..(MAX_REQUEST_BYTES / 65536 + 2) {
        chunked.extend_from_slice(format!("{:x}\r\n", 65536).as_bytes());
        chunked.extend_from_slice(&[b'x'; 65536]);
        chunked.extend_from_slice(b"\r\n");
    }
    let head = "POST /api/validate HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n";
    let answer = raw(&server, head.as_bytes(), &chunked);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // The server still answers.
    assert_eq!(get(&server.url("/healthz")).status(), 200);
}

// --- slow clients ---------------------------------------------------------------------

#[test]
fn a_client_sending_its_headers_byte_by_byte_is_cut_off_while_others_are_answered() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    let head = b"POST /api/validate HTTP/1.1\r\nHost: x\r\nX-Padding: ";
    let mut closed = false;
    for byte in head.iter().chain(std::iter::repeat(&b'a')) {
        if slow.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 64];
        match slow.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
        // Meanwhile the server answers everyone else.
        assert_eq!(get(&server.url("/healthz")).status(), 200);
        if started.elapsed() > HEADER_READ_TIMEOUT + Duration::from_secs(10) {
            break;
        }
    }
    assert!(closed, "the slow client was not cut off");
    let took = started.elapsed();
    assert!(
        took >= HEADER_READ_TIMEOUT && took < HEADER_READ_TIMEOUT + Duration::from_secs(5),
        "{took:?}"
    );
}

#[test]
fn a_client_that_stops_mid_body_is_cut_off_while_others_are_answered() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let mut stalled = TcpStream::connect(server.addr).unwrap();
    let part = "--b\r\nContent-Disposition: form-data; name=\"form\"; filename=\"f.toml\"\r\n\r\nschema_version = 1\n";
    let head = format!(
        "POST /api/validate HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\n\r\n",
        part.len() + 1000
    );
    stalled.write_all(head.as_bytes()).unwrap();
    stalled.write_all(part.as_bytes()).unwrap();
    stalled
        .set_read_timeout(Some(BODY_READ_TIMEOUT + Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    let answering = std::thread::spawn(move || {
        let mut answer = Vec::new();
        let _ = stalled.read_to_end(&mut answer);
        (
            started.elapsed(),
            String::from_utf8_lossy(&answer).into_owned(),
        )
    });
    for _ in 0..3 {
        let response = post_form(&server, "", "f.toml", common::VALID_FORM.as_bytes(), None);
        assert_eq!(response.status(), 200);
        std::thread::sleep(Duration::from_millis(300));
    }
    let (took, answer) = answering.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        took >= BODY_READ_TIMEOUT && took < BODY_READ_TIMEOUT + Duration::from_secs(5),
        "{took:?}"
    );
}

// --- online=true: rate, cache, guard --------------------------------------------------

use server::{Reply, Server, Tls};

/// An HTTPS server on 127.0.0.1 for the name `localhost`, whose CA lies in `scratch`.
fn policy_site(scratch: &Scratch) -> (Server, String) {
    let tls = Tls::for_names(&["localhost"]);
    let ca = scratch.write("ca.pem", &tls.ca_pem);
    let site = Server::https("127.0.0.1", &tls);
    site.route("/dse", vec![Reply::policy()]);
    (site, ca.display().to_string())
}

/// The valid form whose privacy link is `url`.
fn form_linking(url: &str) -> Vec<u8> {
    common::variant("https://www.testamt.example/datenschutz", url).into_bytes()
}

fn codes_of(json: &Value) -> Vec<String> {
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn online_checks_are_limited_per_client_and_offline_ones_are_not() {
    let dir = Scratch::new();
    let (site, ca) = policy_site(&dir);
    let server = Served::start(
        dir.path(),
        &[
            "--online-rate",
            "2",
            "--allow-private-networks",
            "--ca-cert",
            &ca,
            "--timeout",
            "5",
        ],
    );
    let form = form_linking(&site.url("https", "localhost", "/dse"));
    let png = common::png(256, 256);
    for _ in 0..2 {
        let response = post_form(&server, "online=true", "f.toml", &form, Some(&png));
        assert_eq!(response.status(), 200);
        let json = json_of(response);
        assert_eq!(json["links"]["checked"], true, "{json:#}");
        assert!(codes_of(&json).is_empty(), "{json:#}");
    }
    let refused = post_form(&server, "online=true&lang=en", "f.toml", &form, Some(&png));
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=31).contains(&wait), "{wait}");
    assert!(
        json_of(refused)["error"]
            .as_str()
            .unwrap()
            .contains("online")
    );
    // Offline checks are not counted.
    for _ in 0..5 {
        assert_eq!(
            post_form(&server, "", "f.toml", &form, Some(&png)).status(),
            200
        );
    }
}

#[test]
fn behind_a_proxy_the_right_most_forwarded_address_is_the_client() {
    let dir = Scratch::new();
    let (site, ca) = policy_site(&dir);
    let server = Served::start(
        dir.path(),
        &[
            "--online-rate",
            "1",
            "--allow-private-networks",
            "--ca-cert",
            &ca,
            "--client-ip-header",
            "X-Forwarded-For",
        ],
    );
    let form = form_linking(&site.url("https", "localhost", "/dse"));
    let send = |forwarded: &str| {
        let upload = Form::new().part("form", Part::bytes(form.clone()).file_name("f.toml"));
        reqwest::blocking::Client::new()
            .post(server.url("/api/validate?online=true"))
            .header("X-Forwarded-For", forwarded)
            .multipart(upload)
            .send()
            .unwrap()
            .status()
    };
    assert_eq!(send("203.0.113.1"), 200);
    assert_eq!(send("203.0.113.1"), 429);
    // What the client wrote in front of the proxy's entry does not make it someone else.
    assert_eq!(send("198.51.100.9, 203.0.113.1"), 429);
    assert_eq!(send("203.0.113.1, 203.0.113.2"), 200);
}

#[test]
fn each_links_online_result_is_reused_across_requests() {
    let dir = Scratch::new();
    let (site, ca) = policy_site(&dir);
    let server = Served::start(dir.path(), &["--allow-private-networks", "--ca-cert", &ca]);
    let form = form_linking(&site.url("https", "localhost", "/dse"));
    let first = json_of(post_form(&server, "online=true", "a.toml", &form, None));
    let asked = site.requests_for("/dse");
    assert!(asked >= 1, "{first:#}");
    for name in ["b.toml", "c.toml"] {
        let again = json_of(post_form(&server, "online=true", name, &form, None));
        assert_eq!(
            again["files"][0]["diagnostics"],
            first["files"][0]["diagnostics"]
        );
        assert_eq!(again["links"]["checked"], true);
    }
    assert_eq!(site.requests_for("/dse"), asked, "the site was asked again");
}

#[test]
fn the_guard_keeps_links_from_private_addresses_unless_the_command_line_widens_it() {
    let dir = Scratch::new();
    let (site, ca) = policy_site(&dir);
    let form = form_linking(&site.url("https", "localhost", "/dse"));
    let png = common::png(256, 256);
    let guarded = Served::start(dir.path(), &["--ca-cert", &ca]);
    let json = json_of(post_form(
        &guarded,
        "online=true",
        "f.toml",
        &form,
        Some(&png),
    ));
    assert_eq!(codes_of(&json), ["privacy-url-blocked"], "{json:#}");
    let by_address = form_linking(&site.url("https", "127.0.0.1", "/dse"));
    let json = json_of(post_form(
        &guarded,
        "online=true",
        "f.toml",
        &by_address,
        Some(&png),
    ));
    assert!(
        codes_of(&json).contains(&"privacy-url-blocked".to_owned()),
        "{json:#}"
    );
    assert_eq!(site.seen().len(), 0, "nothing was sent to the private host");
    // Only the server's own command line lets links lead there.
    let widened = Served::start(dir.path(), &["--ca-cert", &ca, "--allow-private-networks"]);
    let json = json_of(post_form(
        &widened,
        "online=true",
        "f.toml",
        &form,
        Some(&png),
    ));
    assert!(codes_of(&json).is_empty(), "{json:#}");
}

// --- graceful stop, nothing stored -----------------------------------------------------

#[test]
fn on_sigterm_the_request_in_flight_is_answered_and_new_connections_are_refused() {
    let dir = Scratch::new();
    let tls = Tls::for_names(&["localhost"]);
    let ca = dir.write("ca.pem", &tls.ca_pem).display().to_string();
    let site = Server::https("127.0.0.1", &tls);
    site.route("/slow", vec![Reply::policy().delay(Duration::from_secs(3))]);
    let server = Served::start(dir.path(), &["--allow-private-networks", "--ca-cert", &ca]);
    let url = server.url("/api/validate?online=true");
    let form = form_linking(&site.url("https", "localhost", "/slow"));
    let in_flight = std::thread::spawn(move || {
        let upload = Form::new().part("form", Part::bytes(form).file_name("f.toml"));
        let response = reqwest::blocking::Client::new()
            .post(url)
            .multipart(upload)
            .send()
            .expect("answered");
        (response.status(), response.text().unwrap())
    });
    while site.seen().is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    server.send_sigterm();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        TcpStream::connect(server.addr).is_err(),
        "a new connection was accepted"
    );
    assert!(!in_flight.is_finished());
    let (status, body) = in_flight.join().unwrap();
    assert_eq!(status, 200, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["links"]["checked"], true, "{json:#}");
    let (status, _) = server.terminate_keeping_log();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_validate_request_leaves_nothing_on_disk() {
    let scratch = Scratch::new();
    let (cwd, tmp) = (scratch.path().join("cwd"), scratch.path().join("tmp"));
    std::fs::create_dir_all(&cwd).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let server = Served::start_with_env(&cwd, &["--offline"], &[("TMPDIR", &tmp)]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("order-forms");
    let form = std::fs::read(root.join("landkreis-osterholz.toml")).unwrap();
    let logo = std::fs::read(root.join("logos/landkreis-osterholz.png")).unwrap();
    for query in ["", "online=true"] {
        let response = post_form(
            &server,
            query,
            "landkreis-osterholz.toml",
            &form,
            Some(&logo),
        );
        assert_eq!(response.status(), 200);
    }
    let big = vec![b'#'; onboard::limits::MAX_FORM_BYTES as usize + 1];
    assert_eq!(post_form(&server, "", "big.toml", &big, None).status(), 413);
    let empty = |dir: &Path| std::fs::read_dir(dir).unwrap().count() == 0;
    assert!(empty(&cwd) && empty(&tmp));
    let status = server.terminate();
    assert!(status.success());
    assert!(empty(&cwd) && empty(&tmp));
}

// --- GET /api/areas ---------------------------------------------------------------------

#[test]
fn areas_are_found_by_name_or_key_best_first_at_most_20() {
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline"]);
    let areas = |query: &str| -> Vec<Value> {
        let response = get(&server.url(&format!("/api/areas?{query}")));
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        json_of(response).as_array().unwrap().clone()
    };
    let osterholz = serde_json::json!({"ars": "03356", "level": "kreis", "name": "Osterholz"});
    assert_eq!(areas("q=Osterholz&state=NI")[0], osterholz);
    assert_eq!(areas("q=osterh")[0], osterholz);
    assert_eq!(areas("q=03%20356")[0], osterholz);
    let in_kreis = areas("q=03356");
    assert!(
        in_kreis.len() > 1
            && in_kreis
                .iter()
                .all(|a| a["ars"].as_str().unwrap().starts_with("03356"))
    );
    assert_eq!(
        areas("q=M%C3%BCnster")[0]["name"],
        areas("q=muenster")[0]["name"]
    );
    assert_eq!(areas("q=stadt").len(), 20);
    assert!(areas("q=Osterholz&state=BY").is_empty());
    assert!(areas("q=Osterholz&state=XX").is_empty());
    assert!(areas("q=").is_empty());
    assert!(areas("").is_empty());
}

// --- onboard.toml ---------------------------------------------------------------------------

/// The server reads the repository config as every command does: its services, its
/// severities and its area directory reach the API and the pages.
#[test]
fn the_server_checks_with_the_services_severities_and_areas_of_onboard_toml() {
    let s = Scratch::new();
    s.write(
        "onboard.toml",
        "regional_keys = \"areas.txt\"\n[checks]\nlogo-too-small = \"off\"\n[[services]]\nid = \"elterngeld\"\nname = \"Elterngeld\"\nleika_id = \"99041006017000\"\n",
    );
    s.write("areas.txt", common::gv100ad("Stadtgemeinde Bremen (Probe)"));
    let server = Served::start(s.path(), &["--offline"]);
    let form = common::variant(
        "id = \"sorgeregister-negativbescheinigung\"\nleika_id = \"99013016012001\"",
        "id = \"elterngeld\"\nleika_id = \"99041006017000\"",
    );
    // A logo too small for the built-in severity, which the repository turns off.
    let json = json_of(post_form(
        &server,
        "lang=en",
        "f.toml",
        form.as_bytes(),
        Some(&common::png(16, 16)),
    ));
    let codes = codes_of(&json);
    assert!(
        codes.is_empty(),
        "the repository's service and severities: {json:#}"
    );
    let areas = json_of(get(&server.url("/api/areas?q=Probe")));
    assert_eq!(areas[0]["ars"], "040110000000", "{areas:#}");
    assert_eq!(areas[0]["name"], "Stadtgemeinde Bremen (Probe)");

    // Without that onboard.toml the same request has both findings.
    let plain = Scratch::new();
    let server = Served::start(plain.path(), &["--offline"]);
    let json = json_of(post_form(
        &server,
        "lang=en",
        "f.toml",
        form.as_bytes(),
        Some(&common::png(16, 16)),
    ));
    let codes = codes_of(&json);
    assert!(codes.contains(&"logo-too-small".to_owned()), "{codes:?}");
    assert!(codes.contains(&"unknown-service".to_owned()), "{codes:?}");
    let areas = json_of(get(&server.url("/api/areas?q=Probe")));
    assert_eq!(areas.as_array().map(Vec::len), Some(0), "{areas:#}");
}

/// `--max-connections` bounds the connections held open at once: with both slots taken by
/// clients that send nothing, a third waits unanswered in the kernel's queue; once one of
/// them goes, it is answered. (The default, 1024, is the same bound; a small one keeps the
/// test within the file descriptors of any machine.)
#[test]
fn connections_past_the_bound_wait_until_one_is_free() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;
    let dir = Scratch::new();
    let server = Served::start(dir.path(), &["--offline", "--max-connections", "2"]);
    // Answered while slots are free; the connection closes after it.
    let ask = |timeout: Duration| -> std::io::Result<String> {
        let mut stream = TcpStream::connect(server.addr)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    };
    assert!(
        ask(Duration::from_secs(5))
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    // Two clients that say nothing (the header time-out, 10 s, is longer than this test).
    let idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let waiting = ask(Duration::from_millis(1500));
    assert!(
        waiting.as_ref().map_or(true, |a| a.is_empty()),
        "answered past the bound: {waiting:?}"
    );
    drop(idle);
    let answer = ask(Duration::from_secs(5)).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
