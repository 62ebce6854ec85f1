//! The block tree: what the markup means, checked and typed. The typesetter
//! and the paginator read only this.

use super::markup::{collapse_whitespace, Element, MarkupError, Node};

/// Writing direction of a document or a run: the language's.
pub use crate::language::Direction;
use crate::language::Language;

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
#[derive(Debug, Clone, PartialEq, Default)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    /// Hangs outside the text block (heading numbers); otherwise it stands
    /// at the start of the first line, in a column of its own.
    pub hang: bool,
}

/// A paragraph of any style.
#[derive(Debug, Clone, PartialEq)]
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

/// The columns of a contents entry (or, in the column heads, their
/// heads): the paragraphs under the heading ("3–45") and the heading's
/// block id, whose page pagination prints (the heads print `page` as is).
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsColumns {
    pub paragraphs: String,
    pub page: ContentsPage,
}

/// What the page column of a contents line shows.
#[derive(Debug, Clone, PartialEq)]
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

/// Drops the bidi isolates Fluent puts around placeables: metadata (the
/// PDF title, outline entries) is shown by viewers that would print them.
fn without_isolates(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
        .collect()
}

fn fail(element: &Element, message: String) -> MarkupError {
    MarkupError {
        message,
        position: element.position,
    }
}

fn required<'a>(element: &'a Element, attribute: &str) -> Result<&'a str, MarkupError> {
    element.attribute(attribute).ok_or_else(|| {
        fail(
            element,
            format!("<{}> needs the attribute `{attribute}`", element.name),
        )
    })
}

fn lines(element: &Element) -> Result<Vec<MastheadLine>, MarkupError> {
    element
        .elements()
        .map(|line| {
            if line.name != "line" {
                return Err(fail(
                    line,
                    format!("<{}> holds only <line>, not <{}>", element.name, line.name),
                ));
            }
            Ok(MastheadLine {
                text: line.text(),
                bold: line.attribute("bold") == Some("true"),
            })
        })
        .collect()
}

/// Builds the block tree from parsed markup.
pub fn build(root: &Element) -> Result<LayoutDocument, MarkupError> {
    if root.name != "document" {
        return Err(fail(
            root,
            format!("the root element is <document>, not <{}>", root.name),
        ));
    }
    let lang = required(root, "lang")?;
    // The direction is the language's: a `dir` that says otherwise is a
    // template's mistake, not a choice the typesetter could honour.
    let language = Language::of(lang);
    match root.attribute("dir") {
        None => {}
        Some(dir) if dir == language.direction().as_str() => {}
        Some(other @ ("ltr" | "rtl")) => {
            return Err(fail(
                root,
                format!(
                    "dir is `{other}`, but `{lang}` is read {}",
                    language.direction().as_str()
                ),
            ))
        }
        Some(other) => return Err(fail(root, format!("dir is ltr or rtl, not `{other}`"))),
    }
    let paper = match root.attribute("paper").unwrap_or("letter") {
        "letter" => Paper::Letter,
        "a4" => Paper::A4,
        other => return Err(fail(root, format!("paper is letter or a4, not `{other}`"))),
    };
    let mut document = LayoutDocument {
        lang: lang.to_owned(),
        paper,
        title: without_isolates(&collapse_whitespace(required(root, "title")?)),
        masthead: None,
        first_page_footer: None,
        running_header: Vec::new(),
        running_footer: None,
        body: Vec::new(),
    };
    for element in root.elements() {
        match element.name.as_str() {
            "masthead" => document.masthead = Some(masthead(element)?),
            "first-page-footer" => {
                let mut footer = FirstPageFooter {
                    lines: Vec::new(),
                    barcode: None,
                    qr: None,
                    recycle: None,
                };
                for child in element.elements() {
                    match child.name.as_str() {
                        // Spacing inside the footer line is significant (docs/un-format.md §1.2).
                        "line" => footer.lines.push(child.raw_text().trim().to_owned()),
                        "barcode" => footer.barcode = Some(child.text()),
                        "qr" => footer.qr = Some(without_isolates(child.text().trim())),
                        "recycle" => footer.recycle = Some(child.text()),
                        other => {
                            return Err(fail(
                                child,
                                format!(
                                    "<first-page-footer> holds <line>, <barcode>, <qr> and <recycle>, not <{other}>"
                                ),
                            ))
                        }
                    }
                }
                document.first_page_footer = Some(footer);
            }
            "running-header" => {
                document.running_header = lines(element)?.into_iter().map(|l| l.text).collect()
            }
            "running-footer" => {
                document.running_footer = Some(RunningFooter {
                    job: element.attribute("job").map(str::to_owned),
                    geneva: element.attribute("station") == Some("geneva"),
                    page_pattern: required(element, "page")?.to_owned(),
                })
            }
            _ => body_element(element, None, &mut document.body)?,
        }
    }
    Ok(document)
}

/// A body element (and, for containers, its children) as blocks.
/// `container` is the enclosing `<preamble>`, `<operative>` or `<summary>`.
fn body_element(
    element: &Element,
    container: Option<&str>,
    body: &mut Vec<Block>,
) -> Result<(), MarkupError> {
    let name = element.name.as_str();
    let mut push = |mut p: Paragraph| {
        match container {
            Some("preamble") if p.style == Style::Body => p.style = Style::Preambular,
            Some("operative") if p.style == Style::Body => p.style = Style::Operative,
            Some("summary") => p.boxed = true,
            _ => {}
        }
        body.push(Block::Paragraph(p));
    };
    match name {
        "page-break" => body.push(Block::PageBreak),
        "end-rule" => body.push(Block::EndRule),
        "preamble" | "operative" | "summary" => {
            if let Some(title) = element.attribute("title") {
                push(Paragraph {
                    style: Style::SummaryHeading,
                    id: None,
                    bookmark: None,
                    inlines: vec![Inline {
                        text: collapse_whitespace(title),
                        ..Inline::default()
                    }],
                    label: None,
                    depth: 0,
                    boxed: true,
                    contents: None,
                });
            }
            for child in element.elements() {
                body_element(child, Some(name), body)?;
            }
        }
        "h" => {
            let style = match element.attribute("level") {
                Some("1") => Style::Heading1,
                Some("2") => Style::Heading2,
                Some("3") => Style::Heading3,
                Some("4") => Style::Heading4,
                other => {
                    return Err(fail(
                        element,
                        format!("<h> has level 1 to 4, not {}", other.unwrap_or("none")),
                    ))
                }
            };
            let mut p = paragraph(element, style)?;
            p.label = element.attribute("number").map(|n| Label {
                text: n.to_owned(),
                hang: true,
            });
            push(p);
        }
        "table" => table(element, body)?,
        "contents" => contents(element, body)?,
        "endnote" => {
            // The number hangs left of the text block, as a footnote's.
            let mut p = paragraph(element, Style::Endnote)?;
            p.label = Some(Label {
                text: required(element, "label")?.to_owned(),
                hang: true,
            });
            push(p);
        }
        "title" | "subtitle" => {
            let flush = element.attribute("flush") == Some("true");
            let style = match (name, flush) {
                ("title", true) => Style::TitleFlush,
                ("title", false) => Style::Title,
                (_, true) => Style::SubtitleFlush,
                (_, false) => Style::Subtitle,
            };
            let mut p = paragraph(element, style)?;
            p.label = element.attribute("number").map(|n| Label {
                text: n.to_owned(),
                hang: true,
            });
            push(p);
        }
        name => match Style::from_element(name) {
            Some(style) => {
                let mut p = paragraph(element, style)?;
                let number = element
                    .attribute(if style == Style::Item {
                        "marker"
                    } else {
                        "number"
                    })
                    .map(str::to_owned);
                p.label = number.map(|text| Label { text, hang: false });
                if style == Style::Footnote {
                    // The note's number hangs left of the text block.
                    p.label = Some(Label {
                        text: required(element, "label")?.to_owned(),
                        hang: true,
                    });
                }
                if style == Style::Item {
                    p.depth = match element.attribute("depth").map(str::parse::<usize>) {
                        Some(Ok(d)) if d >= 1 => d,
                        _ => return Err(fail(element, "<item> needs a depth of 1 or more".into())),
                    };
                    if p.label.is_none() {
                        return Err(fail(element, "<item> needs the attribute `marker`".into()));
                    }
                }
                push(p);
            }
            None => {
                return Err(fail(
                    element,
                    format!("unknown element <{name}>; see docs/markup.md"),
                ))
            }
        },
    }
    Ok(())
}

/// A `<contents>`: its title, the column heads, and an entry per heading,
/// each linked to its heading.
fn contents(element: &Element, body: &mut Vec<Block>) -> Result<(), MarkupError> {
    let line = |style: Style, text: &str, link: Option<String>| Paragraph {
        style,
        id: None,
        bookmark: None,
        inlines: vec![Inline {
            text: collapse_whitespace(text),
            link,
            ..Inline::default()
        }],
        label: None,
        depth: 0,
        boxed: false,
        contents: None,
    };
    let title = required(element, "title")?;
    let mut heading = line(Style::ContentsTitle, title, None);
    heading.bookmark = Some(without_isolates(&collapse_whitespace(title)));
    body.push(Block::Paragraph(heading));
    if let Some(continued) = element.attribute("continued") {
        body.push(Block::Paragraph(line(
            Style::ContentsContinued,
            continued,
            None,
        )));
    }
    let mut head = line(Style::ContentsHead, "", None);
    head.inlines.clear();
    head.contents = Some(ContentsColumns {
        paragraphs: required(element, "paragraphs")?.to_owned(),
        page: ContentsPage::Head(required(element, "page")?.to_owned()),
    });
    body.push(Block::Paragraph(head));
    for entry in element.elements() {
        if entry.name != "entry" {
            return Err(fail(
                entry,
                format!("<contents> holds only <entry>, not <{}>", entry.name),
            ));
        }
        let to = required(entry, "to")?.to_owned();
        let level = match entry.attribute("level").map(str::parse::<usize>) {
            Some(Ok(l @ 1..=4)) => l,
            _ => return Err(fail(entry, "<entry> has a level of 1 to 4".into())),
        };
        let mut p = line(Style::ContentsEntry, &entry.text(), Some(to.clone()));
        p.depth = level - 1;
        p.label = entry.attribute("number").map(|n| Label {
            text: n.to_owned(),
            hang: false,
        });
        p.contents = Some(ContentsColumns {
            paragraphs: entry.attribute("paragraphs").unwrap_or("").to_owned(),
            page: ContentsPage::Of(to),
        });
        body.push(Block::Paragraph(p));
    }
    Ok(())
}

/// A `<table>`: its caption and notes become paragraphs around it.
fn table(element: &Element, body: &mut Vec<Block>) -> Result<(), MarkupError> {
    let widths = required(element, "widths")?
        .split_whitespace()
        .map(|w| w.parse::<f32>().ok().filter(|w| *w > 0.0))
        .collect::<Option<Vec<f32>>>()
        .ok_or_else(|| fail(element, "<table widths> are positive numbers".into()))?;
    let aligns = required(element, "align")?
        .split_whitespace()
        .map(|a| {
            Ok(match a {
                "left" => CellAlign::Start,
                "right" => CellAlign::End,
                "center" => CellAlign::Center,
                "decimal" => CellAlign::Decimal,
                other => return Err(fail(element, format!("unknown column alignment `{other}`"))),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if aligns.len() != widths.len() {
        return Err(fail(
            element,
            "<table> has as many alignments as widths".into(),
        ));
    }
    let decimal = element
        .attribute("decimal")
        .and_then(|d| d.chars().next())
        .unwrap_or('.');
    let mut table = Table {
        id: element.attribute("id").map(str::to_owned),
        widths,
        aligns,
        decimal,
        header: Vec::new(),
        rows: Vec::new(),
        note: element.attribute("note").map(str::to_owned),
    };
    let mut after = Vec::new();
    for child in element.elements() {
        match child.name.as_str() {
            "caption" => body.push(Block::Paragraph(paragraph(child, Style::TableCaption)?)),
            "row" => {
                let header = child.attribute("header") == Some("true");
                let style = if header {
                    Style::TableHeader
                } else {
                    Style::TableCell
                };
                let cells = child
                    .elements()
                    .map(|cell| {
                        if cell.name != "cell" {
                            return Err(fail(
                                cell,
                                format!("<row> holds <cell>, not <{}>", cell.name),
                            ));
                        }
                        paragraph(cell, style)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if cells.len() != table.widths.len() {
                    return Err(fail(
                        child,
                        format!(
                            "a row has {} cells; the table has {} columns",
                            cells.len(),
                            table.widths.len()
                        ),
                    ));
                }
                if header {
                    table.header.push(cells);
                } else {
                    table.rows.push(cells);
                }
            }
            "table-note" => after.push(Block::Paragraph(paragraph(child, Style::TableNote)?)),
            other => return Err(fail(child, format!("unknown element <{other}> in <table>"))),
        }
    }
    body.push(Block::Table(table));
    body.extend(after);
    Ok(())
}

fn masthead(element: &Element) -> Result<Masthead, MarkupError> {
    let mut masthead = Masthead {
        un_name: String::new(),
        symbols: Vec::new(),
        organs: Vec::new(),
        right_column: Vec::new(),
        sessions: Vec::new(),
    };
    for child in element.elements() {
        match child.name.as_str() {
            "un-name" => masthead.un_name = child.text(),
            "symbol" => masthead.symbols.push(child.text()),
            "organ" => masthead.organs.push(child.text()),
            "right-column" => {
                masthead.right_column = lines(child)?.into_iter().map(|l| l.text).collect()
            }
            "session" => masthead.sessions.push(lines(child)?),
            other => {
                return Err(fail(
                    child,
                    format!("unknown element <{other}> in <masthead>"),
                ))
            }
        }
    }
    Ok(masthead)
}

fn paragraph(element: &Element, style: Style) -> Result<Paragraph, MarkupError> {
    let mut inlines = Vec::new();
    collect_inlines(&element.children, Inline::default(), &mut inlines)?;
    // Collapse white space across runs, as HTML does, and trim the ends.
    let mut previous_space = true;
    for inline in &mut inlines {
        if inline.break_before {
            previous_space = true;
        }
        let mut text = String::with_capacity(inline.text.len());
        for c in inline.text.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                if !previous_space {
                    text.push(' ');
                }
                previous_space = true;
            } else {
                text.push(c);
                previous_space = false;
            }
        }
        inline.text = text;
    }
    if let Some(last) = inlines.iter_mut().rev().find(|i| !i.text.is_empty()) {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
    }
    for i in 0..inlines.len() {
        if inlines[i].text.ends_with(' ') && inlines.get(i + 1).is_some_and(|n| n.break_before) {
            inlines[i].text.pop();
        }
    }
    inlines.retain(|i| !i.text.is_empty() || i.break_before);
    Ok(Paragraph {
        style,
        id: element.attribute("id").map(str::to_owned),
        bookmark: element
            .attribute("bookmark")
            .map(|b| without_isolates(&collapse_whitespace(b))),
        inlines,
        label: None,
        depth: 0,
        boxed: false,
        contents: None,
    })
}

fn collect_inlines(
    nodes: &[Node],
    current: Inline,
    out: &mut Vec<Inline>,
) -> Result<(), MarkupError> {
    for node in nodes {
        match node {
            Node::Text(t) => out.push(Inline {
                text: t.clone(),
                break_before: false,
                ..current.clone()
            }),
            Node::Element(e) => {
                let mut inner = current.clone();
                match e.name.as_str() {
                    "b" => inner.bold = true,
                    "i" => inner.italic = true,
                    "sup" => inner.superscript = true,
                    "link" => inner.link = Some(required(e, "to")?.to_owned()),
                    "note" => {
                        out.push(Inline {
                            text: required(e, "label")?.to_owned(),
                            superscript: true,
                            note: Some(required(e, "to")?.to_owned()),
                            break_before: false,
                            ..current.clone()
                        });
                        continue;
                    }
                    "br" => {
                        out.push(Inline {
                            text: String::new(),
                            break_before: true,
                            ..current.clone()
                        });
                        continue;
                    }
                    other => {
                        return Err(fail(
                            e,
                            format!("unknown inline element <{other}>; see docs/markup.md"),
                        ))
                    }
                }
                collect_inlines(&e.children, inner, out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::markup::parse;
    use super::*;

    #[test]
    fn builds_blocks_with_inline_runs() {
        let root = parse(
            "<document lang=\"en\" title=\"T\"><p id=\"x\">See\n  <link to=\"a\">annex <b>II</b></link>.</p><page-break/>\
             <signature><i>(Signed)</i> A. B.<br/>Permanent Representative</signature></document>",
        )
        .unwrap();
        let d = build(&root).unwrap();
        assert_eq!(d.body.len(), 3);
        let Block::Paragraph(p) = &d.body[0] else {
            panic!("paragraph expected")
        };
        assert_eq!(p.text(), "See annex II.");
        assert_eq!(p.inlines[1].link.as_deref(), Some("a"));
        assert!(p.inlines[2].bold);
        let Block::Paragraph(s) = &d.body[2] else {
            panic!("signature expected")
        };
        assert!(s.inlines[0].italic);
        assert!(s.inlines.iter().any(|i| i.break_before));
    }

    #[test]
    fn unknown_elements_are_errors() {
        let root = parse("<document lang=\"en\" title=\"T\"><para>x</para></document>").unwrap();
        assert!(build(&root)
            .unwrap_err()
            .message
            .contains("unknown element <para>"));
    }

    #[test]
    fn the_direction_is_the_languages() {
        let document = |attributes: &str| {
            build(&parse(&format!("<document {attributes} title=\"T\"></document>")).unwrap())
        };
        assert!(document("lang=\"ar\"").unwrap().language().is_rtl());
        assert!(document("lang=\"ar\" dir=\"rtl\"").is_ok());
        let contradicts = document("lang=\"ar\" dir=\"ltr\"").unwrap_err();
        assert!(
            contradicts.message.contains("`ar` is read rtl"),
            "{}",
            contradicts.message
        );
        assert!(document("lang=\"en\" dir=\"up\"").is_err());
    }
}
