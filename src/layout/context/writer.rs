//! Texts into layout markup: inline tags into elements, blocks into
//! numbered headings, paragraphs, items and tables, and the notes a part
//! calls.

use serde_json::{json, Value as Json};
use std::collections::HashMap;

use super::notes::{place_footnote_calls, Notes};
use crate::diagnostic::Diagnostic;
use crate::l10n::{Argument, Localizer};
use crate::language::Language;
use crate::layout::quotes::{Marks, Quoting};
use crate::layout::templates::escape;
use crate::source::inline::{self, Inline, InlineText};
use crate::source::model::{Marker, Segment, Table};
use crate::source::SourceFile;

/// Turns texts into layout markup: inline tags into elements, blocks into
/// numbered headings, paragraphs, items and tables.
pub(super) struct Writer<'a> {
    pub(super) language: Language<'a>,
    pub(super) localizer: &'a Localizer,
    /// Annex ids and their numbers.
    pub(super) annexes: &'a [(String, u32)],
    pub(super) file: &'a SourceFile,
    pub(super) footnotes: &'a [Segment],
    /// The language's quotation marks, formatted the first time a text
    /// has a straight mark (a French text has an apostrophe in most
    /// paragraphs).
    pub(super) marks: std::cell::OnceCell<Marks>,
}

/// The counters of one part (the body, an annex): paragraphs run on
/// through the part, headings count under the heading above.
#[derive(Default)]
struct Counters {
    paragraph: u32,
    headings: [u32; 4],
}

impl Writer<'_> {
    fn message(
        &self,
        path: &str,
        id: &str,
        args: &[(&str, Argument)],
    ) -> Result<String, Diagnostic> {
        self.localizer
            .format(self.language.tag(), id, args)
            .map_err(|e| {
                self.file.error_at(path, e.to_string()).with_hint(format!(
                    "add `{id}` to locales/{}/structure.ftl",
                    self.language.tag()
                ))
            })
    }

    /// The markup of one text: escaped, with its tags as elements.
    pub(super) fn inline(
        &self,
        path: &str,
        text: &InlineText,
        notes: &mut Notes,
        quote_depth: usize,
    ) -> Result<String, Diagnostic> {
        let mut pieces = text
            .pieces()
            .map_err(|e| {
                let needle = &text[e.start..(e.start + e.length).min(text.len())];
                self.file
                    .error_in(path, needle, e.message.clone())
                    .with_hint(e.hint.clone())
            })?
            .to_vec();
        place_footnote_calls(&mut pieces, self.language);
        let mut out = String::new();
        let mut quoting = Quoting::default();
        self.pieces(path, &pieces, notes, quote_depth, &mut quoting, &mut out)?;
        Ok(out)
    }

    /// The language's quotation marks (`quote-open`, …), for straight
    /// ones typed in a text.
    fn quote_marks(&self, path: &str) -> Result<&Marks, Diagnostic> {
        if let Some(marks) = self.marks.get() {
            return Ok(marks);
        }
        let marks = Marks {
            open: self.message(path, "quote-open", &[])?,
            close: self.message(path, "quote-close", &[])?,
            inner_open: self.message(path, "quote-inner-open", &[])?,
            inner_close: self.message(path, "quote-inner-close", &[])?,
        };
        Ok(self.marks.get_or_init(|| marks))
    }

    fn pieces(
        &self,
        path: &str,
        pieces: &[Inline],
        notes: &mut Notes,
        quote_depth: usize,
        quoting: &mut Quoting,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        for piece in pieces {
            match piece {
                Inline::Text(t) => {
                    let converted;
                    let text = if Quoting::concerns(t) {
                        let marks = self.quote_marks(path)?;
                        converted = quoting.convert(t, quote_depth, marks);
                        &converted
                    } else {
                        quoting.wrote(t);
                        t
                    };
                    if self.language.superior_ordinals() {
                        ordinals_raised(text, out);
                    } else {
                        crate::xml::escape_into(out, text);
                    }
                }
                Inline::Italic(p) | Inline::Bold(p) | Inline::Superscript(p) => {
                    let tag = match piece {
                        Inline::Italic(_) => "i",
                        Inline::Bold(_) => "b",
                        _ => "sup",
                    };
                    out.push_str(&format!("<{tag}>"));
                    self.pieces(path, p, notes, quote_depth, quoting, out)?;
                    out.push_str(&format!("</{tag}>"));
                }
                Inline::Quote(p) => {
                    let (open, close) = if quote_depth == 0 {
                        ("quote-open", "quote-close")
                    } else {
                        ("quote-inner-open", "quote-inner-close")
                    };
                    let open = self.message(path, open, &[])?;
                    quoting.wrote(&open);
                    out.push_str(&escape(&open));
                    self.pieces(path, p, notes, quote_depth + 1, quoting, out)?;
                    let close = self.message(path, close, &[])?;
                    quoting.wrote(&close);
                    out.push_str(&escape(&close));
                }
                Inline::Footnote(id) => {
                    let label = notes.label(id, self.footnotes);
                    out.push_str(&format!(
                        "<note to=\"footnote-{}\" label=\"{}\"/>",
                        escape(id),
                        escape(&label)
                    ));
                }
                Inline::Annex(id) => {
                    let number = self
                        .annexes
                        .iter()
                        .find(|(a, _)| a == id)
                        .map_or(0, |(_, n)| *n);
                    let label = self.message(
                        path,
                        "annex-reference",
                        &[("number", Argument::Number(number.into()))],
                    )?;
                    out.push_str(&format!(
                        "<link to=\"{}\">{}</link>",
                        escape(id),
                        escape(&label)
                    ));
                }
                Inline::LineBreak => out.push_str("<br/>"),
                Inline::NonBreakingSpace => out.push('\u{a0}'),
            }
        }
        Ok(())
    }

    /// The blocks of one part as a flat list in reading order (items follow
    /// their paragraph with their depth), numbered.
    pub(super) fn blocks(
        &self,
        base: &str,
        segments: &[Segment],
        numbered: bool,
        notes: &mut Notes,
    ) -> Result<Json, Diagnostic> {
        let mut out = Vec::new();
        let mut counters = Counters::default();
        for (i, segment) in segments.iter().enumerate() {
            self.block(
                &format!("{base}[{i}]"),
                segment,
                numbered,
                0,
                None,
                &mut counters,
                notes,
                &mut out,
            )?;
        }
        Ok(Json::Array(out))
    }

    #[allow(clippy::too_many_arguments)]
    fn block(
        &self,
        path: &str,
        segment: &Segment,
        numbered: bool,
        depth: usize,
        marker: Option<String>,
        counters: &mut Counters,
        notes: &mut Notes,
        out: &mut Vec<Json>,
    ) -> Result<(), Diagnostic> {
        let text_path = format!("{path}.text");
        let markup = self.inline(&text_path, &segment.text, notes, 0)?;
        let mut block = json!({
            "id": segment.id,
            "markup": markup,
            "depth": depth,
            "number": Json::Null,
            "is_heading": false,
            "is_paragraph": false,
            "is_item": false,
            "is_table": false,
        });
        if let Some(level) = segment.heading {
            self.heading(path, segment, level, counters, &mut block)?;
            out.push(block);
            return Ok(());
        }
        if let Some(table) = &segment.table {
            self.table(path, table, notes, &mut block)?;
            out.push(block);
            return Ok(());
        }
        let is_list = segment.text.is_empty() && !segment.items.is_empty();
        if !is_list {
            if let Some(marker) = marker {
                block["is_item"] = true.into();
                block["number"] = marker.into();
            } else {
                block["is_paragraph"] = true.into();
                if let Some(n) = segment.number {
                    counters.paragraph = n;
                    block["number"] = self.paragraph_number(path, n)?.into();
                } else if segment.numbered.unwrap_or(numbered) && depth == 0 {
                    counters.paragraph += 1;
                    block["number"] = self.paragraph_number(path, counters.paragraph)?.into();
                }
                if !block["number"].is_null() {
                    block["n"] = counters.paragraph.into();
                }
            }
            out.push(block);
        }
        // Items: (a) (b) under a paragraph, (i) (ii) under those, unless
        // the block names its marker.
        let item_depth = if is_list { depth } else { depth + 1 };
        let style = segment.marker.unwrap_or(match item_depth {
            0 | 1 => Marker::Letters,
            2 => Marker::Roman,
            _ => Marker::Numbers,
        });
        for (i, item) in segment.items.iter().enumerate() {
            let label = self.message(
                &format!("{path}.items[{i}]"),
                "item-marker",
                &[
                    ("style", Argument::Text(style.name().into())),
                    ("n", Argument::Number((i + 1) as f64)),
                    ("depth", Argument::Number(item_depth.max(1) as f64)),
                ],
            )?;
            self.block(
                &format!("{path}.items[{i}]"),
                item,
                numbered,
                item_depth.max(1),
                Some(label),
                counters,
                notes,
                out,
            )?;
        }
        Ok(())
    }

    /// A heading block: its number (counted under the heading above, unless
    /// unnumbered), level, title and the bookmark the outline shows.
    fn heading(
        &self,
        path: &str,
        segment: &Segment,
        level: u8,
        counters: &mut Counters,
        block: &mut Json,
    ) -> Result<(), Diagnostic> {
        let level = level.clamp(1, 4) as usize;
        let number = if segment.numbered == Some(false) {
            None
        } else {
            counters.headings[level - 1] += 1;
            for lower in &mut counters.headings[level..] {
                *lower = 0;
            }
            Some(self.message(
                &format!("{path}.heading"),
                "heading-number",
                &[
                    ("level", Argument::Number(level as f64)),
                    ("n", Argument::Number(counters.headings[level - 1].into())),
                ],
            )?)
        };
        let title = plain_text(&segment.text);
        block["title"] = title.clone().into();
        block["is_heading"] = true.into();
        block["level"] = level.into();
        block["bookmark"] = match &number {
            Some(n) => format!("{n} {title}"),
            None => title,
        }
        .into();
        block["number"] = number.into();
        Ok(())
    }

    /// A table block: its title, column widths and alignments, the decimal
    /// sign, header and body rows, and the note and source lines under it.
    fn table(
        &self,
        path: &str,
        table: &Table,
        notes: &mut Notes,
        block: &mut Json,
    ) -> Result<(), Diagnostic> {
        let cell =
            |r: &str, cells: &Vec<InlineText>, notes: &mut Notes| -> Result<Json, Diagnostic> {
                cells
                    .iter()
                    .enumerate()
                    .map(|(c, text)| {
                        self.inline(&format!("{r}[{c}]"), text, notes, 0)
                            .map(Json::String)
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Json::Array)
            };
        let base = format!("{path}.table");
        let mut header = Vec::new();
        for (r, row) in table.header.iter().enumerate() {
            header.push(cell(&format!("{base}.header[{r}]"), row, notes)?);
        }
        let mut rows = Vec::new();
        for (r, row) in table.rows.iter().enumerate() {
            rows.push(cell(&format!("{base}.rows[{r}]"), row, notes)?);
        }
        let line =
            |id: &str, text: &Option<InlineText>, notes: &mut Notes| -> Result<Json, Diagnostic> {
                match text {
                    Some(t) => {
                        let markup = self.inline(&format!("{base}.{id}"), t, notes, 0)?;
                        // The formula ("Source: …") is Fluent's; the text is markup already.
                        let formula = self.message(
                            &format!("{base}.{id}"),
                            &format!("table-{id}"),
                            &[("text", Argument::Text("\u{e000}".into()))],
                        )?;
                        Ok(Json::String(escape(&formula).replace('\u{e000}', &markup)))
                    }
                    None => Ok(Json::Null),
                }
            };
        block["is_table"] = true.into();
        block["title"] = match &table.title {
            Some(t) => Json::String(self.inline(&format!("{base}.title"), t, notes, 0)?),
            None => Json::Null,
        };
        block["widths"] = table
            .columns
            .iter()
            .map(|c| c.width.to_string())
            .collect::<Vec<_>>()
            .join(" ")
            .into();
        block["aligns"] = table
            .columns
            .iter()
            .map(|c| c.align.name())
            .collect::<Vec<_>>()
            .join(" ")
            .into();
        block["decimal"] = self.decimal_sign().into();
        block["header"] = Json::Array(header);
        block["rows"] = Json::Array(rows);
        block["note"] = line("note", &table.note, notes)?;
        block["source"] = line("source", &table.source, notes)?;
        Ok(())
    }

    /// The contents of a body's blocks: each heading with its level,
    /// number, title, and the range of numbered paragraphs under it (up to
    /// the next heading of its level or above), as the locale writes a
    /// range.
    pub(super) fn contents(&self, blocks: &Json) -> Result<Json, Diagnostic> {
        let blocks = blocks.as_array().map(Vec::as_slice).unwrap_or(&[]);
        let mut out = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            // Chapters, sections and subsections; a sub-heading (level 4,
            // italic, run in) is not listed, as in the real contents.
            let level = block["level"].as_u64().unwrap_or(1);
            if block["is_heading"] != true || level > 3 {
                continue;
            }
            let numbers: Vec<u64> = blocks[i + 1..]
                .iter()
                .take_while(|b| b["is_heading"] != true || b["level"].as_u64().unwrap_or(1) > level)
                .filter_map(|b| b["n"].as_u64())
                .collect();
            let paragraphs = match (numbers.first(), numbers.last()) {
                (Some(&first), Some(&last)) => self.message(
                    "paragraphs",
                    "contents-paragraphs",
                    &[
                        ("first", Argument::Number(first as f64)),
                        ("last", Argument::Number(last as f64)),
                        ("count", Argument::Number((last + 1 - first) as f64)),
                    ],
                )?,
                _ => String::new(),
            };
            out.push(json!({
                "id": block["id"],
                "level": level,
                "number": block["number"],
                "title": block["title"],
                "paragraphs": paragraphs,
            }));
        }
        Ok(Json::Array(out))
    }

    /// The items of a note (`items:`, nested), each on a line of its own
    /// after the note's text, marked as the body's lists are: (a), (b)
    /// under the note, (i), (ii) under those, unless a block names its
    /// marker.
    fn note_items(
        &self,
        path: &str,
        segment: &Segment,
        depth: usize,
        notes: &mut Notes,
        out: &mut String,
    ) -> Result<(), Diagnostic> {
        let style = segment.marker.unwrap_or(match depth {
            0 | 1 => Marker::Letters,
            2 => Marker::Roman,
            _ => Marker::Numbers,
        });
        // Tables are set after the note's text (`note_tables`), unmarked.
        let listed = segment
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| item.table.is_none());
        for (n, (i, item)) in listed.enumerate() {
            let item_path = format!("{path}.items[{i}]");
            let label = self.message(
                &item_path,
                "item-marker",
                &[
                    ("style", Argument::Text(style.name().into())),
                    ("n", Argument::Number((n + 1) as f64)),
                    ("depth", Argument::Number(depth as f64)),
                ],
            )?;
            if !out.is_empty() {
                out.push_str("<br/>");
            }
            out.push_str(&escape(&label));
            out.push(' ');
            out.push_str(&self.inline(&format!("{item_path}.text"), &item.text, notes, 0)?);
            self.note_items(&item_path, item, depth + 1, notes, out)?;
        }
        Ok(())
    }

    /// The tables of a note, in reading order: the note itself when it is
    /// a table, then its items that are (nested lists' too), each as the
    /// body's table blocks are written.
    fn note_tables(
        &self,
        path: &str,
        segment: &Segment,
        notes: &mut Notes,
        out: &mut Vec<Json>,
    ) -> Result<(), Diagnostic> {
        if segment.table.is_some() {
            let mut counters = Counters::default();
            self.block(path, segment, false, 0, None, &mut counters, notes, out)?;
        }
        for (i, item) in segment.items.iter().enumerate() {
            self.note_tables(&format!("{path}.items[{i}]"), item, notes, out)?;
        }
        Ok(())
    }

    fn paragraph_number(&self, path: &str, n: u32) -> Result<String, Diagnostic> {
        self.message(
            path,
            "paragraph-number",
            &[("n", Argument::Number(n.into()))],
        )
    }

    /// The decimal sign numbers use in this language, for decimal-aligned
    /// table columns: a comma in French, Spanish and Russian.
    fn decimal_sign(&self) -> &'static str {
        self.language.decimal_sign()
    }

    /// The footnotes a part calls, in the order of their labels.
    pub(super) fn notes(&self, notes: &Notes) -> Result<Json, Diagnostic> {
        let mut out = Vec::new();
        let mut inner = Notes::numbered();
        // By id, once: a report may have thousands of notes.
        let by_id: HashMap<&str, usize> = self
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i))
            .collect();
        for (id, label) in &notes.used {
            let Some(&index) = by_id.get(id.as_str()) else {
                continue;
            };
            let note = &self.footnotes[index];
            let path = format!("footnotes[{index}]");
            let mut markup = self.inline(&format!("{path}.text"), &note.text, &mut inner, 0)?;
            self.note_items(&path, note, 1, &mut inner, &mut markup)?;
            // Its tables (the note itself, or items that are tables), set
            // after its text.
            let mut tables = Vec::new();
            self.note_tables(&path, note, &mut inner, &mut tables)?;
            // A note with a symbol (`*`) stays at the foot of its page
            // where the others are endnotes; the first of those opens
            // the "Notes" heading.
            let symbol = note.label.is_some();
            let first_endnote = !symbol && !out.iter().any(|n: &Json| n["symbol"] == false);
            out.push(json!({
                "id": format!("footnote-{id}"),
                "label": label,
                "markup": markup,
                "symbol": symbol,
                "first_endnote": first_endnote,
                "tables": tables,
            }));
        }
        Ok(Json::Array(out))
    }
}

/// The first byte of `bytes` from `from` on that a number starts with (a
/// digit, or a Roman numeral's capital): all are in `0`–`X`, which most
/// bytes of a text (lower case, spaces, not ASCII) are not.
fn number_start(bytes: &[u8], from: usize) -> Option<usize> {
    let starts = |b: u8| b.is_ascii_digit() || matches!(b, b'I' | b'V' | b'X' | b'L' | b'C');
    crate::bytes::find_from(
        bytes,
        from,
        |b| b.wrapping_sub(b'0') <= b'X' - b'0',
        |i| starts(bytes[i]),
    )
}

/// The number and the letters after it of `word` when it is a French
/// ordinal: a number (digits, or at least two of a Roman numeral's
/// capitals) and `er`, `re`, `ers` or `res` after 1, `e` or `es` after
/// any other. The letters are lower case, so the number is all the
/// digits (or capitals) the word starts with.
fn ordinal(word: &str) -> Option<(&str, &str)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let capitals = word
        .bytes()
        .take_while(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'))
        .count();
    let (number, suffix) = word.split_at(digits.max(capitals));
    let first = number == "1";
    const AFTER_ONE: [&str; 4] = ["er", "re", "ers", "res"];
    const AFTER_OTHERS: [&str; 2] = ["e", "es"];
    let fits = if first {
        AFTER_ONE.contains(&suffix)
    } else {
        AFTER_OTHERS.contains(&suffix)
    };
    (fits && (digits > 0 || capitals >= 2)).then_some((number, suffix))
}

/// A French text as markup, its ordinals' letters superior, as French
/// UN documents set them: `1er`, `1re`, `2e`, `XXIe`, `3es` (the letters
/// after a number or a Roman numeral, ending a word) become
/// `1<sup>er</sup>`. Other text is escaped.
fn ordinals_raised(text: &str, out: &mut String) {
    // Only a word (a run of letters and digits) that starts as a number
    // can be an ordinal, and those first characters are ASCII: they are
    // found by a byte scan, and a word's bounds are worked out only
    // there. The text between ordinals is escaped as one run, into `out`.
    let (mut written, mut at) = (0, 0);
    while let Some(start) = number_start(text.as_bytes(), at) {
        at = start + 1;
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            // Inside a word, not at its start.
            continue;
        }
        let end = text[start..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(text.len(), |length| start + length);
        at = end;
        if let Some((number, suffix)) = ordinal(&text[start..end]) {
            crate::xml::escape_into(out, &text[written..start + number.len()]);
            out.push_str("<sup>");
            out.push_str(suffix);
            out.push_str("</sup>");
            written = end;
        }
    }
    crate::xml::escape_into(out, &text[written..]);
}

/// A text with its tags dropped (the PDF title, bookmarks).
pub(super) fn plain_text(text: &InlineText) -> String {
    match text.pieces() {
        Ok(pieces) => inline::plain(pieces),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_ordinals_are_raised() {
        let raised = |text: &str| {
            let mut out = String::from("<p>");
            super::ordinals_raised(text, &mut out);
            out
        };
        assert_eq!(
            raised("le 1er janvier, la 1re séance, le XXIe siècle, la 3e & 4es, 1ere, e2e, 21e, Ie"),
            "<p>le 1<sup>er</sup> janvier, la 1<sup>re</sup> séance, le XXI<sup>e</sup> siècle, la 3<sup>e</sup> &amp; 4<sup>es</sup>, 1ere, e2e, 21<sup>e</sup>, Ie"
        );
        // Escaped around and between ordinals, at the ends too.
        assert_eq!(
            raised("<2e>&\"XVe\" Ve<"),
            "<p>&lt;2<sup>e</sup>&gt;&amp;&quot;XV<sup>e</sup>&quot; Ve&lt;"
        );
        assert_eq!(raised(""), "<p>");
        assert_eq!(raised("IIe"), "<p>II<sup>e</sup>");
        // Digits and capitals inside a word, after a letter that is not
        // ASCII, start no ordinal.
        assert_eq!(
            raised("é2e ÀXIe Ω3e 2e2e (3e) «IVe»"),
            "<p>é2e ÀXIe Ω3e 2e2e (3<sup>e</sup>) «IV<sup>e</sup>»"
        );
    }

    /// A word's ordinal as it was first worked out: each suffix tried in
    /// turn, the rest of the word then a number or not.
    fn ordinal_by_suffixes(word: &str) -> Option<(&str, &'static str)> {
        const SUFFIXES: [&str; 6] = ["ers", "res", "er", "re", "es", "e"];
        SUFFIXES.iter().find_map(|suffix| {
            let number = word.strip_suffix(suffix)?;
            let arabic = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
            let roman = number.len() >= 2
                && number
                    .chars()
                    .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
            let first = number == "1" || number == "I";
            let fits = match *suffix {
                "er" | "re" | "ers" | "res" => first,
                _ => !first || roman,
            };
            ((arabic || roman) && fits).then_some((number, *suffix))
        })
    }

    /// Ordinals found word by word, as they were first.
    fn raised_word_by_word(text: &str) -> String {
        let mut out = String::new();
        let (mut written, mut at) = (0, 0);
        while let Some(found) = text[at..].find(|c: char| c.is_alphanumeric()) {
            let start = at + found;
            let end = text[start..]
                .find(|c: char| !c.is_alphanumeric())
                .map_or(text.len(), |length| start + length);
            at = end;
            if let Some((number, suffix)) = ordinal_by_suffixes(&text[start..end]) {
                crate::xml::escape_into(&mut out, &text[written..start + number.len()]);
                out.push_str("<sup>");
                out.push_str(suffix);
                out.push_str("</sup>");
                written = end;
            }
        }
        crate::xml::escape_into(&mut out, &text[written..]);
        out
    }

    #[test]
    fn random_texts_are_raised_as_word_by_word() {
        let alphabet = [
            "1", "2", "0", "e", "er", "re", "r", "s", "I", "X", "V", "C", "L", "é", "Ω", " ", "-",
            "<", "«", "\u{a0}", "٣",
        ];
        let mut next = crate::testing::random(0x0b0e_5e11);
        for _ in 0..5000 {
            let text: String = (0..next(40))
                .map(|_| alphabet[next(alphabet.len() as u32) as usize])
                .collect();
            let mut out = String::new();
            super::ordinals_raised(&text, &mut out);
            assert_eq!(out, raised_word_by_word(&text), "{text:?}");
        }
    }
}
