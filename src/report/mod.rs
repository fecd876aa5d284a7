//! Renderers: each turns the same [`RunReport`](crate::validate::RunReport) into one output
//! format. They return text; where it goes (and whether it is coloured) is the caller's.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub(crate) mod rules;
pub mod sarif;
pub mod status;
pub mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Level;
use crate::finding::diagnostic::Diagnostic;
use crate::finding::registry::Code;
use crate::messages::Lang;
use crate::validate::FormReport;

/// What every renderer is told.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The language of the words.
    pub lang: Lang,
    /// ANSI styles in the output (the CLI decides: terminal, `NO_COLOR`, `--color`).
    pub styled: bool,
    /// The privacy-policy links were not checked over the network in this run.
    pub links_unchecked: bool,
    /// The repository root (folder of onboard.toml): CI formats give paths relative to it.
    pub root: Option<PathBuf>,
    /// The run's exit status (SARIF records it).
    pub exit_code: u8,
    /// The repository's severities (`[checks]` of onboard.toml), which the run applied:
    /// SARIF's rules give them as their default level.
    pub severities: BTreeMap<Code, Level>,
    /// Where `docs/checks.md` is published, checked ([`crate::config::docs_url`]): SARIF's
    /// rules link to their entries there.
    pub docs_url: Option<String>,
}

impl RenderOptions {
    /// A form's path relative to the repository root, with `/`, as CI platforms expect.
    pub fn repo_path(&self, path: &str) -> String {
        let relative = self
            .root
            .as_ref()
            .and_then(|root| {
                let root = root.canonicalize().ok()?;
                let file = Path::new(path).canonicalize().ok()?;
                file.strip_prefix(root).ok().map(Path::to_path_buf)
            })
            .unwrap_or_else(|| PathBuf::from(path));
        let text = relative.to_string_lossy();
        // Windows separators become `/`; elsewhere a backslash is part of a name (and the
        // escape of a control character in one, see `discover`).
        let text = if cfg!(windows) {
            text.replace('\\', "/")
        } else {
            text.into_owned()
        };
        text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
    }
}

/// A finding's message and, on a line of its own, its help (`help: …`, `Hilfe: …`), for
/// the formats that have one text field per finding.
pub fn message_and_help(lang: Lang, text: &crate::finding::diagnostic::Text) -> String {
    let mut out = crate::messages::message(lang, text);
    if let Some(help) = crate::messages::help(lang, text) {
        let label = crate::messages::ui(lang, "run.help");
        out.push_str(&format!("\n{label}: {help}"));
    }
    out
}

/// A stable identity of a finding across runs (moved lines do not change it): hex of the
/// SHA-256 of code, repo path, field and message id.
pub fn fingerprint(path: &str, d: &Diagnostic) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [
        d.code.as_str(),
        path,
        d.field.as_deref().unwrap_or(""),
        d.text.id,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The 1-based end line and column of a finding, where its text is known.
pub(crate) fn end_position(file: &FormReport, d: &Diagnostic) -> (usize, usize) {
    match &file.source {
        Some(source) if d.span.end > d.span.start => source.position(d.span.end),
        _ => (d.line, d.column),
    }
}
