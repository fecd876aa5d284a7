//! The form: its TOML tree with spans, its structure and its typed view.

pub mod control;
pub mod describe;
pub mod model;
pub mod schema;
pub mod shape;
pub mod structure;
