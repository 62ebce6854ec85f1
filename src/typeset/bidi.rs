//! Bidi embedding levels (UAX #9) of a paragraph, per byte.
//!
//! Most paragraphs of five of our six languages are left to right with no
//! right-to-left character at all; only Fluent's isolation marks (FSI …
//! PDI around every placeable) raise levels in them. For those the levels
//! follow from the isolate and embedding stack alone, which is what
//! [`levels`] computes without looking up a single bidi class.
//!
//! Most Arabic paragraphs are the mirror case: a right-to-left base with
//! no left-to-right letter and no formatting character, where every
//! character is at level 1 but the numbers (and the separators and
//! terminators the weak rules join to them), which are at level 2.
//! [`right_to_left_levels`] applies only those rules.
//!
//! Anything else (a right-to-left character in a left-to-right paragraph,
//! a Latin word in an Arabic one, a control character) goes to
//! `unicode_bidi`. The fast paths agree with it byte for byte (tests
//! below: one over every Unicode scalar value, two over random strings).

use std::sync::OnceLock;
use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};

/// The embedding level of every byte of `text`, read with `base_rtl` as
/// the paragraph direction (rules P2–I2; L1 is not applied, as
/// `BidiInfo::levels`).
pub fn levels(text: &str, base_rtl: bool) -> Vec<u8> {
    let fast = if base_rtl {
        right_to_left_levels(text)
    } else {
        left_to_right_levels(text)
    };
    if let Some(levels) = fast {
        return levels;
    }
    let base = if base_rtl { Level::rtl() } else { Level::ltr() };
    BidiInfo::new(text, Some(base))
        .levels
        .iter()
        .map(|l| l.number())
        .collect()
}

/// Whether `c` may have bidi class R, AL, AN, RLE, RLO or RLI (or FSI,
/// which a right-to-left letter would turn into RLI): every such
/// character is in these ranges.
fn may_be_right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0x200F | 0x202B | 0x202E | 0x2067 | 0xFB1D..=0xFDFF
        | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Characters whose level the fast path would not know: boundary-neutral
/// controls (their level is the previous character's), segment and
/// paragraph separators other than a line feed or carriage return.
fn unusual(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x08 | 0x0B..=0x0C | 0x0E..=0x1F | 0x7F..=0x9F | 0x00AD | 0x180E
        | 0x200B..=0x200D | 0x2028..=0x2029 | 0x2060..=0x2065 | 0x206A..=0x206F
        | 0xFEFF | 0xFFF0..=0xFFFF | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
        || (c as u32) & 0xFFFE == 0xFFFE
        || matches!(c as u32, 0xFDD0..=0xFDEF)
}

/// How many bytes at the start of `bytes` are characters at the current
/// depth with nothing to look up: printable ASCII (most of a Latin text)
/// and U+3000 to U+9FFF (CJK punctuation, kana and ideographs: most of a
/// Chinese text), the three bytes of whose UTF-8 lead with E3 to E9. No
/// character there is right to left, unusual or a control of the stack.
fn plain_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        at += match b {
            0x20..0x7F => 1,
            0xE3..=0xE9 => 3,
            _ => break,
        };
    }
    at
}

/// The levels of a left-to-right paragraph with no right-to-left
/// character: the depth of the isolate and embedding stack, two levels a
/// step. `None` when the text needs the full algorithm.
fn left_to_right_levels(text: &str) -> Option<Vec<u8>> {
    // Entries of the directional status stack above the paragraph level:
    // true for an isolate, false for an embedding or override.
    let mut stack: Vec<bool> = Vec::new();
    // Every byte at level 0 (most of a left-to-right text), the others
    // written where they are found.
    let mut out = vec![0; text.len()];
    // The level of the character before (X9-removed characters take it).
    let mut previous = 0u8;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // A run of plain characters (printable ASCII, CJK: `plain_run`) is
        // at the current depth.
        let run = plain_run(&bytes[at..]);
        if run > 0 {
            previous = 2 * stack.len() as u8;
            if previous != 0 {
                out[at..at + run].fill(previous);
            }
            at += run;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let start = at;
        at += c.len_utf8();
        if may_be_right_to_left(c) || unusual(c) {
            return None;
        }
        let current = 2 * stack.len() as u8;
        let level = match c {
            // LRI, FSI (with no right-to-left letter it is an LRI): the
            // initiator keeps the outer level.
            '\u{2066}' | '\u{2068}' => {
                stack.push(true);
                current
            }
            // PDI: closes the innermost isolate and every embedding inside
            // it; unmatched, it does nothing.
            '\u{2069}' => {
                if let Some(isolate) = stack.iter().rposition(|&isolate| isolate) {
                    stack.truncate(isolate);
                }
                2 * stack.len() as u8
            }
            // LRE, LRO: removed by X9, they take the level of the character
            // before them.
            '\u{202A}' | '\u{202D}' => {
                stack.push(false);
                previous
            }
            // PDF: closes an embedding, never an isolate.
            '\u{202C}' => {
                if stack.last() == Some(&false) {
                    stack.pop();
                }
                previous
            }
            // A paragraph separator ends the paragraph: the next one
            // starts again at level 0.
            '\n' | '\r' => {
                stack.clear();
                0
            }
            _ => current,
        };
        // Level 125 is the deepest; leave such nesting to the algorithm.
        if stack.len() > 60 {
            return None;
        }
        if level != 0 {
            out[start..at].fill(level);
        }
        previous = level;
    }
    Some(out)
}

/// The bidi class of `c`; U+0000–U+07FF (ASCII, Latin, Hebrew, Arabic)
/// from a table made once, the rest by `unicode_bidi`'s search.
fn class_of(c: char) -> BidiClass {
    static LOW: OnceLock<Vec<BidiClass>> = OnceLock::new();
    let low = LOW.get_or_init(|| ('\0'..'\u{800}').map(bidi_class).collect());
    low.get(c as usize)
        .copied()
        .unwrap_or_else(|| bidi_class(c))
}

/// A run of Arabic letters, spaces and marks (see [`arabic_run`]).
struct ArabicRun {
    bytes: usize,
    chars: usize,
    /// The class of its last letter or space: what a mark after it takes.
    last: Option<BidiClass>,
    /// Whether it holds a letter: the last strong type after it is then AL.
    letters: bool,
}

/// The start of `bytes` that is Arabic letters (U+0621–U+063A,
/// U+0640–U+064A: AL), spaces (WS) and harakat (U+064B–U+065F: NSM) after
/// either. A mark with nothing before it in the run ends the run, for the
/// character-by-character path to class it by what came before.
fn arabic_run(bytes: &[u8]) -> ArabicRun {
    let mut run = ArabicRun {
        bytes: 0,
        chars: 0,
        last: None,
        letters: false,
    };
    loop {
        match bytes.get(run.bytes..run.bytes + 2) {
            Some(&[0xD8, 0xA1..=0xBA] | &[0xD9, 0x80..=0x8A]) => {
                run.bytes += 2;
                run.last = Some(BidiClass::AL);
                run.letters = true;
            }
            Some(&[0xD9, 0x8B..=0x9F]) if run.last.is_some() => run.bytes += 2,
            _ if bytes.get(run.bytes) == Some(&b' ') => {
                run.bytes += 1;
                run.last = Some(BidiClass::WS);
            }
            _ => break,
        }
        run.chars += 1;
    }
    run
}

/// The levels of a right-to-left paragraph with no strong left-to-right
/// character and no explicit formatting (embeddings, overrides, isolates,
/// boundary neutrals). With no L anywhere, every neutral resolves to R
/// (rules N0–N2: both sides are R, numbers counting as R, and so is the
/// embedding direction), so a character is at level 1 unless the weak
/// rules W1–W6 leave it a number (EN or AN), which I2 raises to 2. `None`
/// when the text needs the full algorithm.
fn right_to_left_levels(text: &str) -> Option<Vec<u8>> {
    use BidiClass::*;
    // W1–W3 in one pass: a mark takes the class before it (the start of a
    // paragraph is R), a European number after an Arabic letter is an
    // Arabic number, an Arabic letter is R. Only the characters outside
    // the runs of Arabic letters are kept, with their place: the rules
    // after W3 change nothing else (a run is R to its neighbours).
    let mut singles: Vec<Single> = Vec::new();
    let mut count = 0;
    let (mut previous, mut last_strong) = (R, R);
    let mut numbers = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // A run of Arabic letters, spaces and the marks on them (most of
        // an Arabic text) is R to every later rule: no number is in it and
        // no separator or terminator beside it is changed by it.
        let run = arabic_run(&bytes[at..]);
        if run.chars > 0 {
            count += run.chars;
            if let Some(class) = run.last {
                previous = class;
            }
            if run.letters {
                last_strong = AL;
            }
            at += run.bytes;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let single = |class| Single {
            index: count,
            at,
            length: c.len_utf8(),
            class,
        };
        let class = match class_of(c) {
            L | LRE | LRO | RLE | RLO | PDF | LRI | RLI | FSI | PDI | BN => return None,
            NSM => previous,
            B => {
                // A paragraph separator: the next paragraph starts afresh.
                last_strong = R;
                previous = R;
                singles.push(single(B));
                count += 1;
                at += c.len_utf8();
                continue;
            }
            class => class,
        };
        previous = class;
        let class = match class {
            AL => {
                last_strong = AL;
                R
            }
            R => {
                last_strong = R;
                R
            }
            EN if last_strong == AL => AN,
            class => class,
        };
        numbers |= matches!(class, EN | AN);
        singles.push(single(class));
        count += 1;
        at += c.len_utf8();
    }
    // Without a number, W4 and W5 change nothing and every byte is at 1.
    if !numbers {
        return Some(vec![1; text.len()]);
    }
    // The class of the character just before or after single `k`: R in a
    // run, and nothing beyond the text.
    let before = |singles: &[Single], k: usize| match k.checked_sub(1).map(|j| &singles[j]) {
        Some(other) if other.index + 1 == singles[k].index => other.class,
        _ => R,
    };
    let after = |singles: &[Single], k: usize| match singles.get(k + 1) {
        Some(other) if other.index == singles[k].index + 1 => Some(other.class),
        _ if singles[k].index + 1 < count => Some(R),
        _ => None,
    };
    // W4: a single separator between two numbers of one kind joins them
    // (an ES only European ones); the first and last characters stay.
    for k in 0..singles.len() {
        if singles[k].index == 0 || singles[k].index + 1 >= count {
            continue;
        }
        let class = match (singles[k].class, before(&singles, k), after(&singles, k)) {
            (ES | CS, EN, Some(EN)) => EN,
            (CS, AN, Some(AN)) => AN,
            (class, _, _) => class,
        };
        singles[k].class = class;
    }
    // W5: terminators next to a European number are part of it.
    let mut k = 0;
    while k < singles.len() {
        if singles[k].class != ET {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < singles.len()
            && singles[end].class == ET
            && singles[end].index == singles[end - 1].index + 1
        {
            end += 1;
        }
        let joined = (singles[k].index > 0 && before(&singles, k) == EN)
            || after(&singles, end - 1) == Some(EN);
        if joined {
            for single in &mut singles[k..end] {
                single.class = EN;
            }
        }
        k = end;
    }
    // W6 makes the remaining separators and terminators neutral; N0–N2
    // resolve every neutral to R; I2 raises numbers to level 2: every
    // byte at 1, those of numbers then raised (most text has few).
    let mut out = vec![1; text.len()];
    for single in singles.iter().filter(|s| matches!(s.class, EN | AN)) {
        out[single.at..single.at + single.length].fill(2);
    }
    Some(out)
}

/// A character of a right-to-left paragraph outside its runs of Arabic
/// letters: its place among the characters and in the text, and its
/// class as the weak rules leave it.
struct Single {
    index: usize,
    at: usize,
    length: usize,
    class: BidiClass,
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_bidi::{bidi_class, BidiClass};

    fn full(text: &str) -> Vec<u8> {
        BidiInfo::new(text, Some(Level::ltr()))
            .levels
            .iter()
            .map(|l| l.number())
            .collect()
    }

    #[test]
    fn the_ranges_hold_every_right_to_left_and_unusual_character() {
        let mut missing = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let class = bidi_class(c);
            if !may_be_right_to_left(c) {
                assert!(
                    !matches!(
                        class,
                        BidiClass::R
                            | BidiClass::AL
                            | BidiClass::AN
                            | BidiClass::RLE
                            | BidiClass::RLO
                            | BidiClass::RLI
                    ),
                    "U+{:04X} is {class:?}",
                    c as u32
                );
            }
            if !may_be_right_to_left(c) && !unusual(c) {
                let handled = match c {
                    '\u{2066}' | '\u{2068}' | '\u{2069}' | '\u{202A}' | '\u{202C}' | '\u{202D}'
                    | '\n' | '\r' => true,
                    _ => !matches!(
                        class,
                        BidiClass::BN
                            | BidiClass::B
                            | BidiClass::LRI
                            | BidiClass::FSI
                            | BidiClass::PDI
                            | BidiClass::LRE
                            | BidiClass::LRO
                            | BidiClass::PDF
                    ),
                };
                if !handled {
                    missing.push(format!("U+{:04X} ({class:?})", c as u32));
                }
            }
        }
        assert!(missing.is_empty(), "not handled: {}", missing.join(", "));
    }

    #[test]
    fn isolates_and_embeddings_give_the_levels_of_the_full_algorithm() {
        let pieces = [
            "a", "Z", "1", "2021", " ", ",", ".", "(", ")", "«", "é", "я", "中", "。", "\t",
            "\u{2066}", "\u{2068}", "\u{2069}", "\u{202A}", "\u{202C}", "\u{202D}", "\n",
            "\u{00A0}", "\u{202F}", "-", "/", "%", "$",
        ];
        for text in random_strings(&pieces, 0x2021_0519, 20_000) {
            let fast = left_to_right_levels(&text).expect("fast path");
            assert_eq!(fast, full(&text), "{text:?}");
        }
    }

    /// `count` strings of 1 to 32 of `pieces`, drawn by a fixed linear
    /// congruential sequence from `seed`: the same strings every run.
    fn random_strings<'a>(
        pieces: &'a [&str],
        seed: u64,
        count: usize,
    ) -> impl Iterator<Item = String> + 'a {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state
        };
        (0..count).map(move |_| {
            let length = (next() >> 59) as usize + 1;
            (0..length)
                .map(|_| pieces[(next() >> 33) as usize % pieces.len()])
                .collect()
        })
    }

    fn full_rtl(text: &str) -> Vec<u8> {
        BidiInfo::new(text, Some(Level::rtl()))
            .levels
            .iter()
            .map(|l| l.number())
            .collect()
    }

    #[test]
    fn arabic_text_with_numbers_gives_the_levels_of_the_full_algorithm() {
        // Arabic and Hebrew letters, marks, both kinds of digits, every
        // kind of separator and terminator, brackets, spaces, tabs and
        // paragraph separators; a Latin letter or an isolate now and then,
        // which the fast path must refuse.
        let pieces = [
            "\u{0628}", "\u{0629}", "\u{0640}", "\u{05D0}", "\u{064E}", "\u{0651}", "1", "2024",
            "\u{0663}", "\u{06F5}", "\u{066B}", "\u{066C}", "\u{0600}", "\u{060C}", "\u{061B}",
            "\u{061F}", ",", ".", ":", "/", "+", "-", "%", "\u{066A}", "#", "$", "\u{00B0}", " ",
            "\u{00A0}", "\t", "\n", "(", ")", "\u{00AB}", "\u{00BB}", "[", "]", "\"", "\u{2013}",
            "a", "\u{2068}", "\u{2069}",
        ];
        let (mut fast_taken, mut refused) = (0, 0);
        for text in random_strings(&pieces, 0x0906_2021, 40_000) {
            let needs_full = text.contains(['a', '\u{2068}', '\u{2069}']);
            match right_to_left_levels(&text) {
                Some(fast) => {
                    assert!(!needs_full, "{text:?} needs the full algorithm");
                    assert_eq!(fast, full_rtl(&text), "{text:?}");
                    fast_taken += 1;
                }
                None => {
                    assert!(needs_full, "{text:?} should take the fast path");
                    refused += 1;
                }
            }
        }
        assert!(
            fast_taken > 10_000 && refused > 10_000,
            "{fast_taken} {refused}"
        );
    }

    #[test]
    fn the_class_table_is_unicode_bidi_s() {
        for c in ('\0'..'\u{900}').chain(['\u{FB50}', '\u{10FFFF}']) {
            assert_eq!(class_of(c), bidi_class(c), "U+{:04X}", c as u32);
        }
    }

    /// What `plain_run` passes over without a look is what the character
    /// by character path would give: no character of U+3000 to U+9FFF is
    /// right to left, unusual or a control of the stack, and each gives
    /// the full algorithm's levels, alone and inside an isolate.
    #[test]
    fn cjk_characters_are_plain() {
        for c in ('\u{3000}'..='\u{9FFF}').filter(|c| !c.is_control()) {
            assert!(
                !may_be_right_to_left(c) && !unusual(c),
                "U+{:04X}",
                c as u32
            );
            for text in [format!("{c}a{c}"), format!("a\u{2066}{c}\u{2069}{c}")] {
                let full: Vec<u8> = BidiInfo::new(&text, Some(Level::ltr()))
                    .levels
                    .iter()
                    .map(|l| l.number())
                    .collect();
                assert_eq!(
                    left_to_right_levels(&text),
                    Some(full),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        assert_eq!(plain_run("ab中。\u{2066}x".as_bytes()), 8);
    }

    #[test]
    fn right_to_left_text_goes_to_the_full_algorithm() {
        assert!(left_to_right_levels("a \u{0628} b").is_none());
        assert!(left_to_right_levels("\u{2067}a\u{2069}").is_none());
        let text = "ab \u{2068}\u{0628}\u{2069}";
        assert_eq!(levels(text, false), full(text));
        let rtl = "\u{0628} A/75/906";
        let expected: Vec<u8> = BidiInfo::new(rtl, Some(Level::rtl()))
            .levels
            .iter()
            .map(|l| l.number())
            .collect();
        assert_eq!(levels(rtl, true), expected);
    }
}
