//! Stage 6: the PDF. We subset the fonts and write them (`fonts.rs`: the
//! font dictionaries, widths, descriptor and ToUnicode from each glyph's
//! cluster text, so the text copies out) and the page content
//! (`content.rs`: glyph codes, rules, marked content), pages in parallel;
//! printpdf writes the document around them: pages, link annotations and
//! bookmarks. The finishing pass (`finish.rs`) puts our content streams and
//! fonts in place, adds what printpdf cannot write and makes the bytes
//! depend on the content alone.
//!
//! Determinism: fonts are named from their hash, all dates
//! come from the source, parallel work is joined in page order, and the
//! trailer `/ID` is a hash of the finished file.

mod content;
mod finish;
mod fonts;

pub use finish::language_tag;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use printpdf::{
    Actions, BorderArray, Destination, LinkAnnotation, Mm, Op, PdfDocument, PdfPage,
    PdfSaveOptions, Pt, Rect,
};

use crate::paginate::{Mark, PagedDocument, Role, Tag};
use crate::typeset::{FaceId, FontBook, FontError, LoadedFace};
use content::Content;

/// Why a PDF could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("printpdf cannot read the font {0:?}")]
    FontParse(FaceId),
    #[error("cannot subset the font {0:?}: {1}")]
    Subset(FaceId, String),
    #[error("cannot finish the PDF: {0}")]
    Finish(String),
}

/// Which standard the PDF claims.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfStandard {
    /// Tagged PDF 1.7 with metadata, no conformance claim.
    None,
    /// PDF/A-2u (ISO 19005-2, level U).
    #[default]
    A2u,
}

/// Facts the PDF records about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfInfo {
    /// Creation and modification date, from the source (never the clock).
    pub date: chrono::NaiveDate,
    /// The symbols or the document id, as the PDF subject.
    pub subject: String,
    pub standard: PdfStandard,
}

/// Writes the paginated document as PDF bytes.
pub fn write(
    document: &PagedDocument,
    fonts: &FontBook,
    info: &PdfInfo,
) -> Result<Vec<u8>, PdfError> {
    let mut phases = crate::timing::Phases::start();
    let mut pdf = PdfDocument::new(&document.title);

    // Fonts under names derived from their hash. A face used in
    // right-to-left runs is embedded a second time: there a mirrored glyph
    // stands for the opposite parenthesis, and ToUnicode holds one text per
    // glyph per font (see README, fonts). Each is subset here, once per document,
    // to the glyphs it draws (renumbered from 1; 0 is .notdef): never the
    // whole 15 MB Chinese face (fonts.rs writes them).
    // By font slot (face, right-to-left copy): an array, not a map, as
    // this is looked up for every run of the document.
    let mut used_by_slot: Vec<Option<UsedGlyphs>> = (0..FONT_SLOTS).map(|_| None).collect();
    for mark in document.pages.iter().flat_map(|p| &p.marks) {
        if let Mark::Text { run, .. } = mark {
            let entry =
                used_by_slot[slot(run.face, run.is_rtl())].get_or_insert_with(UsedGlyphs::default);
            for g in &run.glyphs {
                entry.add(g.id, &g.text);
            }
        }
    }
    let used: BTreeMap<(FaceId, bool), UsedGlyphs> = FaceId::ALL
        .iter()
        .flat_map(|&face| [(face, false), (face, true)])
        .filter_map(|key| Some((key, used_by_slot[slot(key.0, key.1)].take()?)))
        .collect();
    let mut ids: BTreeMap<(FaceId, bool), String> = BTreeMap::new();
    let mut programs: Vec<(EmbeddedKey, Vec<u8>, std::sync::Arc<LoadedFace>)> = Vec::new();
    let mut remap: Vec<Option<FontUse>> = (0..FONT_SLOTS).map(|_| None).collect();
    for ((face_id, rtl), used) in used {
        let face = fonts.face(face_id)?;
        let glyph_list = used.sorted();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyph_list);
        let cmap: BTreeMap<char, u16> = used
            .chars
            .into_iter()
            .filter_map(|(c, g)| Some((c, remapper.get(g)?)))
            .collect();
        let subset_of = |remapper: &subsetter::GlyphRemapper| {
            subsetter::subset(&face.bytes, 0, remapper)
                .map_err(|e| PdfError::Subset(face_id, format!("{e:?}")))
        };
        let mut subset = subset_of(&remapper)?;
        if fonts::table(&subset, b"glyf").is_some_and(<[u8]>::is_empty) {
            // Only blank glyphs (a space set in this face): readers
            // reject an empty `glyf`, so carry the full stop's outline too.
            if let Some(dot) = face.font.charmap().map_unicode('.') {
                let mut with_dot = remapper.clone();
                with_dot.remap(dot.to_u32() as u16);
                subset = subset_of(&with_dot)?;
            }
        }
        let subset = with_cmap(&subset, &cmap).ok_or(PdfError::FontParse(face_id))?;
        let tag = if rtl {
            rotate_tag(&face.tag)
        } else {
            face.tag.clone()
        };
        ids.insert((face_id, rtl), tag);
        remap[slot(face_id, rtl)] = Some(FontUse::new(&face, &glyph_list, &remapper));
        programs.push(((face_id, rtl), subset, face));
    }

    phases.mark("subset");
    let anchors: HashMap<&str, (usize, f32)> = document
        .anchors
        .iter()
        .map(|a| (a.id.as_str(), (a.page, a.top)))
        .collect();
    let height = document.height;

    // Marked content (ISO 32000-1 §14.6): each structure element's text on a
    // page is one sequence with an MCID; furniture, rules and bars are
    // artifacts (§14.8.2.2). `tagging` records which element each MCID
    // belongs to, for the structure tree the finishing pass writes.
    //
    // Pages are written in parallel (each page's content depends on the
    // page alone), in two passes around the one thing that runs across
    // pages: which page holds the label of a footnote that runs over a page
    // break (its first page). The results are joined in page order, so the
    // file is the same whatever the thread count.
    let rtl = document.lang == "ar" || document.lang == "en-XB";
    let orders: Vec<(Vec<&Mark>, Vec<usize>)> = document
        .pages
        .par_iter()
        .map(|page| {
            // The logical order of the page's marks: the key that orders
            // the marked-content sequences inside their structure elements,
            // and what finds each footnote's label (its first run read).
            let logical = reading_order(&page.marks, rtl);
            // Each mark's place in the logical order, by its index on the
            // page. Left to right, logical order is content order: no
            // table, lookups fall back to the mark's index.
            let rank = if rtl {
                let mut rank = vec![0; page.marks.len()];
                for (order, mark) in logical.iter().enumerate() {
                    rank[mark_index(&page.marks, mark)] = order;
                }
                rank
            } else {
                Vec::new()
            };
            (logical, rank)
        })
        .collect();
    // Footnotes whose label has been found (a note may run over a page).
    let mut labelled: BTreeSet<usize> = BTreeSet::new();
    let labels: Vec<BTreeSet<usize>> = document
        .pages
        .iter()
        .zip(&orders)
        .map(|(page, (logical, _))| {
            let mut labels = BTreeSet::new();
            for mark in logical {
                if let Mark::Text {
                    tag: Tag::Element(e),
                    ..
                } = mark
                {
                    if document.elements[*e] == Role::Note && labelled.insert(*e) {
                        labels.insert(mark_index(&page.marks, mark));
                    }
                }
            }
            labels
        })
        .collect();
    let font_uses = &remap;
    let ids = &ids;
    let anchors = &anchors;
    let written: Vec<Result<PageOutput, PdfError>> = document
        .pages
        .par_iter()
        .enumerate()
        .zip(orders.par_iter().zip(labels.par_iter()))
        .map(|((page_index, page), ((_, rank), labels))| {
            // printpdf gets only the link annotations; the content is ours.
            let mut ops = Vec::new();
            let mut content = Content::new();
            let mut tagging: Vec<finish::Tagged> = Vec::new();
            let mut first_texts: Vec<(usize, u16, String)> = Vec::new();
            let mut seen: Vec<Vec<bool>> = vec![Vec::new(); FONT_SLOTS];
            let mut in_text = false;
            let mut section: Option<Section> = None;
            let mut next_mcid = 0i64;
            let mut current_font: Option<FontKey> = None;
            // Where the viewer's pen is after the last glyph shown: baseline
            // and x (points). A font change keeps it (Tf does not move the pen).
            let mut cursor: Option<(u32, f32)> = None;
            // Links with a target get an annotation, in content order; the runs
            // of the link that follow are its text.
            let mut annotations = 0usize;
            let mut current_link: Option<(&str, usize)> = None;
            for (index, mark) in page.marks.iter().enumerate() {
                if let Mark::Link { target, .. } = mark {
                    if anchors.contains_key(target.as_str()) {
                        current_link = Some((target.as_str(), annotations));
                        annotations += 1;
                    }
                }
                let order = rank.get(index).copied().unwrap_or(index);
                let wanted = match mark {
                    Mark::Text {
                        tag: Tag::Element(e),
                        run,
                        baseline,
                        ..
                    } => {
                        let e = *e;
                        let link = match (&run.link, current_link) {
                            (Some(target), Some((current, n))) if target == current => Some(n),
                            _ => None,
                        };
                        let part = if let Some(n) = link {
                            SectionPart::Link(n)
                        } else if labels.contains(&index) {
                            // A footnote begins with its label (the raised indicator).
                            SectionPart::Label
                        } else if foreign_language(&document.lang, run).is_some() {
                            SectionPart::Lang
                        } else {
                            SectionPart::Text
                        };
                        // Right to left, each line is a sequence of its own, so
                        // sequences can be put in logical order.
                        let line = if rtl { baseline.to_bits() } else { 0 };
                        Some(Section::Element(e, part, line))
                    }
                    Mark::Text {
                        tag: Tag::Header, ..
                    } => Some(Section::Artifact("Header")),
                    Mark::Text {
                        tag: Tag::Footer, ..
                    } => Some(Section::Artifact("Footer")),
                    Mark::Rule { .. } | Mark::Bar { .. } | Mark::Shape { .. } => {
                        Some(Section::Artifact("Layout"))
                    }
                    Mark::Link { .. } => None,
                };
                if let (Some(wanted @ Section::Element(..)), Some(last)) =
                    (wanted, tagging.last_mut())
                {
                    if section == Some(wanted) {
                        last.order = last.order.min(order);
                    }
                }
                if let Some(wanted) = wanted {
                    if section != Some(wanted) {
                        if in_text {
                            content.end_text();
                            in_text = false;
                        }
                        if section.is_some() {
                            content.end_marked();
                        }
                        match wanted {
                            Section::Element(e, part, _) => {
                                let (tag, part) = match (part, mark) {
                                    (SectionPart::Text, _) => {
                                        (document.elements[e].name(), finish::Part::Text)
                                    }
                                    (SectionPart::Label, _) => ("Lbl", finish::Part::Label),
                                    (SectionPart::Lang, Mark::Text { run, .. }) => (
                                        "Span",
                                        finish::Part::Lang(
                                            foreign_language(&document.lang, run).unwrap_or("en"),
                                        ),
                                    ),
                                    (SectionPart::Link(annotation), Mark::Text { run, .. }) => (
                                        "Link",
                                        finish::Part::Link {
                                            annotation,
                                            text: link_text(&page.marks, index, rank, run),
                                        },
                                    ),
                                    _ => (document.elements[e].name(), finish::Part::Text),
                                };
                                tagging.push(finish::Tagged {
                                    page: page_index,
                                    mcid: next_mcid,
                                    element: e,
                                    part,
                                    order,
                                });
                                content.begin_marked(tag, next_mcid);
                                next_mcid += 1;
                            }
                            Section::Artifact(kind) => content.begin_artifact(kind),
                        }
                        section = Some(wanted);
                    }
                }
                match mark {
                    Mark::Text {
                        x, baseline, run, ..
                    } => {
                        if !in_text {
                            content.begin_text();
                            in_text = true;
                            current_font = None;
                            cursor = None;
                        }
                        let font = (run.face, run.is_rtl());
                        let key = (font, run.size.to_bits());
                        if current_font != Some(key) {
                            content.font(&ids[&font], run.size);
                            current_font = Some(key);
                        }
                        // A line is one TJ as far as it can be: where a run
                        // follows on the same baseline (in any font), a kern
                        // moves the viewer's pen (which advances by printpdf's
                        // truncated /W widths) to the shaped position instead of
                        // a new text matrix. Kerns are whole units (1/1000 em,
                        // 0.01 pt at 10 pt); the pen is tracked exactly, so no
                        // glyph is more than half a unit off. A glyph raised or
                        // lowered by GPOS (an Arabic mark) gets a matrix of its own.
                        let to_em = 1000.0 / run.size;
                        let to_pt = run.size / 1000.0;
                        let glyphs = &run.glyphs;
                        let font_slot = slot(font.0, font.1);
                        let font_use = font_uses[font_slot]
                            .as_ref()
                            .ok_or(PdfError::FontParse(run.face))?;
                        let seen = &mut seen[font_slot];
                        if seen.is_empty() {
                            seen.resize(font_use.widths.len(), false);
                        }
                        let mut pen = *x;
                        let mut i = 0;
                        while i < glyphs.len() {
                            let mut end = i + 1;
                            if glyphs[i].y_offset == 0.0 {
                                while end < glyphs.len() && glyphs[end].y_offset == 0.0 {
                                    end += 1;
                                }
                            }
                            let target = pen + glyphs[i].x_offset;
                            let y = height - baseline + glyphs[i].y_offset;
                            let mut viewer = match cursor {
                                Some((cy, cx)) if cy == y.to_bits() => {
                                    let kern = ((cx - target) * to_em).round();
                                    content.kern(kern);
                                    cx - kern * to_pt
                                }
                                _ => {
                                    content.move_to(target, y);
                                    target
                                }
                            };
                            for k in i..end {
                                let glyph = &glyphs[k];
                                let code = font_use.code(glyph);
                                // ToUnicode keeps the first text each code is
                                // drawn with: here, the first on this page.
                                if let Some(first @ false) = seen.get_mut(usize::from(code)) {
                                    *first = true;
                                    first_texts.push((font_slot, code, glyph.text.to_string()));
                                }
                                // The width the viewer advances by: the one in /W.
                                viewer += font_use.widths[usize::from(code)] * to_pt;
                                pen += glyph.advance;
                                let kern = if k + 1 < end {
                                    let kern =
                                        ((viewer - pen - glyphs[k + 1].x_offset) * to_em).round();
                                    viewer -= kern * to_pt;
                                    kern
                                } else {
                                    0.0
                                };
                                content.glyph(code);
                                content.kern(kern);
                            }
                            cursor = Some((y.to_bits(), viewer));
                            i = end;
                        }
                    }
                    other => {
                        if in_text {
                            content.end_text();
                            in_text = false;
                        }
                        graphics(other, height, anchors, &mut content, &mut ops);
                    }
                }
            }
            if in_text {
                content.end_text();
            }
            if section.is_some() {
                content.end_marked();
            }
            Ok(PageOutput {
                content: content.into_bytes(),
                ops,
                tagging,
                first_texts,
            })
        })
        .collect();
    let mut tagging: Vec<finish::Tagged> = Vec::new();
    let mut pages = Vec::with_capacity(document.pages.len());
    let mut contents: Vec<Vec<u8>> = Vec::with_capacity(document.pages.len());
    let mut texts: Vec<Vec<Option<String>>> = remap
        .iter()
        .map(|u| vec![None; u.as_ref().map_or(0, |u| u.widths.len())])
        .collect();
    for page in written {
        let page = page?;
        contents.push(page.content);
        tagging.extend(page.tagging);
        for (font_slot, code, text) in page.first_texts {
            if let Some(entry @ None) = texts[font_slot].get_mut(usize::from(code)) {
                *entry = Some(text);
            }
        }
        let mut pdf_page = PdfPage::new(Mm(0.0), Mm(0.0), page.ops);
        let size = Rect::from_wh(Pt(document.width), Pt(document.height));
        pdf_page.media_box = size.clone();
        pdf_page.trim_box = size.clone();
        pdf_page.crop_box = size;
        pages.push(pdf_page);
    }
    phases.mark("content");
    pdf.with_pages(pages);
    for entry in &document.outline {
        pdf.add_bookmark(&entry.title, entry.page + 1);
    }

    let options = PdfSaveOptions {
        optimize: true,
        // Already subset above.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lopdf_document = pdf.to_lopdf_document(&options, &mut warnings);
    let embedded: Vec<fonts::EmbeddedFont> = programs
        .into_iter()
        .filter_map(|(key, program, face)| {
            let font_use = remap[slot(key.0, key.1)].take()?;
            Some(fonts::EmbeddedFont {
                tag: ids[&key].clone(),
                program,
                face,
                widths: font_use.widths,
                texts: std::mem::take(&mut texts[slot(key.0, key.1)]),
            })
        })
        .collect();
    let font_resources = fonts::embed(&mut lopdf_document, &embedded);
    set_font_resources(&mut lopdf_document, font_resources);
    add_graphic_forms(&mut lopdf_document, document);
    phases.mark("printpdf");
    let r = finish::finish(lopdf_document, document, info, &tagging, contents)
        .map_err(PdfError::Finish);
    phases.mark("finish");
    phases.report("pdf", &document.lang);
    r
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
    /// again for the same character changes nothing in `chars`.
    first_char: Vec<Option<char>>,
}

impl UsedGlyphs {
    fn add(&mut self, glyph: u16, text: &str) {
        let index = usize::from(glyph);
        let (word, bit) = (index / 64, glyph % 64);
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
            self.first_char.resize(self.bits.len() * 64, None);
        }
        self.bits[word] |= 1 << bit;
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            let first = &mut self.first_char[index];
            if *first != Some(c) {
                self.chars.entry(c).or_insert(glyph);
                first.get_or_insert(c);
            }
        }
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

/// A subset font as the content stream uses it: the code of each glyph
/// and the width each code has in `/W` (the font's advance in 1/1000 em
/// to three decimals, so the viewer's pen follows the shaped advances and
/// a line's glyphs need no kerns but real ones).
struct FontUse {
    /// Subset code by original glyph id (0: not in the subset).
    codes: Vec<u16>,
    widths: Vec<f32>,
}

impl FontUse {
    fn new(
        face: &crate::typeset::LoadedFace,
        glyphs: &[u16],
        remapper: &subsetter::GlyphRemapper,
    ) -> Self {
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
        FontUse { codes, widths }
    }

    /// The glyph's code.
    fn code(&self, glyph: &crate::typeset::Glyph) -> u16 {
        self.codes.get(usize::from(glyph.id)).copied().unwrap_or(0)
    }
}

/// One page written: its content stream, printpdf's operations (link
/// annotations), its marked-content sequences, and the text of each glyph
/// code the page draws first (font slot, code, text), for ToUnicode.
struct PageOutput {
    content: Vec<u8>,
    ops: Vec<Op>,
    tagging: Vec<finish::Tagged>,
    first_texts: Vec<(usize, u16, String)>,
}

/// The index on `marks` of a reference into it.
fn mark_index(marks: &[Mark], mark: &Mark) -> usize {
    let base = marks.as_ptr() as usize;
    (mark as *const Mark as usize - base) / std::mem::size_of::<Mark>().max(1)
}

/// Makes `fonts` the font resources of every page.
fn set_font_resources(pdf: &mut lopdf::Document, fonts: lopdf::Dictionary) {
    set_page_resource(pdf, b"Font", fonts);
}

/// Sets the `key` dictionary of every page's resources to `value`: in place
/// of the one printpdf wrote (empty: it has no fonts or images of ours), so
/// no object is left unreferenced.
fn set_page_resource(pdf: &mut lopdf::Document, key: &[u8], value: lopdf::Dictionary) {
    use lopdf::Object;
    let pages: Vec<lopdf::ObjectId> = pdf.get_pages().values().copied().collect();
    let mut value_id = None;
    for page in pages {
        let resources_id = match pdf.get_dictionary(page).and_then(|d| d.get(b"Resources")) {
            Ok(Object::Reference(id)) => *id,
            _ => {
                let id = pdf.add_object(lopdf::Dictionary::new());
                if let Ok(d) = pdf.get_dictionary_mut(page) {
                    d.set("Resources", Object::Reference(id));
                }
                id
            }
        };
        let id = *value_id.get_or_insert_with(|| {
            match pdf.get_dictionary(resources_id).and_then(|d| d.get(key)) {
                Ok(Object::Reference(existing)) if pdf.objects.contains_key(existing) => {
                    let existing = *existing;
                    pdf.objects
                        .insert(existing, Object::Dictionary(value.clone()));
                    existing
                }
                _ => pdf.add_object(value.clone()),
            }
        });
        if let Ok(dictionary) = pdf.get_dictionary_mut(resources_id) {
            dictionary.set(key.to_vec(), Object::Reference(id));
        }
    }
}

/// The form XObjects of the vector graphics the pages draw (emblem, recycle
/// mark), in the resources of every page. Each form's content is compressed
/// once per process and reused: finish.rs leaves a stream with a filter
/// alone.
fn add_graphic_forms(pdf: &mut lopdf::Document, document: &PagedDocument) {
    use lopdf::{Dictionary, Object, Stream};
    let mut graphics: Vec<&crate::paginate::Graphic> = Vec::new();
    for page in &document.pages {
        for mark in &page.marks {
            if let Mark::Shape { graphic, .. } = mark {
                if !graphics.iter().any(|g| g.name == graphic.name) {
                    graphics.push(graphic);
                }
            }
        }
    }
    if graphics.is_empty() {
        return;
    }
    let mut forms = Dictionary::new();
    for graphic in graphics {
        let compressed = graphic.form.get_or_init(|| {
            let content = content::graphic_form(graphic);
            let mut compressor =
                libdeflater::Compressor::new(libdeflater::CompressionLvl::default());
            let mut out = vec![0; compressor.zlib_compress_bound(content.len())];
            let length = compressor
                .zlib_compress(&content, &mut out)
                .expect("the bound leaves room for the compressed form");
            out.truncate(length);
            out
        });
        let [x, y, width, height] = graphic.view_box;
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Form".to_vec()));
        dict.set("FormType", Object::Integer(1));
        dict.set(
            "BBox",
            Object::Array(
                [x, y, x + width, y + height]
                    .into_iter()
                    .map(Object::Real)
                    .collect(),
            ),
        );
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let stream = Stream::new(dict, compressed.clone()).with_compression(false);
        let id = pdf.add_object(stream);
        forms.set(graphic.name.as_bytes(), Object::Reference(id));
    }
    set_page_resource(pdf, b"XObject", forms);
}

/// Fonts a document can use: each face, and its copy for right-to-left runs.
const FONT_SLOTS: usize = 2 * FaceId::ALL.len();

/// Where a font is in the per-font arrays.
fn slot(face: FaceId, rtl: bool) -> usize {
    2 * face as usize + usize::from(rtl)
}

/// A font: face, and whether it is the copy for right-to-left runs.
type EmbeddedKey = (FaceId, bool);

/// A font resource at a size: face, right-to-left copy, size bits.
type FontKey = ((FaceId, bool), u32);

/// The marked-content sequence being written: part of a structure
/// element, or an artifact. A new part starts a new sequence (MCID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Element, part, and (right to left) the line's baseline.
    Element(usize, SectionPart, u32),
    Artifact(&'static str),
}

/// Which part of its element a marked-content sequence is (finish::Part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionPart {
    Text,
    Lang,
    Label,
    /// The link text of the page's n-th annotation.
    Link(usize),
}

/// A run's text in logical order (the glyphs of a right-to-left run are
/// in visual order).
fn logical_text(run: &crate::typeset::Run) -> String {
    if run.is_rtl() {
        run.glyphs.iter().rev().map(|g| g.text.as_str()).collect()
    } else {
        run.text()
    }
}

/// The text of the link whose first run is `marks[start]`: its runs on
/// the line, in logical order.
fn link_text(marks: &[Mark], start: usize, rank: &[usize], first: &crate::typeset::Run) -> String {
    let mut pieces: Vec<(usize, String)> = Vec::new();
    for (i, mark) in marks.iter().enumerate().skip(start) {
        match mark {
            Mark::Text { run, .. } if run.link == first.link => {
                let order = rank.get(i).copied().unwrap_or(i);
                pieces.push((order, logical_text(run)));
            }
            Mark::Text { run, .. } if run.glyphs.iter().all(|g| g.text.trim().is_empty()) => {}
            _ => break,
        }
    }
    pieces.sort_by_key(|p| p.0);
    pieces.into_iter().map(|p| p.1).collect()
}

/// The language of a run that is not in the document's language: Latin
/// letters (a symbol, a name, an acronym) inside Arabic or Chinese text.
/// Digits and punctuation alone have no language.
fn foreign_language(lang: &str, run: &crate::typeset::Run) -> Option<&'static str> {
    let latin = |g: &crate::typeset::Glyph| g.text.chars().any(|c| c.is_ascii_alphabetic());
    (matches!(lang, "ar" | "zh") && !run.is_rtl() && run.glyphs.iter().any(latin)).then_some("en")
}

/// The marks of a page in the order they are read. In right-to-left
/// documents the runs of a line are read from the right, each
/// left-to-right island (a symbol or a number) whole: UAX #9 L2 undone for
/// a line of levels 1 and 2. The content stays in drawing order (text
/// extractors that follow it expect that); this order sorts the
/// marked-content sequences inside their structure elements.
fn reading_order(marks: &[Mark], rtl: bool) -> Vec<&Mark> {
    if !rtl {
        return marks.iter().collect();
    }
    let mut out = Vec::with_capacity(marks.len());
    let mut i = 0;
    while i < marks.len() {
        // A line: text marks (each with the link mark before it) on one
        // baseline, of one structure element or furniture.
        let mut units: Vec<(f32, bool, &[Mark])> = Vec::new();
        let mut key = None;
        let mut j = i;
        loop {
            let len = match (marks.get(j), marks.get(j + 1)) {
                (Some(Mark::Link { .. }), Some(Mark::Text { .. })) => 2,
                (Some(Mark::Text { .. }), _) => 1,
                _ => break,
            };
            let Mark::Text {
                x,
                baseline,
                run,
                tag,
            } = &marks[j + len - 1]
            else {
                break;
            };
            if key.is_some_and(|k| k != (baseline.to_bits(), *tag)) {
                break;
            }
            key = Some((baseline.to_bits(), *tag));
            units.push((*x, run.is_rtl(), &marks[j..j + len]));
            j += len;
        }
        if units.is_empty() {
            out.push(&marks[i]);
            i += 1;
            continue;
        }
        units.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Visual order (left to right) into groups: each right-to-left run
        // alone, consecutive left-to-right runs together; read the groups
        // from the right. A link's area goes just before the first of its
        // runs read.
        let mut links: Vec<&Mark> = Vec::new();
        let mut groups: Vec<Vec<&Mark>> = Vec::new();
        let mut last_ltr = false;
        for (_, rtl, unit) in units {
            let (link, text) = match unit {
                [link, text] => (Some(link), text),
                [text] => (None, text),
                _ => continue,
            };
            links.extend(link);
            if !rtl && last_ltr {
                groups.last_mut().expect("a group is open").push(text);
            } else {
                groups.push(vec![text]);
            }
            last_ltr = !rtl;
        }
        for text in groups.iter().rev().flatten() {
            if let Mark::Text { run, .. } = text {
                let first = links.iter().position(
                    |l| matches!(l, Mark::Link { target, .. } if run.link.as_ref() == Some(target)),
                );
                if let Some(k) = first {
                    out.push(links.remove(k));
                }
            }
            out.push(text);
        }
        out.extend(links);
        i = j;
    }
    out
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
    let u16_at = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    let count = usize::from(u16_at(4)?);
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(count + 1);
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(record + 8)? as usize;
        let length = u32_at(record + 12)? as usize;
        if &tag != b"cmap" {
            tables.push((tag, font.get(offset..offset + length)?));
        }
    }
    let cmap = cmap_table(map);
    tables.push((*b"cmap", &cmap));
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros());
    let mut out = Vec::with_capacity(font.len() + 64);
    out.extend_from_slice(font.get(0..4)?);
    for v in [
        n,
        power * 16,
        power.trailing_zeros() as u16,
        n * 16 - power * 16,
    ] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        let checksum = data
            .chunks(4)
            .map(|c| {
                let mut word = [0u8; 4];
                word[..c.len()].copy_from_slice(c);
                u32::from_be_bytes(word)
            })
            .fold(0u32, u32::wrapping_add);
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    Some(out)
}

/// A second, distinct subset tag for the right-to-left copy of a font.
fn rotate_tag(tag: &str) -> String {
    tag.bytes()
        .map(|b| (b'A' + (b - b'A' + 13) % 26) as char)
        .collect()
}

/// Rules, bars and links.
fn graphics(
    mark: &Mark,
    height: f32,
    anchors: &HashMap<&str, (usize, f32)>,
    content: &mut Content,
    ops: &mut Vec<Op>,
) {
    match mark {
        Mark::Rule {
            x1,
            x2,
            y,
            thickness,
        } => content.rule(*x1, *x2, height - y, *thickness),
        Mark::Bar {
            x,
            top,
            width,
            height: h,
        } => content.bar(*x, height - top - h, *width, *h),
        Mark::Shape {
            x,
            top,
            scale,
            graphic,
        } => content.shape(graphic, *x, height - top, *scale),
        Mark::Link {
            x,
            top,
            width,
            height: h,
            target,
        } => {
            if let Some((page, target_top)) = anchors.get(target.as_str()) {
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        Rect::from_xywh(Pt(*x), Pt(height - top - h), Pt(*width), Pt(*h)),
                        Actions::Goto(Destination::Xyz {
                            page: page + 1,
                            left: None,
                            top: Some(height - target_top + 12.0),
                            zoom: None,
                        }),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    ),
                });
            }
        }
        Mark::Text { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::{Glyph, Run};

    fn text(x: f32, s: &str, level: u8, link: Option<&str>) -> Mark {
        Mark::Text {
            x,
            baseline: 100.0,
            run: std::sync::Arc::new(Run {
                face: FaceId::SerifRegular,
                size: 10.0,
                glyphs: vec![Glyph {
                    id: 1,
                    advance: 10.0,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    text: s.into(),
                }],
                link: link.map(str::to_owned),
                level,
                footnote: None,
            }),
            tag: Tag::Element(0),
        }
    }

    fn texts(marks: &[&Mark]) -> Vec<String> {
        marks
            .iter()
            .map(|m| match m {
                Mark::Text { run, .. } => run.text(),
                Mark::Link { target, .. } => format!("link:{target}"),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn right_to_left_lines_read_from_the_right_with_latin_islands_whole() {
        // Drawn left to right: C (Arabic), "A/75" "/906" (Latin), B (Arabic).
        let marks = vec![
            text(0.0, "C", 1, None),
            text(10.0, "A/75", 2, None),
            text(20.0, "/906", 2, None),
            text(30.0, "B", 1, None),
        ];
        assert_eq!(
            texts(&reading_order(&marks, true)),
            ["B", "A/75", "/906", "C"]
        );
        assert_eq!(
            texts(&reading_order(&marks, false)),
            ["C", "A/75", "/906", "B"]
        );
    }

    #[test]
    fn a_link_area_goes_before_the_first_of_its_runs_read() {
        let link = Mark::Link {
            x: 0.0,
            top: 90.0,
            width: 20.0,
            height: 12.0,
            target: "annex".into(),
        };
        let marks = vec![
            link,
            text(0.0, "Y", 1, Some("annex")),
            text(10.0, "X", 1, Some("annex")),
            text(20.0, "W", 1, None),
        ];
        assert_eq!(
            texts(&reading_order(&marks, true)),
            ["W", "link:annex", "X", "Y"]
        );
        assert_eq!(
            logical_text(match &marks[1] {
                Mark::Text { run, .. } => run,
                _ => unreachable!(),
            }),
            "Y"
        );
    }

    #[test]
    fn latin_inside_arabic_or_chinese_has_its_language() {
        let run = |s: &str, level| match text(0.0, s, level, None) {
            Mark::Text { run, .. } => run,
            _ => unreachable!(),
        };
        assert_eq!(foreign_language("ar", &run("A/75/906", 2)), Some("en"));
        assert_eq!(foreign_language("zh", &run("CSTO", 0)), Some("en"));
        assert_eq!(foreign_language("ar", &run("2021", 2)), None, "digits");
        assert_eq!(foreign_language("en", &run("CSTO", 0)), None);
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
            fonts::table(&subset, b"cmap"),
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
