//! Stage 5: pagination. Typeset lines are stacked onto pages; page 1 gets
//! the masthead and its footer, pages 2 … n the running header and footer
//! with `n/N` (the total is known because the furniture is added last).
//!
//! Coordinates here are points from the top-left corner of the page; the
//! PDF stage turns them around.

mod furniture;
pub mod geometry;

use std::collections::HashMap;

use crate::layout::{Direction, LayoutDocument, Style};
use crate::typeset::{Run, SetBlock, SetParagraph, Shaper, TypesetError};
pub use geometry::Geometry;

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
    P,
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
            Role::P => "P",
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
            Style::Title | Style::Organization => Role::H1,
            Style::Heading | Style::Subtitle => Role::H2,
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
    /// A clickable area leading to the anchor `target`.
    Link {
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        target: String,
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
                Tag::Element(0),
                shaper,
                &mut pages[0],
            )?
        }
        None => geometry.first_body_top,
    };

    // Footnotes leave the flow: each is set at the foot of the page whose
    // line calls it (UN-FORMAT.md §4.2).
    let footnotes: HashMap<&str, &SetParagraph> = body
        .iter()
        .filter_map(|b| match b {
            SetBlock::Paragraph(p) if p.style == Style::Footnote => {
                p.id.as_deref().map(|id| (id, p))
            }
            _ => None,
        })
        .collect();
    let flow: Vec<&SetBlock> = body
        .iter()
        .filter(|b| !matches!(b, SetBlock::Paragraph(p) if p.style == Style::Footnote))
        .collect();
    // Per page: the footnotes it carries and the height they take.
    let mut notes: Vec<(Vec<&str>, f32)> = vec![(Vec::new(), 0.0)];

    let mut y = first_top;
    let mut page_has_body = false;
    let new_page = |pages: &mut Vec<Page>, notes: &mut Vec<(Vec<&str>, f32)>| {
        pages.push(Page::default());
        notes.push((Vec::new(), 0.0));
    };
    for (index, block) in flow.iter().enumerate() {
        let paragraph = match block {
            SetBlock::PageBreak => {
                if page_has_body {
                    new_page(&mut pages, &mut notes);
                    y = geometry.body_top;
                    page_has_body = false;
                }
                continue;
            }
            SetBlock::Paragraph(p) => p,
        };
        // Keep headings with what follows, and leave no single first line
        // of a paragraph alone at the foot of a page.
        let bottom = |notes: &Vec<(Vec<&str>, f32)>| {
            geometry.body_bottom - notes.last().map_or(0.0, |n| n.1)
        };
        let needed = needed_height(paragraph, flow.get(index + 1).copied());
        if page_has_body && y + paragraph.space_before + needed > bottom(&notes) {
            new_page(&mut pages, &mut notes);
            y = geometry.body_top;
            page_has_body = false;
        }
        if page_has_body {
            y += paragraph.space_before;
        }
        if let Some(id) = &paragraph.id {
            anchors.push(Anchor {
                id: id.clone(),
                page: pages.len() - 1,
                top: y,
            });
        }
        let element = elements.len();
        elements.push(Role::of(paragraph.style));
        if let Some(title) = &paragraph.bookmark {
            outline.push(OutlineEntry {
                title: title.clone(),
                page: pages.len() - 1,
            });
        }
        let count = paragraph.lines.len();
        for (line_index, line) in paragraph.lines.iter().enumerate() {
            // The footnotes this line calls must fit on its page too.
            let called: Vec<&str> = line
                .runs
                .iter()
                .filter_map(|(_, r)| r.footnote.as_deref())
                .filter(|id| footnotes.contains_key(id))
                .collect();
            let notes_height = |notes: &Vec<(Vec<&str>, f32)>| -> f32 {
                let (placed, height) = notes.last().expect("a page has its footnote list");
                let fresh: f32 = called
                    .iter()
                    .filter(|id| !placed.contains(id))
                    .map(|id| footnote_height(footnotes[id]))
                    .sum();
                if fresh > 0.0 && *height == 0.0 {
                    fresh + FOOTNOTE_SEPARATOR
                } else {
                    fresh
                }
            };
            // Move to a new page if this line does not fit, or if it would
            // leave a paragraph's last line alone at the top of the next.
            let remaining = count - line_index;
            let limit = bottom(&notes) - notes_height(&notes);
            let widow = remaining == 2 && count > 2 && y + 2.0 * line.leading > limit;
            if page_has_body && (y + line.leading > limit || widow) {
                new_page(&mut pages, &mut notes);
                y = geometry.body_top;
            }
            let extra = notes_height(&notes);
            if let Some((placed, height)) = notes.last_mut() {
                for id in &called {
                    if !placed.contains(id) {
                        placed.push(id);
                    }
                }
                *height += extra;
            }
            y += line.leading;
            let page = pages.last_mut().expect("there is always a current page");
            place_line(page, line, geometry.body_left, y, Tag::Element(element));
            page_has_body = true;
        }
        y += paragraph.space_after;
    }

    // The footnotes at the foot of each page, under a short rule.
    let rtl = document.direction == Direction::RightToLeft;
    for (index, (page, (ids, height))) in pages.iter_mut().zip(&notes).enumerate() {
        if ids.is_empty() {
            continue;
        }
        let top = geometry.body_bottom - height;
        let (x1, x2) = if rtl {
            (
                geometry.body_left + geometry.measure - 72.0,
                geometry.body_left + geometry.measure,
            )
        } else {
            (geometry.body_left, geometry.body_left + 72.0)
        };
        page.marks.push(Mark::Rule {
            x1,
            x2,
            y: top + 6.0,
            thickness: 0.5,
        });
        let mut y = top + FOOTNOTE_SEPARATOR;
        for id in ids {
            let note = footnotes[id];
            let element = elements.len();
            elements.push(Role::Note);
            anchors.push(Anchor {
                id: (*id).to_owned(),
                page: index,
                top: y,
            });
            for line in &note.lines {
                y += line.leading;
                place_line(page, line, geometry.body_left, y, Tag::Element(element));
            }
            y += note.space_after;
        }
    }

    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        if index == 0 {
            if let Some(footer) = &document.first_page_footer {
                furniture::first_page_footer(footer, &geometry, &document.lang, shaper, page)?;
            }
        } else {
            furniture::running(document, &geometry, index + 1, total, shaper, page)?;
        }
    }
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

/// Space between the body and the first footnote (the rule sits in it).
const FOOTNOTE_SEPARATOR: f32 = 12.0;

/// Height a footnote takes at the foot of a page.
fn footnote_height(note: &SetParagraph) -> f32 {
    note.lines.iter().map(|l| l.leading).sum::<f32>() + note.space_after
}

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
                    } if t == target && *top == baseline - run.size => Some((lx, width)),
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
                    target: target.clone(),
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

/// Height a paragraph needs at the foot of a page: all of it when short,
/// else two lines; plus the start of the next when it keeps with it.
fn needed_height(paragraph: &SetParagraph, next: Option<&SetBlock>) -> f32 {
    let lines = &paragraph.lines;
    let own: f32 = if lines.len() <= 3 || paragraph.keep_together {
        lines.iter().map(|l| l.leading).sum()
    } else {
        lines.iter().take(2).map(|l| l.leading).sum()
    };
    match next {
        Some(SetBlock::Paragraph(n)) if paragraph.keep_with_next => {
            own + paragraph.space_after + n.space_before + needed_height(n, None)
        }
        _ => own,
    }
}
