//! Renderers: each turns the same [`RunReport`](crate::validate::RunReport) into one output
//! format. They return text; where it goes (and whether it is coloured) is the caller's.

pub mod human;
pub mod json;
pub mod status;
pub mod table;

use crate::messages::Lang;

/// What every renderer is told.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub lang: Lang,
    /// ANSI styles in the output (the CLI decides: terminal, `NO_COLOR`, `--color`).
    pub styled: bool,
    /// The privacy-policy links were not checked over the network in this run.
    pub links_unchecked: bool,
}
