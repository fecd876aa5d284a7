//! The Länder: their codes (as `authority.state` takes them), the first two digits of the
//! keys of their areas, and their names.

/// Land codes and their ARS prefixes (spec: "Land codes and their ARS prefixes").
pub const LANDER: [(&str, &str, &str); 16] = [
    ("SH", "01", "Schleswig-Holstein"),
    ("HH", "02", "Hamburg"),
    ("NI", "03", "Niedersachsen"),
    ("HB", "04", "Bremen"),
    ("NW", "05", "Nordrhein-Westfalen"),
    ("HE", "06", "Hessen"),
    ("RP", "07", "Rheinland-Pfalz"),
    ("BW", "08", "Baden-Württemberg"),
    ("BY", "09", "Bayern"),
    ("SL", "10", "Saarland"),
    ("BE", "11", "Berlin"),
    ("BB", "12", "Brandenburg"),
    ("MV", "13", "Mecklenburg-Vorpommern"),
    ("SN", "14", "Sachsen"),
    ("ST", "15", "Sachsen-Anhalt"),
    ("TH", "16", "Thüringen"),
];

/// The ARS prefix of a Land code.
pub fn land_prefix(code: &str) -> Option<&'static str> {
    LANDER
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, p, _)| *p)
}

/// The Land code and name of an ARS prefix.
pub fn land_of_prefix(prefix: &str) -> Option<(&'static str, &'static str)> {
    LANDER
        .iter()
        .find(|(_, p, _)| *p == prefix)
        .map(|(c, _, n)| (*c, *n))
}

/// The code of the Land an answer names: its number in [`LANDER`] (`4`, `04`: the first
/// digits of its keys), its code (`hb`) or its name (`bremen`), in any case.
pub fn land_code_of(answer: &str) -> Option<&'static str> {
    let answer = answer.trim();
    let by_number = answer
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| LANDER.get(i));
    let found = by_number.or_else(|| {
        LANDER.iter().find(|(code, _, name)| {
            code.eq_ignore_ascii_case(answer) || name.to_lowercase() == answer.to_lowercase()
        })
    });
    found.map(|(code, _, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_land_is_named_by_number_code_or_name() {
        for answer in ["4", "04", "hb", "HB", "Bremen", " bremen "] {
            assert_eq!(land_code_of(answer), Some("HB"), "{answer}");
        }
        assert_eq!(land_code_of("baden-württemberg"), Some("BW"));
        assert_eq!(land_code_of("16"), Some("TH"));
        // The number is the Land's place in the list, which is the first digits of its keys.
        for (i, (code, prefix, _)) in LANDER.iter().enumerate() {
            assert_eq!(land_code_of(&(i + 1).to_string()), Some(*code));
            assert_eq!(prefix.parse::<usize>().ok(), Some(i + 1));
        }
        for none in ["0", "17", "", "Brem", "XX", "-1"] {
            assert_eq!(land_code_of(none), None, "{none}");
        }
    }
}
