//! The block tree: what the markup means, checked and typed. The typesetter
//! and the paginator read only this. The markup is read into it in
//! `read.rs`.

mod read;

/// Writing direction of a document or a run: the language's.
pub use crate::language::Direction;
use crate::language::Language;
pub use read::build;

/// Paper size (docs/un-format.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 612 × 792 pt, New York.
    Letter,
    /// 595 × 842 pt, Geneva, Vienna, Nairobi.
    A4,
}

/// How a paragraph looks; the sizes live in the typesetter's style table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// The document title under the masthead (14 pt bold), its first line
    /// hanging (New York).
    Title,
    /// The same, flush with the text block (Geneva, A/HRC/WG.6/34/ITA/3).
    TitleFlush,
    /// An annex heading or other heading (bold).
    Heading,
    /// The title of an annexed text (bold).
    Subtitle,
    /// A subtitle on the text's edge, under a flush title (Geneva).
    SubtitleFlush,
    /// Body text, justified.
    Body,
    /// `[Original: Russian]`, right-aligned.
    Marker,
    /// Place and date line of a statement.
    PlaceDate,
    /// A signature block at the right-hand side.
    Signature,
    /// The organization line of a press release.
    Organization,
    /// A footnote, set at the foot of the page that calls it.
    Footnote,
    /// The date line of a press release.
    Dateline,
    /// A numbered heading of a structured body: level 1 (I.) to 4.
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    /// A sub-paragraph or list item; its depth sets the indent.
    Item,
    /// A preambular paragraph of a resolution: first line indented.
    Preambular,
    /// An operative paragraph of a resolution: number indented.
    Operative,
    /// "Resolution adopted by the General Assembly".
    ResolutionHeading,
    /// "[without reference to a Main Committee (A/48/L.21/Rev.1)]".
    ResolutionBasis,
    /// The plenary meeting and date closing a resolution.
    Meeting,
    /// The heading of a report's summary box.
    SummaryHeading,
    /// A table's title, above it.
    TableCaption,
    /// A header cell of a table.
    TableHeader,
    /// A body cell of a table.
    TableCell,
    /// The note and source lines under a table.
    TableNote,
    /// A note set at the end of the document, under "Notes".
    Endnote,
    /// The "Notes" heading over the endnotes: 10 pt italic, out at the
    /// left edge of the furniture (A/HRC/WG.6/34/ITA/3, page 10).
    EndnotesHeading,
    /// The heading of a report's table of contents ("Contents").
    ContentsTitle,
    /// The same on the contents' later pages ("Contents (continued)"),
    /// set there by the paginator with the column heads.
    ContentsContinued,
    /// The column heads of the contents ("Paragraphs", "Page").
    ContentsHead,
    /// One heading in the contents: its number and title, the range of
    /// paragraphs under it and (filled in on pagination) its page.
    ContentsEntry,
}

impl Style {
    fn from_element(name: &str) -> Option<Style> {
        Some(match name {
            "title" => Style::Title,
            "heading" => Style::Heading,
            "subtitle" => Style::Subtitle,
            "p" => Style::Body,
            "marker" => Style::Marker,
            "place-date" => Style::PlaceDate,
            "signature" => Style::Signature,
            "organization" => Style::Organization,
            "dateline" => Style::Dateline,
            "footnote" => Style::Footnote,
            "item" => Style::Item,
            "resolution-heading" => Style::ResolutionHeading,
            "resolution-basis" => Style::ResolutionBasis,
            "meeting" => Style::Meeting,
            "endnote" => Style::Endnote,
            "endnotes-heading" => Style::EndnotesHeading,
            _ => return None,
        })
    }
}

/// A run of text with one set of attributes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The id of the block this run links to.
    pub link: Option<String>,
    /// A forced line break before this run.
    pub break_before: bool,
    /// Set smaller and raised: a footnote indicator.
    pub superscript: bool,
    /// The footnote this run calls (its block id).
    pub note: Option<String>,
}

/// The number or marker of a heading, paragraph or item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    pub text: String,
    /// Hangs outside the text block (heading numbers); otherwise it stands
    /// at the start of the first line, in a column of its own.
    pub hang: bool,
}

/// A paragraph of any style.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Paragraph {
    pub style: Style,
    /// Anchor id, the target of links.
    pub id: Option<String>,
    /// Outline entry title, if this paragraph starts a part.
    pub bookmark: Option<String>,
    pub inlines: Vec<Inline>,
    /// Number or marker.
    pub label: Option<Label>,
    /// List depth: 0 for body paragraphs, 1 for (a), 2 for (i) …
    pub depth: usize,
    /// Part of a report's summary box.
    pub boxed: bool,
    /// An entry of the contents: the columns right of its title.
    pub contents: Option<ContentsColumns>,
}

impl Paragraph {
    /// A paragraph of `style` holding `text` in one plain run, and nothing
    /// else (no id, label or depth).
    pub fn plain(style: Style, text: &str) -> Paragraph {
        Paragraph {
            style,
            id: None,
            bookmark: None,
            inlines: vec![Inline {
                text: text.into(),
                ..Inline::default()
            }],
            label: None,
            depth: 0,
            boxed: false,
            contents: None,
        }
    }
}

/// The columns of a contents entry (or, in the column heads, their
/// heads): the paragraphs under the heading ("3–45") and the heading's
/// block id, whose page pagination prints (the heads print `page` as is).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentsColumns {
    pub paragraphs: String,
    pub page: ContentsPage,
}

/// What the page column of a contents line shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContentsPage {
    /// The page of the block with this id, known after pagination.
    Of(String),
    /// A text: the column head.
    Head(String),
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellAlign {
    Start,
    End,
    Center,
    /// On the decimal sign.
    Decimal,
}

/// A table: relative column widths and alignments, header rows repeated
/// on each page, body rows; the caption and the notes are paragraphs
/// around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub id: Option<String>,
    pub widths: Vec<f32>,
    pub aligns: Vec<CellAlign>,
    /// The decimal sign of the language, for decimal-aligned columns.
    pub decimal: char,
    pub header: Vec<Vec<Paragraph>>,
    pub rows: Vec<Vec<Paragraph>>,
    /// The footnote this table belongs to (its block id): set at the foot
    /// of the page with the note's text, not in the flow.
    pub note: Option<String>,
}

impl Paragraph {
    /// The paragraph's text, all runs joined.
    pub fn text(&self) -> String {
        self.inlines.iter().map(|i| i.text.as_str()).collect()
    }
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
    /// The next block starts a new page (each annex, docs/un-format.md §4.1).
    PageBreak,
    /// The short centred rule that ends a document.
    EndRule,
}

/// A line of the session block, bold or not.
#[derive(Debug, Clone, PartialEq)]
pub struct MastheadLine {
    pub text: String,
    pub bold: bool,
}

/// The first-page masthead (docs/un-format.md §1.1).
#[derive(Debug, Clone, PartialEq)]
pub struct Masthead {
    pub un_name: String,
    pub symbols: Vec<String>,
    pub organs: Vec<String>,
    /// Distr., date, version language (may be empty), original.
    pub right_column: Vec<String>,
    /// One column per organ.
    pub sessions: Vec<Vec<MastheadLine>>,
}

/// The first-page footer (docs/un-format.md §1.2).
#[derive(Debug, Clone, PartialEq)]
pub struct FirstPageFooter {
    pub lines: Vec<String>,
    /// Text of the Code 39 barcode, with its asterisks.
    pub barcode: Option<String>,
    /// The address the QR code links to (the document on ODS).
    pub qr: Option<String>,
    /// The words of the recycle mark ("Please recycle").
    pub recycle: Option<String>,
}

/// The footer of pages 2 … n (docs/un-format.md §2).
#[derive(Debug, Clone, PartialEq)]
pub struct RunningFooter {
    pub job: Option<String>,
    /// Geneva's furniture: the job number 8 pt (New York's 7 pt).
    pub geneva: bool,
    /// The page number with `{page}` and `{total}` to fill in.
    pub page_pattern: String,
}

/// A whole document in one language, ready to typeset.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutDocument {
    /// The language tag; [`LayoutDocument::language`] says what it decides.
    pub lang: String,
    pub paper: Paper,
    pub title: String,
    pub masthead: Option<Masthead>,
    pub first_page_footer: Option<FirstPageFooter>,
    /// Lines of the running header of pages 2 … n.
    pub running_header: Vec<String>,
    pub running_footer: Option<RunningFooter>,
    pub body: Vec<Block>,
}

impl LayoutDocument {
    /// The language of the version, which every later stage is set in.
    pub fn language(&self) -> Language<'_> {
        Language::of(&self.lang)
    }
}
