//! The `onboard` binary: everything is in the library; the front ends over it are the
//! command line (`cli`) and the web server (`web`, started by `onboard serve`).

mod cli;
mod web;

// The checks of many forms allocate many small strings on every core at once; mimalloc
// keeps that from contending (about a tenth of the CPU time of a run went to glibc malloc).
// It is built without transparent huge pages (the `no_thp` feature; the test below says why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// mimalloc reserves a 1 GiB arena up front. Asked for transparent huge pages there, the
    /// kernel faults in and zeroes 2 MiB at a time: half of a one-form run's peak memory
    /// (13 of 26 MB) and a sixth of its time went to that.
    #[test]
    fn the_allocator_asks_for_no_huge_pages() {
        let touched: Vec<u64> = (0..1u64 << 19).collect();
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let advised = smaps
            .lines()
            .filter_map(|line| line.strip_prefix("VmFlags:"))
            .filter(|flags| flags.split_whitespace().any(|flag| flag == "hg"))
            .count();
        assert_eq!(advised, 0, "{} mappings advised for huge pages", advised);
        assert_eq!(touched.len(), 1 << 19);
    }
}
