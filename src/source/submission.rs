//! Submission checks (UN-FORMAT.md, Editorial Manual): word counts against
//! the limit of the document's category, and symbols that must read the
//! same in every language version.

use std::collections::BTreeSet;

use super::model::{Category, Segment, Text, Texts};
use super::Document;
use crate::diagnostic::Diagnostic;

/// The word limit of a category (General Assembly resolution 52/214 and the
/// Editorial Manual): 8,500 words for Secretariat reports, 10,700 for
/// reports of intergovernmental bodies, 3,300 for in-session documents.
pub fn default_limit(category: Category) -> Option<u32> {
    match category {
        Category::SecretariatReport => Some(8_500),
        Category::IntergovernmentalReport => Some(10_700),
        Category::InSession => Some(3_300),
        Category::Communication => None,
    }
}

/// Every text segment of a texts file, in document order.
pub fn segments(texts: &Texts) -> Vec<&Segment> {
    let mut all: Vec<&Segment> = Vec::new();
    if let Some(letter) = &texts.letter {
        all.extend(&letter.paragraphs);
    }
    for annex in texts.annexes.values() {
        all.extend(&annex.paragraphs);
    }
    all.extend(&texts.paragraphs);
    all.extend(&texts.footnotes);
    all
}

/// Words of a text: runs of letters or digits; in Chinese, where words are
/// not spaced, every two Han characters count as one word (the usual
/// ratio of UN translation statistics).
pub fn word_count(texts: &Texts, lang: &str) -> u32 {
    let mut words = 0u32;
    let mut titles: Vec<&str> = texts.title.iter().map(Text::as_str).collect();
    titles.extend(texts.annexes.values().map(|a| a.title.as_str()));
    let all = segments(texts)
        .into_iter()
        .map(|s| s.text.as_str())
        .chain(titles);
    for text in all {
        if lang == "zh" {
            let han = text
                .chars()
                .filter(|c| matches!(*c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF))
                .count() as u32;
            let latin = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .count() as u32;
            words += han.div_ceil(2) + latin;
        } else {
            words += text
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '’' && c != '\'')
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count() as u32;
        }
    }
    words
}

/// Tokens that must be identical in every language: document symbols and
/// other slash-separated references such as `1267/1989/2253`.
fn symbols(text: &str) -> BTreeSet<String> {
    // Runs of the characters symbols are made of, wherever they stand
    // (Chinese writes 第1267/1989/2253号 without spaces).
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '*' | '-')))
        .map(|t| t.trim_matches(['.', '-']))
        .filter(|t| t.contains('/') && t.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

/// Warnings for symbols that appear in some language versions of a
/// segment and not in others, pointing at the segment in each file that
/// lacks it.
pub fn consistency(document: &Document) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let languages: Vec<&String> = document.texts.keys().collect();
    let Some(first) = languages.first() else {
        return warnings;
    };
    let ids: Vec<String> = segments(&document.texts[*first].0)
        .iter()
        .map(|s| s.id.clone())
        .collect();
    for id in ids {
        let per_language: Vec<(&String, BTreeSet<String>)> = languages
            .iter()
            .filter_map(|lang| {
                let (texts, _) = &document.texts[*lang];
                let segment = segments(texts).into_iter().find(|s| s.id == id)?;
                Some((*lang, symbols(&segment.text)))
            })
            .collect();
        let union: BTreeSet<&String> = per_language.iter().flat_map(|(_, s)| s).collect();
        for (lang, found) in &per_language {
            for symbol in &union {
                if !found.contains(*symbol) {
                    let (_, file) = &document.texts[*lang];
                    let others: Vec<&str> = per_language
                        .iter()
                        .filter(|(_, s)| s.contains(*symbol))
                        .map(|(l, _)| l.as_str())
                        .collect();
                    let mut d = Diagnostic::warning(format!(
                        "segment `{id}` in `{lang}` lacks `{symbol}`, which the {} version has",
                        others.join(", ")
                    ));
                    d = match file
                        .locations()
                        .value(&find_path(&document.texts[*lang].0, &id))
                    {
                        Some((p, _)) => d.at(&file.path, &file.text, p, 1),
                        None => d.in_file(&file.path),
                    };
                    warnings.push(d.with_hint(
                        "symbols and references read the same in every language version",
                    ));
                }
            }
        }
    }
    warnings
}

/// The path of segment `id` in a texts file, for its location.
fn find_path(texts: &Texts, id: &str) -> String {
    if let Some(letter) = &texts.letter {
        if let Some(i) = letter.paragraphs.iter().position(|s| s.id == id) {
            return format!("letter.paragraphs[{i}].text");
        }
    }
    for (annex, t) in &texts.annexes {
        if let Some(i) = t.paragraphs.iter().position(|s| s.id == id) {
            return format!("annexes.{annex}.paragraphs[{i}].text");
        }
    }
    if let Some(i) = texts.paragraphs.iter().position(|s| s.id == id) {
        return format!("paragraphs[{i}].text");
    }
    if let Some(i) = texts.footnotes.iter().position(|s| s.id == id) {
        return format!("footnotes[{i}].text");
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_found() {
        let s = symbols(
            "the Sanctions Committees 1267/1989/2253 (see A/75/906, S/2021/534). 19 May 2021",
        );
        assert_eq!(
            s,
            BTreeSet::from([
                "1267/1989/2253".into(),
                "A/75/906".into(),
                "S/2021/534".into()
            ])
        );
    }

    #[test]
    fn words_are_counted() {
        let texts = Texts {
            paragraphs: vec![Segment {
                id: "a".into(),
                text: "The CSTO’s 40th meeting, held in-house.".into(),
                source: None,
                ..Segment::default()
            }],
            ..Texts::default()
        };
        assert_eq!(word_count(&texts, "en"), 6);
        let zh = Texts {
            paragraphs: vec![Segment {
                id: "a".into(),
                text: "集体安全条约组织成员国声明CSTO".into(),
                source: None,
                ..Segment::default()
            }],
            ..Texts::default()
        };
        assert_eq!(
            word_count(&zh, "zh"),
            8,
            "13 Han characters and one Latin word"
        );
    }
}
