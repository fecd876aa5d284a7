//! The message catalogs: every text the user reads, per language, kept as data in
//! `locales/<lang>.toml` and compiled into the binary — findings, summaries, table headings,
//! command-line help, the explanation of each check, the template's comments.

use crate::finding::diagnostic::Text;

pub mod clerk;
mod format;
pub use format::{date, number, size};

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// German.
    De,
}

impl Lang {
    /// Every language, German first.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The ISO 639-1 code, as `--lang` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language of an ISO 639-1 code (`de`), if it is one of ours.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language a POSIX locale setting asks for: German for `de`, `de_DE.UTF-8`,
    /// `de_AT`…, English for everything else (`C`, `en_US`, `fr_FR`).
    pub fn from_locale(value: &str) -> Lang {
        if value.starts_with("de") {
            Lang::De
        } else {
            Lang::En
        }
    }

    /// The language of the environment: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that
    /// is set (and not empty) decides, as POSIX orders them; `None` when none is.
    pub fn from_environment(lookup: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(lookup)
            .find(|v| !v.is_empty())
            .map(|v| Lang::from_locale(&v))
    }

    /// The language of a run: `--lang` (`flag`), else the locale variables
    /// ([`Lang::from_environment`]), else the operating system's UI language (`system`, a
    /// BCP 47 tag such as `de-DE`, asked only when needed), else English.
    pub fn decide(
        flag: Option<Lang>,
        env: impl Fn(&str) -> Option<String>,
        system: impl FnOnce() -> Option<String>,
    ) -> Lang {
        flag.or_else(|| Lang::from_environment(env))
            .or_else(|| system().map(|tag| Lang::from_locale(&tag)))
            .unwrap_or(Lang::En)
    }
}

/// One catalog entry: a message and, where there is one, how to fix it (or a longer text).
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The text, with `{placeholders}`.
    pub message: &'static str,
    /// How to fix it, or a longer text, where the catalog has one.
    pub help: Option<&'static str>,
}

/// The explanation of one check code (`onboard explain CODE`, `docs/checks.md`).
#[derive(Debug, Clone, Copy)]
pub struct Explanation {
    /// One line, for `explain --list`.
    pub summary: &'static str,
    /// What the check looks at.
    pub checks: &'static str,
    /// Why the rule exists.
    pub why: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
    /// A wrong example (usually a form excerpt).
    pub wrong: &'static str,
    /// The same, right.
    pub right: &'static str,
}

// `EN_ENTRIES`, `EN_EXPLANATIONS`, `DE_…`: the catalogs, compiled from `locales/*.toml` by
// `build.rs` into tables sorted by id, so that opening a catalog costs nothing at run time.
include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));

/// The texts of one language.
#[derive(Debug)]
pub struct Catalog {
    entries: &'static [(&'static str, Entry)],
    explanations: &'static [(&'static str, Explanation)],
}

/// The value of `id` in a table sorted by id.
fn find<T>(table: &'static [(&'static str, T)], id: &str) -> Option<&'static T> {
    let index = table.binary_search_by(|(key, _)| (*key).cmp(id)).ok()?;
    Some(&table[index].1)
}

impl Catalog {
    /// The entry `id`, if the catalog has it.
    pub fn get(&self, id: &str) -> Option<&'static Entry> {
        find(self.entries, id)
    }

    /// Whether the catalog has the entry `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Every entry id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.entries.iter().map(|(id, _)| *id)
    }

    /// The explanation of the check `code`, if the catalog has one.
    pub fn explanation(&self, code: &str) -> Option<&'static Explanation> {
        find(self.explanations, code)
    }

    /// Every check code the catalog explains, sorted.
    pub fn explained_codes(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.explanations.iter().map(|(code, _)| *code)
    }

    /// How many entries the catalog has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the catalog has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The catalog of a language, compiled into the binary.
pub fn catalog(lang: Lang) -> &'static Catalog {
    static EN: Catalog = Catalog {
        entries: EN_ENTRIES,
        explanations: EN_EXPLANATIONS,
    };
    static DE: Catalog = Catalog {
        entries: DE_ENTRIES,
        explanations: DE_EXPLANATIONS,
    };
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
    }
}

/// An entry in a language. A test keeps both catalogs complete; should an entry still be
/// missing, the English one is better than none.
pub fn entry(lang: Lang, id: &str) -> Option<&'static Entry> {
    catalog(lang).get(id).or_else(|| catalog(Lang::En).get(id))
}

/// The explanation of a check code in a language (English if the language lacks it).
pub fn explanation(lang: Lang, code: &str) -> Option<&'static Explanation> {
    catalog(lang)
        .explanation(code)
        .or_else(|| catalog(Lang::En).explanation(code))
}

/// Fills `{name}` placeholders with the text's arguments, and its terms in `lang`.
fn fill(lang: Lang, template: &str, text: &Text) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if let Some((arg, noun)) = name.split_once('|')
                    && let Some(counted) = counted(lang, text, arg, noun)
                {
                    out.push_str(&counted);
                } else if let Some((_, value)) = text.args.iter().find(|(k, _)| *k == name) {
                    push_visible(&mut out, value);
                } else if let Some((_, value)) = text.quantities.iter().find(|(k, _)| *k == name) {
                    out.push_str(&format::quantity(lang, *value));
                } else if let Some((_, id)) = text.terms.iter().find(|(k, _)| *k == name) {
                    out.push_str(&ui(lang, id));
                } else if let Some((_, inner)) = text.texts.iter().find(|(k, _)| *k == name) {
                    // Its own values were made visible when it was filled.
                    out.push_str(&message(lang, inner));
                } else {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
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

/// `{errors|count.errors}`: the number `errors` (`Text::number`), said with the noun the
/// catalog's `count.errors` gives for it ("1 Fehler", "2 warnings"); `None` when the text has
/// no such number.
fn counted(lang: Lang, text: &Text, arg: &str, noun: &str) -> Option<String> {
    let n = text.quantities.iter().find_map(|(k, q)| match q {
        crate::finding::diagnostic::Quantity::Number(n) if *k == arg => Some(*n),
        _ => None,
    })?;
    Some(count(lang, noun, n))
}

/// A text from outside (a value, a file name) with every control character as its TOML
/// escape (`\u202E`), borrowed when it has none.
pub fn visible(value: &str) -> std::borrow::Cow<'_, str> {
    if value.chars().any(|c| crate::characters::refused(c, false)) {
        let mut out = String::with_capacity(value.len() + 8);
        push_visible(&mut out, value);
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// Appends a value the text names (often written by whoever wrote the form) with every
/// control character as its TOML escape (`\u202E`): a finding about a value must not carry
/// a right-to-left override or a terminal escape sequence into a terminal or CI log.
fn push_visible(out: &mut String, value: &str) {
    use std::fmt::Write;
    for c in value.chars() {
        if crate::characters::refused(c, false) {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        } else {
            out.push(c);
        }
    }
}

/// Items as the language lists them: `a`, `a and b`, `a, b and c` (`a, b und c`).
pub fn and_list(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            let text = Text::new("list.and")
                .arg("rest", rest.join(", "))
                .arg("last", last);
            message(lang, &text)
        }
    }
}

/// A count with its noun as the language says it: the catalog's `ID.one` for 1 ("1 warning",
/// "1 Hinweis"), `ID.other` with `{n}` for any other number, written as the language
/// writes numbers ("1.500 Hinweise").
pub fn count(lang: Lang, id: &str, n: u64) -> String {
    let form = if n == 1 { "one" } else { "other" };
    let id = format!("{id}.{form}");
    entry(lang, &id).map_or(id.clone(), |e| e.message.replace("{n}", &number(lang, n)))
}

/// The message of a text in a language.
pub fn message(lang: Lang, text: &Text) -> String {
    match entry(lang, text.id) {
        Some(e) => fill(lang, e.message, text),
        None => text.id.to_owned(),
    }
}

/// The help of a text in a language, if its entry has one.
pub fn help(lang: Lang, text: &Text) -> Option<String> {
    entry(lang, text.id)?.help.map(|h| fill(lang, h, text))
}

/// A plain UI string (labels, headings), by id; the id itself when there is no entry.
pub fn ui(lang: Lang, id: &str) -> String {
    entry(lang, id).map_or(id, |e| e.message).to_owned()
}

/// The `help` of a plain UI entry, if it has one.
pub fn ui_help(lang: Lang, id: &str) -> Option<String> {
    entry(lang, id)?.help.map(str::to_owned)
}

/// Wraps each line of `text` into lines of at most `width` characters (unless a word is
/// longer), each starting with `prefix` and a space.
pub fn wrap(out: &mut String, text: &str, prefix: &str, width: usize) {
    for paragraph in text.trim().split('\n') {
        let mut line = String::from(prefix);
        for word in paragraph.split_whitespace() {
            if line.len() > prefix.len() && line.chars().count() + 1 + word.chars().count() > width
            {
                out.push_str(&line);
                out.push('\n');
                line = String::from(prefix);
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        let t = Text::new("Test").arg("a", "1");
        assert_eq!(fill(Lang::En, "{a} and {b} {", &t), "1 and {b} {");
    }

    #[test]
    fn counted_placeholders_take_the_noun_for_the_number() {
        let t = |n: u64| Text::new("Test").number("warnings", n);
        let template = "{warnings|count.warnings}";
        assert_eq!(fill(Lang::De, template, &t(1)), "1 Hinweis");
        assert_eq!(fill(Lang::De, template, &t(0)), "0 Hinweise");
        assert_eq!(fill(Lang::En, template, &t(1)), "1 warning");
        assert_eq!(fill(Lang::En, template, &t(2)), "2 warnings");
        // Not a number, or no such argument: left as it is, never a panic.
        assert_eq!(
            fill(Lang::En, template, &Text::new("Test").arg("warnings", "x")),
            "{warnings|count.warnings}"
        );
        assert_eq!(
            fill(Lang::En, template, &Text::new("Test")),
            "{warnings|count.warnings}"
        );
    }

    #[test]
    fn control_characters_in_values_are_shown_as_escapes() {
        let t = Text::new("Test").arg("found", "a\u{1b}[31m\u{202e}b\tc");
        assert_eq!(
            fill(Lang::En, "`{found}`", &t),
            r"`a\u001B[31m\u202Eb\u0009c`"
        );
    }

    #[test]
    fn terms_are_translated() {
        let t = Text::new("Test").term("table", "term.top-level");
        assert_eq!(fill(Lang::De, "in {table}", &t), "in der obersten Ebene");
        assert_eq!(fill(Lang::En, "in {table}", &t), "in the top level");
    }

    #[test]
    fn nested_texts_are_said_in_the_same_language() {
        let t = Text::new("Test").nested("reason", Text::new("bundle.form-changed"));
        assert_eq!(
            fill(Lang::En, "no: {reason}", &t),
            "no: the form changed after it was checked"
        );
        assert_eq!(
            fill(Lang::De, "nein: {reason}", &t),
            "nein: der Bestellzettel wurde nach der Prüfung geändert"
        );
    }

    #[test]
    fn lists_are_joined_in_the_language() {
        let items = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(Lang::De, &items(&[])), "");
        assert_eq!(and_list(Lang::De, &items(&["a/"])), "a/");
        assert_eq!(
            and_list(Lang::De, &items(&["a/", "a.tar.gz"])),
            "a/ und a.tar.gz"
        );
        assert_eq!(and_list(Lang::En, &items(&["a", "b", "c"])), "a, b and c");
    }

    #[test]
    fn catalogs_parse() {
        for lang in Lang::ALL {
            assert!(!catalog(lang).is_empty());
        }
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_environment_picks_the_language() {
        assert_eq!(Lang::from_environment(env(&[])), None);
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "de_DE.UTF-8")])),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "C")])),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_environment(env(&[("LANG", "en_US"), ("LC_MESSAGES", "de_AT")])),
            Some(Lang::De)
        );
        assert_eq!(
            Lang::from_environment(env(&[("LC_ALL", ""), ("LANG", "de")])),
            Some(Lang::De)
        );
    }

    #[test]
    fn the_flag_then_the_variables_then_the_system_then_english() {
        let system_de = || Some("de-DE".to_string());
        let no_system = || None;
        // The flag wins over everything.
        assert_eq!(
            Lang::decide(Some(Lang::En), env(&[("LC_ALL", "de_DE")]), system_de),
            Lang::En
        );
        // A set variable wins over the system, also when it names another language.
        assert_eq!(
            Lang::decide(None, env(&[("LANG", "C")]), system_de),
            Lang::En
        );
        assert_eq!(
            Lang::decide(None, env(&[("LANG", "de_AT")]), || Some("en-US".into())),
            Lang::De
        );
        // Without flag and variables (or only empty ones) the system decides.
        assert_eq!(Lang::decide(None, env(&[]), system_de), Lang::De);
        assert_eq!(
            Lang::decide(None, env(&[("LC_ALL", "")]), system_de),
            Lang::De
        );
        assert_eq!(
            Lang::decide(None, env(&[]), || Some("en-GB".into())),
            Lang::En
        );
        // Nothing at all: English.
        assert_eq!(Lang::decide(None, env(&[]), no_system), Lang::En);
    }

    #[test]
    fn the_system_is_not_asked_when_the_flag_or_a_variable_decides() {
        let asked = std::cell::Cell::new(false);
        let system = || {
            asked.set(true);
            None
        };
        Lang::decide(Some(Lang::De), env(&[]), system);
        Lang::decide(None, env(&[("LANG", "de")]), system);
        assert!(!asked.get());
    }
}
