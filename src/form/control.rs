//! Control characters in text values (`text-control-character`): C0 and C1 controls, and
//! the Unicode bidirectional controls that make a text display differently from what was
//! checked (Trojan Source, CVE-2021-42574). The values end up on citizens' pages.

use std::ops::Range;

use crate::characters::refused;
use crate::fields::{self, Kind};
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::finding::source::Span;

/// Reports the first refused character of the string `value` at `path`, written in the
/// form as the literal at `span`. One finding a value: a value full of them is one mistake.
pub fn check(value: &str, span: Span, path: &str, sink: &mut Sink<'_>) {
    let Some((index, text)) = finding(value, path) else {
        return;
    };
    let literal = sink.source().text().get(span.clone()).unwrap_or_default();
    let at = locate(literal, value, index)
        .map_or(span.clone(), |r| span.start + r.start..span.start + r.end);
    sink.report(Code::TextControlCharacter, Some(path), at, text);
}

/// The first refused character of `value`, the text of the field at `path`: its index
/// among the value's characters, and the finding's text that names it and its position.
/// (`onboard init --interactive` checks answers with this too.)
pub fn finding(value: &str, path: &str) -> Option<(usize, Text)> {
    // Tab, LF and CR are allowed only in text that may run over lines.
    let multiline = fields::find(path).is_some_and(|f| f.kind == Kind::MultilineText);
    let (index, c) = value
        .chars()
        .enumerate()
        .find(|&(_, c)| refused(c, multiline))?;
    let id = if matches!(c, '\t' | '\n' | '\r') {
        "text-control-character.layout"
    } else {
        "text-control-character"
    };
    let text = Text::new(id)
        .arg("path", path)
        .arg("character", describe(c))
        .arg("position", (index + 1).to_string());
    Some((index, text))
}

/// `U+202E RIGHT-TO-LEFT OVERRIDE`: the code point and its Unicode name.
pub fn describe(c: char) -> String {
    format!("U+{:04X} {}", u32::from(c), name(c))
}

/// The Unicode name of a refused character. C0 and C1 controls have none of their own;
/// theirs is the first formal alias of Unicode's NameAliases.txt (type `control`, or
/// `figment` for U+0080, U+0081 and U+0099, which have no other).
fn name(c: char) -> &'static str {
    const C0: [&str; 32] = [
        "NULL",
        "START OF HEADING",
        "START OF TEXT",
        "END OF TEXT",
        "END OF TRANSMISSION",
        "ENQUIRY",
        "ACKNOWLEDGE",
        "ALERT",
        "BACKSPACE",
        "CHARACTER TABULATION",
        "LINE FEED",
        "LINE TABULATION",
        "FORM FEED",
        "CARRIAGE RETURN",
        "SHIFT OUT",
        "SHIFT IN",
        "DATA LINK ESCAPE",
        "DEVICE CONTROL ONE",
        "DEVICE CONTROL TWO",
        "DEVICE CONTROL THREE",
        "DEVICE CONTROL FOUR",
        "NEGATIVE ACKNOWLEDGE",
        "SYNCHRONOUS IDLE",
        "END OF TRANSMISSION BLOCK",
        "CANCEL",
        "END OF MEDIUM",
        "SUBSTITUTE",
        "ESCAPE",
        "INFORMATION SEPARATOR FOUR",
        "INFORMATION SEPARATOR THREE",
        "INFORMATION SEPARATOR TWO",
        "INFORMATION SEPARATOR ONE",
    ];
    const C1: [&str; 32] = [
        "PADDING CHARACTER",
        "HIGH OCTET PRESET",
        "BREAK PERMITTED HERE",
        "NO BREAK HERE",
        "INDEX",
        "NEXT LINE",
        "START OF SELECTED AREA",
        "END OF SELECTED AREA",
        "CHARACTER TABULATION SET",
        "CHARACTER TABULATION WITH JUSTIFICATION",
        "LINE TABULATION SET",
        "PARTIAL LINE FORWARD",
        "PARTIAL LINE BACKWARD",
        "REVERSE LINE FEED",
        "SINGLE SHIFT TWO",
        "SINGLE SHIFT THREE",
        "DEVICE CONTROL STRING",
        "PRIVATE USE ONE",
        "PRIVATE USE TWO",
        "SET TRANSMIT STATE",
        "CANCEL CHARACTER",
        "MESSAGE WAITING",
        "START OF GUARDED AREA",
        "END OF GUARDED AREA",
        "START OF STRING",
        "SINGLE GRAPHIC CHARACTER INTRODUCER",
        "SINGLE CHARACTER INTRODUCER",
        "CONTROL SEQUENCE INTRODUCER",
        "STRING TERMINATOR",
        "OPERATING SYSTEM COMMAND",
        "PRIVACY MESSAGE",
        "APPLICATION PROGRAM COMMAND",
    ];
    let code = u32::from(c) as usize;
    match c {
        '\0'..='\u{1f}' => C0[code],
        '\u{7f}' => "DELETE",
        '\u{80}'..='\u{9f}' => C1[code - 0x80],
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "",
    }
}

/// Where the character `index` of `value` is written in `literal`, the TOML string that
/// decodes to `value` (quotes included): the character itself, or the escape that stands
/// for it. `None` when the literal does not decode to `value` as far as that character (the
/// finding then points at the whole value).
fn locate(literal: &str, value: &str, index: usize) -> Option<Range<usize>> {
    let mut expected = value.chars();
    for (n, (c, at)) in Decoded::new(literal)?.enumerate() {
        if expected.next() != Some(c) {
            return None;
        }
        if n == index {
            return Some(at);
        }
    }
    None
}

/// The characters a TOML string literal stands for, each with the range of the literal
/// that writes it (TOML 1.1: basic and literal strings, one line or several).
struct Decoded<'a> {
    literal: &'a str,
    /// Where the next character is read.
    at: usize,
    /// Where the content ends (before the closing delimiter).
    end: usize,
    escapes: bool,
    multiline: bool,
}

impl<'a> Decoded<'a> {
    fn new(literal: &'a str) -> Option<Self> {
        let (delimiter, escapes) = [("\"\"\"", true), ("'''", false), ("\"", true), ("'", false)]
            .into_iter()
            .find(|(d, _)| literal.starts_with(d) && literal.len() >= 2 * d.len())?;
        let multiline = delimiter.len() == 3;
        let mut at = delimiter.len();
        // A line break right after the opening delimiter is not part of the value.
        if multiline {
            let rest = &literal[at..];
            at += ["\r\n", "\n"]
                .into_iter()
                .find(|nl| rest.starts_with(nl))
                .map_or(0, str::len);
        }
        Some(Decoded {
            literal,
            at,
            end: literal.len() - delimiter.len(),
            escapes,
            multiline,
        })
    }

    /// The character of a `\` escape at `self.at`, and where the escape ends; `None` for a
    /// line-ending backslash, which stands for nothing (the white space after it is
    /// skipped).
    fn escape(&self) -> (Option<char>, usize) {
        let rest = &self.literal[self.at + 1..self.end];
        let Some(kind) = rest.chars().next() else {
            return (Some('\\'), self.at + 1);
        };
        // The parser accepted the literal, so its escapes are valid; were one not, the
        // replacement character makes `locate` give up rather than guess.
        let hex = |len: usize| {
            let digits = rest.get(1..1 + len);
            let code = digits.and_then(|d| u32::from_str_radix(d, 16).ok());
            Some(code.and_then(char::from_u32).unwrap_or('\u{fffd}'))
        };
        let (c, len) = match kind {
            'b' => (Some('\u{8}'), 1),
            't' => (Some('\t'), 1),
            'n' => (Some('\n'), 1),
            'f' => (Some('\u{c}'), 1),
            'r' => (Some('\r'), 1),
            'e' => (Some('\u{1b}'), 1),
            '"' => (Some('"'), 1),
            '\\' => (Some('\\'), 1),
            'x' => (hex(2), 3),
            'u' => (hex(4), 5),
            'U' => (hex(8), 9),
            _ if self.multiline && kind.is_whitespace() => {
                let skipped = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
                (None, skipped)
            }
            _ => (Some(kind), kind.len_utf8()),
        };
        (c, self.at + 1 + len)
    }
}

impl Iterator for Decoded<'_> {
    type Item = (char, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        while self.at < self.end {
            let start = self.at;
            if self.escapes && self.literal[start..].starts_with('\\') {
                let (c, end) = self.escape();
                self.at = end;
                match c {
                    Some(c) => return Some((c, start..end)),
                    None => continue,
                }
            }
            let c = self.literal[start..].chars().next()?;
            self.at += c.len_utf8();
            return Some((c, start..self.at));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `locate` finds character `index` of what `literal` decodes to (by the
    /// `toml` parser), as the text written there.
    fn written(literal: &str, index: usize) -> Option<String> {
        let doc = format!("v = {literal}\n");
        let value: toml::Table = toml::from_str(&doc).unwrap();
        let value = value["v"].as_str().unwrap();
        locate(literal, value, index).map(|r| literal[r].to_owned())
    }

    #[test]
    fn characters_are_found_where_they_are_written() {
        assert_eq!(written(r#""ab\u202Ec""#, 2).as_deref(), Some(r"\u202E"));
        assert_eq!(written(r#""ab\u202Ec""#, 3).as_deref(), Some("c"));
        assert_eq!(written("\"ä\u{202e}\"", 1).as_deref(), Some("\u{202e}"));
        assert_eq!(written(r#""\t\\\"x""#, 3).as_deref(), Some("x"));
        assert_eq!(
            written(r#""\U0000202Ex""#, 0).as_deref(),
            Some(r"\U0000202E")
        );
        assert_eq!(written(r#""\x85""#, 0).as_deref(), Some(r"\x85"));
        assert_eq!(written(r#""\e""#, 0).as_deref(), Some(r"\e"));
        assert_eq!(written("'a\u{2066}b'", 1).as_deref(), Some("\u{2066}"));
        assert_eq!(written("'''\nab\u{85}'''", 2).as_deref(), Some("\u{85}"));
        // A line-ending backslash stands for nothing, and the line break after `"""` too.
        let multi = "\"\"\"\nab \\\n    c\\u0000\"\"\"";
        assert_eq!(written(multi, 4).as_deref(), Some(r"\u0000"));
        assert_eq!(written("\"\"\"\r\na\r\nb\"\"\"", 3).as_deref(), Some("b"));
        // Quotes before the closing delimiter belong to the value.
        assert_eq!(written("'''ab'''''", 2).as_deref(), Some("'"));
    }

    #[test]
    fn every_refused_character_has_its_name() {
        let refused_chars = ('\0'..='\u{2069}').filter(|&c| refused(c, false));
        let mut count = 0;
        for c in refused_chars {
            assert!(!name(c).is_empty(), "{c:?}");
            count += 1;
        }
        assert_eq!(count, 32 + 1 + 32 + 5 + 4);
        assert_eq!(describe('\u{202e}'), "U+202E RIGHT-TO-LEFT OVERRIDE");
        assert_eq!(describe('\0'), "U+0000 NULL");
        assert_eq!(describe('\u{1f}'), "U+001F INFORMATION SEPARATOR ONE");
        assert_eq!(describe('\u{85}'), "U+0085 NEXT LINE");
        assert_eq!(describe('\u{9f}'), "U+009F APPLICATION PROGRAM COMMAND");
        assert!(!refused('\t', true) && !refused('\n', true) && !refused('\r', true));
        assert!(refused('\u{b}', true) && refused('\u{202a}', true));
        for fine in [
            'ä', 'ß', '\u{a0}', '😀', '\u{200e}', '\u{2065}', '\u{206a}', ' ',
        ] {
            assert!(!refused(fine, false), "{fine:?}");
        }
    }
}
