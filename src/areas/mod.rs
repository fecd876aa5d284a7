//! The official directory of German areas (Destatis GV100AD): which Amtliche
//! Regionalschlüssel (ARS) exist, at which level, under which name.
//!
//! A compact table derived from GV100AD, Stand 30.11.2025, is compiled into the binary
//! (`data/areas/`); `--regional-keys FILE` reads a newer GV100AD instead (see [`file`]).

pub mod file;
pub mod gv100ad;

use std::sync::OnceLock;

use serde::Serialize;

/// Source line for reports and the README: the licence asks that the source be named.
pub const SOURCE: &str = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD";

/// The level of an area, which the length of its ARS tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Land,
    Regierungsbezirk,
    Kreis,
    Gemeindeverband,
    Gemeinde,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Land,
        Level::Regierungsbezirk,
        Level::Kreis,
        Level::Gemeindeverband,
        Level::Gemeinde,
    ];

    pub fn key_len(self) -> usize {
        match self {
            Level::Land => 2,
            Level::Regierungsbezirk => 3,
            Level::Kreis => 5,
            Level::Gemeindeverband => 9,
            Level::Gemeinde => 12,
        }
    }

    pub fn from_key_len(len: usize) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key_len() == len)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Land => "land",
            Level::Regierungsbezirk => "regierungsbezirk",
            Level::Kreis => "kreis",
            Level::Gemeindeverband => "gemeindeverband",
            Level::Gemeinde => "gemeinde",
        }
    }

    /// The catalog term naming the level in messages.
    pub fn term(self) -> &'static str {
        match self {
            Level::Land => "term.level.land",
            Level::Regierungsbezirk => "term.level.regierungsbezirk",
            Level::Kreis => "term.level.kreis",
            Level::Gemeindeverband => "term.level.gemeindeverband",
            Level::Gemeinde => "term.level.gemeinde",
        }
    }

    fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// One area of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    pub ars: Box<str>,
    pub level: Level,
    pub name: Box<str>,
}

/// A directory of areas, sorted by ARS.
#[derive(Debug, Clone)]
pub struct AreaDirectory {
    areas: Vec<Area>,
    edition: String,
}

/// The derived table compiled into the binary. Regenerate it with
/// `cargo run --example derive-areas -- GV100AD_<Stand>.txt Hinweise_<Stand>.txt > data/areas/areas.tsv`.
const BUILTIN_TABLE: &str = include_str!("../../data/areas/areas.tsv");

impl AreaDirectory {
    /// The directory compiled into the binary (GV100AD, Stand 30.11.2025).
    pub fn builtin() -> &'static AreaDirectory {
        static BUILTIN: OnceLock<AreaDirectory> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            AreaDirectory::from_table(BUILTIN_TABLE).expect("data/areas/areas.tsv is a valid table")
        })
    }

    /// Reads a GV100AD file (e.g. a newer edition named with `--regional-keys`).
    pub fn from_gv100ad(text: &str) -> Result<AreaDirectory, gv100ad::Gv100adError> {
        let (areas, edition) = gv100ad::parse(text)?;
        Ok(AreaDirectory::new(areas, edition))
    }

    fn new(mut areas: Vec<Area>, edition: String) -> Self {
        areas.sort_by(|a, b| a.ars.cmp(&b.ars));
        areas.dedup_by(|a, b| a.ars == b.ars);
        AreaDirectory { areas, edition }
    }

    /// Reads the compact table: `# edition: YYYY-MM-DD`, then `ARS<TAB>level<TAB>name` lines.
    pub fn from_table(text: &str) -> Result<AreaDirectory, String> {
        let mut edition = String::new();
        let mut areas = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(e) = comment.trim().strip_prefix("edition:") {
                    edition = e.trim().to_owned();
                }
                continue;
            }
            let mut cols = line.splitn(3, '\t');
            let (Some(ars), Some(level), Some(name)) = (cols.next(), cols.next(), cols.next())
            else {
                return Err(format!("line {}: expected ARS, level and name", i + 1));
            };
            let level = Level::parse(level)
                .ok_or_else(|| format!("line {}: unknown level {level}", i + 1))?;
            areas.push(Area {
                ars: ars.into(),
                level,
                name: name.into(),
            });
        }
        Ok(AreaDirectory::new(areas, edition))
    }

    /// The compact table of this directory, as committed in `data/areas/areas.tsv`.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "# Derived from: {SOURCE}, Stand {edition}.\n\
             # (c) Statistisches Bundesamt (Destatis), im Auftrag der Herausgebergemeinschaft Statistische Aemter des Bundes und der Laender.\n\
             # Vervielfaeltigung und Verbreitung, auch auszugsweise, mit Quellenangabe gestattet.\n\
             # Columns: ARS, level, official name (cut at 50 characters by the GV100AD format,\n\
             # but where the publisher's notes give the full name).\n\
             # edition: {edition}\n",
            edition = self.edition
        );
        for a in &self.areas {
            out.push_str(&format!("{}\t{}\t{}\n", a.ars, a.level.as_str(), a.name));
        }
        out
    }

    /// Puts in the full names that the publisher's notes (`Hinweise_<Stand>.txt`) give for
    /// names the format cut at 50 characters: a note line `<ARS> <full name>` replaces the
    /// name of every area in the same Kreis whose name is exactly 50 characters and the
    /// start of the full one (the note's key may be written in another form: the 2025
    /// note gives Bautzen as 146250200020, the record is 146250020020). Returns how many
    /// names were replaced.
    pub fn with_full_names(&mut self, notes: &str) -> usize {
        let mut replaced = 0;
        for line in notes.lines() {
            let line = line.trim();
            let Some((ars, full)) = line.split_once(' ') else {
                continue;
            };
            let full = full.trim();
            if ars.len() != 12 || !ars.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let kreis = &ars[..5];
            for area in &mut self.areas {
                let cut = area.name.chars().count() == gv100ad::NAME_WIDTH
                    && full.chars().count() > gv100ad::NAME_WIDTH
                    && full.starts_with(&*area.name);
                if cut && area.ars.starts_with(kreis) && area.ars.len() >= 5 {
                    area.name = full.into();
                    replaced += 1;
                }
            }
        }
        replaced
    }

    /// The area with exactly this ARS.
    pub fn lookup(&self, ars: &str) -> Option<&Area> {
        self.areas
            .binary_search_by(|a| (*a.ars).cmp(ars))
            .ok()
            .map(|i| &self.areas[i])
    }

    /// The edition (Stand) of the directory, `YYYY-MM-DD`.
    pub fn edition(&self) -> &str {
        &self.edition
    }

    pub fn areas(&self) -> &[Area] {
        &self.areas
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publishers_notes_give_the_full_names_the_format_cut() {
        let mut dir = AreaDirectory::from_table(
            "# edition: 2025-11-30\n\
             14625\tkreis\tBautzen\n\
             146250020\tgemeindeverband\tBautzen / Budyšin, Stadt, Hochschulstadt / Wysokoš\n\
             146250020020\tgemeinde\tBautzen / Budyšin, Stadt, Hochschulstadt / Wysokoš\n\
             031530018018\tgemeinde\tClausthal-Zellerfeld, Berg- und Universitätsstadt\n",
        )
        .unwrap();
        let notes = "ACHTUNG:\n\
                     Begrenzung der Satzstellen …:\n\
                     146250200020 Bautzen / Budyšin, Stadt, Hochschulstadt / Wysokošulske město \n\
                     031530018018 Clausthal-Zellerfeld, Berg- und Universitätsstadt am Harz\n";
        // Clausthal's 50 characters are its whole name: not cut, not replaced, whatever a
        // note says.
        assert_eq!(dir.with_full_names(notes), 2);
        let full = "Bautzen / Budyšin, Stadt, Hochschulstadt / Wysokošulske město";
        assert_eq!(&*dir.lookup("146250020020").unwrap().name, full);
        assert_eq!(&*dir.lookup("146250020").unwrap().name, full);
        assert_eq!(&*dir.lookup("14625").unwrap().name, "Bautzen");
        assert_eq!(
            &*dir.lookup("031530018018").unwrap().name,
            "Clausthal-Zellerfeld, Berg- und Universitätsstadt"
        );
    }

    #[test]
    fn the_builtin_directory_has_bautzens_full_name() {
        let name = &AreaDirectory::builtin()
            .lookup("146250020020")
            .unwrap()
            .name;
        assert_eq!(
            &**name,
            "Bautzen / Budyšin, Stadt, Hochschulstadt / Wysokošulske město"
        );
    }

    #[test]
    fn the_builtin_directory_has_every_level_in_the_published_counts() {
        let dir = AreaDirectory::builtin();
        assert_eq!(dir.edition(), "2025-11-30");
        let count = |level| dir.areas().iter().filter(|a| a.level == level).count();
        assert_eq!(count(Level::Land), 16);
        assert_eq!(count(Level::Regierungsbezirk), 29);
        assert_eq!(count(Level::Kreis), 400);
        assert_eq!(count(Level::Gemeindeverband), 4590);
        assert_eq!(count(Level::Gemeinde), 10953);
        assert_eq!(&*dir.lookup("040110000000").unwrap().name, "Bremen, Stadt");
        assert_eq!(dir.lookup("04").unwrap().level, Level::Land);
        assert!(dir.lookup("049990000000").is_none());
    }

    #[test]
    fn the_table_round_trips() {
        let dir = AreaDirectory::builtin();
        let again = AreaDirectory::from_table(&dir.to_table()).unwrap();
        assert_eq!(again.areas(), dir.areas());
        assert_eq!(again.edition(), dir.edition());
    }
}
