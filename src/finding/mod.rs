//! What a check finds, and the registry of what it may find: check codes with their
//! severities and areas, the finding itself (`Diagnostic`, its catalog `Text`, the `Sink`
//! that collects a form's findings) and the form's text that positions point into.
//!
//! This is the bottom layer: every other module may use it, and it uses nothing of the
//! crate but the table of fields ([`crate::fields`]), which depends on nothing at all.

pub mod diagnostic;
pub mod registry;
pub mod source;
