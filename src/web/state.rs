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
    /// The engine of the command line's settings, with a link cache shared by all
    /// requests; `None` when the server runs `--offline`.
    pub online: Option<Engine>,
    /// The same settings without the network: for every request that does not ask
    /// `online=true`.
    pub offline: Engine,
    /// Requests with `online=true` per client and minute.
    pub online_rate: OnlineRate,
    /// The header a trusted reverse proxy names the client in (`--client-ip-header`).
    pub client_ip_header: Option<HeaderName>,
}

impl AppState {
    pub fn new(engine: Engine, options: &ServeOptions) -> AppState {
        let mut settings = engine.settings().clone();
        let online = settings.online.is_some().then(|| {
            Engine::new(onboard::Settings {
                link_cache: Some(Arc::new(LinkCache::default())),
                ..settings.clone()
            })
        });
        settings.online = None;
        AppState {
            online,
            offline: Engine::new(settings),
            online_rate: OnlineRate::per_minute(options.online_rate),
            client_ip_header: options.client_ip_header.clone(),
        }
    }
}
