//! The questions of `init --interactive`, in the order of the guide's steps, each answer
//! checked by [`onboard::template::answers::check`] and asked again while it is wrong (or,
//! with only a warning, unless the clerk chooses to use it anyway).

use std::path::Path;

use onboard::areas::{LANDER, land_code_of, land_key, typed_key};
use onboard::engine::Settings;
use onboard::fields::{self, Field, Preset, step_title};
use onboard::finding::diagnostic::Text;
use onboard::limits::MAX_AREA_MATCHES;
use onboard::messages::{self, Lang};
use onboard::template::answers::{self, Env, yes_no};
use onboard::template::{Answers, ContactAnswer, Value, suggested_tenant_id};

use super::prompt::{Prompter, for_stdin};

/// The fields asked under step 7 (Bestellzettel ausfüllen), in the order `asked_at` gives
/// (the office's name first, so that its short name can be suggested): those to fill in
/// that no earlier step asks for (not the preset ones, such as `service.id`).
fn step_7() -> Vec<&'static Field> {
    fields::asked_at(7)
        .filter(|f| matches!(f.preset, Preset::Blank | Preset::Optional))
        .collect()
}

struct Interview<'a> {
    lang: Lang,
    env: Env<'a>,
    prompter: Box<dyn Prompter>,
    answers: Answers,
}

/// Asks every value, checking each against the run's areas and date; `Err` says why the
/// questions ended early.
pub fn run(lang: Lang, form_dir: &Path, settings: &Settings) -> Result<Answers, Text> {
    let mut interview = Interview {
        lang,
        env: Env {
            areas: &settings.areas,
            today: settings.today,
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
        let text = &onboard::messages::clerk::in_her_words(self.lang, text);
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
            let person = self.contact(&fields::PROFESSIONAL)?;
            self.answers.professional.push(person);
            if !self.confirm("init.more-professional")? {
                break;
            }
        }
        let technical = self.contact(&fields::TECHNICAL)?;
        self.answers.technical = Some(technical);

        self.heading(2);
        self.field(fields::STATE_AGREEMENT_ON.path)?;
        self.heading(3);
        let pvog = fields::PVOG_ENTRY;
        let entered = self.confirm(pvog.label().unwrap_or_default())?;
        self.answers.values.insert(pvog.path, Value::Bool(entered));
        let ready = entered
            && self
                .answers
                .values
                .contains_key(fields::STATE_AGREEMENT_ON.path);
        if ready {
            self.field(fields::STAGE.path)?;
        } else {
            let note = self.ui("init.stage-test");
            self.prompter.say(&format!("  {note}"));
            self.answers
                .values
                .insert(fields::STAGE.path, Value::Text("test".into()));
        }
        self.heading(4);
        self.field(fields::APPLICATIONS.path)?;
        self.heading(5);
        self.field(fields::CONTACT_FORM.path)?;
        self.heading(6);
        self.field(fields::PRIVACY_URL.path)?;
        self.heading(7);
        for field in step_7() {
            self.field(field.path)?;
        }
        Ok(())
    }

    /// Asks the fields of one contact person's table, in the order of the form.
    fn contact(&mut self, table: &Field) -> Result<ContactAnswer, Text> {
        let mut person = ContactAnswer::default();
        for field in fields::FIELDS.iter().filter(|f| f.table() == table.path) {
            let value = self.ask_checked(field.path)?;
            let text = match value {
                Some(Value::Text(s)) => Some(s),
                _ => None,
            };
            person.set(field.key(), text);
        }
        Ok(person)
    }

    /// Asks a field outside `[contacts]` and keeps its answer.
    fn field(&mut self, path: &str) -> Result<(), Text> {
        let Some(field) = fields::find(path) else {
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
        self.yes_or_no(&prompt, true)
    }

    /// Asks `prompt` until the answer is yes or no; an empty answer is no. The default is
    /// shown as `[nein]` unless the prompt says it itself (`[j/N]`).
    fn yes_or_no(&mut self, prompt: &str, show_default: bool) -> Result<bool, Text> {
        let default = self.ui("init.no");
        loop {
            let answer = self.answer(prompt, show_default.then_some(default.as_str()))?;
            if answer.trim().is_empty() {
                return Ok(false);
            }
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
        let field = fields::find(path);
        let mut prompt = self.ui(field.and_then(Field::label).unwrap_or(path));
        let optional = field.is_some_and(|f| f.preset == Preset::Optional);
        if let Some(f) = field {
            let example = onboard::form::typed_example(f, self.lang);
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
        let suggested = self.suggestion(path);
        if path == fields::STATE.path {
            prompt = self.list_lander();
        }
        loop {
            let mut answer = self.answer(&prompt, suggested.as_deref())?;
            if path == fields::STATE.path {
                match land_code_of(&answer) {
                    Some(code) => answer = code.to_owned(),
                    None => {
                        let text = Text::new("init.state-not-offered")
                            .arg("found", answer)
                            .arg("count", LANDER.len().to_string());
                        self.say_text("term.severity.error", &text);
                        continue;
                    }
                }
            }
            if path == fields::REGIONAL_KEYS.path {
                match self.names_to_keys(&answer)? {
                    Some(keys) => answer = keys,
                    None => continue,
                }
            }
            match answers::check(path, &answer, &self.answers, &self.env) {
                Ok(accepted) => {
                    for warning in &accepted.warnings {
                        self.say_text("term.severity.warning", warning);
                    }
                    // A warned answer is kept only when the clerk says so, never silently.
                    if !accepted.warnings.is_empty() {
                        let question = self.ui("init.use-anyway");
                        if !self.yes_or_no(&question, false)? {
                            continue;
                        }
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

    /// What Enter takes: the stage `test`, and a short name made from the office's name.
    fn suggestion(&self, path: &str) -> Option<String> {
        if path == fields::STAGE.path {
            return Some("test".to_owned());
        }
        if path != fields::TENANT_ID.path {
            return None;
        }
        match self.answers.values.get(fields::AUTHORITY_NAME.path) {
            Some(Value::Text(name)) => suggested_tenant_id(name),
            _ => None,
        }
    }

    /// Lists the Länder, numbered (the number is also the first digits of the Land's
    /// regional keys), and returns the question that asks for one.
    fn list_lander(&mut self) -> String {
        let heading = self.ui("init.state-list");
        self.prompter.say(&heading);
        for (index, (code, _, name)) in LANDER.iter().enumerate() {
            let text = Text::new("init.state-choice")
                .arg("number", format!("{:>2}", index + 1))
                .arg("name", *name)
                .arg("code", *code);
            let line = format!("  {}", messages::message(self.lang, &text));
            self.prompter.say(&line);
        }
        let text = Text::new("init.state-choose").arg("count", LANDER.len().to_string());
        messages::message(self.lang, &text)
    }

    /// The answer to the area question with each name ("Osterholz") replaced by the key of
    /// the area the clerk picks from the directory's matches (the search of `/api/areas`, in
    /// the office's Land); keys stay as typed. `None`: a name matched nothing, ask again.
    fn names_to_keys(&mut self, answer: &str) -> Result<Option<String>, Text> {
        let land = match self.answers.values.get(fields::STATE.path) {
            Some(Value::Text(state)) => land_key(state),
            _ => None,
        };
        // Commas separate areas, but some names hold one ("Bremen, Stadt"): a whole answer
        // that is the name of an area is that one area.
        let whole = answer.trim();
        let one_name = whole.contains([',', ';'])
            && self
                .env
                .areas
                .search(whole, land, MAX_AREA_MATCHES)
                .iter()
                .any(|area| area.name.to_lowercase() == whole.to_lowercase());
        let typed: Vec<&str> = if one_name {
            vec![whole]
        } else {
            answer.split([',', ';']).map(str::trim).collect()
        };
        let mut parts = Vec::new();
        for part in typed {
            if part.is_empty() || typed_key(part).is_some() {
                parts.push(part.to_owned());
                continue;
            }
            let areas = self.env.areas;
            let found = areas.search(part, land, MAX_AREA_MATCHES);
            let picked = match found.as_slice() {
                [] => {
                    let text = Text::new("init.area-none").arg("name", part);
                    self.say_text("term.severity.error", &text);
                    return Ok(None);
                }
                [only] => only,
                several => self.pick_area(part, several)?,
            };
            parts.push(picked.ars.to_string());
        }
        Ok(Some(parts.join(", ")))
    }

    /// Lists the areas a name matched, numbered with level and key, and asks for one.
    fn pick_area<'a>(
        &mut self,
        name: &str,
        found: &[&'a onboard::areas::Area],
    ) -> Result<&'a onboard::areas::Area, Text> {
        let heading = Text::new("init.area-matches").arg("name", name);
        let line = format!("  {}", messages::message(self.lang, &heading));
        self.prompter.say(&line);
        for (index, area) in found.iter().enumerate() {
            let text = Text::new("init.area-choice")
                .arg("number", (index + 1).to_string())
                .arg("name", area.name.as_ref())
                .term("level", area.level.term())
                .arg("key", area.ars.as_ref());
            let line = format!("    {}", messages::message(self.lang, &text));
            self.prompter.say(&line);
        }
        let count = found.len().to_string();
        let prompt = messages::message(
            self.lang,
            &Text::new("init.area-choose").arg("count", count.clone()),
        );
        loop {
            let answer = self.answer(&prompt, None)?;
            let chosen = answer.trim().parse::<usize>().ok();
            if let Some(area) = chosen
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| found.get(i))
            {
                return Ok(area);
            }
            let id = if answer.trim().is_empty() {
                "init.area-none-chosen"
            } else {
                "init.area-not-offered"
            };
            let text = Text::new(id)
                .arg("found", answer)
                .arg("count", count.clone());
            self.say_text("term.severity.error", &text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_name_is_asked_before_its_short_name() {
        let asked: Vec<&str> = step_7().iter().map(|f| f.path).collect();
        assert_eq!(
            &asked[..3],
            ["authority.name", "tenant_id", "authority.street"]
        );
    }
}
