//! An `onboard.toml`'s bytes through `config::parse` — what `config::load` runs once the file
//! is read: UTF-8, TOML, structure, check codes, services, the network bounds and guard,
//! `paths` and `regional_keys` resolved in a repository folder (which holds a forms folder,
//! a small GV100AD file and a link that leads out), and the human report of the findings.
//! Invariant besides "no panic": each finding's line and column lie inside the text.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use onboard::config::{self, ConfigError};
use onboard::messages::{self, Lang};
use onboard::report::{self, RenderOptions};

/// A GV100AD file of Bremen's records, as the full example names it.
const GV100AD: &str = "\
102025113004          Bremen
402025113004011       Bremen, Stadt
502025113004011   0000Bremen, Stadt
6020251130040110000000Bremen, Stadt
";

fn config_path() -> &'static Path {
    static PATH: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = PATH.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("order-forms")).expect("folder");
        std::fs::create_dir_all(dir.path().join("data")).expect("folder");
        std::fs::write(dir.path().join("data/GV100AD_31122026.txt"), GV100AD).expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink("/", dir.path().join("link-out")).expect("link");
        let path = dir.path().join(config::FILE_NAME);
        (dir, path)
    });
    path
}

fuzz_target!(|data: &[u8]| {
    match config::parse(data.to_vec(), config_path()) {
        Ok(_) => {}
        Err(ConfigError::Refused(text)) => {
            messages::message(Lang::En, &text);
        }
        Err(ConfigError::Findings(run)) => {
            let file = &run.files[0];
            let source = file.source.as_ref().expect("findings come with their text");
            let lines: Vec<&str> = source.text().split('\n').collect();
            for d in &file.diagnostics {
                assert!(d.line >= 1 && d.line <= lines.len(), "{d:?}");
                assert!(
                    d.column >= 1 && d.column <= lines[d.line - 1].chars().count() + 1,
                    "{d:?}"
                );
            }
            report::human::render(&run, &RenderOptions::default());
        }
    }
});
