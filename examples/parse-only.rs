//! The baseline of the throughput benchmark (`scripts/bench-validate.sh`): finds the same
//! forms as `onboard validate`, reads each and parses it as TOML, in parallel as the real
//! run does, and prints how many there were. Nothing else.
//!
//! cargo run --release --example parse-only -- DIR…

use std::path::PathBuf;

use rayon::prelude::*;
use toml::de::DeTable;

fn main() -> anyhow::Result<()> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    anyhow::ensure!(!paths.is_empty(), "usage: parse-only DIR…");
    let files = onboard::discover::discover(&paths)?;
    let parsed = files
        .par_iter()
        .filter(|f| {
            std::fs::read_to_string(&f.path)
                .ok()
                .is_some_and(|text| DeTable::parse(&text).is_ok())
        })
        .count();
    println!("{parsed} of {} files parsed", files.len());
    Ok(())
}
