//! The repository config `onboard.toml`: default paths, per-code severities, extra
//! services, the GV100AD file and network defaults — a repository's policy in one file
//! instead of flags copied between pipelines. Command-line flags win over it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::de::DeTable;

use crate::catalog::Service;
use crate::checks::registry::{Code, Severity};
use crate::checks::service::is_leika_id;
use crate::diagnostic::{Sink, Text};
use crate::form::shape::{TableShape, from_schema};
use crate::form::source::SourceText;
use crate::form::structure::{check_shape, closest};
use crate::validate::{Facts, FormReport, RunReport};

/// The file name looked for in the current folder and above.
pub const FILE_NAME: &str = "onboard.toml";

/// `onboard.toml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    /// What `onboard validate` checks when no path is given, relative to this file.
    #[serde(default)]
    pub paths: Vec<String>,
    /// A Destatis GV100AD file to check regional keys against, relative to this file.
    #[serde(default)]
    pub regional_keys: Option<String>,
    /// Severity per check code: "error", "warning" or "off".
    #[serde(default)]
    pub checks: BTreeMap<String, Level>,
    /// Services beyond the built-in catalog.
    #[serde(default)]
    pub services: Vec<Service>,
    #[serde(default)]
    pub network: NetworkConfig,
}

/// A severity a repository gives a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// Defaults of the online check.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    /// Requests in flight at most.
    pub concurrency: Option<u16>,
    /// Requests against one host at a time at most.
    pub per_host: Option<u16>,
    /// Seconds one request may take.
    pub timeout: Option<u64>,
    /// Let links lead to non-public addresses (intranet use).
    pub allow_private_networks: Option<bool>,
}

/// A config that was read, with the folder its relative paths start from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub config: RepoConfig,
    /// `[checks]` as codes.
    pub severities: BTreeMap<Code, Level>,
}

/// Why a config cannot be used: its findings, as a report like a form's.
#[derive(Debug)]
pub enum ConfigError {
    Unreadable(String),
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

/// `onboard.toml` in `start` or the nearest folder above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start.to_path_buf());
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
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

/// Reads and checks a config; every problem is reported at its place, all at once.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let display = path.display().to_string();
    let display = display.strip_prefix("./").unwrap_or(&display).to_owned();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::Unreadable(format!("{display}: {e}")))?;
    let source = SourceText::new(text);
    let mut sink = Sink::new(&source, &display);
    let (root, errors) = DeTable::parse_recoverable(source.text());
    let mut loaded = None;
    if let Some(error) = errors.first() {
        let text = Text::new("toml-syntax")
            .arg("reason", error.message().lines().next().unwrap_or_default());
        sink.report(Code::TomlSyntax, None, error.span().unwrap_or(0..0), text);
    } else {
        let root = root.get_ref();
        check_shape(root, shape(), &mut sink);
        let severities = check_codes(root, &mut sink);
        check_services(root, &mut sink);
        if sink.diagnostics.is_empty() {
            match toml::from_str::<RepoConfig>(source.text()) {
                Ok(config) => {
                    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    let dir = if dir.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        dir
                    };
                    loaded = Some(Loaded {
                        path: path.to_path_buf(),
                        dir,
                        config,
                        severities,
                    });
                }
                Err(e) => {
                    let text = Text::new("config-invalid-value")
                        .arg("reason", e.message().lines().next().unwrap_or_default());
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
                path: display,
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
        let loaded = load(&path).unwrap();
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
}
