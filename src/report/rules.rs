//! What a check is, in words, for formats that describe their rules (SARIF) — the same
//! text as `onboard explain`.

use crate::explain;
use crate::finding::registry::Code;
use crate::messages::{self, Lang};

/// `leika-id-mismatch` → `LeikaIdMismatch` (SARIF's `name`).
pub fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The one-line summary and the fuller text (what it checks, why, how to fix) of a check.
pub fn descriptions(lang: Lang, code: Code) -> (String, String) {
    match messages::explanation(lang, code.as_str()) {
        Some(e) => {
            let full = format!("{} {} {}", e.checks.trim(), e.why.trim(), e.fix.trim());
            (e.summary.trim().to_owned(), full)
        }
        None => (code.as_str().to_owned(), code.as_str().to_owned()),
    }
}

/// The help of a check as plain text and as Markdown (SARIF's `help`): what
/// `onboard explain CODE` says, and its entry in `docs/checks.md`.
pub fn help(lang: Lang, code: Code) -> (String, String) {
    (
        explain::render(code, lang),
        explain::markdown_body(code, lang),
    )
}

/// The address of a check's entry in `docs/checks.md`, published at `docs_url`.
pub fn help_uri(docs_url: &str, lang: Lang, code: Code) -> String {
    format!("{docs_url}#{}", explain::anchor(code, lang))
}
