//! The explanation of each check code, as `onboard explain` shows it (as text or JSON) and
//! `docs/checks.md` holds it: the registry says severity, area and the fields a check
//! concerns, the table of fields their steps of the guide; the catalogs say the rest.

use serde::Serialize;

use crate::fields::{Steps, step_title};
use crate::finding::diagnostic::Text;
use crate::finding::registry::{ALL, Area, CheckInfo, Code, Severity};
use crate::messages::{self, Lang};

/// The catalog term naming a severity.
pub(crate) fn severity_term(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "term.severity.error",
        Severity::Warning => "term.severity.warning",
    }
}

/// The catalog term naming an area of the form.
pub(crate) fn area_term(area: Area) -> &'static str {
    match area {
        Area::File => "term.area.file",
        Area::Structure => "term.area.structure",
        Area::Identity => "term.area.identity",
        Area::Service => "term.area.service",
        Area::Onboarding => "term.area.onboarding",
        Area::Authority => "term.area.authority",
        Area::Jurisdiction => "term.area.jurisdiction",
        Area::Logo => "term.area.logo",
        Area::Mailboxes => "term.area.mailboxes",
        Area::PrivacyPolicy => "term.area.privacy-policy",
        Area::CrossForm => "term.area.cross-form",
    }
}

/// Step numbers for people: `4`, `1, 4, 5, 7`, with runs of three or more as `3–7`.
fn step_list(steps: Steps) -> String {
    let numbers: Vec<u8> = steps.iter().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}–{}", numbers[i], numbers[j]));
        } else {
            parts.extend(numbers[i..=j].iter().map(u8::to_string));
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// The steps of the guide a check's findings belong to: one with its title, several by
/// their numbers; none for a finding about the file as a whole.
fn steps_label(steps: Steps, lang: Lang) -> Option<String> {
    let mut numbers = steps.iter();
    let first = numbers.next()?;
    let text = if numbers.next().is_none() {
        Text::new("explain.label.step")
            .arg("step", first.to_string())
            .term("title", step_title(first))
    } else {
        Text::new("explain.label.steps").arg("steps", step_list(steps))
    };
    Some(messages::message(lang, &text))
}

/// "error · Service · guide step 3: …" — what the registry says about a check.
fn facts_line(info: &CheckInfo, lang: Lang) -> String {
    let mut parts = vec![
        messages::ui(lang, severity_term(info.severity)),
        messages::ui(lang, area_term(info.area)),
    ];
    parts.extend(steps_label(info.steps(), lang));
    if info.online {
        parts.push(messages::ui(lang, "explain.label.online"));
    }
    parts.join(" · ")
}

fn indent(text: &str, by: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `onboard explain CODE`: plain text for a terminal.
pub fn render(code: Code, lang: Lang) -> String {
    let info = code.info();
    let Some(e) = messages::explanation(lang, info.code) else {
        return format!("{}\n", info.code);
    };
    let label = |id: &str| messages::ui(lang, id);
    let mut out = format!(
        "{}: {}\n{}\n\n",
        info.code,
        e.summary.trim(),
        facts_line(info, lang)
    );
    for (id, text) in [
        ("explain.label.checks", &e.checks),
        ("explain.label.why", &e.why),
        ("explain.label.fix", &e.fix),
    ] {
        out.push_str(&format!("{}\n{}\n\n", label(id), indent(text, "  ")));
    }
    out.push_str(&format!(
        "{}\n{}\n\n{}\n{}\n",
        label("explain.label.wrong"),
        indent(e.wrong, "    "),
        label("explain.label.right"),
        indent(e.right, "    ")
    ));
    out
}

/// A check as data, for tools and the web page (`onboard explain --format json`).
#[derive(Debug, Serialize)]
struct Entry<'a> {
    code: &'static str,
    severity: Severity,
    area: Area,
    online: bool,
    /// The steps of all its fields.
    steps: Steps,
    fields: Vec<FieldSteps>,
    texts: Option<Texts<'a>>,
}

/// A field a check concerns, with the steps a finding on it belongs to.
#[derive(Debug, Serialize)]
struct FieldSteps {
    path: &'static str,
    steps: Steps,
}

#[derive(Debug, Serialize)]
struct Texts<'a> {
    summary: &'a str,
    checks: &'a str,
    why: &'a str,
    fix: &'a str,
    wrong: &'a str,
    right: &'a str,
}

fn entry(info: &CheckInfo, lang: Lang) -> Entry<'static> {
    Entry {
        code: info.code,
        severity: info.severity,
        area: info.area,
        online: info.online,
        steps: info.steps(),
        fields: info
            .fields()
            .into_iter()
            .map(|f| FieldSteps {
                path: f.path,
                steps: f.steps(),
            })
            .collect(),
        texts: messages::explanation(lang, info.code).map(|e| Texts {
            summary: e.summary.trim(),
            checks: e.checks.trim(),
            why: e.why.trim(),
            fix: e.fix.trim(),
            wrong: e.wrong.trim_end(),
            right: e.right.trim_end(),
        }),
    }
}

fn pretty(value: &impl Serialize) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("an explanation serializes");
    out.push('\n');
    out
}

/// `onboard explain --format json CODE`.
pub fn json(code: Code, lang: Lang) -> String {
    pretty(&entry(code.info(), lang))
}

/// `onboard explain --list --format json`: every check, in the registry's order.
pub fn list_json(lang: Lang) -> String {
    let all: Vec<Entry<'_>> = ALL.iter().map(|info| entry(info, lang)).collect();
    pretty(&all)
}

/// `onboard explain --list`: every code with its severity and one line.
pub fn list(lang: Lang) -> String {
    let width = ALL.iter().map(|i| i.code.len()).max().unwrap_or(0);
    let severities: Vec<String> = [Severity::Error, Severity::Warning]
        .map(|s| messages::ui(lang, severity_term(s)))
        .to_vec();
    let sev_width = severities
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for info in ALL {
        let severity = messages::ui(lang, severity_term(info.severity));
        let summary = messages::explanation(lang, info.code).map_or("", |e| e.summary.trim());
        out.push_str(&format!(
            "{:<width$}  {severity:<sev_width$}  {summary}\n",
            info.code
        ));
    }
    out
}

/// `docs/checks.md`: every explanation, German first, then English.
pub fn markdown() -> String {
    let mut out = String::from(
        "<!-- Generated by `onboard explain --markdown` from locales/*.toml and \
         src/finding/registry.rs; do not edit. -->\n\n# Prüfungen · Checks\n",
    );
    for lang in Lang::ALL {
        out.push_str(&format!(
            "\n## {}\n\n",
            messages::ui(lang, "explain.doc.heading")
        ));
        out.push_str(&messages::ui(lang, "explain.doc.intro"));
        out.push_str("\n\n");
        out.push_str(&format!(
            "| {} | {} | {} |\n| --- | --- | --- |\n",
            messages::ui(lang, "explain.doc.code"),
            messages::ui(lang, "explain.doc.severity"),
            messages::ui(lang, "explain.doc.summary")
        ));
        for &code in Code::ALL {
            let info = code.info();
            let summary = messages::explanation(lang, info.code).map_or("", |e| e.summary.trim());
            out.push_str(&format!(
                "| [`{code}`](#{anchor}) | {} | {} |\n",
                messages::ui(lang, severity_term(info.severity)),
                summary.replace('|', "\\|"),
                code = info.code,
                anchor = anchor(code, lang),
            ));
        }
        for &code in Code::ALL {
            out.push('\n');
            out.push_str(&markdown_entry(code, lang));
        }
    }
    out
}

/// The anchor of a check's entry in `docs/checks.md` (`leika-id-mismatch-de`): each
/// language has its own.
pub fn anchor(code: Code, lang: Lang) -> String {
    format!("{}-{}", code.as_str(), lang.code())
}

fn markdown_entry(code: Code, lang: Lang) -> String {
    let body = markdown_body(code, lang);
    if body.is_empty() {
        return body;
    }
    format!(
        "<a id=\"{}\"></a>\n### `{}`\n\n{body}",
        anchor(code, lang),
        code.as_str()
    )
}

/// A check's entry in `docs/checks.md` without its anchor and heading — the summary, the
/// facts, what it checks, why, how to fix it and the examples — as Markdown (SARIF's
/// `help.markdown`).
pub fn markdown_body(code: Code, lang: Lang) -> String {
    let info = code.info();
    let Some(e) = messages::explanation(lang, info.code) else {
        return String::new();
    };
    let label = |id: &str| messages::ui(lang, id);
    let mut out = format!("{}\n\n*{}*\n\n", e.summary.trim(), facts_line(info, lang));
    for (id, text) in [
        ("explain.label.checks", &e.checks),
        ("explain.label.why", &e.why),
        ("explain.label.fix", &e.fix),
    ] {
        out.push_str(&format!("**{}** {}\n\n", label(id), text.trim()));
    }
    for (id, text) in [
        ("explain.label.wrong", &e.wrong),
        ("explain.label.right", &e.right),
    ] {
        out.push_str(&format!(
            "{}\n\n```toml\n{}\n```\n\n",
            label(id),
            text.trim_end()
        ));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The code closest to a mistyped one, for "did you mean".
pub fn closest_code(input: &str) -> Option<Code> {
    let found = crate::form::structure::closest(input, Code::ALL.iter().map(|c| c.as_str()))?;
    Code::from_code(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{FIELDS, Field, Kind};
    use crate::finding::diagnostic::Diagnostic;
    use crate::finding::source::SourceText;
    use crate::status;
    use crate::validate::{Facts, FormReport};

    /// The paths a finding of `code` on `field` can carry: the field's own, with the index
    /// of an array item where there is one, or a key inside it for an unknown key.
    fn finding_paths(code: Code, field: &Field) -> Vec<String> {
        let mut path = field.path.to_owned();
        for list in FIELDS.iter().filter(|f| f.kind == Kind::TableList) {
            if let Some(rest) = path.strip_prefix(list.path)
                && rest.starts_with('.')
            {
                path = format!("{}[0]{rest}", list.path);
            }
        }
        if code == Code::UnknownField {
            return vec![format!("{path}.unknown")];
        }
        let mut paths = vec![path.clone()];
        if matches!(field.kind, Kind::TextList | Kind::TableList) {
            paths.push(format!("{path}[0]"));
        }
        paths
    }

    fn report_with(code: Code, field: Option<String>) -> FormReport {
        FormReport {
            path: "form.toml".into(),
            source: Some(SourceText::new(String::new())),
            facts: Facts::default(),
            areas: Vec::new(),
            diagnostics: vec![Diagnostic::new(
                code,
                field.as_deref(),
                0..0,
                (1, 1),
                Text::new(code.as_str()),
            )],
        }
    }

    /// The steps at which `status` lists the one finding of a report.
    fn status_steps(report: &FormReport) -> Vec<u8> {
        status::status(report, false)
            .steps
            .iter()
            .filter(|s| !s.findings.is_empty())
            .map(|s| s.number)
            .collect()
    }

    #[test]
    fn explain_and_status_give_the_same_steps_for_every_code_and_field() {
        for info in ALL {
            let code = Code::from_code(info.code).unwrap();
            let explained: serde_json::Value = serde_json::from_str(&json(code, Lang::En)).unwrap();
            let named: Vec<u8> = explained["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_u64().unwrap() as u8)
                .collect();
            if info.about_file() {
                // No field, no step: a form that cannot be read has every step missing.
                assert!(named.is_empty(), "{code}");
                let status = status::status(&report_with(code, None), false);
                for step in &status.steps[..7] {
                    assert_eq!(step.state, status::StepState::Missing, "{code}");
                    assert_eq!(step.findings.len(), 1, "{code}: step {}", step.number);
                }
                continue;
            }
            let fields = info.fields();
            assert!(!fields.is_empty(), "{code} concerns no field");
            for field in fields {
                let entry = explained["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["path"] == field.path)
                    .unwrap_or_else(|| panic!("explain {code} lacks {}", field.path));
                let of_field: Vec<u8> = entry["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_u64().unwrap() as u8)
                    .collect();
                assert!(!of_field.is_empty(), "{code} at {}", field.path);
                assert!(of_field.iter().all(|s| named.contains(s)), "{code}");
                for path in finding_paths(code, field) {
                    let report = report_with(code, Some(path.clone()));
                    assert_eq!(status_steps(&report), of_field, "{code} at {path}");
                }
            }
            // The text names the same steps.
            let line = facts_line(info, Lang::En);
            match named.as_slice() {
                [] => assert!(!line.contains("guide step"), "{code}: {line}"),
                [one] => assert!(line.contains(&format!("guide step {one}:")), "{line}"),
                _ => assert!(line.contains(&step_list(Steps::of(&named))), "{line}"),
            }
        }
    }

    #[test]
    fn step_lists_shorten_runs() {
        assert_eq!(step_list(Steps::of(&[4])), "4");
        assert_eq!(step_list(Steps::of(&[1, 4, 5, 7])), "1, 4, 5, 7");
        assert_eq!(step_list(Steps::of(&[1, 3, 4, 5, 6, 7])), "1, 3–7");
        assert_eq!(step_list(Steps::of(&[1, 2, 3, 4, 5, 6, 7])), "1–7");
    }
}
