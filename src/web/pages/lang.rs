//! The language of a page: the one the clerk chose (the switch: `?lang=en`, or the `lang`
//! of a posted form), else the first of German and English that `Accept-Language` names,
//! else German — the clerks are German offices. Nothing is remembered between requests.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use onboard::Lang;

/// The language for a request: `chosen` (`de`, `en`) if it names one, else the browser's.
pub fn choose(chosen: Option<&str>, headers: &HeaderMap) -> Lang {
    chosen
        .and_then(Lang::from_code)
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(from_accept_language)
        })
        .unwrap_or(Lang::De)
}

/// The language of ours the browser prefers most (`en-GB,en;q=0.9,de;q=0.8` → English);
/// `None` when it names neither.
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or_default();
        let Some(lang) = Lang::from_code(primary) else {
            continue;
        };
        if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

/// The other language, which the switch offers.
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::De => Lang::En,
        Lang::En => Lang::De,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_preference_decides_between_ours() {
        assert_eq!(
            from_accept_language("en-GB,en;q=0.9,de;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            from_accept_language("fr, de;q=0.5, en;q=0.4"),
            Some(Lang::De)
        );
        assert_eq!(from_accept_language("de-AT"), Some(Lang::De));
        assert_eq!(from_accept_language("fr, it"), None);
        assert_eq!(from_accept_language("en;q=0, de;q=0.1"), Some(Lang::De));
    }

    #[test]
    fn a_choice_wins_over_the_browser() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, "en".parse().unwrap());
        assert_eq!(choose(Some("de"), &headers), Lang::De);
        assert_eq!(choose(Some("xx"), &headers), Lang::En);
        assert_eq!(choose(None, &HeaderMap::new()), Lang::De);
    }
}
