//! The page model pagination produces and the PDF stage reads: pages of
//! marks (text runs, rules, bars, shapes, links) in points from the top-left
//! corner, the anchors links resolve to, the outline and the structure
//! elements.

use crate::layout::Style;
use crate::typeset::Run;

use super::Graphic;

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

    pub(super) fn of(style: Style) -> Role {
        match style {
            Style::Title
            | Style::TitleFlush
            | Style::Organization
            | Style::Heading1
            | Style::EndnotesHeading => Role::H1,
            Style::Heading
            | Style::Subtitle
            | Style::SubtitleFlush
            | Style::Heading2
            | Style::SummaryHeading => Role::H2,
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
        /// Boxed: most marks are text, and a mark is as big as its
        /// biggest kind.
        to: Box<LinkTo>,
    },
}

/// Where a link leads: the anchor `target`, at `destination` once
/// pagination has resolved it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkTo {
    pub target: Box<str>,
    pub destination: Option<Destination>,
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

impl PagedDocument {
    /// The language of the version.
    pub fn language(&self) -> crate::language::Language<'_> {
        crate::language::Language::of(&self.lang)
    }
}

/// The paginated document.
#[derive(Debug, Clone, PartialEq)]
pub struct PagedDocument {
    /// The language tag; [`PagedDocument::language`] says what it decides.
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
