//! Finding areas by what a clerk types: a name or part of one ("osterh", "Muenster"), or a
//! key ("03356", "03 356"). Used by the web form's suggestions (`GET /api/areas`) and
//! meant for every front end that lets a clerk pick an area.

use super::laender::{land_of_prefix, land_prefix};
use super::{Area, AreaDirectory};
use crate::limits::MAX_AREA_QUERY_CHARS;

/// The key of a Land, given as its code (`NI`, `ni`: the codes of `authority.state`) or as
/// its key (`03`).
pub fn land_key(land: &str) -> Option<&'static str> {
    let land = land.trim();
    land_prefix(&land.to_ascii_uppercase())
        .or_else(|| land_of_prefix(land).and_then(|(code, _)| land_prefix(code)))
}

/// How well a name matches, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    Whole,
    Prefix,
    WordPrefix,
    Infix,
}

impl AreaDirectory {
    /// At most `limit` areas whose name or key matches `query`, best first; only those of
    /// the Land with key `land` (see [`land_key`]) when one is given.
    ///
    /// A query of digits (spaces allowed: "03 356") is a key: the area with that key, then
    /// those under it. Otherwise names are compared without regard to case, umlauts
    /// (`ü`, `ue` and `u` are the same), other accents and punctuation: whole names first,
    /// then names that start with the query, then names with a word that does, then names
    /// that hold it; among equals the higher level (a Kreis before its Gemeinden), then the
    /// shorter name.
    pub fn search(&self, query: &str, land: Option<&str>, limit: usize) -> Vec<&Area> {
        let query = query.trim();
        if query.is_empty() || query.chars().count() > MAX_AREA_QUERY_CHARS {
            return Vec::new();
        }
        let in_land = |area: &Area| land.is_none_or(|key| area.ars.starts_with(key));
        if let Some(key) = super::typed_key(query) {
            return self
                .areas()
                .iter()
                .filter(|a| a.ars.starts_with(&*key) && in_land(a))
                .take(limit)
                .collect();
        }
        let wanted = fold(query);
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(Match, &Area)> = self
            .areas()
            .iter()
            .zip(self.folded_names())
            .filter(|(area, _)| in_land(area))
            .filter_map(|(area, name)| Some((matches(name, &wanted)?, area)))
            .collect();
        found.sort_by_key(|(how, area)| (*how, area.level, area.name.len(), &area.ars));
        found
            .into_iter()
            .take(limit)
            .map(|(_, area)| area)
            .collect()
    }

    /// Every area's name as [`fold`] gives it, in the order of [`areas`](Self::areas).
    fn folded_names(&self) -> &[Box<str>] {
        self.folded
            .get_or_init(|| self.areas().iter().map(|a| fold(&a.name).into()).collect())
    }
}

fn matches(name: &str, wanted: &str) -> Option<Match> {
    if name == wanted {
        Some(Match::Whole)
    } else if name.starts_with(wanted) {
        Some(Match::Prefix)
    } else if name.contains(&format!(" {wanted}")) {
        Some(Match::WordPrefix)
    } else if name.contains(wanted) {
        Some(Match::Infix)
    } else {
        None
    }
}

/// A name as it is compared: lower case, umlauts as typed without them (`ä`, `ae` → `a`;
/// `ß` → `ss`), other letters without accents (`š` → `s`), and every run of other
/// characters (spaces, `-`, `,`, `/`, `.`) one space.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'ä' => 'a',
            'ö' => 'o',
            'ü' => 'u',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ą' => 'a',
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ů' => 'u',
            'è' | 'é' | 'ê' | 'ë' | 'ě' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ç' | 'č' | 'ć' => 'c',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ñ' | 'ń' | 'ň' => 'n',
            'ł' => 'l',
            'ř' => 'r',
            'ý' => 'y',
            'ď' => 'd',
            'ť' => 't',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        // `ae`, `oe`, `ue` compare as `a`, `o`, `u`, as `ä`, `ö`, `ü` do: a clerk may type
        // either, or leave the dots off.
        if plain == 'e' && out.ends_with(['a', 'o', 'u']) {
            continue;
        }
        if plain == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(plain);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::Level;
    use crate::limits::MAX_AREA_MATCHES;

    fn names<'a>(found: &[&'a Area]) -> Vec<(&'a str, &'a str)> {
        found.iter().map(|a| (&*a.ars, &*a.name)).collect()
    }

    fn directory() -> AreaDirectory {
        AreaDirectory::from_table(
            "# edition: 2025-11-30\n\
             03\tland\tNiedersachsen\n\
             03356\tkreis\tOsterholz\n\
             033560007007\tgemeinde\tOsterholz-Scharmbeck, Stadt\n\
             033560001001\tgemeinde\tGrasberg\n\
             03459\tkreis\tOsnabrück\n\
             05515\tkreis\tMünster, Stadt\n\
             055150000000\tgemeinde\tMünster, Stadt\n\
             09\tland\tBayern\n\
             091620000000\tgemeinde\tMünchen, Landeshauptstadt\n\
             03101\tkreis\tBraunschweig, Stadt\n\
             146250020020\tgemeinde\tBautzen / Budyšin, Stadt\n",
        )
        .unwrap()
    }

    #[test]
    fn whole_names_then_prefixes_then_words_then_infixes() {
        let dir = directory();
        let found = dir.search("osterholz", None, 20);
        assert_eq!(
            names(&found),
            [
                ("03356", "Osterholz"),
                ("033560007007", "Osterholz-Scharmbeck, Stadt")
            ]
        );
        // "stadt" starts a word in three names; the Kreis comes before the Gemeinde.
        let found = dir.search("stadt", None, 20);
        assert_eq!(found[0].level, Level::Kreis);
        assert_eq!(found.len(), 6, "{:?}", names(&found));
        assert_eq!(&*found.last().unwrap().name, "München, Landeshauptstadt");
        assert_eq!(
            names(&dir.search("scharmbeck", None, 20))[0].0,
            "033560007007"
        );
    }

    #[test]
    fn case_umlauts_accents_and_punctuation_do_not_matter() {
        let dir = directory();
        for query in [
            "Münster",
            "MUENSTER",
            "munster",
            "münster stadt",
            "Münster,Stadt",
        ] {
            let found = dir.search(query, None, 20);
            assert_eq!(found.len(), 2, "{query}: {:?}", names(&found));
            assert_eq!(&*found[0].ars, "05515", "{query}");
        }
        assert_eq!(names(&dir.search("osnabrueck", None, 20))[0].0, "03459");
        assert_eq!(names(&dir.search("budysin", None, 20))[0].0, "146250020020");
        assert_eq!(names(&dir.search("BRAUNSCHWEIG", None, 20))[0].0, "03101");
        assert!(dir.search("  ", None, 20).is_empty());
        assert!(dir.search("--", None, 20).is_empty());
        assert!(dir.search("Hamburg", None, 20).is_empty());
    }

    #[test]
    fn a_key_lists_its_area_then_those_under_it() {
        let dir = directory();
        for query in ["03356", "03 356", " 033 56 "] {
            assert_eq!(
                names(&dir.search(query, None, 20)),
                [
                    ("03356", "Osterholz"),
                    ("033560001001", "Grasberg"),
                    ("033560007007", "Osterholz-Scharmbeck, Stadt"),
                ],
                "{query}"
            );
        }
        assert_eq!(dir.search("0", None, 20).len(), 10);
        assert!(dir.search("99", None, 20).is_empty());
    }

    #[test]
    fn a_land_narrows_the_search() {
        let dir = directory();
        assert_eq!(land_key("NI"), Some("03"));
        assert_eq!(land_key("by"), Some("09"));
        assert_eq!(land_key("03"), Some("03"));
        assert_eq!(land_key("XX"), None);
        let bavarian = dir.search("mün", land_key("BY"), 20);
        assert_eq!(
            names(&bavarian),
            [("091620000000", "München, Landeshauptstadt")]
        );
        assert!(dir.search("03356", Some("09"), 20).is_empty());
    }

    #[test]
    fn the_builtin_directory_finds_osterholz_first_within_the_limit() {
        let dir = AreaDirectory::builtin();
        let found = dir.search("Osterholz", Some("03"), MAX_AREA_MATCHES);
        assert_eq!((&*found[0].ars, found[0].level), ("03356", Level::Kreis));
        // "Stadt" is in thousands of names: the limit holds.
        assert_eq!(
            dir.search("stadt", None, MAX_AREA_MATCHES).len(),
            MAX_AREA_MATCHES
        );
        let long = "a".repeat(MAX_AREA_QUERY_CHARS + 1);
        assert!(dir.search(&long, None, MAX_AREA_MATCHES).is_empty());
    }
}
