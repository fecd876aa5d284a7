//! What a check is, in words, for formats that describe their rules (SARIF).

use crate::checks::registry::Code;
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

/// One line on what the check finds, and a fuller text, from the message catalog
/// (`rule.<code>.short` / `rule.<code>.full`).
pub fn descriptions(lang: Lang, code: Code) -> (String, String) {
    let short = messages::message(lang, &crate::diagnostic::Text::new(short_id(code)));
    let full = messages::help(lang, &crate::diagnostic::Text::new(short_id(code)))
        .unwrap_or_else(|| short.clone());
    (short, full)
}

fn short_id(code: Code) -> &'static str {
    // Leaked once per code and run: the ids are static strings elsewhere too.
    static IDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        Code::ALL
            .iter()
            .map(|c| &*Box::leak(format!("rule.{}", c.as_str()).into_boxed_str()))
            .collect()
    })[code as usize]
}
