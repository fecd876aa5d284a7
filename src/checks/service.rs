//! `service.id` against the catalog, and the LeiKa-ID (guide step 3).

use crate::catalog::Catalog;
use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::FormView;
use crate::form::structure::closest;

pub fn check(view: &FormView<'_>, catalog: &Catalog, sink: &mut Sink<'_>) {
    let service = view.service_id.as_ref().and_then(|id| {
        let found = catalog.get(id.value);
        if found.is_none() {
            let known: Vec<&str> = catalog.services().iter().map(|s| s.id.as_str()).collect();
            let text = match closest(id.value, known.iter().copied()) {
                Some(close) => Text::new("unknown-service.suggest").arg("suggestion", close),
                None => Text::new("unknown-service").arg("known", known.join(", ")),
            }
            .arg("found", id.value);
            sink.report(
                Code::UnknownService,
                Some(fields::SERVICE_ID.path),
                id.span.clone(),
                text,
            );
        }
        found
    });
    let Some(leika) = &view.leika_id else { return };
    if !is_leika_id(leika.value) {
        let mut text = Text::new("leika-id-malformed").arg("found", leika.value);
        if let Some(s) = service {
            text = Text::new("leika-id-malformed.expected")
                .arg("found", leika.value)
                .arg("expected", &s.leika_id)
                .arg("service", &s.name);
        }
        sink.report(
            Code::LeikaIdMalformed,
            Some(fields::LEIKA_ID.path),
            leika.span.clone(),
            text,
        );
    } else if let Some(s) = service
        && s.leika_id != leika.value
    {
        let text = Text::new("leika-id-mismatch")
            .arg("found", leika.value)
            .arg("expected", &s.leika_id)
            .arg("service", &s.name)
            .arg("id", &s.id);
        sink.report(
            Code::LeikaIdMismatch,
            Some(fields::LEIKA_ID.path),
            leika.span.clone(),
            text,
        );
    }
}

/// `99` and 12 more ASCII digits.
pub fn is_leika_id(s: &str) -> bool {
    s.len() == 14 && s.starts_with("99") && s.bytes().all(|b| b.is_ascii_digit())
}
