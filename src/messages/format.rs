//! Numbers, sizes and dates as the reader writes them: `262.144`, `1,5 MiB`, `15.09.2025` in
//! German, `262,144`, `1.5 MiB`, `2025-09-15` in English. The separators, the units and the
//! order of a date are catalog entries (`format.*`), so a language brings its own.
//!
//! The thousands separator is by hand: ten lines, where a crate for it would bring a
//! locale database for two languages.

use super::{Lang, count, message, ui};
use crate::finding::diagnostic::{Quantity, Text};

/// A quantity of a text, in `lang`.
pub(super) fn quantity(lang: Lang, value: Quantity) -> String {
    match value {
        Quantity::Number(n) => number(lang, n),
        Quantity::Size(bytes) => size(lang, bytes),
        Quantity::Date(d) => date(lang, d),
    }
}

/// A number with the language's thousands separator: `262.144` (de), `262,144` (en).
pub fn number(lang: Lang, n: u64) -> String {
    grouped(&n.to_string(), &ui(lang, "format.thousands-separator"))
}

/// `digits` in groups of three from the right, joined by `separator`.
fn grouped(digits: &str, separator: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// The binary units, largest first, with their catalog ids.
const UNITS: [(u64, &str); 3] = [
    (1 << 30, "format.gib"),
    (1 << 20, "format.mib"),
    (1 << 10, "format.kib"),
];

/// A size in the largest binary unit it reaches: whole (`1 MiB`, `256 KiB`) when it is a
/// multiple of the unit, else with one decimal (`1,5 MiB`); below 1 KiB in bytes
/// (`999 Byte`). The decimal is rounded up, so that a size just over a bound never reads
/// as the bound itself (1 MiB and one byte is `1.1 MiB`, not `1.0 MiB`).
pub fn size(lang: Lang, bytes: u64) -> String {
    for (index, (unit, id)) in UNITS.into_iter().enumerate() {
        if bytes < unit {
            continue;
        }
        if bytes.is_multiple_of(unit) {
            return in_unit(lang, id, number(lang, bytes / unit));
        }
        let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(unit));
        // Rounded up to 1024.0 of a unit: that is 1.0 of the next one.
        let (tenths, id) = match index.checked_sub(1) {
            Some(larger) if tenths == 10 * 1024 => (10, UNITS[larger].1),
            _ => (tenths, id),
        };
        let whole = u64::try_from(tenths / 10).unwrap_or(u64::MAX);
        let decimal = ui(lang, "format.decimal-separator");
        let value = format!("{}{decimal}{}", number(lang, whole), tenths % 10);
        return in_unit(lang, id, value);
    }
    count(lang, "format.bytes", bytes)
}

fn in_unit(lang: Lang, id: &'static str, value: String) -> String {
    message(lang, &Text::new(id).arg("n", value))
}

/// A date as the language writes it: `15.09.2025` (de), ISO `2025-09-15` (en).
pub fn date(lang: Lang, date: jiff::civil::Date) -> String {
    let text = Text::new("format.date")
        .arg("year", format!("{:04}", date.year()))
        .arg("month", format!("{:02}", date.month()))
        .arg("day", format!("{:02}", date.day()));
    message(lang, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_the_languages_thousands_separator() {
        for (n, de, en) in [
            (0, "0", "0"),
            (999, "999", "999"),
            (1000, "1.000", "1,000"),
            (262_144, "262.144", "262,144"),
            (1_048_576, "1.048.576", "1,048,576"),
            (
                u64::MAX,
                "18.446.744.073.709.551.615",
                "18,446,744,073,709,551,615",
            ),
        ] {
            assert_eq!(number(Lang::De, n), de);
            assert_eq!(number(Lang::En, n), en);
        }
    }

    #[test]
    fn sizes_are_in_binary_units() {
        for (bytes, de, en) in [
            (0, "0 Byte", "0 bytes"),
            (1, "1 Byte", "1 byte"),
            (999, "999 Byte", "999 bytes"),
            (1000, "1.000 Byte", "1,000 bytes"),
            (1024, "1 KiB", "1 KiB"),
            (262_144, "256 KiB", "256 KiB"),
            (1_048_576, "1 MiB", "1 MiB"),
            (1_572_864, "1,5 MiB", "1.5 MiB"),
            (1_048_577, "1,1 MiB", "1.1 MiB"),
            (1_048_575, "1,0 MiB", "1.0 MiB"),
            (64 << 20, "64 MiB", "64 MiB"),
            (3 << 30, "3 GiB", "3 GiB"),
            (u64::MAX, "17.179.869.184,0 GiB", "17,179,869,184.0 GiB"),
        ] {
            assert_eq!(size(Lang::De, bytes), de, "{bytes}");
            assert_eq!(size(Lang::En, bytes), en, "{bytes}");
        }
    }

    #[test]
    fn dates_are_german_or_iso() {
        let d = jiff::civil::date(2025, 9, 5);
        assert_eq!(date(Lang::De, d), "05.09.2025");
        assert_eq!(date(Lang::En, d), "2025-09-05");
        let d = jiff::civil::date(2026, 12, 1);
        assert_eq!(date(Lang::De, d), "01.12.2026");
        assert_eq!(date(Lang::En, d), "2026-12-01");
    }

    #[test]
    fn counts_write_their_number_as_the_language_does() {
        assert_eq!(count(Lang::De, "count.warnings", 1), "1 Hinweis");
        assert_eq!(count(Lang::De, "count.warnings", 1500), "1.500 Hinweise");
        assert_eq!(count(Lang::En, "count.warnings", 1500), "1,500 warnings");
    }

    #[test]
    fn a_text_renders_its_quantities_in_each_language() {
        let t = Text::new("Test")
            .number("n", 262_144)
            .size("s", 1 << 20)
            .date("d", jiff::civil::date(2025, 9, 15));
        assert_eq!(
            super::super::fill(Lang::De, "{n} {s} {d}", &t),
            "262.144 1 MiB 15.09.2025"
        );
        assert_eq!(
            super::super::fill(Lang::En, "{n} {s} {d}", &t),
            "262,144 1 MiB 2025-09-15"
        );
    }
}
