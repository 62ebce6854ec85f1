//! The data a template sees: the document's facts and one language's texts,
//! merged into one JSON value. Everything here is language-neutral data or
//! text from the sources; formulas stay in Fluent, structure in templates.

use serde_json::{json, Value as Json};
use std::collections::HashMap;

use super::quotes::{Marks, Quoting};
use super::templates::escape;
use crate::diagnostic::Diagnostic;
use crate::l10n::{pseudo, Argument, Localizer};
use crate::language::{Language, PSEUDO_SOURCE};
use crate::source::inline::{self, Inline, InlineText};
use crate::source::model::{DutyStation, Kind, Marker, OrganKind, Segment};
use crate::source::symbol::barcode_text;
use crate::source::SourceFile;
use crate::source::{parse_date, Document};

/// The number printed for each annex: the explicit one, else the position,
/// and 0 (unnumbered) for the only annex of a letter.
pub(crate) fn annex_numbers(document: &Document) -> Vec<(String, u32)> {
    let annexes = &document.facts.annexes;
    annexes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let number = match a.number {
                Some(n) => n,
                None if annexes.len() == 1 => 0,
                None => i as u32 + 1,
            };
            (a.id.clone(), number)
        })
        .collect()
}

/// Builds the template context for `document` in `language`.
pub fn build(
    document: &Document,
    language: Language,
    localizer: &Localizer,
) -> Result<Json, Diagnostic> {
    let lang = language.tag();
    let facts = &document.facts;
    // A pseudo-locale's texts are made from the English ones.
    let pseudo_texts;
    let (texts, texts_file) = match (document.texts.get(lang), document.texts.get(PSEUDO_SOURCE)) {
        (Some((t, f)), _) => (t, f),
        (None, Some((english, f))) if language.is_pseudo() => {
            pseudo_texts = pseudo::texts(english, lang);
            (&pseudo_texts, f)
        }
        _ => {
            return Err(Diagnostic::error(format!(
                "document `{}` has no texts in `{lang}`",
                document.id
            ))
            .in_file(&document.facts_file.path)
            .with_hint(format!("write {lang}.yaml (pseudo-locales need en.yaml)")))
        }
    };
    let numbers = annex_numbers(document);

    let writer = Writer {
        language,
        localizer,
        annexes: &numbers,
        file: texts_file,
        footnotes: &texts.footnotes,
    };
    let numbered = facts
        .numbered_paragraphs
        .unwrap_or(facts.kind.numbers_paragraphs());
    let markup =
        |base: &str, segments: &[Segment], notes: &mut Notes| -> Result<Json, Diagnostic> {
            writer.blocks(base, segments, numbered, notes)
        };
    let footnotes = |notes: &Notes| -> Result<Json, Diagnostic> { writer.notes(notes) };

    let organs: Vec<Json> = facts
        .organs
        .iter()
        .map(|o| {
            json!({
                "organ": o.organ.name(),
                "is_general_assembly": o.organ == OrganKind::GeneralAssembly,
                "is_security_council": o.organ == OrganKind::SecurityCouncil,
                "session": o.session,
                "year": o.year,
                // The Security Council's first year is 1946.
                "year_ordinal": o.year.map(|y| y - 1945),
                "agenda_items": o.agenda_items,
                "agenda_item_titles": o.agenda_items.iter().map(|n| texts.agenda_items.get(n).cloned().unwrap_or_default()).collect::<Vec<_>>(),
                "body": o.body,
                "session_dates": o.session_dates,
                "has_session_dates": o.session_dates.len() == 2,
                // A session within one month prints its first day alone.
                "same_month": if o.session_dates.len() == 2 && o.session_dates[0].get(..7) == o.session_dates[1].get(..7) { "yes" } else { "no" },
            })
        })
        .collect();

    let mut letter_notes = Notes::numbered();
    let letter = match (&facts.letter, &texts.letter) {
        (Some(f), Some(t)) => json!({
            "date": f.date,
            "addressee": f.addressee,
            "role": f.senders.role.name(),
            "states": f.senders.states,
            "signatories": f.signatories.iter().map(|s| json!({
                "id": s.id,
                "name": texts.signatories.get(&s.id).cloned().unwrap_or_default(),
                "state": s.state,
                "role": s.role.name(),
            })).collect::<Vec<_>>(),
            "title": t.title,
            "paragraphs": markup("letter.paragraphs", &t.paragraphs, &mut letter_notes)?,
            "footnotes": footnotes(&letter_notes)?,
        }),
        _ => Json::Null,
    };

    let mut annexes = Vec::new();
    for (annex, (_, number)) in facts.annexes.iter().zip(&numbers) {
        // Footnotes are lettered in annexes, from a in each (docs/un-format.md §4.2).
        let mut annex_notes = Notes::lettered(language);
        let t = texts.annexes.get(&annex.id).cloned().unwrap_or_default();
        let title_markup = writer.inline(
            &format!("annexes.{}.title", annex.id),
            &t.title.text,
            &mut annex_notes,
            0,
        )?;
        let original = annex
            .original_language
            .clone()
            .unwrap_or_else(|| facts.original_language.clone());
        annexes.push(json!({
            "id": annex.id,
            "number": number,
            "kind": annex.kind.name(),
            "original_language": original,
            "show_original": original != lang,
            "date": annex.date,
            "heading": t.heading,
            "title": t.title,
            "title_markup": title_markup,
            "place": t.place,
            "paragraphs": markup(&format!("annexes.{}.paragraphs", annex.id), &t.paragraphs, &mut annex_notes)?,
            "footnotes": footnotes(&annex_notes)?,
        }));
    }

    let footer_dates: Vec<String> = facts
        .footer_dates
        .iter()
        .filter_map(|d| parse_date(d))
        .map(|d| d.format("%d%m%y").to_string())
        .collect();
    // The version's own job number (a pseudo-locale uses its source's).
    let job_number = facts
        .job_number
        .as_ref()
        .and_then(|j| j.of(language.texts_tag()));
    let paper = match facts.duty_station {
        DutyStation::NewYork => "letter",
        _ => "a4",
    };
    let mut body_notes = Notes::numbered();
    // The title's notes (a `*` note) come before the body's.
    let no_title = InlineText::default();
    let title = texts.title.as_ref().map_or(&no_title, |t| &t.text);
    let title_markup = writer.inline("title", title, &mut body_notes, 0)?;
    let title_plain = plain_text(title);
    let subtitle_markup = match &texts.subtitle {
        Some(s) => Json::String(writer.inline("subtitle", s, &mut body_notes, 0)?),
        None => Json::Null,
    };
    let summary = writer.blocks("summary", &texts.summary, false, &mut body_notes)?;
    let preamble = writer.blocks("preamble", &texts.preamble, false, &mut body_notes)?;
    let body = markup("paragraphs", &texts.paragraphs, &mut body_notes)?;
    let wants_contents = facts.contents.unwrap_or(
        facts.kind == Kind::Report && texts.paragraphs.iter().any(|s| s.heading.is_some()),
    );
    let contents = if wants_contents {
        writer.contents(&body)?
    } else {
        Json::Null
    };
    let body_footnotes = footnotes(&body_notes)?;
    let resolution = match &facts.resolution {
        Some(r) => json!({
            "number": r.number,
            "draft": r.draft.clone().unwrap_or_default(),
            "committee": r.committee.clone().unwrap_or_else(|| "none".into()),
            "meeting": r.meeting,
            "adopted": r.adopted,
        }),
        None => Json::Null,
    };
    Ok(json!({
        "lang": lang,
        "dir": language.direction().as_str(),
        "paper": paper,
        // Geneva sets the title flush with the text; New York hangs it.
        "title_flush": facts.duty_station != DutyStation::NewYork,
        "duty_station": match facts.duty_station {
            DutyStation::NewYork => "new-york",
            DutyStation::Geneva => "geneva",
            DutyStation::Vienna => "vienna",
            DutyStation::Nairobi => "nairobi",
        },
        "kind": facts.kind.name(),
        "is_letter": facts.kind == Kind::Letter,
        // Adopted resolutions have no version or original language line.
        "is_resolution": facts.kind == Kind::Resolution,
        "endnotes": facts.notes == crate::source::model::NotePlacement::Endnotes,
        "symbols": facts.symbols,
        // The QR code links to the first symbol (the General Assembly's).
        "ods_symbol": facts.symbols.first(),
        "job_number": job_number,
        "barcode": job_number.map(barcode_text),
        "footer_dates": footer_dates.join("    "),
        "masthead_date": facts.masthead_date,
        "distribution": facts.distribution.name(),
        "original_language": facts.original_language,
        "is_original": facts.original_language == lang,
        "organs": organs,
        "letter": letter,
        "annexes": annexes,
        "date": facts.date,
        "organization": facts.organization,
        "title": title_plain,
        "title_markup": title_markup,
        "subtitle": subtitle_markup,
        "summary": summary,
        "preamble": preamble,
        "resolution": resolution,
        "note_by": facts.note_by.clone().unwrap_or_else(|| "secretary-general".into()),
        "place": texts.place,
        "paragraphs": body,
        "contents": contents,
        "footnotes": body_footnotes,
    }))
}

/// Turns texts into layout markup: inline tags into elements, blocks into
/// numbered headings, paragraphs, items and tables.
struct Writer<'a> {
    language: Language<'a>,
    localizer: &'a Localizer,
    /// Annex ids and their numbers.
    annexes: &'a [(String, u32)],
    file: &'a SourceFile,
    footnotes: &'a [Segment],
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
    fn inline(
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
    fn quote_marks(&self, path: &str) -> Result<Marks, Diagnostic> {
        Ok(Marks {
            open: self.message(path, "quote-open", &[])?,
            close: self.message(path, "quote-close", &[])?,
            inner_open: self.message(path, "quote-inner-open", &[])?,
            inner_close: self.message(path, "quote-inner-close", &[])?,
        })
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
                    let text = if Quoting::concerns(t) {
                        let marks = self.quote_marks(path)?;
                        quoting.convert(t, quote_depth, &marks)
                    } else {
                        quoting.wrote(t);
                        t.clone()
                    };
                    if self.language.superior_ordinals() {
                        out.push_str(&ordinals_raised(&text));
                    } else {
                        out.push_str(&escape(&text));
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
    fn blocks(
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
            out.push(block);
            return Ok(());
        }
        if let Some(table) = &segment.table {
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
            let line = |id: &str,
                        text: &Option<InlineText>,
                        notes: &mut Notes|
             -> Result<Json, Diagnostic> {
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

    /// The contents of a body's blocks: each heading with its level,
    /// number, title, and the range of numbered paragraphs under it (up to
    /// the next heading of its level or above), as the locale writes a
    /// range.
    fn contents(&self, blocks: &Json) -> Result<Json, Diagnostic> {
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
    fn notes(&self, notes: &Notes) -> Result<Json, Diagnostic> {
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

/// A French text as markup, its ordinals' letters superior, as French
/// UN documents set them: `1er`, `1re`, `2e`, `XXIe`, `3es` (the letters
/// after a number or a Roman numeral, ending a word) become
/// `1<sup>er</sup>`. Other text is escaped.
fn ordinals_raised(text: &str) -> String {
    const SUFFIXES: [&str; 6] = ["ers", "res", "er", "re", "es", "e"];
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        // The next word, and what precedes it.
        let start = rest
            .find(|c: char| c.is_alphanumeric())
            .unwrap_or(rest.len());
        out.push_str(&escape(&rest[..start]));
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        let ordinal = SUFFIXES.iter().find_map(|suffix| {
            let number = word.strip_suffix(suffix)?;
            let arabic = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
            let roman = number.len() >= 2
                && number
                    .chars()
                    .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
            // 1er, 1re, 1ers, 1res; other numbers take e, es.
            let first = number == "1" || number == "I";
            let fits = match *suffix {
                "er" | "re" | "ers" | "res" => first,
                _ => !first || roman,
            };
            ((arabic || roman) && fits).then_some((number, *suffix))
        });
        match ordinal {
            Some((number, suffix)) => {
                out.push_str(&escape(number));
                out.push_str("<sup>");
                out.push_str(suffix);
                out.push_str("</sup>");
            }
            None => out.push_str(&escape(word)),
        }
        rest = &rest[end..];
    }
    out
}

/// A text with its tags dropped (the PDF title, bookmarks).
fn plain_text(text: &InlineText) -> String {
    match text.pieces() {
        Ok(pieces) => inline::plain(pieces),
        Err(_) => text.to_string(),
    }
}

/// The footnotes one part calls, with their labels.
struct Notes {
    lettered: bool,
    /// The counter style of letters: Arabic ones (أ، ب، ج …) in Arabic
    /// text, Latin ones elsewhere.
    letters: &'static str,
    used: Vec<(String, String)>,
    /// Where each id is in `used`.
    seen: HashMap<String, usize>,
    /// The notes' own labels by id, made on the first call.
    own_labels: Option<HashMap<String, String>>,
    /// Notes numbered so far (a note with its own label is not counted).
    counted: usize,
}

impl Notes {
    fn numbered() -> Self {
        Notes {
            lettered: false,
            letters: "lower-latin",
            used: Vec::new(),
            seen: HashMap::new(),
            own_labels: None,
            counted: 0,
        }
    }

    fn lettered(language: Language) -> Self {
        Notes {
            lettered: true,
            letters: language.footnote_letters(),
            used: Vec::new(),
            seen: HashMap::new(),
            own_labels: None,
            counted: 0,
        }
    }

    /// The label of footnote `id`: its own (`*`), else 1, 2, … or a, b, …,
    /// in order of first call.
    fn label(&mut self, id: &str, footnotes: &[Segment]) -> String {
        if let Some(&at) = self.seen.get(id) {
            return self.used[at].1.clone();
        }
        let own_labels = self.own_labels.get_or_insert_with(|| {
            footnotes
                .iter()
                .filter_map(|f| Some((f.id.clone(), f.label.clone()?)))
                .collect()
        });
        if let Some(own) = own_labels.get(id).cloned() {
            self.seen.insert(id.to_owned(), self.used.len());
            self.used.push((id.to_owned(), own.clone()));
            return own;
        }
        self.counted += 1;
        let n = self.counted as u32;
        // Lettered in the abjad order in Arabic (أ، ب، ج …), a, b, … elsewhere.
        let style = if self.lettered {
            self.letters
        } else {
            "decimal"
        };
        let label = crate::l10n::functions::counter_text(n, style).unwrap_or_else(|| n.to_string());
        self.seen.insert(id.to_owned(), self.used.len());
        self.used.push((id.to_owned(), label.clone()));
        label
    }
}

/// Puts footnote calls on the side of punctuation each language wants
/// (docs/un-format.md §4.2): after it in English, Arabic and Chinese, before it
/// in French, Spanish and Russian (A/HRC/WG.6/34/ITA/3 in Russian: 146
/// markers before "." or ",", none after).
pub fn place_footnote_calls(pieces: &mut Vec<Inline>, language: Language) {
    const PUNCTUATION: &[char] = &[
        '.', ',', ';', ':', '!', '?', '。', '，', '；', '：', '،', '؛',
    ];
    let before = language.footnote_calls_before_punctuation();
    let mut i = 0;
    while i < pieces.len() {
        match &mut pieces[i] {
            Inline::Italic(inner)
            | Inline::Bold(inner)
            | Inline::Quote(inner)
            | Inline::Superscript(inner) => place_footnote_calls(inner, language),
            Inline::Footnote(_) if before => {
                // Move the punctuation that precedes the call after it.
                let Some(Inline::Text(text)) = i.checked_sub(1).map(|j| &mut pieces[j]) else {
                    i += 1;
                    continue;
                };
                let kept = text.trim_end_matches(PUNCTUATION).len();
                let punctuation = text.split_off(kept);
                let emptied = text.is_empty();
                if !punctuation.is_empty() {
                    match pieces.get_mut(i + 1) {
                        Some(Inline::Text(next)) => next.insert_str(0, &punctuation),
                        _ => pieces.insert(i + 1, Inline::Text(punctuation)),
                    }
                    if emptied {
                        pieces.remove(i - 1);
                        i -= 1;
                    }
                }
            }
            Inline::Footnote(_) => {
                // Move the punctuation that follows the call before it.
                let Some(Inline::Text(next)) = pieces.get_mut(i + 1) else {
                    i += 1;
                    continue;
                };
                let taken = next.len() - next.trim_start_matches(PUNCTUATION).len();
                if taken > 0 {
                    let punctuation: String = next.drain(..taken).collect();
                    if next.is_empty() {
                        pieces.remove(i + 1);
                    }
                    match i.checked_sub(1).map(|j| &mut pieces[j]) {
                        Some(Inline::Text(previous)) => previous.push_str(&punctuation),
                        _ => {
                            pieces.insert(i, Inline::Text(punctuation));
                            i += 1;
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(text: &str, lang: &str) -> String {
        let mut pieces = inline::parse(text).unwrap();
        place_footnote_calls(&mut pieces, Language::of(lang));
        inline::write(&pieces, &mut |t| t.to_owned())
    }

    #[test]
    fn footnote_calls_follow_each_language() {
        assert_eq!(
            super::ordinals_raised("le 1er janvier, la 1re séance, le XXIe siècle, la 3e & 4es, 1ere, e2e, 21e, Ie"),
            "le 1<sup>er</sup> janvier, la 1<sup>re</sup> séance, le XXI<sup>e</sup> siècle, la 3<sup>e</sup> &amp; 4<sup>es</sup>, 1ere, e2e, 21<sup>e</sup>, Ie"
        );
        assert_eq!(
            placed("items 32 and 38{footnote:a}, and", "en"),
            "items 32 and 38,{footnote:a} and"
        );
        assert_eq!(
            placed("format.{footnote:r} The", "ru"),
            "format{footnote:r}. The"
        );
        assert_eq!(
            placed("format.{footnote:r} Les", "fr"),
            "format{footnote:r}. Les"
        );
        assert_eq!(
            placed("format{footnote:r}. Les", "fr"),
            "format{footnote:r}. Les"
        );
        assert_eq!(placed("合作{footnote:r}。本", "zh"), "合作。{footnote:r}本");
        // Calls in a row, a call first in a span, and braces written as
        // text: the pieces move, never the syntax.
        assert_eq!(
            placed("a.{footnote:a}{footnote:b} b", "fr"),
            "a{footnote:a}{footnote:b}. b"
        );
        assert_eq!(
            placed("note:{i:{footnote:a}x}", "fr"),
            "note:{i:{footnote:a}x}"
        );
        assert_eq!(
            placed("see \\{footnote:x\\}.", "en"),
            "see \\{footnote:x\\}."
        );
    }

    #[test]
    fn labels() {
        let mut n = Notes::numbered();
        assert_eq!(
            (n.label("x", &[]), n.label("y", &[]), n.label("x", &[])),
            ("1".into(), "2".into(), "1".into())
        );
        let mut l = Notes::lettered(Language::of("en"));
        let labels: Vec<String> = (0..28).map(|i| l.label(&i.to_string(), &[])).collect();
        assert_eq!(
            (labels[0].as_str(), labels[25].as_str(), labels[26].as_str()),
            ("a", "z", "aa")
        );
    }
}
