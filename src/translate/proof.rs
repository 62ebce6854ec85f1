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
use crate::translate::status::{status, word_diff, word_diff_text};
use crate::translate::tracked::tracked;
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
    let missing = |lang: &str| {
        Diagnostic::error(format!(
            "document `{}` has no texts in `{lang}`",
            document.id
        ))
        .in_file(&document.facts_file.path)
    };
    let (source_texts, source_file) = document.texts.get(source).ok_or_else(|| missing(source))?;
    let (target_texts, target_file) = document.texts.get(target).ok_or_else(|| missing(target))?;
    let state = status(document, source)?;
    let languages = state.languages.get(target).cloned().unwrap_or_default();

    let g = Geometry::of(Paper::A4);
    let column = (g.furniture_right - g.furniture_left - GAP) / 2.0;
    let left = g.furniture_left;
    let right = g.furniture_left + column + GAP;
    let mut shaper = Shaper::pooled(&resources.fonts, &resources.caches);
    let error = |e: TypesetError| {
        Diagnostic::error(format!("{} proof: {e}", document.id)).in_file(&document.dir)
    };

    let mut pages = vec![Page::default()];
    let mut elements = Vec::new();
    let title = format!("{} — {source} ‖ {target}", document.id);
    let heading = typeset_text(
        &title,
        12.0,
        true,
        f32::INFINITY,
        Language::of("en"),
        &mut shaper,
    )
    .map_err(error)?;
    elements.push(Role::H1);
    let mut y = place(
        &mut pages[0],
        &heading,
        left,
        g.first_body_top - 20.0,
        Tag::Element(0),
    ) + 14.0;

    let targets = tracked(target_texts, Some(target_file));
    for original in tracked(source_texts, Some(source_file)) {
        let translation = targets.iter().find(|t| t.id == original.id);
        let set = |text: &InlineText, lang: &str, shaper: &mut Shaper| {
            typeset_paragraph(&paragraph(text), column, Language::of(lang), shaper).map(|p| p.lines)
        };
        let source_lines = set(original.text, source, &mut shaper).map_err(error)?;
        let target_lines = match translation {
            Some(t) => set(t.text, target, &mut shaper).map_err(error)?,
            None => Vec::new(),
        };
        let height = |lines: &[Line]| lines.iter().map(|l| l.leading).sum::<f32>();
        let id_lines = id_label(&original.id, &mut shaper).map_err(error)?;
        // Under a stale source, what changed since the translation was
        // reviewed, word by word.
        // (Compared as shown, references by their id, never raw tags.)
        let change = languages
            .stale
            .iter()
            .find(|s| s.id == original.id)
            .and_then(|s| {
                let old = paragraph(&s.old_source.as_deref()?.into()).text();
                let diff = word_diff(&old, &paragraph(&s.new_source.as_str().into()).text());
                Some(format!("changed: {}", word_diff_text(&diff)))
            });
        let change_lines = match &change {
            Some(text) => typeset_text(text, 7.0, false, column, Language::of(source), &mut shaper)
                .map_err(error)?,
            None => Vec::new(),
        };
        let gap = if change_lines.is_empty() { 0.0 } else { 2.0 };
        let source_height = height(&source_lines) + gap + height(&change_lines);
        let row = source_height
            .max(height(&target_lines))
            .max(height(&id_lines))
            .max(12.0);
        if y + row > g.body_bottom && y > g.body_top {
            pages.push(Page::default());
            y = g.body_top;
        }
        let page = pages.last_mut().expect("there is always a page");
        let (source_element, target_element) = (elements.len(), elements.len() + 1);
        elements.push(Role::P);
        elements.push(Role::P);
        let below = place(page, &source_lines, left, y, Tag::Element(source_element));
        if !change_lines.is_empty() {
            place(page, &change_lines, left, below + gap, Tag::Header);
        }
        place(page, &target_lines, right, y, Tag::Element(target_element));
        // The flag in the outer margin: stale (the source changed since the
        // translation was reviewed), missing or unreviewed.
        let flag = if translation.is_none() {
            Some("missing")
        } else if languages.stale.iter().any(|s| s.id == original.id) {
            Some("stale")
        } else if languages.unreviewed.contains(&original.id) {
            Some("unreviewed")
        } else {
            None
        };
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
                &mut shaper,
            )
            .map_err(error)?;
            place(page, &label, g.furniture_right + 10.0, y, Tag::Header);
        }
        place(
            page,
            &id_lines,
            g.furniture_left - ID_MARGIN - 4.0,
            y,
            Tag::Header,
        );
        y += row + ROW_GAP;
    }

    // Page numbers.
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let number = typeset_text(
            &format!("{}/{total}", index + 1),
            9.0,
            true,
            f32::INFINITY,
            Language::of("en"),
            &mut shaper,
        )
        .map_err(error)?;
        place(
            page,
            &number,
            g.furniture_left,
            g.footer_baseline - 9.0,
            Tag::Footer,
        );
    }
    let paged = PagedDocument {
        lang: target.to_owned(),
        title: title.clone(),
        width: g.width,
        height: g.height,
        pages,
        anchors: Vec::new(),
        outline: Vec::new(),
        elements,
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
    .map_err(|e| Diagnostic::error(format!("{} proof: {e}", document.id)).in_file(&document.dir))
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
