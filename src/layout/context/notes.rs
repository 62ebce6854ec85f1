//! The notes a part calls: their labels (numbers, letters or their own
//! symbol) in order of first call, and where each language puts a call
//! beside punctuation.

use std::collections::HashMap;

use crate::language::Language;
use crate::source::inline::Inline;
use crate::source::model::Segment;

/// The footnotes one part calls, with their labels.
pub(super) struct Notes {
    lettered: bool,
    /// The counter style of letters: Arabic ones (أ، ب، ج …) in Arabic
    /// text, Latin ones elsewhere.
    letters: &'static str,
    pub(super) used: Vec<(String, String)>,
    /// Where each id is in `used`.
    seen: HashMap<String, usize>,
    /// The notes' own labels by id, made on the first call.
    own_labels: Option<HashMap<String, String>>,
    /// Notes numbered so far (a note with its own label is not counted).
    counted: usize,
}

impl Notes {
    /// Notes numbered 1, 2, … (the body's, a letter's).
    pub(super) fn numbered() -> Self {
        Notes {
            lettered: false,
            letters: "lower-latin",
            used: Vec::new(),
            seen: HashMap::new(),
            own_labels: None,
            counted: 0,
        }
    }

    /// Notes lettered a, b, … in the language's letters (an annex's).
    pub(super) fn lettered(language: Language) -> Self {
        Notes {
            lettered: true,
            letters: language.footnote_letters(),
            used: Vec::new(),
            seen: HashMap::new(),
            own_labels: None,
            counted: 0,
        }
    }

    /// The label of footnote `id`: its own (`*`), else 1, 2, … or a, b, …,
    /// in order of first call.
    pub(super) fn label(&mut self, id: &str, footnotes: &[Segment]) -> String {
        if let Some(&at) = self.seen.get(id) {
            return self.used[at].1.clone();
        }
        let own_labels = self.own_labels.get_or_insert_with(|| {
            footnotes
                .iter()
                .filter_map(|f| Some((f.id.clone(), f.label.clone()?)))
                .collect()
        });
        if let Some(own) = own_labels.get(id).cloned() {
            self.seen.insert(id.to_owned(), self.used.len());
            self.used.push((id.to_owned(), own.clone()));
            return own;
        }
        self.counted += 1;
        let n = self.counted as u32;
        // Lettered in the abjad order in Arabic (أ، ب، ج …), a, b, … elsewhere.
        let style = if self.lettered {
            self.letters
        } else {
            "decimal"
        };
        let label = crate::l10n::functions::counter_text(n, style).unwrap_or_else(|| n.to_string());
        self.seen.insert(id.to_owned(), self.used.len());
        self.used.push((id.to_owned(), label.clone()));
        label
    }
}

/// Puts footnote calls on the side of punctuation each language wants
/// (docs/un-format.md §4.2): after it in English, Arabic and Chinese, before it
/// in French, Spanish and Russian (A/HRC/WG.6/34/ITA/3 in Russian: 146
/// markers before "." or ",", none after).
pub fn place_footnote_calls(pieces: &mut Vec<Inline>, language: Language) {
    const PUNCTUATION: &[char] = &[
        '.', ',', ';', ':', '!', '?', '。', '，', '；', '：', '،', '؛',
    ];
    let before = language.footnote_calls_before_punctuation();
    let mut i = 0;
    while i < pieces.len() {
        match &mut pieces[i] {
            Inline::Italic(inner)
            | Inline::Bold(inner)
            | Inline::Quote(inner)
            | Inline::Superscript(inner) => place_footnote_calls(inner, language),
            Inline::Footnote(_) if before => {
                // Move the punctuation that precedes the call after it.
                let Some(Inline::Text(text)) = i.checked_sub(1).map(|j| &mut pieces[j]) else {
                    i += 1;
                    continue;
                };
                let kept = text.trim_end_matches(PUNCTUATION).len();
                let punctuation = text.split_off(kept);
                let emptied = text.is_empty();
                if !punctuation.is_empty() {
                    match pieces.get_mut(i + 1) {
                        Some(Inline::Text(next)) => next.insert_str(0, &punctuation),
                        _ => pieces.insert(i + 1, Inline::Text(punctuation)),
                    }
                    if emptied {
                        pieces.remove(i - 1);
                        i -= 1;
                    }
                }
            }
            Inline::Footnote(_) => {
                // Move the punctuation that follows the call before it.
                let Some(Inline::Text(next)) = pieces.get_mut(i + 1) else {
                    i += 1;
                    continue;
                };
                let taken = next.len() - next.trim_start_matches(PUNCTUATION).len();
                if taken > 0 {
                    let punctuation: String = next.drain(..taken).collect();
                    if next.is_empty() {
                        pieces.remove(i + 1);
                    }
                    match i.checked_sub(1).map(|j| &mut pieces[j]) {
                        Some(Inline::Text(previous)) => previous.push_str(&punctuation),
                        _ => {
                            pieces.insert(i, Inline::Text(punctuation));
                            i += 1;
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::inline;

    fn placed(text: &str, lang: &str) -> String {
        let mut pieces = inline::parse(text).unwrap();
        place_footnote_calls(&mut pieces, Language::of(lang));
        inline::write(&pieces, &mut |t| t.to_owned())
    }

    #[test]
    fn footnote_calls_follow_each_language() {
        assert_eq!(
            placed("items 32 and 38{footnote:a}, and", "en"),
            "items 32 and 38,{footnote:a} and"
        );
        assert_eq!(
            placed("format.{footnote:r} The", "ru"),
            "format{footnote:r}. The"
        );
        assert_eq!(
            placed("format.{footnote:r} Les", "fr"),
            "format{footnote:r}. Les"
        );
        assert_eq!(
            placed("format{footnote:r}. Les", "fr"),
            "format{footnote:r}. Les"
        );
        assert_eq!(placed("合作{footnote:r}。本", "zh"), "合作。{footnote:r}本");
        // Calls in a row, a call first in a span, and braces written as
        // text: the pieces move, never the syntax.
        assert_eq!(
            placed("a.{footnote:a}{footnote:b} b", "fr"),
            "a{footnote:a}{footnote:b}. b"
        );
        assert_eq!(
            placed("note:{i:{footnote:a}x}", "fr"),
            "note:{i:{footnote:a}x}"
        );
        assert_eq!(
            placed("see \\{footnote:x\\}.", "en"),
            "see \\{footnote:x\\}."
        );
    }

    #[test]
    fn labels() {
        let mut n = Notes::numbered();
        assert_eq!(
            (n.label("x", &[]), n.label("y", &[]), n.label("x", &[])),
            ("1".into(), "2".into(), "1".into())
        );
        let mut l = Notes::lettered(Language::of("en"));
        let labels: Vec<String> = (0..28).map(|i| l.label(&i.to_string(), &[])).collect();
        assert_eq!(
            (labels[0].as_str(), labels[25].as_str(), labels[26].as_str()),
            ("a", "z", "aa")
        );
    }
}
