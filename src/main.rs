//! The `onboard` binary: everything is in the library; `cli` wires it up.

mod cli;

// The checks of many forms allocate many small strings on every core at once; mimalloc
// keeps that from contending (about a tenth of the CPU time of a run went to glibc malloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
