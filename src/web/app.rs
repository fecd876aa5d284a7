//! The router: every route, and the layers every response passes (security headers, the
//! request log).

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::set_header::SetResponseHeaderLayer;

use super::{api, assets, log, state::AppState};

/// No inline script or style, nothing from other hosts, never in a frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .merge(super::pages::routes())
        .with_state(state)
        .layer(compression())
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(axum::middleware::from_fn(log::request))
}

/// gzip or Brotli, as the client asks, for text (HTML, CSS, JavaScript, JSON); not for fonts
/// (WOFF2 is Brotli inside) or images (tower-http's default leaves those out but SVG).
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("font/")))
}

fn header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}
