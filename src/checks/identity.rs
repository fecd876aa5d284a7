//! `schema_version` and `tenant_id`.

use crate::checks::mailboxes::fold_umlauts;
use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::FormView;

pub fn check(view: &FormView<'_>, sink: &mut Sink<'_>) {
    if let Some(v) = &view.schema_version
        && v.value != 1
    {
        let text = Text::new("unsupported-schema-version").arg("found", v.value.to_string());
        sink.report(
            Code::UnsupportedSchemaVersion,
            Some(fields::SCHEMA_VERSION.path),
            v.span.clone(),
            text,
        );
    }
    if let Some(id) = &view.tenant_id
        && !is_tenant_id(id.value)
    {
        // The example is made from what was written ("Jugendamt Testamt" → `jugendamt-testamt`)
        // where that gives one: the concrete fix, not just the rule.
        let example =
            suggested_tenant_id(id.value).unwrap_or_else(|| "musterstadt-jugendamt".to_owned());
        let text = Text::new("tenant-id-invalid")
            .arg("found", id.value)
            .arg("example", example);
        sink.report(
            Code::TenantIdInvalid,
            Some(fields::TENANT_ID.path),
            id.span.clone(),
            text,
        );
    }
}

/// `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`, 2–63 characters: safe as a folder and host name.
/// The one tenant-id rule: the check, the interview and the bundle's `TenantId` use it.
pub fn is_tenant_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (2..=63).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && !id.ends_with('-')
        && !id.contains("--")
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// The most characters of a tenant id.
const TENANT_ID_MAX_LEN: usize = 63;

/// A tenant id made from the office's name, for the interview to offer: "Jugendamt
/// Musterhausen" → `jugendamt-musterhausen` (umlauts spelt out, every other character a
/// hyphen, cut to the allowed length). `None` when the name leaves too little for an id;
/// what it returns always passes `is_tenant_id` (the `tenant-id-invalid` check).
pub fn suggested_tenant_id(name: &str) -> Option<String> {
    let mut id = String::new();
    for c in fold_umlauts(name).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    // An id starts with a letter: digits before the first letter go.
    let id = id.trim_start_matches(|c: char| !c.is_ascii_lowercase());
    let mut id = &id[..id.len().min(TENANT_ID_MAX_LEN)];
    id = id.trim_end_matches('-');
    is_tenant_id(id).then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{is_tenant_id, suggested_tenant_id};

    #[test]
    fn a_tenant_id_is_suggested_from_the_office_name() {
        let suggest = |name: &str| suggested_tenant_id(name);
        assert_eq!(
            suggest("Jugendamt Musterhausen").as_deref(),
            Some("jugendamt-musterhausen")
        );
        assert_eq!(
            suggest("Jugendamt der Stadt Lüdenscheid").as_deref(),
            Some("jugendamt-der-stadt-luedenscheid")
        );
        assert_eq!(
            suggest("  Kreis Groß-Gerau (Fachdienst Jugend) ").as_deref(),
            Some("kreis-gross-gerau-fachdienst-jugend")
        );
        assert_eq!(
            suggest("ÖFFENTLICHE Straße 5").as_deref(),
            Some("oeffentliche-strasse-5")
        );
        assert_eq!(suggest("1. Bezirksamt").as_deref(), Some("bezirksamt"));
        assert_eq!(suggest("Ä").as_deref(), Some("ae"));
        // Near misses: too little left for an id.
        for none in ["", "x", "123", "---", "é"] {
            assert_eq!(suggest(none), None, "{none}");
        }
        // Cut to the allowed length, never ending on a hyphen.
        let long = format!("{} amt", "a".repeat(62));
        let cut = suggest(&long).unwrap();
        assert_eq!(cut, "a".repeat(62));
        let long = format!("Jugendamt {}", "Musterhausen ".repeat(10));
        let cut = suggest(&long).unwrap();
        assert!(cut.len() <= 63 && is_tenant_id(&cut), "{cut}");
    }

    #[test]
    fn tenant_ids_follow_the_pattern() {
        for ok in ["musterstadt", "ab", "kreis-x-2", "a1"] {
            assert!(is_tenant_id(ok), "{ok}");
        }
        let long = "a".repeat(64);
        for bad in [
            "",
            "a",
            "1abc",
            "Abc",
            "a--b",
            "a-",
            "-a",
            "a_b",
            "ä",
            "a/b",
            "..",
            "a.b",
            long.as_str(),
        ] {
            assert!(!is_tenant_id(bad), "{bad}");
        }
    }
}
