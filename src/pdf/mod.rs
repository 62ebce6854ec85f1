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

use crate::paginate::{Mark, PagedDocument, Tag};
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
    for (page_index, page) in document.pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut in_text = false;
        let mut section: Option<Section> = None;
        let mut next_mcid = 0i64;
        let mut current_font: Option<((FaceId, bool), u32)> = None;
        for mark in &page.marks {
            let wanted = match mark {
                Mark::Text {
                    tag: Tag::Element(e),
                    ..
                } => Some(Section::Element(*e)),
                Mark::Text {
                    tag: Tag::Header, ..
                } => Some(Section::Artifact("Header")),
                Mark::Text {
                    tag: Tag::Footer, ..
                } => Some(Section::Artifact("Footer")),
                Mark::Rule { .. } | Mark::Bar { .. } => Some(Section::Artifact("Layout")),
                Mark::Link { .. } => None,
            };
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
                        Section::Element(e) => {
                            tagging.push(finish::Tagged {
                                page: page_index,
                                mcid: next_mcid,
                                element: e,
                            });
                            let op = Op::BeginMarkedContentWithProperties {
                                tag: document.elements[e].name().to_owned(),
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

/// The marked-content sequence being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Element(usize),
    Artifact(&'static str),
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
