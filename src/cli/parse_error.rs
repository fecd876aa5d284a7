//! Mistakes on the command line, said in the user's language. clap writes its errors in
//! English only; the common kinds are said again here from the catalogs (`cli.error.*`),
//! with what clap found (the argument, the value, a similar name). Kinds that have no text
//! here stay as clap writes them.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use onboard::finding::diagnostic::Text;
use onboard::messages::{self, Lang};
use onboard::network::PinError;

/// The whole message for stderr, or `None` to let clap say it.
pub fn render(error: &Error, lang: Lang) -> Option<String> {
    let arg = || context(error, ContextKind::InvalidArg);
    let value = || context(error, ContextKind::InvalidValue);
    let headline = match error.kind() {
        ErrorKind::UnknownArgument => Text::new("cli.error.unknown-argument").arg("arg", arg()?),
        ErrorKind::InvalidSubcommand => Text::new("cli.error.unknown-command")
            .arg("command", context(error, ContextKind::InvalidSubcommand)?),
        ErrorKind::InvalidValue if value().is_some_and(|v| v.is_empty()) => {
            Text::new("cli.error.missing-value").arg("arg", arg()?)
        }
        ErrorKind::InvalidValue => Text::new("cli.error.invalid-value")
            .arg("value", value()?)
            .arg("arg", arg()?),
        // A value our own parser refused, with its reason as a catalog text.
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)?.downcast_ref::<PinError>()?;
            Text::new("cli.error.invalid-value-reason")
                .arg("value", value()?)
                .arg("arg", arg()?)
                .nested("reason", reason.0.clone())
        }
        ErrorKind::MissingRequiredArgument => {
            Text::new("cli.error.missing-arguments").arg("args", arg()?)
        }
        ErrorKind::ArgumentConflict => Text::new("cli.error.conflict")
            .arg("arg", arg()?)
            .arg("other", context(error, ContextKind::PriorArg)?),
        ErrorKind::TooManyValues => Text::new("cli.error.too-many-values")
            .arg("value", value()?)
            .arg("arg", arg()?),
        _ => return None,
    };
    let mut out = format!(
        "{}: {}\n",
        messages::ui(lang, "run.error"),
        messages::message(lang, &headline)
    );
    let mut notes = Vec::new();
    if let Some(values) = context(error, ContextKind::ValidValue) {
        notes.push(Text::new("cli.error.possible-values").arg("values", values));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        if let Some(suggestion) = context(error, kind) {
            notes.push(Text::new("cli.error.similar").arg("suggestion", suggestion));
        }
    }
    let mut as_is = Vec::new();
    if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
        for tip in tips.iter().map(ToString::to_string) {
            // clap's one tip with a fixed form: an argument that looks like a flag.
            match arg().filter(|_| tip.starts_with("to pass ")) {
                Some(arg) => notes.push(Text::new("cli.error.as-value").arg("arg", arg)),
                None => as_is.push(tip),
            }
        }
    }
    let label = messages::ui(lang, "run.help");
    for note in notes
        .iter()
        .map(|note| messages::message(lang, note))
        .chain(as_is)
    {
        out.push_str(&format!("  {label}: {note}\n"));
    }
    if let Some(usage) = context(error, ContextKind::Usage) {
        // clap's usage line starts with its own word for it.
        let usage = usage.trim().trim_start_matches("Usage:").trim_start();
        out.push_str(&format!(
            "\n{}: {usage}\n",
            messages::ui(lang, "cli.heading.usage")
        ));
    }
    out.push_str(&format!(
        "\n{}\n",
        messages::message(lang, &Text::new("cli.error.more"))
    ));
    Some(out)
}

/// A piece of clap's context as plain text; lists joined with `, `.
fn context(error: &Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) if !list.is_empty() => Some(list.join(", ")),
        ContextValue::StyledStr(styled) => Some(styled.to_string()),
        ContextValue::StyledStrs(list) if !list.is_empty() => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(args: &[&str], lang: Lang) -> Error {
        let mut full = vec!["onboard"];
        full.extend_from_slice(args);
        crate::cli::command(lang)
            .try_get_matches_from(full)
            .expect_err("a mistake on the command line")
    }

    fn said(args: &[&str], lang: Lang) -> String {
        render(&error_of(args, lang), lang).expect("a kind with a text")
    }

    #[test]
    fn the_common_mistakes_are_said_in_german() {
        let out = said(&["validate", "--bogus"], Lang::De);
        assert!(
            out.starts_with("Fehler: unbekanntes Argument `--bogus`\n"),
            "{out}"
        );
        assert!(out.contains("`-- --bogus`"), "{out}");
        assert!(
            out.contains("\nAufruf: onboard validate [OPTIONEN] [PFADE]..."),
            "{out}"
        );
        assert!(out.ends_with("Mehr dazu: `--help`\n"), "{out}");

        let out = said(&["validate", "--format", "xml"], Lang::De);
        assert!(out.starts_with("Fehler: ungültiger Wert `xml` für `--format <FORMAT>`"));
        assert!(out.contains("mögliche Werte: human, json, sarif, junit, github, gitlab"));

        let out = said(&["valdate"], Lang::De);
        assert!(
            out.starts_with("Fehler: unbekannter Befehl `valdate`"),
            "{out}"
        );
        assert!(out.contains("Hilfe: ähnlich heißt `validate`"), "{out}");

        let out = said(&["validate", "--deny-warning"], Lang::De);
        assert!(out.contains("ähnlich heißt `--deny-warnings`"), "{out}");

        let out = said(&["bundle", "--out"], Lang::De);
        assert!(
            out.starts_with("Fehler: `--out <ORDNER>` braucht einen Wert"),
            "{out}"
        );

        let out = said(&["explain"], Lang::De);
        assert!(
            out.starts_with("Fehler: es fehlen diese nötigen Argumente: "),
            "{out}"
        );
    }

    #[test]
    fn and_in_english() {
        let out = said(&["validate", "--format", "xml"], Lang::En);
        assert!(out.starts_with("error: invalid value `xml` for `--format <FORMAT>`"));
        assert!(
            out.contains("\nUsage: ") || !out.contains("Aufruf"),
            "{out}"
        );
        let out = said(&["valdate"], Lang::En);
        assert!(
            out.contains("help: a similar one exists: `validate`"),
            "{out}"
        );
    }

    #[test]
    fn help_and_version_are_not_mistakes() {
        for args in [["--help"], ["--version"]] {
            let kind = error_of(&args, Lang::De).kind();
            assert!(matches!(
                kind,
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ));
            assert!(render(&error_of(&args, Lang::De), Lang::De).is_none());
        }
    }
}
