//! Stage 5: pagination. Typeset lines are stacked onto pages; page 1 gets
//! the masthead and its footer, pages 2 … n the running header and footer
//! with `n/N` (the total is known because the furniture is added last).
//!
//! Coordinates here are points from the top-left corner of the page; the
//! PDF stage turns them around.

mod furniture;
pub mod geometry;

use crate::layout::{Direction, LayoutDocument};
use crate::typeset::{Run, SetBlock, SetParagraph, Shaper, TypesetError};
pub use geometry::Geometry;

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Glyphs starting at `x` on the baseline `baseline`.
    Text { x: f32, baseline: f32, run: Run },
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
    let first_top = match &document.masthead {
        Some(m) => furniture::masthead(
            m,
            &geometry,
            &document.lang,
            document.direction == Direction::RightToLeft,
            shaper,
            &mut pages[0],
        )?,
        None => geometry.first_body_top,
    };

    let mut y = first_top;
    let mut page_has_body = false;
    for (index, block) in body.iter().enumerate() {
        let paragraph = match block {
            SetBlock::PageBreak => {
                if page_has_body {
                    pages.push(Page::default());
                    y = geometry.body_top;
                    page_has_body = false;
                }
                continue;
            }
            SetBlock::Paragraph(p) => p,
        };
        // Keep headings with what follows, and leave no single first line
        // of a paragraph alone at the foot of a page.
        let needed = needed_height(paragraph, body.get(index + 1));
        if page_has_body && y + paragraph.space_before + needed > geometry.body_bottom {
            pages.push(Page::default());
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
        if let Some(title) = &paragraph.bookmark {
            outline.push(OutlineEntry {
                title: title.clone(),
                page: pages.len() - 1,
            });
        }
        let count = paragraph.lines.len();
        for (line_index, line) in paragraph.lines.iter().enumerate() {
            // Move to a new page if this line does not fit, or if it would
            // leave a paragraph's last line alone at the top of the next.
            let remaining = count - line_index;
            let widow =
                remaining == 2 && count > 2 && y + 2.0 * line.leading > geometry.body_bottom;
            if page_has_body && (y + line.leading > geometry.body_bottom || widow) {
                pages.push(Page::default());
                y = geometry.body_top;
            }
            y += line.leading;
            let page = pages.last_mut().expect("there is always a current page");
            for (x, run) in &line.runs {
                let x = geometry.body_left + x;
                if let Some(target) = &run.link {
                    page.marks.push(Mark::Link {
                        x,
                        top: y - run.size,
                        width: run.width(),
                        height: run.size * 1.2,
                        target: target.clone(),
                    });
                }
                page.marks.push(Mark::Text {
                    x,
                    baseline: y,
                    run: run.clone(),
                });
            }
            page_has_body = true;
        }
        y += paragraph.space_after;
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
    })
}

/// Height a paragraph needs at the foot of a page: all of it when short,
/// else two lines; plus the start of the next when it keeps with it.
fn needed_height(paragraph: &SetParagraph, next: Option<&SetBlock>) -> f32 {
    let lines = &paragraph.lines;
    let own: f32 = if lines.len() <= 3 {
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
