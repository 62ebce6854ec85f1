//! Steps 1 and 2 of setting a paragraph: join the inline runs, apply the
//! language's typographic rules, resolve bidi levels (UAX #9), find the
//! break opportunities (UAX #14 plus the CJK line-start and line-end
//! prohibitions and hyphenation points), pick a face for every character
//! and shape the pieces.

mod cjk;
mod kashida;
mod typography;

use std::sync::Arc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::FaceId;
use super::hyphenate::break_points;
use super::shaping::{Run, Shaper};
use super::{Setting, StyleSpec, TypesetError};
use crate::language::Language;
use crate::layout::Inline;
use cjk::{compress_punctuation, is_cjk, needs_compression, no_line_end, no_line_start};
use kashida::Kashida;

pub(crate) use kashida::add_kashida;
pub use typography::{french_spacing, typographic_apostrophes};

/// Space after a segment: its glyphs and how far it may stretch or shrink
/// when the line is justified. CJK text has zero-width glue between
/// characters, which only stretches.
#[derive(Debug, Clone)]
pub(crate) struct Glue {
    pub run: Arc<Run>,
    pub width: f32,
    pub stretch: f32,
    pub shrink: f32,
}

/// The text between two break opportunities, shaped.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The visible part, one run per change of style, face or direction,
    /// in logical order; runs are shared with every other occurrence of
    /// the same text (Shaper::shape_shared).
    pub content: Runs,
    pub width: f32,
    /// The space that follows, if any.
    pub glue: Option<Glue>,
    /// The segment ends inside a word: breaking here adds this hyphen.
    pub hyphen: Option<Arc<Run>>,
    /// The line must end after this segment.
    pub forced_break: bool,
    /// An Arabic word's form with a tatweel at its best joining position,
    /// for kashida justification: made (`add_kashida`) only for the words
    /// of lines loose enough to need it, from `arabic_word`.
    /// Boxed: most segments have none, and a segment is made for every
    /// word.
    pub kashida: Option<Box<Kashida>>,
    /// The text of a one-run Arabic word, which kashida may lengthen.
    pub arabic_word: Option<ArabicWord>,
}

/// A word of a paragraph's text, which it shares with the paragraph's
/// other words: most words of an Arabic paragraph are such words, and a
/// string each was an allocation and a copy per word.
#[derive(Clone)]
pub struct ArabicWord {
    text: Arc<str>,
    /// Byte offsets in `text`, in four bytes each: a segment is made for
    /// every word of a paragraph, and it is smaller so.
    start: u32,
    end: u32,
}

impl ArabicWord {
    pub fn as_str(&self) -> &str {
        &self.text[self.start as usize..self.end as usize]
    }
}

impl std::fmt::Debug for ArabicWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The runs of a segment: one, but where the style, face or direction
/// changes inside it.
pub type Runs = smallvec::SmallVec<[Arc<Run>; 1]>;

/// Characters that are not drawn: UAX #9 isolates and embeddings (Fluent
/// wraps placeables in FSI … PDI), directional marks, ZWJ/ZWNJ, soft
/// hyphen. The bidi step reads them before they are dropped.
pub(crate) fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32, 0x00AD | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF)
}

/// Cuts and shapes the segments of a paragraph.
pub fn segments(
    inlines: &[Inline],
    setting: Setting,
    shaper: &mut Shaper,
) -> Result<Vec<Segment>, TypesetError> {
    segments_keeping(&join(inlines, setting), setting, shaper, true, true)
}

/// The segments of a paragraph whose kept-together words (`keep.rs`)
/// fit `measure`; where one such group is wider than the measure (a
/// narrow table column), the words are cut where UAX #14 allows, as a
/// reader would rather see "23 / March" than nothing. Without
/// `hyphenate`, each word is one segment, shaped whole.
pub(crate) fn segments_within(
    inlines: &[Inline],
    setting: Setting,
    shaper: &mut Shaper,
    measure: f32,
    hyphenate: bool,
) -> Result<Vec<Segment>, TypesetError> {
    let joined = join(inlines, setting);
    let kept = segments_keeping(&joined, setting, shaper, true, hyphenate)?;
    let fits = |segments: &[Segment]| {
        segments
            .iter()
            .all(|s| s.width + s.hyphen.as_ref().map_or(0.0, |h| h.width()) <= measure + 0.5)
    };
    if fits(&kept) {
        return Ok(kept);
    }
    let loose = segments_keeping(&joined, setting, shaper, false, hyphenate)?;
    Ok(if fits(&loose) { loose } else { kept })
}

/// A paragraph's inlines joined into the one text that is drawn: for each
/// byte, the inline it comes from and its bidi level; where a break is
/// forced.
struct Joined<'a> {
    inlines: &'a [Inline],
    text: String,
    owner: Vec<usize>,
    levels: Vec<u8>,
    forced: Vec<usize>,
}

impl Joined<'_> {
    /// The inline the byte at `at` comes from.
    fn inline(&self, at: usize) -> &Inline {
        &self.inlines[self.owner[at]]
    }
}

/// Joins the inlines with the language's spacing and apostrophes, reads
/// the bidi levels with the isolates in place (UAX #9), then drops what
/// is not drawn.
fn join<'a>(inlines: &'a [Inline], setting: Setting) -> Joined<'a> {
    let mut full = String::new();
    let mut full_owner: Vec<usize> = Vec::new();
    let mut forced_full = Vec::new();
    for (index, inline) in inlines.iter().enumerate() {
        if inline.break_before && !full.is_empty() {
            forced_full.push(full.len());
        }
        let text = if setting.language.french_spacing() {
            french_spacing(&typographic_apostrophes(&inline.text))
        } else if inline.text.contains('\'') {
            typographic_apostrophes(&inline.text)
        } else {
            inline.text.clone()
        };
        // A note call after punctuation in right-to-left text ("79/1،¹"):
        // an Arabic letter mark between them, read by the bidi algorithm
        // and never drawn, keeps the call's figure from joining the number
        // across the comma (UAX #9 W4), which drew the comma inside it.
        if setting.rtl()
            && inline.note.is_some()
            && full.ends_with(|c: char| c.is_ascii_punctuation() || matches!(c, '،' | '؛'))
        {
            full.push('\u{061C}');
            full_owner.extend(std::iter::repeat_n(index, '\u{061C}'.len_utf8()));
        }
        full.push_str(&text);
        full_owner.extend(std::iter::repeat_n(index, text.len()));
    }
    let full_levels = super::bidi::levels(&full, setting.rtl());
    // Most paragraphs of a document's texts have nothing to drop (Fluent's
    // isolation marks come with the formulas): they are used as joined.
    if !full.chars().any(is_default_ignorable) {
        let mut joined = Joined {
            inlines,
            text: full,
            owner: full_owner,
            levels: full_levels,
            forced: forced_full,
        };
        lift_brackets(&joined.text, &mut joined.levels);
        return joined;
    }
    let mut joined = Joined {
        inlines,
        text: String::with_capacity(full.len()),
        owner: Vec::with_capacity(full.len()),
        levels: Vec::with_capacity(full.len()),
        forced: Vec::new(),
    };
    for (i, c) in full.char_indices() {
        if forced_full.contains(&i) {
            joined.forced.push(joined.text.len());
        }
        if is_default_ignorable(c) {
            continue;
        }
        joined.text.push(c);
        joined
            .owner
            .extend(std::iter::repeat_n(full_owner[i], c.len_utf8()));
        joined
            .levels
            .extend(std::iter::repeat_n(full_levels[i], c.len_utf8()));
    }
    lift_brackets(&joined.text, &mut joined.levels);
    joined
}

/// Where the joined text may break, and whether it must: UAX #14, less
/// the places the house rules forbid (before a note call, the CJK
/// prohibitions, after an Arabic particle written apart, and, when
/// `keep`, inside the phrases of `keep.rs`), plus the forced breaks.
fn break_opportunities(joined: &Joined, setting: Setting, keep: bool) -> Vec<(usize, bool)> {
    let text = &joined.text;
    let rules = keep.then(|| super::keep::Rules::of(setting.language));
    let mut breaks: Vec<(usize, bool)> = linebreaks(text)
        .map(|(i, o)| (i, o == BreakOpportunity::Mandatory && i < text.len()))
        .filter(|&(i, mandatory)| {
            if mandatory || i >= text.len() {
                return true;
            }
            // Never before a footnote indicator.
            if joined.inline(i).superscript {
                return false;
            }
            // CJK prohibitions on top of UAX #14.
            let starts_badly = text[i..].chars().next().is_some_and(no_line_start);
            let before = text[..i].trim_end();
            let last = before.chars().next_back();
            let ends_badly = last.is_some_and(no_line_end);
            // An Arabic conjunction or preposition written apart (و, لـ)
            // belongs with the next word: never at the end of a line. (Each
            // ends in و or a tatweel, looked at first.)
            let clings = matches!(last, Some('و' | 'ـ'))
                && ["و", "لـ", "بـ"].iter().any(|word| {
                    before
                        .strip_suffix(word)
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
                });
            !(starts_badly
                || ends_badly
                || clings
                || rules.as_ref().is_some_and(|rules| {
                    super::keep::keeps_together(&text[..i], &text[i..], rules)
                }))
        })
        .collect();
    breaks.extend(joined.forced.iter().map(|&i| (i, true)));
    breaks.sort_unstable();
    breaks.dedup_by(|b, a| {
        if a.0 == b.0 {
            a.1 |= b.1;
            true
        } else {
            false
        }
    });
    breaks
}

/// The glue of the spaces `joined.text[content_end..end]` after a
/// segment; between CJK characters, none but room to justify.
/// The glue runs a paragraph was last given (its size is the paragraph's):
/// the spaces, by face, number of spaces and bidi level, and the empty
/// run between CJK characters, by level.
#[derive(Default)]
struct KeptGlue {
    space: Option<((FaceId, usize, u8), Arc<Run>)>,
    empty: Option<(u8, Arc<Run>)>,
}

fn glue_after(
    joined: &Joined,
    (start, content_end, end): (usize, usize, usize),
    setting: Setting,
    shaper: &mut Shaper,
    kept: &mut KeptGlue,
) -> Result<Option<Glue>, TypesetError> {
    let (text, levels, spec) = (&joined.text, &joined.levels, &setting.spec);
    if content_end < end {
        let inline = joined.inline(content_end);
        let face = FaceId::serif(
            spec.bold || inline.bold,
            (spec.italic || inline.italic) && setting.language.has_italics(),
        );
        let count = text[content_end..end]
            .chars()
            .filter(|c| !matches!(c, '\n' | '\r'))
            .count()
            .max(1);
        const SPACES: &str = "                                ";
        let spaces = if count <= SPACES.len() {
            std::borrow::Cow::Borrowed(&SPACES[..count])
        } else {
            std::borrow::Cow::Owned(" ".repeat(count))
        };
        let level = levels[content_end];
        // Most glue of a paragraph is one space of one face at one level:
        // the run it was last given, without asking the cache again (a
        // linked space is a run of its own).
        let run = match &kept.space {
            Some((k, run)) if inline.link.is_none() && *k == (face, count, level) => run.clone(),
            _ => {
                let link = inline.link.as_ref();
                let run = shaper.shape_shared(face, &spaces, spec.size, link, level)?;
                if link.is_none() {
                    kept.space = Some(((face, count, level), run.clone()));
                }
                run
            }
        };
        let width = run.width();
        let rtl_space = levels[content_end] % 2 == 1;
        // The tightest a space gets, in em: as tight as the real
        // documents set them, never tighter (A/HRC/WG.6/34/ITA/3 en
        // 0.22 em, A/HRC/WG.6/7/ITA/1 fr 0.25 em).
        let floor = spec.size
            * if setting.language.french_spacing() {
                0.25
            } else {
                0.22
            };
        Ok(Some(Glue {
            run,
            width,
            // A space may grow to three and a half times its width
            // before hyphenation is worth its penalty (linebreak/):
            // the real documents run loose lines up to 1.4 em rather
            // than squeeze or hyphenate (none in 819 lines of the
            // Russian report); Arabic spaces widen less, past that
            // kashida lengthens the words (alreq §3.2.5).
            stretch: if rtl_space { width / 2.0 } else { width * 2.5 },
            shrink: if rtl_space {
                width / 3.0
            } else {
                (width - floor).max(0.0)
            },
        }))
    } else if content_end > start && end < text.len() && text[start..end].chars().any(is_cjk) {
        // Between CJK characters: no space, but room to justify. The
        // empty run is shaped once and shared, as every word is: a
        // Chinese paragraph has one such glue per character, and the
        // paragraph keeps the last one it was given (`KeptGlue`).
        let level = levels[content_end - 1];
        let run = match &kept.empty {
            Some((k, run)) if *k == level => run.clone(),
            _ => {
                let run =
                    shaper.shape_shared(FaceId::serif(false, false), "", spec.size, None, level)?;
                kept.empty = Some((level, run.clone()));
                run
            }
        };
        Ok(Some(Glue {
            run,
            width: 0.0,
            stretch: spec.size * 0.25,
            shrink: 0.0,
        }))
    } else {
        Ok(None)
    }
}

fn segments_keeping(
    joined: &Joined,
    setting: Setting,
    shaper: &mut Shaper,
    keep: bool,
    hyphenate: bool,
) -> Result<Vec<Segment>, TypesetError> {
    let text = &joined.text;
    let opportunities = break_opportunities(joined, setting, keep);
    // A segment per opportunity, but for hyphenation pieces: a Chinese
    // paragraph has one per character, and growing the vector step by step
    // copied it over and over.
    let mut segments = Vec::with_capacity(opportunities.len());
    let full_width = setting.language.full_width_punctuation();
    let mut kept_glue = KeptGlue::default();
    // The paragraph's text, shared by its Arabic words (made for the first).
    let mut shared_text: Option<Arc<str>> = None;
    let mut start = 0;
    for (end, forced_break) in opportunities {
        if end <= start {
            continue;
        }
        let piece = &text[start..end];
        let content_length = piece.trim_end_matches([' ', '\n', '\r', '\t']).len();
        let content_end = start + content_length;
        let glue = glue_after(
            joined,
            (start, content_end, end),
            setting,
            shaper,
            &mut kept_glue,
        )?;
        if content_end > start {
            // A language without hyphenation patterns (Arabic, Chinese)
            // has no break points to look for: no vector per word.
            let mut pieces = if hyphenate && setting.language.hyphenation_patterns().is_some() {
                hyphenated_pieces(text, start, content_end, setting.language, shaper)
            } else {
                Vec::new()
            };
            let last = pieces.pop().unwrap_or((start, content_end));
            for (a, b) in pieces {
                let content = shape_content(joined, a, b, setting, shaper)?;
                let inline = joined.inline(b - 1);
                let face = content
                    .last()
                    .map_or(FaceId::serif(false, false), |r| r.face);
                let hyphen = shaper.shape_shared(
                    face,
                    "-",
                    setting.spec.size,
                    inline.link.as_ref(),
                    joined.levels[b - 1],
                )?;
                segments.push(Segment {
                    width: content.iter().map(|r| r.width()).sum(),
                    content,
                    glue: None,
                    hyphen: Some(hyphen),
                    forced_break: false,
                    kashida: None,
                    arabic_word: None,
                });
            }
            // A Chinese character is three bytes.
            let content = if full_width && last.1 - last.0 <= 4 {
                shape_cjk_character(joined, last.0, last.1, setting, shaper)?
            } else {
                shape_content(joined, last.0, last.1, setting, shaper)?
            };
            let arabic_word = (setting.language.stretches_with_kashida()
                && content.len() == 1
                && content[0].is_rtl())
            .then(|| {
                Some(ArabicWord {
                    start: u32::try_from(last.0).ok()?,
                    end: u32::try_from(last.1).ok()?,
                    text: shared_text
                        .get_or_insert_with(|| Arc::from(text.as_str()))
                        .clone(),
                })
            })
            .flatten();
            segments.push(Segment {
                width: content.iter().map(|r| r.width()).sum(),
                content,
                glue,
                hyphen: None,
                forced_break,
                kashida: None,
                arabic_word,
            });
        } else if forced_break {
            if let Some(last) = segments.last_mut() {
                let last: &mut Segment = last;
                last.forced_break = true;
            }
        }
        start = end;
    }
    Ok(segments)
}

/// Gives a bracket pair that encloses only left-to-right text (a symbol, a
/// number) the level of what it encloses. The page looks the same as with
/// UAX #9 N0 (mirrored brackets around the run), but the brackets become
/// part of the left-to-right run, so readers that rebuild the logical order
/// from glyph positions keep `(A/75/906)` whole.
fn lift_brackets(text: &str, levels: &mut [u8]) {
    // Brackets are ASCII, and no byte of another character is: the text
    // is read by byte, each bracket at its own offset, passing over the
    // blocks of 64 bytes without one by a test the compiler vectorises.
    let bracket = |b: u8| matches!(b, b'(' | b'[' | b')' | b']');
    let bytes = text.as_bytes();
    let blocks = bytes.chunks(64).enumerate();
    let blocks = blocks.filter(|(_, chunk)| chunk.iter().fold(false, |seen, &b| seen | bracket(b)));
    let at = blocks.flat_map(|(block, chunk)| (block * 64..).zip(chunk.iter().copied()));
    lift_brackets_among(text, levels, at);
}

/// [`lift_brackets`] reading the bytes `at` (offset, byte) of `text`: all
/// of its brackets, in order, and any other bytes.
fn lift_brackets_among(text: &str, levels: &mut [u8], at: impl Iterator<Item = (usize, u8)>) {
    let mut open: Vec<usize> = Vec::new();
    for (i, b) in at {
        match b {
            b'(' | b'[' => open.push(i),
            b')' | b']' => {
                let Some(start) = open.pop() else { continue };
                let inner = &text[start + 1..i];
                let inner_levels = &levels[start + 1..i];
                let Some(&level) = inner_levels.first() else {
                    continue;
                };
                let uniform = level % 2 == 0 && inner_levels.iter().all(|&l| l == level);
                let enclosed_is_ltr = inner.chars().any(|c| c.is_alphanumeric());
                if uniform && enclosed_is_ltr && levels[start] % 2 == 1 && levels[i] % 2 == 1 {
                    levels[start] = level;
                    levels[i] = level;
                }
            }
            _ => {}
        }
    }
}

/// Splits `text[start..end]` at its hyphenation points: the word without
/// its surrounding punctuation goes to the hyphenator (hyphenate.rs).
fn hyphenated_pieces(
    text: &str,
    start: usize,
    end: usize,
    language: Language,
    shaper: &mut Shaper,
) -> Vec<(usize, usize)> {
    // (A language without hyphenation patterns does not ask.)
    let chunk = &text[start..end];
    // Never beside an existing hyphen: a compound (политико-дипломатическими,
    // co-operation) breaks at its own hyphen or not at all.
    let is_hyphen = |c: char| matches!(c, '-' | '\u{2010}' | '\u{2011}');
    if chunk.contains(is_hyphen) || text[..start].ends_with(is_hyphen) {
        return vec![(start, end)];
    }
    let word_start = chunk.find(char::is_alphabetic).unwrap_or(chunk.len());
    let word_end = chunk.rfind(char::is_alphabetic).map_or(0, |i| {
        i + chunk[i..].chars().next().map_or(1, char::len_utf8)
    });
    if word_start >= word_end {
        return vec![(start, end)];
    }
    let word = &chunk[word_start..word_end];
    let points = shaper.hyphens(language.tag(), word, |s| {
        break_points(word, language, s.hyphenation.as_ref())
    });
    let mut pieces = Vec::new();
    let mut from = start;
    for &p in points.iter() {
        let at = start + word_start + p;
        pieces.push((from, at));
        from = at;
    }
    pieces.push((from, end));
    pieces
}

/// Shapes `text[start..end]`, one run per change of inline, face or level.
fn shape_content(
    joined: &Joined,
    start: usize,
    end: usize,
    setting: Setting,
    shaper: &mut Shaper,
) -> Result<Runs, TypesetError> {
    let (text, owner, levels, inlines) =
        (&joined.text, &joined.owner, &joined.levels, joined.inlines);
    let spec = &setting.spec;
    let mut out = Runs::new();
    let mut piece_start = start;
    let mut current: Option<(usize, FaceId, u8)> = None;
    // Decided once for the piece, not per character.
    let language = setting.language;
    let has_italics = language.has_italics();
    let full_width = language.full_width_punctuation();
    for (offset, c) in text[start..end].char_indices() {
        let at = start + offset;
        let inline = &inlines[owner[at]];
        let (bold, italic, style) = style_of(spec, inline, has_italics, full_width);
        let face = shaper.face_for(c, style, |shaper| {
            pick_face(c, bold, italic, language, shaper, text, at)
        })?;
        let key = (owner[at], face, levels[at]);
        match current {
            // Marks stay in the face and run of their base.
            Some(k) if k == key || is_mark(c) => {}
            Some((inline_index, face, level)) => {
                out.push(shape_piece(
                    shaper,
                    face,
                    &text[piece_start..at],
                    spec,
                    &inlines[inline_index],
                    level,
                )?);
                piece_start = at;
                current = Some(key);
            }
            None => current = Some(key),
        }
    }
    if let Some((inline_index, face, level)) = current {
        out.push(shape_piece(
            shaper,
            face,
            &text[piece_start..end],
            spec,
            &inlines[inline_index],
            level,
        )?);
    }
    if full_width {
        for run in &mut out {
            if needs_compression(run) {
                compress_punctuation(Arc::make_mut(run));
            }
        }
    }
    Ok(out)
}

/// Whether text of `inline` in `spec` is set bold and italic, and the
/// style a face is chosen and a character's run kept by (bold 1, italic
/// 2, Chinese text 4). Chinese and Arabic set no italics: a Latin word or
/// a date's digits in an italic line of theirs stay upright ("2021年5月19日").
#[inline]
fn style_of(
    spec: &StyleSpec,
    inline: &Inline,
    has_italics: bool,
    full_width: bool,
) -> (bool, bool, u8) {
    let italic = (spec.italic || inline.italic) && has_italics;
    let bold = spec.bold || inline.bold;
    (
        bold,
        italic,
        u8::from(bold) | u8::from(italic) << 1 | u8::from(full_width) << 2,
    )
}

/// [`shape_content`] of one Chinese character (every segment of a Chinese
/// paragraph): its run as the shaper gave it before, by character, style,
/// level and size, instead of its face's and its run's lookups. A run of
/// one glyph has no punctuation to compress; one with a link or raised is
/// made afresh each time, by `shape_content`.
fn shape_cjk_character(
    joined: &Joined,
    start: usize,
    end: usize,
    setting: Setting,
    shaper: &mut Shaper,
) -> Result<Runs, TypesetError> {
    let mut chars = joined.text[start..end].chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return shape_content(joined, start, end, setting, shaper);
    };
    let inline = joined.inline(start);
    let spec = &setting.spec;
    if !is_cjk(c) || inline.link.is_some() || inline.superscript {
        return shape_content(joined, start, end, setting, shaper);
    }
    let language = setting.language;
    let (.., style) = style_of(
        spec,
        inline,
        language.has_italics(),
        language.full_width_punctuation(),
    );
    let level = joined.levels[start];
    if let Some(run) = shaper.char_run(c, style, level, spec.size) {
        return Ok(smallvec::smallvec![run]);
    }
    let out = shape_content(joined, start, end, setting, shaper)?;
    if let [run] = &out[..] {
        shaper.keep_char_run(c, style, level, spec.size, run);
    }
    Ok(out)
}

/// Shapes one piece of an inline; a superscript (a footnote indicator) is
/// set at 58 % of the size and raised by a third of it (a fifth in
/// right-to-left text, whose tall letters would otherwise make readers
/// take the indicator for a line of its own).
fn shape_piece(
    shaper: &mut Shaper,
    face: FaceId,
    text: &str,
    spec: &StyleSpec,
    inline: &Inline,
    level: u8,
) -> Result<Arc<Run>, TypesetError> {
    if !inline.superscript {
        return Ok(shaper.shape_shared(face, text, spec.size, inline.link.as_ref(), level)?);
    }
    let mut run = shaper.shape(face, text, spec.size * 0.58, inline.link.clone(), level)?;
    for glyph in &mut run.glyphs {
        glyph.y_offset += spec.size * if level % 2 == 1 { 0.2 } else { 0.33 };
    }
    run.footnote = inline.note.clone();
    Ok(Arc::new(run))
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

fn pick_face(
    c: char,
    bold: bool,
    italic: bool,
    language: Language,
    shaper: &Shaper,
    text: &str,
    at: usize,
) -> Result<FaceId, TypesetError> {
    for face in FaceId::fallback_chain(c, bold, italic, language) {
        if shaper.face(face)?.covers(c) {
            return Ok(face);
        }
    }
    // Then the faces the repository adds, in their order.
    for &face in &FaceId::ADDED[..shaper.added_faces()] {
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

#[cfg(test)]
mod tests {
    /// A segment is made for every word (every character of Chinese):
    /// its size is most of a paragraph's memory while it is set. 136 bytes
    /// before the kashida form was boxed and the word's offsets narrowed.
    #[test]
    fn a_segment_stays_small() {
        assert!(
            std::mem::size_of::<Segment>() <= 96,
            "{}",
            std::mem::size_of::<Segment>()
        );
    }

    /// Brackets lifted block by block, passing over the blocks without
    /// one, as when every byte is read: random texts of brackets, letters
    /// of both directions and spaces, at random levels.
    #[test]
    fn brackets_are_lifted_as_by_every_byte() {
        let by_every_byte = |text: &str, levels: &mut [u8]| {
            lift_brackets_among(text, levels, text.bytes().enumerate());
        };
        let alphabet = ['(', ')', '[', ']', 'a', '7', 'ب', ' ', '،'];
        let mut state = 0x5eed_u64;
        let mut lifted = 0;
        for _ in 0..5_000 {
            let mut text = String::new();
            let mut levels = Vec::new();
            for _ in 0..(state % 300) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let c = alphabet[(state % alphabet.len() as u64) as usize];
                let level = if c == 'ب' || (state >> 20).is_multiple_of(3) {
                    1
                } else {
                    2
                };
                text.push(c);
                levels.extend(std::iter::repeat_n(level, c.len_utf8()));
            }
            let mut expected = levels.clone();
            by_every_byte(&text, &mut expected);
            lifted += usize::from(expected != levels);
            lift_brackets(&text, &mut levels);
            assert_eq!(levels, expected, "{text}");
            state = state.wrapping_add(1);
        }
        assert!(lifted > 100, "only {lifted} texts had a bracket lifted");
    }

    use super::*;
    use crate::layout::{Inline, Style};
    use crate::typeset::fonts::FontBook;
    use crate::typeset::style_spec;

    /// The segments' runs, as text, width and level.
    fn runs(segments: &[Segment]) -> Vec<(String, f32, u8)> {
        segments
            .iter()
            .flat_map(|s| s.content.iter())
            .map(|r| (r.text(), r.width(), r.level))
            .collect()
    }

    #[test]
    fn a_chinese_characters_kept_run_is_the_run_it_had_the_first_time() {
        let fonts = FontBook::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
        let inline = |text: &str, bold: bool, superscript: bool, link: Option<&str>| Inline {
            text: text.to_owned(),
            bold,
            superscript,
            link: link.map(str::to_owned),
            ..Default::default()
        };
        // The same characters plain, bold, raised and linked; punctuation
        // that compresses; Latin and digits between.
        let inlines = [
            inline("会员国重申，会员国（2024年）。", false, false, None),
            inline("会员国重申", true, false, None),
            inline("1", false, true, None),
            inline("会员国", false, false, Some("annex")),
            inline("CSTO会员国。」", false, false, None),
        ];
        let setting = Setting::new(Language::of("zh"), style_spec(Style::Body));
        let mut warm = Shaper::new(&fonts);
        let first = segments(&inlines, setting, &mut warm).unwrap();
        let again = segments(&inlines, setting, &mut warm).unwrap();
        let cold = segments(&inlines, setting, &mut Shaper::new(&fonts)).unwrap();
        assert_eq!(runs(&again), runs(&first));
        assert_eq!(runs(&again), runs(&cold));
        // The bold characters are not the plain ones' runs.
        let bold = runs(&again).into_iter().filter(|(t, ..)| t == "会").count();
        assert!(bold >= 3, "{bold}");
        assert!(again
            .iter()
            .flat_map(|s| s.content.iter())
            .any(|r| r.text() == "会" && r.face != again[0].content[0].face));
    }
}
