//! The web front end (`onboard serve`): the order form in the browser and the HTTP interface
//! of the spec (*Web self-check*), over the same [`Engine`] as the command line. It keeps
//! nothing between two requests and writes nothing to disk: what a clerk entered travels in
//! the page, so any number of instances can stand behind a load balancer.

mod api;
mod app;
mod assets;
mod client;
mod lang;
mod log;
mod server;
mod state;

// The pages for clerks (`/`, `/check`, `/download`), beside the HTTP interface.
mod pages;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderName;
use onboard::engine::Engine;
use onboard::finding::diagnostic::Text;
use onboard::messages;

pub use state::AppState;

/// How `onboard serve` was started.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen; port 0 picks a free one (the line on stderr names it).
    pub listen: SocketAddr,
    /// Requests with `online=true` one client may make per minute.
    pub online_rate: u32,
    /// The header a trusted reverse proxy appends the client's address to; without it the
    /// client is the connection's peer.
    pub client_ip_header: Option<HeaderName>,
    /// Connections held open at once; more wait in the kernel's queue.
    pub max_connections: usize,
}

/// How often clients whose allowance of online checks is full again are forgotten.
const FORGET_IDLE_CLIENTS: Duration = Duration::from_secs(60);

/// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
pub fn serve(engine: Engine, options: ServeOptions) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen).await?;
        let addr = listener.local_addr()?;
        let lang = crate::cli::lang();
        let line = messages::message(
            lang,
            &Text::new("serve.listening").arg("url", format!("http://{addr}")),
        );
        eprintln!("{line}");
        let state = Arc::new(AppState::new(engine, &options));
        let forgetting = Arc::clone(&state);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(FORGET_IDLE_CLIENTS);
            loop {
                every.tick().await;
                forgetting.online_rate.forget_idle();
            }
        });
        let max_connections = options.max_connections;
        server::run(listener, app::router(state), max_connections, shutdown()).await
    });
    // A check still running past the grace (an online check in a blocking thread) is not
    // waited for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served
}

/// Resolves on the first SIGTERM or SIGINT.
async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
