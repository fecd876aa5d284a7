//! What a run pays for the data compiled into the binary before it checks a form. Most runs
//! check one form (a pre-commit hook, a clerk, one request of the web page), so the areas
//! table and the message catalogs are used where they lie in the binary, not parsed into
//! the heap at start-up: parsing them was half of a one-form run.
//!
//! The heap is measured with a counting allocator, per thread, so that tests running at the
//! same time do not count each other's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use onboard::areas::{AreaDirectory, Level};
use onboard::messages::{self, Lang};

struct Counting;

thread_local! {
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on to the system allocator unchanged; the counter is a
// const-initialised thread local, which allocates nothing itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATED.try_with(|n| n.set(n.get() + layout.size()));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grown = new_size.saturating_sub(layout.size());
        let _ = ALLOCATED.try_with(|n| n.set(n.get() + grown));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Bytes the closure allocated on this thread (freed or not).
fn allocated_by<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATED.with(Cell::get);
    let value = f();
    (ALLOCATED.with(Cell::get) - before, value)
}

#[test]
fn the_builtin_areas_cost_nothing_until_a_key_is_looked_up() {
    let (bytes, area) = allocated_by(|| {
        AreaDirectory::builtin()
            .lookup("040120000000")
            .map(|a| a.name.to_string())
    });
    assert_eq!(area.as_deref(), Some("Bremerhaven, Stadt"));
    // The edition string and the one area found; parsing the table was about 1.5 MB.
    assert!(bytes < 1024, "{bytes} bytes for the built-in areas");
    let (bytes, level) = allocated_by(|| AreaDirectory::builtin().lookup("03356").map(|a| a.level));
    assert_eq!(level, Some(Level::Kreis));
    assert!(bytes < 256, "{bytes} bytes for one more key");
}

#[test]
fn the_message_catalogs_cost_nothing_to_open() {
    for lang in Lang::ALL {
        let (bytes, count) = allocated_by(|| messages::catalog(lang).len());
        assert!(count > 400, "{lang:?}: {count} entries");
        // Parsing a catalog from its TOML was about 0.5 MB.
        assert_eq!(bytes, 0, "{lang:?}: {bytes} bytes to open the catalog");
        let (bytes, text) = allocated_by(|| messages::entry(lang, "cli.heading.usage"));
        assert!(text.is_some());
        assert_eq!(bytes, 0, "{lang:?}: {bytes} bytes to find an entry");
    }
}

/// Most of a one-form run's peak memory is the binary's own pages, and a quarter of its time
/// goes to loading it (applying its relocations): optimised as one unit (fat LTO, one codegen
/// unit) the binary has 2.7 MB less code and a third fewer relocations, and the run 1.3 MB
/// less peak memory. Thin LTO gives neither (measured, README "Performance").
#[test]
fn the_release_build_is_optimised_as_one_unit() {
    let manifest: toml::Table = toml::from_str(include_str!("../Cargo.toml")).unwrap();
    let release = &manifest["profile"]["release"];
    assert_eq!(release.get("lto").and_then(|v| v.as_str()), Some("fat"));
    assert_eq!(
        release.get("codegen-units").and_then(|v| v.as_integer()),
        Some(1)
    );
}
