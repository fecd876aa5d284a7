#![warn(missing_docs)]
//! `onboard`: checks EfA order forms (Bestellzettel) and builds tenant config bundles.
//!
//! The library is the core: form model, checks, areas, reports and bundles, run as a whole
//! by [`Engine`], which every front end calls. The binary (`src/main.rs`, `src/cli/`)
//! parses the command line, builds the [`Settings`] and renders what the engine returns.
//!
//! **Terminal and network.** The library touches no terminal. It does reach the network:
//! [`Engine::check`] fetches every privacy-policy link of the forms unless
//! [`Settings::online`] is `None` (`--offline`; [`Settings::default`] checks online).
//! [`online`] is the one module that opens connections, and only to public addresses
//! unless the settings allow more ([`network::Network`]).
//!
//! A front end needs what the crate root re-exports: the engine ([`Engine`], [`Settings`],
//! [`Flags`], [`Inputs`], [`MemoryForm`], [`Checked`]), the results ([`RunReport`],
//! [`FormReport`], [`Diagnostic`], [`Text`], [`Code`], [`Severity`]) and the renderers
//! ([`report`], told by [`RenderOptions`] in which [`Lang`]). The public modules hold the
//! rest a front end shows or writes: the table of fields ([`fields`]), the catalogs
//! ([`messages`]), the area directory ([`areas`]), the checklist ([`status`]), the
//! template of a new form ([`template`]), explanations ([`explain`]), the words of the
//! onboarding ([`glossary`]) and bundles
//! ([`bundle`]). The checks, the form model and validation are private; what the tests,
//! fuzz targets and examples need of them goes through `onboard::testing`, which is hidden
//! and not API.
//!
//! Checking a form held in memory (an upload: no file on disk) and rendering the findings:
//!
//! ```
//! use onboard::{Engine, Inputs, Lang, MemoryForm, RenderOptions, Settings, Severity, report};
//!
//! let form = MemoryForm {
//!     name: "upload.toml".into(),
//!     bytes: b"schema_version = 1\n[tenant]\nid = \"Landkreis X\"\n".to_vec(),
//!     logo: None,
//! };
//! let engine = Engine::new(Settings {
//!     online: None, // links are not checked over the network
//!     ..Settings::default()
//! });
//! let checked = engine.check(Inputs::Memory(vec![form]))?;
//! assert!(checked.fails());
//! let findings = &checked.run.files[0].diagnostics;
//! assert!(findings.iter().any(|d| d.severity == Severity::Error));
//! let options = RenderOptions { lang: Lang::De, ..RenderOptions::default() };
//! let text = report::human::render(&checked.run, &options);
//! assert!(text.contains("upload.toml"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

/// The format of a logo told from its bytes, for a front end that shows an upload.
pub use checks::logo::Format as LogoFormat;
pub use engine::{Checked, Engine, Flags, Inputs, MemoryForm, Settings, SettingsError};
pub use finding::diagnostic::{Diagnostic, Text};
pub use finding::registry::{Code, Severity};
pub use messages::Lang;
pub use report::RenderOptions;
pub use validate::{FormReport, RunReport};

pub mod areas;
pub mod bundle;
pub mod catalog;
pub(crate) mod characters;
pub(crate) mod checks;
pub mod config;
pub mod confine;
pub mod discover;
pub mod engine;
pub mod explain;
pub mod fields;
pub mod finding;
pub mod form;
pub mod glossary;
pub mod limits;
pub mod links_state;
pub mod messages;
pub mod network;
pub mod online;
pub mod report;
pub mod status;
pub mod template;
pub(crate) mod validate;

/// Internals that the integration tests, fuzz targets and examples reach: **not API**, may
/// change or go away at any time. Front ends use the crate root and the public modules.
///
/// Outside this door the internals cannot be reached:
///
/// ```compile_fail,E0603
/// use onboard::checks::logo::inspect_bytes;
/// ```
///
/// ```compile_fail,E0603
/// use onboard::validate::validate_bytes;
/// ```
///
/// ```compile_fail,E0603
/// use onboard::form::model::FormView;
/// ```
///
/// ```compile_fail,E0603
/// use onboard::bundle::archive::tar_gz;
/// ```
#[doc(hidden)]
pub mod testing {
    pub use crate::bundle::archive::{tar, tar_gz};
    pub use crate::bundle::build::{Input, build, build_run};
    pub use crate::bundle::model::Manifest;
    pub use crate::characters::refused;
    pub use crate::checks::authority::land_of_prefix;
    pub use crate::checks::logo::raster::inspect as inspect_raster;
    pub use crate::checks::logo::svg::inspect as inspect_svg;
    pub use crate::checks::logo::{Format, inspect_bytes};
    pub use crate::checks::mailboxes::{FREEMAIL_DOMAINS, fold_umlauts};
    pub use crate::checks::phone::is_valid as is_valid_phone;
    pub use crate::form::model::FormView;
    pub use crate::online::classify::{Answer, classify_response};
    pub use crate::validate::{Options, validate, validate_bytes, validate_file};

    /// The logo bytes a bundle run kept in a form's report (`keep_logos`), if it kept them.
    pub fn kept_logo(report: &mut crate::FormReport) -> Option<&mut Vec<u8>> {
        report.facts.logo.as_mut().map(|kept| &mut kept.bytes)
    }
}
