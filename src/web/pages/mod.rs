//! The pages of `onboard serve`, for a clerk in a browser: the form (`/`), the check of an
//! existing form (`/check`) and the done page with its download (`/download`). They work
//! without JavaScript: each posts to the server, which answers with the next page. Nothing
//! is kept between two requests — what the clerk entered, the logo included, travels in the
//! page — and the pages set no cookie.

mod check_page;
mod done_page;
mod findings;
mod form_page;
mod lang;
mod layout;
mod logo;
mod posted;
mod steps;
mod values;

/// The most a posted page may hold (its fields, the logo it carries and a new upload).
pub use posted::MAX_PAGE_BYTES;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use maud::html;
use onboard::engine::{Checked, Inputs, MemoryForm};
use onboard::finding::diagnostic::Text;
use onboard::messages::{Lang, message, ui};
use onboard::template::{self, DEFAULT_SCHEMA_PATH};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use super::state::AppState;
use findings::Findings;
use posted::{Part, Refused};
use values::{LOGO_DATA, LOGO_UPLOAD, Mapped, PageForm};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(form_page::show).post(submit))
        .route("/check", get(check_page::show).post(check_page::submit))
        .route("/download", post(done_page::download))
        // A page's post is bounded here and part by part (`posted`), not by axum's 2 MB.
        .layer(DefaultBodyLimit::max(posted::MAX_PAGE_BYTES))
        .layer(RequestBodyLimitLayer::new(posted::MAX_PAGE_BYTES))
        // A page holds what a clerk entered (names, e-mail addresses): kept by no cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// A form page's post: the values, the language asked for, and the button pressed.
struct Posted {
    form: PageForm,
    /// `lang` (the page's language) or `switch` (the other one, asked for).
    lang: Option<String>,
    action: Option<String>,
}

/// The values of a form page's parts: a new upload replaces the logo the page carried.
fn page_form(parts: Vec<Part>) -> Posted {
    let mut form = PageForm::new();
    let (mut lang, mut switch, mut action) = (None, None, None);
    let mut upload: Option<(String, Vec<u8>)> = None;
    for part in parts {
        match part.name.as_str() {
            "lang" => lang = Some(part.text()),
            "switch" => switch = Some(part.text()),
            "action" => action = Some(part.text()),
            LOGO_UPLOAD => {
                if !part.bytes.is_empty() {
                    upload = Some((part.file_name.unwrap_or_default(), part.bytes));
                }
            }
            LOGO_DATA => {
                let text = part.text();
                form.logo = base64::engine::general_purpose::STANDARD
                    .decode(text.trim())
                    .ok()
                    .filter(|bytes| !bytes.is_empty());
            }
            name => form.set(name, part.text()),
        }
    }
    if let Some((name, bytes)) = upload {
        let file = logo::file_name(&name, &bytes);
        form.set(onboard::fields::LOGO_FILE.path, file);
        form.logo = Some(bytes);
    }
    Posted {
        form,
        lang: switch.or(lang),
        action,
    }
}

/// A form checked: where its inputs went, the TOML the page's values make, and the result.
struct Outcome {
    mapped: Mapped,
    toml: String,
    checked: Checked,
}

/// Writes the page's values as `onboard init`'s template and checks it as `validate` would
/// (offline: a page must not fetch the hosts a form names), on a blocking thread.
async fn check_form(state: Arc<AppState>, form: PageForm, lang: Lang) -> Result<Outcome, Response> {
    let work = move || {
        let settings = state.engine.settings();
        let mapped = values::to_answers(&form, &settings.areas);
        let toml = template::render(
            lang,
            DEFAULT_SCHEMA_PATH,
            &mapped.answers,
            &settings.catalog,
        );
        let memory = MemoryForm {
            name: form_file_name(&mapped),
            bytes: toml.clone().into_bytes(),
            logo: form.logo.clone(),
        };
        // Pages never fetch a form's links: only the rate-limited API does.
        let checked = state.offline.check(Inputs::Memory(vec![memory]));
        checked.map(|checked| Outcome {
            mapped,
            toml,
            checked,
        })
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(outcome)) => Ok(outcome),
        _ => Err(failure(lang, StatusCode::INTERNAL_SERVER_ERROR)),
    }
}

/// The file name of the form: its tenant's, when that is a valid one.
fn form_file_name(mapped: &Mapped) -> String {
    match tenant(mapped) {
        Some(tenant) => format!("{tenant}.toml"),
        None => "bestellzettel.toml".to_owned(),
    }
}

/// The tenant id the page gave, if it is a valid one (it names files and the download).
fn tenant(mapped: &Mapped) -> Option<&str> {
    match mapped.answers.values.get(onboard::fields::TENANT_ID.path) {
        Some(template::Value::Text(id)) if plain_name(id) => Some(id),
        _ => None,
    }
}

/// Whether a tenant id may name a file and the download: what a valid one is made of
/// (`validate` checks the rest; with its check turned down, the names still must be plain).
fn plain_name(id: &str) -> bool {
    (1..=63).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A short page for a request that could not be answered (too large, broken).
fn failure(lang: Lang, status: StatusCode) -> Response {
    let id = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "web.failure.too-large",
        StatusCode::BAD_REQUEST => "web.failure.bad-request",
        _ => "web.failure.internal",
    };
    let title = ui(lang, "web.failure.title");
    let text = Text::new(id)
        .size("form", onboard::limits::MAX_FORM_BYTES)
        .size("logo", onboard::limits::MAX_LOGO_BYTES);
    let main = html! {
        h1.kern-title.kern-title--large { (title) }
        div.kern-alert.kern-alert--danger role="alert" {
            div.kern-alert__body { p.kern-body { (message(lang, &text)) } }
        }
        p.kern-body { a.kern-link href={ "/?lang=" (lang.code()) } { (ui(lang, "web.nav.form")) } }
    };
    (
        status,
        layout::page(lang, &title, layout::Switch::Link("/"), main),
    )
        .into_response()
}

/// The parts of a posted page, or the page that says why it was not read (in the browser's
/// language: the post's own choice is among what could not be read).
async fn read_posted(multipart: Multipart, headers: &HeaderMap) -> Result<Vec<Part>, Response> {
    posted::read(multipart)
        .await
        .map_err(|why: Refused| failure(lang::choose(None, headers), why.status()))
}

/// `POST /`: one more contact or area, or the check — the form again with its findings,
/// or the done page.
async fn submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let parts = match read_posted(multipart, &headers).await {
        Ok(parts) => parts,
        Err(page) => return page,
    };
    let Posted {
        mut form,
        lang,
        action,
    } = page_form(parts);
    let lang = lang::choose(lang.as_deref(), &headers);
    match action.as_deref() {
        Some(steps::ADD_CONTACT) => form.add_contact(),
        Some(steps::ADD_AREA) => form.add_area(),
        _ => {
            let outcome = match check_form(Arc::clone(&state), form.clone(), lang).await {
                Ok(outcome) => outcome,
                Err(response) => return response,
            };
            let findings = match outcome.checked.run.files.first() {
                Some(report) => Findings::of(report, &outcome.mapped, lang, &steps::order(&form)),
                None => Findings::default(),
            };
            let done = !outcome.checked.fails() && findings.errors() == 0;
            if done && action.as_deref() != Some(steps::EDIT) {
                return done_page::render(lang, &form, &outcome, &findings).into_response();
            }
            return form_page::render(lang, &form, &findings).into_response();
        }
    }
    form_page::render(lang, &form, &Findings::default()).into_response()
}
