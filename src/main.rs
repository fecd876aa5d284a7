//! The `onboard` binary: everything is in the library; `cli` wires it up.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
