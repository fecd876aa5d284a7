//! The online check of privacy-policy links — the only part of `onboard` that touches the
//! network. It takes URLs and returns classified [`LinkReport`]s; the core turns those into
//! findings.
//!
//! One request pipeline for the whole run: each distinct URL is fetched once, at most
//! `concurrency` requests are in flight and at most `per_host` against one host.

pub mod classify;
mod fetch;
pub mod guard;
mod resolver;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;
use url::Url;

use crate::checks::links::LinkReport;
pub use guard::AddressPolicy;

pub use crate::limits::{
    LINK_TIME_BUDGET, MAX_BODY_BYTES, MAX_REDIRECTS, MAX_RETRY_AFTER, RETRIES,
};

/// How the run checks links (flags and repository config map onto this).
#[derive(Debug, Clone)]
pub struct Settings {
    pub concurrency: usize,
    pub per_host: usize,
    pub timeout: Duration,
    pub policy: AddressPolicy,
    /// PEM files' contents, added to the platform's root certificates.
    pub ca_certs: Vec<Vec<u8>>,
    /// `--resolve HOST:ADDR` pins.
    pub pins: Vec<(String, IpAddr)>,
    /// First wait before a retry; doubles with each.
    pub backoff: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            concurrency: 16,
            per_host: 2,
            timeout: Duration::from_secs(10),
            policy: AddressPolicy::default(),
            ca_certs: Vec::new(),
            pins: Vec::new(),
            backoff: Duration::from_millis(500),
        }
    }
}

/// Why the checker could not start.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("a --ca-cert file holds no usable PEM certificate: {0}")]
    Certificate(String),
    #[error("the HTTP client could not be built: {0}")]
    Client(String),
    #[error("the async runtime could not start: {0}")]
    Runtime(String),
}

/// The user agent every request names.
pub fn user_agent() -> String {
    format!("onboard/{}", env!("CARGO_PKG_VERSION"))
}

fn client(
    settings: &Settings,
    resolver: resolver::GuardedResolver,
) -> Result<reqwest::Client, SetupError> {
    let mut certs = Vec::new();
    for pem in &settings.ca_certs {
        let found = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| SetupError::Certificate(e.to_string()))?;
        if found.is_empty() {
            return Err(SetupError::Certificate("no certificate found".into()));
        }
        certs.extend(found);
    }
    let mut builder = reqwest::Client::builder()
        .user_agent(user_agent())
        // Redirects are followed by hand, each hop guarded; proxies would resolve names
        // where the guard cannot see them.
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(settings.timeout)
        .pool_max_idle_per_host(settings.per_host)
        .dns_resolver(Arc::new(resolver));
    if !certs.is_empty() {
        builder = builder.tls_certs_merge(certs);
    }
    builder
        .build()
        .map_err(|e| SetupError::Client(e.to_string()))
}

/// Checks every distinct URL once; `on_done` is called after each (for a progress bar).
pub fn check_links(
    urls: &[Url],
    settings: &Settings,
    on_done: &(dyn Fn() + Sync),
) -> Result<HashMap<String, LinkReport>, SetupError> {
    let mut distinct: Vec<Url> = urls.to_vec();
    distinct.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    distinct.dedup();
    if distinct.is_empty() {
        return Ok(HashMap::new());
    }
    let mut pins: HashMap<String, Vec<IpAddr>> = HashMap::new();
    for (host, ip) in &settings.pins {
        pins.entry(host.trim_end_matches('.').to_ascii_lowercase())
            .or_default()
            .push(*ip);
    }
    let policy = Arc::new(settings.policy.clone());
    let resolver = resolver::GuardedResolver {
        pins: Arc::new(pins),
        policy: policy.clone(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SetupError::Runtime(e.to_string()))?;
    let _guard = runtime.enter();
    let fetcher = fetch::Fetcher {
        client: client(settings, resolver)?,
        policy,
        limits: fetch::Limits {
            timeout: settings.timeout,
            retries: RETRIES,
            max_redirects: MAX_REDIRECTS,
            budget: settings.timeout * LINK_TIME_BUDGET,
            backoff: settings.backoff,
        },
        global: Arc::new(Semaphore::new(settings.concurrency.max(1))),
        per_host_limit: settings.per_host.max(1),
        hosts: Mutex::new(HashMap::new()),
    };
    let reports = runtime.block_on(async {
        let checks = distinct.into_iter().map(|url| {
            let fetcher = &fetcher;
            async move {
                let report = fetcher.check(url).await;
                on_done();
                report
            }
        });
        futures_util::future::join_all(checks).await
    });
    Ok(reports.into_iter().map(|r| (r.url.clone(), r)).collect())
}
