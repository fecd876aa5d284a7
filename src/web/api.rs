//! The HTTP interface of the spec (*Web self-check*): `/api/validate`, `/api/areas`,
//! `/healthz`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{ConnectInfo, Multipart, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use onboard::areas::land_key;
use onboard::engine::{Inputs, MemoryForm};
use onboard::limits::{
    BODY_READ_TIMEOUT, MAX_AREA_MATCHES, MAX_FORM_BYTES, MAX_LOGO_BYTES, MAX_REQUEST_BYTES,
};
use onboard::{Lang, RenderOptions, Text, messages, report};
use serde::{Deserialize, Serialize};

use super::client::client_key;
use super::lang::negotiate;
use super::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/validate", post(validate))
        .route("/api/areas", get(areas))
}

/// `200` while the server can answer.
async fn healthz() -> &'static str {
    "ok\n"
}

#[derive(Debug, Deserialize)]
struct ValidateQuery {
    #[serde(default)]
    online: bool,
    lang: Option<String>,
}

/// The name a form is reported under when its part has no file name.
const UNNAMED_FORM: &str = "form.toml";

/// `POST /api/validate`: the result of `onboard validate --format json` for the form (and
/// logo) sent, whatever it finds.
async fn validate(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<ValidateQuery>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = negotiate(query.lang.as_deref(), &headers);
    // Counted before the body is read: a refused client costs no upload.
    if query.online && state.checks_online() {
        let client = client_key(peer, state.client_ip_header.as_ref(), &headers);
        if let Err(wait) = state.online_rate.check(client) {
            let seconds = wait.as_secs() + 1;
            let text = Text::new("serve.too-many-online").number("seconds", seconds);
            let mut response = refusal(StatusCode::TOO_MANY_REQUESTS, lang, &text);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
    }
    let Ok(multipart) = multipart else {
        return refusal(
            StatusCode::BAD_REQUEST,
            lang,
            &Text::new("serve.not-multipart"),
        );
    };
    let form = match tokio::time::timeout(BODY_READ_TIMEOUT, read_upload(multipart)).await {
        Ok(Ok(form)) => form,
        Ok(Err((status, text))) => return closing(refusal(status, lang, &text)),
        Err(_) => {
            let text = Text::new("serve.too-slow");
            return closing(refusal(StatusCode::REQUEST_TIMEOUT, lang, &text));
        }
    };
    let checked = tokio::task::spawn_blocking(move || {
        state
            .engine_for(query.online)
            .check(Inputs::Memory(vec![form]))
    })
    .await;
    let checked = match checked {
        Ok(Ok(checked)) => checked,
        Ok(Err(setup)) => return refusal(StatusCode::SERVICE_UNAVAILABLE, lang, &setup.text()),
        Err(_) => {
            let text = Text::new("serve.check-failed");
            return refusal(StatusCode::INTERNAL_SERVER_ERROR, lang, &text);
        }
    };
    let options = RenderOptions {
        lang,
        links_unchecked: !checked.links_checked,
        ..RenderOptions::default()
    };
    let links = Links {
        checked: checked.links_checked,
        note: (!checked.links_checked).then(|| messages::ui(lang, "summary.links-unchecked")),
    };
    let body =
        report::json::render_with::<(), _>(&checked.run, &options, None, Some(("links", links)));
    json(StatusCode::OK, body)
}

/// Beside the result: whether the privacy-policy links were checked online, and if not a
/// note that says so (as the command line's report does).
#[derive(Serialize)]
struct Links {
    checked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// The parts of an upload: `form` (required) and `logo`; any other part is skipped. Each
/// part is read up to its limit, the whole body up to [`MAX_REQUEST_BYTES`] (the layer in
/// `app.rs`).
async fn read_upload(mut multipart: Multipart) -> Result<MemoryForm, (StatusCode, Text)> {
    let unreadable = |e: axum::extract::multipart::MultipartError| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large("serve.request-too-large", MAX_REQUEST_BYTES),
        _ => (StatusCode::BAD_REQUEST, Text::new("serve.not-multipart")),
    };
    let mut form: Option<(String, Vec<u8>)> = None;
    let mut logo = None;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("form") if form.is_none() => {
                let name = field.file_name().unwrap_or(UNNAMED_FORM).to_owned();
                let bytes = read_part(&mut field, MAX_FORM_BYTES, "serve.form-too-large")
                    .await
                    .map_err(|e| e.unwrap_or_else(&unreadable))?;
                form = Some((name, bytes));
            }
            Some("logo") if logo.is_none() => {
                let bytes = read_part(&mut field, MAX_LOGO_BYTES, "serve.logo-too-large")
                    .await
                    .map_err(|e| e.unwrap_or_else(&unreadable))?;
                logo = Some(bytes);
            }
            _ => while field.chunk().await.map_err(unreadable)?.is_some() {},
        }
    }
    let Some((name, bytes)) = form else {
        return Err((StatusCode::BAD_REQUEST, Text::new("serve.no-form")));
    };
    Ok(MemoryForm { name, bytes, logo })
}

/// The bytes of one part, refused (`Ok` of the refusal) past `limit`.
async fn read_part(
    field: &mut Field<'_>,
    limit: u64,
    too_large_id: &'static str,
) -> Result<Vec<u8>, Result<(StatusCode, Text), axum::extract::multipart::MultipartError>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(Err)? {
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(Ok(too_large(too_large_id, limit)));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large(id: &'static str, limit: u64) -> (StatusCode, Text) {
    let text = Text::new(id).size("max", limit);
    (StatusCode::PAYLOAD_TOO_LARGE, text)
}

#[derive(Debug, Deserialize)]
struct AreasQuery {
    #[serde(default)]
    q: String,
    state: Option<String>,
}

/// `GET /api/areas?q=TEXT[&state=NI]`: at most 20 areas whose name or key matches, best
/// first. A Land that does not exist has no areas.
async fn areas(State(state): State<Arc<AppState>>, Query(query): Query<AreasQuery>) -> Response {
    let directory = &state.offline.settings().areas;
    let land = match query.state.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(named) => match land_key(named) {
            Some(key) => Some(key),
            None => return json(StatusCode::OK, "[]\n".to_owned()),
        },
    };
    let found = directory.search(&query.q, land, MAX_AREA_MATCHES);
    let mut body = serde_json::to_string(&found).expect("areas serialize");
    body.push('\n');
    json(StatusCode::OK, body)
}

fn json(status: StatusCode, body: String) -> Response {
    let content_type = HeaderValue::from_static("application/json");
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A refusal, with its reason as `{"error": "…"}` in the answer's language.
fn refusal(status: StatusCode, lang: Lang, text: &Text) -> Response {
    let body = serde_json::json!({ "error": messages::message(lang, text) });
    json(status, format!("{body}\n"))
}

/// `response`, after which the connection is closed: the rest of a body not read would
/// otherwise be taken for the next request.
fn closing(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
