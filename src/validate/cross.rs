//! Checks across all forms of one run: a tenant id used twice, and two forms claiming the
//! same area for the same service. Both findings go on every form involved, each naming
//! the other places.

use std::collections::BTreeMap;

use super::FormReport;
use crate::fields;
use crate::finding::diagnostic::{Diagnostic, Related, Text};
use crate::finding::registry::Code;
use crate::finding::source::Span;

/// A place in one of the run's forms: (form index, span).
type Place = (usize, Span);

pub fn check(reports: &mut [FormReport]) {
    let mut tenants: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    let mut claims: BTreeMap<(&str, &str), Vec<Place>> = BTreeMap::new();
    for (i, report) in reports.iter().enumerate() {
        if let Some(t) = &report.facts.tenant_id {
            tenants
                .entry(t.value.as_str())
                .or_default()
                .push((i, t.span.clone()));
        }
        let Some(service) = report.facts.service_id.as_deref() else {
            continue;
        };
        let mut seen = Vec::new();
        for key in &report.facts.regional_keys {
            // A key twice in one form is that form's own warning, not an overlap.
            if !seen.contains(&key.value.as_str()) {
                seen.push(key.value.as_str());
                claims
                    .entry((service, key.value.as_str()))
                    .or_default()
                    .push((i, key.span.clone()));
            }
        }
    }
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    for (tenant, places) in tenants.iter().filter(|(_, p)| p.len() > 1) {
        let text = Text::new("duplicate-tenant-id").arg("tenant", *tenant);
        found.extend(conflicts(
            reports,
            places,
            Code::DuplicateTenantId,
            fields::TENANT_ID.path,
            &text,
        ));
    }
    for ((service, ars), places) in claims.iter().filter(|(_, p)| p.len() > 1) {
        let text = Text::new("jurisdiction-overlap")
            .arg("key", *ars)
            .arg("service", *service);
        let field = fields::REGIONAL_KEYS.path;
        found.extend(conflicts(
            reports,
            places,
            Code::JurisdictionOverlap,
            field,
            &text,
        ));
    }
    for (i, diagnostic) in found {
        reports[i].diagnostics.push(diagnostic);
    }
}

/// One finding per place, each related to all the other places.
fn conflicts(
    reports: &[FormReport],
    places: &[Place],
    code: Code,
    field: &str,
    text: &Text,
) -> Vec<(usize, Diagnostic)> {
    let position = |(i, span): &Place| {
        reports[*i]
            .source
            .as_ref()
            .map_or((1, 1), |s| s.position(span.start))
    };
    places
        .iter()
        .map(|place| {
            let related = places
                .iter()
                .filter(|other| other.0 != place.0)
                .map(|other| {
                    let (line, column) = position(other);
                    let path = reports[other.0].path.clone();
                    Related {
                        label: Text::new("related.other-form")
                            .arg("path", &path)
                            .arg("line", line.to_string()),
                        path,
                        span: other.1.clone(),
                        line,
                        column,
                    }
                })
                .collect::<Vec<_>>();
            let others: Vec<String> = related
                .iter()
                .map(|r| format!("{}:{}", r.path, r.line))
                .collect();
            let field = field_of(reports, place, field);
            let diagnostic = Diagnostic::new(
                code,
                Some(&field),
                place.1.clone(),
                position(place),
                text.clone().arg("others", others.join(", ")),
            )
            .with_related(related);
            (place.0, diagnostic)
        })
        .collect()
}

/// The exact field path: for a regional key, with its index in the form's array.
fn field_of(reports: &[FormReport], (i, span): &Place, field: &str) -> String {
    if field != fields::REGIONAL_KEYS.path {
        return field.to_owned();
    }
    reports[*i]
        .facts
        .regional_keys
        .iter()
        .find(|k| k.span == *span)
        .map_or_else(|| field.to_owned(), |k| format!("{field}[{}]", k.index))
}
