//! Derives the compact area table compiled into `onboard` from a Destatis GV100AD file and,
//! optionally, the publisher's notes that come with it (`Hinweise_<Stand>.txt`), which give
//! the full names the format cut at 50 characters.
//!
//! cargo run --example derive-areas -- GV100AD_30112025.txt Hinweise_30112025.txt > data/areas/areas.tsv

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: derive-areas GV100AD_FILE [NOTES_FILE]"))?;
    let text = std::fs::read_to_string(&path)?;
    let mut directory = onboard::areas::AreaDirectory::from_gv100ad(&text)?;
    if let Some(notes) = args.next() {
        let replaced = directory.with_full_names(&std::fs::read_to_string(&notes)?);
        eprintln!("{replaced} cut names replaced by their full form from the notes");
    }
    print!("{}", directory.to_table());
    Ok(())
}
