//! The typographic rules applied to a text before it is set: French
//! spacing around punctuation and typographic apostrophes.

/// French spacing (UN French): a narrow no-break space before ; ! ? and
/// inside « », a no-break space before :. Sources stay plain.
pub fn french_spacing(text: &str) -> String {
    const NARROW: char = '\u{202F}';
    const NO_BREAK: char = '\u{00A0}';
    let mut out = String::with_capacity(text.len() + 8);
    // The character before the one at `at`, in the text.
    let mut before: Option<char> = None;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        // The characters no rule looks at go across as one piece (after
        // anything but «, whose next character takes a space).
        if !out.ends_with('«') {
            let plain = next_sign(rest.as_bytes());
            if plain > 0 {
                out.push_str(&rest[..plain]);
                before = rest[..plain].chars().next_back();
                at += plain;
                continue;
            }
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        let space = match c {
            ';' | '!' | '?' | '»' => Some(NARROW),
            ':' => Some(NO_BREAK),
            _ => None,
        };
        if let Some(space) = space {
            // Replace a plain space before the sign, or add one after a word.
            if out.ends_with(' ') {
                out.pop();
                out.push(space);
            } else if before
                .is_some_and(|b| !b.is_whitespace() && !matches!(b, '!' | '?' | '/' | ':'))
            {
                // Not in "?!" runs, URLs or times (10:30).
                let time = c == ':' && rest[1..].starts_with(|n: char| n.is_ascii_digit());
                if !time {
                    out.push(space);
                }
            }
            out.push(c);
        } else if c == ' ' && out.ends_with('«') {
            out.push(NARROW);
        } else {
            if c != ' ' && out.ends_with('«') {
                out.push(NARROW);
            }
            out.push(c);
        }
        before = Some(c);
        at += c.len_utf8();
    }
    out
}

/// Where the first of `; ! ? : « »` is in `bytes` (their length if none),
/// searched by byte: searching for the characters decoded every one.
fn next_sign(bytes: &[u8]) -> usize {
    // The four ASCII signs, and the first byte of « and » (U+00AB, U+00BB).
    let maybe = |b: u8| matches!(b, b';' | b'!' | b'?' | b':' | 0xc2);
    let is_sign = |at: usize| match bytes[at] {
        0xc2 => matches!(bytes.get(at + 1), Some(0xab | 0xbb)),
        b => maybe(b),
    };
    crate::bytes::find_from(bytes, 0, maybe, is_sign).unwrap_or(bytes.len())
}

/// A straight apostrophe between two letters becomes the typographic one
/// (U+2019), as UN documents print it: "Organization’s", "l’Organisation".
pub fn typographic_apostrophes(text: &str) -> String {
    if !text.contains('\'') {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between_letters = i > 0
                && chars[i - 1].is_alphabetic()
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
            if c == '\'' && between_letters {
                '\u{2019}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// French spacing as it was first written, a character at a time.
    fn by_character(text: &str) -> String {
        const NARROW: char = '\u{202F}';
        const NO_BREAK: char = '\u{00A0}';
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        for (i, &c) in chars.iter().enumerate() {
            let space = match c {
                ';' | '!' | '?' | '»' => Some(NARROW),
                ':' => Some(NO_BREAK),
                _ => None,
            };
            if let Some(space) = space {
                // Replace a plain space before the sign, or add one after a word.
                if out.ends_with(' ') {
                    out.pop();
                    out.push(space);
                } else if i > 0
                    && !chars[i - 1].is_whitespace()
                    && !matches!(chars[i - 1], '!' | '?' | '/' | ':')
                {
                    // Not in "?!" runs, URLs or times (10:30).
                    if !(c == ':' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
                        out.push(space);
                    }
                }
                out.push(c);
            } else if c == ' ' && out.ends_with('«') {
                out.push(NARROW);
            } else {
                if c != ' ' && out.ends_with('«') {
                    out.push(NARROW);
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn french_spacing_is_that_of_a_character_at_a_time() {
        let pieces = [
            "mot", " ", ";", "!", "?", ":", "\u{ab}", "\u{bb}", "10", "/", "\u{a0}", "\u{202f}",
            "é", "\n", "'",
        ];
        let mut next = crate::testing::random(0x1203_2026);
        for _ in 0..20_000 {
            let length = next(24);
            let text: String = (0..length)
                .map(|_| pieces[next(pieces.len() as u32) as usize])
                .collect();
            assert_eq!(french_spacing(&text), by_character(&text), "{text:?}");
        }
    }

    #[test]
    fn french_spacing_is_added() {
        assert_eq!(
            french_spacing("Quoi ? Oui ; non !"),
            "Quoi\u{202F}? Oui\u{202F}; non\u{202F}!"
        );
        assert_eq!(
            french_spacing("domaines : la paix"),
            "domaines\u{00A0}: la paix"
        );
        assert_eq!(french_spacing("« Al-Qaida »"), "«\u{202F}Al-Qaida\u{202F}»");
        assert_eq!(french_spacing("«Al-Qaida»"), "«\u{202F}Al-Qaida\u{202F}»");
        assert_eq!(french_spacing("à 10:30"), "à 10:30");
        assert_eq!(
            typographic_apostrophes("the Organization's 'own' l'Assemblée"),
            "the Organization\u{2019}s 'own' l\u{2019}Assemblée"
        );
    }
}
