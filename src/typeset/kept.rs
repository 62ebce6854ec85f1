//! Set paragraphs kept between the renders of `watch` and `preview`: an
//! edit changes a paragraph or two, and every other paragraph of the
//! document is set as it was (the same words, measure and language give
//! the same lines), so it is taken from the render before instead of being
//! shaped, hyphenated and broken again.
//!
//! Off unless asked for ([`ShapingCaches::keep_set_paragraphs`]): a batch
//! sets each paragraph once. Two generations, like the compressed streams
//! of the PDF stage: what the last render used survives one more, the rest
//! is dropped, so memory stays that of a document or two.
//!
//! [`ShapingCaches::keep_set_paragraphs`]: super::ShapingCaches::keep_set_paragraphs

use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHasher};

use super::SetParagraph;
use crate::layout::tree::Paragraph;

/// One kept paragraph: what it was set from, and how.
struct Entry {
    lang: Box<str>,
    measure: u32,
    paragraph: Paragraph,
    set: SetParagraph,
}

impl Entry {
    fn is_for(&self, lang: &str, measure: f32, paragraph: &Paragraph) -> bool {
        &*self.lang == lang && self.measure == measure.to_bits() && self.paragraph == *paragraph
    }
}

type Generation = FxHashMap<u64, Vec<Entry>>;

#[derive(Default)]
struct Generations {
    current: Generation,
    previous: Generation,
}

/// The kept paragraphs of a process's resources (the hyphenation of a
/// language is theirs, the same for every render).
#[derive(Default)]
pub(crate) struct KeptParagraphs(Mutex<Option<Generations>>);

fn key(lang: &str, measure: f32, paragraph: &Paragraph) -> u64 {
    let mut hasher = FxHasher::default();
    lang.hash(&mut hasher);
    measure.to_bits().hash(&mut hasher);
    paragraph.hash(&mut hasher);
    hasher.finish()
}

impl KeptParagraphs {
    /// Keeps set paragraphs from now on; each call starts a new generation.
    pub(crate) fn new_generation(&self) {
        if let Ok(mut kept) = self.0.lock() {
            let kept = kept.get_or_insert_with(Generations::default);
            kept.previous = std::mem::take(&mut kept.current);
        }
    }

    /// The paragraph as a recent render set it, if it was kept.
    pub(crate) fn get(
        &self,
        lang: &str,
        measure: f32,
        paragraph: &Paragraph,
    ) -> Option<SetParagraph> {
        let mut guard = self.0.lock().ok()?;
        let kept = guard.as_mut()?;
        let key = key(lang, measure, paragraph);
        let find = |entries: &Vec<Entry>| {
            entries
                .iter()
                .position(|e| e.is_for(lang, measure, paragraph))
        };
        if let Some(i) = kept.current.get(&key).and_then(find) {
            return Some(kept.current[&key][i].set.clone());
        }
        let entries = kept.previous.get_mut(&key)?;
        let entry = entries.swap_remove(find(entries)?);
        let set = entry.set.clone();
        kept.current.entry(key).or_default().push(entry);
        Some(set)
    }

    /// Keeps `set`, the paragraph set now, when paragraphs are kept.
    pub(crate) fn put(&self, lang: &str, measure: f32, paragraph: &Paragraph, set: &SetParagraph) {
        let Ok(mut guard) = self.0.lock() else {
            return;
        };
        let Some(kept) = guard.as_mut() else {
            return;
        };
        kept.current
            .entry(key(lang, measure, paragraph))
            .or_default()
            .push(Entry {
                lang: lang.into(),
                measure: measure.to_bits(),
                paragraph: paragraph.clone(),
                set: set.clone(),
            });
    }

    /// Whether paragraphs are kept.
    pub(crate) fn is_on(&self) -> bool {
        self.0.lock().is_ok_and(|kept| kept.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Style;

    fn paragraph(text: &str) -> Paragraph {
        Paragraph::plain(Style::Body, text)
    }

    fn set(space_before: f32) -> SetParagraph {
        SetParagraph {
            style: Style::Body,
            id: None,
            bookmark: None,
            lines: Vec::new(),
            space_before,
            space_after: 0.0,
            keep_with_next: false,
            keep_together: false,
            boxed: false,
            page_of: None,
        }
    }

    #[test]
    fn a_paragraph_is_kept_for_the_same_text_measure_and_language_only() {
        let kept = KeptParagraphs::default();
        let p = paragraph("The Assembly decides");
        kept.put("en", 400.0, &p, &set(1.0));
        assert_eq!(kept.get("en", 400.0, &p), None, "off until asked for");
        kept.new_generation();
        kept.put("en", 400.0, &p, &set(1.0));
        assert_eq!(kept.get("en", 400.0, &p), Some(set(1.0)));
        assert_eq!(kept.get("fr", 400.0, &p), None);
        assert_eq!(kept.get("en", 380.0, &p), None);
        assert_eq!(
            kept.get("en", 400.0, &paragraph("The Assembly decided")),
            None
        );
        // Taken by the next render, it lives on; unused for two, it goes.
        kept.new_generation();
        assert_eq!(kept.get("en", 400.0, &p), Some(set(1.0)));
        kept.new_generation();
        kept.new_generation();
        assert_eq!(kept.get("en", 400.0, &p), None);
    }
}
