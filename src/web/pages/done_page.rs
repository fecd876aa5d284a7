//! The done page: the summary of a valid form, the eight steps of `onboard status`, and the
//! download of `bestellzettel-<tenant>.zip` — the form as `onboard init`'s template with the
//! values filled in, and the logo under the name its `logo.file` gives. Printed, the page is
//! the Bestellzettel to send: the summary, the date and room for a signature.

use std::io::Write as _;
use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use onboard::fields::{self, Field, Kind, step_title};
use onboard::finding::diagnostic::Text;
use onboard::messages::{self, Lang, ui};
use onboard::status::Status;

use super::findings::{self, Findings};
use super::form_page;
use super::layout::{self, FORM_ID, Switch};
use super::steps::{self, EDIT};
use super::values::{self, LOGO_UPLOAD, PageForm};
use super::{Outcome, Posted, check_form, failure, lang, page_form, read_posted, tenant};
use crate::web::state::AppState;

pub fn render(lang: Lang, form: &PageForm, outcome: &Outcome, findings: &Findings) -> Markup {
    let title = ui(lang, "web.done.title");
    let status = outcome
        .checked
        .run
        .files
        .first()
        .map(|report| onboard::status::status(report, outcome.checked.links_checked));
    let today = onboard::engine::today();
    // Whom to send it to: the same words as `onboard status` ends with.
    let next = Text::new("web.done.next").term("recipient", "status.recipient");
    let main = html! {
        h1.kern-title.kern-title--large { (title) }
        div.kern-alert.kern-alert--success.no-print role="status" {
            div.kern-alert__header {
                span.kern-icon.kern-icon--success aria-hidden="true" {}
                h2.kern-title { (ui(lang, "web.done.passed")) }
            }
            div.kern-alert__body { p.kern-body { (messages::message(lang, &next)) } }
        }
        (findings::summary(lang, findings))
        form #(FORM_ID) method="post" action="/download" enctype="multipart/form-data" {
            (layout::carried(lang, form, form.logo.as_deref()))
            div.actions {
                button.kern-btn.kern-btn--primary type="submit" {
                    span.kern-label { (ui(lang, "web.done.download")) }
                }
                button.kern-btn.kern-btn--secondary type="submit" formaction="/" name="action"
                    value=(EDIT) {
                    span.kern-label { (ui(lang, "web.done.edit")) }
                }
            }
        }
        p.kern-body.no-print { (ui(lang, "web.done.print")) }
        h2.kern-title { (ui(lang, "web.done.summary")) }
        (summary(lang, form, outcome))
        @if let Some(src) = form.logo.as_deref().and_then(super::logo::data_url) {
            img.logo-preview src=(src) alt=(form_page::logo_alt(lang, form));
        }
        @if let Some(status) = &status {
            (steps(lang, status))
        }
        div.print-only {
            p.kern-body { (messages::message(lang, &Text::new("web.done.date").date("date", today))) }
            div.signature {
                div { (ui(lang, "web.done.place-date")) }
                div { (ui(lang, "web.done.signature")) }
            }
        }
    };
    layout::page(lang, &title, Switch::FormButton, main)
}

/// Every value of the form, step by step, as entered: a KERN summary per fieldset.
fn summary(lang: Lang, form: &PageForm, outcome: &Outcome) -> Markup {
    let areas = outcome
        .checked
        .run
        .files
        .first()
        .map(|r| r.areas_text(usize::MAX))
        .unwrap_or_default();
    html! {
        @for (group, names) in steps::sections(form) {
            @let rows = rows(lang, &names, form, &areas);
            @if !rows.is_empty() {
                section.kern-summary {
                    div.kern-summary__header {
                        div.kern-summary__title-wrapper {
                            h3.kern-title.kern-title--small { (steps::legend(lang, group)) }
                        }
                    }
                    div.kern-summary__body {
                        dl.kern-description-list {
                            @for (label, value) in rows {
                                div.kern-description-list-item {
                                    dt.kern-description-list-item__key { (label) }
                                    dd.kern-description-list-item__value { (value) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The rows of a fieldset's inputs; the areas once, with their names.
fn rows(lang: Lang, names: &[String], form: &PageForm, areas: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut areas_shown = false;
    for name in names {
        let Some((field, _)) = values::field_of_input(name)
            .or_else(|| (name == LOGO_UPLOAD).then_some((fields::LOGO_FILE, 0)))
        else {
            continue;
        };
        if field == fields::REGIONAL_KEYS {
            if areas_shown {
                continue;
            }
            areas_shown = true;
        }
        rows.extend(shown(lang, &field, name, form, areas));
    }
    rows
}

/// The row of one input: its field's label and the value (none when it is empty).
fn shown(
    lang: Lang,
    field: &Field,
    name: &str,
    form: &PageForm,
    areas: &str,
) -> Option<(String, String)> {
    let label = ui(lang, field.text);
    let value = if *field == fields::REGIONAL_KEYS {
        areas.to_owned()
    } else if field.kind == Kind::Boolean {
        ui(
            lang,
            if form.get(field.path) == "true" {
                "web.done.yes"
            } else {
                "web.done.no"
            },
        )
    } else if *field == fields::STAGE {
        match form.get(field.path).trim() {
            "production" => ui(lang, "web.form.stage.production"),
            _ => ui(lang, "web.form.stage.test"),
        }
    } else if *field == fields::LOGO_FILE {
        form.get(field.path).trim().to_owned()
    } else if field.kind == Kind::Date {
        // As the reader writes a date (15.09.2025); the form itself keeps ISO.
        let value = form.get(name).trim();
        onboard::template::answers::typed_date(value)
            .map_or_else(|| value.to_owned(), |d| messages::date(lang, d))
    } else if *field == fields::STATE {
        // The Land by its name, as the page's list offers it.
        let code = form.get(name).trim();
        onboard::areas::LANDER
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or_else(|| code.to_owned(), |(c, _, land)| format!("{land} ({c})"))
    } else {
        form.get(name).trim().to_owned()
    };
    (!value.is_empty()).then_some((label, value))
}

/// The eight steps of the guide, as `onboard status` gives them.
fn steps(lang: Lang, status: &Status) -> Markup {
    let ready = status.ready_term();
    html! {
        h2.kern-title { (ui(lang, "status.heading")) }
        p.kern-body { (ui(lang, ready)) }
        // What to send is the download's alert above; only what to fix first is shown here.
        @if let Some(next) = status.next().filter(|_| !status.ready_for_its_stage()) {
            p.kern-body { (messages::message(lang, &next)) }
        }
        ul.kern-list.steps {
            @for step in &status.steps {
                li {
                    strong {
                        (messages::message(lang, &Text::new("init.step")
                            .arg("step", step.number.to_string())
                            .term("title", step_title(step.number))))
                    } ": "
                    (ui(lang, step.term()))
                    @let details: Vec<String> = step.details.iter().map(|t| detail(lang, t)).collect();
                    @if !details.is_empty() {
                        " – " (super::findings::with_code(&details.join("; ")))
                    }
                }
            }
        }
    }
}

/// A detail of a step; the page's own words where the command line's name a flag, a
/// clerk's where they name a key.
fn detail(lang: Lang, text: &Text) -> String {
    if text.id == "status.privacy-unchecked" {
        let url = text
            .args
            .iter()
            .find(|(k, _)| *k == "url")
            .map_or("", |(_, v)| v);
        return messages::message(
            lang,
            &Text::new("web.done.privacy-unchecked").arg("url", url),
        );
    }
    messages::message(lang, &messages::clerk::in_her_words(lang, text))
}

/// `POST /download`: the ZIP of a valid form (checked again: the page is not trusted), or
/// the form with its findings.
pub async fn download(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let parts = match read_posted(multipart, &headers).await {
        Ok(parts) => parts,
        Err(page) => return page,
    };
    let Posted { form, lang, .. } = page_form(parts);
    let lang = lang::choose(lang.as_deref(), &headers);
    let outcome = match check_form(state, form.clone(), lang).await {
        Ok(outcome) => outcome,
        Err(response) => return response,
    };
    let findings = match outcome.checked.run.files.first() {
        Some(report) => Findings::of(report, &outcome.mapped, lang, &steps::order(&form)),
        None => Findings::default(),
    };
    let logo_file = form.get(fields::LOGO_FILE.path);
    let (Some(tenant), Some(logo)) = (tenant(&outcome.mapped), form.logo.as_deref()) else {
        return form_page::render(lang, &form, &findings).into_response();
    };
    if outcome.checked.fails() || findings.errors() > 0 || !safe_relative(logo_file) {
        return form_page::render(lang, &form, &findings).into_response();
    }
    match zip(tenant, &outcome.toml, logo_file, logo) {
        Ok(bytes) => {
            let disposition = format!("attachment; filename=\"bestellzettel-{tenant}.zip\"");
            let mut response = (StatusCode::OK, bytes).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(_) => failure(lang, StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// Whether a logo path may name an entry of the ZIP: relative, of plain parts, none `..`
/// (`validate` refuses others; with its check turned down, the ZIP still must not).
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// The ZIP: `<tenant>.toml` and the logo at its `logo.file`, beside it.
fn zip(tenant: &str, toml: &str, logo_file: &str, logo: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    writer.start_file(format!("{tenant}.toml"), options)?;
    writer.write_all(toml.as_bytes())?;
    writer.start_file(logo_file, options)?;
    writer.write_all(logo)?;
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_entries() {
        assert!(safe_relative("logos/wappen.png"));
        assert!(!safe_relative("../wappen.png"));
        assert!(!safe_relative("/etc/x.png"));
        assert!(!safe_relative("logos//x.png"));
        assert!(!safe_relative("logos\\x.png"));
        assert!(!safe_relative(""));
    }
}
