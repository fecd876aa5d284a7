//! `onboard`: checks EfA order forms (Bestellzettel) and builds tenant config bundles.
//!
//! The library is the core: form model, checks, areas, reports and bundles, run as a whole
//! by [`engine::Engine`], which every front end calls. It touches no terminal, and the
//! network only in [`online`] (the check that privacy-policy links are live), which the
//! engine calls unless its settings say offline. The binary (`src/main.rs`, `src/cli/`)
//! parses the command line, builds the settings and renders what the engine returns.

pub mod areas;
pub mod bundle;
pub mod catalog;
pub mod characters;
pub mod checks;
pub mod config;
pub mod confine;
pub mod discover;
pub mod engine;
pub mod explain;
pub mod fields;
pub mod finding;
pub mod form;
pub mod limits;
pub mod messages;
pub mod network;
pub mod online;
pub mod report;
pub mod status;
pub mod template;
pub mod validate;
