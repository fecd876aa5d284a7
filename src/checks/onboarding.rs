//! Stage of operation, the FIT-Store agreement with the Land (step 2) and the PVOG entry
//! (step 3).

use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::FormView;

/// The day of the agreement, when the form gives a date (a real day of the calendar).
pub fn agreement_day(view: &FormView<'_>) -> Option<jiff::civil::Date> {
    let d = view.state_agreement_on.as_ref()?.value.date?;
    jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
}

pub fn check(view: &FormView<'_>, today: jiff::civil::Date, sink: &mut Sink<'_>) {
    let production = match &view.stage {
        Some(stage) if stage.value == "production" => Some(stage.span.clone()),
        Some(stage) if stage.value == "test" => None,
        Some(stage) => {
            let text = Text::new("stage-invalid").arg("found", stage.value);
            sink.report(
                Code::StageInvalid,
                Some(fields::STAGE.path),
                stage.span.clone(),
                text,
            );
            None
        }
        None => None,
    };
    if let Some(date) = &view.state_agreement_on
        && let Some(civil) = agreement_day(view)
        && civil > today
    {
        let text = Text::new("agreement-in-future")
            .date("date", civil)
            .date("today", today);
        sink.report(
            Code::AgreementInFuture,
            Some(fields::STATE_AGREEMENT_ON.path),
            date.span.clone(),
            text,
        );
    }
    let Some(stage_span) = production else { return };
    if !view.state_agreement_on_given {
        let text = Text::new("agreement-missing");
        sink.report(
            Code::AgreementMissing,
            Some(fields::STATE_AGREEMENT_ON.path),
            stage_span.clone(),
            text,
        );
    }
    match &view.pvog_entry {
        Some(p) if p.value => {}
        Some(p) => {
            sink.report(
                Code::PvogEntryMissing,
                Some(fields::PVOG_ENTRY.path),
                p.span.clone(),
                Text::new("pvog-entry-missing"),
            );
        }
        None if !view.pvog_entry_given => {
            sink.report(
                Code::PvogEntryMissing,
                Some(fields::PVOG_ENTRY.path),
                stage_span,
                Text::new("pvog-entry-missing"),
            );
        }
        None => {}
    }
}
