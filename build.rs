//! Data compiled into the binary as Rust tables, so that a run uses it where it lies instead
//! of parsing it at every start (most runs check one form, where that parsing was half the
//! time): the message catalogs (`build/catalogs.rs`) and an index of the area table
//! (`build/areas.rs`). The data files stay the one place the data is written.

use std::path::Path;

#[path = "build/areas.rs"]
mod areas;
#[path = "build/catalogs.rs"]
mod catalogs;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build");
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    catalogs::write(Path::new(&dir));
    areas::write(Path::new(&dir));
}
