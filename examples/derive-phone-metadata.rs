//! Derives `data/phone/DE.xml`, the German part of libphonenumber's metadata, from the
//! `PhoneNumberMetadata.xml` that the `phonenumber` crate ships (in its `assets/` folder).
//! The territory is copied unchanged but for four things that change no verdict:
//! - `\d` is written `[0-9]`. The crate matches these patterns only against ASCII digits
//!   (it normalises a number first), where both mean the same, and a Unicode `\d` makes
//!   each of these long patterns many times slower to compile.
//! - The white space inside the patterns (`nationalNumberPattern`, `leadingDigits`) is
//!   left out; the crate compiles them ignoring white space. Its regex cache hashes and
//!   compares a pattern's whole text on every match, so shorter texts are faster.
//! - Each number type's pattern (`nationalNumberPattern`) is anchored, `^(?:…)`. The crate
//!   asks of these patterns only whether they match at the start of the number (a search,
//!   then `start() == 0`), which an anchored pattern answers the same; it compiles two to
//!   four times faster, since no search from every position is needed.
//! - The formats (`availableFormats`) are left out: they only say how to write a number,
//!   and `onboard` writes E.164 itself. Parsing and checking never read them.
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
    println!("     written [0-9], the white space in patterns left out, the number types'");
    println!("     patterns anchored and the formats left out (the only changes),");
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

/// The text of `territory` with the white space inside its patterns left out, the number
/// types' patterns anchored, and without its formats.
fn compact(text: &str, territory: roxmltree::Node<'_, '_>) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for node in territory.descendants() {
        let parent = node.parent();
        let in_tag = |tag: &str| parent.is_some_and(|p| p.has_tag_name(tag));
        if node.is_text() && (in_tag("nationalNumberPattern") || in_tag("leadingDigits")) {
            let range = node.range();
            let pattern: String = text[range.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let pattern = if in_tag("nationalNumberPattern") {
                format!("^(?:{pattern})")
            } else {
                pattern
            };
            edits.push((range, pattern));
        } else if node.has_tag_name("availableFormats") {
            // The element with its indentation and line break.
            let range = node.range();
            let start = text[..range.start].trim_end_matches(' ').len();
            let end = range.end + usize::from(text[range.end..].starts_with('\n'));
            edits.push((start..end, String::new()));
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::new();
    let mut at = territory.range().start;
    for (range, replacement) in edits {
        // A pattern inside the formats goes with them.
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..territory.range().end]);
    out
}
