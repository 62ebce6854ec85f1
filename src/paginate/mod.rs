//! Stage 5: pagination. Typeset lines are stacked onto pages; page 1 gets
//! the masthead and its footer, pages 2 … n the running header and footer
//! with `n/N` (the total is known because the furniture is added last).
//!
//! Coordinates here are points from the top-left corner of the page; the
//! PDF stage turns them around.

mod furniture;
pub mod geometry;
pub mod graphic;

use std::collections::{HashMap, HashSet};

use crate::layout::{Direction, LayoutDocument, Style};
use crate::typeset::{Line, Run, SetBlock, SetParagraph, SetTable, Shaper, TypesetError};
pub use geometry::Geometry;
pub use graphic::{qr_modules, Graphic, Marks, PathOp, QrModules};

/// What a piece of text is, for the structure tree of a tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Part of structure element `n` of [`PagedDocument::elements`].
    Element(usize),
    /// Page furniture, not content (ISO 32000 §14.8.2.2): running header.
    Header,
    /// Running or first-page footer.
    Footer,
}

/// The role of a structure element (standard PDF structure types, or our
/// own mapped to one through the role map).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The masthead (mapped to Sect).
    Masthead,
    H1,
    H2,
    H3,
    P,
    /// A list item (sub-paragraph), mapped to LI.
    Item,
    /// A signature block (mapped to P).
    Signature,
    /// A footnote.
    Note,
}

impl Role {
    /// The structure type name written into the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Masthead => "Masthead",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::Item => "LI",
            Role::Signature => "Signature",
            Role::Note => "Note",
        }
    }

    /// The standard type our own names map to, for the role map.
    pub fn standard(self) -> Option<&'static str> {
        match self {
            Role::Masthead => Some("Sect"),
            Role::Signature => Some("P"),
            _ => None,
        }
    }

    fn of(style: Style) -> Role {
        match style {
            Style::Title
            | Style::TitleFlush
            | Style::Organization
            | Style::Heading1
            | Style::EndnotesHeading => Role::H1,
            Style::Heading | Style::Subtitle | Style::Heading2 | Style::SummaryHeading => Role::H2,
            Style::Heading3 | Style::Heading4 | Style::TableCaption => Role::H3,
            Style::Item => Role::Item,
            Style::Signature => Role::Signature,
            Style::Footnote => Role::Note,
            _ => Role::P,
        }
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Glyphs starting at `x` on the baseline `baseline`.
    Text {
        x: f32,
        baseline: f32,
        run: std::sync::Arc<Run>,
        tag: Tag,
    },
    /// A horizontal rule.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        thickness: f32,
    },
    /// A filled bar (barcode).
    Bar {
        x: f32,
        top: f32,
        width: f32,
        height: f32,
    },
    /// A filled vector graphic (the emblem, the recycle mark): its box's
    /// top-left corner at (`x`, `top`), `scale` points per unit.
    Shape {
        x: f32,
        top: f32,
        scale: f32,
        /// Boxed, as are a link's target: a page has thousands of marks,
        /// nearly all text, and a mark is as big as its biggest kind.
        graphic: Box<Graphic>,
    },
    /// A clickable area leading to the anchor `target`, which is at
    /// `destination`. Pagination places the area before it knows where
    /// the target lands, and resolves every link before it returns: a
    /// [`PagedDocument`]'s links are all `Some`.
    Link {
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        target: Box<str>,
        destination: Option<Destination>,
    },
}

/// One page's marks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub marks: Vec<Mark>,
}

impl Page {
    /// The text of the page, in drawing order, for tests.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for m in &self.marks {
            if let Mark::Text { run, .. } = m {
                out.push_str(&run.text());
                out.push(' ');
            }
        }
        out
    }
}

/// Where an anchor (a block id) landed.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub id: String,
    /// 0-based page index.
    pub page: usize,
    pub top: f32,
}

/// Where a link leads: a page and the top of its target there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Destination {
    /// 0-based page index (32 bits, to keep [`Mark`] small).
    pub page: u32,
    pub top: f32,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
}

/// The paginated document.
#[derive(Debug, Clone, PartialEq)]
pub struct PagedDocument {
    pub lang: String,
    /// The base direction, as layout decided it.
    pub direction: Direction,
    pub title: String,
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub anchors: Vec<Anchor>,
    pub outline: Vec<OutlineEntry>,
    /// The structure elements, in logical reading order.
    pub elements: Vec<Role>,
}

/// Lays out `body` (the typeset blocks of `document`) on pages.
pub fn paginate(
    document: &LayoutDocument,
    body: &[SetBlock],
    marks: &Marks,
    qr: Option<&QrModules>,
    shaper: &mut Shaper,
) -> Result<PagedDocument, TypesetError> {
    let geometry = Geometry::of(document.paper);
    let mut pages = vec![Page::default()];
    let mut anchors = Vec::new();
    let mut outline = vec![OutlineEntry {
        title: document.title.clone(),
        page: 0,
    }];
    let mut elements = Vec::new();
    let first_top = match &document.masthead {
        Some(m) => {
            elements.push(Role::Masthead);
            furniture::masthead(
                m,
                &geometry,
                &document.lang,
                document.direction == Direction::RightToLeft,
                &marks.emblem,
                shaper,
                &mut pages[0],
            )?
        }
        None => geometry.first_body_top,
    };

    // Footnotes leave the flow: each is set at the foot of the page whose
    // line calls it (docs/un-format.md §4.2), continued on the next page when it
    // is longer than the room left.
    let footnotes: HashMap<&str, &SetParagraph> = body
        .iter()
        .filter_map(|b| match b {
            SetBlock::Paragraph(p) if p.style == Style::Footnote => {
                p.id.as_deref().map(|id| (id, p))
            }
            _ => None,
        })
        .collect();
    let flow_blocks: Vec<&SetBlock> = body
        .iter()
        .filter(|b| !matches!(b, SetBlock::Paragraph(p) if p.style == Style::Footnote))
        .collect();
    let mut flow = Flow {
        geometry: &geometry,
        pages,
        notes: vec![PageNotes::default()],
        footnotes,
        placed: HashSet::new(),
        pending: Vec::new(),
        y: first_top,
        page_has_body: false,
        elements,
        shift: 0.0,
        reserve: 0.0,
    };

    // The contents entries whose page numbers are printed once every
    // heading has its page.
    let mut page_numbers: Vec<PageNumber> = Vec::new();
    // The summary box of a report on each page it covers: (page, top, bottom).
    let mut boxes: Vec<(usize, f32, f32)> = Vec::new();
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
                let rtl = document.direction == Direction::RightToLeft;
                // The grid of pairs ends at the margin (the Editorial Manual,
                // "Communications": signatures at the right-hand margin),
                // its columns kept straight: every pair moves as far as
                // the one with the widest end column can.
                let starts_grid = index == 0
                    || !matches!(flow_blocks[index - 1], SetBlock::Paragraph(p) if p.style == Style::Signature);
                if starts_grid {
                    grid_shift = signature_grid_shift(&flow_blocks[index..], geometry.measure, rtl);
                }
                flow.signatures(first, second, rtl, grid_shift);
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
        // Keep headings with what follows, and leave no single first line
        // of a paragraph alone at the foot of a page.
        // The notes those first lines call count too: a first line that
        // calls a long note is no less alone at the foot beside its start.
        let mut first_lines = Vec::new();
        let needed = needed_height(
            paragraph,
            flow_blocks.get(index + 1..).unwrap_or(&[]),
            &mut first_lines,
        );
        let notes = flow.least_notes_height(&first_lines);
        if flow.page_has_body && flow.y + paragraph.space_before + needed + notes > flow.bottom() {
            flow.new_page();
            if paragraph.style == Style::ContentsEntry {
                for repeated in [contents_continued, contents_head].into_iter().flatten() {
                    flow.place_whole(repeated)?;
                }
            }
        }
        if flow.page_has_body {
            flow.y += paragraph.space_before;
        }
        if let Some(id) = &paragraph.id {
            anchors.push(Anchor {
                id: id.clone(),
                page: flow.pages.len() - 1,
                top: flow.y,
            });
        }
        let element = flow.elements.len();
        flow.elements.push(Role::of(paragraph.style));
        if let Some(title) = &paragraph.bookmark {
            outline.push(OutlineEntry {
                title: title.clone(),
                page: flow.pages.len() - 1,
            });
        }
        let count = paragraph.lines.len();
        let box_start = flow.y;
        // A signature on its own ends at the margin (the Editorial Manual,
        // "Communications"): set in the end half, moved to the end.
        flow.shift = if paragraph.style == Style::Signature {
            let rtl = document.direction == Direction::RightToLeft;
            to_the_end(&paragraph.lines, geometry.measure, rtl)
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
                match boxes.last_mut() {
                    Some((p, _, bottom)) if *p == page => *bottom = flow.y,
                    _ => boxes.push((page, top, flow.y)),
                }
            }
        }
        if let Some(target) = &paragraph.page_of {
            page_numbers.push(PageNumber {
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
    }
    // Notes still to continue get pages of their own.
    while !flow.pending.is_empty() {
        let before = flow.pending.clone();
        flow.new_page();
        if flow.pending == before {
            return Err(TypesetError::Unplaceable {
                what: "a footnote line taller than the page".into(),
            });
        }
    }

    let limit = crate::input::Limits::PAGES;
    if flow.pages.len() > limit {
        return Err(TypesetError::TooManyPages { limit });
    }

    // The footnotes at the foot of each page, under a short rule, or a
    // rule across the text block where a note continues from the page before.
    let rtl = document.direction == Direction::RightToLeft;
    let Flow {
        mut pages,
        notes,
        footnotes,
        mut elements,
        ..
    } = flow;
    for (page, top, bottom) in boxes {
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
    let mut note_elements: HashMap<&str, usize> = HashMap::new();
    for (index, (page, page_notes)) in pages.iter_mut().zip(&notes).enumerate() {
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
        let (x1, x2) = if rtl {
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

    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        if index == 0 {
            if let Some(footer) = &document.first_page_footer {
                furniture::first_page_footer(
                    footer,
                    &geometry,
                    &document.lang,
                    &marks.recycle,
                    qr,
                    shaper,
                    page,
                )?;
            }
        } else {
            furniture::running(document, &geometry, index + 1, total, shaper, page)?;
        }
    }
    contents_pages(
        &mut pages,
        &page_numbers,
        &anchors,
        &geometry,
        document,
        shaper,
    )?;
    resolve_links(&mut pages, &anchors)?;
    inside_the_page(&pages, geometry.width, geometry.height)?;
    Ok(PagedDocument {
        lang: document.lang.clone(),
        direction: document.direction,
        title: document.title.clone(),
        width: geometry.width,
        height: geometry.height,
        pages,
        anchors,
        outline,
        elements,
    })
}

/// How far lines must move for the widest to end at the end of the
/// measure (the right margin; the left in right-to-left text).
fn to_the_end(lines: &[crate::typeset::Line], measure: f32, rtl: bool) -> f32 {
    let runs = || lines.iter().flat_map(|l| l.runs.iter());
    let shift = if rtl {
        -runs().map(|(x, _)| *x).fold(f32::MAX, f32::min)
    } else {
        measure - runs().map(|(x, r)| x + r.width()).fold(0.0, f32::max)
    };
    if shift.is_finite() {
        shift
    } else {
        0.0
    }
}

/// How far a grid of paired signatures (the run of signature paragraphs
/// `blocks` starts with) moves towards the end margin: as far as its end
/// column's widest block can go, so that block ends at the margin.
fn signature_grid_shift(blocks: &[&SetBlock], measure: f32, rtl: bool) -> f32 {
    let run: Vec<&SetParagraph> = blocks
        .iter()
        .map_while(|b| match b {
            SetBlock::Paragraph(p) if p.style == Style::Signature => Some(p),
            _ => None,
        })
        .collect();
    run.chunks_exact(2)
        .map(|pair| to_the_end(&pair[1].lines, measure, rtl))
        .min_by(|a, b| a.abs().total_cmp(&b.abs()))
        .unwrap_or(0.0)
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
    let rtl = document.direction == Direction::RightToLeft;
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
            &document.lang,
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

/// Lines `from..to` of a footnote, set on one page.
#[derive(Debug, Clone, PartialEq)]
struct NotePiece<'a> {
    id: &'a str,
    from: usize,
    to: usize,
}

/// The footnotes at the foot of one page.
#[derive(Debug, Default)]
struct PageNotes<'a> {
    pieces: Vec<NotePiece<'a>>,
    /// Their height with the separator, 0 without notes.
    height: f32,
    /// The first piece continues a note from the page before.
    continued: bool,
}

/// Room a page keeps for the body when a continued note is longer than it.
const MIN_BODY: f32 = 36.0;

/// The body being stacked onto pages, with the footnotes its lines call.
struct Flow<'a, 'g> {
    geometry: &'g Geometry,
    pages: Vec<Page>,
    notes: Vec<PageNotes<'a>>,
    footnotes: HashMap<&'a str, &'a SetParagraph>,
    /// Notes set somewhere already: a note called twice prints once.
    placed: HashSet<&'a str>,
    /// Lines of notes to continue on the next page.
    pending: Vec<NotePiece<'a>>,
    y: f32,
    page_has_body: bool,
    elements: Vec<Role>,
    /// How far the lines being placed move along the line (a single
    /// signature, flush with the end margin).
    shift: f32,
    /// Room a note called by the line being placed leaves for the lines
    /// that must follow it on this page (a paragraph's second line).
    reserve: f32,
}

impl<'a> Flow<'a, '_> {
    /// The foot of the body on the current page, above its notes.
    fn bottom(&self) -> f32 {
        self.page_bottom() - self.notes.last().map_or(0.0, |n| n.height)
    }

    /// The lowest baseline of the current page: page 1's foot holds the
    /// job line and the marks.
    fn page_bottom(&self) -> f32 {
        if self.pages.len() == 1 {
            self.geometry.first_page_bottom
        } else {
            self.geometry.body_bottom
        }
    }

    fn lines_height(&self, id: &str, from: usize, to: usize) -> f32 {
        let note = self.footnotes[id];
        let mut h: f32 = note.lines[from..to].iter().map(|l| l.leading).sum();
        if to == note.lines.len() {
            h += note.space_after;
        }
        h
    }

    /// The notes a line calls that are not set yet.
    fn fresh(&self, line: &'a Line) -> Vec<&'a str> {
        let mut fresh: Vec<&'a str> = Vec::new();
        for (_, run) in &line.runs {
            if let Some(id) = run.footnote.as_deref() {
                if let Some((key, _)) = self.footnotes.get_key_value(id) {
                    if !self.placed.contains(key) && !fresh.contains(key) {
                        fresh.push(key);
                    }
                }
            }
        }
        fresh
    }

    /// The height the line's new notes take whole, with the separator.
    fn fresh_notes_height(&self, line: &'a Line) -> f32 {
        let fresh = self.fresh(line);
        if fresh.is_empty() || !self.pending.is_empty() {
            return 0.0;
        }
        let whole: f32 = fresh
            .iter()
            .map(|id| self.lines_height(id, 0, self.footnotes[id].lines.len()))
            .sum();
        whole + self.separator()
    }

    fn separator(&self) -> f32 {
        if self.notes.last().is_some_and(|n| n.pieces.is_empty()) {
            FOOTNOTE_SEPARATOR
        } else {
            0.0
        }
    }

    /// Whether the line fits on this page with its notes, whole or (a long
    /// note, the last the line calls) with the notes before it whole, at
    /// least two of its lines here and the rest continued.
    fn fits(&self, line: &'a Line) -> bool {
        self.y + line.leading + self.least_notes_height(&[line]) <= self.bottom()
    }

    /// The least room the new notes of `lines` take on this page: whole,
    /// but for the last, which may split when long (four lines or more)
    /// with two of its lines here; nothing while notes are continuing
    /// (new ones wait behind them).
    fn least_notes_height(&self, lines: &[&'a Line]) -> f32 {
        if !self.pending.is_empty() {
            return 0.0;
        }
        let mut fresh: Vec<&'a str> = Vec::new();
        for line in lines {
            for id in self.fresh(line) {
                if !fresh.contains(&id) {
                    fresh.push(id);
                }
            }
        }
        let Some((last, before)) = fresh.split_last() else {
            return 0.0;
        };
        let whole = |id: &str| self.lines_height(id, 0, self.footnotes[id].lines.len());
        let last_lines = self.footnotes[last].lines.len();
        let least_last = if last_lines >= 4 {
            self.lines_height(last, 0, 2)
        } else {
            whole(last)
        };
        self.separator() + before.iter().map(|id| whole(id)).sum::<f32>() + least_last
    }

    /// Starts a new page; notes continued from the page before go first.
    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.notes.push(PageNotes::default());
        self.y = self.geometry.body_top;
        self.page_has_body = false;
        if self.pending.is_empty() {
            return;
        }
        let room =
            self.geometry.body_bottom - self.geometry.body_top - MIN_BODY - FOOTNOTE_SEPARATOR;
        let pending = std::mem::take(&mut self.pending);
        let mut used = 0.0;
        let mut pieces = Vec::new();
        let mut rest = Vec::new();
        for piece in pending {
            if !rest.is_empty() {
                rest.push(piece);
                continue;
            }
            let note = self.footnotes[piece.id];
            let mut fit = piece.from;
            while fit < piece.to && used + note.lines[fit].leading <= room {
                used += note.lines[fit].leading;
                fit += 1;
            }
            let to = split_note(piece.from, fit, piece.to);
            used -= note.lines[to..fit].iter().map(|l| l.leading).sum::<f32>();
            if to == piece.to && to == note.lines.len() {
                used += note.space_after;
            }
            if to > piece.from {
                pieces.push(NotePiece {
                    id: piece.id,
                    from: piece.from,
                    to,
                });
            }
            if to < piece.to {
                rest.push(NotePiece {
                    id: piece.id,
                    from: to,
                    to: piece.to,
                });
            }
        }
        let page_notes = self.notes.last_mut().expect("a page has its notes");
        page_notes.continued = !pieces.is_empty();
        if !pieces.is_empty() {
            page_notes.height = used + FOOTNOTE_SEPARATOR;
        }
        page_notes.pieces = pieces;
        self.pending = rest;
    }

    /// The rule that ends a document: 85 pt, centred on the text block,
    /// 24 pt under the last baseline (A/HRC/WG.6/34/ITA/3, page 16), on a
    /// new page only when the foot of this one has no room for it.
    fn end_rule(&mut self) {
        if self.y + END_RULE_DROP > self.bottom() {
            self.new_page();
        }
        let middle = self.geometry.body_left + self.geometry.measure / 2.0;
        self.y += END_RULE_DROP;
        let page = self
            .pages
            .last_mut()
            .expect("there is always a current page");
        page.marks.push(Mark::Rule {
            x1: middle - END_RULE / 2.0,
            x2: middle + END_RULE / 2.0,
            y: self.y,
            thickness: 0.5,
        });
    }

    /// Sets a short paragraph at the current position, as its own element
    /// (the contents' heading and column heads repeated on a new page).
    fn place_whole(&mut self, paragraph: &'a SetParagraph) -> Result<(), TypesetError> {
        let element = self.elements.len();
        self.elements.push(Role::of(paragraph.style));
        for line in &paragraph.lines {
            self.place_line(line, Tag::Element(element))?;
        }
        self.y += paragraph.space_after;
        Ok(())
    }

    /// Sets a line at the current position and the notes it calls: whole
    /// when they fit, else as many lines as fit and the rest continued.
    fn place_line(&mut self, line: &'a Line, tag: Tag) -> Result<(), TypesetError> {
        let fresh = self.fresh(line);
        self.y += line.leading;
        let page = self
            .pages
            .last_mut()
            .expect("there is always a current page");
        place_line(
            page,
            line,
            self.geometry.body_left + self.shift,
            self.y,
            tag,
        );
        self.page_has_body = true;
        if self.y > self.geometry.body_bottom + 0.01 {
            return Err(TypesetError::Unplaceable {
                what: "a line that does not fit on an empty page".into(),
            });
        }
        for id in fresh {
            self.placed.insert(id);
            let length = self.footnotes[id].lines.len();
            if !self.pending.is_empty() {
                self.pending.push(NotePiece {
                    id,
                    from: 0,
                    to: length,
                });
                continue;
            }
            let separator = self.separator();
            let room = self.bottom() - self.y - separator - self.reserve;
            let note = self.footnotes[id];
            let mut used = 0.0;
            let mut fit = 0;
            while fit < length && used + note.lines[fit].leading <= room {
                used += note.lines[fit].leading;
                fit += 1;
            }
            let to = split_note(0, fit, length);
            used -= note.lines[to..fit].iter().map(|l| l.leading).sum::<f32>();
            if to == length {
                used += note.space_after;
            }
            if to > 0 {
                let page_notes = self.notes.last_mut().expect("a page has its notes");
                page_notes.pieces.push(NotePiece { id, from: 0, to });
                page_notes.height += used + separator;
            }
            if to < length {
                self.pending.push(NotePiece {
                    id,
                    from: to,
                    to: length,
                });
            }
        }
        Ok(())
    }

    /// Sets two signature blocks side by side: the first in the start half
    /// of the text block, the second in the other (they are typeset in the
    /// end half).
    fn signatures(
        &mut self,
        first: &'a SetParagraph,
        second: &'a SetParagraph,
        rtl: bool,
        grid_shift: f32,
    ) {
        let height = |p: &SetParagraph| p.lines.iter().map(|l| l.leading).sum::<f32>();
        let row = height(first).max(height(second));
        let before = first.space_before.max(second.space_before);
        if self.page_has_body && self.y + before + row > self.bottom() {
            self.new_page();
        }
        if self.page_has_body {
            self.y += before;
        }
        let half = self.geometry.measure / 2.0;
        // Left to right, the end half is the right: the first moves left.
        let (first_shift, second_shift) = if rtl {
            (half + grid_shift, grid_shift)
        } else {
            (grid_shift - half, grid_shift)
        };
        let top = self.y;
        let mut bottom = top;
        for (paragraph, shift) in [(first, first_shift), (second, second_shift)] {
            let element = self.elements.len();
            self.elements.push(Role::of(paragraph.style));
            let mut y = top;
            for line in &paragraph.lines {
                y += line.leading;
                let page = self
                    .pages
                    .last_mut()
                    .expect("there is always a current page");
                place_line(
                    page,
                    line,
                    self.geometry.body_left + shift,
                    y,
                    Tag::Element(element),
                );
            }
            bottom = bottom.max(y);
        }
        self.y = bottom + first.space_after.max(second.space_after);
        self.page_has_body = true;
    }

    /// Sets a table: a thin rule above and below the header, which is
    /// repeated on each page the table spans, and one under the last row.
    fn table(&mut self, table: &'a SetTable) -> Result<(), TypesetError> {
        let height = |rows: &[crate::typeset::SetRow]| -> f32 {
            rows.iter().flat_map(|r| &r.lines).map(|l| l.leading).sum()
        };
        let header = height(&table.header);
        let first = table
            .rows
            .first()
            .map_or(0.0, |r| height(std::slice::from_ref(r)).min(36.0));
        if self.page_has_body && self.y + TABLE_GAP + header + first > self.bottom() {
            self.new_page();
        }
        if self.page_has_body {
            self.y += TABLE_GAP;
        }
        let element = self.elements.len();
        self.elements.push(Role::P);
        let tag = Tag::Element(element);
        self.table_header(table, tag)?;
        for row in &table.rows {
            let row_height = height(std::slice::from_ref(row));
            let page_room = self.geometry.body_bottom - self.geometry.body_top - header;
            // A row moves whole to the next page when it can; a row longer
            // than a page splits between its lines.
            if self.y + row_height > self.bottom() && row_height <= page_room {
                self.rule_across();
                self.new_page();
                self.table_header(table, tag)?;
            }
            for line in &row.lines {
                if !self.fits(line) {
                    self.rule_across();
                    self.new_page();
                    self.table_header(table, tag)?;
                }
                self.place_line(line, tag)?;
            }
        }
        self.y += 2.0;
        self.rule_across();
        self.y += TABLE_GAP;
        Ok(())
    }

    fn table_header(&mut self, table: &'a SetTable, tag: Tag) -> Result<(), TypesetError> {
        self.rule_across();
        for line in table.header.iter().flat_map(|r| &r.lines) {
            self.place_line(line, tag)?;
        }
        if !table.header.is_empty() {
            self.y += 2.0;
            self.rule_across();
        }
        Ok(())
    }

    /// A thin rule across the text block at the current position.
    fn rule_across(&mut self) {
        let (x1, x2) = (
            self.geometry.body_left,
            self.geometry.body_left + self.geometry.measure,
        );
        let y = self.y + 1.0;
        self.pages
            .last_mut()
            .expect("there is always a current page")
            .marks
            .push(Mark::Rule {
                x1,
                x2,
                y,
                thickness: 0.5,
            });
    }
}

/// How far a summary box's frame stands outside its text.
const SUMMARY_INSET: f32 = 8.0;

/// Space above and below a table.
const TABLE_GAP: f32 = 6.0;

/// How far the footnote rule starts outside the text block, and its length.
const FOOTNOTE_RULE_OUTSIDE: f32 = 22.7;
const FOOTNOTE_RULE: f32 = 73.8;

/// The length of the rule that ends a document, and how far under the
/// last baseline it sits.
const END_RULE: f32 = 85.0;
const END_RULE_DROP: f32 = 24.0;

/// Space between the body and the first footnote (the rule sits in it).
const FOOTNOTE_SEPARATOR: f32 = 12.0;

/// Places a line's runs (and their links) on a page.
fn place_line(page: &mut Page, line: &crate::typeset::Line, left: f32, baseline: f32, tag: Tag) {
    for (x, run) in &line.runs {
        let x = left + x;
        if let Some(target) = &run.link {
            // Consecutive runs of one link on a line (a word space or
            // Chinese characters set apart split them) share one
            // clickable area: one annotation per link and line.
            let continued = page
                .marks
                .iter_mut()
                .rev()
                .take_while(|m| match m {
                    Mark::Link { .. } => true,
                    Mark::Text { run: r, .. } => {
                        r.link.as_ref() == Some(target)
                            || r.glyphs.iter().all(|g| g.text.trim().is_empty())
                    }
                    _ => false,
                })
                .find_map(|m| match m {
                    Mark::Link {
                        x: lx,
                        top,
                        width,
                        target: t,
                        ..
                    } if **t == **target && *top == baseline - run.size => Some((lx, width)),
                    _ => None,
                });
            match continued {
                Some((lx, width)) => {
                    let left = lx.min(x);
                    *width = (*lx + *width).max(x + run.width()) - left;
                    *lx = left;
                }
                None => page.marks.push(Mark::Link {
                    x,
                    top: baseline - run.size,
                    width: run.width(),
                    height: run.size * 1.2,
                    target: target.as_str().into(),
                    destination: None,
                }),
            }
        }
        page.marks.push(Mark::Text {
            x,
            baseline,
            run: run.clone(),
            tag,
        });
    }
}

/// Gives every link the place of its target. A target that no block
/// carries is an error (the source check refuses unknown ids, so this
/// would be a bug of polypress, not of the document).
fn resolve_links(pages: &mut [Page], anchors: &[Anchor]) -> Result<(), TypesetError> {
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
        if let Mark::Link {
            target,
            destination,
            ..
        } = mark
        {
            match places.get(&**target) {
                Some(place) => *destination = Some(*place),
                None => {
                    return Err(TypesetError::UnresolvedLink {
                        target: target.to_string(),
                    })
                }
            }
        }
    }
    Ok(())
}

/// Where a note's lines `from..end` split when those up to `fit` have room
/// on this page: never one line alone at the foot (it goes over with the
/// rest) nor one alone at the top of the next page (two go over).
fn split_note(from: usize, fit: usize, end: usize) -> usize {
    if fit >= end {
        return end;
    }
    let to = if end - fit < 2 {
        fit.saturating_sub(1)
    } else {
        fit
    };
    if to < from + 2 {
        from
    } else {
        to
    }
}

/// The lines of a paragraph that a page's foot takes together: all of a
/// short one (three lines or fewer, or kept together), else two.
fn own_lines(paragraph: &SetParagraph) -> &[Line] {
    let lines = &paragraph.lines;
    &lines[..if lines.len() <= 3 || paragraph.keep_together {
        lines.len()
    } else {
        2
    }]
}

/// Height a paragraph needs at the foot of a page: all of it when short,
/// else two lines; plus the start of what follows when it keeps with it.
/// The lines it counts go to `lines`, for the notes they call.
fn needed_height<'a>(
    paragraph: &'a SetParagraph,
    following: &[&'a SetBlock],
    lines: &mut Vec<&'a Line>,
) -> f32 {
    let own = own_lines(paragraph);
    lines.extend(own);
    let own: f32 = own.iter().map(|l| l.leading).sum();
    if !paragraph.keep_with_next {
        return own;
    }
    // A chain of headings keeps with the first lines of what ends it.
    match following.split_first() {
        Some((SetBlock::Paragraph(n), rest)) => {
            own + paragraph.space_after + n.space_before + needed_height(n, rest, lines)
        }
        Some((SetBlock::Table(t), _)) => {
            let header: f32 = t
                .header
                .iter()
                .flat_map(|r| &r.lines)
                .map(|l| l.leading)
                .sum();
            let first: f32 = t
                .rows
                .first()
                .map_or(0.0, |r| r.lines.iter().take(3).map(|l| l.leading).sum());
            own + paragraph.space_after + TABLE_GAP + header + first + 4.0
        }
        _ => own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_never_splits_leaving_one_line_alone() {
        // All that has room, when nothing goes over.
        assert_eq!(split_note(0, 6, 6), 6);
        assert_eq!(split_note(0, 9, 6), 6);
        // Room for four of six: four here, two over.
        assert_eq!(split_note(0, 4, 6), 4);
        // Room for five of six: one would go over alone; two go.
        assert_eq!(split_note(0, 5, 6), 4);
        // Room for one: it would stand alone at the foot; all go over.
        assert_eq!(split_note(0, 1, 6), 0);
        // A continued piece (lines 3..8) counts from where it starts.
        assert_eq!(split_note(3, 4, 8), 3);
        assert_eq!(split_note(3, 5, 8), 5);
        assert_eq!(split_note(3, 7, 8), 6);
        // Three lines with room for two: one here or one there; none here.
        assert_eq!(split_note(0, 2, 3), 0);
    }

    #[test]
    fn a_mark_stays_small() {
        // A 200-page report has some 200,000 marks; at 88 bytes each (a
        // graphic and a link target inline) they were 17 MB of fresh pages.
        assert!(
            std::mem::size_of::<Mark>() <= 48,
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
            target: target.into(),
            destination: None,
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
                Mark::Link { destination, .. } => *destination,
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
