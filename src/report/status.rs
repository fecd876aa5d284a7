//! The onboarding checklist (`onboard status`), as text for people and as the JSON of the
//! specification.

use serde::Serialize;

use super::RenderOptions;
use crate::fields::step_title;
use crate::finding::registry::Severity;
use crate::messages::{self, Lang};
use crate::status::{ReadyFor, Status, Step, StepState};

#[derive(Serialize)]
struct StatusJson<'a> {
    path: &'a str,
    tenant_id: Option<&'a str>,
    ready_for: Option<ReadyFor>,
    steps: Vec<StepJson<'a>>,
}

#[derive(Serialize)]
struct StepJson<'a> {
    step: u8,
    title: String,
    state: StepState,
    detail: String,
    /// Why the step is missing, or what a done step still warns of.
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'static str,
    field: Option<&'a str>,
    severity: Severity,
    message: String,
}

fn detail(step: &crate::status::Step, lang: Lang) -> String {
    step.details
        .iter()
        .map(|t| messages::message(lang, t))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The checklist as JSON (`status --format json`): each step with its state, details and findings.
pub fn json(status: &Status, options: &RenderOptions) -> String {
    let lang = options.lang;
    let data = StatusJson {
        path: &status.path,
        tenant_id: status.tenant_id.as_deref(),
        ready_for: status.ready_for,
        steps: status
            .steps
            .iter()
            .map(|s| StepJson {
                step: s.number,
                title: messages::ui(lang, step_title(s.number)),
                state: s.state,
                detail: detail(s, lang),
                findings: s
                    .findings
                    .iter()
                    .map(|d| FindingJson {
                        code: d.code.as_str(),
                        field: d.field.as_deref(),
                        severity: d.severity,
                        message: messages::message(lang, &d.text),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&data).expect("the status serializes");
    out.push('\n');
    out
}

/// ANSI style of a step's state: green done, yellow done with warnings, red missing, dim
/// not yet due or needed only later, for production.
fn paint(step: &Step, text: &str, styled: bool) -> String {
    if !styled {
        return text.to_owned();
    }
    let code = match step.state {
        StepState::Done if step.has_warnings() => "33",
        StepState::Done => "32",
        StepState::Missing => "31;1",
        StepState::NotYetDue | StepState::ForProduction => "2",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

/// States longer than this do not widen the column of states: the titles of the other
/// steps stay close to their states, the long one's title goes on the next line, in the
/// column of titles.
const MAX_ALIGNED_STATE: usize = 24;

/// The checklist for the terminal: one line per step, with what is done or missing, then
/// whether the form is ready and what to do next.
pub fn human(status: &Status, options: &RenderOptions) -> String {
    let lang = options.lang;
    let heading = match &status.tenant_id {
        Some(t) => format!("{} ({t})", status.path),
        None => status.path.clone(),
    };
    let mut out = format!("{}: {heading}\n\n", messages::ui(lang, "status.heading"));
    let width = status
        .steps
        .iter()
        .map(|s| messages::ui(lang, s.term()).chars().count())
        .filter(|&n| n <= MAX_ALIGNED_STATE)
        .max()
        .unwrap_or(0);
    for step in &status.steps {
        let state = messages::ui(lang, step.term());
        let title = messages::ui(lang, step_title(step.number));
        let painted = paint(step, &state, options.styled);
        if state.chars().count() > width {
            let indent = " ".repeat(width);
            out.push_str(&format!(
                "{}. {painted}\n   {indent}  {title}\n",
                step.number
            ));
        } else {
            let pad = " ".repeat(width - state.chars().count());
            out.push_str(&format!("{}. {painted}{pad}  {title}\n", step.number));
        }
        for d in &step.details {
            out.push_str(&format!(
                "   {}  {}\n",
                " ".repeat(width),
                messages::message(lang, d)
            ));
        }
    }
    out.push('\n');
    out.push_str(&messages::ui(lang, status.ready_term()));
    out.push('\n');
    if let Some(next) = status.next() {
        out.push_str(&messages::message(lang, &next));
        out.push('\n');
    }
    out
}
