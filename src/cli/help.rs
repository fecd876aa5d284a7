//! The help texts of the command line, in the user's language: clap's derive gives the
//! structure, the catalogs give every text (`cli.<command>`, `cli.arg.<id>`,
//! `cli.heading.*`). Because the help must already be in the right language when clap
//! parses, `--lang` is looked for in the raw arguments first.
//!
//! clap would add `[default: …]` and `[possible values: …]` notes, with the values' doc
//! comments, in English; they are hidden and written here instead, from the catalog
//! (`cli.note.*`, `cli.value.<command>.<arg>.<value>`). clap's parse errors are said again
//! in `parse_error`.

use std::ffi::OsString;

use clap::{Arg, ArgAction, ArgMatches, Command};

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

/// Parses the command line. The texts are only read when clap has something to say (help,
/// version, a mistake), so the plain command (`plain`) parses first, and only what it does
/// not simply accept is parsed again by the command with every text in the user's language
/// (`localized`), which then says it. Both take the same arguments; only their texts differ.
/// Putting the texts into every subcommand (in German also building the command a second
/// time for its usage lines) was a tenth of a one-form run.
pub fn parse(
    plain: Command,
    localized: impl FnOnce() -> Command,
    args: &[OsString],
) -> Result<ArgMatches, clap::Error> {
    plain
        .try_get_matches_from(args)
        .or_else(|_| localized().try_get_matches_from(args))
}

/// The ids of arguments clap adds itself, which get catalog texts too.
const HELP: &str = "help";
const VERSION: &str = "version";

/// Where the help is read: lines in a terminal keep their breaks; a man page's text is
/// filled by roff, so a list there needs a paragraph per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Terminal,
    Man,
}

/// The command (and its subcommands) with every text from the catalog of `lang`.
pub fn localize(cmd: Command, lang: Lang, layout: Layout) -> Command {
    let ui = |id: &str| messages::ui(lang, id);
    // clap's own heading words, replaced: a template for "Usage:", headings for the rest.
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        ui("cli.heading.usage")
    );
    let cmd = localize_one(cmd, lang, layout, "onboard", &template);
    with_usage_in(cmd, lang)
}

/// clap writes `[OPTIONS]` into the usage lines itself: each command's line is rendered
/// once and given back in the language.
fn with_usage_in(cmd: Command, lang: Lang) -> Command {
    let options = messages::ui(lang, "cli.usage.options");
    if options == "[OPTIONS]" {
        return cmd;
    }
    let mut probe = cmd.clone();
    probe.build();
    override_usage(cmd, &mut probe, &options)
}

fn override_usage(mut cmd: Command, built: &mut Command, options: &str) -> Command {
    let rendered = built.render_usage().to_string();
    // "Usage: onboard validate [OPTIONS] [PATHS]..." without clap's English title.
    let line = rendered
        .split_once(": ")
        .map_or(rendered.as_str(), |(_, line)| line);
    cmd = cmd.override_usage(line.replace("[OPTIONS]", options));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        if let Some(built_sub) = built.find_subcommand_mut(&name) {
            cmd = cmd.mut_subcommand(&name, |sub| override_usage(sub, built_sub, options));
        }
    }
    cmd
}

/// The placeholders of an argument's values (`<FILE>`, `[PATHS]`) in the language, where
/// the catalog has them (`cli.value-name.<NAME>`).
fn localize_value_names(arg: Arg, lang: Lang) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let localized: Vec<String> = value_names(&arg)
        .into_iter()
        .map(|name| {
            messages::entry(lang, &value_name_id(&name))
                .map_or_else(|| name.clone(), |e| e.message.to_owned())
        })
        .collect();
    arg.value_names(localized)
}

/// The placeholders clap shows for an argument's values: its value names, or else its id
/// in capitals.
fn value_names(arg: &Arg) -> Vec<String> {
    match arg.get_value_names() {
        Some(names) => names.iter().map(ToString::to_string).collect(),
        None => vec![arg.get_id().as_str().to_uppercase()],
    }
}

/// The catalog id of a placeholder.
fn value_name_id(name: &str) -> String {
    format!("cli.value-name.{name}")
}

/// The catalog id of the description of `value` of the argument `arg` of `command`.
fn value_help_id(command: &str, arg: &Arg, value: &str) -> String {
    format!("cli.value.{command}.{}.{value}", arg.get_id())
}

fn localize_one(mut cmd: Command, lang: Lang, layout: Layout, id: &str, template: &str) -> Command {
    let ui = |id: &str| messages::ui(lang, id);
    let about_id = format!("cli.{id}");
    cmd = cmd
        .about(ui(&about_id))
        .help_template(template.to_owned())
        .subcommand_help_heading(ui("cli.heading.commands"))
        .subcommand_value_name(ui(&value_name_id("COMMAND")))
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
        let notes = ValueNotes::of(&arg, lang, layout, id);
        let help = ui(&arg_id);
        let long = messages::ui_help(lang, &arg_id);
        let arg = localize_value_names(arg.help_heading(heading), lang);
        match (long, notes) {
            (long, Some(notes)) => arg
                .hide_default_value(true)
                .hide_possible_values(true)
                .help(notes.short(&help))
                .long_help(notes.long(long.as_deref().unwrap_or(&help))),
            (Some(long), None) => arg.help(help).long_help(long),
            (None, None) => arg.help(help),
        }
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| {
            localize_one(sub, lang, layout, &name, template)
        });
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

/// The default and the possible values of an argument, as the help shows them, in the
/// user's language.
struct ValueNotes {
    lang: Lang,
    layout: Layout,
    defaults: Vec<String>,
    /// Each value with its help, where it has one.
    values: Vec<(String, Option<String>)>,
}

impl ValueNotes {
    /// `None` for an argument without a default or a list of values to show.
    fn of(arg: &Arg, lang: Lang, layout: Layout, command: &str) -> Option<ValueNotes> {
        if !arg.get_action().takes_values() {
            return None;
        }
        let defaults = if arg.is_hide_default_value_set() {
            Vec::new()
        } else {
            let defaults = arg.get_default_values().iter();
            defaults.map(|v| v.to_string_lossy().into_owned()).collect()
        };
        let values: Vec<(String, Option<String>)> = if arg.is_hide_possible_values_set() {
            Vec::new()
        } else {
            let visible = arg
                .get_possible_values()
                .into_iter()
                .filter(|v| !v.is_hide_set());
            visible
                .map(|v| {
                    // A value that clap would describe gets its description from the catalog.
                    let help = v
                        .get_help()
                        .map(|_| messages::ui(lang, &value_help_id(command, arg, v.get_name())));
                    (v.get_name().to_owned(), help)
                })
                .collect()
        };
        (!defaults.is_empty() || !values.is_empty()).then_some(ValueNotes {
            lang,
            layout,
            defaults,
            values,
        })
    }

    fn default_note(&self) -> Option<String> {
        let label = messages::ui(self.lang, "cli.note.default");
        (!self.defaults.is_empty()).then(|| format!("[{label}: {}]", self.defaults.join(", ")))
    }

    fn values_note(&self) -> Option<String> {
        let label = messages::ui(self.lang, "cli.note.possible-values");
        let names: Vec<&str> = self.values.iter().map(|(name, _)| name.as_str()).collect();
        (!names.is_empty()).then(|| format!("[{label}: {}]", names.join(", ")))
    }

    /// The one-line help (`-h`) with the notes after it, as clap writes them.
    fn short(&self, help: &str) -> String {
        let notes = [self.default_note(), self.values_note()];
        let mut line = help.to_owned();
        for note in notes.into_iter().flatten() {
            line.push(' ');
            line.push_str(&note);
        }
        line
    }

    /// The long help (`--help`): the values with their descriptions in a list, as clap
    /// writes them, or else in brackets; the default last.
    fn long(&self, help: &str) -> String {
        let mut text = help.to_owned();
        if self.values.iter().any(|(_, help)| help.is_some()) {
            let width = self
                .values
                .iter()
                .map(|(name, _)| name.len())
                .max()
                .unwrap_or(0);
            let heading = messages::ui(self.lang, "cli.note.possible-values-heading");
            text.push_str(&format!("\n\n{heading}:"));
            let item_break = match self.layout {
                Layout::Terminal => "\n",
                Layout::Man => "\n\n",
            };
            for (name, help) in &self.values {
                let help = help.as_deref().unwrap_or_default();
                text.push_str(&format!(
                    "{item_break}- {:width$} {help}",
                    format!("{name}:"),
                    width = width + 1
                ));
            }
            if let Some(note) = self.default_note() {
                text.push_str(&format!("\n\n{note}"));
            }
        } else {
            text.push('\n');
            for note in [self.default_note(), self.values_note()]
                .into_iter()
                .flatten()
            {
                text.push_str(&format!("\n{note}"));
            }
        }
        text
    }
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
            if arg.get_action().takes_values() {
                out.extend(value_names(arg).iter().map(|n| value_name_id(n)));
            }
            for value in arg.get_possible_values() {
                if value.get_help().is_some() {
                    out.push(value_help_id(id, arg, value.get_name()));
                }
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
        for note in ["default", "possible-values", "possible-values-heading"] {
            ids.push(format!("cli.note.{note}"));
        }
        ids.push("cli.usage.options".to_owned());
        ids.push(value_name_id("COMMAND"));
        assert!(ids.contains(&"cli.value.validate.format.sarif".to_owned()));
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
            for layout in [Layout::Terminal, Layout::Man] {
                let cmd = <super::super::Cli as clap::CommandFactory>::command();
                localize(cmd, lang, layout).debug_assert();
            }
        }
    }

    /// The help of `onboard <command>`, long (`--help`) or short (`-h`).
    fn help_text(lang: Lang, command: &str, long: bool) -> String {
        let cmd = <super::super::Cli as clap::CommandFactory>::command();
        let mut cmd = localize(cmd, lang, Layout::Terminal);
        let sub = cmd
            .find_subcommand_mut(command)
            .expect("the command exists");
        let help = if long {
            sub.render_long_help()
        } else {
            sub.render_help()
        };
        // Without the indentation, which depends on the terminal's width.
        let lines: Vec<String> = help
            .to_string()
            .lines()
            .map(|l| l.trim().to_owned())
            .collect();
        lines.join("\n")
    }

    #[test]
    fn defaults_and_values_are_noted_in_the_users_language() {
        let long = help_text(Lang::De, "validate", true);
        assert!(long.contains("Mögliche Werte:\n"), "{long}");
        assert!(
            long.contains("- human:  Befunde mit der Zeile im Bestellzettel"),
            "{long}"
        );
        assert!(long.contains("[Standard: human]"), "{long}");
        assert!(
            long.contains("[mögliche Werte: auto, always, never]"),
            "{long}"
        );
        let short = help_text(Lang::De, "validate", false);
        assert!(
            short.contains(
                "[Standard: human] [mögliche Werte: human, json, sarif, junit, github, gitlab]"
            ),
            "{short}"
        );
        for text in [long, short, help_text(Lang::De, "bundle", true)] {
            for english in ["default:", "ossible values", "cargo-style"] {
                assert!(!text.contains(english), "{english} in {text}");
            }
        }
        // English keeps clap's wording.
        let long = help_text(Lang::En, "validate", true);
        assert!(
            long.contains("Possible values:\n- human:  cargo-style diagnostics"),
            "{long}"
        );
        assert!(
            long.contains("[default: auto]\n[possible values: auto, always, never]"),
            "{long}"
        );
        let bundle = help_text(Lang::En, "bundle", false);
        assert!(bundle.contains("[default: dist]"), "{bundle}");
    }

    fn plain() -> Command {
        <super::super::Cli as clap::CommandFactory>::command()
    }

    fn args(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    /// Command lines that parse, and some that clap has something to say about.
    const ACCEPTED: &[&str] = &[
        "onboard validate",
        "onboard validate --offline order-forms/",
        "onboard --lang de validate --format json --color never a.toml b.toml",
        "onboard validate help",
        "onboard status order-forms/landkreis-osterholz.toml",
        "onboard explain --list",
        "onboard explain email-invalid --lang en",
        "onboard schema",
        "onboard bundle --offline --out dist order-forms/",
        "onboard completions bash",
        "onboard man",
    ];
    const SAID: &[&str] = &[
        "onboard",
        "onboard --help",
        "onboard -h",
        "onboard -V",
        "onboard --version",
        "onboard help",
        "onboard help validate",
        "onboard validate --help",
        "onboard validate -h",
        "onboard validat",
        "onboard validate --format xml",
        "onboard validate --bogus",
        "onboard status",
        "onboard --lang fr validate",
    ];

    #[test]
    fn a_command_line_that_parses_needs_no_texts() {
        for line in ACCEPTED {
            let matches = parse(plain(), || panic!("{line}: localized"), &args(line));
            assert!(matches.is_ok(), "{line}");
        }
        for line in SAID {
            let mut asked = false;
            let localized = || {
                asked = true;
                localize(plain(), Lang::De, Layout::Terminal)
            };
            let _ = parse(plain(), localized, &args(line));
            assert!(asked, "{line}: said with the plain command");
        }
    }

    #[test]
    fn the_plain_command_parses_as_the_localized_one() {
        use clap::FromArgMatches;
        for lang in Lang::ALL {
            for line in ACCEPTED.iter().chain(SAID) {
                let localized = || localize(plain(), lang, Layout::Terminal);
                let ours = parse(plain(), localized, &args(line));
                let theirs = localized().try_get_matches_from(args(line));
                let outcome = |result: Result<ArgMatches, clap::Error>| match result {
                    Ok(m) => format!(
                        "{:?} {:?}",
                        m.subcommand_name(),
                        super::super::Cli::from_arg_matches(&m)
                    ),
                    Err(e) => format!("{:?} {}", e.kind(), e.render()),
                };
                assert_eq!(outcome(ours), outcome(theirs), "{lang:?}: {line}");
            }
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
