//! The findings of a check on a page, as the GOV.UK design system shows them: a summary at
//! the top that links to each field, and each message at its field, tied to the input by
//! `aria-describedby` (errors also by `aria-invalid`).

use maud::{Markup, html};
use onboard::FormReport;
use onboard::finding::diagnostic::Text;
use onboard::finding::registry::{Code, Severity};
use onboard::messages::{self, Lang, ui};

use super::values::{self, Mapped, input_id};

/// One finding, in words, at the input it belongs to (`None`: about the form as a whole).
#[derive(Debug, Clone)]
pub struct PageFinding {
    pub input: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

/// The findings of one page.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub list: Vec<PageFinding>,
}

impl Findings {
    /// The findings of `report`, each at the input of its field; the page's own findings on
    /// area names replace what `validate` says of the same text as a key.
    ///
    /// An empty or missing value is said by its label ("Please enter …"), which a clerk
    /// knows, rather than by its path in the TOML; the list follows the order of the page
    /// (`order`: the inputs' names as they stand on it).
    pub fn of(report: &FormReport, mapped: &Mapped, lang: Lang, order: &[String]) -> Findings {
        let mut list = Vec::new();
        for (index, text) in &mapped.unclear_areas {
            list.push(PageFinding {
                input: Some(values::input_name(&onboard::fields::REGIONAL_KEYS, *index)),
                severity: Severity::Error,
                message: messages::message(lang, text),
                help: messages::help(lang, text),
            });
        }
        for d in &report.diagnostics {
            let input = d
                .field
                .as_deref()
                .and_then(|path| values::input_for(path, mapped));
            let named_already = d.code == Code::RegionalKeyMalformed
                && list.iter().any(|f| f.input.is_some() && f.input == input);
            if named_already {
                continue;
            }
            let text = match (&input, d.code) {
                (Some(input), Code::EmptyValue | Code::MissingField) => by_label(input, mapped),
                _ => None,
            };
            // The page names fields by their labels, never by the keys of the TOML.
            let text = text.unwrap_or_else(|| messages::clerk::in_her_words(lang, &d.text));
            let text = &text;
            list.push(PageFinding {
                input,
                severity: d.severity,
                message: messages::message(lang, text),
                help: messages::help(lang, text),
            });
        }
        // Stable: findings at one input keep the order of `validate`.
        list.sort_by_key(|f| {
            f.input.as_ref().map_or(0, |i| {
                1 + order.iter().position(|o| o == i).unwrap_or(order.len())
            })
        });
        Findings { list }
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|f| f.severity == severity).count()
    }

    /// The findings at one input.
    pub fn at<'a>(&'a self, input: &'a str) -> impl Iterator<Item = &'a PageFinding> {
        self.list
            .iter()
            .filter(move |f| f.input.as_deref() == Some(input))
    }

    /// Whether an input has an error (then it is `aria-invalid`).
    pub fn invalid(&self, input: &str) -> bool {
        self.at(input).any(|f| f.severity == Severity::Error)
    }
}

/// The page's words for a value left empty: "enter <label>", or "upload the logo"; an empty
/// short name with the one the wizard would suggest from the office's name.
fn by_label(input: &str, mapped: &Mapped) -> Option<Text> {
    if input == values::LOGO_UPLOAD {
        return Some(Text::new("web.form.logo-missing"));
    }
    let (field, _) = values::field_of_input(input)?;
    let suggested = (field == onboard::fields::TENANT_ID)
        .then(|| {
            mapped
                .answers
                .values
                .get(onboard::fields::AUTHORITY_NAME.path)
        })
        .flatten()
        .and_then(|name| match name {
            onboard::template::answers::Value::Text(name) => {
                onboard::template::suggested_tenant_id(name)
            }
            _ => None,
        });
    Some(match suggested {
        Some(id) => Text::new("web.form.empty-suggested")
            .term("label", field.text)
            .arg("suggestion", id),
        None => Text::new("web.form.empty").term("label", field.text),
    })
}

/// The id of the element that holds an input's messages.
pub fn message_id(input: &str) -> String {
    format!("{}-message", input_id(input))
}

/// The id of an input's hint.
pub fn hint_id(input: &str) -> String {
    format!("{}-hint", input_id(input))
}

/// What describes an input: its hint, and its messages when it has any.
pub fn described_by(findings: &Findings, input: &str, hint: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(hint_id(input));
    }
    if findings.at(input).next().is_some() {
        ids.push(message_id(input));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The messages at one input (none: an empty element the script fills in).
pub fn at_input(lang: Lang, findings: &Findings, input: &str) -> Markup {
    html! {
        div.field-messages id=(message_id(input)) data-messages-for=(input) {
            @for finding in findings.at(input) {
                (one(lang, finding))
            }
        }
    }
}

fn one(lang: Lang, finding: &PageFinding) -> Markup {
    let error = finding.severity == Severity::Error;
    let prefix = if error {
        ui(lang, "web.prefix.error")
    } else {
        ui(lang, "web.prefix.warning")
    };
    html! {
        p.kern-error[error].field-warning[!error] {
            span.kern-sr-only { (prefix) ": " }
            span.kern-body { (with_code(&finding.message)) }
            @if let Some(help) = &finding.help {
                " " span.kern-body.field-help { "(" (with_code(help)) ")" }
            }
        }
    }
}

/// The summary at the top of a page: the errors, then the warnings, each a link to its
/// input (or plain text when it concerns the form as a whole). Empty without findings.
pub fn summary(lang: Lang, findings: &Findings) -> Markup {
    let errors: Vec<&PageFinding> = findings
        .list
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let warnings: Vec<&PageFinding> = findings
        .list
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    html! {
        div #error-summary data-summary {
            @if !errors.is_empty() {
                div.kern-alert.kern-alert--danger.error-summary role="alert"
                    aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                    div.kern-alert__header {
                        span.kern-icon.kern-icon--danger aria-hidden="true" {}
                        h2.kern-title #error-summary-title { (ui(lang, "web.summary.errors")) }
                    }
                    div.kern-alert__body { (links(&errors)) }
                }
            }
            @if !warnings.is_empty() {
                div.kern-alert.kern-alert--warning.warning-summary
                    aria-labelledby="warning-summary-title" {
                    div.kern-alert__header {
                        span.kern-icon.kern-icon--warning aria-hidden="true" {}
                        h2.kern-title #warning-summary-title { (ui(lang, "web.summary.warnings")) }
                    }
                    div.kern-alert__body { (links(&warnings)) }
                }
            }
        }
    }
}

/// A message with its backticked parts (values, keys: "`2771` ist keine …") as `<code>`,
/// the way the terminal marks them; the rest stays escaped text.
pub fn with_code(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

fn links(findings: &[&PageFinding]) -> Markup {
    html! {
        ul.kern-list {
            @for finding in findings {
                li {
                    @match &finding.input {
                        Some(input) => a.kern-link href={ "#" (input_id(input)) } { (with_code(&finding.message)) },
                        None => span.kern-body { (with_code(&finding.message)) },
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_code;

    #[test]
    fn backticked_values_become_code_and_the_rest_stays_escaped() {
        let html = with_code("`2771` ist keine <deutsche> Postleitzahl").into_string();
        assert_eq!(
            html,
            "<code>2771</code> ist keine &lt;deutsche&gt; Postleitzahl"
        );
        assert_eq!(with_code("ohne Wert").into_string(), "ohne Wert");
        assert_eq!(with_code("`<b>`").into_string(), "<code>&lt;b&gt;</code>");
    }
}
