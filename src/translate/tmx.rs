//! TMX 1.4 export: a translation memory of the aligned language versions
//! of documents, to seed a CAT tool. One translation unit per segment
//! (titles, paragraphs, notes, as XLIFF exports them), its `tuid` the
//! document and segment id, with a variant per language: the original
//! always, every other language whose text is not stale. A text never
//! reviewed against the current source says so in a property.
//! Placeholders are `<ph>` codes numbered as in the original, so a CAT
//! tool aligns them.

use std::collections::BTreeMap;

use super::status::Versions;
use super::tracked::tracked;
use super::xliff::{codes_in_order, numbered_content};
use crate::source::inline::InlineText;
use crate::source::Document;
use crate::xml;

/// A TMX placeholder: its number among the source's codes, the reference
/// as its native code.
fn ph(number: usize, reference: &str) -> String {
    let kind = if reference.starts_with("annex") {
        "x-annex"
    } else {
        "x-footnote"
    };
    format!(
        "<ph x=\"{number}\" type=\"{kind}\">{{{}}}</ph>",
        xml::escape_text(reference)
    )
}

/// A language's texts by segment id, with the stamp each carries.
type ById<'a> = BTreeMap<String, (&'a InlineText, Option<&'a str>)>;

/// The TMX file of `documents`, in the order given.
pub fn export(documents: &[Document]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<tmx version=\"1.4\">\n");
    out.push_str(&format!(
        "  <header creationtool=\"polypress\" creationtoolversion=\"{}\" segtype=\"paragraph\" o-tmf=\"polypress\" adminlang=\"en\" srclang=\"*all*\" datatype=\"plaintext\"/>\n  <body>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for document in documents {
        let original = &document.facts.original_language;
        let Some((source_texts, source_file)) = document.texts.get(original) else {
            continue;
        };
        let versions = Versions::of(document);
        let others: Vec<(&String, ById)> = document
            .texts
            .iter()
            .filter(|(lang, _)| *lang != original)
            .map(|(lang, (texts, file))| {
                let by_id = tracked(texts, Some(file))
                    .into_iter()
                    .map(|t| (t.id, (t.text, t.source)))
                    .collect();
                (lang, by_id)
            })
            .collect();
        for unit in tracked(source_texts, Some(source_file)) {
            let codes = codes_in_order(unit.text);
            out.push_str(&format!(
                "    <tu tuid=\"{}\" srclang=\"{original}\">\n      <prop type=\"x-document\">{}</prop>\n      <prop type=\"x-segment\">{}</prop>\n",
                xml::escape(&format!("{}/{}", document.id, unit.id)),
                xml::escape_text(&document.id),
                xml::escape_text(&unit.id),
            ));
            out.push_str(&format!(
                "      <tuv xml:lang=\"{original}\"><seg>{}</seg></tuv>\n",
                numbered_content(unit.text, &codes, &ph)
            ));
            for (lang, by_id) in &others {
                let Some((text, stamp)) = by_id.get(&unit.id) else {
                    continue;
                };
                let reviewed = match stamp {
                    Some(stamp) if versions.is_current(stamp, &unit.id, original) => true,
                    // Translated from another text than the current one:
                    // no translation of it.
                    Some(_) => continue,
                    None => false,
                };
                let state = if reviewed {
                    ""
                } else {
                    "<prop type=\"x-state\">unreviewed</prop>"
                };
                out.push_str(&format!(
                    "      <tuv xml:lang=\"{lang}\">{state}<seg>{}</seg></tuv>\n",
                    numbered_content(text, &codes, &ph)
                ));
            }
            out.push_str("    </tu>\n");
        }
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}
