//! The text of one form and the mapping from byte offsets to 1-based line and column.

use std::ops::Range;

/// A byte range into [`SourceText::text`].
pub type Span = Range<usize>;

/// The decoded text of a form, with a line index for positions.
///
/// Columns count Unicode scalar values (characters), as editors do, not bytes.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Wraps decoded text. A leading UTF-8 byte order mark is dropped (Windows editors
    /// write one), so that line 1, column 1 is the first visible character.
    pub fn new(mut text: String) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, line_starts }
    }

    /// The text, without a byte-order mark.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = self.text[self.line_starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The byte range of the whole lines that a span touches, and the 1-based number of
    /// the first of them: what a snippet shows.
    pub fn lines_around(&self, span: &Span) -> (Span, usize) {
        let start = self.floor_char_boundary(span.start.min(self.text.len()));
        let end = self
            .floor_char_boundary(span.end.min(self.text.len()))
            .max(start);
        let first = self.line_starts.partition_point(|&s| s <= start) - 1;
        let line_begin = self.line_starts[first];
        let line_end = self.text[end..]
            .find('\n')
            .map_or(self.text.len(), |i| end + i);
        (line_begin..line_end, first + 1)
    }

    /// The span of a 1-based line and column (used for errors that only give a position).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = SourceText::new("a = 1\nstraße = \"ü\"\n".to_string());
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(4), (1, 5));
        let value = src.text().find("\"ü\"").unwrap();
        assert_eq!(src.position(value), (2, 10));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let src = SourceText::new("\u{feff}x = 1".to_string());
        assert_eq!(src.text(), "x = 1");
        assert_eq!(src.position(0), (1, 1));
    }

    #[test]
    fn lines_around_a_span_cover_whole_lines() {
        let src = SourceText::new("a = 1\nbb = 2\nc = 3".to_string());
        let (range, first) = src.lines_around(&(8..9));
        assert_eq!(&src.text()[range], "bb = 2");
        assert_eq!(first, 2);
    }
}
