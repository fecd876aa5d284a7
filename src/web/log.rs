//! One line per request on stderr: method, path, status, duration. Never a query or a body:
//! a form's values are personal data (contact names, e-mail addresses).

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

pub async fn request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    eprintln!(
        "{method} {} {} {millis:.1} ms",
        onboard::messages::visible(&path),
        response.status().as_u16()
    );
    response
}
