//! Reading parsed markup into the block tree: the document's furniture
//! (masthead, footers, running header), its body elements, contents,
//! tables and paragraphs with their inline runs.

use super::{
    Block, CellAlign, ContentsColumns, ContentsPage, FirstPageFooter, Inline, Label,
    LayoutDocument, Masthead, MastheadLine, Paper, Paragraph, RunningFooter, Style, Table,
};
use crate::language::Language;
use crate::layout::markup::{collapse_whitespace, Element, MarkupError, Node};

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
            let mut p = paragraph(element, heading_style(element)?)?;
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
            Some(style) => push(styled_paragraph(element, style)?),
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

/// The style of an `<h>`: a heading of level 1 to 4.
fn heading_style(element: &Element) -> Result<Style, MarkupError> {
    Ok(match element.attribute("level") {
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
    })
}

/// A paragraph whose element names its style (`<p>`, `<item>`,
/// `<footnote>`, …), with its number or marker, a note's hanging label and
/// an item's depth.
fn styled_paragraph(element: &Element, style: Style) -> Result<Paragraph, MarkupError> {
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
    Ok(p)
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
        // Most texts have no white space to collapse: kept as they are.
        if let Some(ends_with_space) = collapsed(&inline.text, previous_space) {
            previous_space = ends_with_space;
            continue;
        }
        (inline.text, previous_space) = collapse(&inline.text, previous_space);
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

/// `text` with each run of white space (but the no-break spaces U+00A0
/// and U+202F) made one space, none at its start after `previous_space`;
/// and whether it ends with a space.
fn collapse(text: &str, mut previous_space: bool) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
            if !previous_space {
                out.push(' ');
            }
            previous_space = true;
        } else {
            out.push(c);
            previous_space = false;
        }
    }
    (out, previous_space)
}

/// When `text` has no white space [`collapse`] would change
/// (after a space, or `previous_space`: none but single spaces; no other
/// character `char::is_whitespace` takes, except the no-break spaces
/// U+00A0 and U+202F, which stay), whether it ends with a space; `None`
/// when it has some. Read by byte: every such character is ASCII or
/// begins with a byte no Arabic, Cyrillic or Latin letter does.
fn collapsed(text: &str, previous_space: bool) -> Option<bool> {
    let bytes = text.as_bytes();
    if previous_space && bytes.first() == Some(&b' ') {
        return None;
    }
    // By blocks of 64 bytes, with tests the compiler vectorises: a space
    // before a space (the next block's first byte too), and a byte that
    // is or may begin other white space, looked at closer.
    for (block, chunk) in bytes.chunks(64).enumerate() {
        let doubled = chunk
            .iter()
            .zip(&chunk[1..])
            .fold(false, |seen, (&a, &b)| seen | ((a == b' ') & (b == b' ')))
            || (chunk.last() == Some(&b' ') && bytes.get(block * 64 + chunk.len()) == Some(&b' '));
        if doubled {
            return None;
        }
        let suspect = |b: u8| (b < 0x20) | (b == 0xc2) | (b.wrapping_sub(0xe1) < 3);
        if !chunk.iter().fold(false, |seen, &b| seen | suspect(b)) {
            continue;
        }
        for i in block * 64..block * 64 + chunk.len() {
            let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
            let changes = match bytes[i] {
                b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => true,
                // U+0085.
                0xc2 => at(1) == 0x85,
                // U+1680.
                0xe1 => at(1) == 0x9a && at(2) == 0x80,
                // U+2000–U+200A, U+2028, U+2029, U+205F.
                0xe2 => matches!(
                    (at(1), at(2)),
                    (0x80, 0x80..=0x8a | 0xa8 | 0xa9) | (0x81, 0x9f)
                ),
                // U+3000.
                0xe3 => at(1) == 0x80 && at(2) == 0x80,
                _ => false,
            };
            if changes {
                return None;
            }
        }
    }
    Some(bytes.last().map_or(previous_space, |&b| b == b' '))
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
    /// `collapsed` says a text is unchanged exactly when `collapse`, the
    /// character loop, leaves it so, and where it ends in a space.
    #[test]
    fn collapsed_agrees_with_the_character_loop() {
        use super::{collapse as by_characters, collapsed};
        let alphabet = [
            ' ', ' ', 'a', 'ب', '中', '“', '—', '\t', '\n', '\r', '\u{a0}', '\u{202f}', '\u{85}',
            '\u{1680}', '\u{2000}', '\u{200a}', '\u{200b}', '\u{2028}', '\u{2029}', '\u{205f}',
            '\u{3000}', '\u{3001}', '\u{2060}',
        ];
        let mut state = 0x1234_5678_u64;
        let (mut kept, mut changed) = (0, 0);
        for _ in 0..20_000 {
            // Short texts of any characters; long ones (past a block of 64
            // bytes) mostly of letters and single spaces.
            let long = state.is_multiple_of(3);
            let length = if long { state % 150 } else { state % 7 };
            let mut text = String::new();
            for _ in 0..length {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let c = if long && !state.is_multiple_of(97) {
                    ['a', 'ب', '中', '“', ' '][(state >> 8) as usize % 5]
                } else {
                    alphabet[(state % alphabet.len() as u64) as usize]
                };
                text.push(c);
            }
            for previous_space in [false, true] {
                let (out, ends) = by_characters(&text, previous_space);
                match collapsed(&text, previous_space) {
                    Some(ends_with_space) => {
                        assert_eq!(out, text, "{text:?}");
                        assert_eq!(ends_with_space, ends, "{text:?}");
                        kept += 1;
                    }
                    None => {
                        assert_ne!(out, text, "{text:?}");
                        changed += 1;
                    }
                }
            }
            state = state.wrapping_add(1);
        }
        assert!(
            kept > 1_000 && changed > 1_000,
            "{kept} kept, {changed} changed"
        );
    }

    use super::*;
    use crate::layout::markup::parse;

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
