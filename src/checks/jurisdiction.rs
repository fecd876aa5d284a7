//! The area of responsibility (Zuständigkeitsbereich, guide step 7): each Amtlicher
//! Regionalschlüssel must be well-formed, lie in the office's Land and exist in GV100AD;
//! a whole Land or Regierungsbezirk is warned about.

use std::collections::HashMap;

use super::authority::{land_of_prefix, land_prefix};
use crate::areas::{AreaDirectory, Level};
use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::{FormView, Item};

pub fn check(view: &FormView<'_>, areas: &AreaDirectory, sink: &mut Sink<'_>) {
    let state_prefix = view.state.as_ref().and_then(|s| land_prefix(s.value));
    let mut first_seen: HashMap<&str, &Item<&str>> = HashMap::new();
    for key in &view.regional_keys {
        // Named only for a finding: most keys have none.
        let field = || format!("{}[{}]", fields::REGIONAL_KEYS.path, key.index);
        let ars = key.value;
        if let Some(first) = first_seen.get(ars) {
            let related = sink.related(
                first.span.clone(),
                Text::new("regional-key-duplicate.first").arg("index", first.index.to_string()),
            );
            let text = Text::new("regional-key-duplicate").arg("key", key_label(areas, ars));
            sink.report(
                Code::RegionalKeyDuplicate,
                Some(&field()),
                key.span.clone(),
                text,
            )
            .related
            .push(related);
            continue;
        }
        first_seen.insert(ars, key);
        if let Err(reason) = well_formed(ars) {
            let text = Text::new(reason).arg("key", ars);
            sink.report(
                Code::RegionalKeyMalformed,
                Some(&field()),
                key.span.clone(),
                text,
            );
            continue;
        }
        let prefix = &ars[..2];
        if let (Some(expected), Some(state)) = (state_prefix, &view.state)
            && expected != prefix
        {
            let (key_land, key_land_name) = land_of_prefix(prefix).unwrap_or(("?", "?"));
            let text = Text::new("regional-key-state-mismatch")
                .arg("key", key_label(areas, ars))
                .arg("key_land", key_land)
                .arg("key_land_name", key_land_name)
                .arg("state", state.value)
                .arg("prefix", expected);
            sink.report(
                Code::RegionalKeyStateMismatch,
                Some(&field()),
                key.span.clone(),
                text,
            );
            continue;
        }
        let level = Level::from_key_len(ars.len());
        if areas.lookup(ars).is_none() {
            let level = level.map_or("term.level.area", Level::term);
            let text = Text::new("regional-key-unknown")
                .arg("key", ars)
                .term("level", level)
                .iso_date("edition", areas.edition());
            sink.report(
                Code::RegionalKeyUnknown,
                Some(&field()),
                key.span.clone(),
                text,
            );
        } else if let Some(level) = level.filter(|l| l.is_too_broad_for_an_office()) {
            let text = Text::new("regional-key-too-broad")
                .arg("key", key_label(areas, ars))
                .term("level", level.term());
            sink.report(
                Code::RegionalKeyTooBroad,
                Some(&field()),
                key.span.clone(),
                text,
            );
        }
    }
}

/// A key as reports show it: `040110000000 (Bremen, Stadt)`, or the bare key when unknown.
pub fn key_label(areas: &AreaDirectory, ars: &str) -> String {
    match areas.lookup(ars) {
        Some(area) => format!("{ars} ({})", area.name),
        None => ars.to_owned(),
    }
}

/// Digits only, of a length that names a level, with a Land prefix 01–16. The error is the
/// message id saying what is wrong.
pub fn well_formed(ars: &str) -> Result<(), &'static str> {
    if !ars.bytes().all(|b| b.is_ascii_digit()) {
        return Err("regional-key-malformed.digits");
    }
    if Level::from_key_len(ars.len()).is_none() {
        return Err("regional-key-malformed.length");
    }
    if land_of_prefix(&ars[..2]).is_none() {
        return Err("regional-key-malformed.land");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::well_formed;
    use crate::areas::Level;
    use crate::finding::diagnostic::Text;
    use crate::messages::{self, Lang};

    /// The numbers a text names, sorted.
    fn numbers(text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn the_template_and_the_help_name_the_lengths_of_the_levels() {
        let lengths: Vec<usize> = Level::ALL.iter().map(|l| l.key_len()).collect();
        for lang in [Lang::En, Lang::De] {
            let field = messages::ui_help(lang, "field.jurisdiction.regional_keys").unwrap();
            let malformed =
                messages::help(lang, &Text::new("regional-key-malformed.length")).unwrap();
            assert_eq!(numbers(&field), lengths, "{lang:?}: {field}");
            assert_eq!(numbers(&malformed), lengths, "{lang:?}: {malformed}");
        }
    }

    #[test]
    fn an_unknown_key_does_not_send_the_clerk_to_the_command_line() {
        for lang in [Lang::En, Lang::De] {
            let text = Text::new("regional-key-unknown")
                .arg("key", "049990000000")
                .term("level", "term.level.gemeinde")
                .arg("edition", "2025-11-30");
            let help = messages::help(lang, &text).unwrap();
            assert!(!help.contains("--regional-keys"), "{lang:?}: {help}");
        }
    }

    #[test]
    fn keys_must_have_digits_a_level_length_and_a_land() {
        assert!(well_formed("040110000000").is_ok());
        assert!(well_formed("04").is_ok());
        assert_eq!(
            well_formed("0401100000"),
            Err("regional-key-malformed.length")
        );
        assert_eq!(
            well_formed("04011 000000"),
            Err("regional-key-malformed.digits")
        );
        assert_eq!(
            well_formed("170110000000"),
            Err("regional-key-malformed.land")
        );
        assert_eq!(well_formed("00"), Err("regional-key-malformed.land"));
    }
}
