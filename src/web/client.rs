//! Who a request comes from, and how often each client may have links checked online.
//!
//! The client is the peer address of the connection. Behind a reverse proxy every peer is
//! the proxy; then the command line names the header the proxy appends the client's
//! address to (`--client-ip-header X-Forwarded-For`), and the right-most address there is
//! taken: the proxy wrote that one, whatever the client put in front of it.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// The address a request is counted under: an IPv4 address, or the /64 network of an IPv6
/// one (a single host is usually given a whole /64, and could change addresses at will).
pub fn client_key(peer: SocketAddr, header: Option<&HeaderName>, headers: &HeaderMap) -> IpAddr {
    let forwarded = header.and_then(|name| {
        // Several header lines count as one list, in order.
        let last = headers.get_all(name).iter().next_back()?;
        let last = last.to_str().ok()?.rsplit(',').next()?.trim();
        parse_address(last)
    });
    let ip = forwarded.unwrap_or_else(|| peer.ip());
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(network))
            }
        },
    }
}

/// An address as proxies write it: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or
/// `203.0.113.7:5000`.
fn parse_address(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// The per-client rate of requests that check links online.
#[derive(Debug)]
pub struct OnlineRate {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl OnlineRate {
    /// `per_minute` requests a minute per client (at least one), in a burst or spread out.
    pub fn per_minute(per_minute: u32) -> OnlineRate {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        OnlineRate {
            limiter: DefaultKeyedRateLimiter::keyed(quota),
        }
    }

    /// `Ok` if `client` may make one more request now, else how long it has to wait.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets the clients whose allowance is full again: the table holds only those
    /// seen within the last minute or so.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn the_right_most_forwarded_address_counts_only_when_the_flag_names_the_header() {
        let peer: SocketAddr = "10.0.0.1:5000".parse().unwrap();
        let name = HeaderName::from_static("x-forwarded-for");
        let spoofed = headers(&["1.2.3.4, 203.0.113.7"]);
        assert_eq!(client_key(peer, None, &spoofed), peer.ip());
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(client_key(peer, Some(&name), &spoofed), ip("203.0.113.7"));
        let lines = headers(&["1.2.3.4", "198.51.100.2:4711"]);
        assert_eq!(client_key(peer, Some(&name), &lines), ip("198.51.100.2"));
        let garbage = headers(&["1.2.3.4, not-an-address"]);
        assert_eq!(client_key(peer, Some(&name), &garbage), peer.ip());
        assert_eq!(client_key(peer, Some(&name), &HeaderMap::new()), peer.ip());
    }

    #[test]
    fn an_ipv6_client_counts_as_its_64_network() {
        let a: SocketAddr = "[2001:db8:1:2:aaaa::1]:1".parse().unwrap();
        let b: SocketAddr = "[2001:db8:1:2:bbbb::9]:1".parse().unwrap();
        let other: SocketAddr = "[2001:db8:1:3::1]:1".parse().unwrap();
        let none = HeaderMap::new();
        assert_eq!(client_key(a, None, &none), client_key(b, None, &none));
        assert_ne!(client_key(a, None, &none), client_key(other, None, &none));
        let mapped: SocketAddr = "[::ffff:192.0.2.1]:1".parse().unwrap();
        assert_eq!(
            client_key(mapped, None, &none),
            "192.0.2.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn past_the_rate_a_client_waits_and_others_do_not() {
        let rate = OnlineRate::per_minute(2);
        let (a, b) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!(rate.check(a).is_ok() && rate.check(a).is_ok());
        let wait = rate.check(a).unwrap_err();
        assert!(
            wait > Duration::from_secs(20) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(rate.check(b).is_ok());
    }
}
