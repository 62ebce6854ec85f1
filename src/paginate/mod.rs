//! Stage 5: pagination. Typeset lines are stacked onto pages; page 1 gets
//! the masthead and its footer, pages 2 … n the running header and footer
//! with `n/N` (the total is known because the furniture is added last).
//!
//! Coordinates here are points from the top-left corner of the page; the
//! PDF stage turns them around.

mod finishing;
mod flow;
mod furniture;
pub(crate) mod geometry;
pub mod graphic;
mod page;

use std::collections::{HashMap, HashSet};

use crate::layout::{LayoutDocument, Style};
use crate::typeset::{SetBlock, SetParagraph, Shaper, TypesetError};
pub use geometry::Geometry;
pub use graphic::{qr_modules, Graphic, Marks, PathOp, QrModules};
pub use page::{Anchor, Destination, LinkTo, Mark, OutlineEntry, Page, PagedDocument, Role, Tag};

use finishing::finish;
use flow::{needed_height, own_lines, signature_grid_shift, to_the_end, Flow, PageNotes};

/// Lays out `body` (the typeset blocks of `document`) on pages.
///
/// The first page's QR code (`qr`, 3 million instructions) is made on the
/// other core while the body flows into pages: only the furniture, last,
/// draws it.
///
/// `flowed` is told the page count as soon as the body has flowed, before
/// the furniture is added (the work ahead of the PDF stage reads the page
/// numbers' glyphs).
pub fn paginate(
    document: &LayoutDocument,
    body: &[SetBlock],
    marks: &Marks,
    qr: impl FnOnce() -> Option<QrModules> + Send,
    flowed: impl FnOnce(usize),
    shaper: &mut Shaper,
) -> Result<PagedDocument, TypesetError> {
    let geometry = Geometry::of(document.paper);
    let (flow_and_found, qr) = rayon::join(|| flow(document, body, marks, &geometry, shaper), qr);
    let (flow, found) = flow_and_found?;
    flowed(flow.pages.len());
    finish(flow, found, document, marks, qr.as_ref(), shaper)
}

/// The runs of the furniture of `document`, in page order, as they are
/// drawn when the body has flowed into `pages` pages: page 1's masthead
/// and footer, then the running header and footer of pages 2 … `pages`
/// (of pages 2 … 11 only: by page 10, `n/N` has drawn every digit). The
/// work ahead of the PDF stage reads their glyphs with the body's
/// (`pdf::Ahead`). What cannot be set is left out (the flow reports why).
pub(crate) fn furniture_runs(
    document: &LayoutDocument,
    marks: &Marks,
    qr: Option<&QrModules>,
    pages: usize,
    shaper: &mut Shaper,
) -> Vec<std::sync::Arc<crate::typeset::Run>> {
    let geometry = Geometry::of(document.paper);
    let language = document.language();
    let mut page = Page::default();
    if let Some(m) = &document.masthead {
        let _ = furniture::masthead(m, &geometry, language, &marks.emblem, shaper, &mut page);
    }
    if let Some(footer) = &document.first_page_footer {
        let (recycle, g) = (&marks.recycle, &geometry);
        let _ = furniture::first_page_footer(footer, g, language, recycle, qr, shaper, &mut page);
    }
    for number in 2..=pages.min(11) {
        let _ = furniture::running(document, &geometry, number, pages, shaper, &mut page);
    }
    page.marks
        .into_iter()
        .filter_map(|mark| match mark {
            Mark::Text { run, .. } => Some(run),
            _ => None,
        })
        .collect()
}

/// The masthead and the body placed on pages, notes at their feet.
fn flow<'a, 'g>(
    document: &LayoutDocument,
    body: &'a [SetBlock],
    marks: &Marks,
    geometry: &'g Geometry,
    shaper: &mut Shaper,
) -> Result<(Flow<'a, 'g>, Found<'a>), TypesetError> {
    let mut pages = vec![Page::default()];
    let mut found = Found {
        anchors: Vec::new(),
        outline: vec![OutlineEntry {
            title: document.title.clone(),
            page: 0,
        }],
        boxes: Vec::new(),
        page_numbers: Vec::new(),
    };
    let mut elements = Vec::new();
    let first_top = match &document.masthead {
        Some(m) => {
            elements.push(Role::Masthead);
            furniture::masthead(
                m,
                geometry,
                document.language(),
                &marks.emblem,
                shaper,
                &mut pages[0],
            )?
        }
        None => geometry.first_body_top,
    };

    let flow_blocks: Vec<&SetBlock> = body
        .iter()
        .filter(|b| !matches!(b, SetBlock::Paragraph(p) if p.style == Style::Footnote))
        .collect();
    let mut flow = Flow {
        direction: document.language().direction(),
        geometry,
        pages,
        notes: vec![PageNotes::default()],
        footnotes: footnotes_by_id(body),
        placed: HashSet::new(),
        pending: Vec::new(),
        y: first_top,
        page_has_body: false,
        elements,
        shift: 0.0,
        reserve: 0.0,
    };
    place_body(&mut flow, &flow_blocks, &mut found)?;
    continue_notes(&mut flow)?;

    let limit = crate::input::Limits::PAGES;
    if flow.pages.len() > limit {
        return Err(TypesetError::TooManyPages { limit });
    }
    Ok((flow, found))
}

/// Footnotes leave the flow: each is set at the foot of the page whose
/// line calls it (docs/un-format.md §4.2), continued on the next page when
/// it is longer than the room left. Here they are found by id.
fn footnotes_by_id(body: &[SetBlock]) -> HashMap<&str, &SetParagraph> {
    body.iter()
        .filter_map(|b| match b {
            SetBlock::Paragraph(p) if p.style == Style::Footnote => {
                p.id.as_deref().map(|id| (id, p))
            }
            _ => None,
        })
        .collect()
}

/// Places the blocks of the flow one after the other: signatures in pairs,
/// page breaks, end rules, tables, and paragraphs with the contents'
/// heading and column heads to repeat on a new page of entries.
fn place_body<'a>(
    flow: &mut Flow<'a, '_>,
    flow_blocks: &[&'a SetBlock],
    found: &mut Found<'a>,
) -> Result<(), TypesetError> {
    let mut paired = false;
    // The contents' later pages repeat their heading ("Contents
    // (continued)") and column heads, as the real report's do.
    let mut contents_continued: Option<&SetParagraph> = None;
    let mut contents_head: Option<&SetParagraph> = None;
    let mut grid_shift = 0.0;
    for (index, block) in flow_blocks.iter().enumerate() {
        if std::mem::take(&mut paired) {
            continue; // set beside the signature before it
        }
        // Signatures of several States go two to a row, as UN letters set
        // them, so a page is not left with one narrow column of them.
        if let (SetBlock::Paragraph(first), Some(SetBlock::Paragraph(second))) =
            (block, flow_blocks.get(index + 1))
        {
            if first.style == Style::Signature && second.style == Style::Signature {
                // The grid of pairs ends at the margin (the Editorial Manual,
                // "Communications": signatures at the right-hand margin),
                // its columns kept straight: every pair moves as far as
                // the one with the widest end column can.
                let starts_grid = index == 0
                    || !matches!(flow_blocks[index - 1], SetBlock::Paragraph(p) if p.style == Style::Signature);
                if starts_grid {
                    grid_shift = signature_grid_shift(
                        &flow_blocks[index..],
                        flow.geometry.measure,
                        flow.direction,
                    );
                }
                flow.signatures(first, second, grid_shift);
                paired = true;
                continue;
            }
        }
        let paragraph = match block {
            SetBlock::PageBreak => {
                if flow.page_has_body {
                    flow.new_page();
                }
                continue;
            }
            SetBlock::EndRule => {
                flow.end_rule();
                continue;
            }
            SetBlock::Table(table) => {
                flow.table(table)?;
                continue;
            }
            SetBlock::Paragraph(p) => p,
        };
        match paragraph.style {
            Style::ContentsContinued => {
                contents_continued = Some(paragraph);
                continue;
            }
            Style::ContentsHead => contents_head = Some(paragraph),
            Style::ContentsEntry => {}
            _ => (contents_continued, contents_head) = (None, None),
        }
        place_paragraph(
            flow,
            paragraph,
            flow_blocks.get(index + 1..).unwrap_or(&[]),
            [contents_continued, contents_head],
            found,
        )?;
    }
    Ok(())
}

/// Notes still to continue get pages of their own.
fn continue_notes(flow: &mut Flow) -> Result<(), TypesetError> {
    while !flow.pending.is_empty() {
        let before = flow.pending.clone();
        flow.new_page();
        if flow.pending == before {
            return Err(TypesetError::Unplaceable {
                what: "a footnote line taller than the page".into(),
            });
        }
    }
    Ok(())
}

/// What placing the body finds for the later steps: where each block
/// landed, the outline, the summary box's extent on each page, and the
/// contents entries that wait for their page numbers.
struct Found<'a> {
    anchors: Vec<Anchor>,
    outline: Vec<OutlineEntry>,
    /// The summary box of a report on each page it covers: (page, top, bottom).
    boxes: Vec<(usize, f32, f32)>,
    page_numbers: Vec<PageNumber<'a>>,
}

/// Places a paragraph of the body: on a new page when its first lines (and
/// the notes they call) or the headings it keeps with what `following`
/// starts with do not fit; `repeated` are the contents' continued heading
/// and column heads, set again at the top of a new page of entries.
fn place_paragraph<'a>(
    flow: &mut Flow<'a, '_>,
    paragraph: &'a SetParagraph,
    following: &[&'a SetBlock],
    repeated: [Option<&'a SetParagraph>; 2],
    found: &mut Found<'a>,
) -> Result<(), TypesetError> {
    // Keep headings with what follows, and leave no single first line
    // of a paragraph alone at the foot of a page.
    // The notes those first lines call count too: a first line that
    // calls a long note is no less alone at the foot beside its start.
    let mut first_lines = Vec::new();
    let needed = needed_height(paragraph, following, &mut first_lines);
    let notes = flow.least_notes_height(&first_lines);
    if flow.page_has_body && flow.y + paragraph.space_before + needed + notes > flow.bottom() {
        flow.new_page();
        if paragraph.style == Style::ContentsEntry {
            for repeated in repeated.into_iter().flatten() {
                flow.place_whole(repeated)?;
            }
        }
    }
    if flow.page_has_body {
        flow.y += paragraph.space_before;
    }
    if let Some(id) = &paragraph.id {
        found.anchors.push(Anchor {
            id: id.clone(),
            page: flow.pages.len() - 1,
            top: flow.y,
        });
    }
    let element = flow.elements.len();
    flow.elements.push(Role::of(paragraph.style));
    if let Some(title) = &paragraph.bookmark {
        found.outline.push(OutlineEntry {
            title: title.clone(),
            page: flow.pages.len() - 1,
        });
    }
    let count = paragraph.lines.len();
    let box_start = flow.y;
    // A signature on its own ends at the margin (the Editorial Manual,
    // "Communications"): set in the end half, moved to the end.
    flow.shift = if paragraph.style == Style::Signature {
        to_the_end(&paragraph.lines, flow.geometry.measure, flow.direction)
    } else {
        0.0
    };
    for (line_index, line) in paragraph.lines.iter().enumerate() {
        // Move to a new page if this line does not fit, or if it would
        // leave a paragraph's last line alone at the top of the next.
        let remaining = count - line_index;
        let widow = remaining == 2
            && count > 2
            && flow.y + 2.0 * line.leading + flow.fresh_notes_height(line) > flow.bottom();
        if flow.page_has_body && (!flow.fits(line) || widow) {
            flow.new_page();
        }
        // A long note the first line calls leaves room for the lines
        // that keep it company (no first line alone at the foot).
        flow.reserve = if line_index == 0 {
            own_lines(paragraph)[1..].iter().map(|l| l.leading).sum()
        } else {
            0.0
        };
        flow.place_line(line, Tag::Element(element))?;
        flow.reserve = 0.0;
        if paragraph.boxed {
            // The summary box grows over the lines of its paragraphs,
            // page by page.
            let page = flow.pages.len() - 1;
            let top = if line_index == 0 {
                box_start
            } else {
                flow.y - line.leading
            };
            match found.boxes.last_mut() {
                Some((p, _, bottom)) if *p == page => *bottom = flow.y,
                _ => found.boxes.push((page, top, flow.y)),
            }
        }
    }
    if let Some(target) = &paragraph.page_of {
        found.page_numbers.push(PageNumber {
            page: flow.pages.len() - 1,
            baseline: flow.y,
            size: paragraph
                .lines
                .last()
                .and_then(|l| l.runs.first())
                .map_or(10.0, |(_, r)| r.size),
            target,
            tag: Tag::Element(element),
        });
    }
    flow.shift = 0.0;
    flow.y += paragraph.space_after;
    Ok(())
}

/// The last line of a contents entry, whose page number is printed when
/// the heading it names has its page.
struct PageNumber<'a> {
    page: usize,
    baseline: f32,
    size: f32,
    target: &'a str,
    tag: Tag,
}

#[cfg(test)]
mod tests {
    use super::finishing::resolve_links;
    use super::*;

    #[test]
    fn a_mark_stays_small() {
        // A 200-page report has some 400,000 marks (a word and a space
        // are one each); at 88 bytes each (a graphic and a link target
        // inline) they were 35 MB of fresh pages, at 48 (a link target
        // inline) 19 MB.
        assert!(
            std::mem::size_of::<Mark>() <= 32,
            "{}",
            std::mem::size_of::<Mark>()
        );
    }

    fn link(target: &str) -> Mark {
        Mark::Link {
            x: 10.0,
            top: 20.0,
            width: 30.0,
            height: 12.0,
            to: Box::new(crate::paginate::LinkTo {
                target: target.into(),
                destination: None,
            }),
        }
    }

    fn anchor(id: &str, page: usize, top: f32) -> Anchor {
        Anchor {
            id: id.into(),
            page,
            top,
        }
    }

    #[test]
    fn every_link_gets_the_place_of_its_target_even_one_further_on() {
        let mut pages = vec![
            Page {
                marks: vec![link("annex")],
            },
            Page {
                marks: vec![link("note")],
            },
        ];
        let anchors = [anchor("note", 0, 700.0), anchor("annex", 1, 72.0)];
        resolve_links(&mut pages, &anchors).unwrap();
        let destinations: Vec<_> = pages
            .iter()
            .flat_map(|p| &p.marks)
            .map(|m| match m {
                Mark::Link { to, .. } => to.destination,
                _ => None,
            })
            .collect();
        assert_eq!(
            destinations,
            [
                Some(Destination { page: 1, top: 72.0 }),
                Some(Destination {
                    page: 0,
                    top: 700.0
                })
            ]
        );
    }

    #[test]
    fn a_link_to_no_block_is_an_error_naming_its_target() {
        let mut pages = vec![Page {
            marks: vec![link("anex")],
        }];
        let error = resolve_links(&mut pages, &[anchor("annex", 0, 72.0)]).unwrap_err();
        assert!(
            matches!(&error, TypesetError::UnresolvedLink { target } if target == "anex"),
            "{error}"
        );
    }
}
