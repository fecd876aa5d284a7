//! PNG and JPEG: dimensions from the header (never decoding the image) and a check that the
//! file is not cut short.

use super::Format;

/// Width and height, or the message id of what is wrong with the file.
pub fn inspect(format: Format, bytes: &[u8]) -> Result<(u32, u32), &'static str> {
    let size = imagesize::blob_size(bytes).map_err(|_| "logo-format.damaged")?;
    if !complete(format, bytes) {
        return Err("logo-format.truncated");
    }
    let side = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok((side(size.width), side(size.height)))
}

/// A PNG ends with its IEND chunk; a JPEG with the EOI marker (some writers pad after it).
fn complete(format: Format, bytes: &[u8]) -> bool {
    match format {
        Format::Png => bytes.ends_with(b"IEND\xAE\x42\x60\x82"),
        Format::Jpeg => {
            let tail = &bytes[bytes.len().saturating_sub(64)..];
            tail.windows(2).any(|w| w == [0xFF, 0xD9])
        }
        Format::Svg => true,
    }
}
