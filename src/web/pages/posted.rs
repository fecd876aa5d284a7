//! What a page posts (`multipart/form-data`), read within bounds: a text field at most the
//! size of a form, an uploaded file at most the size of a logo or a form, the logo carried
//! in the page at most its base64, and no more than a few hundred parts. Past a bound the
//! answer is `413`; nothing is kept once the answer is sent.

use axum::extract::Multipart;
use axum::http::StatusCode;
use onboard::limits::{MAX_FORM_BYTES, MAX_LOGO_BYTES};

use super::values::LOGO_DATA;

/// Parts a page posts at most (every input of a form with all its contacts and areas).
const MAX_PARTS: usize = 400;

/// The most a page posts: the values (at most a form's size), the logo it carries as
/// base64, a new logo in its place, and room for the multipart framing. Above the API's
/// bound (a form and a logo): a page carries its logo twice over when a new one replaces it.
pub const MAX_PAGE_BYTES: usize = MAX_FORM_BYTES as usize
    + (MAX_LOGO_BYTES as usize).div_ceil(3) * 4
    + MAX_LOGO_BYTES as usize
    + 64 * 1024;

/// One part: its name, the upload's file name (for a file input), its bytes.
#[derive(Debug)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

impl Part {
    /// The part as text (invalid UTF-8 replaced: an input's text is UTF-8 by the form's
    /// charset; anything else is no clerk's typing).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// Why a post was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not `multipart/form-data`, or broken.
    BadRequest,
    /// Past a bound.
    TooLarge,
}

impl Refused {
    pub fn status(self) -> StatusCode {
        match self {
            Refused::BadRequest => StatusCode::BAD_REQUEST,
            Refused::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }
}

/// The most bytes a part may have.
fn bound(name: &str, is_file: bool) -> usize {
    let logo = MAX_LOGO_BYTES as usize;
    if name == LOGO_DATA {
        logo.div_ceil(3) * 4
    } else if is_file {
        logo.max(MAX_FORM_BYTES as usize)
    } else {
        MAX_FORM_BYTES as usize
    }
}

/// Every part of the post, each within its bound.
pub async fn read(mut multipart: Multipart) -> Result<Vec<Part>, Refused> {
    let mut parts = Vec::new();
    let mut total = 0;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(parts),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Refused::TooLarge);
            }
            Err(_) => return Err(Refused::BadRequest),
        };
        if parts.len() >= MAX_PARTS {
            return Err(Refused::TooLarge);
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let limit = bound(&name, file_name.is_some());
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    total += chunk.len();
                    if bytes.len() + chunk.len() > limit || total > MAX_PAGE_BYTES {
                        return Err(Refused::TooLarge);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(Refused::TooLarge);
                }
                Err(_) => return Err(Refused::BadRequest),
            }
        }
        parts.push(Part {
            name,
            file_name,
            bytes,
        });
    }
}
