//! The checks of one form, one module per area of the form; their codes, severities and
//! areas are in the registry ([`crate::finding::registry`]).
//!
//! A check reads the typed [`FormView`] and reports to a [`Sink`]; it never touches the
//! network or the terminal. Cross-form checks run over the whole run, in [`crate::validate`].

pub mod authority;
pub mod identity;
pub mod jurisdiction;
pub mod links;
pub mod logo;
pub mod mailboxes;
pub mod onboarding;
pub mod phone;
pub mod privacy;
pub mod service;

use crate::areas::AreaDirectory;
use crate::catalog::Catalog;
use crate::finding::diagnostic::Sink;
use crate::form::model::FormView;

/// What the checks of one form need besides the form.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub areas: &'a AreaDirectory,
    /// Today in Europe/Berlin: agreements dated after it are errors.
    pub today: jiff::civil::Date,
    /// Where the logo comes from: the form's folder (the logo path is resolved against it
    /// and must stay in it), or bytes held in memory.
    pub logo: logo::Source<'a>,
    /// Whether the logo as read is kept for a bundle (`validate::Options::keep_logos`).
    pub keep_logo: bool,
}

/// Runs every offline check of one form; returns the logo as read when it is to be kept.
pub fn run(view: &FormView<'_>, ctx: &Context<'_>, sink: &mut Sink<'_>) -> Option<logo::Kept> {
    identity::check(view, sink);
    service::check(view, ctx.catalog, sink);
    onboarding::check(view, ctx.today, sink);
    authority::check(view, sink);
    jurisdiction::check(view, ctx.areas, sink);
    let logo = logo::check(view, ctx.logo, ctx.keep_logo, sink);
    privacy::check(view, sink);
    mailboxes::check(view, sink);
    logo
}
