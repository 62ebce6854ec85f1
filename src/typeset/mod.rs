//! Stage 4: typesetting. Each paragraph of the block tree becomes lines of
//! positioned glyph runs, in four steps (one file each):
//!
//! 1. collect — join the inline runs into one text, drop default-ignorable
//!    characters (Fluent's isolation marks among them), find the UAX #14
//!    break opportunities, and cut segments: the text between two breaks,
//!    split further where the style or the font changes (`collect.rs`);
//! 2. shape — each piece of a segment is shaped with harfrust in the face
//!    that covers it (`shaping.rs`, `fonts.rs`);
//! 3. break — justified text is broken by total fit (Knuth–Plass), other
//!    text first-fit (`linebreak.rs`);
//! 4. finalize — glue is set to its final width and the runs get their x
//!    positions (`linebreak.rs`).

mod bidi;
mod collect;
pub mod fonts;
pub mod hyphenate;
mod linebreak;
pub mod shaping;

pub use collect::french_spacing;
pub use fonts::{FaceId, FontBook, FontError, LoadedFace};
pub use hyphenate::Hyphenation;
pub use shaping::{Glyph, GlyphText, Run, Shaper};

use rayon::prelude::*;

use crate::layout::{Block, Paragraph, Style};

/// How a paragraph is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Right,
    Center,
}

/// The look of a paragraph style (UN-FORMAT.md §0 sizes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StyleSpec {
    /// Font size in points.
    pub size: f32,
    /// Distance between baselines in points.
    pub leading: f32,
    pub bold: bool,
    pub italic: bool,
    pub align: Align,
    pub space_before: f32,
    pub space_after: f32,
    /// Indent from the start side of the text block, as a fraction of the measure.
    pub start_indent: f32,
    /// Keep this paragraph on the same page as the next one.
    pub keep_with_next: bool,
    /// Never split this paragraph across pages (signature blocks).
    pub keep_together: bool,
}

/// The style table.
pub fn style_spec(style: Style) -> StyleSpec {
    let base = StyleSpec {
        size: 10.0,
        leading: 12.0,
        bold: false,
        italic: false,
        align: Align::Justify,
        space_before: 0.0,
        space_after: 12.0,
        start_indent: 0.0,
        keep_with_next: false,
        keep_together: false,
    };
    match style {
        Style::Title => StyleSpec {
            size: 14.0,
            leading: 16.0,
            bold: true,
            align: Align::Left,
            space_after: 18.0,
            keep_with_next: true,
            ..base
        },
        Style::Heading => StyleSpec {
            bold: true,
            align: Align::Left,
            space_after: 12.0,
            keep_with_next: true,
            ..base
        },
        Style::Subtitle => StyleSpec {
            size: 12.0,
            leading: 14.0,
            bold: true,
            align: Align::Left,
            space_before: 6.0,
            space_after: 12.0,
            keep_with_next: true,
            ..base
        },
        Style::Body => base,
        Style::Marker => StyleSpec {
            align: Align::Right,
            keep_with_next: true,
            ..base
        },
        Style::PlaceDate => StyleSpec {
            italic: true,
            align: Align::Right,
            keep_with_next: true,
            ..base
        },
        Style::Signature => StyleSpec {
            align: Align::Left,
            space_before: 12.0,
            start_indent: 0.5,
            keep_together: true,
            ..base
        },
        Style::Organization => StyleSpec {
            size: 14.0,
            leading: 16.0,
            bold: true,
            align: Align::Left,
            space_after: 4.0,
            keep_with_next: true,
            ..base
        },
        Style::Footnote => StyleSpec {
            size: 9.0,
            leading: 10.5,
            space_after: 3.0,
            ..base
        },
        Style::Dateline => StyleSpec {
            italic: true,
            align: Align::Left,
            space_after: 18.0,
            keep_with_next: true,
            ..base
        },
    }
}

/// A finished line: runs placed from the start of the text block.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Each run with its x offset from the left edge of the text block.
    pub runs: Vec<(f32, std::sync::Arc<Run>)>,
    /// Distance from the previous baseline.
    pub leading: f32,
}

impl Line {
    /// The line's text, for tests and diagnostics.
    pub fn text(&self) -> String {
        self.runs.iter().map(|(_, r)| r.text()).collect()
    }
}

/// A paragraph broken into lines.
#[derive(Debug, Clone, PartialEq)]
pub struct SetParagraph {
    pub style: Style,
    pub id: Option<String>,
    pub bookmark: Option<String>,
    pub lines: Vec<Line>,
    pub space_before: f32,
    pub space_after: f32,
    pub keep_with_next: bool,
    pub keep_together: bool,
}

/// A typeset block.
#[derive(Debug, Clone, PartialEq)]
pub enum SetBlock {
    Paragraph(SetParagraph),
    PageBreak,
}

/// Why text could not be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypesetError {
    #[error("no font has a glyph for U+{:04X} `{character}`", *character as u32)]
    MissingGlyph { character: char, context: String },
    #[error(transparent)]
    Font(#[from] FontError),
}

/// Sets every block of a body in a text block `measure` points wide;
/// `rtl` is the base direction of the document.
///
/// Paragraphs are independent: a long body is cut into as many stretches
/// as there are threads, each set with its own shaper (and word cache).
/// Shaping and breaking do not depend on the cache, so the result is the
/// same whatever the thread count.
pub fn typeset_body(
    blocks: &[Block],
    measure: f32,
    lang: &str,
    rtl: bool,
    shaper: &mut Shaper,
) -> Result<Vec<SetBlock>, TypesetError> {
    let set = |blocks: &[Block], shaper: &mut Shaper| -> Result<Vec<SetBlock>, TypesetError> {
        blocks
            .iter()
            .map(|block| match block {
                Block::PageBreak => Ok(SetBlock::PageBreak),
                Block::Paragraph(p) => {
                    typeset_paragraph(p, measure, lang, rtl, shaper).map(SetBlock::Paragraph)
                }
            })
            .collect()
    };
    let threads = rayon::current_num_threads();
    if threads < 2 || blocks.len() < 48 {
        return set(blocks, shaper);
    }
    let fonts = shaper.fonts();
    let hyphenation = shaper.hyphenation.clone();
    let parts: Vec<Result<Vec<SetBlock>, TypesetError>> = blocks
        .par_chunks(blocks.len().div_ceil(threads))
        .map(|part| {
            let mut own = Shaper::new(fonts);
            own.hyphenation = hyphenation.clone();
            set(part, &mut own)
        })
        .collect();
    let mut out = Vec::with_capacity(blocks.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// Sets one paragraph: collect, shape, break, finalize.
pub fn typeset_paragraph(
    paragraph: &Paragraph,
    measure: f32,
    lang: &str,
    rtl: bool,
    shaper: &mut Shaper,
) -> Result<SetParagraph, TypesetError> {
    let spec = style_spec(paragraph.style);
    let mut segments = collect::segments(&paragraph.inlines, &spec, lang, rtl, shaper)?;
    // The start indent is on the right in right-to-left text.
    let indent = spec.start_indent * measure;
    let shift = if rtl { 0.0 } else { indent };
    let width = measure - indent;
    let breaks = linebreak::breaks(&segments, width, spec.align);
    // Kashida forms only for the words of lines loose enough to use them.
    for (a, b) in linebreak::kashida_lines(&segments, &breaks, width, spec.align, rtl) {
        for segment in &mut segments[a..b] {
            collect::add_kashida(segment, &spec, shaper)?;
        }
    }
    let lines = linebreak::set_lines(&segments, &breaks, width, spec.align, rtl)
        .into_iter()
        .map(|mut line| {
            for (x, _) in &mut line.runs {
                *x += shift;
            }
            line.leading = spec.leading;
            line
        })
        .collect();
    Ok(SetParagraph {
        style: paragraph.style,
        id: paragraph.id.clone(),
        bookmark: paragraph.bookmark.clone(),
        lines,
        space_before: spec.space_before,
        space_after: spec.space_after,
        keep_with_next: spec.keep_with_next,
        keep_together: spec.keep_together,
    })
}

/// Sets a short text (masthead, header, footer) as lines no wider than
/// `measure`, aligned left.
pub fn typeset_text(
    text: &str,
    size: f32,
    bold: bool,
    measure: f32,
    lang: &str,
    shaper: &mut Shaper,
) -> Result<Vec<Line>, TypesetError> {
    let inline = crate::layout::Inline {
        text: text.to_owned(),
        bold,
        ..Default::default()
    };
    let spec = StyleSpec {
        size,
        leading: size * 1.2,
        bold,
        align: Align::Left,
        ..style_spec(Style::Body)
    };
    let rtl = crate::layout::context::is_right_to_left(lang) && text.chars().any(is_strong_rtl);
    let segments = collect::segments(std::slice::from_ref(&inline), &spec, lang, rtl, shaper)?;
    // Lines start at x = 0 whatever their direction: the caller places them.
    Ok(
        linebreak::break_lines(&segments, measure, Align::Left, false)
            .into_iter()
            .map(|mut l| {
                l.leading = spec.leading;
                l
            })
            .collect(),
    )
}

/// Whether a character is strongly right-to-left (Hebrew, Arabic blocks).
fn is_strong_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// The width of a line's content.
pub fn line_width(line: &Line) -> f32 {
    line.runs
        .iter()
        .map(|(x, r)| x + r.width())
        .fold(0.0, f32::max)
}
