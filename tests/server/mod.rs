//! A scripted HTTP/1.1 server for the online tests, on a loopback address, plain or with
//! TLS from a certificate authority the test generates. It records every request.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub delay: Duration,
}

#[derive(Clone, Debug)]
pub enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes of `byte`, streamed (for huge bodies).
    Repeat {
        byte: u8,
        len: usize,
    },
    /// Accept the connection, read the request, never answer.
    Never,
    /// Send the head and these bytes of a longer body, then nothing more.
    Stall(Vec<u8>),
}

impl Reply {
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: vec![],
            body: Body::Bytes(Vec::new()),
            delay: Duration::ZERO,
        }
    }

    /// 200 with `body` of the media type `content_type`.
    pub fn content(content_type: &str, body: &[u8]) -> Reply {
        Reply::status(200)
            .header("Content-Type", content_type)
            .body(body)
    }

    pub fn html(body: &str) -> Reply {
        Reply::content("text/html; charset=utf-8", body.as_bytes())
    }

    pub fn policy() -> Reply {
        Reply::html(
            "<html><head><title>Datenschutzerklärung</title></head><body>Datenschutz</body></html>",
        )
    }

    pub fn redirect(location: &str) -> Reply {
        Reply::status(302).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: &[u8]) -> Reply {
        self.body = Body::Bytes(body.to_vec());
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub user_agent: Option<String>,
    pub accept_language: Option<String>,
}

#[derive(Default)]
struct State {
    /// "METHOD /path" or "/path" → replies, used in turn; the last one repeats.
    routes: HashMap<String, Vec<Reply>>,
    served: HashMap<String, usize>,
    seen: Vec<Seen>,
}

pub struct Server {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
    bytes_sent: Arc<AtomicUsize>,
}

/// A certificate authority and a server certificate it signed, as PEM.
pub struct Tls {
    pub ca_pem: String,
    config: Arc<rustls::ServerConfig>,
}

impl Tls {
    /// A CA and a certificate for `names`, signed by it.
    pub fn for_names(names: &[&str]) -> Tls {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        };
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "onboard test CA");
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key = KeyPair::generate().unwrap();
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params.distinguished_name.push(DnType::CommonName, names[0]);
        params.use_authority_key_identifier_extension = true;
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &issuer).unwrap();
        let chain = vec![cert.der().clone(), ca_cert.der().clone()];
        let private = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, private)
            .unwrap();
        Tls {
            ca_pem: ca_cert.pem(),
            config: Arc::new(config),
        }
    }
}

impl Server {
    /// Starts a plain HTTP server on `ip` (e.g. "127.0.0.1", "127.0.0.2").
    pub fn http(ip: &str) -> Server {
        Server::start(ip, None)
    }

    /// Starts an HTTPS server on `ip` with the given certificate.
    pub fn https(ip: &str, tls: &Tls) -> Server {
        Server::start(ip, Some(tls.config.clone()))
    }

    fn start(ip: &str, tls: Option<Arc<rustls::ServerConfig>>) -> Server {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        listener.set_nonblocking(true).unwrap();
        let server = Server {
            addr: listener.local_addr().unwrap(),
            state: Arc::default(),
            stop: Arc::default(),
            in_flight: Arc::default(),
            max_in_flight: Arc::default(),
            bytes_sent: Arc::default(),
        };
        let (state, stop) = (server.state.clone(), server.stop.clone());
        let counters = (
            server.in_flight.clone(),
            server.max_in_flight.clone(),
            server.bytes_sent.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (state, stop, tls) = (state.clone(), stop.clone(), tls.clone());
                        let counters = (counters.0.clone(), counters.1.clone(), counters.2.clone());
                        std::thread::spawn(move || {
                            stream.set_nonblocking(false).ok();
                            stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
                            let _ = serve(stream, tls, &state, &stop, counters);
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        server
    }

    /// Scripts the replies for a path (any method) or for "METHOD /path".
    pub fn route(&self, key: &str, replies: Vec<Reply>) -> &Server {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(key.to_owned(), replies);
        self
    }

    pub fn url(&self, scheme: &str, host: &str, path: &str) -> String {
        format!("{scheme}://{host}:{}{path}", self.addr.port())
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn requests_for(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    pub fn bytes_sent(&self) -> usize {
        self.bytes_sent.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

type Counters = (Arc<AtomicUsize>, Arc<AtomicUsize>, Arc<AtomicUsize>);

fn serve(
    stream: TcpStream,
    tls: Option<Arc<rustls::ServerConfig>>,
    state: &Mutex<State>,
    stop: &AtomicBool,
    counters: Counters,
) -> std::io::Result<()> {
    match tls {
        Some(config) => {
            let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
            let mut tls_stream = rustls::StreamOwned::new(conn, stream);
            handle(&mut tls_stream, state, stop, counters)
        }
        None => {
            let mut stream = stream;
            handle(&mut stream, state, stop, counters)
        }
    }
}

fn handle(
    stream: &mut (impl Read + Write),
    state: &Mutex<State>,
    stop: &AtomicBool,
    counters: Counters,
) -> std::io::Result<()> {
    let (in_flight, max_in_flight, bytes_sent) = counters;
    let mut reader = BufReader::new(&mut *stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let (mut user_agent, mut accept_language) = (None, None);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("user-agent") {
                user_agent = Some(value.trim().to_owned());
            } else if name.eq_ignore_ascii_case("accept-language") {
                accept_language = Some(value.trim().to_owned());
            }
        }
    }
    drop(reader);
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    max_in_flight.fetch_max(now, Ordering::SeqCst);
    let reply = {
        let mut st = state.lock().unwrap();
        st.seen.push(Seen {
            method: method.clone(),
            path: path.clone(),
            user_agent,
            accept_language,
        });
        let key = if st.routes.contains_key(&format!("{method} {path}")) {
            format!("{method} {path}")
        } else {
            path.clone()
        };
        let n = *st.served.get(&key).unwrap_or(&0);
        st.served.insert(key.clone(), n + 1);
        st.routes
            .get(&key)
            .map(|r| r[n.min(r.len() - 1)].clone())
            .unwrap_or_else(|| Reply::status(404))
    };
    let result = respond(stream, &method, &reply, stop, &bytes_sent);
    in_flight.fetch_sub(1, Ordering::SeqCst);
    result
}

fn respond(
    stream: &mut (impl Read + Write),
    method: &str,
    reply: &Reply,
    stop: &AtomicBool,
    bytes_sent: &AtomicUsize,
) -> std::io::Result<()> {
    std::thread::sleep(reply.delay);
    let len = match &reply.body {
        Body::Never => {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
            return Ok(());
        }
        Body::Bytes(b) => b.len(),
        Body::Repeat { len, .. } => *len,
        // Promises more than it sends.
        Body::Stall(b) => b.len() + 1024,
    };
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {len}\r\nConnection: close\r\n",
        reply.status
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method == "HEAD" {
        return stream.flush();
    }
    match &reply.body {
        Body::Bytes(b) => {
            stream.write_all(b)?;
            bytes_sent.fetch_add(b.len(), Ordering::SeqCst);
        }
        Body::Repeat { byte, len } => {
            let chunk = vec![*byte; 64 * 1024];
            let mut left = *len;
            while left > 0 {
                let n = left.min(chunk.len());
                stream.write_all(&chunk[..n])?;
                bytes_sent.fetch_add(n, Ordering::SeqCst);
                left -= n;
            }
        }
        Body::Stall(b) => {
            stream.write_all(b)?;
            stream.flush()?;
            bytes_sent.fetch_add(b.len(), Ordering::SeqCst);
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Body::Never => {}
    }
    stream.flush()
}
