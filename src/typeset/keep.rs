//! What a line break may never split, in one place, on top of UAX #14
//! and the CJK rules of `collect/`. Each rule looks at the words on
//! either side of a break opportunity (`before` ends where the break
//! would be, `after` starts after it) and keeps, in every language:
//!
//! - a day with its month ("23 / March", «19 / أيار/مايو»), and the words
//!   of a month's name («كانون / الثاني/يناير»);
//! - a number with its unit or "per cent" ("45 / per cent", "12 / km");
//! - an initial with the name after it ("T. / Masadykov");
//! - a short prefix with its hyphen and what follows ("Al- / Qaida");
//! - a spaced dash with the word before it: a dash never starts a line
//!   ("члены / – Организации" is never set; Russian and French set a
//!   no-break space there).
//!
//! The author types nothing: `{nbsp}` stays for other cases.

use crate::language::Language;

/// Units written the same in every script.
const SYMBOLS: [&str; 14] = [
    "%", "km", "km2", "km²", "m", "cm", "mm", "kg", "g", "t", "ha", "l", "°C", "MW",
];

/// Whether `word` is a day of the month: 1 to 31 (French writes the first
/// `1er`).
fn is_day(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '«', '“']);
    word == "1er" || word.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Whether `word` is a number (digits with their separators).
fn is_number(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '\u{a0}' | '\u{202f}'))
}

/// Whether `text` starts with `phrase` followed by the end of a word.
fn starts_with_word(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Whether a line may not break between `before` (the text up to the
/// break, spaces included) and `after` (the text from it).
pub(crate) fn keeps_together(before: &str, after: &str, language: Language) -> bool {
    let trimmed = before.trim_end();
    let last_word = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
    // A dash never starts a line.
    if after.starts_with(['–', '—']) && before.ends_with(char::is_whitespace) {
        return true;
    }
    // A short prefix with its hyphen: Al-Qaida, El-Salvador (never after
    // a dash or in a compound of long words, where breaking is fine).
    if let Some(prefix) = trimmed.strip_suffix('-') {
        // After an elision: d’Al-Qaida.
        let part = prefix
            .rsplit(|c: char| c.is_whitespace() || matches!(c, '’' | '\''))
            .next()
            .unwrap_or("");
        let letters = part.chars().count();
        if (1..=3).contains(&letters) && part.chars().all(char::is_alphabetic) {
            return true;
        }
    }
    // An initial and the name after it.
    let mut chars = last_word.chars();
    if let (Some(c), Some('.'), None) = (chars.next(), chars.next(), chars.next()) {
        if c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()) {
            return true;
        }
    }
    // A day and its month, and the words of a month's name.
    let months = language.month_names();
    if is_day(last_word) && months.iter().any(|m| starts_with_word(after, m)) {
        return true;
    }
    if splits_a_phrase(months, trimmed, after) {
        return true;
    }
    // A number and its unit.
    if is_number(last_word)
        && (language
            .percent_words()
            .iter()
            .chain(&SYMBOLS)
            .any(|u| starts_with_word(after, u)))
    {
        return true;
    }
    // "per / cent" itself.
    splits_a_phrase(language.percent_words(), trimmed, after)
}

/// Whether the break between `before` and `after` falls after the first
/// word of one of the two-word `phrases` ("كانون / الثاني/يناير",
/// "per / cent").
fn splits_a_phrase(phrases: &[&str], before: &str, after: &str) -> bool {
    // Asked at every break opportunity of every paragraph, of a dozen month
    // names that are mostly one word: the space is found with a plain byte
    // loop (a `split_once(' ')` per name cost 3 % of an 8-page render).
    phrases.iter().any(|phrase| {
        phrase.bytes().position(|b| b == b' ').is_some_and(|space| {
            before.ends_with(&phrase[..space]) && starts_with_word(after, &phrase[space + 1..])
        })
    })
}

#[cfg(test)]
mod tests {
    use super::keeps_together;

    #[test]
    fn what_belongs_together_stays_together() {
        let kept = [
            ("on 23 ", "March 2021", "en"),
            ("le 1er ", "janvier", "fr"),
            ("19 ", "أيار/مايو 2021", "ar"),
            ("في 19 كانون ", "الثاني/يناير", "ar"),
            ("45 ", "per cent of", "en"),
            ("45 per ", "cent of", "en"),
            ("12,5 ", "km", "fr"),
            ("T. ", "Masadykov", "en"),
            ("Т. ", "Масадыков", "ru"),
            ("Al-", "Qaida", "en"),
            ("membres d’Al-", "Qaida", "fr"),
            ("государства ", "– члены", "ru"),
        ];
        for (before, after, lang) in kept {
            assert!(
                keeps_together(before, after, super::Language::of(lang)),
                "{before}|{after} ({lang})"
            );
        }
        let free = [
            ("on 23 ", "members", "en"),
            ("in 2021 ", "March", "en"),
            ("the ", "March", "en"),
            ("well-", "known", "en"),
            ("– ", "members", "ru"),
            ("the U.S. ", "delegation", "en"),
            ("45 ", "people", "en"),
        ];
        for (before, after, lang) in free {
            assert!(
                !keeps_together(before, after, super::Language::of(lang)),
                "{before}|{after} ({lang})"
            );
        }
    }
}
