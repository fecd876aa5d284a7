//! `schema_version` and `tenant_id`.

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
        let text = Text::new("tenant-id-invalid").arg("found", id.value);
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

#[cfg(test)]
mod tests {
    use super::is_tenant_id;

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
