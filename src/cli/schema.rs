//! `onboard schema`: print the JSON Schema of the order form, or with `--bundle` that of a
//! bundle's `tenant.json`.

use std::process::ExitCode;

use super::write_stdout;

// Texts of the flags: `cli.arg.<id>` in the catalogs.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    #[arg(long)]
    pub bundle: bool,
}

pub fn run(args: SchemaArgs) -> ExitCode {
    let text = if args.bundle {
        onboard::bundle::json_schema_text()
    } else {
        onboard::form::json_schema_text()
    };
    write_stdout(&text);
    ExitCode::SUCCESS
}
