//! Shell comfort: completion scripts (clap_complete) and man pages (clap_mangen), both made
//! from the same localized command as the help.

use std::path::PathBuf;
use std::process::ExitCode;

use onboard::finding::diagnostic::Text;

use super::{fail_text, write_stdout};

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The shells completions are made for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn completions(args: CompletionsArgs, mut cmd: clap::Command) -> ExitCode {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "onboard", &mut out);
    write_stdout(&String::from_utf8_lossy(&out));
    ExitCode::SUCCESS
}

/// Without `--dir`, the page of `onboard` itself on stdout; with it, one page per command
/// (`onboard.1`, `onboard-validate.1`, …) into that folder.
pub fn man(args: ManArgs, cmd: clap::Command) -> ExitCode {
    let cmd = cmd.version(env!("CARGO_PKG_VERSION"));
    match args.dir {
        None => {
            let mut out = Vec::new();
            if let Err(e) = clap_mangen::Man::new(cmd).render(&mut out) {
                return fail_text(
                    &Text::new("run.io")
                        .arg("path", "-")
                        .arg("reason", e.to_string()),
                );
            }
            write_stdout(&String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
        Some(dir) => {
            let written =
                std::fs::create_dir_all(&dir).and_then(|()| clap_mangen::generate_to(cmd, &dir));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail_text(
                    &Text::new("run.io")
                        .arg("path", dir.display().to_string())
                        .arg("reason", e.to_string()),
                ),
            }
        }
    }
}
