//! The floor under `onboard validate` in the throughput benchmark
//! (`scripts/bench-validate.sh`): what `examples/parse-only.rs` does (find the forms, read
//! and parse each as TOML, in parallel), plus only the work the issue and the spec hand to
//! third-party crates, and nothing of onboard's own checks or reports:
//!
//! - `read`: read each form's logo file (issue #2, item 8: the logo is checked for real);
//! - `logo`: and inspect it: the raster header with `imagesize`, an SVG parsed by
//!   `roxmltree` (item 8 names both);
//! - `phone`: and every phone number through libphonenumber's metadata (the `phonenumber`
//!   crate, with the same per-thread German database `onboard` uses; the spec says "a valid
//!   number by libphonenumber's metadata");
//! - `mail` (the default): and every e-mail address through `validator`.
//!
//! cargo run --release --example prescribed-only -- [--until read|logo|phone|mail] DIR…

use std::path::PathBuf;

use rayon::prelude::*;
use toml::de::DeTable;
use validator::ValidateEmail;

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Until {
    Read,
    Logo,
    Phone,
    Mail,
}

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut until = Until::Mail;
    if args.first().map(String::as_str) == Some("--until") {
        anyhow::ensure!(args.len() > 1, "--until needs read, logo, phone or mail");
        until = match args[1].as_str() {
            "read" => Until::Read,
            "logo" => Until::Logo,
            "phone" => Until::Phone,
            "mail" => Until::Mail,
            other => anyhow::bail!("--until {other}: read, logo, phone or mail"),
        };
        args.drain(..2);
    }
    let paths: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    anyhow::ensure!(
        !paths.is_empty(),
        "usage: prescribed-only [--until STAGE] DIR…"
    );
    let files = onboard::discover::discover(&paths)?;
    // Each form counts what passed, so that nothing can be optimised away.
    let passed: usize = files
        .par_iter()
        .map(|f| {
            let Some(text) = std::fs::read_to_string(&f.path).ok() else {
                return 0;
            };
            let Ok(doc) = DeTable::parse(&text) else {
                return 0;
            };
            let view = onboard::testing::FormView::new(doc.get_ref());
            let mut passed = 1;
            if let Some(logo) = &view.logo_file {
                let dir = f.path.parent().unwrap_or(std::path::Path::new("."));
                let bytes = std::fs::read(dir.join(logo.value)).unwrap_or_default();
                if until >= Until::Logo {
                    let ok = if logo.value.ends_with(".svg") {
                        std::str::from_utf8(&bytes)
                            .is_ok_and(|svg| roxmltree::Document::parse(svg).is_ok())
                    } else {
                        imagesize::blob_size(&bytes).is_ok()
                    };
                    passed += usize::from(ok);
                }
            }
            if until >= Until::Phone {
                let phones = view
                    .phone
                    .iter()
                    .chain(view.contacts().flat_map(|c| &c.phone));
                passed += phones
                    .filter(|p| onboard::testing::is_valid_phone(p.value))
                    .count();
            }
            if until >= Until::Mail {
                let mailboxes = [&view.mailbox_applications, &view.mailbox_contact_form];
                let mails = mailboxes
                    .into_iter()
                    .flatten()
                    .chain(view.contacts().flat_map(|c| &c.email));
                passed += mails.filter(|m| m.value.validate_email()).count();
            }
            passed
        })
        .sum();
    println!("{} files, {passed} things passed", files.len());
    Ok(())
}
