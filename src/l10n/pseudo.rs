//! Pseudo-locales, to see layout overflow and strings that bypass Fluent
//! before any translation exists: `en-XA` (accented, about 30 % longer) and
//! `en-XB` (right to left). Both are made from English: its messages at
//! format time, its document texts when a job is set up.

use crate::language::{Language, Pseudo};
use crate::source::model::{InlineText, Segment, Text, Texts};

/// The pseudo-locales polypress knows.
pub(crate) const PSEUDO_LOCALES: [&str; 2] = crate::language::PSEUDO_LOCALES;

/// Whether `lang` is a pseudo-locale.
pub(crate) fn is_pseudo(lang: &str) -> bool {
    Language::of(lang).is_pseudo()
}

/// Accented forms of the ASCII letters.
fn accent(c: char) -> char {
    const FROM: &str = "aeiouyAEIOUYcnCNsSzZ";
    const TO: &str = "àéîöûýÀÉÎÖÛÝçñÇÑšŠžŽ";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// Transforms the text outside `{…}` placeholders and markup-like tags.
fn outside_placeholders(text: &str, mut word: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '{' => {
                out.push_str(&word(&current));
                current.clear();
                depth += 1;
                out.push(c);
            }
            '}' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            _ if depth > 0 => out.push(c),
            _ => current.push(c),
        }
    }
    out.push_str(&word(&current));
    out
}

/// `en-XA`: every letter accented and every word lengthened by about 30 %
/// (its vowels doubled in turn), so overflow shows.
pub fn accented(text: &str) -> String {
    outside_placeholders(text, |chunk| {
        let mut out = String::with_capacity(chunk.len() * 2);
        for c in chunk.chars() {
            let a = accent(c);
            out.push(a);
            // Vowels doubled: about +30 % on English prose.
            if "aeiouAEIOU".contains(c) {
                out.push(a);
            }
        }
        out
    })
}

/// `en-XB`: the text forced right to left (RLO … PDF around each run), so a
/// string drawn outside the bidi path shows up mirrored. Fluent isolates
/// what its placeables give (a function's output, a select's variant)
/// between FSI and PDI, and an override does not reach into an isolate:
/// the runs inside isolates get an override of their own, as en-XA
/// accents them too.
pub fn mirrored(text: &str) -> String {
    let isolate = |c: char| ('\u{2066}'..='\u{2069}').contains(&c);
    outside_placeholders(text, |chunk| {
        let mut out = String::with_capacity(chunk.len() + 8);
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut String| {
            if run.trim().is_empty() {
                out.push_str(run);
            } else {
                out.push_str(&format!("\u{202E}{run}\u{202C}"));
            }
            run.clear();
        };
        for c in chunk.chars() {
            if isolate(c) {
                flush(&mut run, &mut out);
                out.push(c);
            } else {
                run.push(c);
            }
        }
        flush(&mut run, &mut out);
        out
    })
}

/// The pseudo-locale's version of an English string. The words inside
/// emphasis and quotation tags are transformed too; the tags and the ids
/// of references are kept.
pub(crate) fn transform(lang: &str, text: &str) -> String {
    change(Language::of(lang), text)
}

/// A text of the inline syntax made strange, its tags kept.
pub(crate) fn transform_inline(lang: &str, text: &InlineText) -> InlineText {
    text.map_words(&mut |t| change(Language::of(lang), t))
}

fn change(language: Language, chunk: &str) -> String {
    match language.pseudo() {
        Some(Pseudo::Accented) => accented(chunk),
        Some(Pseudo::Mirrored) => mirrored(chunk),
        None => chunk.to_owned(),
    }
}

/// A document's English texts in a pseudo-locale: every text, of every
/// block, item and table cell, transformed.
pub fn texts(english: &Texts, lang: &str) -> Texts {
    let t = |s: &String| transform(lang, s);
    let tt = |s: &Text| Text {
        text: transform_inline(lang, &s.text),
        source: None,
    };
    fn blocks(lang: &str, segments: &mut [Segment]) {
        for block in segments {
            block.text = transform_inline(lang, &block.text);
            blocks(lang, &mut block.items);
            if let Some(table) = &mut block.table {
                let cells = table
                    .header
                    .iter_mut()
                    .chain(table.rows.iter_mut())
                    .flatten();
                let lines = [&mut table.title, &mut table.note, &mut table.source];
                for text in cells.chain(lines.into_iter().flatten()) {
                    *text = transform_inline(lang, text);
                }
            }
        }
    }
    let mut texts = english.clone();
    texts.agenda_items.values_mut().for_each(|v| *v = t(v));
    if let Some(letter) = &mut texts.letter {
        letter.title = letter.title.as_ref().map(tt);
        blocks(lang, &mut letter.paragraphs);
    }
    for annex in texts.annexes.values_mut() {
        annex.heading = annex.heading.as_ref().map(t);
        annex.title = tt(&annex.title);
        annex.place = annex.place.as_ref().map(t);
        blocks(lang, &mut annex.paragraphs);
    }
    texts.title = texts.title.as_ref().map(tt);
    texts.subtitle = texts.subtitle.as_ref().map(|s| transform_inline(lang, s));
    texts.place = texts.place.as_ref().map(t);
    blocks(lang, &mut texts.summary);
    blocks(lang, &mut texts.preamble);
    blocks(lang, &mut texts.paragraphs);
    blocks(lang, &mut texts.footnotes);
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_is_longer_and_keeps_placeholders() {
        let source = "Letter dated 21 May 2021 (see {annex:csto-statement})";
        let pseudo = accented(source);
        assert!(pseudo.contains("{annex:csto-statement}"));
        assert!(pseudo.starts_with("Lééttéér"), "{pseudo}");
        assert!(pseudo.contains("21") && pseudo.contains("2021"));
        let prose = "The States members of the Collective Security Treaty Organization declare their interest";
        let grow = accented(prose).chars().count() as f32 / prose.chars().count() as f32;
        assert!((1.25..1.45).contains(&grow), "{grow}");
    }

    #[test]
    fn mirrored_reaches_into_fluent_isolates() {
        assert_eq!(
            mirrored("Annex \u{2068}II\u{2069} to"),
            "\u{202E}Annex \u{202C}\u{2068}\u{202E}II\u{202C}\u{2069}\u{202E} to\u{202C}"
        );
    }

    #[test]
    fn mirrored_wraps_runs_in_an_override() {
        assert_eq!(
            mirrored("see {footnote:a} here"),
            "\u{202E}see \u{202C}{footnote:a}\u{202E} here\u{202C}"
        );
    }
}
