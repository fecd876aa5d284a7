//! The frame of every page: the document head with the embedded styles and script, the
//! header with the site's name and the language switch, and the main landmark.

use base64::Engine as _;
use maud::{DOCTYPE, Markup, html};
use onboard::messages::{Lang, ui};

use super::lang::other;
use super::values::{LOGO_DATA, PageForm};
use crate::web::assets;

/// How a page offers the other language without keeping anything on the server.
pub enum Switch<'a> {
    /// A link to the same page in the other language (a page without values).
    Link(&'a str),
    /// A button of the page's form (`form="order-form"`): the values entered travel with it.
    FormButton,
}

/// The id of the form whose values travel with the language switch.
pub const FORM_ID: &str = "order-form";

pub fn page(lang: Lang, title: &str, switch: Switch<'_>, main: Markup) -> Markup {
    let to = other(lang);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (ui(lang, "web.site")) }
                link rel="stylesheet" href=(assets::url("kern.css"));
                link rel="stylesheet" href=(assets::url("onboard.css"));
                script src=(assets::url("onboard.js")) defer {}
            }
            body.kern-body {
                a.kern-link.skip-link href="#content" { (ui(lang, "web.skip")) }
                header.site-header {
                    div.kern-container.site-header__inner {
                        p.site-name { (ui(lang, "web.site")) }
                        nav aria-label=(ui(lang, "web.nav.label")) {
                            ul.site-nav {
                                li { a.kern-link href={ "/?lang=" (lang.code()) } { (ui(lang, "web.nav.form")) } }
                                li { a.kern-link href={ "/check?lang=" (lang.code()) } { (ui(lang, "web.nav.check")) } }
                                li {
                                    @match switch {
                                        Switch::Link(path) => a.kern-link lang=(to.code()) hreflang=(to.code())
                                            href={ (path) "?lang=" (to.code()) } { (ui(lang, "web.switch")) },
                                        Switch::FormButton => button.kern-btn.kern-btn--tertiary
                                            type="submit" form=(FORM_ID) name="switch" value=(to.code())
                                            lang=(to.code()) formnovalidate {
                                            span.kern-label { (ui(lang, "web.switch")) }
                                        },
                                    }
                                }
                            }
                        }
                    }
                }
                main.kern-container #content tabindex="-1" {
                    (main)
                }
            }
        }
    }
}

/// What a page carries to the next request instead of the server keeping it: the language,
/// every value entered and the logo (base64).
pub fn carried(lang: Lang, form: &PageForm, logo: Option<&[u8]>) -> Markup {
    html! {
        input type="hidden" name="lang" value=(lang.code());
        @for (name, value) in form.values() {
            input type="hidden" name=(name) value=(value);
        }
        @if let Some(bytes) = logo {
            (carried_logo(bytes))
        }
    }
}

/// The logo a page carries, as base64 in a hidden input.
pub fn carried_logo(bytes: &[u8]) -> Markup {
    html! {
        input type="hidden" name=(LOGO_DATA)
            value=(base64::engine::general_purpose::STANDARD.encode(bytes));
    }
}
