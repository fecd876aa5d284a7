//! A finding as a clerk meets it, in the questions of `init --interactive` or on the web
//! page: a field by its label ("Postleitzahl (PLZ)"), never by its key
//! (`authority.postal_code`), which she never saw. The catalog holds the few texts whose
//! words name keys (`tenant_id`, `stage = "test"`) once more, in her words: `clerk.*`.

use super::{Lang, ui};
use crate::fields;
use crate::finding::diagnostic::Text;

/// Findings whose words name the form's keys, and their entry in a clerk's words (the same
/// placeholders).
const IN_HER_WORDS: [(&str, &str); 7] = [
    ("tenant-id-invalid", "clerk.tenant-id-invalid"),
    ("stage-invalid", "clerk.stage-invalid"),
    (
        "regional-key-state-mismatch",
        "clerk.regional-key-state-mismatch",
    ),
    (
        "text-control-character.layout",
        "clerk.text-control-character-layout",
    ),
    // What `status` says of a step, on the web page's done page.
    ("status.agreement-absent", "clerk.agreement-absent"),
    ("status.pvog-absent", "clerk.pvog-absent"),
    ("status.ready-to-switch", "clerk.ready-to-switch"),
];

/// `text` in a clerk's words: an empty value asks for its label ("Bitte geben Sie „Ort“
/// an"), a text naming keys is replaced by its `clerk.*` twin, and a `{path}` that names a
/// field of the form becomes the field's label in `lang`.
pub fn in_her_words(lang: Lang, text: &Text) -> Text {
    let field = text
        .args
        .iter()
        .find(|(name, _)| *name == "path")
        .and_then(|(_, path)| fields::find(path));
    if let Some(field) = field
        && matches!(text.id, "empty-value" | "empty-value.array")
    {
        return Text::new("web.form.empty").term("label", field.text);
    }
    let mut said = text.clone();
    if let Some((_, own)) = IN_HER_WORDS.iter().find(|(id, _)| *id == text.id) {
        said.id = own;
    }
    if let Some(field) = field {
        let label = ui(lang, field.text);
        for (name, value) in &mut said.args {
            if *name == "path" {
                *value = label.clone();
            }
        }
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{catalog, message};

    #[test]
    fn a_field_is_named_by_its_label() {
        let text = Text::new("invalid-type.quoted")
            .arg("path", "onboarding.pvog_entry")
            .term("expected", "term.type.boolean");
        let said = message(Lang::De, &in_her_words(Lang::De, &text));
        assert!(!said.contains("onboarding.pvog_entry"), "{said}");
        assert!(
            said.contains(&ui(Lang::De, fields::PVOG_ENTRY.text)),
            "{said}"
        );
    }

    #[test]
    fn an_empty_value_asks_for_its_label() {
        let text = Text::new("empty-value").arg("path", "authority.city");
        let said = message(Lang::En, &in_her_words(Lang::En, &text));
        assert!(said.contains(&ui(Lang::En, fields::CITY.text)), "{said}");
    }

    #[test]
    fn her_words_name_no_key() {
        let keys: Vec<&str> = fields::FIELDS
            .iter()
            .flat_map(|f| [f.path, f.key()])
            .filter(|k| k.contains('.') || k.contains('_'))
            .collect();
        for lang in Lang::ALL {
            for (finding, own) in IN_HER_WORDS {
                assert!(catalog(lang).contains(finding), "{lang:?}: {finding}");
                let entry = catalog(lang).get(own).expect(own);
                let words = format!("{} {}", entry.message, entry.help.unwrap_or_default());
                for key in &keys {
                    assert!(!words.contains(key), "{lang:?}: {own} names `{key}`");
                }
            }
        }
    }
}
