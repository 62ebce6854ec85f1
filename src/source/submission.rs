//! Submission checks (docs/un-format.md, Editorial Manual): word counts against
//! the limit of the document's category, and symbols that must read the
//! same in every language version.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Category, InlineText, Segment, Texts};
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

/// Every text of a texts file's blocks (sub-paragraphs and table cells
/// included), in document order: (id, YAML path, text).
pub fn segments(texts: &Texts) -> Vec<(String, String, &InlineText)> {
    fn walk<'a>(
        base: String,
        blocks: &'a [Segment],
        all: &mut Vec<(String, String, &'a InlineText)>,
    ) {
        for (i, block) in blocks.iter().enumerate() {
            block.texts(&format!("{base}[{i}]"), all);
        }
    }
    let mut all = Vec::new();
    if let Some(letter) = &texts.letter {
        walk("letter.paragraphs".into(), &letter.paragraphs, &mut all);
    }
    for (id, annex) in &texts.annexes {
        walk(
            format!("annexes.{id}.paragraphs"),
            &annex.paragraphs,
            &mut all,
        );
    }
    walk("summary".into(), &texts.summary, &mut all);
    walk("preamble".into(), &texts.preamble, &mut all);
    walk("paragraphs".into(), &texts.paragraphs, &mut all);
    walk("footnotes".into(), &texts.footnotes, &mut all);
    all
}

/// The shape of a language version's blocks, for comparing versions:
/// (id, what the block is, with its level, items or table size).
fn shapes(texts: &Texts) -> Vec<(String, String, String)> {
    fn walk(base: &str, blocks: &[Segment], out: &mut Vec<(String, String, String)>) {
        for (i, block) in blocks.iter().enumerate() {
            let path = format!("{base}[{i}]");
            let shape = match (&block.heading, &block.table) {
                (Some(level), _) => format!("a level-{level} heading"),
                (_, Some(t)) => format!(
                    "a table of {} columns, {} header and {} body rows",
                    t.columns.len(),
                    t.header.len(),
                    t.rows.len()
                ),
                _ if !block.items.is_empty() => {
                    format!("a {} with {} items", block.shape(), block.items.len())
                }
                _ => format!("a {}", block.shape()),
            };
            out.push((block.id.clone(), shape, format!("{path}.id")));
            walk(&format!("{path}.items"), &block.items, out);
        }
    }
    let mut out = Vec::new();
    if let Some(letter) = &texts.letter {
        walk("letter.paragraphs", &letter.paragraphs, &mut out);
    }
    for (id, annex) in &texts.annexes {
        walk(
            &format!("annexes.{id}.paragraphs"),
            &annex.paragraphs,
            &mut out,
        );
    }
    walk("summary", &texts.summary, &mut out);
    walk("preamble", &texts.preamble, &mut out);
    walk("paragraphs", &texts.paragraphs, &mut out);
    out
}

/// Errors for language versions whose structure differs from the
/// original's: a block missing, added, moved, or of another shape (a
/// heading of another level, a list with another number of items, a table
/// of another size). Translations align by id, so these would misalign.
pub fn structure(document: &Document) -> Vec<Diagnostic> {
    let original = &document.facts.original_language;
    let Some((source, _)) = document.texts.get(original) else {
        return Vec::new();
    };
    let expected = shapes(source);
    let mut errors = Vec::new();
    for (lang, (texts, file)) in &document.texts {
        if lang == original {
            continue;
        }
        let found = shapes(texts);
        for (index, (id, shape, path)) in found.iter().enumerate() {
            let problem = match expected.iter().position(|(e, _, _)| e == id) {
                None => Some(format!(
                    "block `{id}` of `{lang}` is not in the original ({original})"
                )),
                Some(at) if expected[at].1 != *shape => Some(format!(
                    "block `{id}` is {shape} in `{lang}` but {} in the original ({original})",
                    expected[at].1
                )),
                Some(at) if at != index => Some(format!(
                    "block `{id}` is in another place in `{lang}` than in the original ({original})"
                )),
                _ => None,
            };
            if let Some(message) = problem {
                errors.push(
                    file.error_at(path, message)
                        .with_hint("a translation has the original's headings, paragraphs, items and tables, with the same ids, in the same order"),
                );
                break; // one mismatch misaligns the rest: report the first
            }
        }
        if errors.is_empty()
            || errors
                .last()
                .is_some_and(|e| !e.message.contains(lang.as_str()))
        {
            for (id, shape, _) in &expected {
                if !found.iter().any(|(f, _, _)| f == id) {
                    errors.push(
                        file.error_at("", format!("`{lang}` lacks block `{id}` ({shape}) of the original ({original})"))
                            .with_hint("translate the block, with the same id"),
                    );
                    break;
                }
            }
        }
    }
    errors
}

/// Warnings for footnotes that no text calls: written, never printed.
pub fn unused_footnotes(document: &Document) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (texts, file) in document.texts.values() {
        let mut calls = Vec::new();
        let titles = texts
            .title
            .iter()
            .chain(texts.annexes.values().map(|a| &a.title))
            .map(|t| &t.text);
        for text in segments(texts).into_iter().map(|(_, _, t)| t).chain(titles) {
            if let Ok(pieces) = text.pieces() {
                super::inline::calls(pieces, &mut calls);
            }
        }
        let called: BTreeSet<&str> = calls
            .iter()
            .filter_map(|c| match c {
                super::inline::Inline::Footnote(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        for (i, note) in texts.footnotes.iter().enumerate() {
            if !called.contains(note.id.as_str()) {
                let mut d = file.error_at(
                    &format!("footnotes[{i}].id"),
                    format!("footnote `{}` is never called", note.id),
                );
                d.severity = crate::diagnostic::Severity::Warning;
                warnings.push(d.with_hint(format!(
                    "call it with `{{footnote:{}}}` where it belongs, or remove it",
                    note.id
                )));
            }
        }
    }
    warnings
}

/// Words of a text: runs of letters or digits; in Chinese, where words are
/// not spaced, every two Han characters count as one word (the usual
/// ratio of UN translation statistics).
pub fn word_count(texts: &Texts, lang: &str) -> u32 {
    let mut titles: Vec<&str> = texts.title.iter().map(|t| t.text.as_str()).collect();
    titles.extend(texts.annexes.values().map(|a| a.title.as_str()));
    segments(texts)
        .into_iter()
        .map(|(_, _, text)| text.as_str())
        .chain(titles)
        .map(|text| words_in(text, lang))
        .sum()
}

/// Words of one text in `lang`, counted as [`word_count`] does.
pub(crate) fn words_in(text: &str, lang: &str) -> u32 {
    if crate::language::Language::of(lang).counts_characters() {
        let han = text
            .chars()
            .filter(|c| matches!(*c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF))
            .count() as u32;
        let latin = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .count() as u32;
        han.div_ceil(2) + latin
    } else {
        text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '’' && c != '\'')
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count() as u32
    }
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
    // Each language's segments by id, collected once (a table of 10,000
    // rows has 20,000 of them).
    let by_id: BTreeMap<&String, HashMap<String, (String, &str)>> = languages
        .iter()
        .map(|lang| {
            let segments = segments(&document.texts[*lang].0)
                .into_iter()
                .map(|(id, path, text)| (id, (path, text.as_str())))
                .collect();
            (*lang, segments)
        })
        .collect();
    let ids: Vec<String> = segments(&document.texts[*first].0)
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    for id in ids {
        let per_language: Vec<(&String, BTreeSet<String>)> = languages
            .iter()
            .filter_map(|lang| {
                let (_, text) = by_id[*lang].get(&id)?;
                Some((*lang, symbols(text)))
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
                    let path = by_id[*lang].get(&id).map(|(p, _)| p.as_str()).unwrap_or("");
                    d = match file.locations().value(path) {
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
