//! Reads Destatis' GV100AD directory (Gemeindeverzeichnis), a fixed-width text file with
//! one record a line, and yields the areas that an ARS can name.
//!
//! Layout (1-based character positions): 1–2 Satzart (10 Land, 20 Regierungsbezirk,
//! 30 Region, 40 Kreis, 50 Gemeindeverband, 60 Gemeinde), 3–10 Stand (YYYYMMDD), 11–12 Land,
//! 13 Regierungsbezirk, 14–15 Kreis, 16–18 Gemeinde, 19–22 Gemeindeverband, 23–72 Name.
//! ARS = 11–15 + 19–22 + 16–18; shorter keys for higher levels.

use super::{Area, Level};

/// The width of the name field (positions 23–72): longer names are cut there.
pub const NAME_WIDTH: usize = 50;

/// What went wrong reading a GV100AD file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Gv100adError {
    /// A record ends before the name field.
    #[error("line {line}: record too short for the GV100AD layout")]
    ShortRecord {
        /// The 1-based line of the record.
        line: usize,
    },
    /// A record's key positions hold something other than digits.
    #[error("line {line}: key positions hold something other than digits")]
    BadKey {
        /// The 1-based line of the record.
        line: usize,
    },
    /// Nothing in the file is a Land, Kreis or Gemeinde record.
    #[error("no Land, Kreis or Gemeinde records: this is not a GV100AD file")]
    NoAreas,
}

/// Parses a GV100AD file. Returns the areas and the edition (Stand, `YYYY-MM-DD`).
pub fn parse(text: &str) -> Result<(Vec<Area>, String), Gv100adError> {
    let mut areas = Vec::new();
    let mut edition = String::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let chars: Vec<char> = line.chars().take(22 + NAME_WIDTH).collect();
        if chars.len() < 23 {
            return Err(Gv100adError::ShortRecord { line: line_no });
        }
        let field = |from: usize, to: usize| -> String { chars[from - 1..to].iter().collect() };
        let level = match field(1, 2).as_str() {
            "10" => Level::Land,
            "20" => Level::Regierungsbezirk,
            "40" => Level::Kreis,
            "50" => Level::Gemeindeverband,
            "60" => Level::Gemeinde,
            // Satzart 30 (Region) has no ARS of its own.
            _ => continue,
        };
        let ars = match level {
            Level::Land => field(11, 12),
            Level::Regierungsbezirk => field(11, 13),
            Level::Kreis => field(11, 15),
            Level::Gemeindeverband => field(11, 15) + &field(19, 22),
            Level::Gemeinde => field(11, 15) + &field(19, 22) + &field(16, 18),
        };
        if ars.len() != level.key_len() || !ars.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Gv100adError::BadKey { line: line_no });
        }
        if edition.is_empty() {
            let stand = field(3, 10);
            if stand.len() == 8 && stand.bytes().all(|b| b.is_ascii_digit()) {
                edition = format!("{}-{}-{}", &stand[..4], &stand[4..6], &stand[6..]);
            }
        }
        let name = if chars.len() > 22 {
            field(23, chars.len()).trim().to_owned()
        } else {
            String::new()
        };
        areas.push(Area {
            ars: ars.into(),
            level,
            name: name.into(),
        });
    }
    if areas.is_empty() {
        return Err(Gv100adError::NoAreas);
    }
    Ok((areas, edition))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
102025113004          Bremen                                            Bremen                                                                                                                                              
402025113004011       Bremen, Stadt                                     Bremen                                            41                                                                                                
502025113004011   0000Bremen, Stadt                                                                                       50                                                                                                
6020251130040110000000Bremen, Stadt                                                                                       61    000000326170000058627100000289585    28195*****  2471110121401054055                        
30202511300811        Region Stuttgart                                  Stuttgart                                                                                                                                           
";

    #[test]
    fn records_become_areas_with_their_ars() {
        let (areas, edition) = parse(SAMPLE).unwrap();
        assert_eq!(edition, "2025-11-30");
        let keys: Vec<(&str, Level, &str)> =
            areas.iter().map(|a| (&*a.ars, a.level, &*a.name)).collect();
        assert_eq!(
            keys,
            vec![
                ("04", Level::Land, "Bremen"),
                ("04011", Level::Kreis, "Bremen, Stadt"),
                ("040110000", Level::Gemeindeverband, "Bremen, Stadt"),
                ("040110000000", Level::Gemeinde, "Bremen, Stadt"),
            ]
        );
    }

    #[test]
    fn other_files_are_refused() {
        assert_eq!(parse("hello\n"), Err(Gv100adError::ShortRecord { line: 1 }));
        assert_eq!(parse(""), Err(Gv100adError::NoAreas));
        let bad = SAMPLE.replacen("04011", "04X11", 1);
        assert_eq!(parse(&bad), Err(Gv100adError::BadKey { line: 2 }));
    }
}
