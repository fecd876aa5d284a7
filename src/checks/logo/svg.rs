//! SVG logos, read with a real XML parser: anything that could run code or load something
//! from outside the file is refused, since the logo ends up on a public web page.

/// Most elements an SVG logo may have; more is refused rather than parsed forever.
pub const MAX_NODES: u32 = 100_000;

/// One unsafe thing found in an SVG: the message id, what it was, and the SVG's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub id: &'static str,
    pub detail: String,
    pub line: u32,
}

/// Why an SVG could not be inspected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// Refused before parsing (a DOCTYPE, which may declare entities).
    Unsafe(Problem),
    /// Not well-formed XML or not an SVG.
    Malformed(String),
}

/// Whether bytes look like an SVG document: XML whose first element is `<svg`.
pub fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return false;
    }
    // The first element after the prolog (declaration, comments, DOCTYPE).
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("<!") {
            // A DOCTYPE may hold an internal subset with '>' inside; the root follows it.
            return after.contains("<svg");
        } else {
            return rest.starts_with("<svg") || rest.starts_with("<svg:svg");
        }
    }
}

/// Inspects an SVG; returns the unsafe things it holds (empty when it is safe).
pub fn inspect(bytes: &[u8]) -> Result<Vec<Problem>, Broken> {
    let text = std::str::from_utf8(bytes).map_err(|_| Broken::Malformed("not UTF-8".into()))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(roxmltree::Error::DtdDetected) => {
            let line = text
                .find("<!DOCTYPE")
                .map_or(1, |i| text[..i].matches('\n').count() as u32 + 1);
            return Err(Broken::Unsafe(Problem {
                id: "logo-unsafe-svg.doctype",
                detail: "<!DOCTYPE>".into(),
                line,
            }));
        }
        Err(e) => return Err(Broken::Malformed(e.to_string())),
    };
    if doc.root_element().tag_name().name() != "svg" {
        return Err(Broken::Malformed(format!(
            "the root element is <{}>, not <svg>",
            doc.root_element().tag_name().name()
        )));
    }
    let mut problems: Vec<Problem> = Vec::new();
    let mut add = |id: &'static str, detail: String, node: &roxmltree::Node<'_, '_>| {
        if !problems.iter().any(|p| p.id == id) {
            let line = doc.text_pos_at(node.range().start).row;
            problems.push(Problem { id, detail, line });
        }
    };
    for node in doc.descendants() {
        if node.is_pi() {
            add(
                "logo-unsafe-svg.processing-instruction",
                "<?…?>".into(),
                &node,
            );
            continue;
        }
        if node.is_text()
            && node
                .parent_element()
                .is_some_and(|p| p.tag_name().name() == "style")
            && let Some(css) = node.text()
            && let Some(what) = unsafe_css(css)
        {
            add("logo-unsafe-svg.css", what, &node);
        }
        if !node.is_element() {
            continue;
        }
        let tag = node.tag_name().name();
        // Compared without case and without a lower-cased copy: every element passes here.
        if tag.eq_ignore_ascii_case("script") {
            add("logo-unsafe-svg.script", "<script>".into(), &node);
        } else if tag.eq_ignore_ascii_case("foreignobject") {
            add(
                "logo-unsafe-svg.foreign-object",
                "<foreignObject>".into(),
                &node,
            );
        }
        for attr in node.attributes() {
            let name = attr.name();
            let value = attr.value();
            if name.len() > 2 && name[..2].eq_ignore_ascii_case("on") {
                add(
                    "logo-unsafe-svg.event-handler",
                    format!("{name}=\"…\""),
                    &node,
                );
            } else if is_javascript(value) {
                add(
                    "logo-unsafe-svg.javascript",
                    format!("{name}=\"{}\"", shorten(value)),
                    &node,
                );
            } else if name == "href" && !is_internal_reference(value) {
                add(
                    "logo-unsafe-svg.external",
                    format!("{name}=\"{}\"", shorten(value)),
                    &node,
                );
            } else if let Some(what) = unsafe_css(value) {
                add("logo-unsafe-svg.css", what, &node);
            }
        }
    }
    Ok(problems)
}

/// `javascript:` with any case and any white space or control characters mixed in.
fn is_javascript(value: &str) -> bool {
    // Only ':' itself lower-cases to ':', so a value without one cannot hold a scheme; most
    // attribute values (coordinates, colours, paths) are done here without a copy.
    if !value.contains(':') {
        return false;
    }
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    squeezed.contains("javascript:") || squeezed.contains("vbscript:")
}

/// A reference into the file itself (`#id`) or an embedded raster image.
fn is_internal_reference(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.starts_with('#')
        || [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// CSS that loads something: `@import`, or `url(…)` pointing anywhere but `#id`.
fn unsafe_css(css: &str) -> Option<String> {
    // `@import` needs an '@' and `url(` a '(' (ASCII lower-casing keeps both): without
    // either, nothing to look for and no lower-cased copy to make.
    if !css.contains(['@', '(']) {
        return None;
    }
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("@import".into());
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        let target = rest[i + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !target.starts_with('#') && !is_internal_reference(target) {
            let end = target.find(')').unwrap_or(target.len());
            return Some(format!("url({})", shorten(&target[..end])));
        }
        rest = &rest[i + 4..];
    }
    None
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(svg: &str) -> Vec<&'static str> {
        match inspect(svg.as_bytes()) {
            Ok(p) => p.into_iter().map(|p| p.id).collect(),
            Err(Broken::Unsafe(p)) => vec![p.id],
            Err(Broken::Malformed(_)) => vec!["malformed"],
        }
    }

    const NS: &str =
        r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;

    #[test]
    fn a_plain_logo_is_safe() {
        let svg = format!(
            r##"<?xml version="1.0"?><svg {NS} viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use xlink:href="#g"/></svg>"##
        );
        assert!(ids(&svg).is_empty(), "{:?}", ids(&svg));
        assert!(looks_like_svg(svg.as_bytes()));
    }

    #[test]
    fn active_and_external_content_is_found() {
        let cases = [
            (
                format!("<svg {NS}><script>alert(1)</script></svg>"),
                "logo-unsafe-svg.script",
            ),
            (
                format!("<svg {NS} onload=\"alert(1)\"/>"),
                "logo-unsafe-svg.event-handler",
            ),
            (
                format!("<svg {NS}><foreignObject/></svg>"),
                "logo-unsafe-svg.foreign-object",
            ),
            (
                format!("<svg {NS}><a href=\"java\tscript:alert(1)\"/></svg>"),
                "logo-unsafe-svg.javascript",
            ),
            (
                format!("<svg {NS}><image xlink:href=\"https://evil.example/x.png\"/></svg>"),
                "logo-unsafe-svg.external",
            ),
            (
                format!("<svg {NS}><use href=\"other.svg#a\"/></svg>"),
                "logo-unsafe-svg.external",
            ),
            (
                format!("<svg {NS}><style>@import url(x.css);</style></svg>"),
                "logo-unsafe-svg.css",
            ),
            (
                format!("<svg {NS}><rect style=\"fill:url(http://x/y)\"/></svg>"),
                "logo-unsafe-svg.css",
            ),
            (
                format!("<?xml-stylesheet href=\"x.css\"?><svg {NS}/>"),
                "logo-unsafe-svg.processing-instruction",
            ),
        ];
        for (svg, id) in cases {
            assert_eq!(ids(&svg), vec![id], "{svg}");
        }
    }

    #[test]
    fn billion_laughs_is_refused_before_expansion() {
        let svg = r#"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#;
        assert!(looks_like_svg(svg.as_bytes()));
        let Err(Broken::Unsafe(p)) = inspect(svg.as_bytes()) else {
            panic!("refused")
        };
        assert_eq!((p.id, p.line), ("logo-unsafe-svg.doctype", 2));
    }

    #[test]
    fn other_xml_is_not_an_svg() {
        assert!(!looks_like_svg(b"<html></html>"));
        assert!(!looks_like_svg(b"GIF89a"));
        assert_eq!(ids("<svg><unclosed></svg>"), vec!["malformed"]);
    }
}
