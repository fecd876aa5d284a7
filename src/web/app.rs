//! The router: every route, and the layers every request and response passes (the bound on
//! bodies, the time-out of handling, security headers, the request log).

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use onboard::limits::{HANDLE_TIMEOUT, MAX_REQUEST_BYTES};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use super::{api, assets, log, state::AppState};

/// No inline script or style, nothing from other hosts, never in a frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        // The API's bodies are a form and a logo; a page also carries its logo in itself, so
        // the pages bound their own (larger) bodies. The outer bound holds for every route.
        .merge(api::routes().layer(RequestBodyLimitLayer::new(
            usize::try_from(MAX_REQUEST_BYTES).unwrap_or(usize::MAX),
        )))
        .merge(assets::routes())
        .merge(super::pages::routes())
        .with_state(state)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(super::pages::MAX_PAGE_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            HANDLE_TIMEOUT,
        ))
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
