//! The data a template sees: the document's facts and one language's texts,
//! merged into one JSON value. Everything here is language-neutral data or
//! text from the sources; formulas stay in Fluent, structure in templates.
//!
//! The texts become markup in `writer.rs`; the notes they call are
//! labelled, and their calls placed beside punctuation, in `notes.rs`.

mod notes;
mod writer;

use serde_json::{json, Value as Json};
use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::l10n::{pseudo, Localizer};
use crate::language::{Language, PSEUDO_SOURCE};
use crate::source::inline::InlineText;
use crate::source::model::{DutyStation, Facts, Kind, OrganKind, Texts};
use crate::source::symbol::barcode_text;
use crate::source::SourceFile;
use crate::source::{parse_date, Document};
use notes::Notes;
use writer::{plain_text, Writer};

pub use notes::place_footnote_calls;

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
    let facts = &document.facts;
    let (texts, texts_file) = texts_of(document, language)?;
    let texts: &Texts = &texts;
    let numbers = annex_numbers(document);

    let writer = Writer {
        language,
        localizer,
        annexes: &numbers,
        file: texts_file,
        footnotes: &texts.footnotes,
        marks: Default::default(),
    };
    let numbered = facts
        .numbered_paragraphs
        .unwrap_or(facts.kind.numbers_paragraphs());
    let organs = organs_json(facts, texts);
    let letter = letter_json(&writer, facts, texts, numbered)?;
    let annexes = annexes_json(&writer, facts, texts, &numbers, numbered)?;
    let main = MainPart::write(&writer, facts, texts, numbered)?;
    Ok(document_json(
        facts,
        language,
        texts,
        Parts {
            organs,
            letter,
            annexes,
            main,
        },
    ))
}

/// The texts of `document` in `language` and the file they come from; a
/// pseudo-locale's texts are made from the English ones.
fn texts_of<'d>(
    document: &'d Document,
    language: Language,
) -> Result<(Cow<'d, Texts>, &'d SourceFile), Diagnostic> {
    let lang = language.tag();
    match (document.texts.get(lang), document.texts.get(PSEUDO_SOURCE)) {
        (Some((t, f)), _) => Ok((Cow::Borrowed(t), f)),
        (None, Some((english, f))) if language.is_pseudo() => {
            Ok((Cow::Owned(pseudo::texts(english, lang)), f))
        }
        _ => Err(Diagnostic::error(format!(
            "document `{}` has no texts in `{lang}`",
            document.id
        ))
        .in_file(&document.facts_file.path)
        .with_hint(format!("write {lang}.yaml (pseudo-locales need en.yaml)"))),
    }
}

/// The organs of the masthead and session lines: the organ, its session or
/// year, its agenda items with their titles in this language, its dates.
fn organs_json(facts: &Facts, texts: &Texts) -> Vec<Json> {
    facts
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
        .collect()
}

/// A letter's facts and texts: its addressee, senders, signatories and
/// paragraphs, with the notes they call numbered on their own.
fn letter_json(
    writer: &Writer,
    facts: &Facts,
    texts: &Texts,
    numbered: bool,
) -> Result<Json, Diagnostic> {
    let mut letter_notes = Notes::numbered();
    Ok(match (&facts.letter, &texts.letter) {
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
            "paragraphs": writer.blocks("letter.paragraphs", &t.paragraphs, numbered, &mut letter_notes)?,
            "footnotes": writer.notes(&letter_notes)?,
        }),
        _ => Json::Null,
    })
}

/// The annexes: each one's number, kind, original language, date and
/// texts, its notes lettered from a in each (docs/un-format.md §4.2).
fn annexes_json(
    writer: &Writer,
    facts: &Facts,
    texts: &Texts,
    numbers: &[(String, u32)],
    numbered: bool,
) -> Result<Vec<Json>, Diagnostic> {
    let language = writer.language;
    let lang = language.tag();
    let mut annexes = Vec::new();
    for (annex, (_, number)) in facts.annexes.iter().zip(numbers) {
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
            "paragraphs": writer.blocks(&format!("annexes.{}.paragraphs", annex.id), &t.paragraphs, numbered, &mut annex_notes)?,
            "footnotes": writer.notes(&annex_notes)?,
        }));
    }
    Ok(annexes)
}

/// The main part's texts as markup: the title, subtitle, summary,
/// preamble and paragraphs, the contents and the notes they call.
struct MainPart {
    title_plain: String,
    title_markup: String,
    subtitle_markup: Json,
    summary: Json,
    preamble: Json,
    body: Json,
    contents: Json,
    footnotes: Json,
}

impl MainPart {
    /// Writes the main part, its notes numbered in order of first call
    /// from the title on.
    fn write(
        writer: &Writer,
        facts: &Facts,
        texts: &Texts,
        numbered: bool,
    ) -> Result<Self, Diagnostic> {
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
        let body = writer.blocks("paragraphs", &texts.paragraphs, numbered, &mut body_notes)?;
        let wants_contents = facts.contents.unwrap_or(
            facts.kind == Kind::Report && texts.paragraphs.iter().any(|s| s.heading.is_some()),
        );
        let contents = if wants_contents {
            writer.contents(&body)?
        } else {
            Json::Null
        };
        let footnotes = writer.notes(&body_notes)?;
        Ok(Self {
            title_plain,
            title_markup,
            subtitle_markup,
            summary,
            preamble,
            body,
            contents,
            footnotes,
        })
    }
}

/// The parts of the context written from the texts.
struct Parts {
    organs: Vec<Json>,
    letter: Json,
    annexes: Vec<Json>,
    main: MainPart,
}

/// The whole context: the document's facts, the dates, numbers and
/// symbols the furniture prints, and the parts written from the texts.
fn document_json(facts: &Facts, language: Language, texts: &Texts, parts: Parts) -> Json {
    let lang = language.tag();
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
    json!({
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
        "organs": parts.organs,
        "letter": parts.letter,
        "annexes": parts.annexes,
        "date": facts.date,
        "organization": facts.organization,
        "title": parts.main.title_plain,
        "title_markup": parts.main.title_markup,
        "subtitle": parts.main.subtitle_markup,
        "summary": parts.main.summary,
        "preamble": parts.main.preamble,
        "resolution": resolution,
        "note_by": facts.note_by.clone().unwrap_or_else(|| "secretary-general".into()),
        "place": texts.place,
        "paragraphs": parts.main.body,
        "contents": parts.main.contents,
        "footnotes": parts.main.footnotes,
    })
}
