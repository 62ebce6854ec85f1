//! CJK punctuation: the marks that may not start or end a line
//! (clreq §3.1.7) and the compression of adjacent full-width marks
//! (clreq §3.1.6).

use super::super::shaping::Run;

/// CJK punctuation that may not start a line (clreq §3.1.7, UAX #14 CL/CP/NS).
pub(super) fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '·'
            | '.'
            | ','
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// Punctuation that may not end a line.
pub(super) fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '【' | '《' | '〈' | '“' | '‘' | '(' | '[' | '{'
    )
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// CJK punctuation compression (clreq §3.1.6): a full-width mark whose ink
/// sits on the left half (closing brackets, comma, full stop) gives up its
/// blank half when another mark follows, so "）。" or "。」" do not leave a
/// full em of white.
const INK_LEFT: &str = "，。、；：？！）」』】》〉";
const PUNCTUATION: &str = "，。、；：？！（）「」『』【】《》〈〉";

/// Whether `compress_punctuation` would change the run (most runs have
/// no two marks in a row, and stay shared).
pub(super) fn needs_compression(run: &Run) -> bool {
    run.glyphs.windows(2).any(|pair| {
        pair[0]
            .text
            .chars()
            .next()
            .is_some_and(|c| INK_LEFT.contains(c))
            && pair[1]
                .text
                .chars()
                .next()
                .is_some_and(|c| PUNCTUATION.contains(c))
    })
}

pub(super) fn compress_punctuation(run: &mut Run) {
    let half = run.size / 2.0;
    for i in 0..run.glyphs.len().saturating_sub(1) {
        let this = run.glyphs[i].text.chars().next();
        let next = run.glyphs[i + 1].text.chars().next();
        if this.is_some_and(|c| INK_LEFT.contains(c))
            && next.is_some_and(|c| PUNCTUATION.contains(c))
        {
            run.glyphs[i].advance = (run.glyphs[i].advance - half).max(half);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::fonts::FaceId;

    #[test]
    fn adjacent_cjk_punctuation_is_compressed() {
        let glyph = |text: &str| crate::typeset::Glyph {
            id: 1,
            advance: 10.0,
            x_offset: 0.0,
            y_offset: 0.0,
            text: text.into(),
        };
        let mut run = Run {
            face: FaceId::CjkRegular,
            size: 10.0,
            glyphs: vec![glyph("议"), glyph("）"), glyph("。"), glyph("会")],
            link: None,
            level: 0,
            footnote: None,
        };
        compress_punctuation(&mut run);
        let advances: Vec<f32> = run.glyphs.iter().map(|g| g.advance).collect();
        assert_eq!(advances, vec![10.0, 5.0, 10.0, 10.0]);
    }
}
