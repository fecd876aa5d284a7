//! The message catalogs: every text a finding shows, per language, kept as data in
//! `locales/<lang>.toml` and compiled into the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::diagnostic::Text;

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    De,
}

/// One catalog entry: a message and, where there is one, how to fix it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
}

type Catalog = HashMap<String, Entry>;

fn load(source: &str) -> Catalog {
    let table: toml::Table = toml::from_str(source).expect("the embedded catalog is valid TOML");
    let mut catalog = Catalog::new();
    flatten(String::new(), table, &mut catalog);
    catalog
}

/// Nested tables make ids with dots: `[logo-missing.folder]` is the id `logo-missing.folder`.
fn flatten(prefix: String, table: toml::Table, out: &mut Catalog) {
    let mut entry = toml::Table::new();
    for (key, value) in table {
        let id = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(id, inner, out),
            other => {
                entry.insert(key, other);
            }
        }
    }
    if !entry.is_empty() {
        let parsed = toml::Value::Table(entry)
            .try_into()
            .unwrap_or_else(|e| panic!("catalog entry {prefix} is malformed: {e}"));
        out.insert(prefix, parsed);
    }
}

pub fn catalog(lang: Lang) -> &'static Catalog {
    static EN: OnceLock<Catalog> = OnceLock::new();
    static DE: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| load(include_str!("../../locales/en.toml"))),
        // German is filled in with the German-first issue; until then it falls back to English.
        Lang::De => DE.get_or_init(|| load(include_str!("../../locales/de.toml"))),
    }
}

fn entry(lang: Lang, id: &str) -> Option<&'static Entry> {
    catalog(lang).get(id).or_else(|| catalog(Lang::En).get(id))
}

/// Fills `{name}` placeholders with the text's arguments.
fn fill(template: &str, text: &Text) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match text.args.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The message of a text in a language.
pub fn message(lang: Lang, text: &Text) -> String {
    match entry(lang, text.id) {
        Some(e) => fill(&e.message, text),
        None => text.id.to_owned(),
    }
}

/// The help of a text in a language, if its entry has one.
pub fn help(lang: Lang, text: &Text) -> Option<String> {
    entry(lang, text.id)?.help.as_deref().map(|h| fill(h, text))
}

/// A plain UI string (labels, headings), by id.
pub fn ui(lang: Lang, id: &'static str) -> String {
    message(lang, &Text::new(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        let t = Text {
            id: "x",
            args: vec![("a", "1".to_owned())],
        };
        assert_eq!(fill("{a} and {b} {", &t), "1 and {b} {");
    }

    #[test]
    fn catalogs_parse() {
        assert!(!catalog(Lang::En).is_empty());
        let _ = catalog(Lang::De);
    }
}
