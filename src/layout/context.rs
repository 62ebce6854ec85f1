//! The data a template sees: the document's facts and one language's texts,
//! merged into one JSON value. Everything here is language-neutral data or
//! text from the sources; formulas stay in Fluent, structure in templates.

use serde_json::{json, Value as Json};

use super::templates::escape;
use crate::diagnostic::Diagnostic;
use crate::l10n::{pseudo, Argument, Localizer};
use crate::source::model::{DutyStation, Kind, OrganKind, Segment};
use crate::source::symbol::barcode_text;
use crate::source::{footnote_calls, parse_date, references, Document};

/// The language of a version written right to left.
pub fn is_right_to_left(lang: &str) -> bool {
    lang == "en-XB" || matches!(lang.split('-').next(), Some("ar" | "he" | "fa" | "ur"))
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
    // A pseudo-locale's texts are made from the English ones.
    let pseudo_texts;
    let (texts, texts_file) = match (document.texts.get(lang), document.texts.get("en")) {
        (Some((t, f)), _) => (t, f),
        (None, Some((english, f))) if pseudo::is_pseudo(lang) => {
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

    // Paragraph text becomes markup: escaped, with annex references as
    // links and footnote calls as notes.
    let markup =
        |base: &str, segments: &[Segment], notes: &mut Notes| -> Result<Json, Diagnostic> {
            let mut out = Vec::new();
            for (i, segment) in segments.iter().enumerate() {
                let source = place_footnote_calls(&segment.text, lang);
                let mut text = escape(&source);
                for (id, whole) in references(&source) {
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
                for (id, whole) in footnote_calls(&source) {
                    let label = notes.label(id);
                    text = text.replacen(
                        &escape(whole),
                        &format!("<note to=\"footnote-{}\" label=\"{label}\"/>", escape(id)),
                        1,
                    );
                }
                out.push(json!({ "id": segment.id, "markup": text }));
            }
            Ok(Json::Array(out))
        };
    // The footnotes a part calls, in the order of their labels.
    let footnotes = |notes: &Notes| -> Json {
        Json::Array(
            notes
                .used
                .iter()
                .filter_map(|(id, label)| {
                    let note = texts.footnotes.iter().find(|f| &f.id == id)?;
                    let mut text = escape(&note.text);
                    for (annex, whole) in references(&note.text) {
                        let number = numbers
                            .iter()
                            .find(|(a, _)| a == annex)
                            .map_or(0, |(_, n)| *n);
                        let label = localizer
                            .format(
                                lang,
                                "annex-reference",
                                &[("number", Argument::Number(number.into()))],
                            )
                            .unwrap_or_default();
                        text = text.replace(&escape(whole), &escape(&label));
                    }
                    Some(json!({ "id": format!("footnote-{id}"), "label": label, "markup": text }))
                })
                .collect(),
        )
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
            "footnotes": footnotes(&letter_notes),
        }),
        _ => Json::Null,
    };

    let mut annexes = Vec::new();
    for (annex, (_, number)) in facts.annexes.iter().zip(&numbers) {
        // Footnotes are lettered in annexes, from a in each (UN-FORMAT.md §4.2).
        let mut annex_notes = Notes::lettered(lang);
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
            "paragraphs": markup(&format!("annexes.{}.paragraphs", annex.id), &t.paragraphs, &mut annex_notes)?,
            "footnotes": footnotes(&annex_notes),
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
    let mut body_notes = Notes::numbered();
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
        "paragraphs": markup("paragraphs", &texts.paragraphs, &mut body_notes)?,
        "footnotes": footnotes(&body_notes),
    }))
}

/// The footnotes one part calls, with their labels.
struct Notes {
    lettered: bool,
    /// Arabic letters (أ، ب، ج …) instead of Latin ones in Arabic text.
    arabic: bool,
    used: Vec<(String, String)>,
}

impl Notes {
    fn numbered() -> Self {
        Notes {
            lettered: false,
            arabic: false,
            used: Vec::new(),
        }
    }

    fn lettered(lang: &str) -> Self {
        Notes {
            lettered: true,
            arabic: lang == "ar",
            used: Vec::new(),
        }
    }

    /// The label of footnote `id`: 1, 2, … or a, b, …, in order of first call.
    fn label(&mut self, id: &str) -> String {
        if let Some((_, label)) = self.used.iter().find(|(i, _)| i == id) {
            return label.clone();
        }
        let n = self.used.len();
        // The abjad order Arabic uses for lettered lists.
        const ABJAD: [&str; 18] = [
            "أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف",
            "ص",
        ];
        let label = if self.lettered && self.arabic && n < ABJAD.len() {
            ABJAD[n].to_owned()
        } else if self.lettered {
            let mut label = String::new();
            let mut k = n;
            loop {
                label.insert(0, (b'a' + (k % 26) as u8) as char);
                if k < 26 {
                    break;
                }
                k = k / 26 - 1;
            }
            label
        } else {
            (n + 1).to_string()
        };
        self.used.push((id.to_owned(), label.clone()));
        label
    }
}

/// Puts footnote calls on the side of punctuation each language wants
/// (UN-FORMAT.md §4.2): after it in English, Russian, Arabic and Chinese,
/// before it in French and Spanish.
pub fn place_footnote_calls(text: &str, lang: &str) -> String {
    const PUNCTUATION: &[char] = &[
        '.', ',', ';', ':', '!', '?', '。', '，', '；', '：', '،', '؛',
    ];
    let before = matches!(lang.split('-').next(), Some("fr" | "es"));
    let mut out = text.to_owned();
    let mut from = 0;
    while let Some(found) = out[from..].find("{footnote:") {
        let start = from + found;
        let Some(length) = out[start..].find('}').map(|e| e + 1) else {
            break;
        };
        let call = out[start..start + length].to_owned();
        if before {
            // Move the call before the punctuation that precedes it.
            let kept = out[..start].trim_end_matches(PUNCTUATION).len();
            if kept < start {
                let punctuation = out[kept..start].to_owned();
                out.replace_range(kept..start + length, &format!("{call}{punctuation}"));
                from = kept + length + punctuation.len();
                continue;
            }
        } else {
            // Move the call after the punctuation that follows it.
            let tail = &out[start + length..];
            let taken = tail.len() - tail.trim_start_matches(PUNCTUATION).len();
            if taken > 0 {
                let punctuation = tail[..taken].to_owned();
                out.replace_range(
                    start..start + length + taken,
                    &format!("{punctuation}{call}"),
                );
                from = start + taken + length;
                continue;
            }
        }
        from = start + length;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_calls_follow_each_language() {
        assert_eq!(
            place_footnote_calls("items 32 and 38{footnote:a}, and", "en"),
            "items 32 and 38,{footnote:a} and"
        );
        assert_eq!(
            place_footnote_calls("format{footnote:r}. The", "ru"),
            "format.{footnote:r} The"
        );
        assert_eq!(
            place_footnote_calls("format.{footnote:r} Les", "fr"),
            "format{footnote:r}. Les"
        );
        assert_eq!(
            place_footnote_calls("format{footnote:r}. Les", "fr"),
            "format{footnote:r}. Les"
        );
        assert_eq!(
            place_footnote_calls("合作{footnote:r}。本", "zh"),
            "合作。{footnote:r}本"
        );
    }

    #[test]
    fn labels() {
        let mut n = Notes::numbered();
        assert_eq!(
            (n.label("x"), n.label("y"), n.label("x")),
            ("1".into(), "2".into(), "1".into())
        );
        let mut l = Notes::lettered("en");
        let labels: Vec<String> = (0..28).map(|i| l.label(&i.to_string())).collect();
        assert_eq!(
            (labels[0].as_str(), labels[25].as_str(), labels[26].as_str()),
            ("a", "z", "aa")
        );
    }
}
