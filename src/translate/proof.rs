//! Bilingual proofs for revisers: the source ‖ the translation, segment by
//! segment side by side, each row on one page, stale and missing segments
//! flagged in the outer margin. It reuses the typesetter and the PDF
//! writer; the two-column page is laid out here.

use crate::diagnostic::Diagnostic;
use crate::language::Language;
use crate::layout::{Inline, Paper, Paragraph, Style};
use crate::paginate::{Geometry, Mark, Page, PagedDocument, Role, Tag};
use crate::pdf::{self, PdfInfo};
use crate::pipeline::Resources;
use crate::source::inline::InlineText;
use crate::source::Document;
use crate::translate::status::{status, word_diff, word_diff_text, LanguageStatus};
use crate::translate::tracked::{tracked, Tracked};
use crate::typeset::{typeset_paragraph, typeset_text, Line, Shaper, TypesetError};

/// Gap between the two columns, in points.
const GAP: f32 = 18.0;
/// Space between rows.
const ROW_GAP: f32 = 10.0;

/// Width of the segment ids in the left margin, which ends 4 pt before
/// the source column.
const ID_MARGIN: f32 = 36.0;

/// The width of a set line.
fn line_width(line: &Line) -> f32 {
    line.runs
        .iter()
        .map(|(x, run)| x + run.width())
        .fold(0.0, f32::max)
}

/// A segment id for the left margin, never wider than [`ID_MARGIN`]: a
/// line per part of its path (`annexes/`, `csto-statement/`,
/// `partner-status`), a part still too wide set smaller to fit.
fn id_label(id: &str, shaper: &mut Shaper) -> Result<Vec<Line>, TypesetError> {
    let mut lines = Vec::new();
    for part in id.split_inclusive('/') {
        let mut set = typeset_text(part, 6.0, false, f32::INFINITY, Language::of("en"), shaper)?;
        let width = set.iter().map(line_width).fold(0.0, f32::max);
        if width > ID_MARGIN {
            set = typeset_text(
                part,
                6.0 * ID_MARGIN / width,
                false,
                f32::INFINITY,
                Language::of("en"),
                shaper,
            )?;
        }
        lines.extend(set);
    }
    Ok(lines)
}

/// A segment's text as a paragraph: its emphasis set, quotation marks as
/// typed quotes, note calls and annex references shown by their id (a
/// reviser checks that each translation has them), never the raw tags.
fn paragraph(text: &InlineText) -> Paragraph {
    use crate::source::inline::Inline as Piece;
    fn walk(pieces: &[Piece], style: Inline, out: &mut Vec<Inline>) {
        for piece in pieces {
            let run = |text: String| Inline {
                text,
                ..style.clone()
            };
            match piece {
                Piece::Text(t) => out.push(run(t.clone())),
                Piece::NonBreakingSpace => out.push(run("\u{a0}".into())),
                Piece::LineBreak => out.push(Inline {
                    break_before: true,
                    ..style.clone()
                }),
                Piece::Italic(p) => walk(
                    p,
                    Inline {
                        italic: true,
                        ..style.clone()
                    },
                    out,
                ),
                Piece::Bold(p) => walk(
                    p,
                    Inline {
                        bold: true,
                        ..style.clone()
                    },
                    out,
                ),
                Piece::Superscript(p) => walk(
                    p,
                    Inline {
                        superscript: true,
                        ..style.clone()
                    },
                    out,
                ),
                Piece::Quote(p) => {
                    out.push(run("“".into()));
                    walk(p, style.clone(), out);
                    out.push(run("”".into()));
                }
                Piece::Footnote(id) => out.push(Inline {
                    text: format!("[{id}]"),
                    superscript: true,
                    ..style.clone()
                }),
                Piece::Annex(id) => out.push(run(format!("[annex {id}]"))),
            }
        }
    }
    let mut inlines = Vec::new();
    match text.pieces() {
        Ok(pieces) => walk(pieces, Inline::default(), &mut inlines),
        Err(_) => inlines.push(Inline {
            text: text.to_string(),
            ..Inline::default()
        }),
    }
    Paragraph {
        style: Style::Body,
        id: None,
        bookmark: None,
        inlines,
        label: None,
        depth: 0,
        boxed: false,
        contents: None,
    }
}

fn place(page: &mut Page, lines: &[Line], x: f32, top: f32, tag: Tag) -> f32 {
    let mut y = top;
    for line in lines {
        y += line.leading;
        for (dx, run) in &line.runs {
            page.marks.push(Mark::Text {
                x: x + dx,
                baseline: y,
                run: run.clone(),
                tag,
            });
        }
    }
    y
}

/// The proof PDF of `document`: `source` on the left, `target` on the right.
pub fn proof(
    document: &Document,
    source: &str,
    target: &str,
    resources: &Resources,
) -> Result<Vec<u8>, Diagnostic> {
    let (source_texts, source_file) = document.texts_in(source)?;
    let (target_texts, target_file) = document.texts_in(target)?;
    let state = status(document, source)?;
    let languages = state.languages.get(target).cloned().unwrap_or_default();

    let mut sheet = Sheet::new(document, resources);
    let title = format!("{} — {source} ‖ {target}", document.id);
    sheet.heading(&title)?;
    let targets = tracked(target_texts, Some(target_file));
    for original in tracked(source_texts, Some(source_file)) {
        let translation = targets.iter().find(|t| t.id == original.id);
        let set = sheet.set_row(&original, translation, &languages, source, target)?;
        sheet.row(&set, flag(translation.is_some(), &languages, &original.id))?;
    }
    sheet.page_numbers()?;

    let g = sheet.g;
    let paged = PagedDocument {
        lang: target.to_owned(),
        title: title.clone(),
        width: g.width,
        height: g.height,
        pages: sheet.pages,
        anchors: Vec::new(),
        outline: Vec::new(),
        elements: sheet.elements,
    };
    let date = document.issue_date();
    pdf::write(
        &paged,
        &resources.fonts,
        &PdfInfo {
            date,
            subject: format!("bilingual proof {source} ‖ {target}"),
            standard: pdf::PdfStandard::None,
        },
    )
    .map_err(|e| proof_error(document, e))
}

/// A problem setting or writing the proof of `document`.
fn proof_error(document: &Document, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("{} proof: {e}", document.id)).in_file(&document.dir)
}

/// What changed in a stale source since its translation was reviewed,
/// word by word. (Compared as shown, references by their id, never raw
/// tags.)
fn change(languages: &LanguageStatus, id: &str) -> Option<String> {
    languages.stale.iter().find(|s| s.id == id).and_then(|s| {
        let old = paragraph(&s.old_source.as_deref()?.into()).text();
        let diff = word_diff(&old, &paragraph(&s.new_source.as_str().into()).text());
        Some(format!("changed: {}", word_diff_text(&diff)))
    })
}

/// The flag of a segment in the outer margin: stale (the source changed
/// since the translation was reviewed), missing or unreviewed.
fn flag(translated: bool, languages: &LanguageStatus, id: &str) -> Option<&'static str> {
    if !translated {
        Some("missing")
    } else if languages.stale.iter().any(|s| s.id == id) {
        Some("stale")
    } else if languages.unreviewed.iter().any(|u| u == id) {
        Some("unreviewed")
    } else {
        None
    }
}

/// The lines of one row, set: the source segment, what changed in it
/// since the translation was reviewed, the translation and the segment id.
struct RowLines {
    source: Vec<Line>,
    change: Vec<Line>,
    target: Vec<Line>,
    id: Vec<Line>,
}

impl RowLines {
    /// The space between the source and its change, when there is one.
    fn gap(&self) -> f32 {
        if self.change.is_empty() {
            0.0
        } else {
            2.0
        }
    }

    /// The height of the row: its tallest column, at least 12 pt.
    fn height(&self) -> f32 {
        let height = |lines: &[Line]| lines.iter().map(|l| l.leading).sum::<f32>();
        let source_height = height(&self.source) + self.gap() + height(&self.change);
        source_height
            .max(height(&self.target))
            .max(height(&self.id))
            .max(12.0)
    }
}

/// The proof's pages as they are set: the page geometry, the two columns,
/// the shaper, the pages so far with their tagged elements, and where the
/// next row goes.
struct Sheet<'a> {
    document: &'a Document,
    g: Geometry,
    /// The width of a column, and where the source's and the
    /// translation's begin.
    column: f32,
    left: f32,
    right: f32,
    shaper: Shaper<'a>,
    pages: Vec<Page>,
    elements: Vec<Role>,
    /// The top of the next row.
    y: f32,
}

impl<'a> Sheet<'a> {
    /// An empty first A4 page with two columns between the furniture's
    /// margins.
    fn new(document: &'a Document, resources: &'a Resources) -> Self {
        let g = Geometry::of(Paper::A4);
        let column = (g.furniture_right - g.furniture_left - GAP) / 2.0;
        let left = g.furniture_left;
        let right = g.furniture_left + column + GAP;
        Sheet {
            document,
            g,
            column,
            left,
            right,
            shaper: Shaper::pooled(&resources.fonts, &resources.caches),
            pages: vec![Page::default()],
            elements: Vec::new(),
            y: 0.0,
        }
    }

    /// The title at the top of the first page, the proof's one heading.
    fn heading(&mut self, title: &str) -> Result<(), Diagnostic> {
        let document = self.document;
        let heading = typeset_text(
            title,
            12.0,
            true,
            f32::INFINITY,
            Language::of("en"),
            &mut self.shaper,
        )
        .map_err(|e| proof_error(document, e))?;
        self.elements.push(Role::H1);
        self.y = place(
            &mut self.pages[0],
            &heading,
            self.left,
            self.g.first_body_top - 20.0,
            Tag::Element(0),
        ) + 14.0;
        Ok(())
    }

    /// Sets a segment's row: the source and its translation (if any) in
    /// their languages and a column wide, the id for the margin, and under
    /// a stale source what changed since the translation was reviewed.
    fn set_row(
        &mut self,
        original: &Tracked,
        translation: Option<&Tracked>,
        languages: &LanguageStatus,
        source: &str,
        target: &str,
    ) -> Result<RowLines, Diagnostic> {
        let document = self.document;
        let error = |e: TypesetError| proof_error(document, e);
        let column = self.column;
        let shaper = &mut self.shaper;
        let set = |text: &InlineText, lang: &str, shaper: &mut Shaper| {
            typeset_paragraph(&paragraph(text), column, Language::of(lang), shaper).map(|p| p.lines)
        };
        let source_lines = set(original.text, source, shaper).map_err(error)?;
        let target_lines = match translation {
            Some(t) => set(t.text, target, shaper).map_err(error)?,
            None => Vec::new(),
        };
        let id_lines = id_label(&original.id, shaper).map_err(error)?;
        let change_lines = match change(languages, &original.id) {
            Some(text) => typeset_text(&text, 7.0, false, column, Language::of(source), shaper)
                .map_err(error)?,
            None => Vec::new(),
        };
        Ok(RowLines {
            source: source_lines,
            change: change_lines,
            target: target_lines,
            id: id_lines,
        })
    }

    /// Places a set row, on a new page when it does not fit: the source
    /// with its change under it and the translation beside it (tagged as
    /// two paragraphs), the flag in the outer margin, the id in the left.
    fn row(&mut self, set: &RowLines, flag: Option<&str>) -> Result<(), Diagnostic> {
        let document = self.document;
        let g = self.g;
        let row = set.height();
        if self.y + row > g.body_bottom && self.y > g.body_top {
            self.pages.push(Page::default());
            self.y = g.body_top;
        }
        let y = self.y;
        let page = self.pages.last_mut().expect("there is always a page");
        let (source_element, target_element) = (self.elements.len(), self.elements.len() + 1);
        self.elements.push(Role::P);
        self.elements.push(Role::P);
        let below = place(
            page,
            &set.source,
            self.left,
            y,
            Tag::Element(source_element),
        );
        if !set.change.is_empty() {
            place(page, &set.change, self.left, below + set.gap(), Tag::Header);
        }
        place(
            page,
            &set.target,
            self.right,
            y,
            Tag::Element(target_element),
        );
        if let Some(flag) = flag {
            page.marks.push(Mark::Bar {
                x: g.furniture_right + 6.0,
                top: y + 2.0,
                width: 2.5,
                height: row,
            });
            let label = typeset_text(
                flag,
                7.0,
                true,
                f32::INFINITY,
                Language::of("en"),
                &mut self.shaper,
            )
            .map_err(|e| proof_error(document, e))?;
            place(page, &label, g.furniture_right + 10.0, y, Tag::Header);
        }
        place(
            page,
            &set.id,
            g.furniture_left - ID_MARGIN - 4.0,
            y,
            Tag::Header,
        );
        self.y += row + ROW_GAP;
        Ok(())
    }

    /// Numbers the pages, `n/total` in the footer.
    fn page_numbers(&mut self) -> Result<(), Diagnostic> {
        let document = self.document;
        let g = self.g;
        let total = self.pages.len();
        for (index, page) in self.pages.iter_mut().enumerate() {
            let number = typeset_text(
                &format!("{}/{total}", index + 1),
                9.0,
                true,
                f32::INFINITY,
                Language::of("en"),
                &mut self.shaper,
            )
            .map_err(|e| proof_error(document, e))?;
            place(
                page,
                &number,
                g.furniture_left,
                g.footer_baseline - 9.0,
                Tag::Footer,
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_segment_id_fits_the_margin_a_line_per_path_part() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let resources = Resources::load(root).expect("the repository loads");
        let mut shaper = Shaper::pooled(&resources.fonts, &resources.caches);
        let lines = id_label(
            "annexes/csto-statement/partner-status-and-observers",
            &mut shaper,
        )
        .expect("sets");
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(
            texts,
            [
                "annexes/",
                "csto-statement/",
                "partner-status-and-observers"
            ]
        );
        for line in &lines {
            assert!(line_width(line) <= ID_MARGIN + 0.01, "{}", line.text());
        }
        // A short id stays one line at 6 pt.
        let short = id_label("body", &mut shaper).expect("sets");
        assert_eq!(short.len(), 1);
    }

    #[test]
    fn references_show_by_their_id_never_as_raw_tags() {
        let p = paragraph(
            &"voir l’{annex:csto-statement} et la note{footnote:agenda} : {i:ici}".into(),
        );
        let text = p.text();
        assert!(text.contains("[annex csto-statement]"), "{text}");
        assert!(text.contains("[agenda]"), "{text}");
        assert!(!text.contains('{') && !text.contains('}'), "{text}");
    }
}
