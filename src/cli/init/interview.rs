//! The questions of `init --interactive`, in the order of the guide's steps, each answer
//! checked by [`onboard::template::answers::check`] and asked again while it is wrong.

use std::path::Path;

use onboard::areas::AreaDirectory;
use onboard::diagnostic::Text;
use onboard::messages::{self, Lang};
use onboard::status::step_title;
use onboard::template::answers::{self, Env, yes_no};
use onboard::template::{Answers, ContactAnswer, Value, field_at};

use super::prompt::{Prompter, for_stdin};

/// The fields of step 7 (Bestellzettel ausfüllen), in the order they are asked.
const STEP_7: &[&str] = &[
    "tenant_id",
    "authority.name",
    "authority.street",
    "authority.house_number",
    "authority.postal_code",
    "authority.city",
    "authority.state",
    "authority.phone",
    "authority.website",
    "jurisdiction.regional_keys",
    "jurisdiction.description",
    "logo.file",
    "logo.alt_text",
];

struct Interview<'a> {
    lang: Lang,
    env: Env<'a>,
    prompter: Box<dyn Prompter>,
    answers: Answers,
}

/// Asks every value; `Err` says why the questions ended early.
pub fn run(lang: Lang, form_dir: &Path) -> Result<Answers, Text> {
    let mut interview = Interview {
        lang,
        env: Env {
            areas: AreaDirectory::builtin(),
            today: onboard::validate::today(),
            form_dir,
        },
        prompter: for_stdin(),
        answers: Answers::default(),
    };
    interview.all()?;
    Ok(interview.answers)
}

impl Interview<'_> {
    fn ui(&self, id: &str) -> String {
        messages::ui(self.lang, id)
    }

    fn say_text(&mut self, prefix_id: &str, text: &Text) {
        let prefix = self.ui(prefix_id);
        let mut line = format!("  {prefix}: {}", messages::message(self.lang, text));
        if let Some(help) = messages::help(self.lang, text) {
            line.push_str(&format!("\n    {}: {help}", self.ui("run.help")));
        }
        self.prompter.say(&line);
    }

    fn heading(&mut self, step: u8) {
        let text = Text::new("init.step")
            .arg("step", step.to_string())
            .term("title", step_title(step));
        let line = format!("\n{}", messages::message(self.lang, &text));
        self.prompter.say(&line);
    }

    fn all(&mut self) -> Result<(), Text> {
        let intro = self.ui("init.intro");
        self.prompter.say(&intro);
        self.heading(1);
        loop {
            let person = self.contact("contacts.professional")?;
            self.answers.professional.push(person);
            if !self.confirm("init.more-professional")? {
                break;
            }
        }
        let technical = self.contact("contacts.technical")?;
        self.answers.technical = Some(technical);

        self.heading(2);
        self.field("onboarding.state_agreement_on")?;
        self.heading(3);
        let pvog = self.confirm("field.onboarding.pvog_entry")?;
        self.answers
            .values
            .insert("onboarding.pvog_entry", Value::Bool(pvog));
        let ready = pvog
            && self
                .answers
                .values
                .contains_key("onboarding.state_agreement_on");
        if ready {
            self.field("onboarding.stage")?;
        } else {
            let note = self.ui("init.stage-test");
            self.prompter.say(&format!("  {note}"));
            self.answers
                .values
                .insert("onboarding.stage", Value::Text("test".into()));
        }
        self.heading(4);
        self.field("mailboxes.applications")?;
        self.heading(5);
        self.field("mailboxes.contact_form")?;
        self.heading(6);
        self.field("privacy_policy.url")?;
        self.heading(7);
        for path in STEP_7 {
            self.field(path)?;
        }
        Ok(())
    }

    fn contact(&mut self, table: &str) -> Result<ContactAnswer, Text> {
        let mut person = ContactAnswer::default();
        for key in ["name", "email", "phone"] {
            let path = format!("{table}.{key}");
            let value = self.ask_checked(&path)?;
            let text = match value {
                Some(Value::Text(s)) => Some(s),
                _ => None,
            };
            match key {
                "name" => person.name = text.unwrap_or_default(),
                "email" => person.email = text.unwrap_or_default(),
                _ => person.phone = text,
            }
        }
        Ok(person)
    }

    /// Asks a field outside `[contacts]` and keeps its answer.
    fn field(&mut self, path: &str) -> Result<(), Text> {
        let Some(field) = field_at(path) else {
            return Ok(());
        };
        if let Some(value) = self.ask_checked(path)? {
            self.answers.values.insert(field.path, value);
        }
        Ok(())
    }

    /// A yes/no question with "no" as the default.
    fn confirm(&mut self, id: &str) -> Result<bool, Text> {
        let prompt = format!("{} ({})", self.ui(id), self.ui("init.yes-no"));
        let default = self.ui("init.no");
        loop {
            let answer = self.answer(&prompt, Some(&default))?;
            match yes_no(&answer) {
                Some(b) => return Ok(b),
                None => {
                    let text = Text::new("init.not-yes-no").arg("found", answer);
                    self.say_text("term.severity.error", &text);
                }
            }
        }
    }

    fn answer(&mut self, prompt: &str, default: Option<&str>) -> Result<String, Text> {
        match self.prompter.ask(prompt, default) {
            Ok(Some(answer)) => Ok(answer),
            Ok(None) => Err(Text::new("init.answers-ended")),
            Err(e) => Err(Text::new("init.prompt-failed").arg("reason", e.to_string())),
        }
    }

    /// Asks until the answer passes the checks; shows warnings and notes of the answer taken.
    fn ask_checked(&mut self, path: &str) -> Result<Option<Value>, Text> {
        let field = field_at(path);
        let mut prompt = self.ui(&format!("field.{path}"));
        let optional = field.is_some_and(|f| f.preset == onboard::template::Preset::Optional);
        if let Some(f) = field {
            let example = f.example.trim_matches(['[', ']']).trim_matches('"');
            let hint = messages::message(
                self.lang,
                &Text::new(if optional {
                    "init.hint-optional"
                } else {
                    "init.hint"
                })
                .arg("example", example),
            );
            prompt = format!("{prompt} ({hint})");
        }
        let default = (path == "onboarding.stage").then_some("test");
        loop {
            let answer = self.answer(&prompt, default)?;
            match answers::check(path, &answer, &self.answers, &self.env) {
                Ok(accepted) => {
                    for warning in &accepted.warnings {
                        self.say_text("term.severity.warning", warning);
                    }
                    for note in &accepted.notes {
                        let line = format!("  {}", messages::message(self.lang, note));
                        self.prompter.say(&line);
                    }
                    return Ok(accepted.value);
                }
                Err(errors) => {
                    for error in &errors {
                        self.say_text("term.severity.error", error);
                    }
                }
            }
        }
    }
}
