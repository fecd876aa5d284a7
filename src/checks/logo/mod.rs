//! The logo (guide step 7): a PNG, JPEG or SVG file inside the form's folder, recognised by
//! its bytes, of a sensible size, and — for SVG — free of anything that runs or loads.

pub mod raster;
pub mod svg;

use std::io::Read;
use std::path::Path;

use crate::confine::within;
use crate::fields;
use crate::finding::diagnostic::{Sink, Text};
use crate::finding::registry::Code;
use crate::form::model::FormView;

pub use crate::limits::{MAX_LOGO_BYTES as MAX_BYTES, MAX_LOGO_SIDE as MAX_SIDE};
/// The shorter side under which a raster logo looks blurred.
pub const MIN_SIDE: u32 = 128;

const FIELD: &str = fields::LOGO_FILE.path;

/// A finding about the logo, before it is placed at the form's `logo.file`.
type Finding = (Code, Text);

/// The format of a logo, told from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// SVG.
    Svg,
}

impl Format {
    /// The format's name as messages give it (`PNG`).
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

/// A logo read from the form's folder: its bytes, the format they have, and the findings
/// about them. The bundle copies exactly these bytes, so what it ships is what was checked.
pub struct Loaded {
    pub bytes: Vec<u8>,
    pub format: Format,
    pub findings: Vec<(Code, Text)>,
    /// The file's identity and times while it was read; `None` when it changed meanwhile.
    pub fingerprint: Option<Fingerprint>,
}

/// What tells whether a file is still the one that was read: device, inode, size, and
/// modification and change times (any write moves the change time, which no one can set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Fingerprint {
    /// `None` where the platform has no inode and change time.
    pub fn of(meta: &std::fs::Metadata) -> Option<Fingerprint> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Fingerprint {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// A logo as validation read it, kept for the bundle of the same run (see
/// `validate::Options::keep_logos`): the checked bytes, and what the file was then.
#[derive(Clone)]
pub struct Kept {
    pub bytes: Vec<u8>,
    pub format: Format,
    pub fingerprint: Fingerprint,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("bytes", &self.bytes.len())
            .field("format", &self.format)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// Where the logo a form names comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// The form's folder on disk: `logo.file` is read from it and must stay in it.
    Folder(&'a Path),
    /// Bytes held in memory (an upload) that stand for the file `logo.file` names, whatever
    /// that path says; `None` when none were given, as when the file does not exist.
    Memory(Option<&'a [u8]>),
}

/// Checks the logo; with `keep`, returns it as read from its folder (when it did not change
/// while read). A logo held in memory is never kept: a bundle records the file it ships.
pub fn check(
    view: &FormView<'_>,
    source: Source<'_>,
    keep: bool,
    sink: &mut Sink<'_>,
) -> Option<Kept> {
    let file = view.logo_file.as_ref()?;
    let (findings, kept) = match source {
        Source::Memory(bytes) => (inspect_memory(file.value, bytes), None),
        Source::Folder(form_dir) if keep => match load(form_dir, file.value) {
            Ok(loaded) => {
                let kept = loaded.fingerprint.map(|fingerprint| Kept {
                    bytes: loaded.bytes,
                    format: loaded.format,
                    fingerprint,
                });
                (loaded.findings, kept)
            }
            Err(finding) => (vec![finding], None),
        },
        // Nothing is kept: the bytes go into this thread's buffer, which the next logo
        // reuses, instead of a new allocation for every logo.
        Source::Folder(form_dir) => {
            let findings = BUFFER.with_borrow_mut(|buffer| {
                match read_and_classify(form_dir, file.value, buffer) {
                    Ok(read) => read.findings,
                    Err(finding) => vec![finding],
                }
            });
            (findings, None)
        }
    };
    for (code, text) in findings {
        sink.report(code, Some(FIELD), file.span.clone(), text);
    }
    kept
}

/// The findings for a logo held in memory under the path `name`: the path is judged by its
/// words as on disk (no folder to follow links in), the bytes as a file's.
fn inspect_memory(name: &str, bytes: Option<&[u8]>) -> Vec<Finding> {
    if let Err(refusal) = within::inside(name) {
        return vec![refused(refusal, name)];
    }
    match bytes {
        Some(bytes) => inspect_bytes(name, bytes),
        None => vec![(
            Code::LogoMissing,
            Text::new("logo-missing").arg("file", name),
        )],
    }
}

/// The finding for a logo path that is not read, naming the path as written.
fn refused(refusal: within::Refusal, name: &str) -> Finding {
    let (code, text) = match refusal {
        within::Refusal::Outside(id) => (Code::LogoOutsideFormDir, Text::new(id)),
        within::Refusal::Missing(id) => (Code::LogoMissing, Text::new(id)),
        within::Refusal::Unreadable(e) => (
            Code::LogoMissing,
            Text::new("logo-missing.unreadable").arg("reason", e.to_string()),
        ),
    };
    (code, text.arg("file", name))
}

thread_local! {
    /// The bytes of the last logo this thread read without keeping them.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What the logo file `name` in `form_dir` is now, if it is there and inside.
pub fn fingerprint_now(form_dir: &Path, name: &str) -> Option<Fingerprint> {
    Fingerprint::of(&within::open(form_dir, name).ok()?.meta)
}

/// The findings for a logo path as written in a form in `form_dir` (also used by
/// `onboard init --interactive` to check an answer).
pub fn inspect(form_dir: &Path, name: &str) -> Vec<(Code, Text)> {
    match load(form_dir, name) {
        Ok(loaded) => loaded.findings,
        Err(finding) => vec![finding],
    }
}

/// Reads the logo `name` (a path relative to `form_dir`) and inspects its bytes. `Err` is
/// the one finding that ends the inspection early: missing, outside, too large, or not a
/// format of ours.
pub fn load(form_dir: &Path, name: &str) -> Result<Loaded, (Code, Text)> {
    let mut bytes = Vec::new();
    let read = read_and_classify(form_dir, name, &mut bytes)?;
    Ok(Loaded {
        bytes,
        format: read.format,
        findings: read.findings,
        fingerprint: read.fingerprint,
    })
}

/// A logo read into a buffer: what `Loaded` says besides the bytes.
struct ReadLogo {
    format: Format,
    findings: Vec<Finding>,
    fingerprint: Option<Fingerprint>,
}

/// Reads the logo `name` into `bytes` (replacing what was there) and inspects it.
fn read_and_classify(
    form_dir: &Path,
    name: &str,
    bytes: &mut Vec<u8>,
) -> Result<ReadLogo, Finding> {
    let finding = |code: Code, text: Text| (code, text.arg("file", name));
    let opened = within::open(form_dir, name).map_err(|refusal| refused(refusal, name))?;
    let len = opened.meta.len();
    if len > MAX_BYTES {
        return Err(finding(Code::LogoTooLarge, too_many_bytes(len)));
    }
    // Exactly the size the open file had (at most MAX_BYTES): what is checked is those
    // bytes, even if the file grows meanwhile; one that shrank is unreadable.
    bytes.clear();
    bytes.reserve_exact(len as usize);
    let mut file = opened.file;
    let read = (&mut file).take(len).read_to_end(bytes).and_then(|n| {
        if n as u64 == len {
            file.metadata()
        } else {
            Err(std::io::ErrorKind::UnexpectedEof.into())
        }
    });
    let after = match read {
        Ok(after) => after,
        Err(e) => {
            let text = Text::new("logo-missing.unreadable").arg("reason", e.to_string());
            return Err(finding(Code::LogoMissing, text));
        }
    };
    // The same before and after the read: the bytes are those of that file.
    let fingerprint = Fingerprint::of(&opened.meta).filter(|f| Fingerprint::of(&after) == Some(*f));
    let (format, findings) = classify(name, bytes).map_err(|(code, text)| finding(code, text))?;
    let findings = findings
        .into_iter()
        .map(|(code, text)| finding(code, text))
        .collect();
    Ok(ReadLogo {
        format,
        findings,
        fingerprint,
    })
}

/// The findings for a logo's content, under the name the form gives it (its extension must
/// match the content). Reads no file: the fuzz targets call this directly.
pub fn inspect_bytes(name: &str, bytes: &[u8]) -> Vec<(Code, Text)> {
    let found = match classify(name, bytes) {
        Ok((_, findings)) => findings,
        Err(finding) => vec![finding],
    };
    found
        .into_iter()
        .map(|(code, text)| (code, text.arg("file", name)))
        .collect()
}

/// The format of a logo's bytes and the findings about them; `Err` for a logo that is too
/// large or not a format of ours (or not the one its name says).
fn classify(name: &str, bytes: &[u8]) -> Result<(Format, Vec<Finding>), Finding> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err((Code::LogoTooLarge, too_many_bytes(bytes.len() as u64)));
    }
    let promised = Format::from_extension(Path::new(name));
    let Some(actual) = Format::sniff(bytes) else {
        return Err((Code::LogoFormat, Text::new("logo-format.unknown")));
    };
    match promised {
        None => {
            let text = Text::new("logo-format.extension").arg("format", actual.name());
            return Err((Code::LogoFormat, text));
        }
        Some(p) if p != actual => {
            let text = Text::new("logo-format.mismatch")
                .arg("format", actual.name())
                .arg("extension", p.name());
            return Err((Code::LogoFormat, text));
        }
        Some(_) => {}
    }
    Ok((actual, content_findings(actual, bytes)))
}

/// A logo of `len` bytes, over [`MAX_BYTES`].
fn too_many_bytes(len: u64) -> Text {
    Text::new("logo-too-large.bytes")
        .size("size", len)
        .size("max", MAX_BYTES)
        .number("side", MAX_SIDE.into())
}

/// The findings about the content of a logo whose format is known.
fn content_findings(format: Format, bytes: &[u8]) -> Vec<(Code, Text)> {
    let svg_problem = |problem: svg::Problem| {
        let text = Text::new(problem.id)
            .arg("detail", problem.detail)
            .arg("line", problem.line.to_string());
        (Code::LogoUnsafeSvg, text)
    };
    match format {
        Format::Png | Format::Jpeg => match raster::inspect(format, bytes) {
            Err(id) => vec![(Code::LogoFormat, Text::new(id).arg("format", format.name()))],
            Ok((w, h)) if w > MAX_SIDE || h > MAX_SIDE => {
                let text = Text::new("logo-too-large.pixels")
                    .number("width", w.into())
                    .number("height", h.into())
                    .number("max", MAX_SIDE.into());
                vec![(Code::LogoTooLarge, text)]
            }
            Ok((w, h)) if w.min(h) < MIN_SIDE => {
                let text = Text::new("logo-too-small")
                    .number("width", w.into())
                    .number("height", h.into())
                    .number("min", MIN_SIDE.into());
                vec![(Code::LogoTooSmall, text)]
            }
            Ok(_) => Vec::new(),
        },
        Format::Svg => match svg::inspect(bytes) {
            Ok(problems) => problems.into_iter().map(svg_problem).collect(),
            Err(svg::Broken::Unsafe(problem)) => vec![svg_problem(problem)],
            Err(svg::Broken::TooManyNodes) => {
                let text =
                    Text::new("logo-too-large.svg-nodes").number("max", svg::MAX_NODES.into());
                vec![(Code::LogoTooLarge, text)]
            }
            Err(svg::Broken::TooManyAttributes) => {
                let text = Text::new("logo-too-large.svg-attributes")
                    .number("max", svg::MAX_ATTRIBUTES as u64);
                vec![(Code::LogoTooLarge, text)]
            }
            Err(svg::Broken::Malformed(reason)) => vec![(
                Code::LogoFormat,
                Text::new("logo-format.svg-malformed").arg("reason", reason),
            )],
            Err(svg::Broken::NotUtf8) => {
                vec![(Code::LogoFormat, Text::new("logo-format.svg-not-utf8"))]
            }
            Err(svg::Broken::NotSvg(root)) => vec![(
                Code::LogoFormat,
                Text::new("logo-format.svg-root").arg("root", root),
            )],
        },
    }
}
