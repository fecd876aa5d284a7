//! `onboard serve`: the web self-check for clerks (`crate::web`), with the settings every
//! other command reads — `onboard.toml`'s services, severities and areas, and the network
//! flags, which only this command line can widen.

use std::net::SocketAddr;
use std::process::ExitCode;

use onboard::engine::{Engine, Flags};
use onboard::finding::diagnostic::Text;

use super::fail_text;
use crate::web::{self, ServeOptions};

/// The default of `--max-connections`: the library's bound.
const DEFAULT_CONNECTIONS: u16 = onboard::limits::MAX_CONNECTIONS as u16;

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub online_rate: u32,
    #[arg(long, value_name = "HEADER")]
    pub client_ip_header: Option<axum::http::HeaderName>,
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONNECTIONS,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub max_connections: u16,
    #[command(flatten)]
    pub flags: Flags,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let settings = match super::check::settings(&args.flags) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let options = ServeOptions {
        listen: args.listen,
        online_rate: args.online_rate,
        client_ip_header: args.client_ip_header,
        max_connections: usize::from(args.max_connections),
    };
    match web::serve(Engine::new(settings), options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail_text(
            &Text::new("serve.failed")
                .arg("addr", args.listen.to_string())
                .arg("reason", e.to_string()),
        ),
    }
}
