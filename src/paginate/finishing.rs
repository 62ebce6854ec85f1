//! Finishing the pages once the body is placed: the summary's frame, the
//! notes at the foot of each page, the furniture, the contents' page
//! numbers and the links, checked to stay inside the page.

use std::collections::HashMap;

use super::flow::{
    place_line, Flow, PageNotes, FOOTNOTE_RULE, FOOTNOTE_RULE_OUTSIDE, FOOTNOTE_SEPARATOR,
    SUMMARY_INSET,
};
use super::{furniture, Found, Geometry, Marks, PageNumber, QrModules};
use super::{Anchor, Destination, Mark, Page, PagedDocument, Role, Tag};
use crate::language::Direction;
use crate::layout::LayoutDocument;
use crate::typeset::{SetParagraph, Shaper, TypesetError};

/// The pages once the body is placed: the summary's frame, the notes at
/// the foot of each page, the furniture, the contents' page numbers and
/// the links, checked to stay inside the page.
pub(super) fn finish(
    flow: Flow,
    found: Found,
    document: &LayoutDocument,
    marks: &Marks,
    qr: Option<&QrModules>,
    shaper: &mut Shaper,
) -> Result<PagedDocument, TypesetError> {
    let geometry = flow.geometry;
    // The footnotes at the foot of each page, under a short rule, or a
    // rule across the text block where a note continues from the page before.
    let direction = flow.direction;
    let Flow {
        mut pages,
        notes,
        footnotes,
        mut elements,
        ..
    } = flow;
    let Found {
        mut anchors,
        outline,
        boxes,
        page_numbers,
    } = found;
    frame_summary(&mut pages, &boxes, geometry);
    set_notes(
        &mut pages,
        &notes,
        &footnotes,
        geometry,
        direction,
        &mut elements,
        &mut anchors,
    );

    furnish(&mut pages, document, geometry, marks, qr, shaper)?;
    contents_pages(
        &mut pages,
        &page_numbers,
        &anchors,
        geometry,
        document,
        shaper,
    )?;
    resolve_links(&mut pages, &anchors)?;
    inside_the_page(&pages, geometry.width, geometry.height)?;
    Ok(PagedDocument {
        lang: document.lang.clone(),
        title: document.title.clone(),
        width: geometry.width,
        height: geometry.height,
        pages,
        anchors,
        outline,
        elements,
    })
}

/// Frames a report's summary box on each page it covers, a little
/// outside the text block (A/HRC/… reports).
fn frame_summary(pages: &mut [Page], boxes: &[(usize, f32, f32)], geometry: &Geometry) {
    for &(page, top, bottom) in boxes {
        // A frame a little outside the text block (A/HRC/… reports).
        let (left, right) = (
            geometry.body_left - SUMMARY_INSET,
            geometry.body_left + geometry.measure + SUMMARY_INSET,
        );
        let (top, bottom) = (top - SUMMARY_INSET, bottom + SUMMARY_INSET);
        let marks = &mut pages[page].marks;
        for y in [top, bottom] {
            marks.push(Mark::Rule {
                x1: left,
                x2: right,
                y,
                thickness: 0.5,
            });
        }
        for x in [left, right] {
            marks.push(Mark::Bar {
                x: x - 0.25,
                top,
                width: 0.5,
                height: bottom - top,
            });
        }
    }
}

/// Sets the footnotes at the foot of each page, under a short rule, or a
/// rule across the text block where a note continues from the page before;
/// each note is a structure element of its own, anchored where it starts.
fn set_notes(
    pages: &mut [Page],
    notes: &[PageNotes],
    footnotes: &HashMap<&str, &SetParagraph>,
    geometry: &Geometry,
    direction: Direction,
    elements: &mut Vec<Role>,
    anchors: &mut Vec<Anchor>,
) {
    let mut note_elements: HashMap<&str, usize> = HashMap::new();
    for (index, (page, page_notes)) in pages.iter_mut().zip(notes).enumerate() {
        if page_notes.pieces.is_empty() {
            continue;
        }
        let foot = if index == 0 {
            geometry.first_page_bottom
        } else {
            geometry.body_bottom
        };
        let top = foot - page_notes.height;
        // The short rule starts left of the text block, over the notes'
        // numbers (A/HRC/WG.6/34/ITA/3: from 90.6 to 164.4 pt, the text at
        // 113.3); a continued note's rule runs across the whole block.
        let (outside, rule) = if page_notes.continued {
            (0.0, geometry.measure)
        } else {
            (FOOTNOTE_RULE_OUTSIDE, FOOTNOTE_RULE)
        };
        let (x1, x2) = if direction.is_rtl() {
            let right = geometry.body_left + geometry.measure + outside;
            (right - rule, right)
        } else {
            let left = geometry.body_left - outside;
            (left, left + rule)
        };
        page.marks.push(Mark::Rule {
            x1,
            x2,
            y: top + 6.0,
            thickness: 0.5,
        });
        let mut y = top + FOOTNOTE_SEPARATOR;
        for piece in &page_notes.pieces {
            let note = footnotes[piece.id];
            let element = *note_elements.entry(piece.id).or_insert_with(|| {
                elements.push(Role::Note);
                elements.len() - 1
            });
            if piece.from == 0 {
                anchors.push(Anchor {
                    id: piece.id.to_owned(),
                    page: index,
                    top: y,
                });
            }
            for line in &note.lines[piece.from..piece.to] {
                y += line.leading;
                place_line(page, line, geometry.body_left, y, Tag::Element(element));
            }
            if piece.to == note.lines.len() {
                y += note.space_after;
            }
        }
    }
}

/// Page 1's footer and marks; the running header and footer of the others.
fn furnish(
    pages: &mut [Page],
    document: &LayoutDocument,
    geometry: &Geometry,
    marks: &Marks,
    qr: Option<&QrModules>,
    shaper: &mut Shaper,
) -> Result<(), TypesetError> {
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        if index == 0 {
            if let Some(footer) = &document.first_page_footer {
                furniture::first_page_footer(
                    footer,
                    geometry,
                    document.language(),
                    &marks.recycle,
                    qr,
                    shaper,
                    page,
                )?;
            }
        } else {
            furniture::running(document, geometry, index + 1, total, shaper, page)?;
        }
    }
    Ok(())
}

/// Prints the page of each contents entry's heading at the end of the
/// entry's last line: right-aligned at the measure (at the left edge in
/// right-to-left text), as printed on the page (page 1 is the masthead's).
fn contents_pages(
    pages: &mut [Page],
    entries: &[PageNumber],
    anchors: &[Anchor],
    geometry: &Geometry,
    document: &LayoutDocument,
    shaper: &mut Shaper,
) -> Result<(), TypesetError> {
    if entries.is_empty() {
        return Ok(());
    }
    let page_of: HashMap<&str, usize> = anchors.iter().map(|a| (a.id.as_str(), a.page)).collect();
    let rtl = document.language().is_rtl();
    for entry in entries {
        let page = page_of
            .get(entry.target)
            .ok_or_else(|| TypesetError::UnresolvedLink {
                target: entry.target.to_owned(),
            })?;
        let lines = crate::typeset::typeset_text(
            &(page + 1).to_string(),
            entry.size,
            false,
            geometry.measure,
            document.language(),
            shaper,
        )?;
        let Some(line) = lines.first() else { continue };
        let width = crate::typeset::line_width(line);
        let left = if rtl {
            geometry.body_left
        } else {
            geometry.body_left + geometry.measure - width
        };
        place_line(
            &mut pages[entry.page],
            line,
            left,
            entry.baseline,
            entry.tag,
        );
    }
    Ok(())
}

/// The paginator's own check: every word lies on its page. Whatever the
/// stages before missed (a word too wide for a place no check knows), a
/// PDF never shows text past the edge of the paper.
fn inside_the_page(pages: &[Page], width: f32, height: f32) -> Result<(), TypesetError> {
    for (n, page) in pages.iter().enumerate() {
        for mark in &page.marks {
            if let Mark::Text {
                x, baseline, run, ..
            } = mark
            {
                let right = x + run.width();
                if *x < -0.5 || right > width + 0.5 || *baseline < 0.0 || *baseline > height {
                    return Err(TypesetError::Unplaceable {
                        what: format!(
                            "“{}” on page {} (x {x:.1}–{right:.1} pt on a page {width:.0} pt wide)",
                            run.text().trim(),
                            n + 1
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Gives every link the place of its target. A target that no block
/// carries is an error (the source check refuses unknown ids, so this
/// would be a bug of polypress, not of the document).
pub(super) fn resolve_links(pages: &mut [Page], anchors: &[Anchor]) -> Result<(), TypesetError> {
    let places: HashMap<&str, Destination> = anchors
        .iter()
        .map(|a| {
            let place = Destination {
                page: u32::try_from(a.page).unwrap_or(u32::MAX),
                top: a.top,
            };
            (a.id.as_str(), place)
        })
        .collect();
    for mark in pages.iter_mut().flat_map(|p| p.marks.iter_mut()) {
        if let Mark::Link { to, .. } = mark {
            match places.get(&*to.target) {
                Some(place) => to.destination = Some(*place),
                None => {
                    return Err(TypesetError::UnresolvedLink {
                        target: to.target.to_string(),
                    })
                }
            }
        }
    }
    Ok(())
}
