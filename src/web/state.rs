//! What every request of the server shares: the engine, and nothing a request sent.

use onboard::engine::Engine;

use super::ServeOptions;

/// The server's shared state (behind an `Arc`).
#[derive(Debug)]
#[expect(
    dead_code,
    reason = "the routes of /api/validate read them; they land next"
)]
pub struct AppState {
    /// The one engine, as for the command line.
    pub engine: Engine,
    /// Requests with `online=true` one client may make per minute.
    pub online_rate: u32,
}

impl AppState {
    pub fn new(engine: Engine, options: &ServeOptions) -> AppState {
        AppState {
            engine,
            online_rate: options.online_rate,
        }
    }
}
