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

/// The text after the last character of `text` that `ends` a word, when
/// it is at most `max` characters long (`None` when longer): a look back
/// that stops there, since a paragraph without spaces (Chinese) scanned
/// back whole at each of its break opportunities made setting it
/// quadratic (a 200-page Chinese report: 3.3 of its 6 billion instructions).
pub(crate) fn short_last_word(text: &str, max: usize, ends: impl Fn(char) -> bool) -> Option<&str> {
    for (count, (i, c)) in text.char_indices().rev().enumerate() {
        if ends(c) {
            return Some(&text[i + c.len_utf8()..]);
        }
        if count == max {
            return None;
        }
    }
    Some(text)
}

/// The last word of `text` (after its last space), as the rules on the
/// last word need it. A text without spaces (Chinese) is not scanned back
/// whole at each of its breaks after a digit: past 64 characters the word
/// matters only if those characters could belong to a number or a day
/// ("(((1er", "1,000,…"), and is taken whole only then; any other long
/// word no rule keeps, and it counts as none.
fn last_word(text: &str) -> &str {
    const LOOK_BACK: usize = 64;
    if let Some(word) = short_last_word(text, LOOK_BACK, char::is_whitespace) {
        return word;
    }
    let may_be_number_or_day = text
        .chars()
        .rev()
        .take(LOOK_BACK + 1)
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '(' | '«' | '“' | 'e' | 'r'));
    if may_be_number_or_day {
        text.rsplit(char::is_whitespace).next().unwrap_or("")
    } else {
        ""
    }
}

/// A language's words for the rules, made once per paragraph: its month
/// names and per-cent words, and those of them that are two words, split
/// at their space ("كانون الثاني/يناير", "per cent").
pub(crate) struct Rules<'a> {
    language: Language<'a>,
    /// (first word, second word) of each two-word month name and per-cent
    /// phrase.
    phrases: Vec<(&'static str, &'static str)>,
}

impl<'a> Rules<'a> {
    pub(crate) fn of(language: Language<'a>) -> Self {
        let phrases = language
            .month_names()
            .iter()
            .chain(language.percent_words())
            .filter_map(|phrase| phrase.split_once(' '))
            .collect();
        Rules { language, phrases }
    }
}

/// Whether a line may not break between `before` (the text up to the
/// break, spaces included) and `after` (the text from it).
pub(crate) fn keeps_together(before: &str, after: &str, rules: &Rules<'_>) -> bool {
    let language = rules.language;
    let trimmed = before.trim_end();
    // The last word matters only to the rules below that look at it: an
    // initial ("T."), a day ("23", "1er") or a number ("12,5"), whose last
    // character says so; the word is looked for only then.
    let may_matter = trimmed.chars().next_back().is_some_and(|c| {
        c.is_ascii_digit() || matches!(c, ',' | '.' | '\u{a0}' | '\u{202f}' | 'r')
    });
    let last_word = if may_matter { last_word(trimmed) } else { "" };
    // A dash never starts a line.
    if after.starts_with(['–', '—']) && before.ends_with(char::is_whitespace) {
        return true;
    }
    // A short prefix with its hyphen: Al-Qaida, El-Salvador (never after
    // a dash or in a compound of long words, where breaking is fine).
    if let Some(prefix) = trimmed.strip_suffix('-') {
        // After an elision: d’Al-Qaida.
        let part = short_last_word(prefix, 3, |c| c.is_whitespace() || matches!(c, '’' | '\''));
        if part.is_some_and(|part| !part.is_empty() && part.chars().all(char::is_alphabetic)) {
            return true;
        }
    }
    if !last_word.is_empty() && keeps_last_word(last_word, after, language) {
        return true;
    }
    // The words of a month's name, and "per / cent" itself.
    splits_a_phrase(&rules.phrases, trimmed, after)
}

/// The rules on the last word before a break, asked only when there is
/// one that may matter (none between two Chinese characters).
fn keeps_last_word(last_word: &str, after: &str, language: Language<'_>) -> bool {
    // An initial and the name after it.
    let mut chars = last_word.chars();
    if let (Some(c), Some('.'), None) = (chars.next(), chars.next(), chars.next()) {
        if c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()) {
            return true;
        }
    }
    // A day and its month, and the words of a month's name.
    if is_day(last_word)
        && language
            .month_names()
            .iter()
            .any(|m| starts_with_word(after, m))
    {
        return true;
    }
    // A number and its unit.
    is_number(last_word)
        && (language
            .percent_words()
            .iter()
            .chain(&SYMBOLS)
            .any(|u| starts_with_word(after, u)))
}

/// Whether the break between `before` and `after` falls after the first
/// word of one of the two-word `phrases` ("كانون / الثاني/يناير",
/// "per / cent"). Asked at every break opportunity of every paragraph:
/// the phrases come split (splitting a dozen Arabic month names at each
/// break was 5 % of a 200-page Arabic render).
fn splits_a_phrase(phrases: &[(&str, &str)], before: &str, after: &str) -> bool {
    // A word the text ends with ends with the text's last byte: most
    // phrases are passed over on that one comparison (this runs at every
    // break opportunity, against every month name of the language).
    let last = before.as_bytes().last();
    phrases.iter().any(|(first, second)| {
        first.as_bytes().last().is_none_or(|b| Some(b) == last)
            && before.ends_with(first)
            && starts_with_word(after, second)
    })
}

#[cfg(test)]
mod tests {
    use super::{is_day, is_number, keeps_together, last_word, short_last_word, Rules};

    /// The last word as a plain scan back to the last space finds it.
    fn scanned(text: &str) -> &str {
        text.rsplit(char::is_whitespace).next().unwrap_or("")
    }

    /// Whether a rule could keep a break after `word`.
    fn matters(word: &str) -> bool {
        let mut chars = word.chars();
        let initial = matches!(
            (chars.next(), chars.next(), chars.next()),
            (Some(_), Some('.'), None)
        );
        initial || is_day(word) || is_number(word)
    }

    #[test]
    fn the_last_word_bounded_is_the_scanned_one_wherever_a_rule_could_use_it() {
        // Long runs without spaces, of digits, separators, brackets, the
        // letters of "1er", an initial's and Chinese.
        let pieces = [
            "1", "23", "2024", ",", ".", "(", "\u{ab}", "\u{201c}", "e", "r", "er", "T", "T.",
            "\u{5e74}", "\u{6708}", " ", "\u{a0}",
        ];
        let mut next = crate::testing::random(0x2024_1203);
        let (mut long, mut kept) = (0, 0);
        for _ in 0..20_000 {
            let mut text = String::new();
            let length = next(120);
            for _ in 0..length {
                // Spaces rarely, so that most words are long.
                let piece = pieces[next(pieces.len() as u32) as usize];
                if piece.trim().is_empty() && next(8) != 0 {
                    continue;
                }
                text.push_str(piece);
            }
            let (bounded, whole) = (last_word(&text), scanned(&text));
            if whole.chars().count() > 64 {
                long += 1;
            }
            if bounded == whole {
                kept += usize::from(matters(whole));
            } else {
                assert!(
                    bounded.is_empty() && !matters(whole),
                    "{text:?}: {bounded:?} for {whole:?}"
                );
            }
        }
        assert!(long > 1_000 && kept > 100, "{long} {kept}");
        // Past the bound, a number or a day is still taken whole.
        let number = format!("\u{5e74} 1{}", ",000".repeat(30));
        let day = format!("\u{5e74} {}23", "(".repeat(80));
        for text in [&number, &day] {
            assert!(matters(scanned(text)));
            assert_eq!(last_word(text), scanned(text));
        }
    }

    #[test]
    fn the_last_word_is_found_within_its_bound() {
        let space = char::is_whitespace;
        assert_eq!(short_last_word("in 23", 2, space), Some("23"));
        assert_eq!(short_last_word("23", 2, space), Some("23"));
        assert_eq!(short_last_word("on 123", 2, space), None);
        assert_eq!(short_last_word("on ", 2, space), Some(""));
        assert_eq!(short_last_word("", 2, space), Some(""));
        assert_eq!(short_last_word("في و", 2, space), Some("و"));
        // Chinese: no space anywhere, so the word is too long at once.
        assert_eq!(short_last_word("联合国大会", 2, space), None);
    }

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
                keeps_together(before, after, &Rules::of(super::Language::of(lang))),
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
                !keeps_together(before, after, &Rules::of(super::Language::of(lang))),
                "{before}|{after} ({lang})"
            );
        }
    }
}
