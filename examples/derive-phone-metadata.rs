//! Derives `data/phone/DE.xml`, the German part of libphonenumber's metadata, from the
//! `PhoneNumberMetadata.xml` that the `phonenumber` crate ships (in its `assets/` folder).
//! The territory is copied unchanged but for two things that change no pattern's meaning:
//! - `\d` is written `[0-9]`. The crate matches these patterns only against ASCII digits
//!   (it normalises a number first), where both mean the same, and a Unicode `\d` makes
//!   each of these long patterns many times slower to compile.
//! - The white space inside the patterns (`nationalNumberPattern`, `leadingDigits`) is
//!   left out; the crate compiles them ignoring white space. Its regex cache hashes and
//!   compares a pattern's whole text on every match, so shorter texts are faster.
//!
//! `onboard` loads the file once per worker thread, so that checking German numbers needs
//! neither the whole metadata nor its shared lock.
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
    println!("<!-- Derived by examples/derive-phone-metadata.rs: the territory DE, with \\d");
    println!("     written [0-9] and the white space in patterns left out (the only changes),");
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
    println!("    {}", compact(&text, germany).replace("\\d", "[0-9]"));
    println!("  </territories>");
    println!("</phoneNumberMetadata>");
    Ok(())
}

/// The text of `territory` with the white space inside its patterns left out.
fn compact(text: &str, territory: roxmltree::Node<'_, '_>) -> String {
    let patterns = territory.descendants().filter(|n| {
        n.is_text()
            && n.parent().is_some_and(|p| {
                p.has_tag_name("nationalNumberPattern") || p.has_tag_name("leadingDigits")
            })
    });
    let mut out = String::new();
    let mut at = territory.range().start;
    for pattern in patterns {
        let range = pattern.range();
        out.push_str(&text[at..range.start]);
        out.extend(text[range.clone()].chars().filter(|c| !c.is_whitespace()));
        at = range.end;
    }
    out.push_str(&text[at..territory.range().end]);
    out
}
