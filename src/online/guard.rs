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
    /// Whether a link may lead to this address.
    pub fn permits(&self, ip: IpAddr) -> bool {
        self.allow_all || is_public(ip) || self.allowed.iter().any(|n| n.contains(&ip))
    }
}

/// How the guard treats the addresses of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// No privacy policy for citizens lives here: refused, whatever else matches.
    Refused,
    /// An IPv6 block that carries an IPv4 address: judged by that address.
    Embeds(V4At),
}

/// Where an IPv6 address carries its IPv4 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V4At {
    /// The last 32 bits (mapped, compatible, NAT64).
    Low32,
    /// Bits 16 to 48 (6to4, `2002:aabb:ccdd::/48`).
    SixToFour,
}

/// The blocks that are not public unicast: every entry of the IANA IPv4 and IPv6
/// Special-Purpose Address Registries, both as last updated 2025-10-09 (checked entry by
/// entry without network access; the newest entries are 100:0:0:1::/64, RFC 9780, and
/// 2001:1::3/128, RFC 9665), plus the blocks that are not in them but are no web server
/// either (marked "not in the registry"). The registry column "globally reachable" is
/// quoted where it is true or N/A, with the decision taken: the question is only whether a
/// privacy policy for citizens could sensibly be served from there.
///
/// IPv6 outside 2000::/3 is refused as well ([`GLOBAL_UNICAST`]).
const BLOCKS: &[(&str, Rule)] = &[
    // --- IPv4 ---
    ("0.0.0.0/8", Rule::Refused),      // "this network" (RFC 791)
    ("0.0.0.0/32", Rule::Refused),     // "this host on this network" (RFC 1122)
    ("10.0.0.0/8", Rule::Refused),     // private use (RFC 1918)
    ("100.64.0.0/10", Rule::Refused),  // shared address space, carrier-grade NAT (RFC 6598)
    ("127.0.0.0/8", Rule::Refused),    // loopback (RFC 1122)
    ("169.254.0.0/16", Rule::Refused), // link-local, where cloud metadata lives (RFC 3927)
    ("172.16.0.0/12", Rule::Refused),  // private use (RFC 1918)
    // IETF protocol assignments (RFC 6890), refused as a whole with all its entries:
    ("192.0.0.0/24", Rule::Refused),
    ("192.0.0.0/29", Rule::Refused), // IPv4 service continuity, DS-Lite (RFC 7335)
    ("192.0.0.8/32", Rule::Refused), // IPv4 dummy address (RFC 7600)
    // Port Control Protocol anycast (RFC 7723) — globally reachable: true. A router
    // protocol's anycast address, no web server: refused.
    ("192.0.0.9/32", Rule::Refused),
    // TURN anycast (RFC 8155) — globally reachable: true. NAT traversal relays: refused.
    ("192.0.0.10/32", Rule::Refused),
    ("192.0.0.170/31", Rule::Refused), // NAT64/DNS64 discovery, .170 and .171 (RFC 8880)
    ("192.0.2.0/24", Rule::Refused),   // documentation, TEST-NET-1 (RFC 5737)
    // AS112-v4 (RFC 7535) — globally reachable: true. DNS sinks for reverse lookups of
    // private addresses: refused.
    ("192.31.196.0/24", Rule::Refused),
    // AMT, multicast tunnelling relays (RFC 7450) — globally reachable: true. Refused.
    ("192.52.193.0/24", Rule::Refused),
    // 6to4 relay anycast, deprecated (RFC 7526) — reachability N/A. Relays, no web
    // servers: refused, with its 6a44 relay anycast entry 192.88.99.2/32 (RFC 6751).
    ("192.88.99.0/24", Rule::Refused),
    ("192.88.99.2/32", Rule::Refused),
    ("192.168.0.0/16", Rule::Refused), // private use (RFC 1918)
    // Direct delegation AS112 service (RFC 7534) — globally reachable: true. DNS sinks:
    // refused.
    ("192.175.48.0/24", Rule::Refused),
    ("198.18.0.0/15", Rule::Refused),      // benchmarking (RFC 2544)
    ("198.51.100.0/24", Rule::Refused),    // documentation, TEST-NET-2 (RFC 5737)
    ("203.0.113.0/24", Rule::Refused),     // documentation, TEST-NET-3 (RFC 5737)
    ("224.0.0.0/4", Rule::Refused),        // multicast (RFC 5771), not in the registry
    ("240.0.0.0/4", Rule::Refused),        // reserved (RFC 1112)
    ("255.255.255.255/32", Rule::Refused), // limited broadcast (RFC 919)
    // --- IPv6 ---
    ("::1/128", Rule::Refused), // loopback (RFC 4291)
    ("::/128", Rule::Refused),  // unspecified (RFC 4291)
    // IPv4-compatible, deprecated (RFC 4291 §2.5.5.1), not in the registry: a tunnelling
    // stack may still carry it to its IPv4 address, so that address decides.
    ("::/96", Rule::Embeds(V4At::Low32)),
    // IPv4-mapped (RFC 4291) — globally reachable: false, as such; a socket sends it to
    // its IPv4 address over IPv4, so that address decides.
    ("::ffff:0:0/96", Rule::Embeds(V4At::Low32)),
    // IPv4-translated (RFC 2765, obsoleted by RFC 6145), not in the registry: no DNS
    // answer for a public server carries it. Refused as a whole.
    ("::ffff:0:0:0/96", Rule::Refused),
    // IPv4/IPv6 translation, NAT64 well-known prefix (RFC 6052) — globally reachable:
    // true. DNS64 on IPv6-only networks gives every IPv4-only website such an address,
    // so the embedded IPv4 address decides (RFC 6052 forbids private ones here anyway).
    ("64:ff9b::/96", Rule::Embeds(V4At::Low32)),
    ("64:ff9b:1::/48", Rule::Refused), // IPv4/IPv6 translation, local use (RFC 8215)
    ("100::/64", Rule::Refused),       // discard-only (RFC 6666)
    ("100:0:0:1::/64", Rule::Refused), // dummy IPv6 prefix (RFC 9780)
    // IETF protocol assignments (RFC 2928), refused as a whole with all its entries:
    ("2001::/23", Rule::Refused),
    // Teredo (RFC 4380) — reachability N/A. Addresses of clients tunnelled through a
    // NAT, never a server's stable address; its embedded addresses are the client's NAT
    // (obfuscated) and a relay: refused as a whole rather than judged.
    ("2001::/32", Rule::Refused),
    // Port Control Protocol anycast (RFC 7723), TURN anycast (RFC 8155), DNS-SD service
    // registration protocol anycast (RFC 9665) — each globally reachable: true. Protocol
    // anycast addresses, no web servers: refused.
    ("2001:1::1/128", Rule::Refused),
    ("2001:1::2/128", Rule::Refused),
    ("2001:1::3/128", Rule::Refused),
    ("2001:2::/48", Rule::Refused), // benchmarking (RFC 5180)
    // AMT (RFC 7450) — globally reachable: true. Multicast tunnelling relays: refused.
    ("2001:3::/32", Rule::Refused),
    // AS112-v6 (RFC 7535) — globally reachable: true. DNS sinks: refused.
    ("2001:4:112::/48", Rule::Refused),
    // ORCHID, deprecated (RFC 4843) — reachability N/A; ORCHIDv2 (RFC 7343) and drone
    // remote ID entity tags, DETs (RFC 9374) — globally reachable: true. Cryptographic
    // identifiers, not the locators of web servers: refused.
    ("2001:10::/28", Rule::Refused),
    ("2001:20::/28", Rule::Refused),
    ("2001:30::/28", Rule::Refused),
    ("2001:db8::/32", Rule::Refused), // documentation (RFC 3849)
    // 6to4 (RFC 3056, deprecated by RFC 7526) — reachability N/A. A relay carries it to
    // its IPv4 address, so that address decides.
    ("2002::/16", Rule::Embeds(V4At::SixToFour)),
    // Direct delegation AS112 service (RFC 7534) — globally reachable: true. DNS sinks:
    // refused.
    ("2620:4f:8000::/48", Rule::Refused),
    ("3fff::/20", Rule::Refused), // documentation (RFC 9637)
    ("5f00::/16", Rule::Refused), // segment routing SIDs, SRv6 (RFC 9602)
    ("fc00::/7", Rule::Refused),  // unique local (RFC 4193)
    ("fe80::/10", Rule::Refused), // link-local (RFC 4291)
    ("fec0::/10", Rule::Refused), // site-local, deprecated (RFC 3879), not in the registry
    ("ff00::/8", Rule::Refused),  // multicast (RFC 4291), not in the registry
];

/// IPv6 global unicast (IANA IPv6 Address Space registry): all else is reserved,
/// local or special, and refused unless an entry above says how to judge it.
const GLOBAL_UNICAST: &str = "2000::/3";

fn blocks() -> &'static [(IpNet, Rule)] {
    static PARSED: OnceLock<Vec<(IpNet, Rule)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BLOCKS
            .iter()
            .map(|(net, rule)| (net.parse().expect("a valid network"), *rule))
            .collect()
    })
}

fn global_unicast() -> &'static IpNet {
    static PARSED: OnceLock<IpNet> = OnceLock::new();
    PARSED.get_or_init(|| GLOBAL_UNICAST.parse().expect("a valid network"))
}

/// Whether an address is public unicast. IPv6 addresses that embed an IPv4 address
/// (mapped, compatible, NAT64, 6to4) are judged by that address.
pub fn is_public(ip: IpAddr) -> bool {
    let mut embedded = None;
    for (net, rule) in blocks() {
        if !net.contains(&ip) {
            continue;
        }
        match (rule, ip) {
            (Rule::Refused, _) => return false,
            (Rule::Embeds(at), IpAddr::V6(v6)) => embedded = Some(embedded_v4(v6, *at)),
            // An IPv4 block never embeds; the table has none.
            (Rule::Embeds(_), IpAddr::V4(_)) => return false,
        }
    }
    match (embedded, ip) {
        (Some(v4), _) => is_public(IpAddr::V4(v4)),
        (None, IpAddr::V4(_)) => true,
        (None, IpAddr::V6(_)) => global_unicast().contains(&ip),
    }
}

fn embedded_v4(v6: Ipv6Addr, at: V4At) -> Ipv4Addr {
    let bits = u128::from(v6);
    let v4 = match at {
        V4At::Low32 => bits,
        V4At::SixToFour => bits >> 80,
    };
    Ipv4Addr::from(v4 as u32)
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

    /// Every entry of the IANA special-purpose registries (dates in `BLOCKS`), plus
    /// multicast, site-local and IPv4-translated, written out here independently of the
    /// guard's table: each with addresses just outside it that are public, where there are
    /// any (an entry inside a refused one, or outside 2000::/3, has none).
    const REGISTRY: &[(&str, &[&str])] = &[
        ("0.0.0.0/8", &["1.0.0.0"]),
        ("0.0.0.0/32", &[]),
        ("10.0.0.0/8", &["9.255.255.255", "11.0.0.0"]),
        ("100.64.0.0/10", &["100.63.255.255", "100.128.0.0"]),
        ("127.0.0.0/8", &["126.255.255.255", "128.0.0.0"]),
        ("169.254.0.0/16", &["169.253.255.255", "169.255.0.0"]),
        ("172.16.0.0/12", &["172.15.255.255", "172.32.0.0"]),
        ("192.0.0.0/24", &["191.255.255.255", "192.0.1.0"]),
        ("192.0.0.0/29", &[]),
        ("192.0.0.8/32", &[]),
        ("192.0.0.9/32", &[]),
        ("192.0.0.10/32", &[]),
        ("192.0.0.170/31", &[]),
        ("192.0.2.0/24", &["192.0.1.255", "192.0.3.0"]),
        ("192.31.196.0/24", &["192.31.195.255", "192.31.197.0"]),
        ("192.52.193.0/24", &["192.52.192.255", "192.52.194.0"]),
        ("192.88.99.0/24", &["192.88.98.255", "192.88.100.0"]),
        ("192.88.99.2/32", &[]),
        ("192.168.0.0/16", &["192.167.255.255", "192.169.0.0"]),
        ("192.175.48.0/24", &["192.175.47.255", "192.175.49.0"]),
        ("198.18.0.0/15", &["198.17.255.255", "198.20.0.0"]),
        ("198.51.100.0/24", &["198.51.99.255", "198.51.101.0"]),
        ("203.0.113.0/24", &["203.0.112.255", "203.0.114.0"]),
        ("224.0.0.0/4", &["223.255.255.255"]),
        ("240.0.0.0/4", &[]),
        ("255.255.255.255/32", &[]),
        ("::1/128", &[]),
        ("::/128", &[]),
        ("::ffff:0:0/96", &[]),
        ("::ffff:0:0:0/96", &[]),
        ("64:ff9b::/96", &[]),
        ("64:ff9b:1::/48", &[]),
        ("100::/64", &[]),
        ("100:0:0:1::/64", &[]),
        (
            "2001::/23",
            &["2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2001:200::"],
        ),
        ("2001::/32", &[]),
        ("2001:1::1/128", &[]),
        ("2001:1::2/128", &[]),
        ("2001:1::3/128", &[]),
        ("2001:2::/48", &[]),
        ("2001:3::/32", &[]),
        ("2001:4:112::/48", &[]),
        ("2001:10::/28", &[]),
        ("2001:20::/28", &[]),
        ("2001:30::/28", &[]),
        (
            "2001:db8::/32",
            &["2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::"],
        ),
        (
            "2002::/16",
            &["2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2003::"],
        ),
        (
            "2620:4f:8000::/48",
            &["2620:4f:7fff:ffff:ffff:ffff:ffff:ffff", "2620:4f:8001::"],
        ),
        (
            "3fff::/20",
            &["3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "3fff:1000::"],
        ),
        ("5f00::/16", &[]),
        ("fc00::/7", &[]),
        ("fe80::/10", &[]),
        ("fec0::/10", &[]),
        ("ff00::/8", &[]),
    ];

    #[test]
    fn every_special_purpose_entry_is_refused_from_its_first_to_its_last_address() {
        for (net, outside) in REGISTRY {
            let parsed: IpNet = net.parse().unwrap();
            for ip in [parsed.network(), parsed.broadcast()] {
                assert!(!is_public(ip), "{ip} ({net}) counts as public");
            }
            for ip in *outside {
                assert!(public(ip), "{ip}, just outside {net}, counts as non-public");
            }
        }
    }

    #[test]
    fn addresses_that_embed_an_ipv4_address_are_judged_by_it() {
        for (embedding, public_too) in [
            ("::ffff:{}", true),      // IPv4-mapped
            ("::{}", true),           // IPv4-compatible (deprecated)
            ("64:ff9b::{}", true),    // NAT64, well-known prefix (DNS64 networks)
            ("64:ff9b:1::{}", false), // NAT64, local use: refused as a whole
            ("::ffff:0:{}", false),   // IPv4-translated (RFC 2765): refused as a whole
        ] {
            for v4 in ["127.0.0.1", "10.1.2.3", "169.254.169.254", "192.0.0.9"] {
                let ip = embedding.replace("{}", v4);
                assert!(!public(&ip), "{ip}");
            }
            let ip = embedding.replace("{}", "194.94.24.1");
            assert_eq!(public(&ip), public_too, "{ip}");
        }
        // 6to4 embeds its address in bits 16 to 48.
        assert!(!public("2002:7f00:1::1"));
        assert!(!public("2002:a01:203:4::1"));
        assert!(public("2002:c25e:1801::1"));
        // Teredo (2001::/32) is refused whatever its server and client addresses.
        assert!(!public("2001:0:c25e:1801::3ea1:e7fe"));
    }

    #[test]
    fn ipv6_outside_global_unicast_is_refused() {
        for ip in [
            "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "4000::1",
            "e000::1",
            "100:0:0:2::1",
        ] {
            assert!(!public(ip), "{ip}");
        }
        for ip in ["2000::", "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"] {
            assert!(public(ip), "{ip}");
        }
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
