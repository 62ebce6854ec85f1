//! Kashida justification of Arabic words (alreq §3.2.5): where a tatweel
//! may go in a word, and the word reshaped with one, which the line
//! breaker lengthens further when a line needs it.

use std::sync::Arc;

use super::super::shaping::{GlyphText, Run, Shaper};
use super::super::{StyleSpec, TypesetError};
use super::Segment;

/// A word lengthened by kashida (alreq §3.2.5): the word reshaped with one
/// tatweel, and where that tatweel glyph is, so more can be added.
#[derive(Debug, Clone)]
pub(crate) struct Kashida {
    pub content: Vec<Run>,
    /// Index in `content` of the run, and in its glyphs of the tatweel.
    pub run: usize,
    pub glyph: usize,
}

impl Kashida {
    /// The word with `count` ≥ 1 tatweels, and its width.
    pub fn with(&self, count: usize) -> (Vec<Arc<Run>>, f32) {
        let mut content = self.content.clone();
        let tatweel = content[self.run].glyphs[self.glyph].clone();
        for _ in 1..count {
            content[self.run].glyphs.insert(self.glyph, tatweel.clone());
        }
        let width = content.iter().map(Run::width).sum();
        (content.into_iter().map(Arc::new).collect(), width)
    }

    /// The width of the word with one tatweel.
    pub fn width(&self) -> f32 {
        self.content.iter().map(Run::width).sum()
    }

    /// The width one more tatweel adds.
    pub(crate) fn step(&self) -> f32 {
        self.content[self.run].glyphs[self.glyph].advance
    }
}

/// Arabic letters that join only to the preceding letter, never to the next.
fn joins_right_only(c: char) -> bool {
    matches!(
        c,
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'د' | 'ذ' | 'ر' | 'ز' | 'و' | 'ؤ' | 'ة' | 'ء'
    )
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3)
}

/// Where a tatweel may go in an Arabic word: after a letter that joins the
/// next one, before another letter, never between lam and alef (a
/// ligature); the last such place, nearest the end of the word, is used.
pub(crate) fn kashida_position(word: &str) -> Option<usize> {
    // From the end, each letter with the one after it: no list of the
    // word's characters is made (a call for every word of a loose line).
    let mut after: Option<(usize, char)> = None;
    for (at, c) in word.char_indices().rev() {
        if let Some((next_at, next)) = after {
            let lam_alef = c == 'ل' && matches!(next, 'ا' | 'أ' | 'إ' | 'آ');
            if is_arabic_letter(c) && !joins_right_only(c) && is_arabic_letter(next) && !lam_alef {
                return Some(next_at);
            }
        }
        after = Some((at, c));
    }
    None
}

/// Gives an Arabic word segment its kashida form (once).
pub(crate) fn add_kashida(
    segment: &mut Segment,
    spec: &StyleSpec,
    shaper: &mut Shaper,
) -> Result<(), TypesetError> {
    if segment.kashida.is_none() {
        if let (Some(word), Some(run)) = (&segment.arabic_word, segment.content.first()) {
            segment.kashida = kashida_variant(word.as_str(), run, spec, shaper)?.map(Box::new);
        }
    }
    Ok(())
}

/// Reshapes an Arabic word with a tatweel at its kashida position.
fn kashida_variant(
    word: &str,
    run: &Run,
    spec: &StyleSpec,
    shaper: &mut Shaper,
) -> Result<Option<Kashida>, TypesetError> {
    let Some(at) = kashida_position(word) else {
        return Ok(None);
    };
    let mut lengthened = String::with_capacity(word.len() + '\u{0640}'.len_utf8());
    lengthened.push_str(&word[..at]);
    lengthened.push('\u{0640}');
    lengthened.push_str(&word[at..]);
    let variant = shaper.shape(
        run.face,
        &lengthened,
        spec.size,
        run.link.clone(),
        run.level,
    )?;
    let Some(glyph) = variant.glyphs.iter().position(|g| g.text == "\u{0640}") else {
        return Ok(None);
    };
    if variant.glyphs[glyph].advance <= 0.0 {
        return Ok(None);
    }
    // The tatweel is drawn, never extracted: marked as a kashida, it is
    // drawn as a bar while the glyph before it takes its width as its own
    // (pdf/page.rs), so readers find the word whole. Drawn as a glyph
    // with no text, it would be a gap readers take for a space ("بش أن");
    // an /ActualText over the word is applied by poppler in the wrong
    // order for right-to-left text and ignored by MuPDF.
    let mut variant = variant;
    variant.glyphs[glyph].text = GlyphText::kashida();
    Ok(Some(Kashida {
        content: vec![variant],
        run: 0,
        glyph,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kashida_goes_after_a_joining_letter() {
        // بيان: after ي (joins), before ا.
        assert_eq!(kashida_position("بيان"), Some("بي".len()));
        // الأمم: never between lam and alef; after the first م.
        assert_eq!(kashida_position("الأمم"), Some("الأم".len()));
        // ورد: و and ر join only to the right.
        assert_eq!(kashida_position("ورد"), None);
    }
}
