//! The uploaded logo: shown only as an `<img>` with a `data:` URL (an image there runs no
//! script, even an SVG's), never served from our origin; and named for the form's
//! `logo.file` by its upload's name, cut down to letters, digits and `-_.`.

use base64::Engine as _;
use onboard::LogoFormat as Format;

/// The `data:` URL of a logo in one of the formats of the spec; `None` for anything else
/// (then nothing is shown, and `validate` says what is wrong with it).
pub fn data_url(bytes: &[u8]) -> Option<String> {
    let media_type = match Format::sniff(bytes)? {
        Format::Png => "image/png",
        Format::Jpeg => "image/jpeg",
        Format::Svg => "image/svg+xml",
    };
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!("data:{media_type};base64,{data}"))
}

/// The folder of the form's logo, as the shipped forms keep it.
const FOLDER: &str = "logos/";
/// Characters of a name kept at most.
const MAX_NAME: usize = 64;

/// The `logo.file` of an upload: `logos/` and the upload's base name in lower case, each
/// other character a hyphen; the extension that of the content when it has a known one.
pub fn file_name(upload_name: &str, bytes: &[u8]) -> String {
    let base = upload_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, extension) = base.rsplit_once('.').unwrap_or((base, ""));
    let mut clean = String::new();
    for c in stem.chars().take(MAX_NAME) {
        match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '_') => clean.push(c),
            _ if !clean.ends_with('-') => clean.push('-'),
            _ => {}
        }
    }
    let clean = clean.trim_matches('-');
    let stem = if clean.is_empty() { "logo" } else { clean };
    let extension = match Format::sniff(bytes) {
        Some(Format::Png) => "png".to_owned(),
        Some(Format::Jpeg) => "jpg".to_owned(),
        Some(Format::Svg) => "svg".to_owned(),
        None => extension
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase(),
    };
    if extension.is_empty() {
        format!("{FOLDER}{stem}")
    } else {
        format!("{FOLDER}{stem}.{extension}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_gets_a_plain_name_with_the_extension_of_its_content() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        assert_eq!(file_name("Wappen Stadt.PNG", png), "logos/wappen-stadt.png");
        assert_eq!(file_name("C:\\Bilder\\..\\x.jpeg", png), "logos/x.png");
        assert_eq!(file_name("../../etc/passwd", b"root:x"), "logos/passwd");
        assert_eq!(file_name("...", b"?"), "logos/logo");
        assert_eq!(
            file_name("wappen.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "logos/wappen.svg"
        );
    }

    #[test]
    fn only_images_become_data_urls() {
        assert!(
            data_url(b"\x89PNG\r\n\x1a\n")
                .unwrap()
                .starts_with("data:image/png;base64,")
        );
        assert_eq!(data_url(b"<html><script>alert(1)</script>"), None);
    }
}
