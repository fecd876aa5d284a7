//! The onboarding checklist of one form: the eight steps of the guide (Anbindungsleitfaden),
//! each done, missing or not yet due, and whether the form is ready for test or production
//! operation — computed from the validation result, never by reading the form again.
//!
//! Each finding belongs to the step of the field it concerns (`contacts.*` to step 1,
//! `mailboxes.contact_form` to step 5, …); what belongs to no other step belongs to step 7,
//! "Bestellzettel ausfüllen".

use serde::Serialize;

use crate::checks::registry::{Code, Severity};
use crate::diagnostic::{Diagnostic, Text};
use crate::report::table::areas_text;
use crate::validate::FormReport;

/// The steps of the guide.
pub const STEPS: u8 = 8;
/// Details shown per step at most; more only repeat what `validate` shows in full.
const MAX_DETAILS: usize = 3;

/// How far a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    Done,
    Missing,
    /// Comes after the connection (step 8, dDatabox access).
    NotYetDue,
}

impl StepState {
    /// The catalog id of the state's name.
    pub fn term(self) -> &'static str {
        match self {
            StepState::Done => "status.state.done",
            StepState::Missing => "status.state.missing",
            StepState::NotYetDue => "status.state.not-yet-due",
        }
    }
}

/// The operation a form is ready for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadyFor {
    Test,
    Production,
}

/// One step of the guide for one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// 1 to 8, as numbered in the guide.
    pub number: u8,
    pub state: StepState,
    /// What is done or missing, as catalog texts (joined with "; " when shown).
    pub details: Vec<Text>,
}

/// The checklist of one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub path: String,
    pub tenant_id: Option<String>,
    pub ready_for: Option<ReadyFor>,
    pub steps: Vec<Step>,
}

/// The catalog id of a step's title (the guide's own heading in German).
pub fn step_title(number: u8) -> &'static str {
    match number {
        1 => "guide.step-1",
        2 => "guide.step-2",
        3 => "guide.step-3",
        4 => "guide.step-4",
        5 => "guide.step-5",
        6 => "guide.step-6",
        7 => "guide.step-7",
        _ => "guide.step-8",
    }
}

/// Whether a dotted field path is `prefix` or lies inside it.
fn within(field: &str, prefix: &str) -> bool {
    field
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The steps a finding belongs to (a missing `[mailboxes]` table concerns steps 4 and 5).
fn steps_of(d: &Diagnostic) -> &'static [u8] {
    let Some(field) = d.field.as_deref() else {
        return &[7];
    };
    if within(field, "contacts") {
        &[1]
    } else if within(field, "onboarding.state_agreement_on") || within(field, "onboarding.stage") {
        &[2]
    } else if within(field, "onboarding.pvog_entry") || within(field, "service") {
        &[3]
    } else if field == "mailboxes" {
        &[4, 5]
    } else if within(field, "mailboxes.applications") {
        &[4]
    } else if within(field, "mailboxes.contact_form") {
        &[5]
    } else if within(field, "privacy_policy") {
        &[6]
    } else {
        &[7]
    }
}

/// Errors that only production operation has (a test-stage form never shows them).
fn production_only(code: Code) -> bool {
    matches!(code, Code::AgreementMissing | Code::PvogEntryMissing)
}

/// Whether the form could be read and parsed at all.
fn readable(report: &FormReport) -> bool {
    !report.diagnostics.iter().any(|d| {
        matches!(
            d.code,
            Code::FileTooLarge | Code::FileNotUtf8 | Code::FileUnreadable | Code::TomlSyntax
        )
    })
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
        .map(|number| step(report, number, links_checked))
        .collect();
    finish_form_step(&mut steps, report, ready_for);
    Status {
        path: report.path.clone(),
        tenant_id: report.tenant_id().map(str::to_owned),
        ready_for,
        steps,
    }
}

fn step(report: &FormReport, number: u8, links_checked: bool) -> Step {
    if number == 8 {
        return Step {
            number,
            state: StepState::NotYetDue,
            details: vec![Text::new("status.ddatabox")],
        };
    }
    if !readable(report) {
        return Step {
            number,
            state: StepState::Missing,
            details: vec![Text::new("status.unreadable")],
        };
    }
    let mine: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| steps_of(d).contains(&number))
        .collect();
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
        };
    }
    let facts = &report.facts;
    let (state, mut details) = match number {
        1 => (StepState::Done, vec![contacts_text(report)]),
        2 => match &facts.agreement_on {
            Some(date) => (
                StepState::Done,
                vec![Text::new("status.agreement-on").arg("date", date)],
            ),
            None => (
                StepState::Missing,
                vec![Text::new("status.agreement-absent")],
            ),
        },
        3 => match facts.pvog_entry {
            Some(true) => (
                StepState::Done,
                vec![
                    Text::new("status.pvog-entered")
                        .arg("leika", facts.leika_id.clone().unwrap_or_default()),
                ],
            ),
            _ => (StepState::Missing, vec![Text::new("status.pvog-absent")]),
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
    }
}

/// Step 7: the form is complete when it has no error at all for the stage it names; the
/// errors of other steps are named there by their numbers.
fn finish_form_step(steps: &mut [Step], report: &FormReport, ready_for: Option<ReadyFor>) {
    if !readable(report) {
        return;
    }
    let with_errors: Vec<String> = (1..7u8)
        .filter(|n| {
            report
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error && steps_of(d).contains(n))
        })
        .map(|n| n.to_string())
        .collect();
    let switch = ready_for == Some(ReadyFor::Test)
        && steps[1].state == StepState::Done
        && steps[2].state == StepState::Done;
    let step = &mut steps[6];
    if report.count(Severity::Error) == 0 {
        let areas = areas_text(report, 3);
        step.details
            .insert(0, Text::new("status.form-complete").arg("areas", areas));
        if switch {
            step.details.push(Text::new("status.ready-to-switch"));
        }
    } else {
        step.state = StepState::Missing;
        if !with_errors.is_empty() {
            step.details
                .push(Text::new("status.other-steps").arg("steps", with_errors.join(", ")));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_find_their_step() {
        let d = |field: &str| {
            Diagnostic::new(
                Code::EmptyValue,
                Some(field),
                0..0,
                (1, 1),
                Text::new("empty-value"),
            )
        };
        assert_eq!(steps_of(&d("contacts.professional[0].email")), &[1]);
        assert_eq!(steps_of(&d("contacts")), &[1]);
        assert_eq!(steps_of(&d("onboarding.state_agreement_on")), &[2]);
        assert_eq!(steps_of(&d("service.leika_id")), &[3]);
        assert_eq!(steps_of(&d("mailboxes")), &[4, 5]);
        assert_eq!(steps_of(&d("mailboxes.contact_form")), &[5]);
        assert_eq!(steps_of(&d("privacy_policy.url")), &[6]);
        assert_eq!(steps_of(&d("authority.postal_code")), &[7]);
        assert_eq!(steps_of(&d("service_x")), &[7]);
    }
}
