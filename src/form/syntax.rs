//! The TOML parser's errors in the reader's words. Each error is classified by the stable
//! part of the parser's message (its words before ", expected") into a kind with a catalog
//! text of its own; where the parser stopped at the value of a known field, the help says
//! how that field is written (`true` or `false`, a date, text in quotes). Only an error of a
//! kind not known here shows the parser's own (English) words, quoted as its.
//!
//! The source around an error comes from a form or config anyone may write: it is read
//! byte-wise, the key and value only within a bounded stretch around the error (the table
//! by the nearest header line above), and only ASCII keys are recognised.

use crate::fields::{Field, Kind as FieldKind};
use crate::finding::diagnostic::Text;
use crate::finding::source::Span;

/// Syntax errors shown per file; after a few, more only repeat the same confusion.
const MAX_FINDINGS: usize = 10;
/// How far around an error the source is read for hints: keys, values and table names are
/// short; a longer line is not read for them.
const NEAR: usize = 1024;
/// How far a value is followed beyond the parser's span to show it whole (`15.09.2025`,
/// where the parser points at `.2025`).
const TOKEN: usize = 64;
/// The most characters of a value or key a text repeats.
const MAX_SHOWN: usize = 40;
/// The most characters of the parser's words a text quotes (a type error may quote a
/// value of any length).
const MAX_WORDS: usize = 200;

/// What a parse error is, as far as a reader needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Nesting past the parser's depth limit.
    TooDeep,
    /// A value that is nothing TOML knows: text without quotes (`name = Jugendamt`).
    Unquoted,
    /// Nothing after the `=`.
    MissingValue,
    /// A key without `=` (`name "x"`, or a line of plain words).
    MissingEquals,
    /// A key with characters bare keys may not have (spaces, umlauts).
    InvalidKey,
    /// A key given twice in one table.
    DuplicateKey,
    /// A table header given twice (`[authority]` … `[authority]`).
    DuplicateTable,
    /// A quote that is never closed.
    UnclosedString,
    /// A list without its `]`.
    UnclosedArray,
    /// Two list items without a comma between them (or a list without its `]`).
    ArrayComma,
    /// A `{` without its `}`.
    UnclosedInlineTable,
    /// Two entries between `{ }` without a comma (or a `{` without its `}`, further down).
    InlineTableComma,
    /// A table header without its `]`.
    UnclosedHeader,
    /// A number TOML cannot read (a leading zero, a comma, two points).
    InvalidNumber,
    /// A date or time TOML cannot read (also `15.09.2025`).
    InvalidDate,
    /// Almost `true` or `false` (`True`, `tru`).
    InvalidBoolean,
    /// More on the line after a complete value (`3,14`, `"a" "b"`).
    LineContinues,
    /// A `\` in quoted text not followed by an escape.
    Escape,
    /// Anything else: said in the parser's words.
    Other,
}

impl Kind {
    /// Its catalog id.
    fn id(self) -> &'static str {
        match self {
            Kind::TooDeep => "toml-syntax.too-deep",
            Kind::Unquoted => "toml-syntax.unquoted",
            Kind::MissingValue => "toml-syntax.missing-value",
            Kind::MissingEquals => "toml-syntax.missing-equals",
            Kind::InvalidKey => "toml-syntax.invalid-key",
            Kind::DuplicateKey => "toml-syntax.duplicate-key",
            Kind::DuplicateTable => "toml-syntax.duplicate-table",
            Kind::UnclosedString => "toml-syntax.unclosed-string",
            Kind::UnclosedArray => "toml-syntax.unclosed-array",
            Kind::ArrayComma => "toml-syntax.array-comma",
            Kind::UnclosedInlineTable => "toml-syntax.unclosed-inline-table",
            Kind::InlineTableComma => "toml-syntax.inline-table-comma",
            Kind::UnclosedHeader => "toml-syntax.unclosed-header",
            Kind::InvalidNumber => "toml-syntax.invalid-number",
            Kind::InvalidDate => "toml-syntax.invalid-date",
            Kind::InvalidBoolean => "toml-syntax.invalid-boolean",
            Kind::LineContinues => "toml-syntax.line-continues",
            Kind::Escape => "toml-syntax.escape",
            Kind::Other => "toml-syntax",
        }
    }

    /// The help of a kind at a value when the field is not known (its catalog entry's
    /// help is `{fix}`: this, or the field's own).
    fn generic_fix(self) -> Option<&'static str> {
        match self {
            Kind::Unquoted => Some("toml-syntax.fix.unquoted"),
            Kind::MissingValue => Some("toml-syntax.fix.missing-value"),
            Kind::InvalidNumber => Some("toml-syntax.fix.invalid-number"),
            Kind::InvalidDate => Some("toml-syntax.fix.invalid-date"),
            Kind::InvalidBoolean => Some("toml-syntax.fix.invalid-boolean"),
            Kind::LineContinues => Some("toml-syntax.fix.line-continues"),
            _ => None,
        }
    }
}

/// The `toml-syntax` findings for the parse errors of `source`, each text at the parser's
/// span ([`describe`]), at most [`MAX_FINDINGS`]. The same words twice on one line are
/// said once (`01.06.2025` stops the parser twice). After a list or braces left open
/// nothing more is said: all further down reads to the parser as more of their entries.
pub fn findings(
    errors: &[toml::de::Error],
    source: &str,
    fields: &'static [Field],
) -> Vec<(Span, Text)> {
    let line_of = |at: usize| {
        let at = at.min(source.len());
        source.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    };
    let mut out: Vec<(Span, Text)> = Vec::new();
    for error in errors {
        if out.len() == MAX_FINDINGS {
            break;
        }
        let span = error.span().unwrap_or(0..0);
        let (kind, text) = classified(error, source, fields);
        let text = finished(kind, text, error);
        let line = line_of(span.start);
        if out
            .iter()
            .any(|(s, t)| *t == text && line_of(s.start) == line)
        {
            continue;
        }
        out.push((span, text));
        if matches!(kind, Kind::ArrayComma | Kind::InlineTableComma) {
            break;
        }
    }
    out
}

/// The text of a `toml-syntax` finding for a parse error of `source`. `fields` are the
/// fields whose help may be given at their value: a form's field table, or none for a file
/// of another format.
pub fn describe(error: &toml::de::Error, source: &str, fields: &'static [Field]) -> Text {
    let (kind, text) = classified(error, source, fields);
    finished(kind, text, error)
}

/// A finding's text: for a kind not known here, with the parser's words as its reason.
fn finished(kind: Kind, text: Text, error: &toml::de::Error) -> Text {
    match kind {
        Kind::Other => text.nested("reason", parser_words(error.message())),
        _ => text,
    }
}

/// A parse or format error of `source` as the reason inside another text ("invalid value:
/// …"): its kind's message, or the parser's own words for a kind not known here.
pub fn reason(error: &toml::de::Error, source: &str, fields: &'static [Field]) -> Text {
    match classified(error, source, fields) {
        (Kind::Other, _) => parser_words(error.message()),
        (_, text) => text,
    }
}

/// The parser's first line, quoted as its words.
fn parser_words(message: &str) -> Text {
    let first = message.lines().next().unwrap_or_default().trim();
    Text::new("toml-syntax.parser-words").arg("reason", shortened(first, MAX_WORDS))
}

fn classified(error: &toml::de::Error, source: &str, fields: &'static [Field]) -> (Kind, Text) {
    let near = Near::new(source, error.span().unwrap_or(0..0));
    let message = error.message().lines().next().unwrap_or_default().trim();
    let kind = classify(message, &near);
    let mut text = Text::new(kind.id());
    match kind {
        Kind::TooDeep => {
            text = text.arg("max", crate::limits::MAX_TOML_DEPTH.to_string());
        }
        Kind::Unquoted
        | Kind::InvalidNumber
        | Kind::InvalidDate
        | Kind::InvalidBoolean
        | Kind::DuplicateKey => text = text.arg("found", near.token()),
        Kind::InvalidKey => text = text.arg("found", near.key_written()),
        Kind::DuplicateTable => text = text.arg("found", near.header_written()),
        Kind::UnclosedString => text = text.arg("quote", quote_of(message)),
        Kind::UnclosedHeader => {
            let close = if message.starts_with("unclosed array table") {
                "]]"
            } else {
                "]"
            };
            text = text.arg("close", close);
        }
        _ => {}
    }
    if let Some(generic) = kind.generic_fix() {
        let fix = near
            .field(fields)
            .and_then(|field| field_fix(kind, field))
            .unwrap_or_else(|| Text::new(generic));
        text = text.nested("fix", fix);
    }
    (kind, text)
}

/// The kind of an error from the parser's message (first line) and the source around it.
fn classify(message: &str, near: &Near<'_>) -> Kind {
    if message == "recursion limit" || message.contains("max recursion depth") {
        return Kind::TooDeep;
    }
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    match what {
        "string values must be quoted" if near.token().is_empty() => Kind::MissingValue,
        "string values must be quoted" => Kind::Unquoted,
        "key with no value" | "missing assignment between key-value pairs" => {
            if near.assignment_follows() {
                Kind::InvalidKey
            } else {
                Kind::MissingEquals
            }
        }
        "invalid unquoted key" => Kind::InvalidKey,
        "duplicate key" if near.on_header() => Kind::DuplicateTable,
        "duplicate key" => Kind::DuplicateKey,
        "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string"
            if matches!(expected, "`\"`" | "`'`") =>
        {
            Kind::UnclosedString
        }
        "unclosed array" => Kind::UnclosedArray,
        "missing comma between array elements" => Kind::ArrayComma,
        "unclosed inline table" => Kind::UnclosedInlineTable,
        // What follows an unclosed `{` reads to the parser as more of its entries.
        "missing comma between key-value pairs" | "missing key for inline table element" => {
            Kind::InlineTableComma
        }
        "unclosed table" | "unclosed array table" => Kind::UnclosedHeader,
        "invalid float"
        | "invalid integer number"
        | "invalid hexadecimal number"
        | "invalid octal number"
        | "invalid binary number"
        | "invalid fraction"
        | "invalid exponent"
        | "invalid mantissa"
        | "unexpected leading zero"
        | "`_` may only go between digits"
        | "redundant numeric sign"
        | "redundant integer number prefix"
        | "integers with a radix cannot be signed"
        | "radix must be lowercase"
        | "unexpected sign" => {
            // A German date (`15.09.2025`) reads to the parser as a broken number.
            if looks_like_german_date(&near.token()) {
                Kind::InvalidDate
            } else {
                Kind::InvalidNumber
            }
        }
        "invalid date" | "invalid time" | "invalid date-time" | "invalid datetime"
        | "invalid offset" => Kind::InvalidDate,
        "invalid boolean" => Kind::InvalidBoolean,
        "unexpected key or value" | "unexpected content" => Kind::LineContinues,
        "missing escaped value" | "too few unicode value digits" => Kind::Escape,
        _ => Kind::Other,
    }
}

/// The quote a string of the message's kind is closed with.
fn quote_of(message: &str) -> &'static str {
    let multi_line = message.starts_with("invalid multi-line");
    match (message.contains("literal"), multi_line) {
        (false, false) => "\"",
        (true, false) => "'",
        (false, true) => "\"\"\"",
        (true, true) => "'''",
    }
}

/// `15.09.2025`, `1.9.25`: day, month and year with points.
fn looks_like_german_date(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    matches!(parts.as_slice(), [d, m, y] if digits(d, &[1, 2]) && digits(m, &[1, 2]) && digits(y, &[2, 4]))
}

/// The help for a field's value, by what the field holds (`None`: the kind's own help).
fn field_fix(kind: Kind, field: &Field) -> Option<Text> {
    let id = match field.kind {
        FieldKind::Boolean => "toml-syntax.fix.field-boolean",
        FieldKind::Date => "toml-syntax.fix.field-date",
        // More after a quoted text is mostly a quote inside it: the kind's help says so.
        FieldKind::Text | FieldKind::MultilineText if kind == Kind::LineContinues => return None,
        FieldKind::Text | FieldKind::MultilineText => "toml-syntax.fix.field-text",
        FieldKind::TextList => "toml-syntax.fix.field-list",
        FieldKind::Integer => "toml-syntax.fix.field-number",
        FieldKind::Table | FieldKind::TableList => return None,
    };
    Some(
        Text::new(id)
            .arg("key", field.key())
            .arg("example", field.example),
    )
}

/// The source around an error: the error's place and its line, where that is short enough.
struct Near<'s> {
    source: &'s str,
    /// The error's span, clamped to the source and to character boundaries.
    start: usize,
    end: usize,
    /// The byte range of the line the error starts on, without its newline; `None` when
    /// the line reaches further than [`NEAR`] from the error.
    line: Option<(usize, usize)>,
}

impl<'s> Near<'s> {
    fn new(source: &'s str, span: Span) -> Self {
        let start = floor(source, span.start.min(source.len()));
        let end = floor(source, span.end.min(source.len())).max(start);
        let bytes = source.as_bytes();
        let from = start.saturating_sub(NEAR);
        let line_start = match bytes[from..start].iter().rposition(|&b| b == b'\n') {
            Some(i) => Some(from + i + 1),
            None => (from == 0).then_some(0),
        };
        let to = (start + NEAR).min(bytes.len());
        let line_end = match bytes[start..to].iter().position(|&b| b == b'\n') {
            Some(i) => Some(start + i),
            None => (to == bytes.len()).then_some(to),
        };
        let line = line_start.zip(line_end);
        Near {
            source,
            start,
            end,
            line,
        }
    }

    /// The line the error is on (a carriage return before the newline left out).
    fn line_text(&self) -> Option<&'s str> {
        let (a, b) = self.line?;
        Some(self.source[a..b].trim_end_matches('\r'))
    }

    /// The line's text before the error.
    fn before(&self) -> Option<&'s str> {
        let (a, _) = self.line?;
        Some(&self.source[a..self.start])
    }

    /// Whether the error is on a table header (`[authority]`).
    fn on_header(&self) -> bool {
        self.line_text()
            .is_some_and(|l| l.trim_start().starts_with('['))
    }

    /// Whether an `=` follows on the line before any quote: the words before it were meant
    /// as a key (`Name des Amts = …`).
    fn assignment_follows(&self) -> bool {
        let Some((_, b)) = self.line else {
            return false;
        };
        let rest = &self.source.as_bytes()[self.start..b];
        rest.iter()
            .find(|&&c| matches!(c, b'=' | b'"' | b'\''))
            .is_some_and(|&c| c == b'=')
    }

    /// The value or key the error is at, whole: the span widened to what surrounds it up to
    /// the next delimiter, shortened for showing.
    fn token(&self) -> String {
        let bytes = self.source.as_bytes();
        let delimiter = |b: u8| {
            matches!(
                b,
                b' ' | b'\t'
                    | b'\r'
                    | b'\n'
                    | b','
                    | b'['
                    | b']'
                    | b'{'
                    | b'}'
                    | b'='
                    | b'#'
                    | b'"'
                    | b'\''
            )
        };
        let mut a = self.start;
        while a > self.start.saturating_sub(TOKEN) && a > 0 && !delimiter(bytes[a - 1]) {
            a -= 1;
        }
        let mut b = self.end;
        while b < (self.end + TOKEN).min(bytes.len()) && !delimiter(bytes[b]) {
            b += 1;
        }
        let (a, b) = (ceil(self.source, a), floor(self.source, b));
        shown(self.source.get(a..b.max(a)).unwrap_or_default().trim())
    }

    /// The words before the line's `=`, as a key was meant to be written.
    fn key_written(&self) -> String {
        match self.line_text().and_then(|l| l.split_once('=')) {
            Some((key, _)) => shown(key.trim()),
            None => self.token(),
        }
    }

    /// The table header on the error's line, up to its closing bracket(s).
    fn header_written(&self) -> String {
        let line = self.line_text().unwrap_or_default().trim();
        let double = line.starts_with("[[");
        let header = match line.find(']') {
            Some(i) if double && line[i + 1..].starts_with(']') => &line[..i + 2],
            Some(i) => &line[..=i],
            None => line,
        };
        shown(header)
    }

    /// The field whose value the error is at, where the line reads `key = …` before the
    /// error and the key is one of `fields`: found by its path under the table the line
    /// is in, else by the key alone when every field of that name holds the same.
    fn field(&self, fields: &'static [Field]) -> Option<&'static Field> {
        let key = bare_key_before_equals(self.before()?)?;
        let values = || fields.iter().filter(|f| !f.is_table());
        let path = match self.table() {
            Some(table) if !table.is_empty() => format!("{table}.{key}"),
            _ => key.to_owned(),
        };
        if let Some(field) = values().find(|f| f.path == path) {
            return Some(field);
        }
        let name = key.rsplit('.').next().unwrap_or(key);
        let mut same = values().filter(|f| f.key() == name);
        let first = same.next()?;
        same.all(|f| f.kind == first.kind).then_some(first)
    }

    /// The table the error's line is in: the last header above it (`""` at the top level);
    /// `None` when that header is not a plain dotted name.
    fn table(&self) -> Option<String> {
        let (line_start, _) = self.line?;
        for line in self.source[..line_start].rsplit('\n') {
            let line = line.trim();
            if !line.starts_with('[') {
                continue;
            }
            let name = line.trim_start_matches('[');
            let name = &name[..name.find(']')?];
            let parts: Vec<&str> = name.split('.').map(str::trim).collect();
            return parts
                .iter()
                .all(|p| is_bare_key(p))
                .then(|| parts.join("."));
        }
        Some(String::new())
    }
}

/// `key = ` or `a.b = ` with nothing but a value's beginning after the `=`: the key.
fn bare_key_before_equals(before: &str) -> Option<&str> {
    let (key, _) = before.split_once('=')?;
    let key = key.trim();
    let parts_ok = key.split('.').all(|p| is_bare_key(p.trim()));
    (parts_ok && !key.contains(' ')).then_some(key)
}

fn is_bare_key(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A value or key for a text: at most [`MAX_SHOWN`] characters.
fn shown(s: &str) -> String {
    shortened(s, MAX_SHOWN)
}

/// `s`, cut after `most` characters (with `…`).
fn shortened(s: &str, most: usize) -> String {
    match s.char_indices().nth(most) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::FIELDS;
    use toml::de::DeTable;

    /// The texts of every error of `source`, as a form's.
    fn texts(source: &str) -> Vec<Text> {
        let (_, errors) = DeTable::parse_recoverable(source);
        assert!(!errors.is_empty(), "{source:?} is valid TOML");
        errors.iter().map(|e| describe(e, source, FIELDS)).collect()
    }

    /// The first error's text.
    fn first(source: &str) -> Text {
        texts(source).remove(0)
    }

    fn arg<'t>(text: &'t Text, name: &str) -> &'t str {
        text.args
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{text:?} has no {name}"))
    }

    fn fix(text: &Text) -> &Text {
        &text
            .texts
            .iter()
            .find(|(k, _)| *k == "fix")
            .unwrap_or_else(|| panic!("{text:?} has no fix"))
            .1
    }

    #[test]
    fn each_kind_is_told_from_the_parsers_real_messages() {
        let cases = [
            ("name = Jugendamt\n", "toml-syntax.unquoted"),
            ("name = \n", "toml-syntax.missing-value"),
            ("name \"x\"\n", "toml-syntax.missing-equals"),
            ("Jugendamt Musterstadt\n", "toml-syntax.missing-equals"),
            ("Name des Amts = \"x\"\n", "toml-syntax.invalid-key"),
            ("Straße = \"x\"\n", "toml-syntax.invalid-key"),
            ("a = 1\na = 2\n", "toml-syntax.duplicate-key"),
            ("[authority]\n[authority]\n", "toml-syntax.duplicate-table"),
            ("name = \"abc\n", "toml-syntax.unclosed-string"),
            ("name = 'abc\n", "toml-syntax.unclosed-string"),
            ("a = \"\"\"abc\n", "toml-syntax.unclosed-string"),
            ("a = [1, 2\n", "toml-syntax.unclosed-array"),
            ("a = [\"x\" \"y\"]\n", "toml-syntax.array-comma"),
            ("a = { x = 1\n", "toml-syntax.unclosed-inline-table"),
            (
                "a = { x = \"1\" y = 2 }\n",
                "toml-syntax.inline-table-comma",
            ),
            ("a = { x = 1\n[b]\n", "toml-syntax.inline-table-comma"),
            ("[authority\n", "toml-syntax.unclosed-header"),
            ("[[contacts.professional\n", "toml-syntax.unclosed-header"),
            ("a = 01067\n", "toml-syntax.invalid-number"),
            ("a = 1.5.3\n", "toml-syntax.invalid-number"),
            ("a = 1__0\n", "toml-syntax.invalid-number"),
            ("a = 2025-13-45\n", "toml-syntax.invalid-date"),
            ("a = 2025-09-15T25:00:00\n", "toml-syntax.invalid-date"),
            ("a = 15.09.2025\n", "toml-syntax.invalid-date"),
            ("a = True\n", "toml-syntax.invalid-boolean"),
            ("a = 3,14\n", "toml-syntax.line-continues"),
            ("a = \"C:\\logos\"\n", "toml-syntax.escape"),
            (
                &format!("x = {}{}\n", "[".repeat(100), "]".repeat(100)),
                "toml-syntax.too-deep",
            ),
            ("a = \"x\" # \u{7}\n", "toml-syntax"),
        ];
        for (source, id) in cases {
            assert_eq!(first(source).id, id, "{source:?}");
        }
    }

    #[test]
    fn the_text_names_what_was_written() {
        assert_eq!(arg(&first("name = Jugendamt\n"), "found"), "Jugendamt");
        assert_eq!(arg(&first("a = 15.09.2025\n"), "found"), "15.09.2025");
        assert_eq!(arg(&first("a = [01067]\n"), "found"), "01067");
        assert_eq!(arg(&first("a = 1\na = 2\n"), "found"), "a");
        assert_eq!(
            arg(&first("Name des Amts = \"x\"\n"), "found"),
            "Name des Amts"
        );
        let table = "[contacts.technical]\n[contacts.technical]  # again\n";
        assert_eq!(arg(&first(table), "found"), "[contacts.technical]");
        assert_eq!(arg(&first("a = '''x\n"), "quote"), "'''");
        assert_eq!(arg(&first("[[a\n"), "close"), "]]");
        let long = format!("a = {}\n", "x".repeat(500));
        assert_eq!(
            arg(&first(&long), "found"),
            format!("{}…", "x".repeat(MAX_SHOWN))
        );
    }

    #[test]
    fn the_help_fits_the_field_at_whose_value_the_parser_stopped() {
        let at = |source: &str| fix(&first(source)).clone();
        let boolean = at("[onboarding]\npvog_entry = ja\n");
        assert_eq!(boolean.id, "toml-syntax.fix.field-boolean");
        assert_eq!(arg(&boolean, "key"), "pvog_entry");
        assert_eq!(
            at("[onboarding]\nstate_agreement_on = 15.09.2025\n").id,
            "toml-syntax.fix.field-date"
        );
        assert_eq!(
            at("[authority]\npostal_code = 01067\n").id,
            "toml-syntax.fix.field-text"
        );
        assert_eq!(
            at("[jurisdiction]\nregional_keys = 03356\n").id,
            "toml-syntax.fix.field-list"
        );
        let number = at("schema_version = eins\n");
        assert_eq!(number.id, "toml-syntax.fix.field-number");
        assert_eq!(arg(&number, "example"), "1");
        // A dotted key, and a key under a table it does not belong to: by its name.
        assert_eq!(
            at("onboarding.pvog_entry = ja\n").id,
            "toml-syntax.fix.field-boolean"
        );
        assert_eq!(
            at("[authority]\npvog_entry = True\n").id,
            "toml-syntax.fix.field-boolean"
        );
    }

    #[test]
    fn an_unknown_key_or_none_gets_the_kinds_own_help() {
        for (source, id) in [
            ("[onboarding]\nfoo = ja\n", "toml-syntax.fix.unquoted"),
            (
                "[onboarding]\n\"pvog_entry\" = ja\n",
                "toml-syntax.fix.unquoted",
            ),
            ("a = [ja]\n", "toml-syntax.fix.unquoted"),
            ("a = 2025-13-01\n", "toml-syntax.fix.invalid-date"),
            // More after a quoted text: the kind's help (a quote inside the text).
            (
                "[authority]\nname = \"Jugendamt \"Mitte\"\"\n",
                "toml-syntax.fix.line-continues",
            ),
        ] {
            assert_eq!(fix(&first(source)).id, id, "{source:?}");
        }
        // Another file's keys are not the form's.
        let source = "[onboarding]\npvog_entry = ja\n";
        let (_, errors) = DeTable::parse_recoverable(source);
        assert_eq!(
            fix(&describe(&errors[0], source, &[])).id,
            "toml-syntax.fix.unquoted"
        );
    }

    #[test]
    fn an_unknown_error_is_the_parsers_words_quoted() {
        let text = first("a = \"x\" # \u{7}\n");
        assert_eq!(text.id, "toml-syntax");
        let (_, words) = &text.texts[0];
        assert_eq!(words.id, "toml-syntax.parser-words");
        assert!(arg(words, "reason").starts_with("invalid comment character"));
    }

    #[test]
    fn as_a_reason_a_syntax_error_is_its_kind_and_a_type_error_the_parsers_words() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Config {
            n: u8,
        }
        let error = |source: &str| toml::from_str::<Config>(source).unwrap_err();
        let source = "n = 01\n";
        assert_eq!(
            reason(&error(source), source, &[]).id,
            "toml-syntax.invalid-number"
        );
        let source = "n = 300\n";
        let text = reason(&error(source), source, &[]);
        assert_eq!(text.id, "toml-syntax.parser-words");
        assert!(!arg(&text, "reason").is_empty());
        // A value of any length in the parser's words is cut.
        let source = format!("n = \"{}\"\n", "x".repeat(5000));
        let text = reason(&error(&source), &source, &[]);
        let words = arg(&text, "reason");
        assert!(words.ends_with('…'), "{text:?}");
        assert_eq!(words.chars().count(), MAX_WORDS + 1);
    }

    /// The ids and lines (0-based) of the findings for `source`.
    fn said(source: &str) -> Vec<(&'static str, usize)> {
        let (_, errors) = DeTable::parse_recoverable(source);
        findings(&errors, source, FIELDS)
            .into_iter()
            .map(|(span, text)| (text.id, source[..span.start].matches('\n').count()))
            .collect()
    }

    #[test]
    fn one_mistake_is_said_once() {
        // Two stops of the parser in one value, the same words: once.
        assert_eq!(said("a = 01.06.2025\n"), [("toml-syntax.invalid-date", 0)]);
        // A list or braces left open: what follows is not said again and again.
        let open_list = "a = [\"x\"\n\n[b]\nc = 1\nd = 2\n[e]\nf = 3\n";
        assert_eq!(said(open_list), [("toml-syntax.array-comma", 2)]);
        let open_braces = "a = { x = 1\n[b]\nc = 1\nd = 2\n";
        assert_eq!(said(open_braces), [("toml-syntax.inline-table-comma", 1)]);
        // Separate mistakes on separate lines are each said.
        assert_eq!(
            said("a = \"x\nb = \"y\n"),
            [
                ("toml-syntax.unclosed-string", 0),
                ("toml-syntax.unclosed-string", 1)
            ]
        );
        // At most ten.
        let many: String = (0..30).map(|i| format!("k{i} = x\n")).collect();
        assert_eq!(said(&many).len(), MAX_FINDINGS);
    }

    #[test]
    fn odd_places_and_long_lines_give_no_hint_and_no_panic() {
        // A line far longer than NEAR: no key is read from it.
        let long = format!("[onboarding]\npvog_entry = {}ja\n", " ".repeat(2 * NEAR));
        assert_eq!(fix(&first(&long)).id, "toml-syntax.fix.unquoted");
        // Multi-byte characters around the error, spans at the very end.
        for source in ["ä = ö", "ä=\"ö", "[ä", "a = ü1", "ß", "a = \"é\\", "€ €"] {
            let _ = texts(source);
        }
    }
}
