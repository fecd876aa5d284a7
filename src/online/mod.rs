//! The online check of privacy-policy links — the only part of `onboard` that touches the
//! network. It takes URLs and returns classified [`LinkReport`]s; the core turns those into
//! findings.
//!
//! One request pipeline for the whole run: each distinct URL is fetched once, at most
//! `concurrency` requests are in flight and at most `per_host` against one host.

pub(crate) mod classify;
mod fetch;
pub(crate) mod guard;
mod resolver;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;
use url::Url;

pub use crate::checks::links::{Content, Failure, LinkReport, Verdict};
use crate::finding::diagnostic::Text;
use crate::network::{BACKOFF, Network};
use guard::AddressPolicy;

pub use crate::limits::{
    LINK_TIME_BUDGET, MAX_BODY_BYTES, MAX_REDIRECTS, MAX_RETRY_AFTER, RETRIES,
};

/// Why the checker could not start.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A `--ca-cert` file could not be read.
    #[error("{path}: {reason}")]
    CertificateUnreadable {
        /// The file as named.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// A `--ca-cert` file holds no certificate that can be used.
    #[error("{path}: no usable PEM certificate: {reason}")]
    Certificate {
        /// The file as named.
        path: String,
        /// What the PEM parser or TLS library said.
        reason: String,
    },
    /// The HTTP client could not be built (its words).
    #[error("the HTTP client could not be built: {0}")]
    Client(String),
    /// The async runtime could not start (the system's words).
    #[error("the async runtime could not start: {0}")]
    Runtime(String),
}

impl SetupError {
    /// The reason as a catalog text, for the output's language.
    pub fn text(&self) -> Text {
        match self {
            SetupError::CertificateUnreadable { path, reason } => {
                Text::new("run.io").arg("path", path).arg("reason", reason)
            }
            SetupError::Certificate { path, reason } => Text::new("run.ca-cert-unusable")
                .arg("path", path)
                .arg("reason", reason),
            SetupError::Client(reason) | SetupError::Runtime(reason) => {
                Text::new("run.online-unavailable").arg("reason", reason)
            }
        }
    }
}

/// The user agent every request names.
pub(crate) fn user_agent() -> String {
    format!("onboard/{}", env!("CARGO_PKG_VERSION"))
}

fn client(
    network: &Network,
    resolver: resolver::GuardedResolver,
) -> Result<reqwest::Client, SetupError> {
    let mut certs = Vec::new();
    for path in &network.ca_cert {
        let path_text = || path.display().to_string();
        // Named on the command line, which is trusted: read as typed.
        let pem = std::fs::read(path).map_err(|e| SetupError::CertificateUnreadable {
            path: path_text(),
            reason: e.to_string(),
        })?;
        let unusable = |reason: String| SetupError::Certificate {
            path: path_text(),
            reason,
        };
        let found =
            reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| unusable(e.to_string()))?;
        if found.is_empty() {
            return Err(unusable("no certificate found".into()));
        }
        certs.extend(found);
    }
    let mut builder = reqwest::Client::builder()
        .user_agent(user_agent())
        // Redirects are followed by hand, each hop guarded; proxies would resolve names
        // where the guard cannot see them.
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(network.timeout())
        .pool_max_idle_per_host(network.per_host())
        .dns_resolver(Arc::new(resolver));
    if !certs.is_empty() {
        builder = builder.tls_certs_merge(certs);
    }
    builder
        .build()
        .map_err(|e| SetupError::Client(e.to_string()))
}

/// Checks every distinct URL once; `on_done` is called after each (for a progress bar).
pub(crate) fn check_links(
    urls: &[Url],
    network: &Network,
    on_done: &(dyn Fn() + Sync),
) -> Result<HashMap<String, LinkReport>, SetupError> {
    let mut distinct: Vec<Url> = urls.to_vec();
    distinct.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    distinct.dedup();
    if distinct.is_empty() {
        return Ok(HashMap::new());
    }
    let mut pins: HashMap<String, Vec<IpAddr>> = HashMap::new();
    for (host, ip) in &network.resolve {
        pins.entry(host.trim_end_matches('.').to_ascii_lowercase())
            .or_default()
            .push(*ip);
    }
    let policy = Arc::new(AddressPolicy {
        allow_all: network.allow_private_networks,
        allowed: network.allow_network.clone(),
    });
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
        client: client(network, resolver)?,
        policy,
        limits: fetch::Limits {
            timeout: network.timeout(),
            retries: RETRIES,
            max_redirects: MAX_REDIRECTS,
            budget: network.timeout() * LINK_TIME_BUDGET,
            backoff: BACKOFF,
        },
        global: Arc::new(Semaphore::new(network.concurrency().max(1))),
        per_host_limit: network.per_host().max(1),
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
