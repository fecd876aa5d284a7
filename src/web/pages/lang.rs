//! The language of a page: the one the clerk chose (the switch: `?lang=en`, or the `lang`
//! of a posted form), else the browser's (`Accept-Language`), else German — the clerks are
//! German offices. Nothing is remembered between requests. The choice itself is the API's
//! ([`crate::web::lang::negotiate`]), so a page and `/api/validate` never disagree.

use axum::http::HeaderMap;
use onboard::Lang;

/// The language for a request: `chosen` (`de`, `en`) if it names one, else the browser's.
pub fn choose(chosen: Option<&str>, headers: &HeaderMap) -> Lang {
    crate::web::lang::negotiate(chosen, headers)
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
    use axum::http::header::ACCEPT_LANGUAGE;

    #[test]
    fn a_choice_wins_over_the_browser() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, "en".parse().unwrap());
        assert_eq!(choose(Some("de"), &headers), Lang::De);
        assert_eq!(choose(Some("xx"), &headers), Lang::En);
        assert_eq!(choose(None, &HeaderMap::new()), Lang::De);
        headers.insert(ACCEPT_LANGUAGE, "fr, de;q=0.5, en;q=0.4".parse().unwrap());
        assert_eq!(choose(None, &headers), Lang::De);
    }
}
