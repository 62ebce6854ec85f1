//! Stage 4: typesetting. Each paragraph of the block tree becomes lines of
//! positioned glyph runs, in four steps (one file each):
//!
//! 1. collect — join the inline runs into one text, drop default-ignorable
//!    characters (Fluent's isolation marks among them), find the UAX #14
//!    break opportunities, and cut segments: the text between two breaks,
//!    split further where the style or the font changes (`collect/`);
//! 2. shape — each piece of a segment is shaped with harfrust in the face
//!    that covers it (`shaping.rs`, `fonts.rs`);
//! 3. break — justified text is broken by total fit (Knuth–Plass), other
//!    text first-fit (`linebreak/`);
//! 4. finalize — glue is set to its final width and the runs get their x
//!    positions (`linebreak/place.rs`).

mod bidi;
mod collect;
mod contents;
pub mod fonts;
pub mod hyphenate;
mod keep;
mod kept;
mod letters;
mod linebreak;
pub(crate) mod sfnt;
pub mod shaping;
mod style;
mod table;

pub use collect::{french_spacing, typographic_apostrophes};
pub use fonts::{FaceId, FontBook, FontError, LoadedFace};
pub use hyphenate::Hyphenation;
pub use shaping::{Glyph, GlyphText, Run, Shaper, ShapingCaches};
pub use style::{style_spec, Align, StyleSpec, HANG_GAP, TAB};

use crate::language::{Direction, Language};
use rayon::prelude::*;

use crate::layout::{Block, Paragraph, Style};
use contents::typeset_contents_line;
use table::typeset_table;

/// What a piece of text is set in: the language of its version, the base
/// direction of its paragraph (the language's, except for numbers and
/// leaders, set left to right inside right-to-left text) and its style.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Setting<'a> {
    pub language: Language<'a>,
    pub direction: Direction,
    pub spec: StyleSpec,
}

impl<'a> Setting<'a> {
    /// Text of `language` in the style `spec`, in the language's direction.
    pub fn new(language: Language<'a>, spec: StyleSpec) -> Self {
        Setting {
            language,
            direction: language.direction(),
            spec,
        }
    }

    pub(crate) fn rtl(self) -> bool {
        self.direction == Direction::RightToLeft
    }

    /// The same, set left to right (a leader, a decimal tail).
    pub(crate) fn left_to_right(self) -> Self {
        Setting {
            direction: Direction::LeftToRight,
            ..self
        }
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
    /// Part of a report's summary box.
    pub boxed: bool,
    /// A contents entry: the id of the block whose page number pagination
    /// prints at the end of the last line (right-aligned at the measure,
    /// the left edge in right-to-left text).
    pub page_of: Option<String>,
}

/// A row of a set table: its cells' lines side by side, line by line.
#[derive(Debug, Clone, PartialEq)]
pub struct SetRow {
    pub lines: Vec<Line>,
}

/// A typeset table: the header rows are repeated on each page it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct SetTable {
    pub id: Option<String>,
    pub header: Vec<SetRow>,
    pub rows: Vec<SetRow>,
    /// The footnote it belongs to (`Table::note`).
    pub note: Option<String>,
}

/// A typeset block.
#[derive(Debug, Clone, PartialEq)]
pub enum SetBlock {
    Paragraph(SetParagraph),
    Table(SetTable),
    PageBreak,
    /// The short centred rule that ends a document.
    EndRule,
}

/// Why text could not be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypesetError {
    #[error("no font has a glyph for U+{:04X} `{character}`", *character as u32)]
    MissingGlyph { character: char, context: String },
    #[error(transparent)]
    Font(#[from] FontError),
    /// Pagination found something it cannot place without an overprint.
    #[error("cannot place {what} without overprinting")]
    Unplaceable { what: String },
    /// The session block of the masthead (organ, session, agenda items
    /// and their titles) in column `column` runs past the middle of page 1.
    #[error("the masthead's session block is too long: it would reach {bottom} pt down page 1, past the middle ({limit} pt)")]
    MastheadTooTall {
        column: usize,
        bottom: u32,
        limit: u32,
    },
    /// A link whose target no block carries (a bug: the source check
    /// refuses unknown ids).
    #[error("a link to `{target}`, which no block of the document carries")]
    UnresolvedLink { target: String },
    /// The document would have more pages than the limit.
    #[error("the document would have more than {limit} pages")]
    TooManyPages { limit: usize },
    /// A word with no break point is wider than its line or table cell:
    /// set, it would run past the margin or over the next column.
    #[error("the word “{word}” is {width} pt wide, wider than its {place} ({measure} pt)")]
    WordTooWide {
        word: String,
        width: u32,
        measure: u32,
        place: &'static str,
    },
}

/// Refuses a segment (a word, or the part of one up to a hyphenation
/// point) wider than `measure`: no break could keep it inside.
fn check_fits(
    segments: &[collect::Segment],
    measure: f32,
    place: &'static str,
) -> Result<(), TypesetError> {
    for segment in segments {
        let hyphen = segment.hyphen.as_ref().map_or(0.0, |h| h.width());
        let width = segment.width + hyphen;
        if width > measure + 0.5 {
            let word: String = segment.content.iter().map(|r| r.text()).collect();
            return Err(TypesetError::WordTooWide {
                word: word.trim().to_owned(),
                width: width.ceil() as u32,
                measure: measure.floor() as u32,
                place,
            });
        }
    }
    Ok(())
}

/// Gives each footnote the lines of the tables that belong to it (a
/// note's abbreviations table, A/HRC/WG.6/34/ITA/3 notes 1–2): their rows
/// follow the note's text, so the note is placed, and continued on the
/// next page, as one. Such tables leave the flow.
pub(crate) fn attach_note_tables(blocks: Vec<SetBlock>) -> Vec<SetBlock> {
    let mut tables: Vec<SetTable> = Vec::new();
    let mut out: Vec<SetBlock> = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            SetBlock::Table(t) if t.note.is_some() => tables.push(t),
            other => out.push(other),
        }
    }
    for table in tables {
        let note = table.note.as_deref();
        let Some(paragraph) = out.iter_mut().find_map(|b| match b {
            SetBlock::Paragraph(p) if p.style == Style::Footnote && p.id.as_deref() == note => {
                Some(p)
            }
            _ => None,
        }) else {
            continue;
        };
        let rows = table.header.into_iter().chain(table.rows);
        paragraph.lines.extend(rows.flat_map(|row| row.lines));
    }
    out
}

/// Sets every block of a body of `language` in a text block `measure`
/// points wide.
///
/// Paragraphs are independent: a long body is set on every thread, each
/// with a shaper of its own (and word cache) for all the blocks it takes,
/// the shapers sharing the words they shape and hyphenate
/// (`shaping::SharedWork`). The blocks are shared out as the threads come
/// for them, so the threads end together, where stretches of equal bytes
/// had left one thread waiting for the other about 0.2 ms of an 8-page
/// render. Shaping and breaking do not depend on the caches, so the
/// result is the same whatever the thread count and whichever thread
/// sets a block.
pub fn typeset_body(
    blocks: &[Block],
    measure: f32,
    language: Language,
    shaper: &mut Shaper,
) -> Result<Vec<SetBlock>, TypesetError> {
    let set = |block: &Block, shaper: &mut Shaper| -> Result<SetBlock, TypesetError> {
        match block {
            Block::PageBreak => Ok(SetBlock::PageBreak),
            Block::EndRule => Ok(SetBlock::EndRule),
            Block::Table(t) => typeset_table(t, measure, language, shaper).map(SetBlock::Table),
            Block::Paragraph(p) if p.contents.is_some() => {
                typeset_contents_line(p, measure, language, shaper).map(SetBlock::Paragraph)
            }
            Block::Paragraph(p) => {
                let kept = shaper.kept();
                if let Some(set) = kept.and_then(|k| k.get(language.tag(), measure, p)) {
                    return Ok(SetBlock::Paragraph(set));
                }
                let set = typeset_paragraph(p, measure, language, shaper)?;
                if let Some(kept) = kept {
                    kept.put(language.tag(), measure, p, &set);
                }
                Ok(SetBlock::Paragraph(set))
            }
        }
    };
    let threads = rayon::current_num_threads();
    let total: usize = blocks.iter().map(weight).sum();
    if threads < 2 || total < PARALLEL_BYTES {
        return blocks.iter().map(|block| set(block, shaper)).collect();
    }
    let work = shaper.shared_work();
    // A shaper for each thread of the pool, taken by the thread setting a
    // block (never by two at once: nothing in setting a block waits for
    // other work, so a thread sets one block at a time).
    let own: Vec<std::sync::Mutex<Shaper>> = (0..threads)
        .map(|_| std::sync::Mutex::new(shaper.sibling(&work)))
        .collect();
    blocks
        .par_iter()
        .with_min_len(BLOCKS_AT_ONCE)
        .map(|block| {
            let thread = rayon::current_thread_index().unwrap_or(0) % threads;
            let mut shaper = own[thread].lock().unwrap_or_else(|e| e.into_inner());
            set(block, &mut shaper)
        })
        .collect()
}

/// The fewest blocks a thread takes at once.
const BLOCKS_AT_ONCE: usize = 4;

/// Bytes of text below which a body is set on one thread: each further
/// thread starts a shaper with empty caches, which costs more than it
/// saves on a page or two (measured on the realistic 8-page reports).
const PARALLEL_BYTES: usize = 12_000;

/// About how much work setting a block is: the bytes of its text.
fn weight(block: &Block) -> usize {
    let paragraph = |p: &Paragraph| 16 + p.inlines.iter().map(|i| i.text.len()).sum::<usize>();
    match block {
        Block::PageBreak | Block::EndRule => 0,
        Block::Paragraph(p) => paragraph(p),
        Block::Table(t) => t
            .header
            .iter()
            .chain(&t.rows)
            .flatten()
            .map(paragraph)
            .sum(),
    }
}

/// Sets one paragraph: collect, shape, break, finalize.
pub fn typeset_paragraph(
    paragraph: &Paragraph,
    measure: f32,
    language: Language,
    shaper: &mut Shaper,
) -> Result<SetParagraph, TypesetError> {
    let spec = style_spec(paragraph.style);
    let setting = Setting::new(language, spec);
    let rtl = setting.rtl();
    // The start indent (list depth) is on the right in right-to-left text.
    let indent = spec.start_indent * measure + paragraph.depth as f32 * TAB;
    let shift = if rtl { 0.0 } else { indent };
    let width = measure - indent - spec.end_indent;
    // A number or marker in its own column, or a first-line indent: the
    // first segment is made that much wider, so the breaker leaves room.
    let label = match &paragraph.label {
        Some(l) => Some((label_line(&l.text, setting, shaper)?, l.hang)),
        None => None,
    };
    let column = match &label {
        Some(((_, label_width), false)) if paragraph.style == Style::Operative => label_width + 6.0,
        Some(((_, label_width), false)) => TAB.max(label_width + 4.0),
        _ => 0.0,
    };
    // A number in a column of its own starts at the first-line indent
    // (an operative paragraph's), a hanging one where it hangs.
    let first_indent = match &label {
        Some((_, true)) => 0.0,
        _ => spec.first_indent,
    };
    let first_box = first_indent + column;
    let collect = |shaper: &mut Shaper, hyphenate: bool| {
        let mut segments =
            collect::segments_within(&paragraph.inlines, setting, shaper, width, hyphenate)?;
        if let Some(first) = segments.first_mut() {
            first.width += first_box;
        }
        Ok::<_, TypesetError>(segments)
    };
    // Justified text is first broken with every word whole: where that
    // costs less than any hyphenated break could, the words are never
    // hyphenated (most paragraphs); only the others are set again with
    // their hyphenation points (linebreak::HYPHENS_CANNOT_WIN).
    let whole = if spec.align == Align::Justify && language.hyphenation_patterns().is_some() {
        let segments = collect(shaper, false)?;
        if check_fits(&segments, width, "line").is_ok() {
            let (breaks, demerits) = linebreak::total_fit(&segments, width);
            (demerits < linebreak::HYPHENS_CANNOT_WIN).then_some((segments, breaks))
        } else {
            None
        }
    } else {
        None
    };
    let (mut segments, breaks) = match whole {
        Some(set) => set,
        None => {
            let segments = collect(shaper, true)?;
            check_fits(&segments, width, "line")?;
            let breaks = linebreak::breaks(&segments, width, spec.align);
            (segments, breaks)
        }
    };
    // Kashida forms only for the words of lines loose enough to use them.
    for (a, b) in linebreak::kashida_lines(&segments, &breaks, width, spec.align, rtl) {
        for segment in &mut segments[a..b] {
            collect::add_kashida(segment, &spec, shaper)?;
        }
    }
    let mut lines: Vec<Line> = linebreak::set_lines(&segments, &breaks, width, spec.align, rtl)
        .into_iter()
        .map(|mut line| {
            for (x, _) in &mut line.runs {
                *x += shift;
            }
            line.leading = spec.leading.max(spec.size * language.least_leading_em());
            line
        })
        .collect();
    if let Some(first) = lines.first_mut() {
        let box_shift = if rtl { -first_box } else { first_box };
        for (x, _) in &mut first.runs {
            *x += box_shift;
        }
        if let Some(((runs, label_width), hang)) = label {
            let x = match (hang, rtl) {
                (true, false) => -(spec.label_gap + label_width),
                (true, true) => measure + spec.label_gap,
                (false, false) => indent + first_indent,
                (false, true) => measure - indent - first_indent - label_width,
            };
            for (i, (dx, run)) in runs.into_iter().enumerate() {
                first.runs.insert(i, (x + dx, run));
            }
        }
    }
    Ok(SetParagraph {
        style: paragraph.style,
        id: paragraph.id.clone(),
        bookmark: paragraph.bookmark.clone(),
        lines,
        space_before: spec.space_before,
        space_after: spec.space_after,
        keep_with_next: spec.keep_with_next,
        keep_together: spec.keep_together,
        boxed: paragraph.boxed,
        page_of: None,
    })
}

/// Runs with their x offsets, as a line holds them.
type PlacedRuns = Vec<(f32, std::sync::Arc<Run>)>;

/// The number or marker of a paragraph, set in its style on one line
/// from x = 0, and its width.
fn label_line(
    text: &str,
    setting: Setting,
    shaper: &mut Shaper,
) -> Result<(PlacedRuns, f32), TypesetError> {
    let spec = &setting.spec;
    let inline = crate::layout::Inline {
        text: text.to_owned(),
        bold: spec.bold,
        italic: spec.italic,
        superscript: spec.label_superscript,
        ..Default::default()
    };
    let segments = collect::segments(std::slice::from_ref(&inline), setting, shaper)?;
    let spec = StyleSpec {
        align: Align::Left,
        ..*spec
    };
    let lines = linebreak::break_lines(&segments, f32::MAX / 4.0, spec.align, false);
    let runs: Vec<_> = lines.into_iter().flat_map(|l| l.runs).collect();
    let width = runs.iter().map(|(x, r)| x + r.width()).fold(0.0, f32::max);
    Ok((runs, width))
}

/// Sets a short text (masthead, header, footer) as lines no wider than
/// `measure`, aligned left.
pub(crate) fn typeset_text(
    text: &str,
    size: f32,
    bold: bool,
    measure: f32,
    language: Language,
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
    let mut setting = Setting::new(language, spec);
    if !text.chars().any(is_strong_rtl) {
        setting = setting.left_to_right();
    }
    let segments = collect::segments(std::slice::from_ref(&inline), setting, shaper)?;
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
pub(crate) fn line_width(line: &Line) -> f32 {
    line.runs
        .iter()
        .map(|(x, r)| x + r.width())
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::{shaping::SharedWork, typeset_body, Block, FontBook, Shaper, Style};
    use crate::language::Language;
    use crate::layout::Paragraph;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    /// A body set by shapers that find its words shaped ahead is the body
    /// set without: in English, French (its spaces before `:`), Arabic
    /// (where nothing is shaped ahead) and Chinese, from sources that hold YAML keys,
    /// tags and words the body does not.
    #[test]
    fn words_shaped_ahead_set_the_same_body() {
        let fonts = FontBook::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
        let cases = [
            ("en", "The Committee’s tasks are the following: coordination, drafting (A/75/906) and well-known follow-up of the 27th session."),
            ("fr", "Le Comité prend note : la coordination et la rédaction des rapports (A/75/906) ; l’examen périodique universel."),
            ("ar", "تعرب اللجنة عن قلقها إزاء التقرير A/75/906 المؤرخ 27 كانون الثاني/يناير 2021 (الدورة 48)."),
            ("zh", "委员会的任务如下：协调和起草所有报告，包括 A/75/906 号文件（第48届会议）。"),
        ];
        for (lang, text) in cases {
            let language = Language::of(lang);
            // Long enough to be set on two threads.
            let blocks: Vec<Block> = (0..60)
                .map(|_| Block::Paragraph(Paragraph::plain(Style::Body, text)))
                .collect();
            let source = format!("paragraphs:\n- id: p0\n  text: '{{i:{text}}}'\n  heading: 1\n");
            let work = Arc::new(SharedWork::default());
            work.shape_ahead(&fonts, language, &source, 10.0, &AtomicBool::new(false));
            // Right to left, nothing is shaped ahead (yet); English and
            // French words of plain letters are set from their letters, and
            // shaping them ahead only shapes their letters.
            assert_eq!(
                work.word_count() > 5,
                lang == "zh",
                "{lang}: words shaped ahead"
            );
            let mut ahead = Shaper::new(&fonts);
            ahead.share(work);
            let with = typeset_body(&blocks, 400.0, language, &mut ahead);
            let without = typeset_body(&blocks, 400.0, language, &mut Shaper::new(&fonts));
            assert_eq!(with, without, "{lang}");
        }
    }

    /// Shaping ahead ends when told to, before its first word. (Words
    /// under a combining accent: a word of plain letters is set from its
    /// letters, not kept.)
    #[test]
    fn shaping_ahead_stops_when_told() {
        let fonts = FontBook::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
        let work = Arc::new(SharedWork::default());
        let ahead = |stop: bool| {
            let stop = AtomicBool::new(stop);
            let text = "ma\u{301}ny wo\u{301}rds he\u{301}re";
            work.shape_ahead(&fonts, Language::of("en"), text, 10.0, &stop);
        };
        ahead(true);
        assert_eq!(work.word_count(), 0);
        ahead(false);
        assert_eq!(work.word_count(), 3);
    }

    /// A body is set the same on one thread and on several, whichever
    /// thread takes which blocks: paragraphs of different lengths, in
    /// English and Chinese.
    #[test]
    fn a_body_is_set_the_same_on_any_number_of_threads() {
        let fonts = FontBook::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
        for (lang, word) in [
            ("en", "coordination and drafting, "),
            ("zh", "委员会的任务如下："),
        ] {
            let language = Language::of(lang);
            let blocks: Vec<Block> = (0..150)
                .map(|i| Block::Paragraph(Paragraph::plain(Style::Body, &word.repeat(1 + i % 9))))
                .collect();
            // Long enough to be set on several threads.
            assert!(blocks.iter().map(super::weight).sum::<usize>() >= super::PARALLEL_BYTES);
            let on = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| typeset_body(&blocks, 400.0, language, &mut Shaper::new(&fonts)))
                    .unwrap()
            };
            let one = on(1);
            assert_eq!(one.len(), blocks.len());
            for threads in [2, 3] {
                assert!(on(threads) == one, "{lang}, {threads} threads");
            }
        }
    }
}
