//! Structural checks: keys the format does not know, keys it needs, values of the wrong
//! TOML type, empty values and control characters in text — all of them in one walk, each
//! at its place.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::control;
use super::shape::{Shape, TableShape, order_form};
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::finding::source::Span;

/// Checks a parsed form against the order-form shape.
pub fn check(root: &DeTable<'_>, sink: &mut Sink<'_>) {
    check_shape(root, order_form(), sink);
}

/// Checks a parsed TOML document against any shape (forms, the repository config).
pub fn check_shape(root: &DeTable<'_>, shape: &TableShape, sink: &mut Sink<'_>) {
    let mut walker = Walker {
        top: shape,
        path: String::new(),
    };
    walker.table(root, 0..0, shape, sink);
}

/// Walks a document; `top` is the whole shape, where misplaced keys are looked up. `path` is
/// the dotted path of the value being looked at, grown and cut back in place as the walk
/// goes down and up (one buffer per form instead of a string per key).
struct Walker<'s> {
    top: &'s TableShape,
    path: String,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `header` is where the table is named (for missing keys): its key, or 1:1 at the top.
impl Walker<'_> {
    fn push_key(&mut self, key: &str) {
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
    }

    fn table(
        &mut self,
        table: &DeTable<'_>,
        header: Span,
        shape: &TableShape,
        sink: &mut Sink<'_>,
    ) {
        let table_end = self.path.len();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            self.push_key(name);
            match shape.field(name) {
                Some(field) => {
                    let span = key.span();
                    self.value(value, span, &field.name, &field.shape, field.required, sink)
                }
                None => self.unknown(name, key.span(), table_end, shape, sink),
            }
            self.path.truncate(table_end);
        }
        for field in shape.fields.iter().filter(|f| f.required) {
            if !table
                .iter()
                .any(|(k, _)| k.get_ref() == field.name.as_str())
            {
                self.push_key(&field.name);
                let text = match &field.shape {
                    Shape::Table(_) => Text::new("missing-field.table"),
                    Shape::Array { items, .. } if matches!(**items, Shape::Table(_)) => {
                        Text::new("missing-field.table-array")
                    }
                    _ => Text::new("missing-field"),
                }
                .arg("key", &field.name)
                .arg("path", &self.path);
                let text = with_table_label(text, &self.path[..table_end]);
                sink.report(Code::MissingField, Some(&self.path), header.clone(), text);
                self.path.truncate(table_end);
            }
        }
    }

    /// Checks a value against the shape of its field `name` (an array's items have the
    /// array's name); the value's path is `self.path`.
    fn value(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key_span: Span,
        name: &str,
        shape: &Shape,
        required: bool,
        sink: &mut Sink<'_>,
    ) {
        let span = value.span();
        let path_end = self.path.len();
        match (shape, value.get_ref()) {
            (Shape::Table(shape), DeValue::Table(table)) => {
                self.table(table, key_span, shape, sink)
            }
            (Shape::Map(item), DeValue::Table(table)) => {
                for (key, value) in table.iter() {
                    let name: &str = key.get_ref();
                    self.push_key(name);
                    self.value(value, key.span(), name, item, true, sink);
                    self.path.truncate(path_end);
                }
            }
            (
                Shape::Array {
                    items,
                    min_items,
                    max_items,
                },
                DeValue::Array(array),
            ) => {
                if array.len() < *min_items {
                    let text = Text::new("empty-value.array")
                        .arg("key", name)
                        .arg("path", &self.path);
                    sink.report(Code::EmptyValue, Some(&self.path), span, text);
                }
                // Past the limit, items are neither checked nor reported one by one: the
                // finding is at the first item too many, and the work stays bounded.
                let max = max_items.unwrap_or(usize::MAX);
                if let Some(first_extra) = array.get(max) {
                    let text = Text::new("too-many-items")
                        .arg("key", name)
                        .arg("path", &self.path)
                        .number("count", array.len() as u64)
                        .number("max", max as u64);
                    sink.report(
                        Code::TooManyItems,
                        Some(&self.path),
                        first_extra.span(),
                        text,
                    );
                }
                for (i, item) in array.iter().enumerate().take(max) {
                    use std::fmt::Write;
                    let _ = write!(self.path, "[{i}]");
                    self.value(item, item.span(), name, items, true, sink);
                    self.path.truncate(path_end);
                }
            }
            (Shape::String, DeValue::String(s)) => {
                control::check(s, span.clone(), &self.path, sink);
                if required && s.trim().is_empty() {
                    let text = Text::new("empty-value")
                        .arg("key", name)
                        .arg("path", &self.path);
                    sink.report(Code::EmptyValue, Some(&self.path), span, text);
                }
            }
            (Shape::Integer, DeValue::Integer(_)) | (Shape::Boolean, DeValue::Boolean(_)) => {}
            (Shape::Date, DeValue::Datetime(dt)) if dt.date.is_some() && dt.time.is_none() => {}
            (expected, found) => {
                let id = match (expected, found) {
                    (Shape::Date, DeValue::String(_)) => "invalid-type.quoted-date",
                    (Shape::Date, DeValue::Datetime(_)) => "invalid-type.date-with-time",
                    (Shape::Integer | Shape::Boolean, DeValue::String(_)) => "invalid-type.quoted",
                    (
                        Shape::String,
                        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_),
                    ) => "invalid-type.unquoted",
                    _ => "invalid-type",
                };
                let text = Text::new(id)
                    .arg("key", name)
                    .arg("path", &self.path)
                    .term("expected", expected.type_term())
                    .term("found", found_term(found));
                sink.report(Code::InvalidType, Some(&self.path), span, text);
            }
        }
    }

    /// An unknown key `name` (its path is `self.path`) in the table whose path ends at
    /// `table_end`.
    fn unknown(
        &self,
        name: &str,
        span: Span,
        table_end: usize,
        shape: &TableShape,
        sink: &mut Sink<'_>,
    ) {
        let text = if let Some(close) = closest(name, shape.fields.iter().map(|f| f.name.as_str()))
        {
            Text::new("unknown-field.suggest").arg("suggestion", close)
        } else if let Some(home) = find_home(name, "", self.top) {
            Text::new("unknown-field.elsewhere").arg("suggestion", home)
        } else {
            let known: Vec<String> = shape
                .fields
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect();
            Text::new("unknown-field").arg("known", known.join(", "))
        }
        .arg("key", name)
        .arg("path", &self.path);
        let text = with_table_label(text, &self.path[..table_end]);
        sink.report(Code::UnknownField, Some(&self.path), span, text);
    }
}

/// Names the table a key is in: `[authority]`, or "the top level" in the output's language.
fn with_table_label(text: Text, path: &str) -> Text {
    if path.is_empty() {
        text.term("table", "term.top-level")
    } else {
        text.arg("table", format!("[{path}]"))
    }
}

/// The catalog term naming the TOML type of a value.
fn found_term(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "term.type.string",
        DeValue::Integer(_) => "term.type.integer",
        DeValue::Float(_) => "term.type.float",
        DeValue::Boolean(_) => "term.type.boolean",
        DeValue::Datetime(_) => "term.type.date-time",
        DeValue::Array(_) => "term.type.array",
        DeValue::Table(_) => "term.type.table",
    }
}

/// The closest known key, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .map(|c| (strsim::damerau_levenshtein(&lower, c), c))
        .filter(|(distance, c)| *distance <= (c.len() / 3).clamp(1, 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Where a key of this exact name lives in the format, if in another table.
fn find_home(name: &str, path: &str, shape: &TableShape) -> Option<String> {
    for field in &shape.fields {
        let here = join(path, &field.name);
        if field.name == name {
            return Some(here);
        }
        let inner = match &field.shape {
            Shape::Table(t) => Some(t),
            Shape::Array { items, .. } => match &**items {
                Shape::Table(t) => Some(t),
                _ => None,
            },
            _ => None,
        };
        if let Some(found) = inner.and_then(|t| find_home(name, &here, t)) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_key() {
        let keys = ["postal_code", "city", "street"];
        assert_eq!(closest("postalcode", keys.into_iter()), Some("postal_code"));
        assert_eq!(closest("PLZ", keys.into_iter()), None);
        assert_eq!(closest("citi", keys.into_iter()), Some("city"));
    }

    #[test]
    fn misplaced_keys_find_their_table() {
        assert_eq!(
            find_home("postal_code", "", order_form()).as_deref(),
            Some("authority.postal_code")
        );
        assert_eq!(find_home("nothing", "", order_form()), None);
    }
}
