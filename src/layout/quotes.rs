//! Straight quotation marks typed in a text (`"…"`, and `'…'` inside
//! them) made the language's own, as `{q:…}` makes them: the marks are
//! the locale's messages `quote-open`, `quote-close` (outer) and
//! `quote-inner-open`, `quote-inner-close`, alternating with depth
//! (single straight marks are always the inner kind), so a
//! reviser gets “…” in English, « … » in French and Russian, «…» in
//! Spanish, “…” in Chinese and «…» in Arabic, as each locale says.
//!
//! A straight mark opens after the start of the text, a space or an
//! opening bracket or dash, before a word; it closes an open quotation
//! otherwise. A mark that does neither (an inch sign `5"`, a closing mark
//! with nothing open) stays as typed, as does one escaped `\"`. An
//! apostrophe between letters is left to the typesetter, which makes it
//! typographic. The state runs across the pieces of one text, so a
//! quotation may hold tags: `"{i:inter alia}"`.

/// The four marks of a language.
pub struct Marks {
    pub open: String,
    pub close: String,
    pub inner_open: String,
    pub inner_close: String,
}

/// The quotations open in a text so far, and the character before the
/// cursor.
#[derive(Default)]
pub(crate) struct Quoting {
    /// The straight mark (`"` or `'`) of each open quotation, innermost last.
    open: Vec<char>,
    /// The last character written (None at the start of the text).
    previous: Option<char>,
}

/// Whether a straight mark after `c` stands where a quotation opens.
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '“'
                        | '‘'
                        | '«'
                        | '„'
                        | '\u{a0}'
                        | '\u{202f}'
                )
        }
    }
}

impl Quoting {
    /// Whether `text` has a straight mark this would change.
    pub(crate) fn concerns(text: &str) -> bool {
        // Both marks are ASCII: a byte search, without decoding characters.
        memchr::memchr2(b'"', b'\'', text.as_bytes()).is_some()
    }

    /// Notes text written around the pieces (a tag's output, a note
    /// call), so the next mark knows what precedes it.
    pub fn wrote(&mut self, text: &str) {
        if let Some(c) = text.chars().next_back() {
            self.previous = Some(c);
        }
    }

    /// `text` with its straight quotation marks made `marks`, `depth`
    /// being how many `{q:…}` quotations enclose it.
    pub(crate) fn convert(&mut self, text: &str, depth: usize, marks: &Marks) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        // Only the ASCII bytes `"`, `'` and `\\` can change anything: the
        // text between them is copied as it is.
        let (mut copied, mut at) = (0, 0);
        while let Some(found) = memchr::memchr3(b'"', b'\'', b'\\', &text.as_bytes()[at..]) {
            let i = at + found;
            let c = char::from(text.as_bytes()[i]);
            let next = text[i + 1..].chars().next();
            out.push_str(&text[copied..i]);
            if let Some(before) = text[copied..i].chars().next_back() {
                self.previous = Some(before);
            }
            if c == '\\' {
                // An escaped straight mark stays straight.
                if let Some(mark @ ('"' | '\'')) = next {
                    out.push(mark);
                    self.previous = next;
                    (copied, at) = (i + 2, i + 2);
                } else {
                    self.previous = Some(c);
                    (copied, at) = (i, i + 1);
                }
                continue;
            }
            match self.mark(c, next, depth, marks) {
                Some(mark) => out.push_str(&mark),
                None => out.push(c),
            }
            self.previous = Some(c);
            (copied, at) = (i + 1, i + 1);
        }
        out.push_str(&text[copied..]);
        if let Some(last) = text[copied..].chars().next_back() {
            self.previous = Some(last);
        }
        out
    }

    /// The typographic mark for straight mark `c` (followed by `next`), or
    /// None to leave it as typed.
    fn mark(&mut self, c: char, next: Option<char>, depth: usize, marks: &Marks) -> Option<String> {
        // At the end of a piece a tag follows (`"{i:…}`): a word.
        let before_word = next.is_none_or(|n| !n.is_whitespace());
        let level = |open: usize| (depth + open).is_multiple_of(2);
        if opens_after(self.previous) && before_word {
            // A single mark opens only inside a double quotation or at a
            // word's start; between letters it is an apostrophe (handled
            // later), never here since a letter precedes it.
            // Single marks are the inner kind wherever they stand.
            let outer = c == '"' && level(self.open.len());
            self.open.push(c);
            return Some(if outer {
                marks.open.clone()
            } else {
                marks.inner_open.clone()
            });
        }
        // A closing mark: the innermost open quotation of this kind.
        let after_letters = self.previous.is_some_and(|p| !p.is_whitespace());
        let position = self.open.iter().rposition(|&o| o == c)?;
        if c == '\'' && next.is_some_and(char::is_alphabetic) && after_letters {
            // l'homme, Organization's: an apostrophe, not a closing mark.
            return None;
        }
        self.open.truncate(position);
        let outer = c == '"' && level(self.open.len());
        Some(if outer {
            marks.close.clone()
        } else {
            marks.inner_close.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Marks {
        Marks {
            open: "“".into(),
            close: "”".into(),
            inner_open: "‘".into(),
            inner_close: "’".into(),
        }
    }

    fn convert(text: &str, depth: usize) -> String {
        Quoting::default().convert(text, depth, &english())
    }

    #[test]
    fn straight_marks_become_the_languages_nested() {
        assert_eq!(
            convert(r#"the "Process to 'establish' peace", signed"#, 0),
            "the “Process to ‘establish’ peace”, signed"
        );
        assert_eq!(
            convert(r#""Quoted" at the start"#, 0),
            "“Quoted” at the start"
        );
        // Inside {q:…}: the inner marks first.
        assert_eq!(convert(r#"a "b" c"#, 1), "a ‘b’ c");
        assert_eq!(convert(r#"(see "x")"#, 0), "(see “x”)");
    }

    #[test]
    fn apostrophes_inch_signs_and_escapes_stay() {
        assert_eq!(
            convert("the Organization's 'own' l'Assemblée", 0),
            "the Organization's ‘own’ l'Assemblée"
        );
        assert_eq!(convert(r#"a 5" disk"#, 0), r#"a 5" disk"#);
        assert_eq!(convert(r#"write \"x\" here"#, 0), r#"write "x" here"#);
        assert_eq!(convert(r#"a " b"#, 0), r#"a " b"#);
    }

    #[test]
    fn a_quotation_runs_across_pieces() {
        let mut quoting = Quoting::default();
        let marks = english();
        let first = quoting.convert("entitled \"", 0, &marks);
        quoting.wrote("Assistance");
        let second = quoting.convert("\", in which", 0, &marks);
        assert_eq!(
            format!("{first}Assistance{second}"),
            "entitled “Assistance”, in which"
        );
    }

    /// The conversion a character at a time, as it was written first.
    fn convert_by_characters(quoting: &mut Quoting, text: &str, depth: usize) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let (c, next) = (chars[i], chars.get(i + 1).copied());
            if c == '\\' && matches!(next, Some('"' | '\'')) {
                out.push(chars[i + 1]);
                quoting.previous = next;
                i += 2;
                continue;
            }
            match (c == '"' || c == '\'')
                .then(|| quoting.mark(c, next, depth, &english()))
                .flatten()
            {
                Some(mark) => out.push_str(&mark),
                None => out.push(c),
            }
            quoting.previous = Some(c);
            i += 1;
        }
        out
    }

    #[test]
    fn random_texts_convert_as_a_character_at_a_time() {
        let alphabet = [
            "\"", "'", "\\", " ", "a", "é", "(", "«", "\u{a0}", "—", "1", "l'", "\\\"",
        ];
        let mut next = crate::testing::random(0x5151_7a7a);
        for _ in 0..2000 {
            let (mut fast, mut slow) = (Quoting::default(), Quoting::default());
            for _ in 0..1 + next(3) {
                let text: String = (0..next(12))
                    .map(|_| alphabet[next(alphabet.len() as u32) as usize])
                    .collect();
                let depth = next(2) as usize;
                assert_eq!(
                    fast.convert(&text, depth, &english()),
                    convert_by_characters(&mut slow, &text, depth),
                    "{text:?}"
                );
                assert_eq!((&fast.open, fast.previous), (&slow.open, slow.previous));
            }
        }
    }
}
