//! The form page (`/`): one fieldset per step of the guide, in its order, each field with
//! the label and help of the table of fields — the words `onboard init` writes as comments.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use maud::{Markup, html};
use onboard::fields::{self, Field, Kind, asked_at};
use onboard::finding::diagnostic::Text;
use onboard::form::field_help;
use onboard::messages::{self, Lang, ui};

use super::findings::{self, Findings, described_by, hint_id};
use super::lang;
use super::layout::{self, FORM_ID, Switch};
use super::logo;
use super::steps::{ADD_AREA, ADD_CONTACT, CHECK, GROUPS, legend};
use super::values::{self, LOGO_UPLOAD, PageForm, has_input, input_id, input_name};
use crate::web::state::AppState;

/// `?lang=de|en`: the language switch of a page without values.
#[derive(Debug, serde::Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

/// `GET /`: the empty form.
pub async fn show(
    State(state): State<Arc<AppState>>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Markup {
    let lang = lang::choose(query.lang.as_deref(), &headers);
    let form = PageForm::blank(&state.engine.settings().catalog);
    render(lang, &form, &Findings::default())
}

pub fn render(lang: Lang, form: &PageForm, findings: &Findings) -> Markup {
    let title = ui(lang, "web.form.title");
    let switch = if form.is_blank() {
        Switch::Link("/")
    } else {
        Switch::FormButton
    };
    let main = html! {
        h1.kern-title.kern-title--large { (title) }
        p.kern-body { (ui(lang, "web.form.intro")) }
        (glossary(lang))
        (findings::summary(lang, findings))
        form #(FORM_ID) method="post" action="/" enctype="multipart/form-data" novalidate
            data-check="true" data-texts=(script_texts(lang)) {
            button.default-action type="submit" name="action" value=(CHECK) tabindex="-1"
                aria-hidden="true" { (ui(lang, "web.form.submit")) }
            input type="hidden" name="lang" value=(lang.code());
            @for group in GROUPS {
                (step(lang, group, form, findings))
            }
            div.actions {
                button.kern-btn.kern-btn--primary type="submit" name="action" value=(CHECK) {
                    span.kern-label { (ui(lang, "web.form.submit")) }
                }
            }
        }
    };
    layout::page(lang, &title, switch, main)
}

/// The words of the onboarding (PVOG, LeiKa-ID, …) explained, closed until opened: the
/// glossary of `onboard explain --glossary` and of the template's head.
fn glossary(lang: Lang) -> Markup {
    html! {
        details.glossary {
            summary.kern-body { (ui(lang, "glossary.heading")) }
            dl.kern-description-list {
                @for entry in onboard::glossary::entries(lang) {
                    div.kern-description-list-item {
                        dt.kern-description-list-item__key { (entry.term) }
                        dd.kern-description-list-item__value { (entry.text) }
                    }
                }
            }
        }
    }
}

/// The words the script shows, in the page's language (`{label}`, `{count}` it fills in).
fn script_texts(lang: Lang) -> String {
    let levels: serde_json::Map<String, serde_json::Value> = onboard::areas::Level::ALL
        .iter()
        .map(|l| (l.as_str().to_owned(), ui(lang, l.term()).into()))
        .collect();
    serde_json::json!({
        "empty": ui(lang, "web.form.empty"),
        "logoMissing": ui(lang, "web.form.logo-missing"),
        "error": ui(lang, "web.prefix.error"),
        "warning": ui(lang, "web.prefix.warning"),
        "summary": ui(lang, "web.summary.errors"),
        "suggestions": ui(lang, "web.form.suggestions"),
        // The script counts as the catalog does: one, or any other number as `{n}`.
        "countOne": ui(lang, "count.suggestions.one"),
        "countOther": ui(lang, "count.suggestions.other"),
        "levels": levels,
    })
    .to_string()
}

fn step(lang: Lang, group: &[u8], form: &PageForm, findings: &Findings) -> Markup {
    let fields: Vec<&Field> = group
        .iter()
        .flat_map(|s| asked_at(*s))
        .filter(|f| has_input(f))
        .collect();
    html! {
        fieldset.kern-fieldset.step id={ "step-" (group[0]) } {
            legend.kern-label { (legend(lang, group)) }
            div.kern-fieldset__body {
                @if group == [1] {
                    (contacts(lang, form, findings))
                } @else {
                    @for field in fields {
                        (widget(lang, field, form, findings))
                    }
                }
            }
        }
    }
}

/// Step 1: every professional contact (with "add another"), then the technical one.
fn contacts(lang: Lang, form: &PageForm, findings: &Findings) -> Markup {
    let in_table = |table: &'static str| {
        fields::FIELDS
            .iter()
            .filter(move |f| f.table() == table && has_input(f))
    };
    html! {
        @for block in 0..form.professional {
            fieldset.kern-fieldset.group {
                legend.kern-label {
                    (messages::message(lang, &Text::new("web.form.professional")
                        .arg("number", (block + 1).to_string())))
                }
                div.kern-fieldset__body {
                    @for field in in_table(fields::PROFESSIONAL.path) {
                        (input(lang, field, &input_name(field, block), form, findings))
                    }
                }
            }
        }
        @if form.professional < onboard::limits::MAX_CONTACTS {
            button.kern-btn.kern-btn--secondary.add-another type="submit" name="action"
                value=(ADD_CONTACT)
                formaction={ "/#" (input_id(&input_name(&fields::PROFESSIONAL_NAME, form.professional))) } {
                span.kern-label { (ui(lang, "web.form.add-contact")) }
            }
        }
        fieldset.kern-fieldset.group {
            legend.kern-label { (ui(lang, "web.form.technical")) }
            div.kern-fieldset__body {
                @for field in in_table(fields::TECHNICAL.path) {
                    (input(lang, field, field.path, form, findings))
                }
            }
        }
    }
}

fn widget(lang: Lang, field: &Field, form: &PageForm, findings: &Findings) -> Markup {
    if *field == fields::REGIONAL_KEYS {
        areas(lang, form, findings)
    } else if *field == fields::LOGO_FILE {
        logo_upload(lang, form, findings)
    } else {
        input(lang, field, field.path, form, findings)
    }
}

/// The label of a field, marked when it may stay empty.
fn label(lang: Lang, field: &Field) -> Markup {
    html! {
        (ui(lang, field.text))
        @if !field.required || field.preset == fields::Preset::Optional {
            " " span.kern-label__optional { "– " (ui(lang, "web.form.optional")) }
        }
    }
}

/// The hint of a field: its purpose and an example, as in the template's comments; the step
/// is not repeated at each field, the legend of the step's fieldset names it once.
fn hint(lang: Lang, field: &Field) -> String {
    // As `init --interactive` shows it: without TOML's quotes and brackets.
    let example = onboard::form::typed_example(field, lang);
    let example = Text::new("template.example").arg("example", example);
    format!(
        "{} {}",
        field_help(field, lang),
        messages::message(lang, &example)
    )
}

/// The `data-` attributes the script reads to write the field into a form's TOML.
fn kind_name(field: &Field) -> &'static str {
    match field.kind {
        Kind::Boolean => "boolean",
        Kind::Date => "date",
        Kind::TextList => "list",
        Kind::Integer => "integer",
        _ => "text",
    }
}

fn input(lang: Lang, field: &Field, name: &str, form: &PageForm, findings: &Findings) -> Markup {
    let id = input_id(name);
    let value = form.get(name);
    let invalid = findings.invalid(name);
    let described = described_by(findings, name, true);
    let kind = kind_name(field);
    if field.kind == Kind::Boolean {
        return html! {
            div.kern-form-check {
                input.kern-form-check__checkbox.kern-form-check__checkbox--error[invalid]
                    type="checkbox" id=(id) name=(name) value="true" checked[value == "true"]
                    aria-invalid=[invalid.then_some("true")] aria-describedby=[described]
                    data-field=(field.path) data-kind=(kind);
                label.kern-label for=(id) { (label(lang, field)) }
            }
            p.kern-hint id=(hint_id(name)) { (hint(lang, field)) }
            (findings::at_input(lang, findings, name))
        };
    }
    html! {
        div.kern-form-input.kern-form-input--error[invalid] {
            label.kern-label for=(id) { (label(lang, field)) }
            div.kern-hint id=(hint_id(name)) { (hint(lang, field)) }
            (findings::at_input(lang, findings, name))
            @if *field == fields::STAGE {
                div.kern-form-input__select-wrapper {
                    select.kern-form-input__select.kern-form-input__select--error[invalid]
                        id=(id) name=(name) aria-invalid=[invalid.then_some("true")]
                        aria-describedby=[described] data-field=(field.path) data-kind=(kind) {
                        @for (stage, text) in [("test", "web.form.stage.test"), ("production", "web.form.stage.production")] {
                            option value=(stage) selected[value == stage] { (ui(lang, text)) }
                        }
                    }
                }
            } @else if *field == fields::STATE {
                (land_select(lang, &id, name, value, invalid, described.as_deref(), field))
            } @else if field.kind == Kind::MultilineText {
                textarea.kern-form-input__input.kern-form-input__input--error[invalid]
                    id=(id) name=(name) rows="3" aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[described] data-field=(field.path) data-kind=(kind) { (value) }
            } @else {
                input.kern-form-input__input.kern-form-input__input--error[invalid]
                    type=(input_type(field)) id=(id) name=(name) value=(value)
                    autocomplete=[autocomplete(field)] spellcheck=[spellcheck(field)]
                    aria-invalid=[invalid.then_some("true")] aria-describedby=[described]
                    data-field=(field.path) data-kind=(kind);
            }
        }
    }
}

/// The Land, chosen from the 16 by name (the clerk need not know `HB`); a value from an
/// uploaded form that is none of them stays selectable, so that its finding can be read
/// and the value is not lost on the next round trip.
fn land_select(
    lang: Lang,
    id: &str,
    name: &str,
    value: &str,
    invalid: bool,
    described: Option<&str>,
    field: &Field,
) -> Markup {
    let known = onboard::areas::LANDER
        .iter()
        .any(|(code, _, _)| *code == value);
    html! {
        div.kern-form-input__select-wrapper {
            select.kern-form-input__select.kern-form-input__select--error[invalid]
                id=(id) name=(name) aria-invalid=[invalid.then_some("true")]
                aria-describedby=[described] data-field=(field.path) data-kind=(kind_name(field)) {
                option value="" selected[value.is_empty()] { (ui(lang, "web.form.land-choose")) }
                @if !known && !value.is_empty() {
                    option value=(value) selected { (value) }
                }
                @for (code, _, land) in onboard::areas::LANDER {
                    option value=(code) selected[value == code] { (land) " (" (code) ")" }
                }
            }
        }
    }
}

/// The input type that brings the right keyboard on a phone; `novalidate` on the form
/// leaves the checking to the server.
fn input_type(field: &Field) -> &'static str {
    match field.kind {
        Kind::Date => "date",
        _ if field.key() == "email" || field.table() == fields::MAILBOXES.path => "email",
        _ if field.key() == "phone" => "tel",
        _ if *field == fields::WEBSITE || *field == fields::PRIVACY_URL => "url",
        _ => "text",
    }
}

fn autocomplete(field: &Field) -> Option<&'static str> {
    if *field == fields::AUTHORITY_NAME {
        Some("organization")
    } else if *field == fields::POSTAL_CODE {
        Some("postal-code")
    } else if *field == fields::CITY {
        Some("address-level2")
    } else {
        None
    }
}

fn spellcheck(field: &Field) -> Option<&'static str> {
    (input_type(field) != "text" || *field == fields::TENANT_ID || *field == fields::LEIKA_ID)
        .then_some("false")
}

/// The areas: one input each (a name or a key), with "add another".
fn areas(lang: Lang, form: &PageForm, findings: &Findings) -> Markup {
    let field = &fields::REGIONAL_KEYS;
    let group_hint = format!("{}-hint", input_id(field.path));
    html! {
        fieldset.kern-fieldset.group aria-describedby=(group_hint) {
            legend.kern-label { (ui(lang, "term.area.jurisdiction")) }
            div.kern-fieldset__body {
            p.kern-hint id=(group_hint) { (hint(lang, field)) " " (ui(lang, "web.form.area-hint")) }
            @for index in 0..form.areas {
                @let name = input_name(field, index);
                @let id = input_id(&name);
                @let invalid = findings.invalid(&name);
                div.kern-form-input.kern-form-input--error[invalid].area-input {
                    label.kern-label for=(id) {
                        (messages::message(lang, &Text::new("web.form.area")
                            .arg("number", (index + 1).to_string())))
                    }
                    (findings::at_input(lang, findings, &name))
                    input.kern-form-input__input.kern-form-input__input--error[invalid]
                        type="text" id=(id) name=(name) value=(form.get(&name))
                        autocomplete="off" spellcheck="false"
                        aria-invalid=[invalid.then_some("true")]
                        aria-describedby=[described_by(findings, &name, false)]
                        data-field=(field.path) data-kind="list" data-areas;
                }
            }
            @if form.areas < values::MAX_AREA_INPUTS {
                button.kern-btn.kern-btn--secondary.add-another type="submit" name="action"
                    value=(ADD_AREA)
                    formaction={ "/#" (input_id(&input_name(field, form.areas))) } {
                    span.kern-label { (ui(lang, "web.form.add-area")) }
                }
            }
            }
        }
    }
}

/// The logo: a file input, and the logo uploaded before, shown and carried in the page.
fn logo_upload(lang: Lang, form: &PageForm, findings: &Findings) -> Markup {
    let field = &fields::LOGO_FILE;
    let id = input_id(LOGO_UPLOAD);
    let invalid = findings.invalid(LOGO_UPLOAD);
    let file = form.get(field.path);
    html! {
        div.kern-form-input.kern-form-input--error[invalid] {
            label.kern-label for=(id) { (ui(lang, "web.form.logo")) }
            div.kern-hint id=(hint_id(LOGO_UPLOAD)) {
                (ui(lang, "web.form.logo-hint"))
            }
            (findings::at_input(lang, findings, LOGO_UPLOAD))
            @if let Some(bytes) = &form.logo {
                p.kern-body {
                    (messages::message(lang, &Text::new("web.form.logo-kept").arg("file", file)))
                }
                @if let Some(src) = logo::data_url(bytes) {
                    img.logo-preview src=(src) alt=(logo_alt(lang, form));
                }
                (layout::carried_logo(bytes))
            }
            input type="hidden" name=(field.path) value=(file);
            input.kern-form-input__input.kern-form-input__input--error[invalid] type="file"
                id=(id) name=(LOGO_UPLOAD) accept=".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[described_by(findings, LOGO_UPLOAD, true)];
        }
    }
}

/// The preview's text alternative: the alt text entered, else what the image is.
pub fn logo_alt(lang: Lang, form: &PageForm) -> String {
    let alt = form.get(fields::LOGO_ALT_TEXT.path).trim();
    if alt.is_empty() {
        ui(lang, "web.form.logo-preview")
    } else {
        alt.to_owned()
    }
}
