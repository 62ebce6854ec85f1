//! The flow rules of pagination: lines stacked onto pages with the notes
//! they call, what may not be left alone at a page break (a paragraph's
//! first or last line, a note's line, a heading without what follows), notes
//! continued over pages, signatures in pairs, tables with their header.

use crate::language::Direction;
use std::collections::{HashMap, HashSet};

use crate::layout::Style;
use crate::typeset::{Line, SetBlock, SetParagraph, SetTable, TypesetError};

use super::{Geometry, Mark, Page, Role, Tag};

/// Lines `from..to` of a footnote, set on one page.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct NotePiece<'a> {
    pub(super) id: &'a str,
    pub(super) from: usize,
    pub(super) to: usize,
}

/// The footnotes at the foot of one page.
#[derive(Debug, Default)]
pub(super) struct PageNotes<'a> {
    pub(super) pieces: Vec<NotePiece<'a>>,
    /// Their height with the separator, 0 without notes.
    pub(super) height: f32,
    /// The first piece continues a note from the page before.
    pub(super) continued: bool,
}

/// Room a page keeps for the body when a continued note is longer than it.
pub(super) const MIN_BODY: f32 = 36.0;

/// The body being stacked onto pages, with the footnotes its lines call.
pub(super) struct Flow<'a, 'g> {
    pub(super) geometry: &'g Geometry,
    /// The document's direction: the end margin is the left in
    /// right-to-left text.
    pub(super) direction: Direction,
    pub(super) pages: Vec<Page>,
    pub(super) notes: Vec<PageNotes<'a>>,
    pub(super) footnotes: HashMap<&'a str, &'a SetParagraph>,
    /// Notes set somewhere already: a note called twice prints once.
    pub(super) placed: HashSet<&'a str>,
    /// Lines of notes to continue on the next page.
    pub(super) pending: Vec<NotePiece<'a>>,
    pub(super) y: f32,
    pub(super) page_has_body: bool,
    pub(super) elements: Vec<Role>,
    /// How far the lines being placed move along the line (a single
    /// signature, flush with the end margin).
    pub(super) shift: f32,
    /// Room a note called by the line being placed leaves for the lines
    /// that must follow it on this page (a paragraph's second line).
    pub(super) reserve: f32,
}

impl<'a> Flow<'a, '_> {
    /// The foot of the body on the current page, above its notes.
    pub(super) fn bottom(&self) -> f32 {
        self.page_bottom() - self.notes.last().map_or(0.0, |n| n.height)
    }

    /// The lowest baseline of the current page: page 1's foot holds the
    /// job line and the marks.
    pub(super) fn page_bottom(&self) -> f32 {
        if self.pages.len() == 1 {
            self.geometry.first_page_bottom
        } else {
            self.geometry.body_bottom
        }
    }

    pub(super) fn lines_height(&self, id: &str, from: usize, to: usize) -> f32 {
        let note = self.footnotes[id];
        let mut h: f32 = note.lines[from..to].iter().map(|l| l.leading).sum();
        if to == note.lines.len() {
            h += note.space_after;
        }
        h
    }

    /// The notes a line calls that are not set yet.
    pub(super) fn fresh(&self, line: &'a Line) -> Vec<&'a str> {
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
    pub(super) fn fresh_notes_height(&self, line: &'a Line) -> f32 {
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

    pub(super) fn separator(&self) -> f32 {
        if self.notes.last().is_some_and(|n| n.pieces.is_empty()) {
            FOOTNOTE_SEPARATOR
        } else {
            0.0
        }
    }

    /// Whether the line fits on this page with its notes, whole or (a long
    /// note, the last the line calls) with the notes before it whole, at
    /// least two of its lines here and the rest continued.
    pub(super) fn fits(&self, line: &'a Line) -> bool {
        self.y + line.leading + self.least_notes_height(&[line]) <= self.bottom()
    }

    /// The least room the new notes of `lines` take on this page: whole,
    /// but for the last, which may split when long (four lines or more)
    /// with two of its lines here; nothing while notes are continuing
    /// (new ones wait behind them).
    pub(super) fn least_notes_height(&self, lines: &[&'a Line]) -> f32 {
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
    pub(super) fn new_page(&mut self) {
        // About as many marks as the page before: a page's marks grown by
        // doubling were twice their size in fresh memory.
        let capacity = self
            .pages
            .last()
            .map_or(0, |p| p.marks.len() + p.marks.len() / 8);
        self.pages.push(Page {
            marks: Vec::with_capacity(capacity),
        });
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
    pub(super) fn end_rule(&mut self) {
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
    pub(super) fn place_whole(&mut self, paragraph: &'a SetParagraph) -> Result<(), TypesetError> {
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
    pub(super) fn place_line(&mut self, line: &'a Line, tag: Tag) -> Result<(), TypesetError> {
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
    pub(super) fn signatures(
        &mut self,
        first: &'a SetParagraph,
        second: &'a SetParagraph,
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
        let (first_shift, second_shift) = if self.direction.is_rtl() {
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
    pub(super) fn table(&mut self, table: &'a SetTable) -> Result<(), TypesetError> {
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

    pub(super) fn table_header(
        &mut self,
        table: &'a SetTable,
        tag: Tag,
    ) -> Result<(), TypesetError> {
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
    pub(super) fn rule_across(&mut self) {
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
pub(super) const SUMMARY_INSET: f32 = 8.0;

/// Space above and below a table.
pub(super) const TABLE_GAP: f32 = 6.0;

/// How far the footnote rule starts outside the text block, and its length.
pub(super) const FOOTNOTE_RULE_OUTSIDE: f32 = 22.7;
pub(super) const FOOTNOTE_RULE: f32 = 73.8;

/// The length of the rule that ends a document, and how far under the
/// last baseline it sits.
pub(super) const END_RULE: f32 = 85.0;
pub(super) const END_RULE_DROP: f32 = 24.0;

/// Space between the body and the first footnote (the rule sits in it).
pub(super) const FOOTNOTE_SEPARATOR: f32 = 12.0;

/// Places a line's runs (and their links) on a page.
pub(super) fn place_line(
    page: &mut Page,
    line: &crate::typeset::Line,
    left: f32,
    baseline: f32,
    tag: Tag,
) {
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
                        to,
                        ..
                    } if *to.target == **target && *top == baseline - run.size => Some((lx, width)),
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
                    to: Box::new(crate::paginate::LinkTo {
                        target: target.as_str().into(),
                        destination: None,
                    }),
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

/// How far lines must move for the widest to end at the end of the
/// measure (the right margin; the left in right-to-left text).
pub(super) fn to_the_end(
    lines: &[crate::typeset::Line],
    measure: f32,
    direction: Direction,
) -> f32 {
    let runs = || lines.iter().flat_map(|l| l.runs.iter());
    let shift = if direction.is_rtl() {
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
pub(super) fn signature_grid_shift(
    blocks: &[&SetBlock],
    measure: f32,
    direction: Direction,
) -> f32 {
    let run: Vec<&SetParagraph> = blocks
        .iter()
        .map_while(|b| match b {
            SetBlock::Paragraph(p) if p.style == Style::Signature => Some(p),
            _ => None,
        })
        .collect();
    run.chunks_exact(2)
        .map(|pair| to_the_end(&pair[1].lines, measure, direction))
        .min_by(|a, b| a.abs().total_cmp(&b.abs()))
        .unwrap_or(0.0)
}

/// Where a note's lines `from..end` split when those up to `fit` have room
/// on this page: never one line alone at the foot (it goes over with the
/// rest) nor one alone at the top of the next page (two go over).
pub(super) fn split_note(from: usize, fit: usize, end: usize) -> usize {
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
pub(super) fn own_lines(paragraph: &SetParagraph) -> &[Line] {
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
pub(super) fn needed_height<'a>(
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
#[path = "flow_tests.rs"]
mod tests;
