//! SVG logos, read with a real XML parser: anything that could run code or load something
//! from outside the file is refused, since the logo ends up on a public web page.

pub use crate::limits::{
    MAX_SVG_ATTRIBUTES as MAX_ATTRIBUTES, MAX_SVG_DEPTH as MAX_DEPTH, MAX_SVG_NODES as MAX_NODES,
};

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
    /// Refused before parsing (a DOCTYPE, which may declare entities; an encoding that
    /// is not UTF-8).
    Unsafe(Problem),
    /// More than [`MAX_NODES`] nodes: parsing stopped there.
    TooManyNodes,
    /// An element with more than [`MAX_ATTRIBUTES`] attributes: not parsed at all.
    TooManyAttributes,
    /// Not UTF-8 text.
    NotUtf8,
    /// Well-formed XML whose root element is not `<svg>` (its name).
    NotSvg(String),
    /// Not well-formed XML, in the XML parser's words.
    Malformed(String),
}

const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// SVG's animation elements: with `attributeName="href"` they swap a reference in later,
/// after any check of the document as written.
const ANIMATIONS: [&str; 5] = [
    "set",
    "animate",
    "animateColor",
    "animateMotion",
    "animateTransform",
];

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

/// The encoding the XML declaration names, if it names one.
fn declared_encoding(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let decl = text.strip_prefix("<?xml")?;
    if !decl.starts_with(|c: char| c.is_ascii_whitespace()) {
        return None;
    }
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

/// Inspects an SVG; returns the unsafe things it holds (empty when it is safe).
pub fn inspect(bytes: &[u8]) -> Result<Vec<Problem>, Broken> {
    let text = std::str::from_utf8(bytes).map_err(|_| Broken::NotUtf8)?;
    // A browser decodes by the declaration, not by what the bytes happen to be: in UTF-7
    // or UTF-16 it would read other markup than this check does.
    if let Some(encoding) = declared_encoding(text)
        && !encoding.eq_ignore_ascii_case("utf-8")
    {
        return Err(Broken::Unsafe(Problem {
            id: "logo-unsafe-svg.encoding",
            detail: format!("encoding=\"{}\"", shorten(encoding)),
            line: 1,
        }));
    }
    // The parser compares each attribute with every earlier one of its element (to refuse
    // duplicates): 60,000 attributes in one element would take seconds.
    if most_attributes(text) > MAX_ATTRIBUTES {
        return Err(Broken::TooManyAttributes);
    }
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
        Err(roxmltree::Error::NodesLimitReached) => return Err(Broken::TooManyNodes),
        Err(e) => return Err(Broken::Malformed(e.to_string())),
    };
    let root = doc.root_element().tag_name().name();
    if root != "svg" {
        return Err(Broken::NotSvg(shorten(root)));
    }
    let mut found = Found {
        doc: &doc,
        problems: Vec::new(),
    };
    // One walk in document order, parents before children. `open` holds the elements
    // around the current node: a node's depth is how many of them are its ancestors
    // (asking each node for its ancestors would cost depth × nodes).
    let mut open: Vec<roxmltree::NodeId> = Vec::new();
    for node in doc.descendants() {
        let parent = node.parent().map(|p| p.id());
        while open.last().is_some_and(|&top| Some(top) != parent) {
            open.pop();
        }
        if node.is_pi() {
            found.add(
                "logo-unsafe-svg.processing-instruction",
                "<?…?>".into(),
                &node,
            );
        } else if node.is_element() {
            open.push(node.id());
            if open.len() > MAX_DEPTH {
                found.add("logo-unsafe-svg.depth", MAX_DEPTH.to_string(), &node);
            }
            element(&node, &mut found);
        }
    }
    Ok(found.problems)
}

/// The most attributes (and namespace declarations) any tag has, counted as the `=` signs
/// outside quotes between `<` and `>`, before parsing. Comments, CDATA sections and
/// processing instructions are skipped; a DOCTYPE is refused later anyway.
fn most_attributes(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut most = 0;
    let mut i = 0;
    while let Some(open) = bytes[i..].iter().position(|&b| b == b'<') {
        i += open + 1;
        let rest = &text[i..];
        let skip_to = |end: &str| rest.find(end).map_or(bytes.len(), |e| i + e + end.len());
        if rest.starts_with("!--") {
            i = skip_to("-->");
        } else if rest.starts_with("![CDATA[") {
            i = skip_to("]]>");
        } else if rest.starts_with('?') {
            i = skip_to("?>");
        } else {
            let mut count = 0;
            let mut quote = None;
            while i < bytes.len() {
                match (quote, bytes[i]) {
                    (None, b'>') => break,
                    (None, b'=') => count += 1,
                    (None, q @ (b'"' | b'\'')) => quote = Some(q),
                    (Some(q), b) if b == q => quote = None,
                    _ => {}
                }
                i += 1;
            }
            most = most.max(count);
        }
    }
    most
}

/// The problems found so far: one of each kind, at its first place.
struct Found<'d, 'input> {
    doc: &'d roxmltree::Document<'input>,
    problems: Vec<Problem>,
}

impl Found<'_, '_> {
    fn add(&mut self, id: &'static str, detail: String, node: &roxmltree::Node<'_, '_>) {
        if !self.problems.iter().any(|p| p.id == id) {
            let line = self.doc.text_pos_at(node.range().start).row;
            self.problems.push(Problem { id, detail, line });
        }
    }
}

/// The checks of one element and its attributes.
fn element(node: &roxmltree::Node<'_, '_>, found: &mut Found<'_, '_>) {
    let tag = node.tag_name().name();
    // Compared without case and without a lower-cased copy: every element passes here.
    if tag.eq_ignore_ascii_case("script") {
        found.add("logo-unsafe-svg.script", "<script>".into(), node);
    } else if tag.eq_ignore_ascii_case("foreignobject") {
        found.add(
            "logo-unsafe-svg.foreign-object",
            "<foreignObject>".into(),
            node,
        );
    } else if node.tag_name().namespace() == Some(XHTML_NS) {
        // HTML elements (iframe, embed, img, …) written straight into the SVG.
        found.add("logo-unsafe-svg.html", format!("<{}>", shorten(tag)), node);
    } else if tag.eq_ignore_ascii_case("style") {
        // Text split by comments or CDATA sections is one style sheet to the browser.
        let css: String = node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        if let Some(what) = unsafe_css(&css, true) {
            found.add("logo-unsafe-svg.css", what, node);
        }
    }
    if ANIMATIONS.iter().any(|a| tag.eq_ignore_ascii_case(a))
        && let Some(target) = node.attributes().find(|a| a.name() == "attributeName")
    {
        let local = target.value().rsplit(':').next().unwrap_or_default().trim();
        if local.eq_ignore_ascii_case("href") || is_event_handler(local) {
            let detail = format!("<{tag} attributeName=\"{}\">", shorten(target.value()));
            found.add("logo-unsafe-svg.animate-href", detail, node);
        }
    }
    for attr in node.attributes() {
        let name = attr.name();
        let value = attr.value();
        let reference =
            matches!(name, "href" | "src") || (name == "base" && attr.namespace() == Some(XML_NS));
        if is_event_handler(name) {
            found.add(
                "logo-unsafe-svg.event-handler",
                format!("{name}=\"…\""),
                node,
            );
        } else if is_javascript(value) {
            found.add(
                "logo-unsafe-svg.javascript",
                format!("{name}=\"{}\"", shorten(value)),
                node,
            );
        } else if reference && !is_internal_reference(value) {
            found.add(
                "logo-unsafe-svg.external",
                format!("{name}=\"{}\"", shorten(value)),
                node,
            );
        } else if let Some(what) = unsafe_css(value, name == "style") {
            found.add("logo-unsafe-svg.css", what, node);
        }
    }
}

fn is_event_handler(name: &str) -> bool {
    name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on")
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

/// CSS that loads something: `@import`, `url(…)` pointing anywhere but `#id`, or
/// `image-set(…)`. In a style sheet or `style=` (`sheet`), CSS escapes are refused too:
/// `u\72l(` is `url(` to a browser, and a logo needs no escapes.
fn unsafe_css(css: &str, sheet: bool) -> Option<String> {
    if sheet && css.contains('\\') {
        return Some("\\ (CSS escape)".into());
    }
    // `@import` needs an '@', the functions a '(' (ASCII lower-casing keeps both): without
    // either, nothing to look for and no lower-cased copy to make.
    if !css.bytes().any(|b| b == b'@' || b == b'(') {
        return None;
    }
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("@import".into());
    }
    if lower.contains("image-set(") {
        return Some("image-set(…)".into());
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
            Err(Broken::Malformed(_) | Broken::NotUtf8 | Broken::NotSvg(_)) => vec!["malformed"],
            Err(Broken::TooManyNodes) => vec!["too-many-nodes"],
            Err(Broken::TooManyAttributes) => vec!["too-many-attributes"],
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
    fn tricks_beyond_the_obvious_are_found() {
        let cases = [
            (
                format!("<svg {NS}><set attributeName=\"xlink:href\" to=\"#b\"/></svg>"),
                "logo-unsafe-svg.animate-href",
            ),
            (
                format!("<svg {NS}><animate attributeName=\"href\" values=\"#a;#b\"/></svg>"),
                "logo-unsafe-svg.animate-href",
            ),
            (
                format!("<svg {NS}><style>@im<!-- -->port 'x.css';</style></svg>"),
                "logo-unsafe-svg.css",
            ),
            (
                format!("<svg {NS}><rect style=\"fill:u\\72l(http://x/y)\"/></svg>"),
                "logo-unsafe-svg.css",
            ),
            (
                format!("<svg {NS}><style>rect {{ fill: image-set('x.png' 1x) }}</style></svg>"),
                "logo-unsafe-svg.css",
            ),
            (
                format!("<?xml version=\"1.0\" encoding=\"UTF-7\"?><svg {NS}/>"),
                "logo-unsafe-svg.encoding",
            ),
            (
                format!("<svg {NS}><h:iframe xmlns:h=\"http://www.w3.org/1999/xhtml\"/></svg>"),
                "logo-unsafe-svg.html",
            ),
            (
                format!("<svg {NS}><use xml:base=\"https://x.example/\" href=\"#a\"/></svg>"),
                "logo-unsafe-svg.external",
            ),
            (
                format!("<svg {NS}><image href=\"data:image/svg+xml;base64,PHN2Zy8+\"/></svg>"),
                "logo-unsafe-svg.external",
            ),
        ];
        for (svg, id) in cases {
            assert_eq!(ids(&svg), vec![id], "{svg}");
        }
        // UTF-8 declared in any case is fine, and so is a Windows path in editor metadata.
        let fine = format!(
            "<?xml version='1.0' encoding='utf-8'?><svg {NS} xmlns:i=\"urn:x\" i:file=\"C:\\logo.svg\"/>"
        );
        assert!(ids(&fine).is_empty(), "{:?}", ids(&fine));
    }

    #[test]
    fn depth_and_size_are_bounded() {
        let nested = |n: usize| {
            format!(
                "<svg {NS}>{}{}</svg>",
                "<g>".repeat(n - 1),
                "</g>".repeat(n - 1)
            )
        };
        assert!(ids(&nested(MAX_DEPTH)).is_empty());
        assert_eq!(ids(&nested(MAX_DEPTH + 1)), vec!["logo-unsafe-svg.depth"]);
        let many = |n: usize| format!("<svg {NS}>{}</svg>", "<g/>".repeat(n));
        // The root counts as a node of the document, and the document itself too.
        assert!(ids(&many(MAX_NODES as usize - 2)).is_empty());
        assert_eq!(ids(&many(MAX_NODES as usize)), vec!["too-many-nodes"]);
        let attributes = |n: usize| {
            let list: Vec<String> = (0..n).map(|i| format!("a{i}=\"x=y\"")).collect();
            format!(
                "<!-- a=b c=d --><svg {NS}><rect {}/><text><![CDATA[a=b>]]></text></svg>",
                list.join(" ")
            )
        };
        // Counted per element; `=` in comments, quotes and CDATA do not count.
        assert!(ids(&attributes(MAX_ATTRIBUTES)).is_empty());
        assert_eq!(
            ids(&attributes(MAX_ATTRIBUTES + 1)),
            vec!["too-many-attributes"]
        );
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
