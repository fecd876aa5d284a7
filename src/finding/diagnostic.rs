//! The result model: one finding, where it is, and the text that explains it.
//!
//! Every report format renders this same model; nothing here knows about terminals.

use crate::fields::{self, Steps};
use crate::finding::registry::{Code, Severity};
use crate::finding::source::{SourceText, Span};

/// A message in the catalog (`locales/*.toml`), with the values it names.
///
/// Diagnostics carry the message id, not finished text, so that one run can be
/// rendered in German or English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The catalog id (`email-invalid.message`).
    pub id: &'static str,
    /// The values it names, by placeholder (`{value}`), as given.
    pub args: Vec<(&'static str, String)>,
    /// Arguments that are words of the language themselves ("the top level", "string"):
    /// catalog ids, translated when the text is rendered.
    pub terms: Vec<(&'static str, &'static str)>,
    /// Arguments that are catalog texts of their own (a reason inside a reason), rendered
    /// in the same language.
    pub texts: Vec<(&'static str, Text)>,
    /// Numbers, sizes and dates, written as the language writes them when the text is
    /// rendered (`262.144`, `1 MiB`, `15.09.2025`).
    pub quantities: Vec<(&'static str, Quantity)>,
}

/// A value a text names that each language writes its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// A count or a bound, with the language's thousands separator.
    Number(u64),
    /// A number of bytes, in binary units where it is at least 1 KiB.
    Size(u64),
    /// A calendar day.
    Date(jiff::civil::Date),
}

impl Text {
    /// The text `id`, with no arguments yet.
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
            terms: Vec::new(),
            texts: Vec::new(),
            quantities: Vec::new(),
        }
    }

    /// Puts `value` in for the placeholder `{name}`.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// An argument whose value is the catalog entry `id`, in the language of the output.
    pub fn term(mut self, name: &'static str, id: &'static str) -> Self {
        self.terms.push((name, id));
        self
    }

    /// An argument that is another catalog text, in the language of the output.
    pub fn nested(mut self, name: &'static str, text: Text) -> Self {
        self.texts.push((name, text));
        self
    }

    /// A number for `{name}`, written as the language writes it (`262.144`, `262,144`).
    pub fn number(self, name: &'static str, n: u64) -> Self {
        self.quantity(name, Quantity::Number(n))
    }

    /// A size in bytes for `{name}`, in the language's words (`1 MiB`, `1,5 MiB`, `999 Byte`).
    pub fn size(self, name: &'static str, bytes: u64) -> Self {
        self.quantity(name, Quantity::Size(bytes))
    }

    /// A date for `{name}`, as the language writes it (`15.09.2025`, `2025-09-15`).
    pub fn date(self, name: &'static str, date: jiff::civil::Date) -> Self {
        self.quantity(name, Quantity::Date(date))
    }

    /// A date kept as ISO text (`2025-11-30`: a record, a directory's edition) for
    /// `{name}`, as the language writes dates; text that is no such date is shown as it is.
    pub fn iso_date(self, name: &'static str, iso: &str) -> Self {
        match iso.parse::<jiff::civil::Date>() {
            Ok(date) => self.date(name, date),
            Err(_) => self.arg(name, iso),
        }
    }

    fn quantity(mut self, name: &'static str, value: Quantity) -> Self {
        self.quantities.push((name, value));
        self
    }
}

/// Another place that belongs to a finding: the first of two duplicates, or the other
/// form of a cross-form conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The form it is in, as reports name it.
    pub path: String,
    /// Byte range in that form.
    pub span: Span,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// What the place is (`the first of the two`).
    pub label: Text,
}

/// One finding of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which check found it.
    pub code: Code,
    /// How much it weighs in this run (the repository may have changed the default).
    pub severity: Severity,
    /// Dotted field path (`authority.postal_code`, `contacts.professional[0].email`);
    /// `None` for findings about the file as a whole.
    pub field: Option<String>,
    /// Byte range in the form's text (empty for the file as a whole).
    pub span: Span,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// What is wrong, as a catalog text.
    pub text: Text,
    /// Other places that belong to it.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// The steps of the guide the finding belongs to: those of its field. A finding
    /// without a field is about the file as a whole and belongs to none.
    pub fn steps(&self) -> Steps {
        self.field.as_deref().map_or(Steps::NONE, fields::steps_at)
    }

    /// A finding of `code`, at the code's default severity, about `field` (`None`: the file
    /// as a whole) at `span`, which starts at `position` (line and column, 1-based).
    /// Every finding is made here or by [`Diagnostic::file`].
    pub fn new(
        code: Code,
        field: Option<&str>,
        span: Span,
        position: (usize, usize),
        text: Text,
    ) -> Diagnostic {
        let (line, column) = position;
        Diagnostic {
            code,
            severity: code.default_severity(),
            field: field.map(str::to_owned),
            span,
            line,
            column,
            text,
            related: Vec::new(),
        }
    }

    /// A finding about the file as a whole, at 1:1 (the form could not be read that far).
    pub fn file(code: Code, text: Text) -> Diagnostic {
        Diagnostic::new(code, None, 0..0, (1, 1), text)
    }

    /// The finding with other places that belong to it.
    pub fn with_related(mut self, related: Vec<Related>) -> Diagnostic {
        self.related = related;
        self
    }
}

/// Collects the findings of one form, turning spans into positions as they arrive.
pub(crate) struct Sink<'s> {
    source: &'s SourceText,
    path: &'s str,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'s> Sink<'s> {
    /// `path` is the form's path as reports show it.
    pub fn new(source: &'s SourceText, path: &'s str) -> Self {
        Self {
            source,
            path,
            diagnostics: Vec::new(),
        }
    }

    pub fn source(&self) -> &'s SourceText {
        self.source
    }

    /// Records a finding at `span`, for `field` (or the whole file when `None`).
    pub fn report(
        &mut self,
        code: Code,
        field: Option<&str>,
        span: Span,
        text: Text,
    ) -> &mut Diagnostic {
        let position = self.source.position(span.start);
        self.diagnostics
            .push(Diagnostic::new(code, field, span, position, text));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// A place in the same file, for [`Diagnostic::related`].
    pub fn related(&self, span: Span, label: Text) -> Related {
        let (line, column) = self.source.position(span.start);
        Related {
            path: self.path.to_owned(),
            span,
            line,
            column,
            label,
        }
    }
}
