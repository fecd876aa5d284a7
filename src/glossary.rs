//! The words of the onboarding a clerk may never have seen (PVOG, LeiKa-ID, dDatabox, …),
//! each explained once, in the catalogs: `glossary.<term>`, the term as its message and the
//! explanation as its help. `onboard explain --glossary`, the header of a new form and the
//! web form show them, in the order of [`TERMS`].

use serde::Serialize;

use crate::messages::{self, Lang};

/// The catalog ids of the terms, in the order they are shown (the order the guide's steps
/// meet them).
pub const TERMS: [&str; 8] = [
    "glossary.pvog",
    "glossary.landesredaktion",
    "glossary.leika",
    "glossary.fit-store",
    "glossary.ddatabox",
    "glossary.ars",
    "glossary.funktionspostfach",
    "glossary.dse",
];

/// Explanations on a terminal are wrapped at this width (the indent included).
const TEXT_WIDTH: usize = 88;

/// One term and what it means, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The word as the guide and the form use it.
    pub term: String,
    /// What it means, in plain words.
    pub text: String,
}

/// Every term with its explanation, in `lang`.
pub fn entries(lang: Lang) -> Vec<Entry> {
    TERMS
        .iter()
        .map(|id| Entry {
            term: messages::ui(lang, id),
            text: messages::ui_help(lang, id).unwrap_or_default(),
        })
        .collect()
}

/// `onboard explain --glossary`: a heading, then each term with its explanation indented.
pub fn text(lang: Lang) -> String {
    let mut out = format!("{}\n", messages::ui(lang, "glossary.heading"));
    for entry in entries(lang) {
        out.push_str(&format!("\n{}\n", entry.term));
        messages::wrap(&mut out, &entry.text, " ", TEXT_WIDTH);
    }
    out
}

/// `onboard explain --glossary --format json`: the terms as a list of `term` and `text`.
pub fn json(lang: Lang) -> String {
    let mut out = serde_json::to_string_pretty(&entries(lang)).expect("terms serialize");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::catalog;

    #[test]
    fn every_term_is_explained_in_both_languages() {
        for lang in Lang::ALL {
            assert!(catalog(lang).contains("glossary.heading"));
            for id in TERMS {
                let entry = catalog(lang)
                    .get(id)
                    .unwrap_or_else(|| panic!("{lang:?}: {id}"));
                assert!(!entry.message.trim().is_empty(), "{lang:?}: {id}");
                let help = entry.help.unwrap_or_default();
                assert!(help.trim().len() > 40, "{lang:?}: {id} explains little");
            }
        }
    }
}
