//! The HTTP interface of the spec (*Web self-check*): `/api/validate`, `/api/areas`,
//! `/healthz`.

use std::sync::Arc;

use axum::Router;
use axum::routing::get;

use super::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/healthz", get(healthz))
}

/// `200` while the server can answer.
async fn healthz() -> &'static str {
    "ok\n"
}
