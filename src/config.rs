//! The repository config `onboard.toml`: default paths, per-code severities, extra
//! services, the GV100AD file and network defaults — a repository's policy in one file
//! instead of flags copied between pipelines. Command-line flags win over it.
//!
//! The file comes from the repository, so it is outside input like a form: read only when
//! it is a regular file of at most [`MAX_CONFIG_BYTES`], opened without blocking; found by
//! the upward search, only when it lies in the folder it was found in. What it names
//! (`paths`, `regional_keys`) stays in its folder, and it cannot widen the network the
//! online check may reach — only flags can.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::areas::AreaDirectory;
use crate::catalog::Service;
use crate::checks::service::is_leika_id;
use crate::confine::within::{self, Refusal};
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::{Code, Severity};
use crate::finding::source::{SourceText, Span};
use crate::form::shape::{TableShape, from_schema};
use crate::form::structure::{check_shape, closest};
use crate::form::syntax;
use crate::limits::{MAX_CONFIG_BYTES, MAX_URL_LEN, REQUESTS, TIMEOUT_SECS};
use crate::network::Network;
use crate::validate::{Facts, FormReport, RunReport};

/// The file name looked for in the current folder and above.
pub const FILE_NAME: &str = "onboard.toml";

/// `onboard.toml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    /// What `onboard validate` checks when no path is given, relative to this file (and
    /// inside its folder).
    #[serde(default)]
    pub paths: Vec<String>,
    /// A Destatis GV100AD file to check regional keys against, relative to this file (and
    /// inside its folder).
    #[serde(default)]
    pub regional_keys: Option<String>,
    /// Severity per check code: "error", "warning" or "off".
    #[serde(default)]
    pub checks: BTreeMap<String, Level>,
    /// Services beyond the built-in catalog.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Defaults of the online check, within the bounds of the flags; only the flags can
    /// widen the addresses links may lead to.
    #[serde(default)]
    pub network: Network,
    /// The https address where `docs/checks.md` is published: SARIF links each rule to its
    /// entry there (`--docs-url` wins).
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Links watched over time (`onboard validate --links-state FILE`).
    #[serde(default)]
    pub links: Links,
}

/// `[links]`: how links watched over time are judged.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Links {
    /// Runs in a row a privacy-policy link may stay unverified before that is an error
    /// (`--max-unverified-runs`; default 3).
    pub max_unverified_runs: Option<u32>,
}

/// A severity a repository gives a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The check's findings are errors.
    Error,
    /// The check's findings are warnings.
    Warning,
    /// The check is not run.
    Off,
}

/// A config that was read, with the folder its relative paths start from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file as found or named.
    pub path: PathBuf,
    /// Its folder, where the config's relative paths start.
    pub dir: PathBuf,
    /// What it says.
    pub config: RepoConfig,
    /// `[checks]` as codes.
    pub severities: BTreeMap<Code, Level>,
    /// The directory read from `regional_keys`, if the config names one.
    pub areas: Option<AreaDirectory>,
}

/// Why a config cannot be used.
#[derive(Debug)]
pub enum ConfigError {
    /// Refused before its content was looked at (or not text): the reason, naming the
    /// path and nothing of the content.
    Refused(Text),
    /// Its findings, as a report like a form's.
    Findings(Box<RunReport>),
}

fn shape() -> &'static TableShape {
    static SHAPE: OnceLock<TableShape> = OnceLock::new();
    SHAPE.get_or_init(|| {
        let schema = schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<RepoConfig>();
        from_schema(&schema.to_value())
    })
}

/// `onboard.toml` in `start` or the nearest folder above it. Whatever has the name counts
/// (a link, a FIFO, a folder): [`load_found`] refuses what it cannot read, rather than the
/// search passing over it to a config further up.
pub(crate) fn find(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start.to_path_buf());
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if std::fs::symlink_metadata(&candidate).is_ok() {
            return Some(candidate);
        }
        // Walk up by "..", keeping the path relative so reports stay short.
        let canonical = d.canonicalize().ok()?;
        dir = canonical.parent().map(|_| d.join(".."));
        if canonical.parent().is_none() {
            break;
        }
    }
    None
}

/// The path as reports show it.
fn shown(path: &Path) -> String {
    let display = path.display().to_string();
    display.strip_prefix("./").unwrap_or(&display).to_owned()
}

/// Reads and checks a config named on the command line: whoever types it may name any
/// regular file, through links wherever they lead. Every problem of its content is
/// reported at its place, all at once.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let display = shown(path);
    let file = crate::confine::open(path, true).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => refused("run.config-not-found", &display),
        _ => io_error(&display, &e),
    })?;
    let meta = file.metadata().map_err(|e| io_error(&display, &e))?;
    if !meta.is_file() {
        return Err(refused("run.config-not-a-file", &display));
    }
    let bytes = read_bounded(file, &meta, &display)?;
    parse(bytes, path)
}

/// Reads and checks a config that [`find`] found: it must be a regular file in the folder
/// it was found in; a link is followed only as long as it stays there (a link out could
/// put any file's content into the report).
pub(crate) fn load_found(path: &Path) -> Result<Loaded, ConfigError> {
    let display = shown(path);
    let dir = crate::confine::folder_of(path).to_path_buf();
    let name = path.file_name().unwrap_or(FILE_NAME.as_ref());
    let opened = within::open(&dir, &name.to_string_lossy()).map_err(|refusal| match refusal {
        Refusal::Outside(_) => refused("run.config-outside", &display),
        Refusal::Unreadable(e) => io_error(&display, &e),
        // Which words fit, the entry itself tells (looked at, not read).
        Refusal::Missing(_) => match std::fs::metadata(path) {
            Ok(_) => refused("run.config-not-a-file", &display),
            Err(_) => refused("run.config-not-found", &display),
        },
    })?;
    let bytes = read_bounded(opened.file, &opened.meta, &display)?;
    parse(bytes, path)
}

fn refused(id: &'static str, display: &str) -> ConfigError {
    ConfigError::Refused(Text::new(id).arg("path", display))
}

fn io_error(display: &str, e: &std::io::Error) -> ConfigError {
    ConfigError::Refused(
        Text::new("run.io")
            .arg("path", display)
            .arg("reason", e.to_string()),
    )
}

fn too_large(display: &str, size: u64) -> ConfigError {
    ConfigError::Refused(
        Text::new("run.config-too-large")
            .arg("path", display)
            .size("size", size)
            .size("max", MAX_CONFIG_BYTES),
    )
}

/// The bytes of an open regular file (`meta` is its `fstat`): refused unread when larger
/// than the bound.
fn read_bounded(
    file: std::fs::File,
    meta: &std::fs::Metadata,
    display: &str,
) -> Result<Vec<u8>, ConfigError> {
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_large(display, meta.len()));
    }
    // One byte more than the bound: a file that grew since the `fstat` is still caught.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(display, &e))?;
    Ok(bytes)
}

/// Checks the bytes of the config at `path` (whose folder its relative paths start from,
/// and may not leave): what [`load`] and `load_found` do once the file is read, and what
/// the fuzz target runs.
pub fn parse(bytes: Vec<u8>, path: &Path) -> Result<Loaded, ConfigError> {
    let display = &shown(path);
    let dir = crate::confine::folder_of(path);
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_large(display, bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        ConfigError::Refused(
            Text::new("run.config-not-utf8")
                .arg("path", display)
                .arg("line", line.to_string()),
        )
    })?;
    let source = SourceText::new(text);
    let mut sink = Sink::new(&source, display);
    let (root, errors) = DeTable::parse_recoverable(source.text());
    let mut loaded = None;
    if let Some(error) = errors.first() {
        // The form's fields are not this file's keys: no field's help.
        let text = syntax::describe(error, source.text(), &[]);
        sink.report(Code::TomlSyntax, None, error.span().unwrap_or(0..0), text);
    } else {
        let root = root.get_ref();
        check_shape(root, shape(), &mut sink);
        let severities = check_codes(root, &mut sink);
        check_services(root, &mut sink);
        check_network(root, &mut sink);
        check_paths(root, dir, &mut sink);
        check_docs_url(root, &mut sink);
        let areas = read_areas(root, dir, &mut sink);
        if sink.diagnostics.is_empty() {
            match toml::from_str::<RepoConfig>(source.text()) {
                Ok(config) => {
                    loaded = Some(Loaded {
                        path: path.to_path_buf(),
                        dir: dir.to_path_buf(),
                        config,
                        severities,
                        areas,
                    });
                }
                Err(e) => {
                    let text = Text::new("config-invalid-value")
                        .nested("reason", syntax::reason(&e, source.text(), &[]));
                    sink.report(Code::InvalidType, None, e.span().unwrap_or(0..0), text);
                }
            }
        }
    }
    let mut diagnostics = sink.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    match loaded {
        Some(loaded) => Ok(loaded),
        None => Err(ConfigError::Findings(Box::new(RunReport {
            files: vec![FormReport {
                path: display.to_owned(),
                source: Some(source.clone()),
                facts: Facts::default(),
                areas: Vec::new(),
                diagnostics,
            }],
        }))),
    }
}

fn get<'t, 'a>(
    table: &'t DeTable<'a>,
    key: &str,
) -> Option<&'t toml::Spanned<toml::de::DeValue<'a>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v)
}

/// `[checks]` keys must be codes; values one of the levels.
fn check_codes(root: &DeTable<'_>, sink: &mut Sink<'_>) -> BTreeMap<Code, Level> {
    let mut severities = BTreeMap::new();
    let Some(checks) = get(root, "checks").and_then(|v| v.get_ref().as_table()) else {
        return severities;
    };
    for (key, value) in checks.iter() {
        let name: &str = key.get_ref();
        let field = format!("checks.{name}");
        let Some(code) = Code::from_code(name) else {
            let codes = Code::ALL.iter().map(|c| c.as_str());
            let text = match closest(name, codes) {
                Some(close) => Text::new("unknown-field.suggest").arg("suggestion", close),
                None => Text::new("config-unknown-code"),
            }
            .arg("key", name)
            .arg("path", &field)
            .arg("table", "[checks]");
            sink.report(Code::UnknownField, Some(&field), key.span(), text);
            continue;
        };
        let level = match value.get_ref().as_str() {
            Some("error") => Level::Error,
            Some("warning") => Level::Warning,
            Some("off") => Level::Off,
            Some(other) => {
                let text = Text::new("config-level-invalid")
                    .arg("found", other)
                    .arg("path", &field);
                sink.report(Code::InvalidType, Some(&field), value.span(), text);
                continue;
            }
            None => continue, // a non-string is already an invalid-type finding
        };
        severities.insert(code, level);
    }
    severities
}

/// Extra services need a LeiKa-ID that is one.
fn check_services(root: &DeTable<'_>, sink: &mut Sink<'_>) {
    let Some(services) = get(root, "services").and_then(|v| v.get_ref().as_array()) else {
        return;
    };
    for (i, service) in services.iter().enumerate() {
        if let Some(leika) = service
            .get_ref()
            .as_table()
            .and_then(|t| get(t, "leika_id"))
            && let Some(value) = leika.get_ref().as_str()
            && !is_leika_id(value)
        {
            let field = format!("services[{i}].leika_id");
            sink.report(
                Code::LeikaIdMalformed,
                Some(&field),
                leika.span(),
                Text::new("leika-id-malformed").arg("found", value),
            );
        }
    }
}

/// `[network]` within the bounds of the flags, and no widening of the network guard.
fn check_network(root: &DeTable<'_>, sink: &mut Sink<'_>) {
    let Some(network) = get(root, "network").and_then(|v| v.get_ref().as_table()) else {
        return;
    };
    let requests = i128::from(*REQUESTS.start())..=i128::from(*REQUESTS.end());
    let timeout = i128::from(*TIMEOUT_SECS.start())..=i128::from(*TIMEOUT_SECS.end());
    for (key, flag, bounds) in [
        ("concurrency", "concurrency", &requests),
        ("per_host", "per-host", &requests),
        ("timeout", "timeout", &timeout),
    ] {
        let Some(value) = get(network, key) else {
            continue;
        };
        // A non-integer is already an invalid-type finding.
        let DeValue::Integer(integer) = value.get_ref() else {
            continue;
        };
        let number = i128::from_str_radix(integer.as_str(), integer.radix()).ok();
        if number.is_some_and(|n| bounds.contains(&n)) {
            continue;
        }
        let field = format!("network.{key}");
        let found = &source_of(sink, value.span());
        let text = Text::new("config-out-of-range")
            .arg("path", &field)
            // The bounds are those of unsigned flags: they fit.
            .number("min", *bounds.start() as u64)
            .number("max", *bounds.end() as u64)
            .arg("found", found)
            .arg("flag", flag);
        sink.report(Code::InvalidType, Some(&field), value.span(), text);
    }
    if let Some(value) = get(network, "allow_private_networks")
        && let DeValue::Boolean(true) = value.get_ref()
    {
        let field = "network.allow_private_networks";
        let text = Text::new("config-network-private");
        sink.report(Code::InvalidType, Some(field), value.span(), text);
    }
}

/// `docs_url` is an address reports may link to.
fn check_docs_url(root: &DeTable<'_>, sink: &mut Sink<'_>) {
    let Some(value) = get(root, "docs_url") else {
        return;
    };
    // A non-string is already an invalid-type finding.
    if let Some(text) = value.get_ref().as_str()
        && let Err(refusal) = docs_url(text)
    {
        sink.report(Code::InvalidType, Some("docs_url"), value.span(), refusal);
    }
}

/// Where `docs/checks.md` is published (`docs_url`, `--docs-url`), checked: an https
/// address of at most [`MAX_URL_LEN`] bytes, without user name, password or `#…` (reports
/// add the anchor of each check). A link in a SARIF rule is shown to whoever reads the
/// findings, so nothing but a web page may be named.
pub fn docs_url(value: &str) -> Result<String, Text> {
    let refusal = || {
        Text::new("docs-url-invalid")
            .arg("found", value)
            .number("max", MAX_URL_LEN as u64)
    };
    if value.len() > MAX_URL_LEN {
        return Err(refusal());
    }
    let url = url::Url::parse(value).map_err(|_| refusal())?;
    let plain = url.scheme() == "https"
        && url.host().is_some()
        && url.username().is_empty()
        && url.password().is_none()
        && url.fragment().is_none();
    if !plain {
        return Err(refusal());
    }
    Ok(url.into())
}

/// The value as written (`0x10`, `1_000`), for a message about it.
fn source_of(sink: &Sink<'_>, span: Span) -> String {
    sink.source()
        .text()
        .get(span)
        .unwrap_or_default()
        .to_owned()
}

/// Every entry of `paths` lies in the config's folder, by its words and through links.
fn check_paths(root: &DeTable<'_>, dir: &Path, sink: &mut Sink<'_>) {
    let Some(paths) = get(root, "paths").and_then(|v| v.get_ref().as_array()) else {
        return;
    };
    for (i, entry) in paths.iter().enumerate() {
        let Some(name) = entry.get_ref().as_str() else {
            continue;
        };
        // Only whether the entry leaves the folder counts here: a folder, a missing path
        // or a file that is no form is for the search of forms to report.
        if let Err(Refusal::Outside(_)) = within::open(dir, name) {
            let field = format!("paths[{i}]");
            let text = Text::new("config-path-outside").arg("path", name);
            sink.report(Code::InvalidType, Some(&field), entry.span(), text);
        }
    }
}

/// The directory of `regional_keys`, read from the config's folder; what keeps it from
/// being used is a finding at the value.
fn read_areas(root: &DeTable<'_>, dir: &Path, sink: &mut Sink<'_>) -> Option<AreaDirectory> {
    let value = get(root, "regional_keys")?;
    let name = value.get_ref().as_str()?;
    match crate::areas::file::read_inside(dir, name) {
        Ok(areas) => Some(areas),
        Err(e) => {
            sink.report(
                Code::InvalidType,
                Some("regional_keys"),
                value.span(),
                e.text(name),
            );
            None
        }
    }
}

impl RunReport {
    /// Applies a repository's severities: `off` drops a finding, `error`/`warning` re-rate it.
    pub fn apply_severities(&mut self, severities: &BTreeMap<Code, Level>) {
        if severities.is_empty() {
            return;
        }
        for file in &mut self.files {
            file.diagnostics
                .retain_mut(|d| match severities.get(&d.code) {
                    Some(Level::Off) => false,
                    Some(Level::Error) => {
                        d.severity = Severity::Error;
                        true
                    }
                    Some(Level::Warning) => {
                        d.severity = Severity::Warning;
                        true
                    }
                    None => true,
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn codes(error: ConfigError) -> Vec<(&'static str, Option<String>, usize)> {
        let ConfigError::Findings(run) = error else {
            panic!("findings expected")
        };
        run.files[0]
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.field.clone(), d.line))
            .collect()
    }

    #[test]
    fn the_example_of_the_spec_loads() {
        let (_dir, path) = write(
            r#"paths = ["order-forms"]
regional_keys = "data/GV100AD_31122026.txt"

[checks]
mailbox-freemail = "error"
logo-too-small = "off"

[[services]]
id = "elterngeld"
name = "Elterngeld"
leika_id = "99041006017000"

[network]
concurrency = 16
per_host = 2
timeout = 10
allow_private_networks = false
"#,
        );
        let data = path.parent().unwrap().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::write(
            data.join("GV100AD_31122026.txt"),
            "6020261231040110000000Bremen, Stadt\n",
        )
        .unwrap();
        let loaded = load(&path).unwrap();
        let areas = loaded.areas.as_ref().unwrap();
        assert_eq!(areas.edition(), "2026-12-31");
        assert!(areas.lookup("040110000000").is_some());
        assert_eq!(loaded.config.paths, ["order-forms"]);
        assert_eq!(loaded.severities[&Code::MailboxFreemail], Level::Error);
        assert_eq!(loaded.severities[&Code::LogoTooSmall], Level::Off);
        assert_eq!(loaded.config.services[0].leika_id, "99041006017000");
        assert_eq!(loaded.config.network.timeout, Some(10));
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let (_dir, path) = write(
            "pathz = []\n[checks]\nmailbox-freemal = \"error\"\nlogo-too-small = \"fatal\"\n[network]\ntimeout = \"10\"\n[[services]]\nid = \"x\"\nname = \"X\"\nleika_id = \"123\"\n",
        );
        let found = codes(load(&path).unwrap_err());
        assert_eq!(
            found,
            vec![
                ("unknown-field", Some("pathz".into()), 1),
                ("unknown-field", Some("checks.mailbox-freemal".into()), 3),
                ("invalid-type", Some("checks.logo-too-small".into()), 4),
                ("invalid-type", Some("network.timeout".into()), 6),
                (
                    "leika-id-malformed",
                    Some("services[0].leika_id".into()),
                    10
                ),
            ]
        );
    }

    #[test]
    fn network_values_keep_the_bounds_of_the_flags_and_cannot_widen_the_guard() {
        let (_dir, path) = write(
            "[network]\nconcurrency = 0\nper_host = 70000\ntimeout = 601\nallow_private_networks = true\n",
        );
        let found = codes(load(&path).unwrap_err());
        let field = |f: &str| Some(format!("network.{f}"));
        assert_eq!(
            found,
            vec![
                ("invalid-type", field("concurrency"), 2),
                ("invalid-type", field("per_host"), 3),
                ("invalid-type", field("timeout"), 4),
                ("invalid-type", field("allow_private_networks"), 5),
            ]
        );
        let (_dir, path) = write(
            "[network]\nconcurrency = 1\nper_host = 65535\ntimeout = 600\nallow_private_networks = false\n",
        );
        let network = load(&path).unwrap().config.network;
        assert_eq!(
            (network.concurrency, network.per_host, network.timeout),
            (Some(1), Some(65535), Some(600))
        );
        let (_dir, path) = write("[network]\ntimeout = 1\n");
        assert_eq!(load(&path).unwrap().config.network.timeout, Some(1));
    }

    #[test]
    fn paths_and_regional_keys_stay_in_the_folder_of_the_config() {
        let (dir, path) = write(
            "paths = [\"forms\", \"../x\", \"/etc\", \"a/../../x\", \"./forms/..\"]\nregional_keys = \"../keys.txt\"\n",
        );
        std::fs::create_dir(dir.path().join("forms")).unwrap();
        let found = codes(load(&path).unwrap_err());
        let outside = |f: &str| ("invalid-type", Some(f.to_owned()), 1);
        assert_eq!(
            found,
            vec![
                outside("paths[1]"),
                outside("paths[2]"),
                outside("paths[3]"),
                ("invalid-type", Some("regional_keys".into()), 2),
            ]
        );
    }

    #[test]
    fn a_config_too_large_or_not_text_is_refused_unread() {
        let too_large = vec![b'#'; MAX_CONFIG_BYTES as usize + 1];
        let refused = |bytes: Vec<u8>| match parse(bytes, Path::new(FILE_NAME)) {
            Err(ConfigError::Refused(text)) => text.id,
            other => panic!("refused expected: {other:?}"),
        };
        assert_eq!(refused(too_large), "run.config-too-large");
        assert_eq!(refused(b"a = 1\n\xff".to_vec()), "run.config-not-utf8");
        assert!(parse(vec![b'#'; MAX_CONFIG_BYTES as usize], Path::new(FILE_NAME)).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn the_search_stops_at_whatever_is_named_onboard_toml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let deep = dir.path().join("a");
        std::fs::create_dir_all(&deep).unwrap();
        std::os::unix::fs::symlink("/dev/zero", deep.join(FILE_NAME)).unwrap();
        let found = find(&deep).unwrap();
        assert_eq!(found, deep.join(FILE_NAME));
        let ConfigError::Refused(text) = load_found(&found).unwrap_err() else {
            panic!("refused expected")
        };
        assert_eq!(text.id, "run.config-outside");
    }

    #[test]
    fn the_nearest_config_above_is_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        let found = find(&deep).unwrap();
        assert_eq!(
            found.canonicalize().unwrap(),
            dir.path().join(FILE_NAME).canonicalize().unwrap()
        );
    }

    #[test]
    fn docs_url_is_a_plain_https_address() {
        assert_eq!(
            docs_url("https://docs.example/onboard/checks.md").unwrap(),
            "https://docs.example/onboard/checks.md"
        );
        assert_eq!(
            docs_url("https://Docs.Example").unwrap(),
            "https://docs.example/"
        );
        for bad in [
            "http://docs.example/",
            "https://docs.example/#top",
            "https://docs.example/#",
            "https://me@docs.example/",
            "https://:pw@docs.example/",
            "javascript:alert(1)",
            "data:text/html,hi",
            "checks.md",
            " ",
        ] {
            let refusal = docs_url(bad).unwrap_err();
            assert_eq!(refusal.id, "docs-url-invalid", "{bad}");
        }
        let longest = format!("https://docs.example/{}", "a".repeat(MAX_URL_LEN - 21));
        assert!(docs_url(&longest).is_ok());
        assert!(docs_url(&format!("{longest}a")).is_err());
    }
}
