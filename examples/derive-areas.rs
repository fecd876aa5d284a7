//! Derives the compact area table compiled into `onboard` from a Destatis GV100AD file.
//!
//! cargo run --example derive-areas -- GV100AD_30112025.txt > data/areas/areas.tsv

fn main() -> anyhow::Result<()> {
    let path = std::env::args_os()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: derive-areas GV100AD_FILE"))?;
    let text = std::fs::read_to_string(&path)?;
    let directory = onboard::areas::AreaDirectory::from_gv100ad(&text)?;
    print!("{}", directory.to_table());
    Ok(())
}
