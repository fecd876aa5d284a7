//! The onboarding checklist of one form: the eight steps of the guide (Anbindungsleitfaden),
//! each done, missing or not yet due, and whether the form is ready for test or production
//! operation — computed from the validation result, never by reading the form again.
//!
//! Each finding belongs to the steps of the field it concerns, as the table of fields
//! ([`crate::fields`]) gives them — the same steps `onboard explain` names for its
//! code (`contacts.*` to steps 1 and 7, `mailboxes.contact_form` to step 5, …). Each step
//! speaks of its own findings only; what to fix first, or what to send to whom, is the
//! checklist's closing line ([`Status::next`]).

use serde::Serialize;

use crate::finding::diagnostic::{Diagnostic, Text};
use crate::finding::registry::{Code, Severity};
use crate::validate::FormReport;

/// The steps of the guide.
pub const STEPS: u8 = 8;
/// Details shown per step at most; more only repeat what `validate` shows in full.
const MAX_DETAILS: usize = 3;

/// How far a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    /// Everything the step asks of the form is there and right.
    Done,
    /// Something the step asks of the form is missing or wrong.
    Missing,
    /// Comes after the connection (step 8, dDatabox access).
    NotYetDue,
    /// Not done, but needed only for production operation: steps 2 and 3 of a form at
    /// stage `test`. The specification's JSON has no such state, so it reads `missing` there.
    #[serde(rename = "missing")]
    ForProduction,
}

impl StepState {
    /// The catalog id of the state's name.
    pub fn term(self) -> &'static str {
        match self {
            StepState::Done => "status.state.done",
            StepState::Missing => "status.state.missing",
            StepState::NotYetDue => "status.state.not-yet-due",
            StepState::ForProduction => "status.state.for-production",
        }
    }
}

/// The operation a form is ready for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadyFor {
    /// Test operation (stage `test`).
    Test,
    /// Production (stage `production`, with all it needs).
    Production,
}

/// One step of the guide for one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// 1 to 8, as numbered in the guide.
    pub number: u8,
    /// How far the step is.
    pub state: StepState,
    /// What is done or missing, as catalog texts (joined with "; " when shown).
    pub details: Vec<Text>,
    /// Every finding that belongs to the step (for a form that cannot be read, the findings
    /// that say why), in the order of the form.
    pub findings: Vec<Diagnostic>,
}

impl Step {
    /// Whether a finding of the step is a warning: done, but to be looked at.
    pub fn has_warnings(&self) -> bool {
        self.findings
            .iter()
            .any(|d| d.severity == Severity::Warning)
    }

    /// The catalog id of the step's state as people read it: a done step with a warning is
    /// "done, please review", so a warning never reads as plain "done".
    pub fn term(&self) -> &'static str {
        if self.state == StepState::Done && self.has_warnings() {
            "status.state.done-review"
        } else {
            self.state.term()
        }
    }
}

/// The checklist of one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The form, as reports name it.
    pub path: String,
    /// The tenant id the form gives, if it gives one.
    pub tenant_id: Option<String>,
    /// What it is ready for, if anything.
    pub ready_for: Option<ReadyFor>,
    /// The eight steps of the guide, in order.
    pub steps: Vec<Step>,
    /// Whether the form names stage `production` (else it is for test operation).
    pub production: bool,
    /// `logo.file` as written, relative to the form's folder.
    pub logo_file: Option<String>,
}

impl Status {
    /// The catalog id of the readiness line: ready with warnings says they need a look.
    pub fn ready_term(&self) -> &'static str {
        let warned = self.steps.iter().any(Step::has_warnings);
        match (self.ready_for, warned) {
            (Some(ReadyFor::Production), false) => "status.ready.production",
            (Some(ReadyFor::Production), true) => "status.ready.production-review",
            (Some(ReadyFor::Test), false) => "status.ready.test",
            (Some(ReadyFor::Test), true) => "status.ready.test-review",
            (None, _) => "status.ready.none",
        }
    }

    /// Whether the form is ready for the stage it names (a production form that is ready
    /// for test operation only is not).
    pub fn ready_for_its_stage(&self) -> bool {
        let stage = if self.production {
            ReadyFor::Production
        } else {
            ReadyFor::Test
        };
        self.ready_for == Some(stage)
    }

    /// The closing line: ready for its stage, what to send (the form and its logo) and to
    /// whom, as the guide says (step 7: to the contact person for the online service);
    /// otherwise the steps to fix first (none when no step is missing, which a form that is
    /// not ready always has).
    pub fn next(&self) -> Option<Text> {
        if self.ready_for_its_stage() {
            let logo = self.logo_file.as_deref().map(|file| {
                let folder = std::path::Path::new(&self.path)
                    .parent()
                    .unwrap_or(std::path::Path::new(""));
                folder.join(file).display().to_string()
            });
            let text = match logo {
                Some(logo) => Text::new("status.next.send").arg("logo", logo),
                None => Text::new("status.next.send-form"),
            };
            return Some(
                text.arg("form", &self.path)
                    .term("recipient", "status.recipient"),
            );
        }
        let missing: Vec<String> = self
            .steps
            .iter()
            .filter(|s| s.state == StepState::Missing)
            .map(|s| s.number.to_string())
            .collect();
        let text = match missing.as_slice() {
            [] => return None,
            [step] => Text::new("status.next.fix.one").arg("step", step),
            // The list in the reader's language when shown ("2, 3 und 6").
            [rest @ .., last] => Text::new("status.next.fix.other").nested(
                "steps",
                Text::new("list.and")
                    .arg("rest", rest.join(", "))
                    .arg("last", last),
            ),
        };
        Some(text.term("recipient", "status.recipient"))
    }
}

/// Errors that only production operation has (a test-stage form never shows them).
fn production_only(code: Code) -> bool {
    matches!(code, Code::AgreementMissing | Code::PvogEntryMissing)
}

/// Whether the form could be read and parsed at all: no finding is about the file as a
/// whole (too large, not UTF-8, not TOML, not read at all).
fn readable(report: &FormReport) -> bool {
    !report
        .diagnostics
        .iter()
        .any(|d| d.code.info().about_file())
}

/// The checklist of a validated form. `links_checked`: the privacy-policy link was checked
/// online in this run (else step 6 says that only its form was checked).
pub fn status(report: &FormReport, links_checked: bool) -> Status {
    let errors = report.count(Severity::Error);
    let blocking_test = report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && !production_only(d.code));
    let production = report.facts.stage.as_deref() == Some("production");
    let ready_for = if !readable(report) || blocking_test {
        None
    } else if production && errors == 0 {
        Some(ReadyFor::Production)
    } else {
        Some(ReadyFor::Test)
    };
    let mut steps: Vec<Step> = (1..=STEPS)
        .map(|number| step(report, number, links_checked, production))
        .collect();
    finish_form_step(&mut steps, report, ready_for);
    Status {
        path: report.path.clone(),
        tenant_id: report.tenant_id().map(str::to_owned),
        ready_for,
        steps,
        production,
        logo_file: report.facts.logo_file.clone(),
    }
}

/// One step as its own findings and the form's values make it; `production`: the form
/// names stage `production`, for which steps 2 and 3 must be done (else they can wait).
fn step(report: &FormReport, number: u8, links_checked: bool, production: bool) -> Step {
    if number == 8 {
        return Step {
            number,
            state: StepState::NotYetDue,
            details: vec![Text::new("status.ddatabox")],
            findings: Vec::new(),
        };
    }
    if !readable(report) {
        return Step {
            number,
            state: StepState::Missing,
            details: vec![Text::new("status.unreadable")],
            findings: report.diagnostics.clone(),
        };
    }
    let mine: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.steps().contains(number))
        .collect();
    let findings: Vec<Diagnostic> = mine.iter().map(|d| (*d).clone()).collect();
    let errors: Vec<Text> = mine
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.text.clone())
        .collect();
    let warnings: Vec<Text> = mine
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.text.clone())
        .collect();
    if !errors.is_empty() {
        return Step {
            number,
            state: StepState::Missing,
            details: capped(errors),
            findings,
        };
    }
    let facts = &report.facts;
    let open = if production {
        StepState::Missing
    } else {
        StepState::ForProduction
    };
    let (state, mut details) = match number {
        1 => (StepState::Done, vec![contacts_text(report)]),
        2 => match &facts.agreement_on {
            Some(date) => (
                StepState::Done,
                vec![Text::new("status.agreement-on").arg("date", date)],
            ),
            None => (open, vec![Text::new("status.agreement-absent")]),
        },
        3 => match facts.pvog_entry {
            Some(true) => (
                StepState::Done,
                vec![
                    Text::new("status.pvog-entered")
                        .arg("leika", facts.leika_id.clone().unwrap_or_default()),
                ],
            ),
            _ => (open, vec![Text::new("status.pvog-absent")]),
        },
        4 => (
            StepState::Done,
            vec![Text::new("status.mailbox").arg(
                "address",
                facts.mailbox_applications.clone().unwrap_or_default(),
            )],
        ),
        5 => (
            StepState::Done,
            vec![Text::new("status.mailbox").arg(
                "address",
                facts.mailbox_contact_form.clone().unwrap_or_default(),
            )],
        ),
        6 => {
            let url = facts.privacy_url_text.clone().unwrap_or_default();
            let id = if links_checked {
                "status.privacy-live"
            } else {
                "status.privacy-unchecked"
            };
            (StepState::Done, vec![Text::new(id).arg("url", url)])
        }
        _ => (StepState::Done, Vec::new()),
    };
    details.extend(warnings);
    Step {
        number,
        state,
        details: capped(details),
        findings,
    }
}

/// Step 7 says the form is complete when it has no error at all for the stage it names;
/// the other steps' errors are theirs to show (and the closing line's to sum up).
fn finish_form_step(steps: &mut [Step], report: &FormReport, ready_for: Option<ReadyFor>) {
    if !readable(report) {
        return;
    }
    let switch = ready_for == Some(ReadyFor::Test)
        && steps[1].state == StepState::Done
        && steps[2].state == StepState::Done;
    let step = &mut steps[6];
    if report.count(Severity::Error) == 0 {
        let areas = report.areas_text(3);
        step.details
            .insert(0, Text::new("status.form-complete").arg("areas", areas));
        if switch {
            step.details.push(Text::new("status.ready-to-switch"));
        }
    }
}

fn contacts_text(report: &FormReport) -> Text {
    let names = |technical: bool| {
        report
            .facts
            .contacts
            .iter()
            .filter(|c| c.technical == technical)
            .filter_map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Text::new("status.contacts")
        .arg("professional", names(false))
        .arg("technical", names(true))
}

/// At most [`MAX_DETAILS`] details and a count of the rest.
fn capped(mut details: Vec<Text>) -> Vec<Text> {
    if details.len() > MAX_DETAILS {
        let rest = details.len() - MAX_DETAILS;
        details.truncate(MAX_DETAILS);
        details.push(Text::new("status.more").arg("count", rest.to_string()));
    }
    details
}
