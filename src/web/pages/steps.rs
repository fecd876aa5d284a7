//! The structure of the form page: its fieldsets (the guide's steps, in order), the inputs
//! of each in the order they stand, their headings, and the buttons a post can name. The
//! form page draws it; the done page and the summary of findings follow its order.

use onboard::fields::{self, asked_at, step_title};
use onboard::finding::diagnostic::Text;
use onboard::messages::{self, Lang, ui};

use super::values::{LOGO_UPLOAD, PageForm, has_input, input_name};

/// The fieldsets of the page: the guide's steps, 4 and 5 (the two mailboxes) together.
pub const GROUPS: &[&[u8]] = &[&[1], &[2], &[3], &[4, 5], &[6], &[7]];

/// The submit buttons' `action`: check the form, or add an input.
pub const ADD_CONTACT: &str = "add-contact";
pub const ADD_AREA: &str = "add-area";
pub const CHECK: &str = "check";
/// Shows the form with its findings, even when it has none (from the upload page).
pub const EDIT: &str = "edit";

/// The names of the page's inputs, in the order they stand on it (the summary's order).
pub fn order(form: &PageForm) -> Vec<String> {
    sections(form)
        .into_iter()
        .flat_map(|(_, names)| names)
        .collect()
}

/// The page's fieldsets (by the steps they hold) and the names of their inputs, in order.
pub fn sections(form: &PageForm) -> Vec<(&'static [u8], Vec<String>)> {
    let mut sections = Vec::new();
    for group in GROUPS {
        let mut names = Vec::new();
        if *group == [1] {
            for block in 0..form.professional {
                for field in fields::FIELDS
                    .iter()
                    .filter(|f| f.table() == fields::PROFESSIONAL.path)
                {
                    names.push(input_name(field, block));
                }
            }
        }
        for field in group
            .iter()
            .flat_map(|s| asked_at(*s))
            .filter(|f| has_input(f) && f.table() != fields::PROFESSIONAL.path)
        {
            if *field == fields::REGIONAL_KEYS {
                names.extend((0..form.areas).map(|i| input_name(field, i)));
            } else if *field == fields::LOGO_FILE {
                names.push(LOGO_UPLOAD.to_owned());
            } else {
                names.push(field.path.to_owned());
            }
        }
        sections.push((*group, names));
    }
    sections
}

/// The heading of a fieldset: its step and the guide's title (4 and 5 together).
pub fn legend(lang: Lang, group: &[u8]) -> String {
    match group {
        [4, 5] => ui(lang, "web.form.step-4-5"),
        [step, ..] => messages::message(
            lang,
            &Text::new("init.step")
                .arg("step", step.to_string())
                .term("title", step_title(*step)),
        ),
        [] => String::new(),
    }
}
