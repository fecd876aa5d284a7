//! Phone numbers, as libphonenumber's metadata (the `phonenumber` crate) reads them; a
//! number without `+` is read as German.
//!
//! Why two databases: the crate's default database holds every country, takes about 0.1 s
//! to load, and runs every regular-expression match under one process-wide lock, so phone
//! checks on several threads queue behind each other. Nearly every number in an order form
//! is German, so each thread gets its own database of the German metadata alone
//! (`data/phone/DE.xml`, derived by `examples/derive-phone-metadata.rs` from the crate's
//! own metadata; a test keeps the two equal). Its patterns say `[0-9]` for `\d` and leave
//! out white space, which means the same to the crate but compiles and matches faster.
//! Only a number with another country code goes to the default database.

use phonenumber::country::Id;
use phonenumber::metadata::{DATABASE, Database};
use phonenumber::{ParseError, PhoneNumber};

/// libphonenumber's territory DE, as in the `phonenumber` crate's metadata.
const GERMAN_METADATA: &str = include_str!("../../data/phone/DE.xml");
const GERMANY: u16 = 49;

thread_local! {
    static GERMAN: Database =
        Database::parse(GERMAN_METADATA).expect("data/phone/DE.xml is libphonenumber metadata");
}

/// Whether libphonenumber's metadata accepts the number.
pub fn is_valid(number: &str) -> bool {
    valid(number).is_some()
}

/// A valid number in E.164 form (`+494215900`), or `None`.
pub fn e164(number: &str) -> Option<String> {
    valid(number).map(|n| e164_of(&n))
}

/// The number, parsed, when it is valid.
fn valid(number: &str) -> Option<PhoneNumber> {
    let german = GERMAN.with(
        |db| match phonenumber::parse_with(db, Some(Id::DE), number) {
            Ok(n) if n.code().value() == GERMANY => {
                Some(phonenumber::is_valid_with(db, &n).then_some(n))
            }
            // Another country: only the whole metadata knows it.
            Ok(_) | Err(ParseError::InvalidCountryCode) => None,
            // Not a number at all, in any country.
            Err(_) => Some(None),
        },
    );
    german.unwrap_or_else(|| {
        phonenumber::parse_with(&DATABASE, Some(Id::DE), number)
            .ok()
            .filter(|n| phonenumber::is_valid_with(&DATABASE, n))
    })
}

/// What the crate's formatter writes in `Mode::E164`. Its formatter is not used because it
/// loads the whole default database whatever database it is given.
fn e164_of(number: &PhoneNumber) -> String {
    format!("+{}{}", number.code().value(), number.national())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdict and form of the default database alone, as before the split.
    fn whole(number: &str) -> Option<String> {
        phonenumber::parse_with(&DATABASE, Some(Id::DE), number)
            .ok()
            .filter(|n| phonenumber::is_valid_with(&DATABASE, n))
            .map(|n| {
                phonenumber::format_with(&DATABASE, &n)
                    .mode(phonenumber::Mode::E164)
                    .to_string()
            })
    }

    #[test]
    fn the_german_metadata_is_the_crates_own() {
        // After `cargo update` brings new metadata, re-derive data/phone/DE.xml (see the
        // module comment): this fails until then.
        // The changes of the derived copy: `\d` is written `[0-9]`, and patterns have no
        // white space (shown as `\n` and spaces here; only the formats have spaces, `$1 $2`,
        // and they are copied unchanged).
        let squeeze = |debug: String| {
            debug
                .replace("\\\\d", "[0-9]")
                .replace("\\n", "")
                .replace(' ', "")
        };
        let ours = GERMAN.with(|db| format!("{:?}", db.by_id("DE")));
        let crates = format!("{:?}", DATABASE.by_id("DE"));
        assert_eq!(squeeze(ours), squeeze(crates));
        // The patterns are shorter, not otherwise different.
        let pattern = |db: &Database| {
            db.by_id("DE")
                .unwrap()
                .descriptors()
                .general()
                .national_number()
                .as_str()
                .to_owned()
        };
        let ours = GERMAN.with(pattern);
        let crates = pattern(&DATABASE);
        assert!(!ours.contains(char::is_whitespace) && ours.len() < crates.len() / 2);
    }

    #[test]
    fn german_and_foreign_numbers() {
        assert_eq!(e164("0421 361-0").as_deref(), Some("+494213610"));
        assert_eq!(e164("+49 421 3610").as_deref(), Some("+494213610"));
        assert_eq!(e164("0049 30 123456").as_deref(), Some("+4930123456"));
        assert_eq!(e164("+43 1 4000 0").as_deref(), Some("+43140000"));
        assert_eq!(e164("0043 1 4000 0").as_deref(), Some("+43140000"));
        assert_eq!(e164("+33 1 42 76 40 40").as_deref(), Some("+33142764040"));
        for bad in ["12", "0000", "hallo", "+49 0", "+43 0", "+999 1234567", ""] {
            assert_eq!(e164(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_split_gives_the_verdicts_of_the_whole_metadata() {
        let mut numbers = Vec::new();
        for prefix in [
            "", "0", "+49 ", "0049 ", "+43 ", "+31 ", "+1 ", "+999 ", "00", "+",
        ] {
            for body in [
                "421 3610",
                "30 123456",
                "30 1234567890123",
                "151 23456789",
                "800 1234567",
                "900 1234567",
                "89 12345",
                "1",
                "12 34",
                "421 361-0 ext. 12",
                "(0421) 3610",
                "6221 54-0",
                "228 99 1234",
                "20 5555555",
                "345 678 901",
            ] {
                numbers.push(format!("{prefix}{body}"));
            }
        }
        for number in &numbers {
            assert_eq!(e164(number), whole(number), "{number}");
        }
    }

    #[test]
    fn every_thread_has_its_own_german_database() {
        let here = GERMAN.with(|db| std::sync::Arc::as_ptr(&db.cache()) as usize);
        let there =
            std::thread::spawn(|| GERMAN.with(|db| std::sync::Arc::as_ptr(&db.cache()) as usize))
                .join()
                .unwrap();
        assert_ne!(here, there);
    }
}
