//! Fetching one link: redirects followed by hand (each hop guarded like the first), retries
//! with back-off, HEAD where it saves a download, and at most `max_body` bytes read.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Client, Method, StatusCode};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

use super::classify::{self, MentionScanner};
use super::guard::AddressPolicy;
use super::resolver::{BlockedAddress, DnsFailure, NoSuchHost};
use crate::checks::links::{Content, Failure, LinkReport, Verdict};

/// Bounds on the work one link may cause.
#[derive(Debug, Clone)]
pub struct Limits {
    pub timeout: Duration,
    pub retries: u32,
    pub max_redirects: usize,
    pub max_body: usize,
    pub max_retry_after: Duration,
    pub backoff: Duration,
}

/// Shared by all links of a run: one client, one global and one per-host limit.
pub struct Fetcher {
    pub client: Client,
    pub policy: Arc<AddressPolicy>,
    pub limits: Limits,
    pub global: Arc<Semaphore>,
    pub per_host_limit: usize,
    pub hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// One exchange with a server.
struct Exchange {
    status: StatusCode,
    location: Option<String>,
    retry_after: Option<Duration>,
    /// For a 2xx answer: what the page is (`None` after HEAD for a non-PDF).
    content: Option<Content>,
}

/// Why one attempt failed, and whether another attempt may help.
enum AttemptError {
    Retry(Failure),
    Final(Verdict),
}

impl Fetcher {
    async fn permits(&self, url: &Url) -> (OwnedSemaphorePermit, OwnedSemaphorePermit) {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        let host = {
            let mut hosts = self.hosts.lock().expect("host table");
            hosts
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host_limit)))
                .clone()
        };
        // The host's slot first, so a slow host never holds global slots while it waits.
        let host_permit = host.acquire_owned().await.expect("semaphore open");
        let global_permit = self
            .global
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore open");
        (host_permit, global_permit)
    }

    async fn exchange(&self, url: &Url, method: Method) -> Result<Exchange, AttemptError> {
        let _permits = self.permits(url).await;
        let response = self
            .client
            .request(method.clone(), url.clone())
            .timeout(self.limits.timeout)
            .send()
            .await
            .map_err(|e| classify_error(&e))?;
        let status = response.status();
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = header(reqwest::header::LOCATION);
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s).min(self.limits.max_retry_after));
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let content = if !status.is_success() {
            None
        } else if method == Method::HEAD {
            (classify::media_kind(content_type.as_deref(), &[]) == classify::MediaKind::Pdf)
                .then_some(Content::Pdf)
        } else {
            Some(self.read_content(response, content_type.as_deref()).await)
        };
        Ok(Exchange {
            status,
            location,
            retry_after,
            content,
        })
    }

    /// Reads the body until the policy is mentioned, the cap is reached, or it ends.
    async fn read_content(
        &self,
        mut response: reqwest::Response,
        content_type: Option<&str>,
    ) -> Content {
        let mut scanner = MentionScanner::default();
        let mut head: Vec<u8> = Vec::new();
        let mut read = 0usize;
        while read < self.limits.max_body {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let take = chunk.len().min(self.limits.max_body - read);
                    let part = &chunk[..take];
                    read += take;
                    if head.len() < 1024 {
                        head.extend_from_slice(&part[..part.len().min(1024 - head.len())]);
                    }
                    match classify::media_kind(content_type, &head) {
                        classify::MediaKind::Html if scanner.feed(part) => return Content::Policy,
                        classify::MediaKind::Html => {}
                        // Neither PDF nor other types need their bodies: stop downloading.
                        _ if head.len() >= 8 || content_type.is_some() => break,
                        _ => {}
                    }
                }
                // The end of the body, or a failure after a 2xx: judge what was read.
                Ok(None) | Err(_) => break,
            }
        }
        classify::content(content_type, &head, scanner.found())
    }

    /// One request with retries for time-outs, resets, 429 and 5xx.
    async fn attempt(&self, url: &Url, method: Method) -> Result<Exchange, Verdict> {
        let mut tries = 0;
        loop {
            let wait = match self.exchange(url, method.clone()).await {
                Ok(ex)
                    if classify::retryable_status(ex.status.as_u16())
                        && tries < self.limits.retries =>
                {
                    ex.retry_after.unwrap_or(self.backoff(tries))
                }
                Ok(ex) => return Ok(ex),
                Err(AttemptError::Retry(failure)) if tries >= self.limits.retries => {
                    return Err(Verdict::Unverified(failure));
                }
                Err(AttemptError::Retry(_)) => self.backoff(tries),
                Err(AttemptError::Final(verdict)) => return Err(verdict),
            };
            tries += 1;
            tokio::time::sleep(wait).await;
        }
    }

    fn backoff(&self, tries: u32) -> Duration {
        self.limits.backoff * 2u32.pow(tries)
    }

    /// Checks one link, following redirects.
    pub async fn check(&self, url: Url) -> LinkReport {
        let original = url.to_string();
        let mut current = url;
        let mut redirects = 0;
        let mut force_get = false;
        let verdict = loop {
            if redirects > 0 && current.scheme() != "https" {
                break Verdict::Downgraded;
            }
            if let Some(ip) = literal_ip(&current)
                && !self.policy.permits(ip)
            {
                break Verdict::Blocked {
                    host: current.host_str().unwrap_or_default().to_owned(),
                    address: ip.to_string(),
                };
            }
            let head = !force_get && classify::looks_like_pdf(&current);
            let method = if head { Method::HEAD } else { Method::GET };
            let exchange = match self.attempt(&current, method).await {
                Ok(ex) => ex,
                Err(verdict) => break verdict,
            };
            let status = exchange.status;
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let Some(next) = exchange
                    .location
                    .as_deref()
                    .and_then(|l| current.join(l).ok())
                else {
                    break Verdict::Dead(Failure::BadRedirect(format!(
                        "HTTP {} without a valid Location",
                        status.as_u16()
                    )));
                };
                redirects += 1;
                if redirects > self.limits.max_redirects {
                    break Verdict::Unverified(Failure::TooManyRedirects(
                        self.limits.max_redirects,
                    ));
                }
                current = next;
                force_get = false;
                continue;
            }
            // HEAD saved a download only if it gave a PDF; any other answer is confirmed by GET
            // (many servers answer HEAD wrongly: 405, 403, 404).
            if head && exchange.content.is_none() {
                force_get = true;
                continue;
            }
            break match exchange.content {
                Some(content) if status.is_success() => Verdict::Live(content),
                _ => classify::status_verdict(status.as_u16()),
            };
        };
        let final_url = (redirects > 0).then(|| current.to_string());
        LinkReport {
            url: original,
            final_url,
            verdict,
        }
    }
}

fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// Sorts a transport error into blocked, dead, unverified — or worth another try.
fn classify_error(error: &reqwest::Error) -> AttemptError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut texts = Vec::new();
    while let Some(e) = source {
        texts.push(e.to_string());
        if let Some(b) = e.downcast_ref::<BlockedAddress>() {
            return AttemptError::Final(Verdict::Blocked {
                host: b.host.clone(),
                address: b.address.to_string(),
            });
        }
        if let Some(n) = e.downcast_ref::<NoSuchHost>() {
            return AttemptError::Final(Verdict::Dead(Failure::NoSuchHost(n.0.clone())));
        }
        if let Some(d) = e.downcast_ref::<DnsFailure>() {
            return AttemptError::Final(Verdict::Unverified(Failure::DnsFailure(d.reason.clone())));
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind;
            if let Some(tls) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return AttemptError::Final(Verdict::Unverified(Failure::Tls(tls.to_string())));
            }
            match io.kind() {
                ErrorKind::ConnectionRefused => {
                    return AttemptError::Final(Verdict::Unverified(Failure::Refused));
                }
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe => {
                    return AttemptError::Retry(Failure::Other("connection reset".into()));
                }
                ErrorKind::TimedOut => return AttemptError::Retry(Failure::Timeout),
                _ => {}
            }
        }
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return AttemptError::Final(Verdict::Unverified(Failure::Tls(tls.to_string())));
        }
        source = e.source();
    }
    if error.is_timeout() {
        return AttemptError::Retry(Failure::Timeout);
    }
    let text = texts.last().cloned().unwrap_or_else(|| error.to_string());
    if text.to_ascii_lowercase().contains("certificate") {
        return AttemptError::Final(Verdict::Unverified(Failure::Tls(text)));
    }
    // Closed without an answer: like a reset, worth another try.
    if error.is_request() && text.to_ascii_lowercase().contains("closed") {
        return AttemptError::Retry(Failure::Other(text));
    }
    AttemptError::Final(Verdict::Unverified(Failure::Other(text)))
}
