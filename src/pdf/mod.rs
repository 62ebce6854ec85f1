//! Stage 6: the PDF. printpdf writes pages of glyph ids with their cluster
//! text (so ToUnicode gives the text back), subset and embedded fonts,
//! bookmarks and links; the finishing pass (`finish.rs`) adds what printpdf
//! cannot write and makes the bytes depend on the content alone.
//!
//! Determinism (DESIGN.md): fonts are inserted under ids derived from their
//! hash instead of printpdf's random ids, all dates come from the source,
//! and the trailer `/ID` is a hash of the finished file.

mod finish;

pub use finish::language_tag;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, DictItem, FontId, Greyscale,
    Line as PathLine, LinePoint, LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use crate::paginate::{Mark, PagedDocument, Role, Tag};
use crate::typeset::{FaceId, FontBook, FontError};

/// Why a PDF could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("printpdf cannot read the font {0:?}")]
    FontParse(FaceId),
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

/// printpdf's parsed fonts, parsed once per process and cloned into each
/// document (parsing the 15 MB Chinese face costs far more than a copy).
#[derive(Default)]
pub struct ParsedFonts {
    faces: [std::sync::OnceLock<Option<ParsedFont>>; 8],
}

impl ParsedFonts {
    fn get(&self, fonts: &FontBook, id: FaceId) -> Result<ParsedFont, PdfError> {
        let face = fonts.face(id)?;
        self.faces[id as usize]
            .get_or_init(|| ParsedFont::from_bytes(&face.bytes, 0, &mut Vec::new()))
            .clone()
            .ok_or(PdfError::FontParse(id))
    }
}

/// Writes the paginated document as PDF bytes.
pub fn write(
    document: &PagedDocument,
    fonts: &FontBook,
    parsed_fonts: &ParsedFonts,
    info: &PdfInfo,
) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&document.title);

    // Fonts under ids derived from their hash. A face used in right-to-left
    // runs is registered a second time: there a mirrored glyph stands for
    // the opposite parenthesis, and ToUnicode holds one text per glyph per
    // font (DESIGN.md).
    let used: BTreeSet<(FaceId, bool)> = document
        .pages
        .iter()
        .flat_map(|p| &p.marks)
        .filter_map(|m| match m {
            Mark::Text { run, .. } => Some((run.face, run.is_rtl())),
            _ => None,
        })
        .collect();
    let mut ids = BTreeMap::new();
    for (face_id, rtl) in used {
        let face = fonts.face(face_id)?;
        let parsed = parsed_fonts.get(fonts, face_id)?;
        let tag = if rtl {
            rotate_tag(&face.tag)
        } else {
            face.tag.clone()
        };
        let id = FontId(tag);
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        ids.insert((face_id, rtl), id);
    }

    // ToUnicode keeps one text per glyph per font: the first one seen.
    let mut glyph_text: HashMap<(FaceId, bool, u16), String> = HashMap::new();
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
    let mut tagging: Vec<finish::Tagged> = Vec::new();
    let mut pages = Vec::new();
    // Footnotes whose label has been found (a note may run over a page).
    let mut labelled: BTreeSet<usize> = BTreeSet::new();
    for (page_index, page) in document.pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut in_text = false;
        let mut section: Option<Section> = None;
        let mut next_mcid = 0i64;
        let mut current_font: Option<((FaceId, bool), u32)> = None;
        // The logical order of the page's marks: the key that orders the
        // marked-content sequences inside their structure elements, and
        // what finds each footnote's label (its first run read).
        let rtl = document.lang == "ar" || document.lang == "en-XB";
        let logical = reading_order(&page.marks, rtl);
        let rank: HashMap<*const Mark, usize> = logical
            .iter()
            .enumerate()
            .map(|(i, m)| (*m as *const Mark, i))
            .collect();
        let mut labels: BTreeSet<*const Mark> = BTreeSet::new();
        for mark in &logical {
            if let Mark::Text {
                tag: Tag::Element(e),
                ..
            } = mark
            {
                if document.elements[*e] == Role::Note && labelled.insert(*e) {
                    labels.insert(*mark as *const Mark);
                }
            }
        }
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
            let order = rank.get(&(mark as *const Mark)).copied().unwrap_or(index);
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
                    } else if labels.contains(&(mark as *const Mark)) {
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
                Mark::Rule { .. } | Mark::Bar { .. } => Some(Section::Artifact("Layout")),
                Mark::Link { .. } => None,
            };
            if let (Some(wanted @ Section::Element(..)), Some(last)) = (wanted, tagging.last_mut())
            {
                if section == Some(wanted) {
                    last.order = last.order.min(order);
                }
            }
            if let Some(wanted) = wanted {
                if section != Some(wanted) {
                    if in_text {
                        ops.push(Op::EndTextSection);
                        in_text = false;
                    }
                    if section.is_some() {
                        ops.push(Op::EndMarkedContent);
                    }
                    ops.push(match wanted {
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
                                        text: link_text(&page.marks, index, &rank, run),
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
                            let op = Op::BeginMarkedContentWithProperties {
                                tag: tag.to_owned(),
                                properties: DictItem::Dict {
                                    map: BTreeMap::from([(
                                        "MCID".to_owned(),
                                        DictItem::Int(next_mcid),
                                    )]),
                                },
                            };
                            next_mcid += 1;
                            op
                        }
                        Section::Artifact(kind) => {
                            let mut map = BTreeMap::new();
                            if kind == "Layout" {
                                map.insert("Type".to_owned(), DictItem::Name(b"Layout".to_vec()));
                            } else {
                                map.insert(
                                    "Type".to_owned(),
                                    DictItem::Name(b"Pagination".to_vec()),
                                );
                                map.insert(
                                    "Subtype".to_owned(),
                                    DictItem::Name(kind.as_bytes().to_vec()),
                                );
                            }
                            Op::BeginMarkedContentWithProperties {
                                tag: "Artifact".to_owned(),
                                properties: DictItem::Dict { map },
                            }
                        }
                    });
                    section = Some(wanted);
                }
            }
            match mark {
                Mark::Text {
                    x, baseline, run, ..
                } => {
                    if !in_text {
                        ops.push(Op::StartTextSection);
                        in_text = true;
                        current_font = None;
                    }
                    let font = (run.face, run.is_rtl());
                    let key = (font, run.size.to_bits());
                    if current_font != Some(key) {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(ids[&font].clone()),
                            size: Pt(run.size),
                        });
                        current_font = Some(key);
                    }
                    // One text matrix per stretch of glyphs on the baseline,
                    // with TJ kerns that cancel the difference between the
                    // width the viewer advances by (printpdf's truncated
                    // /W) and the shaped advance; a glyph raised or lowered
                    // by GPOS (an Arabic mark) gets a matrix of its own.
                    let face = fonts.face(run.face)?;
                    let per_unit = 1000.0 / f32::from(face.units_per_em);
                    let to_em = 1000.0 / run.size;
                    let glyphs = &run.glyphs;
                    let mut pen = *x;
                    let mut i = 0;
                    while i < glyphs.len() {
                        let mut end = i + 1;
                        if glyphs[i].y_offset == 0.0 {
                            while end < glyphs.len() && glyphs[end].y_offset == 0.0 {
                                end += 1;
                            }
                        }
                        ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(
                                Pt(pen + glyphs[i].x_offset),
                                Pt(height - baseline + glyphs[i].y_offset),
                            ),
                        });
                        let mut codepoints = Vec::with_capacity(end - i);
                        for k in i..end {
                            let glyph = &glyphs[k];
                            let slot = glyph_text
                                .entry((run.face, run.is_rtl(), glyph.id))
                                .or_default();
                            if slot.is_empty() {
                                slot.clone_from(&glyph.text);
                            }
                            let kern = if k + 1 < end {
                                // The width printpdf writes into /W, truncated as it does.
                                let w_pdf = (face.advance(glyph.id) * per_unit) as i64 as f32;
                                let kern = w_pdf
                                    - (glyph.advance + glyphs[k + 1].x_offset - glyph.x_offset)
                                        * to_em;
                                // A tenth of a unit (1/10000 em) is far below what
                                // prints; rounding keeps the content stream short.
                                (kern * 10.0).round() / 10.0
                            } else {
                                0.0
                            };
                            codepoints.push(Codepoint::with_cid(glyph.id, kern, slot.clone()));
                            pen += glyph.advance;
                        }
                        ops.push(Op::ShowText {
                            items: vec![TextItem::GlyphIds(codepoints)],
                        });
                        i = end;
                    }
                }
                other => {
                    if in_text {
                        ops.push(Op::EndTextSection);
                        in_text = false;
                    }
                    graphics(other, height, &anchors, &mut ops);
                }
            }
        }
        if in_text {
            ops.push(Op::EndTextSection);
        }
        if section.is_some() {
            ops.push(Op::EndMarkedContent);
        }
        let mut pdf_page = PdfPage::new(Mm(0.0), Mm(0.0), ops);
        let size = Rect::from_wh(Pt(document.width), Pt(document.height));
        pdf_page.media_box = size.clone();
        pdf_page.trim_box = size.clone();
        pdf_page.crop_box = size;
        pages.push(pdf_page);
    }
    pdf.with_pages(pages);
    for entry in &document.outline {
        pdf.add_bookmark(&entry.title, entry.page + 1);
    }

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lopdf_document = pdf.to_lopdf_document(&options, &mut warnings);
    finish::finish(lopdf_document, document, info, &tagging).map_err(PdfError::Finish)
}

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
fn link_text(
    marks: &[Mark],
    start: usize,
    rank: &HashMap<*const Mark, usize>,
    first: &crate::typeset::Run,
) -> String {
    let mut pieces: Vec<(usize, String)> = Vec::new();
    for (i, mark) in marks.iter().enumerate().skip(start) {
        match mark {
            Mark::Text { run, .. } if run.link == first.link => {
                let order = rank.get(&(mark as *const Mark)).copied().unwrap_or(i);
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

/// A second, distinct subset tag for the right-to-left copy of a font.
fn rotate_tag(tag: &str) -> String {
    tag.bytes()
        .map(|b| (b'A' + (b - b'A' + 13) % 26) as char)
        .collect()
}

/// Rules, bars and links.
fn graphics(mark: &Mark, height: f32, anchors: &HashMap<&str, (usize, f32)>, ops: &mut Vec<Op>) {
    match mark {
        Mark::Rule {
            x1,
            x2,
            y,
            thickness,
        } => {
            ops.push(Op::SetOutlineColor {
                col: Color::Greyscale(Greyscale::new(0.0, None)),
            });
            ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
            let point = |x: f32| LinePoint {
                p: Point {
                    x: Pt(x),
                    y: Pt(height - y),
                },
                bezier: false,
            };
            ops.push(Op::DrawLine {
                line: PathLine {
                    points: vec![point(*x1), point(*x2)],
                    is_closed: false,
                },
            });
        }
        Mark::Bar {
            x,
            top,
            width,
            height: h,
        } => {
            ops.push(Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(0.0, None)),
            });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(height - top - h),
                    width: Pt(*width),
                    height: Pt(*h),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
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
            run: Run {
                face: FaceId::SerifRegular,
                size: 10.0,
                glyphs: vec![Glyph {
                    id: 1,
                    advance: 10.0,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    text: s.to_owned(),
                }],
                link: link.map(str::to_owned),
                level,
                footnote: None,
            },
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
}
