//! Hyphenation for en, fr, es, ru (hypher's Liang patterns), fed real words
//! only, with per-language minimums and a reviewable exception list
//! (`locales/<lang>/hyphenation.txt`).

use crate::language::Language;
use std::collections::HashMap;

use hypher::Lang;

/// Per-language hyphenation rules and exceptions.
#[derive(Debug, Clone, Default)]
pub struct Hyphenation {
    /// Word (lower case) → its syllables; a single syllable means never break.
    exceptions: HashMap<String, Vec<String>>,
}

impl Hyphenation {
    /// Parses an exception list: one word per line, hyphens at the allowed
    /// breaks (`in-ter-na-tion-al`), a word without hyphens is never broken,
    /// `#` starts a comment.
    pub fn parse(text: &str) -> Self {
        let exceptions = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(|l| {
                let syllables: Vec<String> = l.split('-').map(str::to_owned).collect();
                (syllables.concat().to_lowercase(), syllables)
            })
            .collect();
        Hyphenation { exceptions }
    }
}

/// The hypher language and the minimum letters before and after a break:
/// never fewer than three on either side (no "co-|opération", no
/// "возможно-|стями" with two letters carried over).
fn rules(language: Language) -> Option<(Lang, usize, usize)> {
    language
        .hyphenation_patterns()
        .map(|patterns| (patterns, 3, 3))
}

/// The byte offsets inside `word` where it may be hyphenated. Words with
/// digits, apostrophes, capitals (names, symbols) or anything but letters
/// are never hyphenated.
pub(crate) fn break_points(
    word: &str,
    language: Language,
    hyphenation: Option<&Hyphenation>,
) -> Vec<usize> {
    let Some((hypher_lang, left, right)) = rules(language) else {
        return Vec::new();
    };
    let letters = word.chars().count();
    if letters < left + right
        || !word.chars().all(char::is_alphabetic)
        || word.chars().any(char::is_uppercase)
    {
        return Vec::new();
    }
    // Exceptions are kept lowercased; a word here has no capital, so only
    // a set with exceptions needs the lowercased copy.
    let exception = hyphenation
        .filter(|h| !h.exceptions.is_empty())
        .and_then(|h| h.exceptions.get(&word.to_lowercase()));
    match exception {
        Some(syllables) => points(syllables.iter().map(String::as_str), letters, left, right),
        None => points(
            hypher::hyphenate_bounded(word, hypher_lang, left, right),
            letters,
            left,
            right,
        ),
    }
}

/// The byte offsets between syllables that leave at least `left` letters
/// before and `right` after (the minimums hold for exceptions too).
fn points<'a>(
    syllables: impl Iterator<Item = &'a str>,
    letters: usize,
    left: usize,
    right: usize,
) -> Vec<usize> {
    let mut syllables = syllables.peekable();
    let mut points = Vec::new();
    let mut offset = 0;
    let mut before = 0;
    while let Some(syllable) = syllables.next() {
        // No break after the last syllable.
        if syllables.peek().is_none() {
            break;
        }
        offset += syllable.len();
        before += syllable.chars().count();
        if before >= left && letters - before >= right {
            points.push(offset);
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(word: &str, lang: &str, h: Option<&Hyphenation>) -> String {
        let points = break_points(word, Language::of(lang), h);
        let mut out = String::new();
        let mut last = 0;
        for p in points {
            out.push_str(&word[last..p]);
            out.push('-');
            last = p;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn real_words_only() {
        assert_eq!(
            split("intergovernmental", "en", None),
            "inter-gov-ern-men-tal"
        );
        assert_eq!(split("государств", "ru", None), "госу-дарств");
        assert_eq!(split("cooperation", "en", None), "coop-er-a-tion");
        assert_eq!(split("doesn't", "en", None), "doesn't");
        assert_eq!(split("Kazakhstan", "en", None), "Kazakhstan");
        assert_eq!(split("CSTO", "en", None), "CSTO");
        assert_eq!(split("2021", "en", None), "2021");
        assert_eq!(split("word", "zh", None), "word");
    }

    #[test]
    fn exceptions_win() {
        let h = Hyphenation::parse("# reviewed\nprogress\nre-cord-ing\nor-gan-i-za-tions\n");
        assert_eq!(split("progress", "en", Some(&h)), "progress");
        // The three-letter minimums hold in exceptions too.
        assert_eq!(split("recording", "en", Some(&h)), "record-ing");
        assert_eq!(split("organizations", "en", Some(&h)), "organ-i-za-tions");
    }
}
