//! How privacy-policy links are checked online: one type for the `[network]` table of
//! `onboard.toml`, the command-line flags (`--concurrency`, `--resolve`, …) and the online
//! check itself, with the defaults in one place and the bounds of [`crate::limits`].
//!
//! As lychee's options are, the one type is both parsed from the command line and read from
//! the repository config; [`Network::over`] folds the two. A repository is outside input:
//! what could widen the addresses links may lead to, or redirect a host, is taken from the
//! command line only (the config's schema does not even have those keys).

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::finding::diagnostic::Text;
use crate::limits::{REQUESTS, TIMEOUT_SECS};

/// Requests in flight when neither the command line nor the repository says.
pub const DEFAULT_CONCURRENCY: u16 = 16;
/// Requests against one host at a time when neither says.
pub const DEFAULT_PER_HOST: u16 = 2;
/// Seconds one request may take when neither says.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;
/// The first wait before a retry; it doubles with each.
pub(crate) const BACKOFF: Duration = Duration::from_millis(500);

/// The heading of these flags in the help: a catalog id (`cli.heading.online`). Set on each
/// flag, as `next_help_heading` would also take the flags after them.
const ONLINE: &str = "online";

/// The settings of the online check. A value left out (`None`, empty) is for the next
/// source to fill, and in the end for the default; the accessors give what the run uses.
// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema, clap::Args)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    /// Requests in flight at most.
    #[arg(help_heading = ONLINE, long, value_name = "N", value_parser = requests())]
    pub concurrency: Option<u16>,
    /// Requests against one host at a time at most.
    #[arg(help_heading = ONLINE, long, value_name = "N", value_parser = requests())]
    pub per_host: Option<u16>,
    /// Seconds one request may take.
    #[arg(help_heading = ONLINE, long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(TIMEOUT_SECS))]
    pub timeout: Option<u64>,
    /// Only `false` is accepted: a repository cannot let links lead to non-public
    /// addresses (only `--allow-private-networks` and `--allow-network` can).
    #[arg(help_heading = ONLINE, long)]
    pub allow_private_networks: bool,
    /// Non-public networks links may lead to (`--allow-network`; command line only).
    #[arg(help_heading = ONLINE, long, value_name = "CIDR")]
    #[serde(skip)]
    #[schemars(skip)]
    pub allow_network: Vec<ipnet::IpNet>,
    /// PEM files whose root certificates are trusted too (`--ca-cert`; command line only).
    #[arg(help_heading = ONLINE, long, value_name = "FILE")]
    #[serde(skip)]
    #[schemars(skip)]
    pub ca_cert: Vec<PathBuf>,
    /// Host names resolved to these addresses, still guarded (`--resolve`; command line
    /// only).
    #[arg(help_heading = ONLINE, long, value_name = "HOST:ADDR", value_parser = parse_pin)]
    #[serde(skip)]
    #[schemars(skip)]
    pub resolve: Vec<(String, IpAddr)>,
}

/// `--concurrency` and `--per-host`: the bounds `onboard.toml` is held to as well.
fn requests() -> clap::builder::RangedI64ValueParser<u16> {
    clap::value_parser!(u16).range(i64::from(*REQUESTS.start())..=i64::from(*REQUESTS.end()))
}

/// Why a `--resolve` value is not `HOST:ADDR`, as a catalog text: the command line says it
/// in the user's language (clap's own words for it would be English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinError(pub Text);

impl std::fmt::Display for PinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::message(
            crate::messages::Lang::En,
            &self.0,
        ))
    }
}

impl std::error::Error for PinError {}

/// `HOST:ADDR`, also curl's `HOST:PORT:ADDR` (the port is ignored) and `[v6]` addresses.
fn parse_pin(s: &str) -> Result<(String, IpAddr), PinError> {
    let (host, rest) = s
        .split_once(':')
        .ok_or(PinError(Text::new("cli.error.resolve-format")))?;
    let addr = match rest.split_once(':') {
        Some((port, addr)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => addr,
        _ => rest,
    };
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let ip = addr
        .parse()
        .map_err(|_| PinError(Text::new("cli.error.resolve-address").arg("addr", addr)))?;
    if host.is_empty() {
        return Err(PinError(Text::new("cli.error.resolve-host")));
    }
    Ok((host.to_ascii_lowercase(), ip))
}

impl Network {
    /// These settings (the command line's) over the repository's: a value left out here is
    /// the repository's (which `config::load` held to the same bounds). Whatever could widen
    /// the network or redirect a host stays this side's alone.
    pub fn over(self, repository: &Network) -> Network {
        Network {
            concurrency: self.concurrency.or(repository.concurrency),
            per_host: self.per_host.or(repository.per_host),
            timeout: self.timeout.or(repository.timeout),
            ..self
        }
    }

    /// Requests in flight at most.
    pub fn concurrency(&self) -> usize {
        usize::from(self.concurrency.unwrap_or(DEFAULT_CONCURRENCY))
    }

    /// Requests against one host at a time at most.
    pub fn per_host(&self) -> usize {
        usize::from(self.per_host.unwrap_or(DEFAULT_PER_HOST))
    }

    /// The time one request may take.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout.unwrap_or(DEFAULT_TIMEOUT_SECS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        network: Network,
    }

    fn flags(flags: &[&str]) -> Result<Network, clap::Error> {
        let all = std::iter::once("onboard").chain(flags.iter().copied());
        Cli::try_parse_from(all).map(|cli| cli.network)
    }

    #[test]
    fn only_the_flags_widen_the_network() {
        // `config::load` refuses all of this; were it let through, it would still not count.
        let repository = Network {
            allow_private_networks: true,
            allow_network: vec!["10.0.0.0/8".parse().unwrap()],
            resolve: vec![("a.example".into(), "10.0.0.1".parse().unwrap())],
            ..Network::default()
        };
        let folded = flags(&[]).unwrap().over(&repository);
        assert!(!folded.allow_private_networks);
        assert!(folded.allow_network.is_empty() && folded.resolve.is_empty());
        let flagged = flags(&["--allow-private-networks"]).unwrap();
        assert!(flagged.over(&repository).allow_private_networks);
    }

    #[test]
    fn the_flags_win_then_the_repository_then_the_defaults() {
        let repository = Network {
            concurrency: Some(4),
            timeout: Some(30),
            ..Network::default()
        };
        let folded = flags(&["--timeout", "5"]).unwrap().over(&repository);
        assert_eq!(folded.timeout(), Duration::from_secs(5));
        assert_eq!(folded.concurrency(), 4);
        assert_eq!(folded.per_host(), usize::from(DEFAULT_PER_HOST));
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
            assert!(flags(&bad).is_err(), "{bad:?}");
        }
        let max = TIMEOUT_SECS.end().to_string();
        let ok = flags(&["--timeout", &max, "--concurrency", "1"]).unwrap();
        assert_eq!(ok.timeout().as_secs(), *TIMEOUT_SECS.end());
        assert_eq!(ok.concurrency(), usize::from(*REQUESTS.start()));
    }

    #[test]
    fn pins_take_curls_forms() {
        let pins = flags(&[
            "--resolve",
            "A.example:443:[::1]",
            "--resolve",
            "b:127.0.0.1",
        ])
        .unwrap()
        .resolve;
        assert_eq!(
            pins,
            [
                ("a.example".to_owned(), "::1".parse().unwrap()),
                ("b".to_owned(), "127.0.0.1".parse().unwrap())
            ]
        );
        assert!(flags(&["--resolve", ":127.0.0.1"]).is_err());
        assert!(flags(&["--resolve", "a:b"]).is_err());
    }
}
