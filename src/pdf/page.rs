//! Pages: each page's content stream (`content.rs` writes the
//! operators), its marked-content sequences and its link annotations.
//!
//! Marked content (ISO 32000-1 §14.6): each structure element's text on a
//! page is one sequence with an MCID; furniture, rules and bars are
//! artifacts (§14.8.2.2). Each sequence is recorded ([`Tagged`]) for the
//! structure tree (`tags.rs`).
//!
//! Pages are written in parallel: each page's content depends on the page
//! alone once `order.rs` has found which page holds each footnote's label.
//! The results are joined in page order, so the file is the same whatever
//! the thread count.

use rayon::prelude::*;

use super::content::Content;
use super::order::{self, PageOrder};
use super::subset::{FontSlot, Subset, Subsets};
use super::tags::{Part, Tagged};
use super::PdfError;
use crate::paginate::{Mark, PagedDocument, Tag};
use crate::typeset::{Glyph, GlyphText, Run};

/// The pages written.
pub struct Pages {
    /// Each page's content stream, and its bytes compressed when that
    /// pays (compressed as the page is written, on its thread).
    pub contents: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// Every marked-content sequence, in page order.
    pub tagging: Vec<Tagged>,
    /// By font slot index, the text of each code: the first the document
    /// draws it with (ToUnicode holds one text per code).
    pub texts: Vec<Vec<Option<GlyphText>>>,
}

/// Writes every page.
pub(crate) fn write_pages(document: &PagedDocument, subsets: &Subsets) -> Result<Pages, PdfError> {
    let orders = order::page_orders(document);
    let written: Vec<Result<PageOutput, PdfError>> = document
        .pages
        .par_iter()
        .zip(orders.par_iter())
        .enumerate()
        .map(|(index, (page, order))| {
            PageWriter::new(document, subsets, index, &page.marks, order).write()
        })
        .collect();
    let mut pages = Pages {
        contents: Vec::with_capacity(document.pages.len()),
        tagging: Vec::new(),
        texts: (0..FontSlot::COUNT).map(|_| Vec::new()).collect(),
    };
    for subset in subsets.iter() {
        pages.texts[subset.slot.index()] = vec![None; subset.widths.len()];
    }
    for page in written {
        let page = page?;
        pages.contents.push((page.content, page.compressed));
        pages.tagging.extend(page.tagging);
        for (slot, code, text) in page.first_texts {
            if let Some(entry @ None) = pages.texts[slot.index()].get_mut(usize::from(code)) {
                *entry = Some(text);
            }
        }
    }
    Ok(pages)
}

/// One page written: its content stream (and compressed), its
/// marked-content sequences, and the text of each glyph code the page
/// draws first (font, code, text), for ToUnicode.
struct PageOutput {
    content: Vec<u8>,
    /// The content compressed, when that pays.
    compressed: Option<Vec<u8>>,
    tagging: Vec<Tagged>,
    first_texts: Vec<(FontSlot, u16, GlyphText)>,
}

/// The marked-content sequence being written: part of a structure
/// element, or an artifact. A new part starts a new sequence (MCID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Element, part, and (right to left) the line's baseline.
    Element(usize, Part, u32),
    Artifact(&'static str),
}

/// One page being written.
struct PageWriter<'a> {
    document: &'a PagedDocument,
    subsets: &'a Subsets,
    page: usize,
    marks: &'a [Mark],
    order: &'a PageOrder,
    /// The document's language, read once (asked of every run).
    language: crate::language::Language<'a>,
    rtl: bool,
    content: Content,
    /// The link areas met so far on the page: the number of the next
    /// one's annotation ([`super::links::of_pages`] makes them, in the same
    /// order).
    links: usize,
    tagging: Vec<Tagged>,
    first_texts: Vec<(FontSlot, u16, GlyphText)>,
    /// By font slot index, whether each code has been drawn on the page.
    seen: Vec<Vec<bool>>,
    in_text: bool,
    section: Option<Section>,
    next_mcid: i64,
    /// The font resource set, and its size's bits.
    font: Option<(FontSlot, u32)>,
    /// Where the viewer's pen is after the last glyph shown: baseline
    /// and x (points). A font change keeps it (Tf does not move the pen).
    cursor: Option<(u32, f32)>,
    /// The word spacing in force (`Tw`, points; 0 where a page begins),
    /// which the viewer adds after every code 32 of a one-byte font.
    word_spacing: f32,
    /// The character spacing in force (`Tc`, points; 0 where a page
    /// begins), which the viewer adds after every glyph.
    char_spacing: f32,
    /// The baseline (its bits) the character spacing was chosen for.
    spaced_line: Option<u32>,
    /// The link whose runs follow: its target and its annotation's number
    /// on the page.
    link: Option<(&'a str, usize)>,
}

impl<'a> PageWriter<'a> {
    fn new(
        document: &'a PagedDocument,
        subsets: &'a Subsets,
        page: usize,
        marks: &'a [Mark],
        order: &'a PageOrder,
    ) -> Self {
        PageWriter {
            document,
            subsets,
            page,
            marks,
            order,
            language: document.language(),
            rtl: document.language().is_rtl(),
            content: Content::new(),
            links: 0,
            tagging: Vec::new(),
            first_texts: Vec::new(),
            seen: vec![Vec::new(); FontSlot::COUNT],
            in_text: false,
            section: None,
            next_mcid: 0,
            font: None,
            cursor: None,
            word_spacing: 0.0,
            char_spacing: 0.0,
            spaced_line: None,
            link: None,
        }
    }

    fn write(mut self) -> Result<PageOutput, PdfError> {
        for (index, mark) in self.marks.iter().enumerate() {
            self.mark(index, mark)?;
        }
        self.end_text();
        if self.section.is_some() {
            self.content.end_marked();
        }
        let content = self.content.into_bytes();
        Ok(PageOutput {
            compressed: super::save::worth_compressing(&content),
            content,
            tagging: self.tagging,
            first_texts: self.first_texts,
        })
    }

    /// Writes one mark, in the marked-content sequence it belongs to.
    fn mark(&mut self, index: usize, mark: &'a Mark) -> Result<(), PdfError> {
        match mark {
            Mark::Text {
                x,
                baseline,
                run,
                tag,
            } => {
                match tag {
                    Tag::Element(e) => self.enter_element(index, *e, *baseline, run),
                    Tag::Header => self.enter_artifact("Header"),
                    Tag::Footer => self.enter_artifact("Footer"),
                }
                return self.text(index, *x, *baseline, run);
            }
            Mark::Link { to: link, .. } => {
                // Each link area has an annotation, in mark order
                // ([`super::links::of_pages`]); the runs of the link that
                // follow are its text.
                self.link = Some((&*link.target, self.links));
                self.links += 1;
                self.end_text();
            }
            Mark::Rule { .. } | Mark::Bar { .. } | Mark::Shape { .. } => {
                self.enter_artifact("Layout");
                self.graphic(mark);
            }
        }
        Ok(())
    }

    /// Draws a rule, a bar or a shape.
    fn graphic(&mut self, mark: &Mark) {
        self.end_text();
        let height = self.document.height;
        match mark {
            Mark::Rule {
                x1,
                x2,
                y,
                thickness,
            } => self.content.rule(*x1, *x2, height - y, *thickness),
            Mark::Bar {
                x,
                top,
                width,
                height: h,
            } => self.content.bar(*x, height - top - h, *width, *h),
            Mark::Shape {
                x,
                top,
                scale,
                graphic,
            } => self.content.shape(graphic, *x, height - top, *scale),
            Mark::Link { .. } | Mark::Text { .. } => {}
        }
    }

    /// Starts the sequence of the text run at `marks[index]`, of element
    /// `element`, unless it continues the current one.
    fn enter_element(&mut self, index: usize, element: usize, baseline: f32, run: &Run) {
        let link = match (&run.link, self.link) {
            (Some(target), Some((current, n))) if target == current => Some(n),
            _ => None,
        };
        let part = if let Some(n) = link {
            Part::Link(n)
        } else if self.order.labels.contains(&index) {
            // A footnote begins with its label (the raised indicator).
            Part::Label
        } else if let Some(lang) = order::foreign_language(self.language, run) {
            Part::Lang(lang)
        } else {
            Part::Text
        };
        // Right to left, each line is a sequence of its own, so sequences
        // can be put in logical order.
        let line = if self.rtl { baseline.to_bits() } else { 0 };
        let order = self.order.rank(index);
        if !self.switch_to(Section::Element(element, part, line)) {
            if let Some(last) = self.tagging.last_mut() {
                last.order = last.order.min(order);
            }
            return;
        }
        let link_text = match part {
            Part::Link(_) => Some(order::link_text(self.marks, index, self.order, run)),
            _ => None,
        };
        self.tagging.push(Tagged {
            page: self.page,
            mcid: self.next_mcid,
            element,
            part,
            order,
            link_text,
        });
        let role = self.document.elements[element];
        self.content
            .begin_marked(part.structure_type(role), self.next_mcid);
        self.next_mcid += 1;
    }

    /// Starts an artifact sequence of `kind`, unless one is open.
    fn enter_artifact(&mut self, kind: &'static str) {
        if self.switch_to(Section::Artifact(kind)) {
            self.content.begin_artifact(kind);
        }
    }

    /// Closes the current sequence if `wanted` is another one; whether it
    /// did (the caller then opens `wanted`).
    fn switch_to(&mut self, wanted: Section) -> bool {
        if self.section == Some(wanted) {
            return false;
        }
        self.end_text();
        if self.section.is_some() {
            self.content.end_marked();
        }
        self.section = Some(wanted);
        true
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.content.end_text();
            self.in_text = false;
        }
    }

    /// Shows a run. A line is one TJ as far as it can be: where a run
    /// follows on the same baseline (in any font), a kern moves the
    /// viewer's pen (which advances by the /W widths) to the shaped
    /// position instead of a new text matrix. Kerns are whole units
    /// (1/1000 em, 0.01 pt at 10 pt); the pen is tracked exactly, so no
    /// glyph is more than half a unit off. A glyph raised or lowered by
    /// GPOS (an Arabic mark) gets a matrix of its own.
    fn text(&mut self, index: usize, x: f32, baseline: f32, run: &Run) -> Result<(), PdfError> {
        if !self.in_text {
            self.content.begin_text();
            self.in_text = true;
            self.font = None;
            self.cursor = None;
        }
        let subsets: &'a Subsets = self.subsets;
        if let Some((subset, code)) = self.own_space(run) {
            if code == 32 && subset.space_at_32 {
                if let Some(extra) = self.space_extra(index, x, baseline, run, subset) {
                    self.set_word_spacing(extra);
                }
            }
            let y = self.document.height - baseline;
            self.show(subset, run.size, &run.glyphs, x, y, Some(code));
            return Ok(());
        }
        let slot = FontSlot::of(run);
        let subset = subsets.get(slot).ok_or(PdfError::NotSubset(run.face))?;
        let key = (slot, run.size.to_bits());
        if self.font != Some(key) {
            self.content.font(&subset.tag, run.size, subset.one_byte());
            self.font = Some(key);
        }
        if self.spaced_line != Some(baseline.to_bits()) {
            self.spaced_line = Some(baseline.to_bits());
            // A line whose first two runs are words, not glyphs, is not
            // set glyph by glyph.
            let second = self.next_text(index).map(|(_, _, run)| run.glyphs.len());
            let tc = if run.glyphs.len() == 1 || second == Some(1) {
                self.line_char_spacing(index, baseline)
            } else {
                0.0
            };
            if tc != self.char_spacing {
                self.content.char_spacing(tc);
                self.char_spacing = tc;
            }
        }
        // The space that ends a left-to-right run tells, by the gap after
        // it, how wide justification set its line's spaces, which are set
        // alike.
        let ends_in_space = run.glyphs.last().is_some_and(|g| subset.code(g) == 32);
        if subset.space_at_32 && ends_in_space && !run.is_rtl() {
            if let Some(extra) = self.space_extra(index, x, baseline, run, subset) {
                self.set_word_spacing(extra);
            }
        }
        if self.seen[slot.index()].is_empty() {
            self.seen[slot.index()].resize(subset.widths.len(), false);
        }
        let glyphs = &run.glyphs;
        let mut pen = x;
        let mut i = 0;
        while i < glyphs.len() {
            let mut end = i + 1;
            if glyphs[i].y_offset == 0.0 {
                while end < glyphs.len() && glyphs[end].y_offset == 0.0 {
                    end += 1;
                }
            }
            let y = self.document.height - baseline + glyphs[i].y_offset;
            pen = self.show(subset, run.size, &glyphs[i..end], pen, y, None);
            i = end;
        }
        Ok(())
    }

    /// The character spacing for the line whose first run on `baseline`
    /// is mark `index` (points, to the thousandth): in a line set glyph by
    /// glyph (Chinese, one run a character), the gap most of its glyphs
    /// leave before the next one-glyph run, as justification spread the
    /// line; else 0.
    /// `Tc` then carries the line's spacing, and only glyphs set otherwise
    /// (compressed punctuation, a Latin word) need an adjustment.
    fn line_char_spacing(&self, index: usize, baseline: f32) -> f32 {
        let on_line = self.marks[index..]
            .iter()
            .filter_map(|mark| match mark {
                Mark::Text {
                    x,
                    baseline: b,
                    run,
                    ..
                } => Some((*x, b.to_bits() == baseline.to_bits(), run)),
                _ => None,
            })
            .take_while(|(_, same, _)| *same)
            .map(|(x, _, run)| (x, run));
        let mut runs = 0;
        let mut gaps: Vec<i32> = Vec::new();
        let mut previous: Option<(f32, &Run)> = None;
        for (x, run) in on_line {
            runs += 1;
            if let Some((px, prun)) = previous {
                if let ([one], [next]) = (&prun.glyphs[..], &run.glyphs[..]) {
                    if !prun.is_rtl() {
                        let gap = x + next.x_offset - (px + one.advance);
                        gaps.push((gap * 1000.0).round() as i32);
                    }
                }
            }
            previous = Some((x, run));
        }
        // Glyph by glyph: most runs are one glyph, and there are a few.
        if gaps.len() < 4 || gaps.len() * 2 < runs {
            return 0.0;
        }
        gaps.sort_unstable();
        // The most frequent gap; of equally frequent ones, the smallest.
        let mut best = (0, 0);
        for group in gaps.chunk_by(|a, b| a == b) {
            if group.len() > best.1 {
                best = (group[0], group.len());
            }
        }
        best.0 as f32 / 1000.0
    }

    /// `Tw` to `extra` points, to the thousandth, unless it is so already.
    fn set_word_spacing(&mut self, extra: f32) {
        let tw = (extra * 1000.0).round() / 1000.0;
        if tw != self.word_spacing {
            self.content.word_spacing(tw);
            self.word_spacing = tw;
        }
    }

    /// How much wider than code 32 of `subset` the last glyph of run
    /// `index` (at `x`) is set: its advance and the gap to the next run on
    /// the same baseline; `None` when none follows it.
    fn space_extra(
        &self,
        index: usize,
        x: f32,
        baseline: f32,
        run: &Run,
        subset: &Subset,
    ) -> Option<f32> {
        let (next_x, next_baseline, next) = self.next_text(index)?;
        if next_baseline.to_bits() != baseline.to_bits() {
            return None;
        }
        let end = x + run.glyphs.iter().map(|g| g.advance).sum::<f32>();
        let gap = next_x + next.glyphs.first()?.x_offset - end;
        let width = subset.widths[32] * run.size / 1000.0;
        Some(run.glyphs.last()?.advance + gap - width)
    }

    /// The text mark after mark `index`: its x, baseline and run.
    fn next_text(&self, index: usize) -> Option<(f32, f32, &'a Run)> {
        let marks: &'a [Mark] = self.marks;
        marks[index + 1..].iter().find_map(|mark| match mark {
            Mark::Text {
                x, baseline, run, ..
            } => Some((*x, *baseline, &**run)),
            _ => None,
        })
    }

    /// A run that is one space, drawn in the right-to-left font in force
    /// at its size (an Arabic line's spaces are shaped in the Latin face):
    /// that font and the code of its own space. The pen is tracked as for
    /// any glyph, so the words after it stand where they were set.
    fn own_space(&self, run: &Run) -> Option<(&'a Subset, u16)> {
        let (slot, size) = self.font?;
        let [glyph] = &run.glyphs[..] else {
            return None;
        };
        if size != run.size.to_bits() || &*glyph.text != " " || glyph.y_offset != 0.0 {
            return None;
        }
        let subsets: &'a Subsets = self.subsets;
        let subset = subsets.get(slot)?;
        Some((subset, subset.own_space?))
    }

    /// Shows glyphs on one baseline `y` from the shaped pen position
    /// `pen`; returns the shaped pen position after them. `code` draws
    /// the one glyph with that code of `subset` instead of its own.
    fn show(
        &mut self,
        subset: &Subset,
        size: f32,
        glyphs: &[Glyph],
        mut pen: f32,
        y: f32,
        code: Option<u16>,
    ) -> f32 {
        let to_em = 1000.0 / size;
        let to_pt = size / 1000.0;
        let target = pen + glyphs[0].x_offset;
        let mut viewer = match self.cursor {
            Some((cy, cx)) if cy == y.to_bits() => {
                let kern = round((cx - target) * to_em);
                self.content.kern(kern);
                cx - kern * to_pt
            }
            _ => {
                self.content.move_to(target, y);
                target
            }
        };
        let seen = subset.slot.index();
        let one_byte = subset.one_byte();
        let mut k = 0;
        while k < glyphs.len() {
            let glyph = &glyphs[k];
            // A letter lengthened by kashida is one glyph with its tatweels
            // (kashida.rs): their advances are its own.
            let (code, taken) = match code {
                Some(code) => (code, 1),
                None => subset
                    .lengthened(glyphs, k)
                    .unwrap_or((subset.code(glyph), 1)),
            };
            k += taken;
            // ToUnicode keeps the first text each code is drawn with:
            // here, the first on this page.
            if let Some(first @ false) = self.seen[seen].get_mut(usize::from(code)) {
                *first = true;
                self.first_texts.push((subset.slot, code, glyph.text));
            }
            // The width the viewer advances by: the one in /W, and the
            // word spacing after a code 32 in one byte.
            viewer += subset.widths[usize::from(code)] * to_pt + self.char_spacing;
            if code == 32 && one_byte {
                viewer += self.word_spacing;
            }
            pen += glyphs[k - taken..k].iter().map(|g| g.advance).sum::<f32>();
            let kern = match glyphs.get(k) {
                Some(next) => {
                    let kern = round((viewer - pen - next.x_offset) * to_em);
                    viewer -= kern * to_pt;
                    kern
                }
                None => 0.0,
            };
            self.content.glyph(code);
            self.content.kern(kern);
        }
        self.cursor = Some((y.to_bits(), viewer));
        pen
    }
}

/// `x.round()` (half away from zero), for the kern after every glyph:
/// `f32::round` is a library call on x86-64 without SSE4.1, a truncating
/// conversion is one instruction. `x - whole` is exact (Sterbenz), so the
/// result is `f32::round`'s for every finite `x` (tested).
fn round(x: f32) -> f32 {
    // Beyond 2^23 (or NaN) an f32 has no fraction: the library call.
    if x.is_nan() || x.abs() >= 8_388_608.0 {
        return x.round();
    }
    let whole = x as i32 as f32;
    let rest = x - whole;
    if rest >= 0.5 {
        whole + 1.0
    } else if rest <= -0.5 {
        whole - 1.0
    } else {
        whole.copysign(x)
    }
}

#[cfg(test)]
mod round_tests {
    #[test]
    fn round_is_f32_round() {
        let special = [
            0.0f32,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999997,
            -0.49999997,
            8_388_607.5,
            -8_388_607.5,
            8_388_608.0,
            1.0e10,
            -1.0e10,
            f32::MAX,
            f32::MIN_POSITIVE,
        ];
        let strided = (0..u32::MAX / 1009).map(|i| f32::from_bits(i * 1009));
        for x in special.into_iter().chain(strided).filter(|x| x.is_finite()) {
            assert_eq!(super::round(x).to_bits(), x.round().to_bits(), "{x}");
        }
    }
}
