//! Asking one question: on a terminal with `dialoguer`, otherwise one line of stdin per
//! answer (so that scripts and tests can pipe the answers in).

use std::io::{BufRead, IsTerminal, Write};

/// Where answers come from.
pub trait Prompter {
    /// Asks for one answer; `Ok(None)` when no more answers come (end of input).
    fn ask(&mut self, prompt: &str, default: Option<&str>) -> std::io::Result<Option<String>>;
    /// Shows a line: a heading, a note, a warning or why an answer was refused.
    fn say(&mut self, line: &str);
}

/// The prompter for this process: a terminal on stdin asks interactively.
pub fn for_stdin() -> Box<dyn Prompter> {
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        Box::new(Terminal)
    } else {
        Box::new(Lines {
            input: std::io::stdin().lock(),
        })
    }
}

struct Terminal;

impl Prompter for Terminal {
    fn ask(&mut self, prompt: &str, default: Option<&str>) -> std::io::Result<Option<String>> {
        let mut input = dialoguer::Input::<String>::new()
            .with_prompt(prompt)
            .allow_empty(true);
        if let Some(d) = default {
            input = input.default(d.to_owned());
        }
        match input.interact_text() {
            Ok(answer) => Ok(Some(answer)),
            Err(dialoguer::Error::IO(e)) => Err(e),
        }
    }

    fn say(&mut self, line: &str) {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}

/// Answers one per line, as piped in; the questions go to stderr so a log shows both.
pub struct Lines<R> {
    pub input: R,
}

impl<R: BufRead> Prompter for Lines<R> {
    fn ask(&mut self, prompt: &str, default: Option<&str>) -> std::io::Result<Option<String>> {
        let mut err = std::io::stderr();
        match default {
            Some(d) => {
                let _ = writeln!(err, "{prompt} [{d}]:");
            }
            None => {
                let _ = writeln!(err, "{prompt}:");
            }
        }
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let answer = line.trim_end_matches(['\n', '\r']).to_owned();
        Ok(Some(match default {
            Some(d) if answer.trim().is_empty() => d.to_owned(),
            _ => answer,
        }))
    }

    fn say(&mut self, line: &str) {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}
