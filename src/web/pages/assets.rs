//! The styles, script and fonts of the pages, embedded in the binary and served under
//! `/assets/<version>/<name>` with a year's caching: the version is a hash of them all, so
//! a new binary's pages name new URLs. Nothing is loaded from other hosts.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::web::state::AppState;

/// Every asset: its name, its media type and its bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "kern.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../assets/kern/kern.css"),
    ),
    (
        "onboard.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../assets/onboard.css"),
    ),
    (
        "onboard.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/onboard.js"),
    ),
    (
        "fira-sans-regular.woff2",
        "font/woff2",
        include_bytes!("../../../assets/fonts/fira-sans-regular.woff2"),
    ),
    (
        "fira-sans-bold.woff2",
        "font/woff2",
        include_bytes!("../../../assets/fonts/fira-sans-bold.woff2"),
    ),
];

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/assets/{version}/{name}", get(asset))
}

/// The version in the assets' URLs: the first 16 hex digits of a hash of them all.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut hash = Sha256::new();
        for (name, _, bytes) in ASSETS {
            hash.update(name.as_bytes());
            hash.update(bytes);
        }
        hash.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// The URL of an asset, as the pages name it.
pub fn url(name: &str) -> String {
    format!("/assets/{}/{name}", version())
}

async fn asset(Path((_version, name)): Path<(String, String)>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, media_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *media_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
