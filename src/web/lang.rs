//! The language of an answer: `lang=de|en` in the query, else the browser's
//! `Accept-Language`, else German (the clerks' language).

use axum::http::{HeaderMap, header};
use onboard::Lang;

/// The language asked for: the query's `lang` if it names one, else the best of German and
/// English in `Accept-Language` (by its weights; the first on a tie), else German.
pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Lang {
    if let Some(lang) = query.and_then(Lang::from_code) {
        return lang;
    }
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let mut best: Option<(f32, Lang)> = None;
    for item in accepted.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let Some(lang) = Lang::from_code(&primary.to_ascii_lowercase()) else {
            continue;
        };
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .unwrap_or(0.0);
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map_or(Lang::De, |(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn the_query_then_the_browser_then_german() {
        assert_eq!(negotiate(Some("en"), &accepting("de")), Lang::En);
        assert_eq!(negotiate(Some("fr"), &accepting("en-GB")), Lang::En);
        assert_eq!(
            negotiate(None, &accepting("en-US,en;q=0.9,de;q=0.8")),
            Lang::En
        );
        assert_eq!(
            negotiate(None, &accepting("fr, en;q=0.5, de-AT;q=0.7")),
            Lang::De
        );
        assert_eq!(negotiate(None, &accepting("EN")), Lang::En);
        assert_eq!(negotiate(None, &accepting("en;q=0, fr")), Lang::De);
        assert_eq!(negotiate(None, &accepting("fr")), Lang::De);
        assert_eq!(negotiate(None, &HeaderMap::new()), Lang::De);
    }
}
