//! The official directory of German areas (Destatis GV100AD): which Amtliche
//! Regionalschlüssel (ARS) exist, at which level, under which name.
//!
//! A compact table derived from GV100AD, Stand 30.11.2025, is compiled into the binary
//! (`data/areas/`); `--regional-keys FILE` reads a newer GV100AD instead (`file`: read
//! with bounds).

pub(crate) mod file;
pub(crate) mod gv100ad;
pub(crate) mod laender;
mod search;

pub use gv100ad::Gv100adError;
pub use laender::{LANDER, land_code_of};
pub use search::land_key;

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;

/// Source line for reports and the README: the licence asks that the source be named.
pub const SOURCE: &str = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD";

/// The level of an area, which the length of its ARS tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// A Land (key of 2 digits).
    Land,
    /// A Regierungsbezirk (3 digits).
    Regierungsbezirk,
    /// A Kreis or kreisfreie Stadt (5 digits).
    Kreis,
    /// A Gemeindeverband (9 digits).
    Gemeindeverband,
    /// A Gemeinde (the full 12 digits).
    Gemeinde,
}

impl Level {
    /// Every level, from the Land down.
    pub const ALL: [Level; 5] = [
        Level::Land,
        Level::Regierungsbezirk,
        Level::Kreis,
        Level::Gemeindeverband,
        Level::Gemeinde,
    ];

    /// How many digits an ARS of this level has.
    pub fn key_len(self) -> usize {
        match self {
            Level::Land => 2,
            Level::Regierungsbezirk => 3,
            Level::Kreis => 5,
            Level::Gemeindeverband => 9,
            Level::Gemeinde => 12,
        }
    }

    /// The level whose ARS has `len` digits, if any has.
    pub fn from_key_len(len: usize) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key_len() == len)
    }

    /// Whether the area is larger than an office ordering services serves: a whole Land or
    /// Regierungsbezirk (`regional-key-too-broad`; such offices serve a Kreis, a
    /// Gemeindeverband or a Gemeinde).
    pub fn is_too_broad_for_an_office(self) -> bool {
        matches!(self, Level::Land | Level::Regierungsbezirk)
    }

    /// The name as the directory file and JSON write it (`kreis`).
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

/// A key as a clerk may type it — digits, perhaps in groups as the Gemeindeverzeichnis
/// prints them ("03 356") — as the digits alone; `None` for anything else.
pub fn typed_key(text: &str) -> Option<String> {
    let key: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())).then_some(key)
}

/// One area of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    /// Amtlicher Regionalschlüssel, 2 to 12 digits.
    pub ars: Box<str>,
    /// What kind of area it is (told by the length of its key).
    pub level: Level,
    /// Official name (cut at 50 characters, as the GV100AD format does).
    pub name: Box<str>,
}

/// A directory of areas: one `ARS<TAB>level<TAB>name` line per area, in ARS order, searched
/// where the lines lie. The compiled-in table is used as it is in the binary, so a run pays
/// nothing for it before it looks a key up (parsing its 16,000 lines took 1.5 ms, a quarter
/// of a one-form run).
#[derive(Debug, Clone)]
pub struct AreaDirectory {
    /// The lines, sorted by ARS (byte order), without comments; each ends with `\n`.
    lines: Cow<'static, str>,
    /// Where each block of lines starts: a lookup reads the one block that can hold its key
    /// (for the compiled-in table, about 2.5 KB of its 590 KB).
    blocks: Cow<'static, [Block]>,
    edition: String,
    /// Every area, parsed on first use: for tools and tests (a check only looks keys up).
    all: OnceLock<Vec<Area>>,
    /// The names of `all` as a search compares them, made on the first search.
    folded: OnceLock<Vec<Box<str>>>,
}

/// A block of lines: the ARS of its first line, and where that line starts.
#[derive(Debug, Clone)]
struct Block {
    ars: Cow<'static, str>,
    start: usize,
}

/// Lines per block of a directory read at run time (`build/areas.rs` indexes the
/// compiled-in table the same way).
const BLOCK: usize = 64;

// `BUILTIN_BLOCKS`: the blocks of the compiled-in table, by `build.rs` (`build/areas.rs`).
include!(concat!(env!("OUT_DIR"), "/areas_index.rs"));

/// The derived table compiled into the binary. Regenerate it with
/// `cargo run --example derive-areas -- GV100AD_<Stand>.txt Hinweise_<Stand>.txt > data/areas/areas.tsv`.
/// Its lines must stay sorted by ARS, as `to_table` writes them: a test checks it.
const BUILTIN_TABLE: &str = include_str!("../../data/areas/areas.tsv");

impl AreaDirectory {
    /// The directory compiled into the binary (GV100AD, Stand 30.11.2025).
    pub fn builtin() -> &'static AreaDirectory {
        static BUILTIN: OnceLock<AreaDirectory> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let (edition, lines) = split_header(BUILTIN_TABLE);
            AreaDirectory {
                lines: Cow::Borrowed(lines),
                blocks: Cow::Borrowed(BUILTIN_BLOCKS),
                edition,
                all: OnceLock::new(),
                folded: OnceLock::new(),
            }
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
        let mut lines = String::with_capacity(areas.len() * 40);
        let mut blocks = Vec::with_capacity(areas.len() / BLOCK + 1);
        for (i, a) in areas.iter().enumerate() {
            if i % BLOCK == 0 {
                blocks.push(Block {
                    ars: Cow::Owned(a.ars.to_string()),
                    start: lines.len(),
                });
            }
            lines.push_str(&format!("{}\t{}\t{}\n", a.ars, a.level.as_str(), a.name));
        }
        AreaDirectory {
            lines: Cow::Owned(lines),
            blocks: Cow::Owned(blocks),
            edition,
            all: OnceLock::from(areas),
            folded: OnceLock::new(),
        }
    }

    /// Reads the compact table: `# edition: YYYY-MM-DD`, then `ARS<TAB>level<TAB>name` lines.
    pub fn from_table(text: &str) -> Result<AreaDirectory, String> {
        let mut edition = String::new();
        let mut areas = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(e) = edition_in(comment) {
                    edition = e.to_owned();
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
        format!(
            "# Derived from: {SOURCE}, Stand {edition}.\n\
             # (c) Statistisches Bundesamt (Destatis), im Auftrag der Herausgebergemeinschaft Statistische Aemter des Bundes und der Laender.\n\
             # Vervielfaeltigung und Verbreitung, auch auszugsweise, mit Quellenangabe gestattet.\n\
             # Columns: ARS, level, official name (cut at 50 characters by the GV100AD format,\n\
             # but where the publisher's notes give the full name).\n\
             # edition: {edition}\n\
             {lines}",
            edition = self.edition,
            lines = self.lines
        )
    }

    /// Puts in the full names that the publisher's notes (`Hinweise_<Stand>.txt`) give for
    /// names the format cut at 50 characters: a note line `<ARS> <full name>` replaces the
    /// name of every area in the same Kreis whose name is exactly 50 characters and the
    /// start of the full one (the note's key may be written in another form: the 2025
    /// note gives Bautzen as 146250200020, the record is 146250020020). Returns how many
    /// names were replaced.
    pub fn with_full_names(&mut self, notes: &str) -> usize {
        let mut areas = self.areas().to_vec();
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
            for area in &mut areas {
                let cut = area.name.chars().count() == gv100ad::NAME_WIDTH
                    && full.chars().count() > gv100ad::NAME_WIDTH
                    && full.starts_with(&*area.name);
                if cut && area.ars.starts_with(kreis) && area.ars.len() >= 5 {
                    area.name = full.into();
                    replaced += 1;
                }
            }
        }
        *self = AreaDirectory::new(areas, std::mem::take(&mut self.edition));
        replaced
    }

    /// The area with exactly this ARS: the lines of the one block that can hold it.
    pub fn lookup(&self, ars: &str) -> Option<Area> {
        let after = self.blocks.partition_point(|b| *b.ars <= *ars);
        let start = self.blocks.get(after.checked_sub(1)?)?.start;
        let end = self.blocks.get(after).map_or(self.lines.len(), |b| b.start);
        for line in self.lines.get(start..end)?.lines() {
            let key = line.split('\t').next().unwrap_or_default();
            match key.cmp(ars) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal => return parse_line(line),
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }

    /// The edition (Stand) of the directory, `YYYY-MM-DD`.
    pub fn edition(&self) -> &str {
        &self.edition
    }

    /// Every area, in ARS order.
    pub fn areas(&self) -> &[Area] {
        self.all
            .get_or_init(|| self.lines.lines().filter_map(parse_line).collect())
    }
}

/// The edition a header comment names (`# edition: 2025-11-30`, without the `#`).
fn edition_in(comment: &str) -> Option<&str> {
    comment.trim().strip_prefix("edition:").map(str::trim)
}

/// The edition and the lines after the comments at the top of a compact table.
fn split_header(table: &'static str) -> (String, &'static str) {
    let mut edition = String::new();
    let mut rest = table;
    while let Some(comment) = rest.strip_prefix('#') {
        let (line, after) = comment.split_once('\n').unwrap_or((comment, ""));
        if let Some(e) = edition_in(line) {
            edition = e.to_owned();
        }
        rest = after;
    }
    (edition, rest)
}

/// One line of a table this module wrote or a test checked (`None` for anything else).
fn parse_line(line: &str) -> Option<Area> {
    let mut cols = line.splitn(3, '\t');
    let (ars, level, name) = (cols.next()?, cols.next()?, cols.next()?);
    Some(Area {
        ars: ars.into(),
        level: Level::parse(level)?,
        name: name.into(),
    })
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
    fn the_builtin_table_is_sorted_as_the_lookup_needs() {
        // The lookup searches the committed lines as they are: they must be exactly what
        // `to_table` writes (sorted by ARS, each key once, every line well formed).
        let parsed = AreaDirectory::from_table(BUILTIN_TABLE).unwrap();
        assert!(
            parsed.to_table() == BUILTIN_TABLE,
            "data/areas/areas.tsv is not sorted"
        );
        let builtin = AreaDirectory::builtin();
        assert_eq!(builtin.areas(), parsed.areas());
        for area in parsed.areas() {
            assert_eq!(builtin.lookup(&area.ars).as_ref(), Some(area));
        }
    }

    #[test]
    fn only_whole_keys_are_found() {
        let dir = AreaDirectory::from_table(
            "# edition: 2025-11-30\n\
             04\tland\tFreie Hansestadt Bremen\n\
             01\tland\tSchleswig-Holstein\n\
             040110000000\tgemeinde\tBremen, Stadt\n\
             04011\tkreis\tBremen, Stadt\n",
        )
        .unwrap();
        for (key, found) in [
            ("01", true),
            ("04", true),
            ("04011", true),
            ("040110000000", true),
            ("", false),
            ("0", false),
            ("00", false),
            ("0401", false),
            ("040110000", false),
            ("0401100000001", false),
            ("99", false),
            ("04\tland", false),
        ] {
            assert_eq!(dir.lookup(key).is_some(), found, "{key:?}");
        }
        assert_eq!(&*dir.lookup("04").unwrap().name, "Freie Hansestadt Bremen");
        let empty = AreaDirectory::from_table("# edition: 2025-11-30\n").unwrap();
        assert!(empty.lookup("04").is_none() && empty.areas().is_empty());
    }

    #[test]
    fn every_block_finds_its_keys_and_no_others() {
        // Keys 1000, 1002, …: several blocks, and a missing key between any two.
        let count = BLOCK * 3 + 5;
        let mut table = String::from("# edition: 2025-11-30\n");
        for i in 0..count {
            table.push_str(&format!("{}\tkreis\tKreis {i}\n", 1000 + 2 * i));
        }
        let dir = AreaDirectory::from_table(&table).unwrap();
        assert_eq!(dir.blocks.len(), 4);
        for i in 0..count {
            let found = dir.lookup(&(1000 + 2 * i).to_string());
            assert_eq!(
                found.map(|a| a.name).as_deref(),
                Some(&*format!("Kreis {i}"))
            );
            assert!(dir.lookup(&(1001 + 2 * i).to_string()).is_none());
        }
        for missing in ["", "0", "0999", "999", "1000 ", "10000", "9", "\u{10FFFF}"] {
            assert!(dir.lookup(missing).is_none(), "{missing:?}");
        }
    }

    #[test]
    fn the_table_round_trips() {
        let dir = AreaDirectory::builtin();
        let again = AreaDirectory::from_table(&dir.to_table()).unwrap();
        assert_eq!(again.areas(), dir.areas());
        assert_eq!(again.edition(), dir.edition());
    }
}
