//! The help texts of the command line, in the user's language: clap's derive gives the
//! structure, the catalogs give every text (`cli.<command>`, `cli.arg.<id>`,
//! `cli.heading.*`). Because the help must already be in the right language when clap
//! parses, `--lang` is looked for in the raw arguments first.
//!
//! What clap writes itself stays English: the bracketed `[default: …]` and
//! `[possible values: …]` notes. Its parse errors are said again in `parse_error`.

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command};

use onboard::messages::{self, Lang};

/// The `--lang` value among the arguments, if there is a valid one (before a `--`).
pub fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut iter = args.iter().skip(1).map(|a| a.to_str().unwrap_or_default());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            return None;
        }
        if arg == "--lang" {
            return iter.next().and_then(Lang::from_code);
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Lang::from_code(value);
        }
    }
    None
}

/// The ids of arguments clap adds itself, which get catalog texts too.
const HELP: &str = "help";
const VERSION: &str = "version";

/// The command (and its subcommands) with every text from the catalog of `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let ui = |id: &str| messages::ui(lang, id);
    // clap's own heading words, replaced: a template for "Usage:", headings for the rest.
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        ui("cli.heading.usage")
    );
    localize_one(cmd, lang, "onboard", &template)
}

fn localize_one(mut cmd: Command, lang: Lang, id: &str, template: &str) -> Command {
    let ui = |id: &str| messages::ui(lang, id);
    let about_id = format!("cli.{id}");
    cmd = cmd
        .about(ui(&about_id))
        .help_template(template.to_owned())
        .subcommand_help_heading(ui("cli.heading.commands"))
        .disable_help_flag(true)
        .arg(
            Arg::new(HELP)
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(ui("cli.arg.help")),
        );
    if let Some(long) = messages::ui_help(lang, &about_id) {
        cmd = cmd.long_about(long);
    }
    if id == "onboard" {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new(VERSION)
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(ui("cli.arg.version")),
        );
    }
    cmd = cmd.mut_args(|arg| {
        let arg_id = format!("cli.arg.{}", arg.get_id());
        let heading = match arg.get_help_heading() {
            Some(h) => ui(&format!("cli.heading.{h}")),
            None if arg.is_positional() => ui("cli.heading.arguments"),
            None => ui("cli.heading.options"),
        };
        let mut arg = arg.help(ui(&arg_id)).help_heading(heading);
        if let Some(long) = messages::ui_help(lang, &arg_id) {
            arg = arg.long_help(long);
        }
        arg
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| localize_one(sub, lang, &name, template));
    }
    if cmd.has_subcommands() {
        // clap's `help` subcommand would bring its English about; this one is ours.
        cmd = cmd.disable_help_subcommand(true).subcommand(
            Command::new(HELP)
                .about(ui("cli.help"))
                .help_template(template.to_owned())
                .arg(
                    Arg::new("command")
                        .action(ArgAction::Set)
                        .help(ui("cli.arg.help-command"))
                        .help_heading(ui("cli.heading.arguments")),
                ),
        );
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_ids(cmd: &Command, id: &str, out: &mut Vec<String>) {
        out.push(format!("cli.{id}"));
        for arg in cmd.get_arguments() {
            out.push(format!("cli.arg.{}", arg.get_id()));
            if let Some(h) = arg.get_help_heading() {
                out.push(format!("cli.heading.{h}"));
            }
        }
        for sub in cmd.get_subcommands() {
            all_ids(sub, sub.get_name(), out);
        }
    }

    #[test]
    fn every_command_and_argument_has_a_text_in_both_languages() {
        let cmd = <super::super::Cli as clap::CommandFactory>::command();
        let mut ids = vec![
            "cli.help".to_owned(),
            "cli.arg.help".to_owned(),
            "cli.arg.version".to_owned(),
            "cli.arg.help-command".to_owned(),
        ];
        all_ids(&cmd, "onboard", &mut ids);
        for h in ["usage", "commands", "arguments", "options"] {
            ids.push(format!("cli.heading.{h}"));
        }
        for lang in Lang::ALL {
            let missing: Vec<&String> = ids
                .iter()
                .filter(|id| !messages::catalog(lang).contains(id))
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn the_localized_command_is_consistent() {
        for lang in Lang::ALL {
            localize(<super::super::Cli as clap::CommandFactory>::command(), lang).debug_assert();
        }
    }

    #[test]
    fn lang_is_found_before_parsing() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_in_args(&args(&["onboard", "--lang", "de"])),
            Some(Lang::De)
        );
        assert_eq!(
            lang_in_args(&args(&["onboard", "x", "--lang=en"])),
            Some(Lang::En)
        );
        assert_eq!(
            lang_in_args(&args(&["onboard", "--", "--lang", "de"])),
            None
        );
        assert_eq!(lang_in_args(&args(&["onboard", "--lang", "fr"])), None);
    }
}
