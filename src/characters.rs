//! Which characters a text value may not hold: control characters and the bidirectional
//! overrides that make text read differently from how it is stored. The form's check
//! (`form::control`) and the safe display of values (`messages::visible`) apply the same rule.

/// Whether `c` is refused in a text value (`multiline`: tab and line breaks are allowed).
pub fn refused(c: char, multiline: bool) -> bool {
    match c {
        '\t' | '\n' | '\r' => !multiline,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}
