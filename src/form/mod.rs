//! The form: its TOML tree with spans, its structure and its typed view.

pub(crate) mod control;
pub(crate) mod describe;
pub(crate) mod model;
pub(crate) mod schema;
pub(crate) mod shape;
pub(crate) mod structure;
pub(crate) mod syntax;

pub use describe::{example as typed_example, help as field_help, purpose};
pub use schema::json_schema_text;
