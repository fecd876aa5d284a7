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
