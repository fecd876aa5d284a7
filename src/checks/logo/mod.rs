//! The logo (guide step 7): a PNG, JPEG or SVG file inside the form's folder, recognised by
//! its bytes, of a sensible size, and — for SVG — free of anything that runs or loads.

mod path;
pub mod raster;
pub mod svg;

use std::io::Read;
use std::path::Path;

use super::registry::Code;
use crate::diagnostic::{Sink, Text};
use crate::form::model::FormView;

/// The largest logo accepted, in bytes.
pub const MAX_BYTES: u64 = 1024 * 1024;
/// The largest side of a raster logo, in pixels.
pub const MAX_SIDE: u32 = 4096;
/// The shorter side under which a raster logo looks blurred.
pub const MIN_SIDE: u32 = 128;

const FIELD: &str = "logo.file";

/// The format of a logo, told from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    Svg,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Svg => "SVG",
        }
    }

    /// The format the file name's extension promises, if it is one of ours.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }

    /// The format the content has; the extension is not trusted.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if svg::looks_like_svg(bytes) {
            Some(Format::Svg)
        } else {
            None
        }
    }
}

pub fn check(view: &FormView<'_>, form_dir: &Path, sink: &mut Sink<'_>) {
    let Some(file) = &view.logo_file else { return };
    for (code, text) in inspect(form_dir, file.value) {
        sink.report(code, Some(FIELD), file.span.clone(), text);
    }
}

/// The findings for a logo path as written in a form in `form_dir` (also used by
/// `onboard init --interactive` to check an answer).
pub fn inspect(form_dir: &Path, name: &str) -> Vec<(Code, Text)> {
    let mut found = Vec::new();
    let report = |found: &mut Vec<(Code, Text)>, code: Code, text: Text| {
        found.push((code, text.arg("file", name)));
    };
    inspect_into(form_dir, name, &mut found, report);
    found
}

fn inspect_into(
    form_dir: &Path,
    name: &str,
    sink: &mut Vec<(Code, Text)>,
    report: impl Fn(&mut Vec<(Code, Text)>, Code, Text),
) {
    let resolved = match path::resolve(form_dir, name) {
        Ok(p) => p,
        Err(path::Refusal::Outside(id)) => {
            return report(sink, Code::LogoOutsideFormDir, Text::new(id));
        }
        Err(path::Refusal::Missing(id)) => return report(sink, Code::LogoMissing, Text::new(id)),
    };
    if resolved.len > MAX_BYTES {
        let text = Text::new("logo-too-large.bytes").arg("size", resolved.len.to_string());
        return report(sink, Code::LogoTooLarge, text);
    }
    let mut bytes = Vec::with_capacity(resolved.len as usize);
    let read = std::fs::File::open(&resolved.path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return report(
            sink,
            Code::LogoMissing,
            Text::new("logo-missing.unreadable").arg("reason", e.to_string()),
        );
    }
    if bytes.len() as u64 > MAX_BYTES {
        let text = Text::new("logo-too-large.bytes").arg("size", bytes.len().to_string());
        return report(sink, Code::LogoTooLarge, text);
    }
    let promised = Format::from_extension(Path::new(name));
    let Some(actual) = Format::sniff(&bytes) else {
        return report(sink, Code::LogoFormat, Text::new("logo-format.unknown"));
    };
    match promised {
        None => {
            return report(
                sink,
                Code::LogoFormat,
                Text::new("logo-format.extension").arg("format", actual.name()),
            );
        }
        Some(p) if p != actual => {
            let text = Text::new("logo-format.mismatch")
                .arg("format", actual.name())
                .arg("extension", p.name());
            return report(sink, Code::LogoFormat, text);
        }
        Some(_) => {}
    }
    match actual {
        Format::Png | Format::Jpeg => match raster::inspect(actual, &bytes) {
            Err(id) => report(
                sink,
                Code::LogoFormat,
                Text::new(id).arg("format", actual.name()),
            ),
            Ok((w, h)) if w > MAX_SIDE || h > MAX_SIDE => {
                let text = Text::new("logo-too-large.pixels")
                    .arg("width", w.to_string())
                    .arg("height", h.to_string());
                report(sink, Code::LogoTooLarge, text);
            }
            Ok((w, h)) if w.min(h) < MIN_SIDE => {
                let text = Text::new("logo-too-small")
                    .arg("width", w.to_string())
                    .arg("height", h.to_string());
                report(sink, Code::LogoTooSmall, text);
            }
            Ok(_) => {}
        },
        Format::Svg => match svg::inspect(&bytes) {
            Ok(problems) => {
                for problem in problems {
                    let text = Text::new(problem.id)
                        .arg("detail", problem.detail)
                        .arg("line", problem.line.to_string());
                    report(sink, Code::LogoUnsafeSvg, text);
                }
            }
            Err(svg::Broken::Unsafe(problem)) => {
                let text = Text::new(problem.id)
                    .arg("detail", problem.detail)
                    .arg("line", problem.line.to_string());
                report(sink, Code::LogoUnsafeSvg, text);
            }
            Err(svg::Broken::Malformed(reason)) => {
                report(
                    sink,
                    Code::LogoFormat,
                    Text::new("logo-format.svg-malformed").arg("reason", reason),
                );
            }
        },
    }
}
