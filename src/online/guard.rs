//! The guard against server-side request forgery: which addresses a form's link may lead
//! to. Only public unicast addresses, unless the run allows more.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use ipnet::IpNet;

/// Which addresses requests may go to.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    /// `--allow-private-networks`: every address.
    pub allow_all: bool,
    /// `--allow-network CIDR`: these non-public networks as well.
    pub allowed: Vec<IpNet>,
}

impl AddressPolicy {
    pub fn permits(&self, ip: IpAddr) -> bool {
        self.allow_all || is_public(ip) || self.allowed.iter().any(|n| n.contains(&ip))
    }
}

/// Ranges that are not public unicast (IANA special-purpose registries, IPv4 and IPv6).
fn special_ranges() -> &'static [IpNet] {
    static RANGES: OnceLock<Vec<IpNet>> = OnceLock::new();
    RANGES.get_or_init(|| {
        [
            "0.0.0.0/8",       // "this network", unspecified
            "10.0.0.0/8",      // private
            "100.64.0.0/10",   // shared address space (carrier-grade NAT)
            "127.0.0.0/8",     // loopback
            "169.254.0.0/16",  // link-local (cloud metadata lives here)
            "172.16.0.0/12",   // private
            "192.0.0.0/24",    // IETF protocol assignments
            "192.0.2.0/24",    // documentation
            "192.88.99.0/24",  // 6to4 relay anycast
            "192.168.0.0/16",  // private
            "198.18.0.0/15",   // benchmarking
            "198.51.100.0/24", // documentation
            "203.0.113.0/24",  // documentation
            "224.0.0.0/4",     // multicast
            "240.0.0.0/4",     // reserved, broadcast
            "::/128",          // unspecified
            "::1/128",         // loopback
            "64:ff9b:1::/48",  // local-use IPv4/IPv6 translation
            "100::/64",        // discard-only
            "2001::/23",       // IETF protocol assignments (Teredo, ORCHID, …)
            "2001:db8::/32",   // documentation
            "3fff::/20",       // documentation
            "5f00::/16",       // segment routing
            "fc00::/7",        // unique local
            "fe80::/10",       // link-local
            "fec0::/10",       // site-local (deprecated)
            "ff00::/8",        // multicast
        ]
        .iter()
        .map(|s| s.parse().expect("a valid network"))
        .collect()
    })
}

/// Whether an address is public unicast. IPv6 addresses that embed an IPv4 address
/// (mapped, compatible, NAT64, 6to4) are judged by that address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_public_v4(v4),
            None => !special_ranges().iter().any(|n| n.contains(&IpAddr::V6(v6))),
        },
    }
}

fn is_public_v4(v4: Ipv4Addr) -> bool {
    !special_ranges().iter().any(|n| n.contains(&IpAddr::V4(v4)))
}

fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated)
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0, 0, _, _]
            if !v6.is_loopback() && !v6.is_unspecified() =>
        {
            Some(tail)
        }
        // 64:ff9b::/96, well-known NAT64 prefix
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail),
        // 2002:aabb:ccdd::/48, 6to4
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new(
            (hi >> 8) as u8,
            hi as u8,
            (lo >> 8) as u8,
            lo as u8,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().unwrap())
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "194.94.24.1",
            "8.8.8.8",
            "2a00:1450:4001:80b::2003",
            "2606:4700::1111",
        ] {
            assert!(public(ip), "{ip}");
        }
    }

    #[test]
    fn non_public_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.5",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:0101::1",
            "fec0::1",
        ] {
            assert!(!public(ip), "{ip}");
        }
        assert!(public("::ffff:8.8.8.8"));
    }

    #[test]
    fn the_policy_can_allow_networks() {
        let ip: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(!AddressPolicy::default().permits(ip));
        let some = AddressPolicy {
            allow_all: false,
            allowed: vec!["127.0.0.2/32".parse().unwrap()],
        };
        assert!(some.permits(ip));
        assert!(!some.permits("127.0.0.1".parse().unwrap()));
        assert!(
            AddressPolicy {
                allow_all: true,
                allowed: vec![]
            }
            .permits(ip)
        );
    }
}
