//! The data a template sees: the document's facts and one language's texts,
//! merged into one JSON value. Everything here is language-neutral data or
//! text from the sources; formulas stay in Fluent, structure in templates.

use serde_json::{json, Value as Json};

use super::templates::escape;
use crate::diagnostic::Diagnostic;
use crate::l10n::{Argument, Localizer};
use crate::source::model::{DutyStation, Kind, OrganKind, Segment};
use crate::source::symbol::barcode_text;
use crate::source::{parse_date, references, Document};

/// The language of a version written right to left.
pub fn is_right_to_left(lang: &str) -> bool {
    matches!(lang.split('-').next(), Some("ar" | "he" | "fa" | "ur"))
}

/// The number printed for each annex: the explicit one, else the position,
/// and 0 (unnumbered) for the only annex of a letter.
pub fn annex_numbers(document: &Document) -> Vec<(String, u32)> {
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

/// Builds the template context for `document` in `lang`.
pub fn build(document: &Document, lang: &str, localizer: &Localizer) -> Result<Json, Diagnostic> {
    let facts = &document.facts;
    let (texts, texts_file) = document.texts.get(lang).ok_or_else(|| {
        Diagnostic::error(format!(
            "document `{}` has no texts in `{lang}`",
            document.id
        ))
    })?;
    let numbers = annex_numbers(document);

    // Paragraph text becomes markup: escaped, with annex references as links.
    let markup = |base: &str, segments: &[Segment]| -> Result<Json, Diagnostic> {
        let mut out = Vec::new();
        for (i, segment) in segments.iter().enumerate() {
            let mut text = escape(&segment.text);
            for (id, whole) in references(&segment.text) {
                let number = numbers.iter().find(|(a, _)| a == id).map_or(0, |(_, n)| *n);
                let label = localizer
                    .format(
                        lang,
                        "annex-reference",
                        &[("number", Argument::Number(number.into()))],
                    )
                    .map_err(|e| {
                        texts_file
                            .error_in(&format!("{base}[{i}].text"), whole, e.to_string())
                            .with_hint("add the message to the locale")
                    })?;
                text = text.replace(
                    &escape(whole),
                    &format!("<link to=\"{}\">{}</link>", escape(id), escape(&label)),
                );
            }
            out.push(json!({ "id": segment.id, "markup": text }));
        }
        Ok(Json::Array(out))
    };

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
            })
        })
        .collect();

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
            "paragraphs": markup("letter.paragraphs", &t.paragraphs)?,
        }),
        _ => Json::Null,
    };

    let mut annexes = Vec::new();
    for (annex, (_, number)) in facts.annexes.iter().zip(&numbers) {
        let t = texts.annexes.get(&annex.id).cloned().unwrap_or_default();
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
            "place": t.place,
            "paragraphs": markup(&format!("annexes.{}.paragraphs", annex.id), &t.paragraphs)?,
        }));
    }

    let footer_dates: Vec<String> = facts
        .footer_dates
        .iter()
        .filter_map(|d| parse_date(d))
        .map(|d| d.format("%d%m%y").to_string())
        .collect();
    let paper = match facts.duty_station {
        DutyStation::NewYork => "letter",
        _ => "a4",
    };
    Ok(json!({
        "lang": lang,
        "dir": if is_right_to_left(lang) { "rtl" } else { "ltr" },
        "paper": paper,
        "kind": facts.kind.name(),
        "is_letter": facts.kind == Kind::Letter,
        "symbols": facts.symbols,
        "job_number": facts.job_number,
        "barcode": facts.job_number.as_deref().map(barcode_text),
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
        "title": texts.title,
        "place": texts.place,
        "paragraphs": markup("paragraphs", &texts.paragraphs)?,
    }))
}
