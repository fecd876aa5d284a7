//! Fetching one link: redirects followed by hand (each hop guarded like the first), retries
//! with back-off, HEAD where it saves a download, and at most `max_body` bytes read.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Client, Method};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

use super::classify::{self, Answer, BodyProbe, Head};
use super::guard::AddressPolicy;
use super::resolver::{BlockedAddress, DnsFailure, NoSuchHost};
use crate::checks::links::{Content, Failure, LinkReport, Verdict};

/// Bounds on the work one link may cause.
#[derive(Debug, Clone)]
pub struct Limits {
    pub timeout: Duration,
    pub retries: u32,
    pub max_redirects: usize,
    /// The time one link may take in all: redirects, retries and waits before retries —
    /// counted from its first request, without the time it waits for a free slot.
    pub budget: Duration,
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
    head: Head,
    /// For a 2xx answer: what the page is (`None` after HEAD for a non-PDF).
    content: Option<Content>,
}

/// Why one attempt failed, and whether another attempt may help.
enum AttemptError {
    Retry(Failure),
    Final(Verdict),
}

/// One link's time budget. It starts with the link's first request and stands still while
/// the link waits for a free slot (global or per host): many links queued behind one slow
/// host would otherwise use up their budgets before they are asked at all. The run stays
/// bounded, as each link holds its slots only within its own budget.
struct Budget {
    total: Duration,
    /// When the budget runs out; set by the first request, pushed back by each wait for a slot.
    deadline: Option<Instant>,
}

/// The budget ran out.
struct Exhausted;

impl Budget {
    fn new(total: Duration) -> Budget {
        Budget {
            total,
            deadline: None,
        }
    }

    /// Runs `work` on the budget's clock.
    async fn spend<T>(&mut self, work: impl Future<Output = T>) -> Result<T, Exhausted> {
        let deadline = *self
            .deadline
            .get_or_insert_with(|| Instant::now() + self.total);
        tokio::time::timeout_at(deadline, work)
            .await
            .map_err(|_| Exhausted)
    }

    /// Takes `waited` (time spent waiting for a slot) off the clock.
    fn pause(&mut self, waited: Duration) {
        if let Some(deadline) = &mut self.deadline {
            *deadline += waited;
        }
    }
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

    /// One request, once a slot is free, on the budget's clock.
    async fn exchange(
        &self,
        url: &Url,
        method: Method,
        budget: &mut Budget,
    ) -> Result<Exchange, AttemptError> {
        let queued = Instant::now();
        let _permits = self.permits(url).await;
        budget.pause(queued.elapsed());
        budget
            .spend(self.request(url, method))
            .await
            .unwrap_or_else(|Exhausted| Err(AttemptError::Final(self.deadline())))
    }

    /// The verdict for a link whose budget ran out.
    fn deadline(&self) -> Verdict {
        Verdict::Unverified(Failure::Deadline(self.limits.budget.as_secs()))
    }

    async fn request(&self, url: &Url, method: Method) -> Result<Exchange, AttemptError> {
        let mut response = self
            .client
            .request(method.clone(), url.clone())
            .timeout(self.limits.timeout)
            .send()
            .await
            .map_err(|e| classify_error(&e))?;
        let head = Head::new(
            response.status().as_u16(),
            response
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes())),
        );
        let content = if !response.status().is_success() {
            None
        } else if method == Method::HEAD {
            (classify::media_kind(head.content_type.as_deref(), &[]) == classify::MediaKind::Pdf)
                .then_some(Content::Pdf)
        } else {
            // Read until the probe has seen enough. A body that stalls or breaks off before
            // leaves the page unread: a time-out (or a failure), not a verdict on the part read.
            let mut probe = BodyProbe::new(head.content_type.as_deref());
            while let Some(chunk) = response.chunk().await.map_err(|e| classify_error(&e))? {
                if !probe.feed(&chunk) {
                    break;
                }
            }
            Some(probe.content())
        };
        Ok(Exchange { head, content })
    }

    /// One request with retries for time-outs, resets, 429 and 5xx.
    async fn attempt(
        &self,
        url: &Url,
        method: Method,
        budget: &mut Budget,
    ) -> Result<Exchange, Verdict> {
        let mut tries = 0;
        loop {
            let wait = match self.exchange(url, method.clone(), budget).await {
                Ok(ex)
                    if classify::retryable_status(ex.head.status)
                        && tries < self.limits.retries =>
                {
                    ex.head.retry_after.unwrap_or(self.backoff(tries))
                }
                Ok(ex) => return Ok(ex),
                Err(AttemptError::Retry(failure)) if tries >= self.limits.retries => {
                    return Err(Verdict::Unverified(failure));
                }
                Err(AttemptError::Retry(_)) => self.backoff(tries),
                Err(AttemptError::Final(verdict)) => return Err(verdict),
            };
            tries += 1;
            budget
                .spend(tokio::time::sleep(wait))
                .await
                .map_err(|Exhausted| self.deadline())?;
        }
    }

    fn backoff(&self, tries: u32) -> Duration {
        self.limits.backoff * 2u32.pow(tries)
    }

    /// Checks one link, following redirects, within the link's time budget.
    pub async fn check(&self, url: Url) -> LinkReport {
        let original = url.to_string();
        let mut current = url;
        let mut redirects = 0;
        let verdict = self.follow(&mut current, &mut redirects).await;
        let final_url = (redirects > 0).then(|| current.to_string());
        LinkReport {
            url: original,
            final_url,
            verdict,
        }
    }

    /// Follows redirects from `current`, leaving it at the last URL asked and counting the
    /// redirects taken.
    async fn follow(&self, current: &mut Url, redirects: &mut usize) -> Verdict {
        let mut budget = Budget::new(self.limits.budget);
        // Every address asked, to tell a loop from a long chain.
        let mut asked = vec![without_fragment(current)];
        let mut force_get = false;
        loop {
            if *redirects > 0 && current.scheme() != "https" {
                return Verdict::Downgraded;
            }
            if let Some(ip) = literal_ip(current)
                && !self.policy.permits(ip)
            {
                return Verdict::Blocked {
                    host: current.host_str().unwrap_or_default().to_owned(),
                    address: ip.to_string(),
                };
            }
            let head = !force_get && classify::looks_like_pdf(current);
            let method = if head { Method::HEAD } else { Method::GET };
            let exchange = match self.attempt(current, method, &mut budget).await {
                Ok(ex) => ex,
                Err(verdict) => return verdict,
            };
            match classify::judge(current, &exchange.head, head, exchange.content) {
                Answer::Redirect(next) => {
                    let target = without_fragment(&next);
                    if asked.contains(&target) {
                        return Verdict::Unverified(Failure::RedirectLoop(target.to_string()));
                    }
                    asked.push(target);
                    *redirects += 1;
                    if *redirects > self.limits.max_redirects {
                        return Verdict::Unverified(Failure::TooManyRedirects(
                            self.limits.max_redirects,
                        ));
                    }
                    *current = next;
                    force_get = false;
                }
                Answer::ConfirmWithGet => force_get = true,
                // Retries are spent in `attempt`: what is left is the verdict.
                Answer::Retry { verdict, .. } | Answer::Final(verdict) => return verdict,
            }
        }
    }
}

/// The address as the server sees it: a fragment is never sent.
fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    url
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
                    return AttemptError::Retry(Failure::Reset);
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
