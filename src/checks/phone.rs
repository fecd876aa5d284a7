//! Phone numbers, as libphonenumber's metadata (the `phonenumber` crate) reads them; a
//! number without `+` is read as German.
//!
//! Why two databases: the crate's default database holds every country, takes about 0.1 s
//! to load, and runs every regular-expression match under one process-wide lock, so phone
//! checks on several threads queue behind each other. Nearly every number in an order form
//! is German, so each thread gets its own database of the German metadata alone
//! (`data/phone/DE.xml`, derived by `examples/derive-phone-metadata.rs` from the crate's
//! own metadata; tests keep the two equal). Its patterns say `[0-9]` for `\d`, leave out
//! white space and are anchored at the start, which means the same to the crate but compiles
//! and matches faster; the formats, which checking never reads, are left out.
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
    use phonenumber::metadata::Descriptor;

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

    /// Every number type of a territory, as the crate's `number_type` tries them (and the
    /// rest the metadata can hold).
    fn descriptors(meta: &phonenumber::Metadata) -> Vec<(&'static str, Option<&Descriptor>)> {
        let d = meta.descriptors();
        vec![
            ("general", Some(d.general())),
            ("fixed_line", d.fixed_line()),
            ("mobile", d.mobile()),
            ("toll_free", d.toll_free()),
            ("premium_rate", d.premium_rate()),
            ("shared_cost", d.shared_cost()),
            ("personal_number", d.personal_number()),
            ("voip", d.voip()),
            ("pager", d.pager()),
            ("uan", d.uan()),
            ("emergency", d.emergency()),
            ("voicemail", d.voicemail()),
            ("short_code", d.short_code()),
            ("standard_rate", d.standard_rate()),
            ("carrier", d.carrier()),
            ("no_international", d.no_international()),
        ]
    }

    /// A pattern as `data/phone/DE.xml` writes it: `[0-9]` for `\d`, no white space.
    fn squeezed(pattern: &str) -> String {
        pattern
            .replace("\\d", "[0-9]")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    #[test]
    fn the_german_metadata_is_the_crates_own() {
        // After `cargo update` brings new metadata, re-derive data/phone/DE.xml (see the
        // module comment): this fails until then. The derived copy differs only as the
        // module comment says.
        // The crate's regex type is not named outside it.
        macro_rules! pattern {
            ($regex:expr) => {
                $regex.map(|r| squeezed(r.as_str()))
            };
        }
        GERMAN.with(|ours| {
            let ours = ours.by_id("DE").unwrap();
            let crates = DATABASE.by_id("DE").unwrap();
            for ((name, mine), (_, theirs)) in
                descriptors(ours).into_iter().zip(descriptors(crates))
            {
                let Some(theirs) = theirs else {
                    assert!(mine.is_none(), "{name}");
                    continue;
                };
                let mine = mine.unwrap_or_else(|| panic!("{name} is missing"));
                let anchored = format!("^(?:{})", squeezed(theirs.national_number().as_str()));
                assert_eq!(mine.national_number().as_str(), anchored, "{name}");
                assert_eq!(mine.possible_length(), theirs.possible_length(), "{name}");
                assert_eq!(
                    mine.possible_local_length(),
                    theirs.possible_local_length(),
                    "{name}"
                );
                assert_eq!(mine.example(), theirs.example(), "{name}");
            }
            assert_eq!(ours.id(), crates.id());
            assert_eq!(ours.country_code(), crates.country_code());
            assert_eq!(
                pattern!(ours.international_prefix()),
                pattern!(crates.international_prefix())
            );
            assert_eq!(
                ours.preferred_international_prefix(),
                crates.preferred_international_prefix()
            );
            assert_eq!(ours.national_prefix(), crates.national_prefix());
            assert_eq!(
                ours.preferred_extension_prefix(),
                crates.preferred_extension_prefix()
            );
            assert_eq!(
                pattern!(ours.national_prefix_for_parsing()),
                pattern!(crates.national_prefix_for_parsing())
            );
            assert_eq!(
                ours.national_prefix_transform_rule(),
                crates.national_prefix_transform_rule()
            );
            assert_eq!(
                ours.is_main_country_for_code(),
                crates.is_main_country_for_code()
            );
            assert_eq!(
                pattern!(ours.leading_digits()),
                pattern!(crates.leading_digits())
            );
            assert_eq!(
                ours.is_mobile_number_portable(),
                crates.is_mobile_number_portable()
            );
        });
    }

    #[test]
    fn the_german_patterns_are_anchored_and_the_formats_left_out() {
        // The crate asks a number type's pattern only whether it matches at the start of the
        // number; anchored, the long German patterns compile two to four times faster. The
        // formats are never read (onboard writes E.164 itself): loading them was a third of
        // loading the database.
        GERMAN.with(|db| {
            let meta = db.by_id("DE").unwrap();
            for (name, descriptor) in descriptors(meta) {
                if let Some(d) = descriptor {
                    let pattern = d.national_number().as_str();
                    assert!(
                        pattern.starts_with("^(?:") && pattern.ends_with(')'),
                        "{name}: {pattern}"
                    );
                    assert!(!pattern.contains(char::is_whitespace), "{name}: {pattern}");
                }
            }
            assert!(meta.formats().is_empty() && meta.international_formats().is_empty());
        });
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
    fn every_german_prefix_and_length_gets_the_verdict_of_the_whole_metadata() {
        // Each one- to three-digit prefix (area codes, mobile, service numbers) at every
        // national length from 3 to 15: the anchored patterns must not change a verdict.
        let (mut checked, mut valid) = (0, 0);
        for prefix in 1..1000u32 {
            for len in 3..=15usize {
                let prefix = prefix.to_string();
                if prefix.len() > len {
                    continue;
                }
                let filler: String = "2834567190"
                    .chars()
                    .cycle()
                    .take(len - prefix.len())
                    .collect();
                let number = format!("0{prefix}{filler}");
                let verdict = e164(&number);
                assert_eq!(verdict, whole(&number), "{number}");
                checked += 1;
                valid += usize::from(verdict.is_some());
            }
        }
        assert!(
            checked > 12_000 && valid > 3_000,
            "{valid} of {checked} valid"
        );
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
