//! Set paragraphs kept between the renders of `watch` and `preview`: an
//! edit changes a paragraph or two, and every other paragraph of the
//! document is set as it was (the same words, measure and language give
//! the same lines), so it is taken from the render before instead of being
//! shaped, hyphenated and broken again.
//!
//! Off unless asked for ([`ShapingCaches::keep_set_paragraphs`]): a batch
//! sets each paragraph once. Kept in two generations ([`crate::kept`]),
//! like the PDF stage's compressed streams and font subsets.
//!
//! [`ShapingCaches::keep_set_paragraphs`]: super::ShapingCaches::keep_set_paragraphs

use super::SetParagraph;
use crate::kept::{key_of, Kept};
use crate::layout::tree::Paragraph;

/// The kept paragraphs of a process's resources (the hyphenation of a
/// language is theirs, the same for every render), by language, measure
/// and paragraph.
#[derive(Default)]
pub(crate) struct KeptParagraphs(Kept<SetParagraph>);

impl KeptParagraphs {
    /// Keeps set paragraphs from now on; each call starts a new generation.
    pub(crate) fn new_generation(&self) {
        self.0.new_generation();
    }

    /// The paragraph as a recent render set it, if it was kept.
    pub(crate) fn get(
        &self,
        lang: &str,
        measure: f32,
        paragraph: &Paragraph,
    ) -> Option<SetParagraph> {
        self.0.get(&key_of(&(lang, measure.to_bits(), paragraph)))
    }

    /// Keeps `set`, the paragraph set now, when paragraphs are kept.
    pub(crate) fn put(&self, lang: &str, measure: f32, paragraph: &Paragraph, set: &SetParagraph) {
        self.0
            .put(key_of(&(lang, measure.to_bits(), paragraph)), set.clone());
    }

    /// Whether paragraphs are kept.
    pub(crate) fn is_on(&self) -> bool {
        self.0.is_on()
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
