//! An area answered by its name instead of its key (the web form takes either): the key of
//! the area the directory calls so, or the areas a clerk may have meant.

use crate::areas::{Area, AreaDirectory};

/// Names offered when a name matches no area exactly.
const MAX_CANDIDATES: usize = 5;

/// What an answer for one area names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaAnswer {
    /// A key (digits only): taken as it is; `validate` checks it.
    Key(String),
    /// A name that names one area (or one area and the areas of the same name inside it,
    /// such as a city that is its own district): that area's key.
    Named(Area),
    /// A name that fits several unrelated areas, or none exactly: the areas it may mean,
    /// best first (empty when nothing is near).
    Unclear(Vec<Area>),
}

/// How the directory reads `text`, a key or a name (case and the official suffix after a
/// comma — `Bremen, Stadt` — need not be typed).
pub fn area_answer(areas: &AreaDirectory, text: &str) -> AreaAnswer {
    let text = text.trim();
    if let Some(key) = crate::areas::typed_key(text) {
        return AreaAnswer::Key(key);
    }
    let wanted = text.to_lowercase();
    let all = areas.areas();
    let exact: Vec<&Area> = all
        .iter()
        .filter(|a| a.name.to_lowercase() == wanted)
        .collect();
    let exact = if exact.is_empty() {
        all.iter()
            .filter(|a| short_name(&a.name).to_lowercase() == wanted)
            .collect()
    } else {
        exact
    };
    if let Some(outer) = exact.iter().min_by_key(|a| a.ars.len())
        && exact.iter().all(|a| a.ars.starts_with(&*outer.ars))
    {
        return AreaAnswer::Named((*outer).clone());
    }
    if !exact.is_empty() {
        return AreaAnswer::Unclear(exact.into_iter().take(MAX_CANDIDATES).cloned().collect());
    }
    if wanted.chars().count() < 2 {
        return AreaAnswer::Unclear(Vec::new());
    }
    let mut near: Vec<&Area> = all
        .iter()
        .filter(|a| a.name.to_lowercase().contains(&wanted))
        .collect();
    // Names that begin with the text first, then the larger areas (shorter keys).
    near.sort_by_key(|a| (!a.name.to_lowercase().starts_with(&wanted), a.ars.len()));
    AreaAnswer::Unclear(near.into_iter().take(MAX_CANDIDATES).cloned().collect())
}

/// A name without the official suffix after its comma (`Bremen, Stadt` → `Bremen`).
fn short_name(name: &str) -> &str {
    name.split_once(',').map_or(name, |(short, _)| short).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> AreaAnswer {
        area_answer(AreaDirectory::builtin(), text)
    }

    #[test]
    fn a_key_is_taken_as_it_is() {
        assert_eq!(answer(" 03356 "), AreaAnswer::Key("03356".into()));
        // Written in groups, as the Gemeindeverzeichnis prints keys: one key.
        assert_eq!(answer("03 356"), AreaAnswer::Key("03356".into()));
    }

    #[test]
    fn a_name_gives_the_key_of_its_area() {
        match answer("osterholz") {
            AreaAnswer::Named(area) => assert_eq!(&*area.ars, "03356"),
            other => panic!("{other:?}"),
        }
        // The Kreis, its Gemeindeverband and its Gemeinde share the name: the outermost.
        match answer("Bremen, Stadt") {
            AreaAnswer::Named(area) => assert_eq!(&*area.ars, "04011"),
            other => panic!("{other:?}"),
        }
        match answer("Osterholz-Scharmbeck") {
            AreaAnswer::Named(area) => assert_eq!(&*area.ars, "033560007"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unclear_name_offers_the_areas_it_may_mean() {
        match answer("Osterhol") {
            AreaAnswer::Unclear(near) => {
                assert!(near.iter().any(|a| &*a.ars == "03356"), "{near:?}");
                assert!(near.len() <= MAX_CANDIDATES);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(answer("Qxzy"), AreaAnswer::Unclear(Vec::new()));
    }
}
