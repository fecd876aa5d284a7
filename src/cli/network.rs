//! Flags of the online check (`--concurrency`, `--resolve`, …), mapped onto
//! [`onboard::online::Settings`].

use std::path::PathBuf;

use onboard::config::NetworkConfig;
use onboard::limits::{REQUESTS, TIMEOUT_SECS};

/// The heading of these flags: a catalog id (`cli.heading.online`) that `help::localize`
/// translates. Set on each flag, as `next_help_heading` would also take the flags after them.
const ONLINE: &str = "online";

/// How the privacy-policy links are checked online.
#[derive(Debug, clap::Args)]
pub struct NetworkArgs {
    // No clap defaults for these: a value from onboard.toml must be told apart from none.
    // Requests in flight at most [default: 16].
    #[arg(help_heading = ONLINE, long, value_name = "N", value_parser = requests())]
    concurrency: Option<u16>,
    // Requests against one host at a time at most [default: 2].
    #[arg(help_heading = ONLINE, long, value_name = "N", value_parser = requests())]
    per_host: Option<u16>,
    // Seconds one request may take [default: 10].
    #[arg(help_heading = ONLINE, long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(TIMEOUT_SECS))]
    timeout: Option<u64>,
    // Let links lead to loopback, private and other non-public addresses (intranets, tests).
    #[arg(help_heading = ONLINE, long)]
    allow_private_networks: bool,
    // Let links lead to this non-public network only, e.g. 10.20.0.0/16 (repeatable).
    #[arg(help_heading = ONLINE, long, value_name = "CIDR")]
    allow_network: Vec<ipnet::IpNet>,
    // Trust the root certificates in this PEM file too (repeatable).
    #[arg(help_heading = ONLINE, long, value_name = "FILE")]
    ca_cert: Vec<PathBuf>,
    // Resolve HOST to ADDR, as curl's --resolve (repeatable); ADDR is still guarded.
    #[arg(help_heading = ONLINE, long, value_name = "HOST:ADDR", value_parser = parse_pin)]
    resolve: Vec<(String, std::net::IpAddr)>,
}

/// `--concurrency` and `--per-host`: the bounds `onboard.toml` is held to as well.
fn requests() -> clap::builder::RangedI64ValueParser<u16> {
    clap::value_parser!(u16).range(i64::from(*REQUESTS.start())..=i64::from(*REQUESTS.end()))
}

/// `HOST:ADDR`, also curl's `HOST:PORT:ADDR` (the port is ignored) and `[v6]` addresses.
fn parse_pin(s: &str) -> Result<(String, std::net::IpAddr), String> {
    let (host, rest) = s.split_once(':').ok_or("expected HOST:ADDR")?;
    let addr = match rest.split_once(':') {
        Some((port, addr)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => addr,
        _ => rest,
    };
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let ip = addr
        .parse()
        .map_err(|_| format!("`{addr}` is not an IP address"))?;
    if host.is_empty() {
        return Err("the host name is empty".into());
    }
    Ok((host.to_ascii_lowercase(), ip))
}

impl NetworkArgs {
    /// The settings of this run: flags first, then the repository config (whose values
    /// `config::load` held to the flags' bounds), then defaults. Only the flags can widen
    /// the addresses links may lead to.
    pub fn settings(&self, config: &NetworkConfig) -> Result<onboard::online::Settings, String> {
        let defaults = onboard::online::Settings::default();
        let mut ca_certs = Vec::new();
        for path in &self.ca_cert {
            ca_certs.push(std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?);
        }
        Ok(onboard::online::Settings {
            concurrency: self
                .concurrency
                .or(config.concurrency)
                .map_or(defaults.concurrency, usize::from),
            per_host: self
                .per_host
                .or(config.per_host)
                .map_or(defaults.per_host, usize::from),
            timeout: self
                .timeout
                .or(config.timeout)
                .map_or(defaults.timeout, std::time::Duration::from_secs),
            policy: onboard::online::AddressPolicy {
                allow_all: self.allow_private_networks,
                allowed: self.allow_network.clone(),
            },
            ca_certs,
            pins: self.resolve.clone(),
            ..onboard::online::Settings::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        network: NetworkArgs,
    }

    fn args(flags: &[&str]) -> Result<NetworkArgs, clap::Error> {
        let all = std::iter::once("onboard").chain(flags.iter().copied());
        Cli::try_parse_from(all).map(|cli| cli.network)
    }

    #[test]
    fn only_the_flags_widen_the_network() {
        let config = NetworkConfig {
            allow_private_networks: Some(true),
            ..NetworkConfig::default()
        };
        let settings = args(&[]).unwrap().settings(&config).unwrap();
        assert!(!settings.policy.allow_all);
        let flagged = args(&["--allow-private-networks"]).unwrap();
        assert!(flagged.settings(&config).unwrap().policy.allow_all);
    }

    #[test]
    fn the_flags_keep_the_bounds_of_the_limits() {
        for bad in [
            ["--timeout", "0"],
            ["--timeout", "601"],
            ["--concurrency", "0"],
            ["--per-host", "0"],
            ["--per-host", "65536"],
        ] {
            assert!(args(&bad).is_err(), "{bad:?}");
        }
        let max = TIMEOUT_SECS.end().to_string();
        let ok = args(&["--timeout", &max, "--concurrency", "1"]).unwrap();
        let settings = ok.settings(&NetworkConfig::default()).unwrap();
        assert_eq!(settings.timeout.as_secs(), *TIMEOUT_SECS.end());
        assert_eq!(settings.concurrency, usize::from(*REQUESTS.start()));
    }
}
