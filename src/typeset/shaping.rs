//! Shaping with harfrust: text of one face, one direction and one script
//! becomes positioned glyphs. Shape plans are cached per face, script and
//! direction; shaped words are cached by face and text, since the same words
//! recur across a document.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use harfrust::{Buffer, Direction, Script, ShapeOptions, ShapePlan, ShaperFont};

use super::fonts::{FaceId, FontBook, FontError, LoadedFace};
use super::hyphenate::Hyphenation;

/// The text a glyph stands for: up to 13 bytes kept inline (every
/// cluster of our scripts but the rarest), a longer one as its number in
/// a table of the process's long clusters. Glyphs are copied from the
/// word cache into runs and marks by the hundred thousand: a heap string
/// each was a fifth of the time, and at 14 bytes with no pointer a glyph
/// is 28 bytes instead of 40 (fewer fresh pages for the same words).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlyphText {
    /// The text's length in bytes, or [`LONG`].
    len: u8,
    /// The text; for a long one, its number in [`LONG_TEXTS`] (little end first).
    bytes: [u8; INLINE],
}

/// The longest text kept inline.
const INLINE: usize = 13;

/// The length a long text's [`GlyphText`] carries.
const LONG: u8 = u8::MAX;

/// The clusters longer than [`INLINE`] bytes, each kept once for the
/// process: the same cluster always gets the same number, so equal texts
/// stay equal glyph texts. A cluster that long is rare (a letter under
/// several marks), and the table holds each distinct one once.
static LONG_TEXTS: std::sync::LazyLock<std::sync::RwLock<LongTexts>> =
    std::sync::LazyLock::new(Default::default);

#[derive(Default)]
struct LongTexts {
    numbers: FxHashMap<&'static str, u32>,
    texts: Vec<&'static str>,
}

/// See [`GlyphText::kashida`].
const KASHIDA: &str = "\u{200D}";

impl Default for GlyphText {
    fn default() -> Self {
        GlyphText {
            len: 0,
            bytes: [0; INLINE],
        }
    }
}

impl GlyphText {
    /// The text a kashida's tatweel glyph carries: U+200D ZERO WIDTH
    /// JOINER, which says what it does (join the letters either side) and
    /// which the PDF stage reads as "draw me as a bar, never as text".
    pub fn kashida() -> Self {
        GlyphText::new(KASHIDA)
    }

    /// Whether this is a kashida's tatweel (see [`GlyphText::kashida`]).
    pub(crate) fn is_kashida(&self) -> bool {
        // Asked of every glyph a page draws: the length first.
        usize::from(self.len) == KASHIDA.len() && self.bytes[..KASHIDA.len()] == *KASHIDA.as_bytes()
    }

    pub fn new(text: &str) -> Self {
        let mut bytes = [0; INLINE];
        if text.len() <= INLINE {
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            return GlyphText {
                len: text.len() as u8,
                bytes,
            };
        }
        bytes[..4].copy_from_slice(&long_number(text).to_le_bytes());
        GlyphText { len: LONG, bytes }
    }

    /// The text of one character: `GlyphText::new` of it, without copying
    /// a slice of unknown length.
    #[inline]
    pub fn of_char(c: char) -> Self {
        let mut bytes = [0; INLINE];
        let len = c.encode_utf8(&mut bytes).len() as u8;
        GlyphText { len, bytes }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        if self.len == LONG {
            return long_text(&self.bytes);
        }
        // SAFETY: `bytes[..len]` was copied whole from a `&str` in
        // `GlyphText::new` and never changes, so it is valid UTF-8.
        // Checking it again on every read was an eighth of writing a
        // right-to-left PDF.
        unsafe { std::str::from_utf8_unchecked(&self.bytes[..usize::from(self.len)]) }
    }
}

/// The long cluster whose number `bytes` carry.
#[cold]
fn long_text(bytes: &[u8; INLINE]) -> &'static str {
    let number = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let table = LONG_TEXTS.read().unwrap_or_else(|e| e.into_inner());
    table.texts[number as usize]
}

/// The number of a long cluster in [`LONG_TEXTS`], given it the first time.
fn long_number(text: &str) -> u32 {
    if let Some(&number) = LONG_TEXTS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .numbers
        .get(text)
    {
        return number;
    }
    let mut table = LONG_TEXTS.write().unwrap_or_else(|e| e.into_inner());
    if let Some(&number) = table.numbers.get(text) {
        return number;
    }
    let kept: &'static str = Box::leak(text.into());
    let number = u32::try_from(table.texts.len()).expect("fewer than 4 billion distinct clusters");
    table.texts.push(kept);
    table.numbers.insert(kept, number);
    number
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for GlyphText {
    fn from(text: &str) -> Self {
        GlyphText::new(text)
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// A glyph, positioned in points at a given size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// How far the pen moves after this glyph.
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The text this glyph stands for (its cluster's text on the first glyph
    /// of the cluster, empty on the others), for ToUnicode.
    pub text: GlyphText,
}

// Glyphs are copied from the word cache into runs by the hundred thousand.
const _: () = assert!(std::mem::size_of::<Glyph>() == 28);

/// Glyphs of one face at one size, drawn one after the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub face: FaceId,
    pub size: f32,
    pub glyphs: Vec<Glyph>,
    /// The anchor id this run links to.
    pub link: Option<String>,
    /// Bidi embedding level (UAX #9): odd is right to left. The glyphs of
    /// a right-to-left run are already in visual order.
    pub level: u8,
    /// The footnote this run calls (a footnote indicator).
    pub footnote: Option<String>,
}

impl Run {
    /// Whether the run reads right to left.
    pub(crate) fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }

    /// The run's advance width in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    /// The text of the run.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }
}

/// Shaped words of one face and direction, by text: the run first made
/// of each, without a link, at whatever size and level it came
/// ([`at_size`] makes any other from it).
type Words = FxHashMap<Box<str>, Arc<Run>>;

/// Finished runs (no link) of one face, bidi level and size, by text.
type SharedRuns = FxHashMap<Box<str>, Arc<Run>>;

/// A glyph in font units, as shaped.
#[derive(Debug, Clone, PartialEq)]
struct UnitGlyph {
    id: u16,
    advance: i32,
    x_offset: i32,
    y_offset: i32,
    text: GlyphText,
}

/// Guesses the script of a piece of text from its first letter.
fn script_of(text: &str) -> Script {
    for c in text.chars() {
        match c as u32 {
            0x0400..=0x052F => return Script::CYRILLIC,
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => return Script::ARABIC,
            0x2E80..=0x2FDF
            | 0x3000..=0x303F
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF => return Script::HAN,
            _ if c.is_alphabetic() => return Script::LATIN,
            _ => {}
        }
    }
    Script::LATIN
}

/// What a shaper learns: shape plans, shaped words, finished runs, the
/// face of each character, hyphenation points. None of it depends on the
/// document, so a batch hands it from one job to the next
/// ([`ShapingCaches`]); results are the same with a cold or a warm cache.
#[derive(Default)]
pub(crate) struct ShapingCache {
    plans: FxHashMap<(FaceId, [u8; 4], bool), Arc<ShapePlan>>,
    /// By face and direction, then text (looked up without allocating).
    words: FxHashMap<(FaceId, bool), Words>,
    /// Runs shared by every occurrence of a word: by face, level and size.
    runs: FxHashMap<(FaceId, u8, u32), SharedRuns>,
    /// The face chosen for a character, by character and style (bold 1,
    /// italic 2, Chinese text 4): the fallback chain walked once per character.
    faces: FxHashMap<(char, u8), FaceId>,
    /// The same for characters below U+0800 (Latin, Cyrillic, Arabic), by
    /// `style << 11 | c`: looked up for every character set, an index is
    /// a tenth of a hash lookup. Empty until the first such character.
    low_faces: Vec<Option<FaceId>>,
    /// Hyphenation points by language, then word.
    hyphens: Hyphens,
    /// The shared run of a character set alone (a Chinese segment), by
    /// character, style (as `faces`), level and size: one lookup instead
    /// of the face's and the run's two.
    char_runs: FxHashMap<(char, u8, u8, u32), Arc<Run>>,
    /// Letters shaped alone, to set words from (letters.rs).
    letters: super::letters::Letters,
    /// Entries in `words`, `runs`, `char_runs` and `letters`, to bound
    /// the memory a cache keeps.
    entries: usize,
    buffer: Option<Buffer>,
}

/// Characters below this have their face in `ShapingCache::low_faces`.
const LOW_FACES: char = '\u{800}';

/// Where `ShapingCache::low_faces` keeps the face of `c` in `style`, if
/// it keeps it there.
fn low_face_slot(c: char, style: u8) -> Option<usize> {
    (c < LOW_FACES && style < 8).then(|| usize::from(style) << 11 | c as usize)
}

/// A cache holding more entries than this is dropped rather than handed
/// on, so a long batch's memory stays bounded (a 200-page statement
/// makes about 20,000).
const MAX_CACHED_ENTRIES: usize = 200_000;

/// Caches waiting for the next shaper, shared by the jobs of a process,
/// and the paragraphs `watch` keeps set between renders.
#[derive(Default)]
pub struct ShapingCaches {
    waiting: std::sync::Mutex<Vec<ShapingCache>>,
    pub(super) kept: super::kept::KeptParagraphs,
}

impl ShapingCaches {
    /// Keeps the paragraphs set from now on, for the next renders to take
    /// those that come again unchanged (`watch`, `preview`); each call
    /// starts a new generation, and what no render used since the call
    /// before is dropped.
    pub fn keep_set_paragraphs(&self) {
        self.kept.new_generation();
    }

    fn take(&self) -> ShapingCache {
        self.waiting
            .lock()
            .ok()
            .and_then(|mut caches| caches.pop())
            .unwrap_or_default()
    }

    fn give(&self, cache: ShapingCache) {
        if cache.entries <= MAX_CACHED_ENTRIES {
            if let Ok(mut caches) = self.waiting.lock() {
                caches.push(cache);
            }
        }
    }
}

/// Shapes text; one per job (or thread of a job), borrowing the shared
/// fonts and a cache from their pool, which it gives back when dropped.
pub struct Shaper<'a> {
    fonts: &'a FontBook,
    /// The pool its cache came from and goes back to, if any.
    pool: Option<&'a ShapingCaches>,
    cache: ShapingCache,
    /// Hyphenation exceptions of the document's language.
    pub hyphenation: Option<Hyphenation>,
    /// What the shapers of a job's threads share, if any.
    shared: Option<Arc<SharedWork>>,
}

/// What the shapers of one job's threads share: the costly
/// results, a word shaped by harfrust and a word's hyphenation points, so
/// a word two threads use is worked out once (two cold caches had done
/// a sixth of the 8-page English report's shaping and hyphenation twice).
/// A shaper looks in its own cache first and here only on a miss, so a
/// lock is taken about once per distinct word. Who works a word out first
/// changes nothing: the result is the same.
#[derive(Default)]
pub(crate) struct SharedWork {
    words: Mutex<FxHashMap<(FaceId, bool), Words>>,
    hyphens: Mutex<Hyphens>,
}

/// Hyphenation points by language, then word.
type Hyphens = FxHashMap<String, FxHashMap<Box<str>, Arc<[usize]>>>;

/// The distinct words of a text shaped ahead at most: more than an
/// 8-page report has (its English text: 1,600 words). About a third of a
/// text's tokens are not what the typesetter shapes (a bracket or a
/// quotation mark it sets apart, a word it hyphenates), and past that
/// many, a long text's words shaped for nothing added more instructions
/// than the ahead shaping saved (200-page reports: 1,100–1,600 more
/// shapings, 60 million instructions).
const AHEAD_WORDS: usize = 2_000;

impl SharedWork {
    /// Shapes ahead, into this work, the words of a job's source `text`
    /// (its texts file), in `language`'s body face at `size`, until `stop`
    /// is set: run on a core that would otherwise wait while the job's
    /// markup is rendered, so that its shapers find most words worked out.
    ///
    /// A word here is what the typesetter shapes for a word of the body:
    /// the text between spaces and line-break opportunities (UAX #14),
    /// set in one face, at one level. What the source holds besides
    /// (keys, the inline syntax's tags, quotation marks the typesetter
    /// adds) gives words the typesetter never asks for: work done on a
    /// core that had none, never a different result, since a word shaped
    /// here is the run shaping gives it there. The two halves of the text
    /// are taken in turn, as two threads setting the body begin with one
    /// half each (the pool's first split),
    /// each distinct word once and at most [`AHEAD_WORDS`] of them. A
    /// word the typesetter sets from its letters (letters.rs) is not kept:
    /// shaping it here shapes its letters, for the face's every shaper.
    pub(crate) fn shape_ahead(
        self: &Arc<Self>,
        fonts: &FontBook,
        language: crate::language::Language,
        text: &str,
        size: f32,
        stop: &std::sync::atomic::AtomicBool,
    ) {
        // Right to left, most tokens of the Arabic 200-page report were
        // not what the typesetter shapes (1,160 of 1,480 shaped for
        // nothing, 65 million instructions), which is not understood yet:
        // not shaped ahead.
        if language.is_rtl() {
            return;
        }
        let mut shaper = Shaper::new(fonts);
        shaper.shared = Some(self.clone());
        // An ASCII space is never inside a character's bytes.
        let middle = text.as_bytes()[text.len() / 2..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(text.len(), |at| text.len() / 2 + at);
        let mut halves = [
            text[..middle].split_whitespace(),
            text[middle..].split_whitespace(),
        ];
        // Each distinct token and word once: most of a text's are repeats
        // (a Chinese token is a sentence, its words its characters).
        let mut tokens: rustc_hash::FxHashSet<&str> = Default::default();
        let mut words: rustc_hash::FxHashSet<&str> = Default::default();
        for turn in 0.. {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            let Some(token) = halves[turn % 2]
                .next()
                .or_else(|| halves[(turn + 1) % 2].next())
            else {
                return;
            };
            if !tokens.insert(token) {
                continue;
            }
            let mut start = 0;
            for (end, _) in unicode_linebreak::linebreaks(token) {
                let word = token[start..end].trim_end();
                start = end;
                if !words.insert(word) {
                    continue;
                }
                if words.len() > AHEAD_WORDS {
                    return;
                }
                if let Some(face) = word_face(&mut shaper, word, language) {
                    let _ = shaper.shaped(face, word, size, 0);
                }
            }
        }
    }
}

#[cfg(test)]
impl SharedWork {
    /// The words shaped so far, in every face and direction.
    pub(crate) fn word_count(&self) -> usize {
        self.words
            .lock()
            .map_or(0, |w| w.values().map(|w| w.len()).sum())
    }
}

/// The face a left-to-right word of body text is set in (at level 0),
/// when one face of the language's body fallback chain covers all of it.
fn word_face(
    shaper: &mut Shaper,
    word: &str,
    language: crate::language::Language,
) -> Option<FaceId> {
    let mut face = None;
    for c in word.chars() {
        let right_to_left = matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF);
        if right_to_left || matches!(c, '{' | '}' | '\\') {
            return None;
        }
        // The shaper's face of each character, found once.
        let found = shaper
            .face_for(c, 0, |shaper| {
                FaceId::fallback_chain(c, false, false, language)
                    .into_iter()
                    .find(|&f| shaper.face(f).is_ok_and(|loaded| loaded.covers(c)))
                    .ok_or(super::TypesetError::MissingGlyph {
                        character: c,
                        context: String::new(),
                    })
            })
            .ok()?;
        if *face.get_or_insert(found) != found {
            return None;
        }
    }
    face
}

/// The run of glyphs in font units `units` of `face` at `size` points
/// and bidi `level`.
fn run_of(face: &LoadedFace, units: &[UnitGlyph], size: f32, level: u8) -> Run {
    let scale = size / f32::from(face.units_per_em);
    Run {
        face: face.id,
        size,
        link: None,
        level,
        footnote: None,
        glyphs: units
            .iter()
            .map(|g| Glyph {
                id: g.id,
                advance: g.advance as f32 * scale,
                x_offset: g.x_offset as f32 * scale,
                y_offset: g.y_offset as f32 * scale,
                text: g.text,
            })
            .collect(),
    }
}

/// Records a shaped word, by face and direction.
fn remember_word(
    words: &mut FxHashMap<(FaceId, bool), Words>,
    key: (FaceId, bool),
    text: &str,
    run: &Arc<Run>,
) {
    words
        .entry(key)
        .or_default()
        .insert(text.into(), run.clone());
}

/// The word `known` was shaped into, at `size` and bidi `level` (of the
/// same direction): `known` itself when it is at both, else its glyphs
/// scaled to `size`. The shaper gives whole font units, and a glyph's
/// advance and offsets are a unit count times `size / units_per_em` in
/// `f32`: the count, an integer far below 2^23, comes back exactly by
/// dividing by `known`'s scale and rounding (within one part in 2^24),
/// so the glyphs are those shaping at `size` gives. `None` for a run at
/// no positive size, which keeps no units to give back.
fn at_size(known: &Arc<Run>, face: &LoadedFace, size: f32, level: u8) -> Option<Arc<Run>> {
    if known.size.to_bits() == size.to_bits() && known.level == level {
        return Some(known.clone());
    }
    let em = f32::from(face.units_per_em);
    let from = f64::from(known.size / em);
    if !(from > 0.0 && from.is_finite()) {
        return None;
    }
    let scale = size / em;
    let units = |value: f32| (f64::from(value) / from).round() as f32 * scale;
    Some(Arc::new(Run {
        face: known.face,
        size,
        link: None,
        level,
        footnote: None,
        glyphs: known
            .glyphs
            .iter()
            .map(|g| Glyph {
                id: g.id,
                advance: units(g.advance),
                x_offset: units(g.x_offset),
                y_offset: units(g.y_offset),
                text: g.text,
            })
            .collect(),
    }))
}

/// Records a word's hyphenation points (the language's map made once, not
/// a key allocated per word).
fn remember_hyphens(hyphens: &mut Hyphens, lang: &str, word: &str, points: &Arc<[usize]>) {
    if !hyphens.contains_key(lang) {
        hyphens.insert(lang.to_owned(), FxHashMap::default());
    }
    if let Some(words) = hyphens.get_mut(lang) {
        words.insert(word.into(), points.clone());
    }
}

/// The glyphs of a shaped word whose every glyph is one character, in
/// order (most words): each glyph's text is its character.
fn units_one_to_one(
    text: &str,
    infos: &[harfrust::GlyphInfo],
    positions: &[harfrust::GlyphPosition],
    glyphs: &mut Vec<UnitGlyph>,
) {
    for (info, position) in infos.iter().zip(positions) {
        let start = info.cluster as usize;
        let length = text[start..].chars().next().map_or(0, char::len_utf8);
        glyphs.push(UnitGlyph {
            id: info.glyph_id as u16,
            advance: position.x_advance,
            x_offset: position.x_offset,
            y_offset: position.y_offset,
            text: GlyphText::new(&text[start..start + length]),
        });
    }
}

/// The glyphs of any shaped word, its clusters cut from `text`.
fn units_by_cluster(
    text: &str,
    infos: &[harfrust::GlyphInfo],
    positions: &[harfrust::GlyphPosition],
    rtl: bool,
    glyphs: &mut Vec<UnitGlyph>,
) {
    // Cluster boundaries in logical order, to cut the cluster texts.
    let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| {
        starts
            .get(starts.partition_point(|&s| s <= start))
            .copied()
            .unwrap_or(text.len())
    };
    let mut index = 0;
    while index < infos.len() {
        // The glyphs of one cluster are contiguous.
        let cluster = infos[index].cluster as usize;
        let count = infos[index..]
            .iter()
            .take_while(|g| g.cluster as usize == cluster)
            .count();
        let cluster_text = &text[cluster..end_of(cluster)];
        let chars = cluster_text.chars().count();
        // The k-th character of the cluster, as text.
        let char_at = |k: usize| {
            cluster_text
                .char_indices()
                .nth(k)
                .map_or("", |(i, c)| &cluster_text[i..i + c.len_utf8()])
        };
        // In a right-to-left run a mark may come before its base.
        let reversed = rtl && count > 1 && positions[index].x_advance == 0;
        for k in 0..count {
            let position = &positions[index + k];
            // ToUnicode has one text per glyph: when a cluster has as
            // many glyphs as characters (a base and its marks), each
            // glyph stands for its own character; otherwise the first
            // glyph carries the whole cluster.
            let glyph_text = if chars == count {
                GlyphText::new(char_at(if reversed { count - 1 - k } else { k }))
            } else if k == 0 {
                GlyphText::new(cluster_text)
            } else {
                GlyphText::default()
            };
            glyphs.push(UnitGlyph {
                id: infos[index + k].glyph_id as u16,
                advance: position.x_advance,
                x_offset: position.x_offset,
                y_offset: position.y_offset,
                text: glyph_text,
            });
        }
        index += count;
    }
}

/// Whether the shaped `infos` are one glyph per character of `text`, in
/// logical order: their clusters strictly increasing, as many as the
/// characters (then each cluster is one character, the glyph's text).
fn one_glyph_per_character(text: &str, infos: &[harfrust::GlyphInfo]) -> bool {
    infos.windows(2).all(|w| w[0].cluster < w[1].cluster) && infos.len() == text.chars().count()
}

impl Drop for Shaper<'_> {
    fn drop(&mut self) {
        if let Some(pool) = self.pool {
            pool.give(std::mem::take(&mut self.cache));
        }
    }
}

impl<'a> Shaper<'a> {
    /// A shaper with a cache of its own, dropped with it.
    pub fn new(fonts: &'a FontBook) -> Self {
        Shaper {
            fonts,
            pool: None,
            cache: ShapingCache::default(),
            hyphenation: None,
            shared: None,
        }
    }

    /// A shaper that starts from a cache of `pool` (what earlier jobs of
    /// the process learned) and gives it back when dropped.
    pub(crate) fn pooled(fonts: &'a FontBook, pool: &'a ShapingCaches) -> Self {
        Shaper {
            fonts,
            pool: Some(pool),
            cache: pool.take(),
            hyphenation: None,
            shared: None,
        }
    }

    /// Another shaper over the same fonts, pool and hyphenation, for a
    /// stretch of the same job on another thread, sharing the words it
    /// works out with the other stretches' shapers through `work`.
    pub(crate) fn sibling(&self, work: &Arc<SharedWork>) -> Shaper<'a> {
        let mut other = match self.pool {
            Some(pool) => Shaper::pooled(self.fonts, pool),
            None => Shaper::new(self.fonts),
        };
        other.hyphenation = self.hyphenation.clone();
        other.shared = Some(work.clone());
        other
    }

    /// Shares `work` with the shapers of other stretches (and with what
    /// was shaped ahead for the job, [`SharedWork::shape_ahead`]).
    pub(crate) fn share(&mut self, work: Arc<SharedWork>) {
        self.shared = Some(work);
    }

    /// The work it shares, or new work to share from now on.
    pub(crate) fn shared_work(&mut self) -> Arc<SharedWork> {
        self.shared.get_or_insert_with(Arc::default).clone()
    }

    /// The set paragraphs its pool keeps, when it keeps them.
    pub(super) fn kept(&self) -> Option<&'a super::kept::KeptParagraphs> {
        self.pool.map(|pool| &pool.kept).filter(|kept| kept.is_on())
    }

    /// The shared fonts.
    pub fn fonts(&self) -> &'a FontBook {
        self.fonts
    }

    /// The face, loaded.
    pub fn face(&self, id: FaceId) -> Result<&'a Arc<LoadedFace>, FontError> {
        self.fonts.face_ref(id)
    }

    /// How many faces the repository adds after the built-in ones.
    pub(crate) fn added_faces(&self) -> usize {
        self.fonts.added_count()
    }

    /// The face chosen for `c` in this style, found once per character.
    #[inline]
    pub(crate) fn face_for(
        &mut self,
        c: char,
        style: u8,
        pick: impl FnOnce(&Self) -> Result<FaceId, super::TypesetError>,
    ) -> Result<FaceId, super::TypesetError> {
        let cached = match low_face_slot(c, style) {
            Some(i) => self.cache.low_faces.get(i).copied().flatten(),
            None => self.cache.faces.get(&(c, style)).copied(),
        };
        match cached {
            Some(face) => Ok(face),
            None => {
                let face = pick(self)?;
                self.remember_face(c, style, face);
                Ok(face)
            }
        }
    }

    fn remember_face(&mut self, c: char, style: u8, face: FaceId) {
        match low_face_slot(c, style) {
            Some(i) => {
                if self.cache.low_faces.is_empty() {
                    self.cache.low_faces = vec![None; 8 << 11];
                }
                self.cache.low_faces[i] = Some(face);
            }
            None => {
                self.cache.faces.insert((c, style), face);
            }
        }
    }

    /// The hyphenation points of `word` in `lang`, computed once per word.
    pub fn hyphens(
        &mut self,
        lang: &str,
        word: &str,
        compute: impl FnOnce(&Self) -> Vec<usize>,
    ) -> Arc<[usize]> {
        if let Some(points) = self.cache.hyphens.get(lang).and_then(|h| h.get(word)) {
            return points.clone();
        }
        let shared = self.shared.as_ref().and_then(|work| {
            let hyphens = work.hyphens.lock().ok()?;
            hyphens.get(lang)?.get(word).cloned()
        });
        let points: Arc<[usize]> = match shared {
            Some(points) => points,
            None => {
                let points: Arc<[usize]> = compute(self).into();
                if let Some(mut hyphens) = self.shared.as_ref().and_then(|w| w.hyphens.lock().ok())
                {
                    remember_hyphens(&mut hyphens, lang, word, &points);
                }
                points
            }
        };
        remember_hyphens(&mut self.cache.hyphens, lang, word, &points);
        points
    }

    /// The run [`Shaper::shape_shared`] gave for character `c` alone, in
    /// style `style` (bold 1, italic 2, Chinese text 4), at bidi `level`
    /// and `size`, if it is known.
    #[inline]
    pub(crate) fn char_run(&self, c: char, style: u8, level: u8, size: f32) -> Option<Arc<Run>> {
        self.cache
            .char_runs
            .get(&(c, style, level, size.to_bits()))
            .cloned()
    }

    /// Keeps `run` as [`Shaper::char_run`]'s for these.
    pub(crate) fn keep_char_run(
        &mut self,
        c: char,
        style: u8,
        level: u8,
        size: f32,
        run: &Arc<Run>,
    ) {
        self.cache.entries += 1;
        self.cache
            .char_runs
            .insert((c, style, level, size.to_bits()), run.clone());
    }

    /// As [`Shaper::shape`], but a run without a link is made once per
    /// face, level, size and text, and shared by every occurrence.
    pub(crate) fn shape_shared(
        &mut self,
        face_id: FaceId,
        text: &str,
        size: f32,
        link: Option<&String>,
        level: u8,
    ) -> Result<Arc<Run>, FontError> {
        if link.is_some() {
            return Ok(Arc::new(self.shape(
                face_id,
                text,
                size,
                link.cloned(),
                level,
            )?));
        }
        let key = (face_id, level, size.to_bits());
        if let Some(run) = self.cache.runs.get(&key).and_then(|m| m.get(text)) {
            return Ok(run.clone());
        }
        let run = self.shaped(face_id, text, size, level)?;
        self.cache.entries += 1;
        self.cache
            .runs
            .entry(key)
            .or_default()
            .insert(text.into(), run.clone());
        Ok(run)
    }

    /// Shapes `text`, all of which `face` covers, at `size` points, in the
    /// direction of bidi `level`.
    pub fn shape(
        &mut self,
        face_id: FaceId,
        text: &str,
        size: f32,
        link: Option<String>,
        level: u8,
    ) -> Result<Run, FontError> {
        let run = self.shaped(face_id, text, size, level)?;
        Ok(Run {
            link,
            ..Run::clone(&run)
        })
    }

    /// The run of `text` without a link: set from its letters when it can
    /// be (letters.rs: that costs less than keeping the word), else the
    /// word's known run when it was shaped at this size and level, else
    /// one worked out from it or shaped now (and then known to this
    /// shaper and its siblings).
    fn shaped(
        &mut self,
        face_id: FaceId,
        text: &str,
        size: f32,
        level: u8,
    ) -> Result<Arc<Run>, FontError> {
        let face = self.fonts.face_ref(face_id)?;
        let key = (face_id, level % 2 == 1);
        let script = script_of(text);
        if !key.1 && face.kerns_pairs_only {
            if let Some(units) = self.set_from_letters(face, text, script) {
                return Ok(Arc::new(run_of(face, &units, size, level)));
            }
        }
        let own = self.cache.words.get(&key).and_then(|w| w.get(text));
        if let Some(run) = own.and_then(|known| at_size(known, face, size, level)) {
            return Ok(run);
        }
        let shared = self.shared_word(key, text);
        if let Some(run) = shared.and_then(|known| at_size(&known, face, size, level)) {
            self.cache.entries += 1;
            remember_word(&mut self.cache.words, key, text, &run);
            return Ok(run);
        }
        let units = self.harfrust_units(face, text, script, key.1);
        let run = Arc::new(run_of(face, &units, size, level));
        if let Some(mut words) = self.shared.as_ref().and_then(|w| w.words.lock().ok()) {
            remember_word(&mut words, key, text, &run);
        }
        self.cache.entries += 1;
        remember_word(&mut self.cache.words, key, text, &run);
        Ok(run)
    }

    /// A word another stretch's shaper has shaped, if any.
    fn shared_word(&self, key: (FaceId, bool), text: &str) -> Option<Arc<Run>> {
        let words = self.shared.as_ref()?.words.lock().ok()?;
        words.get(&key)?.get(text).cloned()
    }

    /// `text` set from its letters (letters.rs): each one's glyph, its
    /// advance changed by the kerning with the next; `None` when a letter
    /// is not plain or the face's kerning for the script cannot be read,
    /// for harfrust to shape the word.
    fn set_from_letters(
        &mut self,
        face: &LoadedFace,
        text: &str,
        script: Script,
    ) -> Option<Vec<UnitGlyph>> {
        // The OpenType tags of these scripts are their ISO 15924 codes in
        // lower case (`Latn`, `latn`).
        let tag = script.tag().to_be_bytes().map(|b| b.to_ascii_lowercase());
        let slot = super::letters::SCRIPTS.iter().position(|s| *s == tag)?;
        let kerning = face.kerning[slot]
            .get_or_init(|| super::letters::kerning(face.bytes.as_ref().as_ref(), tag))
            .as_ref()?;
        let mut glyphs: Vec<UnitGlyph> = Vec::with_capacity(text.len());
        for c in text.chars() {
            if !super::letters::plain(c) {
                return None;
            }
            let (id, advance) = self.letter(face, tag, script, c)?;
            if let Some(before) = glyphs.last_mut() {
                before.advance += kerning.get(before.id, id);
            }
            glyphs.push(UnitGlyph {
                id,
                advance,
                x_offset: 0,
                y_offset: 0,
                text: GlyphText::of_char(c),
            });
        }
        Some(glyphs)
    }

    /// Letter `c` shaped alone: its glyph and advance, if it is one glyph
    /// at rest.
    fn letter(
        &mut self,
        face: &LoadedFace,
        tag: [u8; 4],
        script: Script,
        c: char,
    ) -> super::letters::Letter {
        if let Some(known) = self.cache.letters.get(&(face.id, tag, c)) {
            return *known;
        }
        let known = face
            .letters
            .lock()
            .ok()
            .and_then(|l| l.get(&(tag, c)).copied());
        let letter = known.unwrap_or_else(|| {
            let mut text = [0; 4];
            let shaped = self.harfrust_units(face, c.encode_utf8(&mut text), script, false);
            let letter = match shaped.as_slice() {
                [g] if g.x_offset == 0 && g.y_offset == 0 => Some((g.id, g.advance)),
                _ => None,
            };
            if let Ok(mut letters) = face.letters.lock() {
                letters.insert((tag, c), letter);
            }
            letter
        });
        self.cache.entries += 1;
        self.cache.letters.insert((face.id, tag, c), letter);
        letter
    }

    /// `text` shaped by harfrust.
    fn harfrust_units(
        &mut self,
        face: &LoadedFace,
        text: &str,
        script: Script,
        rtl: bool,
    ) -> Vec<UnitGlyph> {
        let direction = if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        let plan = self
            .cache
            .plans
            .entry((face.id, script.tag().to_be_bytes(), rtl))
            .or_insert_with(|| {
                Arc::new(ShapePlan::new(
                    &face.font,
                    direction,
                    Some(script),
                    None,
                    &[],
                ))
            })
            .clone();
        let mut buffer = self.cache.buffer.take().unwrap_or_default();
        buffer.clear();
        for (i, c) in text.char_indices() {
            buffer.push(c as u32, i as u32);
        }
        buffer.set_direction(direction);
        buffer.set_script(Some(script));
        let shaper = ShaperFont::new(&face.font);
        let mut glyphs = Vec::new();
        // The buffer was cleared and its properties match the plan, the two
        // conditions under which shaping fails.
        if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(&plan))).is_ok() {
            let infos = buffer.glyph_infos();
            let positions = buffer.glyph_positions();
            glyphs.reserve_exact(infos.len());
            if one_glyph_per_character(text, infos) {
                units_one_to_one(text, infos, positions, &mut glyphs);
            } else {
                units_by_cluster(text, infos, positions, rtl, &mut glyphs);
            }
        }
        self.cache.buffer = Some(buffer);
        glyphs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> FontBook {
        FontBook::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"))
    }

    /// Words set from their letters (letters.rs) are what harfrust makes
    /// of them, in each built-in Latin face: every word of the
    /// repository's documents in English, French, Spanish and Russian,
    /// random words of plain letters, and every plain letter between two
    /// letters the faces kern (a letter a face treated as a mark would
    /// let them kern across it). And most words are set so.
    #[test]
    fn words_set_from_letters_are_what_harfrust_makes_of_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut words = std::collections::BTreeSet::new();
        for document in std::fs::read_dir(root.join("documents")).unwrap() {
            for lang in ["en", "fr", "es", "ru"] {
                let path = document
                    .as_ref()
                    .unwrap()
                    .path()
                    .join(format!("{lang}.yaml"));
                if let Ok(text) = std::fs::read_to_string(path) {
                    words.extend(text.split_whitespace().map(str::to_owned));
                }
            }
        }
        let from_documents = words.len();
        assert!(from_documents > 5_000, "{from_documents}");
        let plain: Vec<char> = (0..0x2200u32)
            .filter_map(char::from_u32)
            .filter(|&c| super::super::letters::plain(c))
            .collect();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        for _ in 0..4_000 {
            let length = 1 + next(8);
            words.insert((0..length).map(|_| plain[next(plain.len())]).collect());
        }
        for &c in &plain {
            for (a, b) in [
                ('A', 'V'),
                ('T', 'o'),
                ('V', 'a'),
                ('L', 'T'),
                ('P', '.'),
                ('Г', 'а'),
                ('Τ', 'ο'),
            ] {
                words.insert(format!("{a}{c}{b}"));
            }
        }
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts);
        for id in [
            FaceId::SerifRegular,
            FaceId::SerifBold,
            FaceId::SerifItalic,
            FaceId::SerifBoldItalic,
        ] {
            let face = fonts.face_ref(id).unwrap().clone();
            assert!(face.kerns_pairs_only, "{id:?}");
            let mut set = 0;
            for word in &words {
                let script = script_of(word);
                if let Some(glyphs) = shaper.set_from_letters(&face, word, script) {
                    set += 1;
                    let shaped = shaper.harfrust_units(&face, word, script, false);
                    assert_eq!(glyphs, shaped, "{word:?} in {id:?}");
                }
            }
            assert!(
                set > words.len() * 9 / 10,
                "{id:?}: {set} of {}",
                words.len()
            );
        }
    }

    /// A character's glyph text is the one `GlyphText::new` makes of it.
    #[test]
    fn a_characters_glyph_text_is_its_text() {
        for c in ['a', 'é', 'Ж', '’', '中', '😀', '\u{202F}'] {
            let mut text = [0; 4];
            let text = c.encode_utf8(&mut text);
            assert!(GlyphText::of_char(c) == GlyphText::new(text), "{c:?}");
            assert_eq!(GlyphText::of_char(c).as_str(), text);
        }
    }

    /// The Arabic and Chinese faces are not set from letters.
    #[test]
    fn only_faces_read_are_set_from_letters() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts);
        for id in [FaceId::NaskhRegular, FaceId::CjkRegular] {
            let face = fonts.face_ref(id).unwrap().clone();
            assert!(!face.kerns_pairs_only, "{id:?}");
            let run = shaper.shape(id, "Rome", 10.0, None, 0).unwrap();
            assert_eq!(run.glyphs.len(), 4);
        }
    }

    fn text(run: &Run) -> Vec<String> {
        run.glyphs
            .iter()
            .map(|g| g.text.as_str().to_owned())
            .collect()
    }

    /// Where every glyph of a word is one character, the short way to its
    /// glyphs gives what cutting its clusters gives; and the short way is
    /// taken for ordinary words, and not where a ligature or a mark joins
    /// characters.
    #[test]
    fn one_glyph_a_character_is_what_cutting_clusters_gives() {
        let fonts = fonts();
        let words: &[(FaceId, &str, bool)] = &[
            (FaceId::SerifRegular, "office", false),
            (FaceId::SerifRegular, "Assembly", false),
            (FaceId::SerifRegular, "Secretary-General", false),
            (FaceId::SerifRegular, "l’Assemblée", false),
            (FaceId::SerifRegular, "AVAWAY", false),
            (FaceId::SerifRegular, "e\u{301}te\u{301}", false),
            (FaceId::SerifRegular, "Генеральной", false),
            (FaceId::SerifBold, "Naciones", false),
            (FaceId::NaskhRegular, "بشأن", true),
            (FaceId::NaskhRegular, "ب", true),
            (FaceId::NaskhRegular, "الأمم", true),
            (FaceId::CjkRegular, "联合国大会", false),
        ];
        let mut fast = 0;
        for &(face_id, text, rtl) in words {
            let face = fonts.face_ref(face_id).unwrap();
            let mut buffer = Buffer::new();
            for (i, c) in text.char_indices() {
                buffer.push(c as u32, i as u32);
            }
            let direction = if rtl {
                Direction::RightToLeft
            } else {
                Direction::LeftToRight
            };
            buffer.set_direction(direction);
            buffer.set_script(Some(script_of(text)));
            let plan = ShapePlan::new(&face.font, direction, Some(script_of(text)), None, &[]);
            let shaper = ShaperFont::new(&face.font);
            harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(&plan))).unwrap();
            let (infos, positions) = (buffer.glyph_infos(), buffer.glyph_positions());
            let mut by_cluster = Vec::new();
            units_by_cluster(text, infos, positions, rtl, &mut by_cluster);
            if one_glyph_per_character(text, infos) {
                fast += 1;
                let mut one_to_one = Vec::new();
                units_one_to_one(text, infos, positions, &mut one_to_one);
                assert_eq!(one_to_one, by_cluster, "{text}");
            }
            let whole: String = if rtl {
                by_cluster.iter().rev().map(|g| g.text.as_str()).collect()
            } else {
                by_cluster.iter().map(|g| g.text.as_str()).collect()
            };
            assert_eq!(whole, text);
        }
        // Not "office" (its ligature), the decomposed accents, the joined
        // Arabic words; the others.
        assert!((6..words.len()).contains(&fast), "{fast}");
    }

    #[test]
    fn a_glyph_text_gives_back_its_text_inline_or_long() {
        // 13 bytes, the longest inline; 14 and more go to the long table.
        let inline = "abcdefghijklm";
        let long = "\u{0628}\u{0651}\u{064E}\u{0652}\u{0670}\u{0654}\u{0655}";
        let longer = format!("{long}x");
        assert!(long.len() > INLINE);
        for text in ["", "a", "\u{4E2D}", inline, long, &longer] {
            assert_eq!(GlyphText::new(text).as_str(), text);
        }
        // The same long cluster twice is the same glyph text; another is not.
        assert_eq!(GlyphText::new(long), GlyphText::new(long));
        assert_ne!(GlyphText::new(long), GlyphText::new(&longer));
        assert_ne!(GlyphText::new(long), GlyphText::new("\u{0628}"));
        assert!(GlyphText::kashida().is_kashida());
        assert!(!GlyphText::new(long).is_kashida());
    }

    #[test]
    fn a_ligature_keeps_the_text_of_its_letters() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts);
        let run = shaper
            .shape(FaceId::SerifRegular, "office", 10.0, None, 0)
            .unwrap();
        // Whatever the font joins ("ffi"), the glyphs give back the word,
        // each letter once, in order.
        assert_eq!(text(&run).concat(), "office");
        assert!(run.glyphs.len() <= 6);
        assert!(run.width() > 20.0 && run.width() < 35.0, "{}", run.width());
        // Twice the size, twice the width.
        let big = shaper
            .shape(FaceId::SerifRegular, "office", 20.0, None, 0)
            .unwrap();
        assert!((big.width() - 2.0 * run.width()).abs() < 0.01);
    }

    #[test]
    fn right_to_left_glyphs_come_in_visual_order() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts);
        let run = shaper
            .shape(FaceId::NaskhRegular, "بشأن", 12.0, None, 1)
            .unwrap();
        assert!(run.is_rtl());
        // Visual order: the word's last letter is drawn first.
        let texts = text(&run);
        assert!(texts.first().is_some_and(|t| t.contains('ن')), "{texts:?}");
        assert!(texts.last().is_some_and(|t| t.contains('ب')), "{texts:?}");
        // Joined forms, not the isolated letters a missing shaper gives.
        let isolated: f32 = "بشأن"
            .chars()
            .map(|c| {
                shaper
                    .shape(FaceId::NaskhRegular, &c.to_string(), 12.0, None, 1)
                    .unwrap()
                    .width()
            })
            .sum();
        assert!(run.width() < isolated, "{} < {isolated}", run.width());
    }

    #[test]
    fn a_run_without_a_link_is_shaped_once_and_shared() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts);
        let a = shaper
            .shape_shared(FaceId::SerifRegular, "Assembly", 10.0, None, 0)
            .unwrap();
        let b = shaper
            .shape_shared(FaceId::SerifRegular, "Assembly", 10.0, None, 0)
            .unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        // Another size or level is another run; a link makes its own.
        let c = shaper
            .shape_shared(FaceId::SerifRegular, "Assembly", 12.0, None, 0)
            .unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        let link = "annex-1".to_owned();
        let d = shaper
            .shape_shared(FaceId::SerifRegular, "Assembly", 10.0, Some(&link), 0)
            .unwrap();
        assert!(!Arc::ptr_eq(&a, &d));
        assert_eq!(d.link.as_deref(), Some("annex-1"));
        assert_eq!(d.glyphs, a.glyphs);
    }

    #[test]
    fn a_word_known_at_one_size_gives_the_glyphs_shaping_gives_at_another() {
        let fonts = fonts();
        let words: &[(FaceId, &str, u8)] = &[
            (FaceId::SerifRegular, "office", 0),
            (FaceId::SerifRegular, "Assembly’s", 2),
            (FaceId::SerifBold, "WAVE", 0),
            (FaceId::NaskhRegular, "بشأن", 1),
            (FaceId::NaskhRegular, "الجمعية", 3),
            (FaceId::SerifRegular, "Организация", 0),
        ];
        // Sizes of the house (notes, indicators, headings) and odd ones.
        let sizes = [10.0, 5.8, 9.0, 12.0, 14.0, 20.0, 7.3, 0.1, 63.7];
        for &(face, text, level) in words {
            for &first in &sizes {
                let mut known = Shaper::new(&fonts);
                known.shape_shared(face, text, first, None, level).unwrap();
                for &size in &sizes {
                    // The same direction at another level, and the level itself.
                    for level in [level, level + 2] {
                        let derived = known.shape_shared(face, text, size, None, level).unwrap();
                        let fresh = Shaper::new(&fonts)
                            .shape(face, text, size, None, level)
                            .unwrap();
                        assert_eq!(derived.glyphs, fresh.glyphs, "{text} {first} → {size}");
                        assert_eq!((derived.size, derived.level), (size, level));
                        for (a, b) in derived.glyphs.iter().zip(&fresh.glyphs) {
                            assert_eq!(a.advance.to_bits(), b.advance.to_bits());
                            assert_eq!(a.x_offset.to_bits(), b.x_offset.to_bits());
                            assert_eq!(a.y_offset.to_bits(), b.y_offset.to_bits());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_glyph_count_of_units_comes_back_from_any_scale() {
        // What `at_size` relies on, for every count a face can give.
        for em in [1000.0f32, 2048.0, 256.0] {
            for size in [0.1f32, 5.8, 9.0, 10.0, 63.7] {
                let scale = size / em;
                for units in -70_000i32..70_000 {
                    let value = units as f32 * scale;
                    let back = (f64::from(value) / f64::from(scale)).round();
                    assert_eq!(back, f64::from(units), "{units} at {size}/{em}");
                }
            }
        }
    }

    #[test]
    fn hyphenation_points_are_computed_once_per_word_and_language() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts);
        let mut calls = 0;
        for _ in 0..3 {
            let points = shaper.hyphens("en", "organization", |_| {
                calls += 1;
                vec![3, 5]
            });
            assert_eq!(&*points, &[3, 5]);
        }
        assert_eq!(calls, 1);
        shaper.hyphens("fr", "organization", |_| {
            calls += 1;
            Vec::new()
        });
        assert_eq!(calls, 2);
    }
}
