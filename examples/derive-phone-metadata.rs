//! Derives `data/phone/DE.xml`, the German part of libphonenumber's metadata, from the
//! `PhoneNumberMetadata.xml` that the `phonenumber` crate ships (in its `assets/` folder).
//! The territory is copied byte for byte; `onboard` loads it once per worker thread, so
//! that checking German numbers needs neither the whole metadata nor its shared lock.
//!
//! cargo run --example derive-phone-metadata -- \
//!     ~/.cargo/registry/src/*/phonenumber-0.3.10+9.0.33/assets/PhoneNumberMetadata.xml \
//!     > data/phone/DE.xml

fn main() -> anyhow::Result<()> {
    let path = std::env::args_os()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: derive-phone-metadata PhoneNumberMetadata.xml"))?;
    let text = std::fs::read_to_string(&path)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&text, options)?;
    let germany = doc
        .descendants()
        .find(|n| n.has_tag_name("territory") && n.attribute("id") == Some("DE"))
        .ok_or_else(|| anyhow::anyhow!("no <territory id=\"DE\"> in {}", path.display()))?;
    let licence = doc
        .root()
        .children()
        .find(|n| n.is_comment())
        .and_then(|n| n.text())
        .unwrap_or_default();
    println!("<!-- Derived by examples/derive-phone-metadata.rs: the territory DE, unchanged,");
    // The crate's folder names its version and libphonenumber's (`phonenumber-0.3.10+9.0.33`).
    let source = std::path::Path::new(&path);
    let krate = source
        .parent()
        .and_then(|assets| assets.parent())
        .and_then(|dir| dir.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = source.file_name().unwrap_or_default().to_string_lossy();
    println!("     from {krate}/assets/{file}.");
    println!("     Original header: -->");
    println!("<!--{licence}-->");
    println!("<phoneNumberMetadata>");
    println!("  <territories>");
    println!("    {}", &text[germany.range()]);
    println!("  </territories>");
    println!("</phoneNumberMetadata>");
    Ok(())
}
