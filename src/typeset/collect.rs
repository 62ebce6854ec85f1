//! Step 1 and 2 of setting a paragraph: join the inline runs, find the
//! break opportunities (UAX #14), pick a face for every character and shape
//! the pieces.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::FaceId;
use super::shaping::{Run, Shaper};
use super::{StyleSpec, TypesetError};
use crate::layout::Inline;

/// Inter-word space after a segment: its glyphs and how far it may stretch
/// or shrink when the line is justified.
#[derive(Debug, Clone)]
pub struct Glue {
    pub run: Run,
    pub width: f32,
    pub stretch: f32,
    pub shrink: f32,
}

/// The text between two break opportunities, shaped.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The visible part, one run per style or face change.
    pub content: Vec<Run>,
    pub width: f32,
    /// The spaces that follow, if any.
    pub glue: Option<Glue>,
    /// The line must end after this segment.
    pub forced_break: bool,
}

/// Characters that are not drawn: UAX #9 isolates and embeddings (Fluent
/// wraps placeables in FSI … PDI), directional marks, ZWJ/ZWNJ, soft hyphen.
/// The bidi step reads the isolates before they are dropped.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF)
}

/// Cuts and shapes the segments of a paragraph.
pub fn segments(
    inlines: &[Inline],
    spec: &StyleSpec,
    lang: &str,
    shaper: &mut Shaper,
) -> Result<Vec<Segment>, TypesetError> {
    // Join the runs; remember which inline each byte comes from.
    let mut text = String::new();
    let mut owner: Vec<usize> = Vec::new();
    let mut forced = Vec::new();
    for (index, inline) in inlines.iter().enumerate() {
        if inline.break_before && !text.is_empty() {
            forced.push(text.len());
        }
        for c in inline.text.chars().filter(|c| !is_default_ignorable(*c)) {
            text.push(c);
            owner.extend(std::iter::repeat_n(index, c.len_utf8()));
        }
    }
    let mut breaks: Vec<(usize, bool)> = linebreaks(&text)
        .map(|(i, o)| (i, o == BreakOpportunity::Mandatory && i < text.len()))
        .collect();
    breaks.extend(forced.iter().map(|&i| (i, true)));
    breaks.sort_unstable();
    breaks.dedup_by(|b, a| {
        if a.0 == b.0 {
            a.1 |= b.1;
            true
        } else {
            false
        }
    });

    let mut segments = Vec::new();
    let mut start = 0;
    for (end, forced_break) in breaks {
        if end <= start {
            continue;
        }
        let piece = &text[start..end];
        let content_length = piece.trim_end_matches([' ', '\n', '\r', '\t']).len();
        let content_end = start + content_length;
        let mut content = Vec::new();
        shape_content(
            &text,
            start,
            content_end,
            &owner,
            inlines,
            spec,
            lang,
            shaper,
            &mut content,
        )?;
        let glue = if content_end < end {
            let inline = &inlines[owner[content_end]];
            let face = serif(spec.bold || inline.bold, spec.italic || inline.italic);
            let spaces = " ".repeat(
                text[content_end..end]
                    .chars()
                    .filter(|c| !matches!(c, '\n' | '\r'))
                    .count()
                    .max(1),
            );
            let run = shaper.shape(face, &spaces, spec.size, inline.link.clone())?;
            let width = run.width();
            Some(Glue {
                run,
                width,
                stretch: width / 2.0,
                shrink: width / 3.0,
            })
        } else {
            None
        };
        let width = content.iter().map(Run::width).sum();
        if content.is_empty() {
            if forced_break {
                if let Some(last) = segments.last_mut() {
                    let last: &mut Segment = last;
                    last.forced_break = true;
                }
            }
        } else {
            segments.push(Segment {
                content,
                width,
                glue,
                forced_break,
            });
        }
        start = end;
    }
    Ok(segments)
}

fn serif(bold: bool, italic: bool) -> FaceId {
    FaceId::fallback_chain('a', bold, italic, "en")[0]
}

/// Shapes `text[start..end]`, one run per change of inline or face.
#[allow(clippy::too_many_arguments)]
fn shape_content(
    text: &str,
    start: usize,
    end: usize,
    owner: &[usize],
    inlines: &[Inline],
    spec: &StyleSpec,
    lang: &str,
    shaper: &mut Shaper,
    out: &mut Vec<Run>,
) -> Result<(), TypesetError> {
    let mut piece_start = start;
    let mut current: Option<(usize, FaceId)> = None;
    for (offset, c) in text[start..end].char_indices() {
        let at = start + offset;
        let inline = &inlines[owner[at]];
        let face = pick_face(
            c,
            spec.bold || inline.bold,
            spec.italic || inline.italic,
            lang,
            shaper,
            text,
            at,
        )?;
        // Marks stay in the face of their base.
        let key = (owner[at], face);
        match current {
            Some(k) if k == key || is_mark(c) => {}
            Some((inline_index, face)) => {
                out.push(shaper.shape(
                    face,
                    &text[piece_start..at],
                    spec.size,
                    inlines[inline_index].link.clone(),
                )?);
                piece_start = at;
                current = Some(key);
            }
            None => current = Some(key),
        }
    }
    if let Some((inline_index, face)) = current {
        out.push(shaper.shape(
            face,
            &text[piece_start..end],
            spec.size,
            inlines[inline_index].link.clone(),
        )?);
    }
    Ok(())
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

fn pick_face(
    c: char,
    bold: bool,
    italic: bool,
    lang: &str,
    shaper: &Shaper,
    text: &str,
    at: usize,
) -> Result<FaceId, TypesetError> {
    for face in FaceId::fallback_chain(c, bold, italic, lang) {
        if shaper.face(face)?.covers(c) {
            return Ok(face);
        }
    }
    let from = text[..at]
        .char_indices()
        .rev()
        .nth(20)
        .map_or(0, |(i, _)| i);
    let to = text[at..]
        .char_indices()
        .nth(20)
        .map_or(text.len(), |(i, _)| at + i);
    Err(TypesetError::MissingGlyph {
        character: c,
        context: text[from..to].to_owned(),
    })
}
