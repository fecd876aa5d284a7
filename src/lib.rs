//! `onboard`: checks EfA order forms (Bestellzettel) and builds tenant config bundles.
//!
//! The library is the core: form model, checks, areas, reports and bundles. It touches
//! neither the network nor the terminal; the binary (`src/main.rs`, `src/cli/`) wires it
//! up.

pub mod areas;
pub mod bundle;
pub mod catalog;
pub mod checks;
pub mod config;
pub mod confine;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod explain;
pub mod form;
pub mod limits;
pub mod messages;
pub mod network;
pub mod online;
pub mod report;
pub mod status;
pub mod template;
pub mod validate;
