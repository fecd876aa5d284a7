//! Name resolution for the link checker: `--resolve` pins first, then the system resolver
//! (so `/etc/hosts` and intranet DNS work). Every address is vetted by the guard *here*,
//! and the connection goes to exactly the addresses returned — so a second DNS answer
//! cannot swap in an internal address after the check (DNS rebinding).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Name, Resolve, Resolving};

use super::guard::AddressPolicy;

/// A host name resolved to an address the policy refuses.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to the non-public address {address}")]
pub struct BlockedAddress {
    pub host: String,
    pub address: IpAddr,
}

/// The host name does not exist (NXDOMAIN or no addresses).
#[derive(Debug, thiserror::Error)]
#[error("the host {0} does not exist")]
pub struct NoSuchHost(pub String);

/// Resolution failed for another reason (no DNS server, time-out): cannot tell.
#[derive(Debug, thiserror::Error)]
#[error("name resolution failed for {host}: {reason}")]
pub struct DnsFailure {
    pub host: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub pins: Arc<HashMap<String, Vec<IpAddr>>>,
    pub policy: Arc<AddressPolicy>,
}

impl GuardedResolver {
    /// The vetted addresses of a host.
    pub async fn lookup(
        &self,
        host: &str,
    ) -> Result<Vec<IpAddr>, Box<dyn std::error::Error + Send + Sync>> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let addresses: Vec<IpAddr> = match self.pins.get(&host) {
            Some(pinned) => pinned.clone(),
            None => match tokio::net::lookup_host((host.as_str(), 0)).await {
                Ok(found) => found.map(|a| a.ip()).collect(),
                Err(e) => return Err(classify_lookup_error(&host, &e)),
            },
        };
        if addresses.is_empty() {
            return Err(Box::new(NoSuchHost(host)));
        }
        if let Some(bad) = addresses.iter().find(|a| !self.policy.permits(**a)) {
            return Err(Box::new(BlockedAddress {
                host,
                address: *bad,
            }));
        }
        Ok(addresses)
    }
}

/// getaddrinfo says "does not exist" (EAI_NONAME, EAI_NODATA) differently from "could not
/// ask" (EAI_AGAIN, no network); only the former makes a link dead.
fn classify_lookup_error(
    host: &str,
    error: &std::io::Error,
) -> Box<dyn std::error::Error + Send + Sync> {
    let text = error.to_string();
    let lower = text.to_ascii_lowercase();
    let missing = [
        "name or service not known",
        "no address associated",
        "nodename nor servname",
        "no such host",
    ];
    if missing.iter().any(|m| lower.contains(m)) {
        Box::new(NoSuchHost(host.to_owned()))
    } else {
        Box::new(DnsFailure {
            host: host.to_owned(),
            reason: text,
        })
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        Box::pin(async move {
            let addresses = this.lookup(name.as_str()).await?;
            let addrs: reqwest::dns::Addrs =
                Box::new(addresses.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}
