//! Writes N varied, valid order forms with their logos into a folder: the input of the
//! throughput benchmark (`scripts/bench-validate.sh`).
//!
//! cargo run --release --example gen-forms -- DIR N
//!
//! Everything is derived from the form's index (no randomness), so the same N always gives
//! the same files. The regional keys are real (the built-in GV100AD directory) and no two
//! forms of a service claim the same or a nested area. There are only as many disjoint areas
//! as Gemeinden in a Kreis (10,950), so beyond that the forms are spread evenly over more
//! services: the built-in one and benchmark services declared in `DIR/onboard.toml`, which
//! the run then needs (`onboard validate --config DIR/onboard.toml DIR`).
//!
//! Variety: Land, area level (Kreis, Gemeindeverband, one to three Gemeinden), stage test or
//! production (with and without an `[onboarding]` table), one to three professional contacts,
//! optional phone numbers and website, SVG and PNG logos (real, decodable PNGs) from about
//! 0.5 to 40 KiB, in folders that hold several forms with a shared `logos/` folder (some
//! forms even share one logo) or one form with its logo beside it or below it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use onboard::areas::{AreaDirectory, Level};
use onboard::testing::land_of_prefix;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let usage = || anyhow::anyhow!("usage: gen-forms DIR N");
    let dir = PathBuf::from(args.next().ok_or_else(usage)?);
    let n: usize = args
        .next()
        .ok_or_else(usage)?
        .to_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(usage)?;
    let stats = generate(&dir, n)?;
    eprintln!(
        "wrote {n} forms and {} logos ({:.1} MiB) to {}",
        stats.logos,
        stats.bytes as f64 / (1024.0 * 1024.0),
        dir.display()
    );
    if stats.services > 1 {
        eprintln!(
            "note: {n} forms need more areas than the {} disjoint ones of a service: they use \
             {} services, declared in {config}; run with --config {config}",
            stats.capacity,
            stats.services,
            config = dir.join(onboard::config::FILE_NAME).display()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Deterministic choices

/// SplitMix64: a well-mixed 64-bit value from an index and a salt.
fn mix(index: u64, salt: u64) -> u64 {
    let mut z = index
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(salt.wrapping_mul(0xD1B5_4A32_D192_ED03))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The choices of one form (or folder, or logo): `pick(salt, n)` is in `0..n`.
#[derive(Clone, Copy)]
struct Seed(u64);

impl Seed {
    fn pick(self, salt: u64, n: usize) -> usize {
        (mix(self.0, salt) % n as u64) as usize
    }

    fn range(self, salt: u64, low: u32, high: u32) -> u32 {
        low + (mix(self.0, salt) % u64::from(high - low + 1)) as u32
    }

    fn chance(self, salt: u64, percent: usize) -> bool {
        self.pick(salt, 100) < percent
    }

    fn of<T>(self, salt: u64, items: &[T]) -> &T {
        &items[self.pick(salt, items.len())]
    }
}

/// FNV-1a, to order the Kreise independently of their keys' order.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

// ---------------------------------------------------------------------------------------
// Areas: disjoint claims from the built-in directory

/// The Gemeinden of one Gemeindeverband (or of a Kreis without one), in one Kreis.
struct Block<'a> {
    kreis: usize,
    verband: Option<&'a str>,
    gemeinden: Vec<&'a str>,
}

struct Kreis<'a> {
    ars: &'a str,
    blocks: std::ops::Range<usize>,
    size: usize,
}

/// Hands out disjoint areas: whole Kreise, whole Gemeindeverbände or one to three
/// Gemeinden, never more Gemeinden than the forms still to come leave over.
struct Allocator<'a> {
    kreise: Vec<Kreis<'a>>,
    blocks: Vec<Block<'a>>,
    total: usize,
    block: usize,
    pos: usize,
    used: usize,
}

impl<'a> Allocator<'a> {
    fn new(dir: &'a AreaDirectory) -> Self {
        let mut by_kreis: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
        for area in dir.areas() {
            if area.level == Level::Kreis {
                by_kreis.entry(&area.ars).or_default();
            }
        }
        for area in dir.areas().iter().filter(|a| a.level == Level::Gemeinde) {
            let ars: &str = &area.ars;
            if let Some(verbands) = by_kreis.get_mut(&ars[..5]) {
                verbands.entry(&ars[..9]).or_default().push(ars);
            }
        }
        let mut order: Vec<(&str, BTreeMap<&str, Vec<&str>>)> = by_kreis
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect();
        // Mixed Länder from the first form on, whatever N is.
        order.sort_by_key(|(ars, _)| fnv(ars));
        let mut kreise = Vec::new();
        let mut blocks = Vec::new();
        for (ars, verbands) in order {
            let start = blocks.len();
            let mut size = 0;
            for (verband, gemeinden) in verbands {
                size += gemeinden.len();
                let verband = dir
                    .lookup(verband)
                    .filter(|a| a.level == Level::Gemeindeverband)
                    .map(|_| verband);
                blocks.push(Block {
                    kreis: kreise.len(),
                    verband,
                    gemeinden,
                });
            }
            kreise.push(Kreis {
                ars,
                blocks: start..blocks.len(),
                size,
            });
        }
        let total = blocks.iter().map(|b| b.gemeinden.len()).sum();
        Allocator {
            kreise,
            blocks,
            total,
            block: 0,
            pos: 0,
            used: 0,
        }
    }

    /// Every area is free again (for the next service).
    fn restart(&mut self) {
        self.block = 0;
        self.pos = 0;
        self.used = 0;
    }

    /// The keys of the next form; `left` counts the forms still to come for this service,
    /// this one included, and must not be more than the Gemeinden left.
    fn next(&mut self, seed: Seed, left: usize) -> Vec<&'a str> {
        // How many Gemeinden beyond one per form are left to give away.
        let spare = (self.total - self.used).saturating_sub(left);
        let block = &self.blocks[self.block];
        let kreis = &self.kreise[block.kreis];
        let choice = seed.pick(1, 100);
        if self.pos == 0 && kreis.blocks.start == self.block {
            let free = kreis.size == 1 && choice < 50;
            if free || (choice < 3 && kreis.size - 1 <= spare) {
                self.used += kreis.size;
                self.block = kreis.blocks.end;
                return vec![kreis.ars];
            }
        }
        if self.pos == 0
            && let Some(verband) = block.verband
            && block.gemeinden.len() >= 2
            && (3..12).contains(&choice)
            && block.gemeinden.len() - 1 <= spare
        {
            self.used += block.gemeinden.len();
            self.block += 1;
            return vec![verband];
        }
        let wanted = match choice {
            12..=23 => 2,
            24..=28 => 3,
            _ => 1,
        };
        let k = wanted
            .min(block.gemeinden.len() - self.pos)
            .min(spare + 1)
            .max(1);
        let keys = block.gemeinden[self.pos..self.pos + k].to_vec();
        self.pos += k;
        self.used += k;
        if self.pos == block.gemeinden.len() {
            self.block += 1;
            self.pos = 0;
        }
        keys
    }
}

// ---------------------------------------------------------------------------------------
// Names and contact data

const GIVEN: [&str; 24] = [
    "Anna", "Jürgen", "Petra", "Jonas", "Ute", "Deniz", "Sabine", "Lukas", "Özlem", "Björn",
    "Katrin", "Mehmet", "Jörg", "Elif", "Heike", "Tobias", "Frauke", "Malte", "Svenja", "Ingo",
    "Aylin", "Rüdiger", "Marta", "Henrik",
];
const FAMILY: [&str; 24] = [
    "Beispiel", "Muster", "Probe", "Exempel", "Schäfer", "Köhler", "Weiß", "Brandt", "Yılmaz",
    "Hansen", "Petersen", "Groß", "Lüders", "Kowalski", "Vogt", "Janßen", "Hoffmann", "Dreyer",
    "Ahrens", "Böhm", "Claßen", "Nowak", "Ebert", "Winkler",
];
const STREETS: [&str; 12] = [
    "Am Markt",
    "Rathausplatz",
    "Hauptstraße",
    "Bahnhofstraße",
    "Kirchstraße",
    "Schulstraße",
    "Lindenallee",
    "Am Rathaus",
    "Friedrich-Ebert-Straße",
    "Marktplatz",
    "Goethestraße",
    "Kreishausstraße",
];
/// Office names; `{}` is the place.
const OFFICES_KREIS: [&str; 4] = [
    "Landkreis {} – Jugendamt",
    "Jugendamt des Landkreises {}",
    "Kreisverwaltung {}, Fachdienst Jugend und Familie",
    "Kreis {} – Amt für Jugend und Familie",
];
const OFFICES_TOWN: [&str; 5] = [
    "Jugendamt der Stadt {}",
    "Amt für Jugend, Familie und Soziales {}",
    "Gemeinde {} – Fachbereich Jugend",
    "Stadtverwaltung {}, Jugendamt",
    "Verwaltung {} – Sozial- und Jugendamt",
];
/// Local parts of the function mailboxes: offices, never people.
const MAILBOXES: [&str; 6] = [
    "sorgeregister",
    "jugendamt",
    "negativbescheinigung",
    "sorgerecht",
    "beistandschaft",
    "postfach.jugend",
];
/// Fixed-line numbers libphonenumber accepts: area code and the office's exchange.
const PHONES: [(&str, &str); 10] = [
    ("030", "9025"),
    ("040", "42828"),
    ("089", "233"),
    ("0421", "361"),
    ("0471", "590"),
    ("0221", "221"),
    ("069", "212"),
    ("0711", "216"),
    ("0351", "488"),
    ("04791", "930"),
];

/// The place in a directory name: `Osterholz`, `Bremen` from `Bremen, Stadt`.
fn place(name: &str) -> &str {
    name.split(',').next().unwrap_or(name).trim()
}

/// Lower-case ASCII letters and digits, words joined by single hyphens.
fn slug(name: &str) -> String {
    let folded = onboard::testing::fold_umlauts(name).replace('ı', "i");
    let mut out = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

fn phone(seed: Seed, salt: u64) -> String {
    let (area, exchange) = seed.of(salt, &PHONES);
    let extension = seed.range(salt + 1, 0, 9999);
    if seed.chance(salt + 2, 25) {
        format!("+49 {} {exchange}-{extension}", &area[1..])
    } else {
        format!("{area} {exchange}-{extension}")
    }
}

/// A basic string in TOML (the names hold no quotes or backslashes, but be safe).
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------
// Logos

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An SVG logo: a coat of arms of `shapes` elements and the office's name.
fn svg(seed: Seed, title: &str) -> Vec<u8> {
    let width = seed.range(10, 120, 480);
    let height = seed.range(11, 60, 200);
    let shapes = match seed.pick(12, 10) {
        0 => seed.range(13, 100, 300),
        1..=3 => seed.range(13, 20, 100),
        _ => seed.range(13, 2, 20),
    };
    let colours = [
        "#1d4f91", "#0b2a55", "#b5121b", "#f2c200", "#2e7d32", "#ffffff",
    ];
    let mut out = String::new();
    if seed.chance(14, 70) {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\">"
    );
    let _ = writeln!(out, "  <title>{}</title>", xml_escape(title));
    let _ = writeln!(
        out,
        "  <defs>\n    <linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\n      \
         <stop offset=\"0\" stop-color=\"{}\"/>\n      <stop offset=\"1\" stop-color=\"{}\"/>\n    \
         </linearGradient>\n  </defs>",
        seed.of(15, &colours),
        seed.of(16, &colours)
    );
    if seed.chance(17, 30) {
        out.push_str("  <style>.t { font-family: sans-serif; font-weight: bold; }</style>\n");
    }
    let _ = writeln!(
        out,
        "  <path d=\"M10 10 h{w} v{h} q0 20 -{half} 25 q-{half} -5 -{half} -25 z\" fill=\"url(#g)\"/>",
        w = height / 2,
        h = height / 3,
        half = height / 4
    );
    for s in 0..u64::from(shapes) {
        let salt = 100 + s * 8;
        let x = seed.range(salt, 0, width);
        let y = seed.range(salt + 1, 0, height);
        let fill = seed.of(salt + 2, &colours);
        let _ = match seed.pick(salt + 3, 3) {
            0 => writeln!(
                out,
                "  <circle cx=\"{x}\" cy=\"{y}\" r=\"{}\" fill=\"{fill}\"/>",
                seed.range(salt + 4, 1, 12)
            ),
            1 => writeln!(
                out,
                "  <rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" opacity=\"0.8\"/>",
                seed.range(salt + 4, 2, 30),
                seed.range(salt + 5, 2, 30)
            ),
            _ => writeln!(
                out,
                "  <path d=\"M{x} {y} l{} {} l-{} {} z\" stroke=\"{fill}\" stroke-width=\"2\" fill=\"none\"/>",
                seed.range(salt + 4, 1, 20),
                seed.range(salt + 5, 1, 20),
                seed.range(salt + 6, 1, 20),
                seed.range(salt + 7, 1, 20)
            ),
        };
    }
    let _ = writeln!(
        out,
        "  <text x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"#0b2a55\">{}</text>\n</svg>",
        height / 2 + 20,
        height / 2,
        xml_escape(title)
    );
    out.into_bytes()
}

fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    for (n, slot) in table.iter_mut().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *slot = c;
    }
    table
}

fn crc32(table: &[u32; 256], parts: &[&[u8]]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for part in parts {
        for &b in *part {
            crc = table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, table: &[u32; 256], kind: &[u8], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(table, &[kind, data]).to_be_bytes());
}

/// Uncompressed zlib (stored deflate blocks): valid, and its size is the image's.
fn zlib_stored(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A decodable greyscale PNG of 128–800 × 128–400 pixels, about 2–40 KiB.
fn png(seed: Seed, table: &[u32; 256]) -> Vec<u8> {
    let width = seed.range(20, 128, 800);
    let height = seed.range(21, 128, 400);
    let budget = seed.range(22, 2, 40) as usize * 1024;
    let mut depth = 8u8;
    let row_bytes = |depth: u8| (width as usize * usize::from(depth)).div_ceil(8) + 1;
    while depth > 1 && row_bytes(depth) * height as usize > budget {
        depth /= 2;
    }
    let stride = row_bytes(depth);
    let stripe = seed.range(23, 4, 32);
    let mut raw = Vec::with_capacity(stride * height as usize);
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..stride as u32 - 1 {
            let band = ((x * 8 / u32::from(depth)) / stripe + y / stripe) % 2;
            raw.push(if band == 0 { 0x00 } else { 0xFF });
        }
    }
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[depth, 0, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, table, b"IHDR", &ihdr);
    if seed.chance(24, 40) {
        chunk(&mut out, table, b"tEXt", b"Software\0onboard gen-forms");
    }
    chunk(&mut out, table, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, table, b"IEND", &[]);
    out
}

// ---------------------------------------------------------------------------------------
// Forms

struct Stats {
    logos: usize,
    bytes: u64,
    capacity: usize,
    services: usize,
}

/// The services the forms are for: the built-in one, then benchmark services.
fn service(round: usize) -> (String, String) {
    if round == 0 {
        let id = "sorgeregister-negativbescheinigung";
        let leika = &onboard::catalog::Catalog::builtin()
            .get(id)
            .expect("the built-in service")
            .leika_id;
        (id.to_owned(), leika.clone())
    } else {
        (
            format!("benchmark-dienst-{}", round + 1),
            format!("99000000000{:03}", round + 1),
        )
    }
}

struct Writer {
    stats: Stats,
    crc: [u32; 256],
}

impl Writer {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        self.stats.bytes += bytes.len() as u64;
        Ok(())
    }

    fn logo(&mut self, path: &Path, seed: Seed, svg_logo: bool, title: &str) -> anyhow::Result<()> {
        let bytes = if svg_logo {
            svg(seed, title)
        } else {
            png(seed, &self.crc)
        };
        self.stats.logos += 1;
        self.write(path, &bytes)
    }
}

/// Where a form and its logo go.
struct Placement {
    /// The form file.
    form: PathBuf,
    /// The logo path as the form names it (relative to the form's folder).
    logo: String,
    /// Whether the logo file still has to be written (a shared one is written once).
    write_logo: bool,
}

fn generate(dir: &Path, n: usize) -> anyhow::Result<Stats> {
    let areas = AreaDirectory::builtin();
    let mut allocator = Allocator::new(areas);
    // Forms spread evenly over as few services as give every form its own areas.
    let services = n.div_ceil(allocator.total).max(1);
    let per_service = n.div_ceil(services);
    let mut writer = Writer {
        stats: Stats {
            logos: 0,
            bytes: 0,
            capacity: allocator.total,
            services,
        },
        crc: crc_table(),
    };
    if services > 1 {
        let mut config = String::from(
            "# Benchmark services of gen-forms: more forms than disjoint areas of one service.\n",
        );
        for round in 1..services {
            let (id, leika) = service(round);
            let _ = write!(
                config,
                "\n[[services]]\nid = \"{id}\"\nname = \"Benchmark-Dienst {}\"\nleika_id = \"{leika}\"\n",
                round + 1
            );
        }
        writer.write(&dir.join(onboard::config::FILE_NAME), config.as_bytes())?;
    }
    let mut folder = 0usize;
    let mut left_in_folder = 0usize;
    let mut shared_logo: Option<String> = None;
    for i in 0..n {
        let seed = Seed(i as u64);
        let round = i / per_service;
        if i > 0 && i % per_service == 0 {
            allocator.restart();
        }
        let left = (per_service * (round + 1)).min(n) - i;
        let keys = allocator.next(seed, left);
        let (service_id, leika_id) = service(round);
        let first = areas
            .lookup(keys[0])
            .expect("the allocator hands out real keys");
        let (state, _) = land_of_prefix(&keys[0][..2]).expect("a real key has a Land");
        let town = place(&first.name);
        let kreis_level = matches!(first.level, Level::Kreis);
        let office = if kreis_level && !first.name.contains("Stadt") {
            seed.of(30, &OFFICES_KREIS)
        } else {
            seed.of(30, &OFFICES_TOWN)
        }
        .replace("{}", town);
        let town_slug = slug(town);
        let mut short = town_slug.clone();
        short.truncate(40);
        let short = short.trim_end_matches('-');
        let tenant = format!(
            "{}-{short}-{i}",
            ["jugendamt", "ja", "jugend"][seed.pick(31, 3)]
        );
        let domain = format!("{short}.example");

        // Folders: most hold 2–12 forms sharing a logos/ folder; some hold one form.
        if left_in_folder == 0 {
            folder += 1;
            let fseed = Seed(mix(folder as u64, 7));
            left_in_folder = if fseed.chance(1, 25) {
                1
            } else {
                fseed.range(2, 2, 12) as usize
            };
            shared_logo = None;
        }
        let alone = left_in_folder == 1 && shared_logo.is_none();
        left_in_folder -= 1;
        let folder_dir = dir.join(format!("f{folder:05}"));
        let svg_logo = seed.chance(32, 55);
        let ext = if svg_logo { "svg" } else { "png" };
        let placement = if alone {
            let logo = match seed.pick(33, 3) {
                0 => format!("logo.{ext}"),
                1 => format!("./bilder/wappen.{ext}"),
                _ => format!("assets/logos/{short}.{ext}"),
            };
            Placement {
                form: folder_dir.join(&tenant).join("bestellzettel.toml"),
                logo,
                write_logo: true,
            }
        } else if seed.chance(34, 20) {
            let (logo, write_logo) = match &shared_logo {
                Some(name) => (name.clone(), false),
                None => {
                    let name = format!("logos/gemeinsam.{ext}");
                    shared_logo = Some(name.clone());
                    (name, true)
                }
            };
            Placement {
                form: folder_dir.join(format!("{tenant}.toml")),
                logo,
                write_logo,
            }
        } else {
            Placement {
                form: folder_dir.join(format!("{tenant}.toml")),
                logo: format!("logos/{tenant}.{ext}"),
                write_logo: true,
            }
        };
        if placement.write_logo {
            let form_dir = placement.form.parent().expect("a form has a folder");
            let logo_svg = placement.logo.ends_with(".svg");
            writer.logo(&form_dir.join(&placement.logo), seed, logo_svg, &office)?;
        }

        let text = form_text(
            seed,
            &FormData {
                tenant: &tenant,
                office: &office,
                town,
                state,
                domain: &domain,
                keys: &keys,
                logo: &placement.logo,
                service_id: &service_id,
                leika_id: &leika_id,
            },
        );
        writer.write(&placement.form, text.as_bytes())?;
    }
    Ok(writer.stats)
}

struct FormData<'a> {
    tenant: &'a str,
    office: &'a str,
    town: &'a str,
    state: &'a str,
    domain: &'a str,
    keys: &'a [&'a str],
    logo: &'a str,
    service_id: &'a str,
    leika_id: &'a str,
}

fn form_text(seed: Seed, f: &FormData<'_>) -> String {
    let mut out = String::with_capacity(2048);
    if seed.chance(40, 50) {
        out.push_str("#:schema ../schemas/order-form.v1.schema.json\n");
    }
    let _ = write!(
        out,
        "# Bestellzettel (generated for the benchmark): {}\n\n\
         schema_version = 1\ntenant_id = {}\n\n\
         [service]\nid = \"{}\"\nleika_id = \"{}\"\n\n",
        f.office,
        quoted(f.tenant),
        f.service_id,
        f.leika_id
    );
    match seed.pick(41, 3) {
        0 => {
            let _ = write!(
                out,
                "[onboarding]\nstage = \"production\"\nstate_agreement_on = {:04}-{:02}-{:02}\npvog_entry = true\n\n",
                seed.range(42, 2023, 2024),
                seed.range(43, 1, 12),
                seed.range(44, 1, 28)
            );
        }
        1 => out.push_str("[onboarding]\nstage = \"test\"\n\n"),
        _ => {} // stage test by default
    }
    let _ = write!(
        out,
        "[authority]\nname = {}\nstreet = {}\nhouse_number = \"{}{}\"\npostal_code = \"{}\"\ncity = {}\nstate = \"{}\"\n",
        quoted(f.office),
        quoted(seed.of::<&str>(45, &STREETS)),
        seed.range(46, 1, 120),
        if seed.chance(47, 15) { "a" } else { "" },
        seed.range(48, 10000, 99999),
        quoted(f.town),
        f.state
    );
    if seed.chance(49, 70) {
        let _ = writeln!(out, "phone = {}", quoted(&phone(seed, 50)));
    }
    if seed.chance(53, 60) {
        let _ = writeln!(out, "website = \"https://www.{}\"", f.domain);
    }
    let keys: Vec<String> = f.keys.iter().map(|k| quoted(k)).collect();
    let _ = write!(
        out,
        "\n[jurisdiction]\nregional_keys = [{}]\n",
        keys.join(", ")
    );
    if seed.chance(54, 40) {
        let _ = writeln!(
            out,
            "description = {}",
            quoted(&format!("Zuständigkeitsbereich {}", f.town))
        );
    }
    let _ = write!(
        out,
        "\n[logo]\nfile = {}\nalt_text = {}\n\n[privacy_policy]\nurl = \"https://www.{}/{}\"\n\n",
        quoted(f.logo),
        quoted(&format!("Logo: {}", f.office)),
        f.domain,
        seed.of(
            55,
            &[
                "datenschutz",
                "datenschutz/sorgeregister",
                "service/datenschutzerklaerung"
            ]
        )
    );
    let applications = seed.of(56, &MAILBOXES);
    let contact_form = if seed.chance(57, 40) {
        applications
    } else {
        seed.of(58, &MAILBOXES)
    };
    let _ = write!(
        out,
        "[mailboxes]\napplications = \"{applications}@{d}\"\ncontact_form = \"{contact_form}@{d}\"\n",
        d = f.domain
    );
    let professionals = 1 + seed.pick(59, 3);
    for p in 0..professionals as u64 {
        let salt = 60 + p * 5;
        let given = seed.of(salt, &GIVEN);
        let family = seed.of(salt + 1, &FAMILY);
        let _ = write!(
            out,
            "\n[[contacts.professional]]\nname = \"{given} {family}\"\nemail = \"{}.{}@{}\"\n",
            slug(given),
            slug(family),
            f.domain
        );
        if seed.chance(salt + 2, 50) {
            let _ = writeln!(out, "phone = {}", quoted(&phone(seed, salt + 3)));
        }
    }
    out.push_str("\n[contacts.technical]\n");
    if seed.chance(80, 50) {
        let _ = write!(
            out,
            "name = \"IT-Service {}\"\nemail = \"it-service@{}\"\n",
            f.town, f.domain
        );
    } else {
        let given = seed.of(81, &GIVEN);
        let family = seed.of(82, &FAMILY);
        let _ = write!(
            out,
            "name = \"{given} {family}\"\nemail = \"{}.{}@{}\"\n",
            slug(given),
            slug(family),
            f.domain
        );
    }
    if seed.chance(83, 50) {
        let _ = writeln!(out, "phone = {}", quoted(&phone(seed, 84)));
    }
    out
}
