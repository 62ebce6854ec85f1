//! Setup: the fonts a document draws, each subset to its glyphs.
//!
//! A face used in right-to-left runs is embedded a second time: there a
//! mirrored glyph stands for the opposite parenthesis, and ToUnicode holds
//! one text per glyph per font (see README, fonts). Each font is subset
//! once per document to the glyphs it draws (renumbered from 1; 0 is
//! .notdef), never the whole 15 MB Chinese face; `fonts.rs` writes the
//! dictionaries.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::kashida::{with_composites, Composite, Lengthening, Lengthenings};
use super::PdfError;
use crate::kept::Kept;
use crate::paginate::{Mark, PagedDocument};
use crate::typeset::{FaceId, FontBook, Glyph, LoadedFace, Run};

/// A font of the document: a face, or its copy for right-to-left runs.
/// Per-font data lives in arrays indexed by [`FontSlot::index`], not in
/// maps, as it is looked up for every run of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FontSlot {
    pub face: FaceId,
    pub rtl: bool,
}

impl FontSlot {
    /// How many fonts a document can use.
    pub(crate) const COUNT: usize = 2 * FaceId::ALL.len();

    /// The font a run is drawn in.
    pub fn of(run: &Run) -> FontSlot {
        FontSlot {
            face: run.face,
            rtl: run.is_rtl(),
        }
    }

    /// Where the font is in the per-font arrays; index order is the
    /// order of (face, right-to-left copy).
    pub fn index(self) -> usize {
        2 * self.face as usize + usize::from(self.rtl)
    }
}

/// A subset font: its resource name, program, and the code and width of
/// each glyph the content stream draws.
pub(crate) struct Subset {
    pub slot: FontSlot,
    /// The resource name, which is also the subset tag (six capitals,
    /// from the face's hash; rotated for the right-to-left copy).
    pub tag: String,
    /// The font program: the subset, as TrueType bytes with a `cmap`,
    /// once cut ([`Subset::program`]). Cut inside the cell: a thread that
    /// asks while another cuts waits for that cut.
    program: std::sync::OnceLock<Result<Vec<u8>, PdfError>>,
    /// The program compressed ahead of the pages ([`Ahead`]), until a
    /// PDF takes it.
    compressed: std::sync::Mutex<Compressed>,
    /// How to cut the program, when it is not cut yet: the codes and
    /// widths do not wait for it, so the pages are written while the
    /// subsetter works (pdf/mod.rs).
    recipe: Option<Recipe>,
    /// The whole face the subset was made from, for its metrics and name.
    pub face: Arc<LoadedFace>,
    /// Subset code by original glyph id (0: not in the subset).
    codes: Vec<u16>,
    /// The width of each code in `/W`: the font's advance in 1/1000 em to
    /// three decimals, so the viewer's pen follows the shaped advances and
    /// a line's glyphs need no kerns but real ones.
    pub widths: Vec<f32>,
    /// The code of each letter lengthened by kashida, drawn with its
    /// tatweels as one glyph (kashida.rs).
    lengthened: FxHashMap<Lengthening, u16>,
    /// Code 32 is the face's space, in one byte: `Tw` then sets the
    /// spaces of a justified line wider, with no adjustment after each.
    pub space_at_32: bool,
    /// The code of the face's own space in a right-to-left font: the
    /// spaces of an Arabic line, shaped in the Latin face, are drawn with
    /// it, with no change of font between words (page.rs).
    pub own_space: Option<u16>,
}

/// A subset's program compressed ahead: not yet, done, or taken by a PDF
/// (a subset kept for later renders is compressed again for each).
#[derive(Default)]
enum Compressed {
    #[default]
    Pending,
    Ready(Option<Vec<u8>>),
    Taken,
}

/// What cutting a subset's program takes beyond its face.
#[derive(Clone)]
struct Recipe {
    remapper: subsetter::GlyphRemapper,
    /// The subset's `cmap`: each character drawn by a glyph of its own.
    cmap: BTreeMap<char, u16>,
}

impl Subset {
    /// The font program, cut on first use (the subsetter's work, a few
    /// milliseconds for a Chinese document's thousand glyphs).
    pub fn program(&self) -> Result<&[u8], PdfError> {
        self.program
            .get_or_init(|| {
                let recipe = self
                    .recipe
                    .as_ref()
                    .ok_or(PdfError::FontTables(self.slot.face))?;
                cut_program(self.slot, &self.face, &recipe.remapper, &recipe.cmap)
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    /// Compresses the program (cut first if it is not), for
    /// [`Subset::take_program`] to take.
    fn compress_ahead(&self) {
        let Ok(mut compressed) = self.compressed.lock() else {
            return;
        };
        if matches!(*compressed, Compressed::Pending) {
            if let Ok(program) = self.program() {
                *compressed = Compressed::Ready(super::save::worth_compressing(program));
            }
        }
    }

    /// The program's length (`/Length1`) and its bytes compressed when
    /// that pays: those compressed ahead when they were, else compressed
    /// now. A thread still compressing ahead is waited for, not redone.
    pub fn take_program(&self) -> Result<(usize, Option<Vec<u8>>), PdfError> {
        let program = self.program()?;
        let mut compressed = self
            .compressed
            .lock()
            .map_err(|_| PdfError::FontTables(self.slot.face))?;
        let taken = match std::mem::replace(&mut *compressed, Compressed::Taken) {
            Compressed::Ready(bytes) => bytes,
            Compressed::Pending | Compressed::Taken => super::save::worth_compressing(program),
        };
        Ok((program.len(), taken))
    }

    /// Its codes are one byte each: it has at most 256 (a Latin or
    /// Cyrillic face's subset for a document mostly has), and its
    /// encoding is then a one-byte CMap (fonts.rs), which halves the
    /// bytes of every string of its glyphs in the content streams.
    pub fn one_byte(&self) -> bool {
        self.widths.len() <= 256
    }

    /// The glyph's code.
    pub fn code(&self, glyph: &Glyph) -> u16 {
        self.codes.get(usize::from(glyph.id)).copied().unwrap_or(0)
    }

    /// The code of letter `k` of `glyphs` drawn with the tatweels after
    /// it as one glyph, and how many glyphs that takes; `None` for a glyph
    /// drawn on its own.
    #[inline]
    pub fn lengthened(&self, glyphs: &[Glyph], k: usize) -> Option<(u16, usize)> {
        let (tatweel, count) = tatweels_after(glyphs, k)?;
        let code = self.lengthened.get(&(glyphs[k].id, tatweel, count))?;
        Some((*code, 1 + usize::from(count)))
    }
}

/// The document's subset fonts, by slot.
pub(crate) struct Subsets(Vec<Option<Arc<Subset>>>);

impl Subsets {
    /// The subset of a font the document draws.
    pub fn get(&self, slot: FontSlot) -> Option<&Subset> {
        self.0[slot.index()].as_deref()
    }

    /// The subsets in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &Subset> {
        self.0.iter().flatten().map(|s| &**s)
    }
}

/// The fonts' subsets made from the typeset body and, once it has flowed
/// into pages, the furniture for that page count, their programs cut and
/// compressed, on the other core while the pages are finished and
/// written ([`Ahead::read_body`], [`Ahead::prepare`], pipeline.rs).
/// In slot order after the pages, the regular Chinese program (its cut
/// and its compression, a third of an 8-page Chinese report's PDF stage)
/// had ended the stage 0.3 to 0.9 ms after the pages, one core idle; and
/// in a Latin report the programs took the other core for most of the
/// pages' time (fr: 0.8 ms of programs beside 1.3 ms of pages).
///
/// [`subset_fonts`] takes a subset made ahead only when the pages draw
/// exactly the glyphs it was made for, with the same character of each:
/// the subset is then the one it would make, so the file is the same
/// whether the work ahead was ready, used or thrown away. Where the
/// glyphs differ (pagination drew what neither has, or the contents'
/// "(continued)" heading was guessed wrong), the subset is made afresh
/// as without this.
pub struct Ahead {
    /// The typeset body, until its glyphs are read.
    body: std::sync::Mutex<Option<Arc<Vec<crate::typeset::SetBlock>>>>,
    /// The height of a page's text block.
    page_body: f32,
    /// The body's glyphs by slot, read once by whichever side comes first,
    /// until the furniture's are added to them.
    in_body: std::sync::OnceLock<std::sync::Mutex<Option<Vec<Option<UsedGlyphs>>>>>,
    /// The glyphs of each face, as soon as they are read.
    cuts: std::sync::OnceLock<Vec<Cut>>,
    /// Set once the PDF stage has looked: work not yet begun is not.
    closed: std::sync::atomic::AtomicBool,
}

/// Closes an [`Ahead`] when dropped ([`Ahead::closing`]).
pub struct Closing<'a>(&'a Ahead);

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// A subset made ahead, with the glyphs and characters it is made for.
struct Cut {
    slot: FontSlot,
    bits: Vec<u64>,
    chars: BTreeMap<char, u16>,
    /// What the subset is made of, until it is.
    used: std::sync::Mutex<Option<UsedGlyphs>>,
    /// Made by whichever side comes first; the other waits for it.
    subset: std::sync::OnceLock<Result<Arc<Subset>, PdfError>>,
    /// Taken by the PDF stage: its program is wanted, whatever is closed.
    wanted: std::sync::atomic::AtomicBool,
}

impl Cut {
    /// The subset, made now unless it is made or being made.
    fn made(&self, fonts: &FontBook) -> Result<Arc<Subset>, PdfError> {
        let made = self.subset.get_or_init(|| {
            let used = self.used.lock().ok().and_then(|mut u| u.take());
            let used = used.ok_or(PdfError::FontTables(self.slot.face))?;
            kept_or_subset(self.slot, used, fonts)
        });
        made.clone()
    }
}

impl Ahead {
    /// The work ahead of the PDF stage for `body`, on pages whose text
    /// block is `page_body` high.
    pub fn new(body: Arc<Vec<crate::typeset::SetBlock>>, page_body: f32) -> Ahead {
        Ahead {
            body: std::sync::Mutex::new(Some(body)),
            page_body,
            in_body: std::sync::OnceLock::new(),
            cuts: std::sync::OnceLock::new(),
            closed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// No work ahead: the PDF stage makes every subset.
    pub fn none() -> Ahead {
        let ahead = Ahead::new(Arc::default(), 0.0);
        ahead.close();
        ahead
    }

    /// Reads the body's glyphs, unless they are read or being read, and
    /// lets the body go (pipeline.rs frees it early).
    pub fn read_body(&self) {
        if !self.closed.load(std::sync::atomic::Ordering::SeqCst) {
            self.body_glyphs();
        }
    }

    /// The body's glyphs, read now unless read or being read (then
    /// waited for); None once the furniture's are added to them, or when
    /// the body was let go unread.
    fn body_glyphs(&self) -> &std::sync::Mutex<Option<Vec<Option<UsedGlyphs>>>> {
        self.in_body.get_or_init(|| {
            let body = self.body.lock().ok().and_then(|mut b| b.take());
            std::sync::Mutex::new(body.map(|body| glyphs_read_ahead(&body, self.page_body)))
        })
    }

    /// Makes the subsets of the fonts the `furniture` (the runs of page
    /// 1's masthead and footer and of the running header and footer, once
    /// the page count is known) and the body draw, then cuts and
    /// compresses their programs, stopping where the PDF stage has passed.
    pub fn prepare(&self, furniture: &[Arc<Run>], fonts: &FontBook) {
        use std::sync::atomic::Ordering::SeqCst;
        if self.closed.load(SeqCst) {
            return;
        }
        let in_body = self.body_glyphs().lock().ok().and_then(|mut g| g.take());
        let Some(in_body) = in_body else {
            return;
        };
        // The furniture first, as page 1 draws its masthead first.
        let mut used = glyphs_of(furniture);
        merge_by_slot(&mut used, in_body);
        // The glyphs are told first, then each subset made: the PDF stage
        // takes (or waits for) one being made, and makes one not begun.
        let cuts: Vec<Cut> = all_slots()
            .zip(used)
            .filter_map(|(slot, used)| {
                let used = used.filter(|u| u.lengthened.0.is_empty())?;
                Some(Cut {
                    slot,
                    bits: used.bits.clone(),
                    chars: used.chars.clone(),
                    used: std::sync::Mutex::new(Some(used)),
                    subset: std::sync::OnceLock::new(),
                    wanted: std::sync::atomic::AtomicBool::new(false),
                })
            })
            .collect();
        if self.closed.load(SeqCst) || self.cuts.set(cuts).is_err() {
            return;
        }
        let cuts = self.cuts.get().map_or(&[][..], Vec::as_slice);
        let wanted = |cut: &Cut| !self.closed.load(SeqCst) || cut.wanted.load(SeqCst);
        for cut in cuts {
            if wanted(cut) {
                let _ = cut.made(fonts);
            }
        }
        // The programs largest first: a Chinese one takes longest, and
        // the pages come to it last.
        let mut largest_first: Vec<&Cut> = cuts.iter().collect();
        largest_first.sort_by_key(|cut| {
            std::cmp::Reverse(cut.bits.iter().map(|w| w.count_ones()).sum::<u32>())
        });
        for cut in largest_first {
            if wanted(cut) {
                if let Ok(subset) = cut.made(fonts) {
                    if subset.program().is_ok() && wanted(cut) {
                        subset.compress_ahead();
                    }
                }
            }
        }
    }

    /// Closes the work ahead unused (the pages could not be laid out).
    pub fn close(&self) {
        self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        // A body not read yet is let go.
        drop(self.body.lock().ok().and_then(|mut b| b.take()));
    }

    /// Closes the work ahead when dropped: however the side that flows
    /// the body ends, by an error or a panic too, what is not begun is
    /// not done.
    pub fn closing(&self) -> Closing<'_> {
        Closing(self)
    }

    /// How many subsets made ahead the PDF stage took.
    #[cfg(test)]
    pub(crate) fn taken(&self) -> usize {
        let cuts = self.cuts.get().map_or(&[][..], Vec::as_slice);
        cuts.iter()
            .filter(|cut| cut.wanted.load(std::sync::atomic::Ordering::SeqCst))
            .count()
    }

    /// The subsets read ahead for the glyphs the pages draw (`used`, by
    /// slot), by slot, to be made by [`Cut::made`] unless made already.
    /// Closes the work ahead: what is not begun is not done unless taken.
    fn take(&self, used: &[Option<UsedGlyphs>]) -> Vec<Option<&Cut>> {
        use std::sync::atomic::Ordering::SeqCst;
        self.close();
        let cuts = self.cuts.get().map_or(&[][..], Vec::as_slice);
        all_slots()
            .zip(used)
            .map(|(slot, used)| {
                let used = used.as_ref()?;
                let cut = cuts.iter().find(|cut| cut.slot == slot)?;
                let same = cut.bits == used.bits
                    && cut.chars == used.chars
                    && used.lengthened.0.is_empty();
                cut.wanted.store(same, SeqCst);
                same.then_some(cut)
            })
            .collect()
    }
}

/// The glyphs of `body` by slot, as the work ahead reads them: each
/// shared word run once, and the contents' "(continued)" heading only
/// where the contents may run past a page.
fn glyphs_read_ahead(body: &[crate::typeset::SetBlock], page_body: f32) -> Vec<Option<UsedGlyphs>> {
    use crate::layout::Style;
    use crate::typeset::SetBlock;
    // The contents' "(continued)" heading is set ahead for pages the
    // contents may run onto, and drawn only when they do: read only when
    // they are taller than half a page's text block. Where that guess is
    // wrong the pages' glyphs differ, and those subsets are made afresh,
    // as any are whose glyphs differ.
    let contents: f32 = body
        .iter()
        .filter_map(|block| match block {
            SetBlock::Paragraph(p)
                if matches!(
                    p.style,
                    Style::ContentsTitle | Style::ContentsHead | Style::ContentsEntry
                ) =>
            {
                Some(
                    p.space_before + p.space_after + p.lines.iter().map(|l| l.leading).sum::<f32>(),
                )
            }
            _ => None,
        })
        .sum();
    let continued = contents > page_body / 2.0;
    let lines = body.iter().flat_map(|block| match block {
        SetBlock::Paragraph(p) if p.style == Style::ContentsContinued && !continued => Vec::new(),
        SetBlock::Paragraph(p) => p.lines.iter().collect::<Vec<_>>(),
        SetBlock::Table(t) => t
            .header
            .iter()
            .chain(&t.rows)
            .flat_map(|r| &r.lines)
            .collect(),
        SetBlock::PageBreak | SetBlock::EndRule => Vec::new(),
    });
    glyphs_of(lines.flat_map(|line| line.runs.iter().map(|(_, run)| run)))
}

/// Subsets every font the document draws to the glyphs it draws; a
/// subset made ahead for the same glyphs is taken ([`Ahead`]).
pub(crate) fn subset_fonts(
    document: &PagedDocument,
    fonts: &FontBook,
    ahead: &Ahead,
) -> Result<Subsets, PdfError> {
    // The two halves of the pages on two threads, the second's merged
    // after the first's: what is first in the document stays first.
    let half = document.pages.len().div_ceil(2);
    let (mut used, later) = rayon::join(
        || used_glyphs(&document.pages[..half]),
        || used_glyphs(&document.pages[half..]),
    );
    merge_by_slot(&mut used, later);
    // Each font is cut on a thread of its own (a document draws two to
    // four), in slot order whatever the thread count.
    let taken = ahead.take(&used);
    let subsets: Vec<Option<Arc<Subset>>> = all_slots()
        .zip(used)
        .zip(taken)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|((slot, used), taken)| match taken {
            Some(cut) => cut.made(fonts).map(Some),
            None => used
                .map(|used| kept_or_subset(slot, used, fonts))
                .transpose(),
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<_, _>>()?;
    Ok(Subsets(subsets))
}

/// The glyphs `pages` draw, by font slot.
fn used_glyphs(pages: &[crate::paginate::Page]) -> Vec<Option<UsedGlyphs>> {
    glyphs_of(
        pages
            .iter()
            .flat_map(|p| &p.marks)
            .filter_map(|mark| match mark {
                Mark::Text { run, .. } => Some(run),
                _ => None,
            }),
    )
}

/// The glyphs of `runs`, by font slot. A word's run is shared by all its
/// occurrences: its glyphs are counted once (adding them again would
/// change nothing).
fn glyphs_of<'r>(runs: impl IntoIterator<Item = &'r Arc<Run>>) -> Vec<Option<UsedGlyphs>> {
    let mut used: Vec<Option<UsedGlyphs>> = (0..FontSlot::COUNT).map(|_| None).collect();
    let mut seen: FxHashSet<*const Run> = FxHashSet::default();
    for run in runs {
        if seen.insert(Arc::as_ptr(run)) {
            let entry = used[FontSlot::of(run).index()].get_or_insert_with(UsedGlyphs::default);
            entry.add_run(run);
        }
    }
    used
}

/// Adds the glyphs of `later`, slot by slot, after those of `used`: what
/// is first stays first.
fn merge_by_slot(used: &mut [Option<UsedGlyphs>], later: Vec<Option<UsedGlyphs>>) {
    for (used, later) in used.iter_mut().zip(later) {
        match (used.as_mut(), later) {
            (Some(used), Some(later)) => used.merge(later),
            (None, later) => *used = later,
            (Some(_), None) => {}
        }
    }
}

/// Font subsets kept between renders ([`crate::kept`]), by a hash of the
/// face and the glyphs, characters and lengthenings they were cut for.
pub(super) static KEPT_SUBSETS: Kept<Arc<Subset>> = Kept::new();

/// The subset of `slot` for `used`, or the same one cut by a recent
/// render when subsets are kept.
fn kept_or_subset(
    slot: FontSlot,
    used: UsedGlyphs,
    fonts: &FontBook,
) -> Result<Arc<Subset>, PdfError> {
    if !KEPT_SUBSETS.is_on() {
        return subset(slot, used, fonts).map(Arc::new);
    }
    let face = fonts.face(slot.face)?;
    let key = crate::kept::key_of(&(&face.tag, slot, &used.bits, &used.chars, &used.lengthened.0));
    if let Some(kept) = KEPT_SUBSETS.get(&key) {
        return Ok(kept);
    }
    let made = Arc::new(subset(slot, used, fonts)?);
    KEPT_SUBSETS.put(key, made.clone());
    Ok(made)
}

/// The tatweels drawn after glyph `k` (the glyph id and how many), when
/// `k` is a letter that kashida lengthens.
#[inline]
pub(super) fn tatweels_after(glyphs: &[Glyph], k: usize) -> Option<(u16, u8)> {
    // Most glyphs have no tatweel after them: one look settles it.
    if !glyphs.get(k + 1)?.text.is_kashida() {
        return None;
    }
    let after = glyphs.get(k + 1..)?;
    let count = after.iter().take_while(|g| g.text.is_kashida()).count();
    (count > 0 && !glyphs[k].text.is_kashida()).then(|| (after[0].id, count.min(255) as u8))
}

/// Every slot, in index order.
fn all_slots() -> impl Iterator<Item = FontSlot> {
    FaceId::ALL
        .iter()
        .flat_map(|&face| [false, true].map(|rtl| FontSlot { face, rtl }))
}

/// One font subset to `used`.
fn subset(slot: FontSlot, mut used: UsedGlyphs, fonts: &FontBook) -> Result<Subset, PdfError> {
    let face = fonts.face(slot.face)?;
    let space = face
        .font
        .charmap()
        .map_unicode(' ')
        .map(|g| g.to_u32() as u16);
    if let Some(space) = space.filter(|_| slot.rtl) {
        used.add(space, " ");
    }
    let mut glyph_list = used.sorted();
    // Two-byte codes: the space takes 0x0020, drawn or not ([`remapper_for`]).
    let count = glyph_list.len() + usize::from(glyph_list.first() != Some(&0));
    if let Some(space) = space.filter(|s| count > 256 && glyph_list.binary_search(s).is_err()) {
        used.add(space, " ");
        glyph_list = used.sorted();
    }
    let remapper = remapper_for(&glyph_list, space);
    let own_space = space.filter(|_| slot.rtl).and_then(|s| remapper.get(s));
    let cmap: BTreeMap<char, u16> = used
        .chars
        .into_iter()
        .filter_map(|(c, g)| Some((c, remapper.get(g)?)))
        .collect();
    let tag = if slot.rtl {
        rotate_tag(&face.tag)
    } else {
        face.tag.clone()
    };
    let (codes, mut widths) = codes_and_widths(&face, &glyph_list, &remapper);
    let space_code = space.and_then(|s| remapper.get(s));
    // Letters lengthened by kashida get composites whose codes follow the
    // program's glyphs: that program is cut now. Any other waits.
    let (program, recipe, lengthened) = if used.lengthened.0.is_empty() {
        let recipe = Recipe { remapper, cmap };
        (
            std::sync::OnceLock::new(),
            Some(recipe),
            FxHashMap::default(),
        )
    } else {
        let program = cut_program(slot, &face, &remapper, &cmap)?;
        let (program, lengthened) =
            with_lengthenings(program, &used.lengthened, &face, &remapper, &mut widths);
        (std::sync::OnceLock::from(Ok(program)), None, lengthened)
    };
    // With the kashida composites counted: the codes are one byte.
    let space_at_32 = widths.len() <= 256 && space_code == Some(32);
    Ok(Subset {
        slot,
        tag,
        program,
        compressed: std::sync::Mutex::default(),
        recipe,
        face,
        codes,
        widths,
        lengthened,
        space_at_32,
        own_space,
    })
}

/// The program of a subset: the face cut to the remapper's glyphs, with
/// `cmap` as its character map.
fn cut_program(
    slot: FontSlot,
    face: &LoadedFace,
    remapper: &subsetter::GlyphRemapper,
    cmap: &BTreeMap<char, u16>,
) -> Result<Vec<u8>, PdfError> {
    // Not taken (an older kernel): the cut faults the pages in itself.
    let _ = map_outlines(&face.bytes, remapper);
    let subset_of = |remapper: &subsetter::GlyphRemapper| {
        subsetter::subset(&face.bytes, 0, remapper)
            .map_err(|e| PdfError::Subset(slot.face, format!("{e:?}")))
    };
    let mut program = subset_of(remapper)?;
    if super::sfnt::table(&program, b"glyf").is_some_and(<[u8]>::is_empty) {
        // Only blank glyphs (a space set in this face): readers
        // reject an empty `glyf`, so carry the full stop's outline too.
        if let Some(dot) = face.font.charmap().map_unicode('.') {
            let mut with_dot = remapper.clone();
            with_dot.remap(dot.to_u32() as u16);
            program = subset_of(&with_dot)?;
        }
    }
    with_cmap(&program, cmap).ok_or(PdfError::FontTables(slot.face))
}

/// Asks the kernel to map, ahead of the cut, the pages of `font` holding
/// the outlines of the remapper's glyphs, in one call for each stretch of
/// them (Linux's `MADV_POPULATE_READ`). The cut reads them anyway, page
/// by page: a Chinese face's outlines are 13 MB, and an 8-page document's
/// few thousand glyphs fall across most of its 64 KiB windows, each a
/// trap into the kernel. Mapped ahead, the same pages are mapped without
/// the traps: about 140 fewer of an 8-page Chinese render by `perf`'s
/// count of page faults, 0.4–0.9 ms less wall time. (`getrusage`, which
/// `polypress bench` reads, also counts the faults the kernel takes for
/// itself inside the call, so its figure stays.) What the kernel does not
/// do (an older one) is left to the traps.
/// Whether the kernel took every call.
#[cfg(target_os = "linux")]
fn map_outlines(font: &[u8], remapper: &subsetter::GlyphRemapper) -> bool {
    let mut taken = true;
    for (start, end) in outline_stretches(font, remapper.remapped_gids()) {
        // SAFETY: the range lies within the pages of `font`, mapped and
        // readable while it is borrowed; the advice maps them, it changes
        // no byte.
        let done = unsafe {
            libc::madvise(
                font.as_ptr().add(start).cast_mut().cast(),
                end - start,
                libc::MADV_POPULATE_READ,
            )
        };
        taken &= done == 0;
    }
    taken
}

/// Elsewhere the cut faults the pages in itself.
#[cfg(not(target_os = "linux"))]
fn map_outlines(_font: &[u8], _remapper: &subsetter::GlyphRemapper) -> bool {
    false
}

/// The byte ranges of `font` (from a page boundary, at most 16 KiB apart
/// merged) that hold the outlines (`glyf`, placed by `loca`) of `glyphs`;
/// none for a font with less than 1 MiB of outlines, read in a few faults.
#[cfg(target_os = "linux")]
fn outline_stretches(font: &[u8], glyphs: impl Iterator<Item = u16>) -> Vec<(usize, usize)> {
    use super::sfnt::{table, BigEndian};
    const PAGE: usize = 4096;
    const GAP: usize = 16 * 1024;
    let (Some(head), Some(loca), Some(glyf)) = (
        table(font, b"head"),
        table(font, b"loca"),
        table(font, b"glyf"),
    ) else {
        return Vec::new();
    };
    if glyf.len() < 1 << 20 {
        return Vec::new();
    }
    let long = BigEndian(head).i16(50) == Some(1);
    let offset = |glyph: usize| {
        if long {
            BigEndian(loca).u32(4 * glyph).map(|o| o as usize)
        } else {
            BigEndian(loca).u16(2 * glyph).map(|o| 2 * usize::from(o))
        }
    };
    // Where `glyf` starts in the font, and from where its pages do.
    let base = glyf.as_ptr() as usize - font.as_ptr() as usize;
    let page_of = |at: usize| (font.as_ptr() as usize + at) % PAGE;
    let mut glyphs: Vec<usize> = glyphs.map(usize::from).collect();
    glyphs.sort_unstable();
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for glyph in glyphs {
        let (Some(start), Some(end)) = (offset(glyph), offset(glyph + 1)) else {
            continue;
        };
        if end <= start || end > glyf.len() {
            continue;
        }
        let (start, end) = (base + start, base + end);
        let start = start - page_of(start).min(start);
        match stretches.last_mut() {
            Some(last) if start <= last.1 + GAP => last.1 = last.1.max(end),
            _ => stretches.push((start, end)),
        }
    }
    stretches
}

/// The subset's glyph ids: the glyphs in the face's order after .notdef,
/// but the space at 32 when the subset has it and enough others to fill 1
/// to 31.
///
/// In one-byte text that lets a line stretch its spaces by `Tw`, which
/// applies to code 32 only. In two-byte text (`Tw` applies to no code
/// there) it keeps any other glyph from code 0x0020: poppler's text
/// extraction takes `Tw` off the advance of whatever has that code, so a
/// hanzi there, on a justified line, came out of `pdftotext` with a space
/// after it.
fn remapper_for(glyphs: &[u16], space: Option<u16>) -> subsetter::GlyphRemapper {
    let sorted = subsetter::GlyphRemapper::new_from_glyphs_sorted(glyphs);
    let count = usize::from(sorted.num_gids());
    let Some(space) = space.filter(|s| *s != 0 && sorted.get(*s).is_some()) else {
        return sorted;
    };
    if count <= 32 {
        return sorted;
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut others = glyphs.iter().copied().filter(|&g| g != 0 && g != space);
    for g in others.by_ref().take(31) {
        remapper.remap(g);
    }
    remapper.remap(space);
    for g in others {
        remapper.remap(g);
    }
    remapper
}

/// The subset program with a composite glyph for each letter lengthened
/// by kashida (kashida.rs), and their codes; `widths` gains theirs. A
/// program whose tables are not as expected stays as it is, its tatweels
/// drawn as glyphs.
fn with_lengthenings(
    program: Vec<u8>,
    lengthened: &Lengthenings,
    face: &LoadedFace,
    remapper: &subsetter::GlyphRemapper,
    widths: &mut Vec<f32>,
) -> (Vec<u8>, FxHashMap<Lengthening, u16>) {
    let mut codes = FxHashMap::default();
    if lengthened.0.is_empty() {
        return (program, codes);
    }
    let advance = |g: u16| face.advance(g).round() as u16;
    let composites: Option<Vec<Composite>> = lengthened
        .0
        .iter()
        .map(|&(letter, tatweel, count)| {
            Some(Composite {
                letter: remapper.get(letter)?,
                tatweel: remapper.get(tatweel)?,
                count,
                letter_advance: advance(letter),
                tatweel_advance: advance(tatweel),
            })
        })
        .collect();
    // The composites come after every glyph of the program, which may
    // hold more than the remapper's (the components of a composite the
    // document draws, added by the subsetter): /W gives those their
    // advance too, from the program.
    let Some(first) = glyph_count(&program) else {
        return (program, codes);
    };
    let Some(with) = composites.and_then(|c| with_composites(&program, &c)) else {
        return (program, codes);
    };
    let per_unit = 1000.0 / f32::from(face.units_per_em);
    // Every glyph of the new program has a long metric (kashida.rs).
    let Some(hmtx) = super::sfnt::table(&with, b"hmtx") else {
        return (program, codes);
    };
    for code in widths.len()..usize::from(first) {
        let units = super::sfnt::BigEndian(hmtx).u16(4 * code).unwrap_or(0);
        widths.push(((f32::from(units) * per_unit) * 1000.0).round() / 1000.0);
    }
    for (i, &(letter, tatweel, count)) in lengthened.0.iter().enumerate() {
        let units = f32::from(advance(letter)) + f32::from(count) * f32::from(advance(tatweel));
        widths.push(((units * per_unit) * 1000.0).round() / 1000.0);
        codes.insert((letter, tatweel, count), first + i as u16);
    }
    (with, codes)
}

/// The number of glyphs of a font program (`maxp`).
fn glyph_count(font: &[u8]) -> Option<u16> {
    super::sfnt::BigEndian(super::sfnt::table(font, b"maxp")?).u16(4)
}

/// The subset code of each glyph the document draws, and the width of
/// each code.
fn codes_and_widths(
    face: &LoadedFace,
    glyphs: &[u16],
    remapper: &subsetter::GlyphRemapper,
) -> (Vec<u16>, Vec<f32>) {
    let max = glyphs.last().map_or(0, |&g| usize::from(g));
    let mut codes = vec![0u16; max + 1];
    let count = usize::from(remapper.num_gids());
    let mut widths = vec![0.0f32; count.max(1)];
    let per_unit = 1000.0 / f32::from(face.units_per_em);
    let width = |g: u16| ((face.advance(g) * per_unit) * 1000.0).round() / 1000.0;
    // Code 0 is .notdef, never drawn; its width is the font's all the same.
    widths[0] = width(0);
    for &g in glyphs {
        let code = remapper.get(g).unwrap_or_default();
        codes[usize::from(g)] = code;
        if let Some(w) = widths.get_mut(usize::from(code)) {
            *w = width(g);
        }
    }
    (codes, widths)
}

/// The glyphs a document draws in one font: which, and for each
/// character drawn by a glyph of its own, the first such glyph (the
/// subset's cmap).
#[derive(Default)]
struct UsedGlyphs {
    /// One bit per glyph id.
    bits: Vec<u64>,
    chars: BTreeMap<char, u16>,
    /// The first character recorded for each glyph id: a glyph drawn
    /// again for the same character changes nothing in `chars`. In pages
    /// of 256 glyph ids, made when one of theirs is drawn: a Chinese face
    /// has 65,000 glyphs, a document draws a few thousand, and a table
    /// of all, grown as higher ids came, was about 170 page faults of an
    /// 8-page Chinese render.
    first_char: Vec<Option<Box<[Option<char>; 256]>>>,
    /// Letters drawn with tatweels after them (kashida.rs).
    lengthened: Lengthenings,
}

impl UsedGlyphs {
    /// Adds the glyphs of `run`, and the letters it lengthens.
    fn add_run(&mut self, run: &Run) {
        for (k, g) in run.glyphs.iter().enumerate() {
            if g.text.is_kashida() {
                self.add(g.id, "");
                continue;
            }
            self.add(g.id, &g.text);
            if let Some((tatweel, count)) = tatweels_after(&run.glyphs, k) {
                self.lengthened.0.insert((g.id, tatweel, count));
            }
        }
    }

    fn add(&mut self, glyph: u16, text: &str) {
        let index = usize::from(glyph);
        let (word, bit) = (index / 64, glyph % 64);
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << bit;
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            let page = index / 256;
            if page >= self.first_char.len() {
                self.first_char.resize_with(page + 1, || None);
            }
            let page = self.first_char[page].get_or_insert_with(|| Box::new([None; 256]));
            let first = &mut page[index % 256];
            if *first != Some(c) {
                self.chars.entry(c).or_insert(glyph);
                first.get_or_insert(c);
            }
        }
    }

    /// Adds what `later` recorded of the pages after this one's: as if
    /// its glyphs had been added here one by one, in order. A character's
    /// glyph in `chars` is the first recorded for it, and a glyph's first
    /// character the first recorded for it: this one's where it has one.
    fn merge(&mut self, later: UsedGlyphs) {
        if self.bits.len() < later.bits.len() {
            self.bits.resize(later.bits.len(), 0);
        }
        for (word, bits) in self.bits.iter_mut().zip(&later.bits) {
            *word |= bits;
        }
        for (c, glyph) in later.chars {
            self.chars.entry(c).or_insert(glyph);
        }
        if self.first_char.len() < later.first_char.len() {
            self.first_char.resize_with(later.first_char.len(), || None);
        }
        for (mine, theirs) in self.first_char.iter_mut().zip(later.first_char) {
            match (mine.as_mut(), theirs) {
                (Some(mine), Some(theirs)) => {
                    for (m, t) in mine.iter_mut().zip(theirs.iter()) {
                        if m.is_none() {
                            *m = *t;
                        }
                    }
                }
                (None, theirs) => *mine = theirs,
                (Some(_), None) => {}
            }
        }
        self.lengthened.0.extend(later.lengthened.0);
    }

    fn sorted(&self) -> Vec<u16> {
        let mut out = Vec::new();
        for (word, &bits) in self.bits.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                out.push((word * 64) as u16 + bits.trailing_zeros() as u16);
                bits &= bits - 1;
            }
        }
        out
    }
}

/// A second, distinct subset tag for the right-to-left copy of a font.
fn rotate_tag(tag: &str) -> String {
    tag.bytes()
        .map(|b| (b'A' + (b - b'A' + 13) % 26) as char)
        .collect()
}

/// A format 4 `cmap` (Windows, Unicode BMP) for `map` (character →
/// glyph), one segment per character.
fn cmap_table(map: &BTreeMap<char, u16>) -> Vec<u8> {
    let chars: Vec<(u16, u16)> = map
        .iter()
        .filter_map(|(c, g)| {
            u16::try_from(u32::from(*c))
                .ok()
                .filter(|c| *c != 0xFFFF)
                .map(|c| (c, *g))
        })
        .collect();
    let segments = chars.len() + 1;
    let power = 1usize << (usize::BITS - 1 - segments.leading_zeros());
    let length = 16 + 8 * segments;
    let mut t: Vec<u8> = Vec::with_capacity(12 + length);
    let push = |v: u16, t: &mut Vec<u8>| t.extend_from_slice(&v.to_be_bytes());
    for v in [0, 1, 3, 1, 0, 12] {
        push(v, &mut t);
    }
    for v in [
        4,
        length as u16,
        0,
        (segments * 2) as u16,
        (power * 2) as u16,
    ] {
        push(v, &mut t);
    }
    push(power.trailing_zeros() as u16, &mut t);
    push(((segments - power) * 2) as u16, &mut t);
    for (c, _) in &chars {
        push(*c, &mut t);
    }
    push(0xFFFF, &mut t);
    push(0, &mut t);
    for (c, _) in &chars {
        push(*c, &mut t);
    }
    push(0xFFFF, &mut t);
    for (c, g) in &chars {
        push(g.wrapping_sub(*c), &mut t);
    }
    push(1, &mut t);
    for _ in 0..segments {
        push(0, &mut t);
    }
    t
}

/// The font with a `cmap` table for `map` added. The subsetter drops
/// `cmap` (a CID font in PDF maps codes to glyphs itself, and ToUnicode
/// gives the text); the embedded program keeps one all the same, so a
/// tool that reads the font program alone (font validators, readers that
/// rebuild a font) finds a complete TrueType font.
fn with_cmap(font: &[u8], map: &BTreeMap<char, u16>) -> Option<Vec<u8>> {
    super::sfnt::with_tables(font, vec![(*b"cmap", cmap_table(map))])
}

#[cfg(test)]
mod tests {

    /// Glyphs added in two parts, the second merged after the first, are
    /// glyphs added in one go, wherever the cut: random glyphs and texts
    /// (one character or more, some shared between glyphs), and
    /// lengthenings.
    #[test]
    fn two_parts_merged_are_the_whole() {
        let texts = ["a", "b", "é", "中", "fi", "", "a", "ب"];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        for _ in 0..200 {
            let added: Vec<(u16, &str)> = (0..next(40))
                .map(|_| (next(700) as u16, texts[next(texts.len() as u64) as usize]))
                .collect();
            let add = |part: &[(u16, &str)]| {
                let mut used = UsedGlyphs::default();
                for &(glyph, text) in part {
                    used.add(glyph, text);
                    used.lengthened.0.insert((glyph, 5, 1));
                }
                used
            };
            let whole = add(&added);
            let view = |u: &UsedGlyphs| {
                let mut bits = u.bits.clone();
                while bits.last() == Some(&0) {
                    bits.pop();
                }
                let firsts: Vec<(usize, char)> = u
                    .first_char
                    .iter()
                    .enumerate()
                    .flat_map(|(p, page)| {
                        page.iter().flat_map(move |page| {
                            page.iter()
                                .enumerate()
                                .filter_map(move |(i, c)| c.map(|c| (p * 256 + i, c)))
                        })
                    })
                    .collect();
                (bits, u.chars.clone(), firsts, u.lengthened.0.clone())
            };
            for cut in 0..=added.len() {
                let mut first = add(&added[..cut]);
                first.merge(add(&added[cut..]));
                assert_eq!(view(&first), view(&whole), "{added:?} cut at {cut}");
            }
        }
    }
    /// The pages of the outlines a cut is about to read are mapped before
    /// it reads them: none of them is in the page table of a fresh
    /// mapping of the Chinese face, all of them are after (Linux's
    /// `/proc/self/pagemap`, where the kernel has the advice).
    #[cfg(target_os = "linux")]
    #[test]
    fn the_outlines_a_cut_reads_are_mapped_ahead() {
        use std::io::{Read, Seek, SeekFrom};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fonts/chinese/NotoSerifSC-Regular.ttf");
        let file = std::fs::File::open(path).unwrap();
        // SAFETY: a read-only mapping of a file of the repository.
        let map = unsafe { memmap2::Mmap::map(&file).unwrap() };
        let glyphs = [20_000u16, 20_001, 20_050, 41_000];
        let stretches = outline_stretches(&map, glyphs.iter().copied());
        assert!(stretches.len() >= 2, "{stretches:?}");
        let mut pagemap = std::fs::File::open("/proc/self/pagemap").unwrap();
        let mut present = |at: usize| {
            let page = (map.as_ptr() as usize + at) / 4096;
            let mut entry = [0u8; 8];
            pagemap.seek(SeekFrom::Start(page as u64 * 8)).unwrap();
            pagemap.read_exact(&mut entry).unwrap();
            u64::from_le_bytes(entry) >> 63 == 1
        };
        let pages: Vec<usize> = stretches
            .iter()
            .flat_map(|&(s, e)| (s..e).step_by(4096))
            .collect();
        assert!(pages.iter().all(|&p| !present(p)), "mapped before");
        let mut remapper = subsetter::GlyphRemapper::new();
        for glyph in glyphs {
            remapper.remap(glyph);
        }
        if !map_outlines(&map, &remapper) {
            eprintln!("this kernel does not take MADV_POPULATE_READ: nothing to check");
            return;
        }
        let missing = pages.iter().filter(|&&p| !present(p)).count();
        assert_eq!(missing, 0, "{missing} of {} pages not mapped", pages.len());
    }

    /// A Latin face's outlines are read in a few faults: no calls.
    #[cfg(target_os = "linux")]
    #[test]
    fn small_faces_are_left_to_their_faults() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fonts/latin/LiberationSerif-Regular.ttf");
        let font = std::fs::read(path).unwrap();
        assert!(outline_stretches(&font, [36u16, 68, 72].into_iter()).is_empty());
    }

    /// The outlines of a Chinese document's hanzi lie in the first 3 MB
    /// of the Chinese faces, where GB 2312's are (fonts/README.md): in the
    /// original order those of this letter spread over 14 MB.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_document_s_hanzi_come_from_the_front_of_the_chinese_faces() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text =
            std::fs::read_to_string(root.join("documents/a-75-906-s-2021-534/zh.yaml")).unwrap();
        let mut hanzi: Vec<char> = text
            .chars()
            .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .collect();
        hanzi.sort_unstable();
        hanzi.dedup();
        assert!(hanzi.len() > 200, "{}", hanzi.len());
        for face in ["Regular", "Bold"] {
            let bytes =
                std::fs::read(root.join(format!("fonts/chinese/NotoSerifSC-{face}.ttf"))).unwrap();
            let shared: std::sync::Arc<dyn AsRef<[u8]> + Send + Sync> =
                std::sync::Arc::new(bytes.clone());
            let font = harfrust::Font::new(harfrust::font::Blob::from(shared), 0).unwrap();
            let glyphs: Vec<u16> = hanzi
                .iter()
                .map(|&c| font.charmap().map_unicode(c).unwrap().to_u32() as u16)
                .collect();
            let stretches = outline_stretches(&bytes, glyphs.into_iter());
            let glyf = super::super::sfnt::table(&bytes, b"glyf").unwrap();
            let start = glyf.as_ptr() as usize - bytes.as_ptr() as usize;
            let end = stretches.last().unwrap().1;
            assert!(end - start < 3 << 20, "{face}: {} bytes", end - start);
        }
    }

    use super::*;

    #[test]
    fn the_space_takes_code_32() {
        let codes = |glyphs: &[u16], space| {
            let remapper = remapper_for(glyphs, space);
            glyphs
                .iter()
                .map(|&g| remapper.get(g).unwrap())
                .collect::<Vec<u16>>()
        };
        // 40 glyphs with the space (3) among them: the space is 32, the
        // others keep their order around it, every code used once.
        let glyphs: Vec<u16> = (3..43).collect();
        let got = codes(&glyphs, Some(3));
        assert_eq!(got[0], 32);
        assert_eq!(&got[1..32], (1..32).collect::<Vec<u16>>().as_slice());
        assert_eq!(&got[32..], (33..41).collect::<Vec<u16>>().as_slice());
        // Too many for one byte: the same, in two bytes.
        let many: Vec<u16> = (3..400).collect();
        let got = codes(&many, Some(3));
        assert_eq!(got[0], 32);
        assert_eq!(&got[1..32], (1..32).collect::<Vec<u16>>().as_slice());
        assert_eq!(&got[32..], (33..398).collect::<Vec<u16>>().as_slice());
        // Too few to reach 32, no space: in order.
        let few: Vec<u16> = (3..20).collect();
        assert_eq!(codes(&few, Some(3)), (1..18).collect::<Vec<u16>>());
        assert_eq!(codes(&many, None)[31], 32);
        assert_eq!(codes(&glyphs, None)[0], 1);
        assert_eq!(codes(&glyphs, Some(500))[0], 1);
    }

    #[test]
    fn slots_are_indexed_in_their_order() {
        // The fonts are embedded in slot order, which is index order: the
        // object numbers depend on it.
        let slots: Vec<FontSlot> = all_slots().collect();
        assert_eq!(slots.len(), FontSlot::COUNT);
        for (i, slot) in slots.iter().enumerate() {
            assert_eq!(slot.index(), i);
        }
        assert!(slots.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(rotate_tag("ABCXYZ"), "NOPKLM");
    }

    #[test]
    fn a_kept_subset_is_taken_for_the_same_glyphs_only() {
        let fonts = FontBook::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
        let face = fonts.face(FaceId::SerifRegular).unwrap();
        let gid = |c| face.font.charmap().map_unicode(c).unwrap().to_u32() as u16;
        let used = |text: &str| {
            let mut used = UsedGlyphs::default();
            for c in text.chars() {
                used.add(gid(c), &c.to_string());
            }
            used
        };
        let slot = FontSlot {
            face: FaceId::SerifRegular,
            rtl: false,
        };
        let _alone = super::super::kept::GENERATIONS_IN_TESTS
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        super::super::kept::keep_between_renders();
        let first = kept_or_subset(slot, used("kept"), &fonts).unwrap();
        let again = kept_or_subset(slot, used("kept"), &fonts).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same glyphs: the kept subset"
        );
        let other = kept_or_subset(slot, used("kepts"), &fonts).unwrap();
        assert!(!Arc::ptr_eq(&first, &other));
        let fresh = subset(slot, used("kepts"), &fonts).unwrap();
        assert_eq!(other.program().unwrap(), fresh.program().unwrap());
        assert_eq!(other.widths, fresh.widths);
    }

    #[test]
    fn a_subset_gets_a_cmap_for_the_characters_it_draws() {
        let fonts = FontBook::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
        let face = fonts.face(FaceId::SerifRegular).unwrap();
        let gid = |c| face.font.charmap().map_unicode(c).unwrap().to_u32() as u16;
        let (a, z) = (gid('a'), gid('z'));
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&[a, z]);
        let subset = subsetter::subset(&face.bytes, 0, &remapper).unwrap();
        assert_eq!(
            super::super::sfnt::table(&subset, b"cmap"),
            None,
            "the subsetter drops cmap"
        );
        let map = BTreeMap::from([
            ('a', remapper.get(a).unwrap()),
            ('z', remapper.get(z).unwrap()),
        ]);
        let font = with_cmap(&subset, &map).unwrap();
        let parsed = harfrust::Font::new(font.clone(), 0).unwrap();
        let charmap = parsed.charmap();
        assert_eq!(charmap.map_unicode('a').map(|g| g.to_u32()), Some(1));
        assert_eq!(charmap.map_unicode('z').map(|g| g.to_u32()), Some(2));
        assert_eq!(charmap.map_unicode('b'), None);
        assert!(font.len() < face.bytes.len() / 10, "{} bytes", font.len());
    }
}
