//! What every request of the server shares: the engines, the per-client rate of online
//! checks, and nothing a request sent.

use std::sync::Arc;

use axum::http::HeaderName;
use onboard::engine::Engine;
use onboard::online::LinkCache;

use super::ServeOptions;
use super::client::OnlineRate;

/// The server's shared state (behind an `Arc`).
#[derive(Debug)]
pub struct AppState {
    /// The one engine, as for the command line (checking links online unless the server
    /// runs `--offline`), with a link cache shared by all requests.
    pub engine: Engine,
    /// The same settings without the network: for every request that does not ask
    /// `online=true`.
    pub offline: Engine,
    /// Requests with `online=true` per client and minute.
    pub online_rate: OnlineRate,
    /// The header a trusted reverse proxy names the client in (`--client-ip-header`).
    pub client_ip_header: Option<HeaderName>,
}

impl AppState {
    /// The engine for a request: online only if it asks and the server may.
    pub fn engine_for(&self, online: bool) -> &Engine {
        if online && self.checks_online() {
            &self.engine
        } else {
            &self.offline
        }
    }

    /// Whether the server checks links online at all (not `--offline`).
    pub fn checks_online(&self) -> bool {
        self.engine.settings().online.is_some()
    }

    pub fn new(engine: Engine, options: &ServeOptions) -> AppState {
        let settings = engine.settings();
        let offline = Engine::new(onboard::Settings {
            online: None,
            ..settings.clone()
        });
        let engine = Engine::new(onboard::Settings {
            link_cache: Some(Arc::new(LinkCache::default())),
            ..settings.clone()
        });
        AppState {
            engine,
            offline,
            online_rate: OnlineRate::per_minute(options.online_rate),
            client_ip_header: options.client_ip_header.clone(),
        }
    }
}
