//! XLIFF 1.2 export and import of document texts, for CAT tools (Trados,
//! memoQ, Okapi). Units are the tracked texts (titles, paragraphs,
//! footnotes) with their stable ids (tracked.rs); `{annex:…}` and `{footnote:…}` placeholders
//! travel as `<x/>` elements a CAT tool protects. Stale segments are
//! `needs-review-translation`, missing ones `needs-translation`.

use std::collections::BTreeMap;

use super::status::{source_stamp, Versions};
use super::tracked::{apply, tracked, Edit, Tracked};
use crate::diagnostic::Diagnostic;
use crate::source::Document;
use crate::xml;

/// Segment text as XLIFF content: placeholders become `<x/>`.
fn to_content(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 1..start + end];
        if inner.starts_with("annex:") || inner.starts_with("footnote:") {
            out.push_str(&xml::escape(&rest[..start]));
            out.push_str(&format!(
                "<x id=\"{0}\" equiv-text=\"{{{0}}}\"/>",
                xml::escape(inner)
            ));
        } else {
            out.push_str(&xml::escape(&rest[..start + end + 1]));
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(&xml::escape(rest));
    out
}

/// The XLIFF file of `document` from `source` into `target`.
pub fn export(document: &Document, source: &str, target: &str) -> Result<String, Diagnostic> {
    let missing = |lang: &str| {
        Diagnostic::error(format!(
            "document `{}` has no texts in `{lang}`",
            document.id
        ))
        .in_file(&document.facts_file.path)
    };
    let (source_texts, source_file) = document.texts.get(source).ok_or_else(|| missing(source))?;
    let (target_texts, target_file) = document.texts.get(target).ok_or_else(|| missing(target))?;
    let targets: BTreeMap<String, Tracked> = tracked(target_texts, Some(target_file))
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    xml.push_str(&format!(
        "  <file original=\"{}\" source-language=\"{source}\" target-language=\"{target}\" datatype=\"plaintext\" product-name=\"polypress\">\n    <body>\n",
        xml::escape(&format!("documents/{}/{}", document.id, target_file.path.file_name().unwrap_or_default().to_string_lossy()))
    ));
    let versions = Versions::of(document);
    let original = &document.facts.original_language;
    for unit in tracked(source_texts, Some(source_file)) {
        let id = &unit.id;
        // Reviewed against the current source: approved; reviewed against
        // an older one: to review; never reviewed: translated.
        let (state, approved, content) = match targets.get(id) {
            None => ("needs-translation", false, String::new()),
            Some(t) => {
                let (state, approved) = match t.source {
                    Some(stamp) if versions.is_current(stamp, id, original) => ("translated", true),
                    Some(_) => ("needs-review-translation", false),
                    None => ("translated", false),
                };
                (state, approved, to_content(t.text))
            }
        };
        let approved = if approved { " approved=\"yes\"" } else { "" };
        xml.push_str(&format!(
            "      <trans-unit id=\"{}\"{approved} xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"{state}\">{content}</target>\n      </trans-unit>\n",
            xml::escape(id),
            to_content(unit.text)
        ));
    }
    xml.push_str("    </body>\n  </file>\n</xliff>\n");
    Ok(xml)
}

/// Text of a `<source>`/`<target>` element, `<x/>` back to placeholders,
/// and the placeholders found.
pub(crate) fn from_content(node: roxmltree::Node) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut placeholders = Vec::new();
    for child in node.children() {
        if child.is_text() {
            text.push_str(child.text().unwrap_or(""));
        } else if child.has_tag_name("x") {
            let id = child.attribute("id").unwrap_or("");
            text.push_str(&format!("{{{id}}}"));
            placeholders.push(id.to_owned());
        } else if child.is_element() {
            // Other inline markup a CAT tool may add: keep its text.
            let (inner, mut found) = from_content(child);
            text.push_str(&inner);
            placeholders.append(&mut found);
        }
    }
    (text, placeholders)
}

fn placeholders_of(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(inner, _)| inner.to_owned()))
        .filter(|p| p.starts_with("annex:") || p.starts_with("footnote:"))
        .collect();
    found.sort();
    found
}

/// Reads an XLIFF file back: returns the target language and the new
/// texts file content, or every problem (no partial result). Units whose
/// target equals the current text leave the file as it was.
pub fn import(document: &Document, xliff: &str) -> Result<(String, Option<String>), Vec<String>> {
    let tree = roxmltree::Document::parse(xliff).map_err(|e| vec![format!("not XML: {e}")])?;
    let file = tree
        .descendants()
        .find(|n| n.has_tag_name("file"))
        .ok_or_else(|| vec!["no <file> element".to_owned()])?;
    let source = file.attribute("source-language").unwrap_or("");
    let target = file.attribute("target-language").unwrap_or("").to_owned();
    let (source_texts, source_file) = document.texts.get(source).ok_or_else(|| {
        vec![format!(
            "document `{}` has no texts in the source language `{source}`",
            document.id
        )]
    })?;
    let (target_texts, target_file) = document.texts.get(&target).ok_or_else(|| {
        vec![format!(
            "document `{}` has no texts in the target language `{target}`",
            document.id
        )]
    })?;
    let sources: BTreeMap<String, Tracked> = tracked(source_texts, Some(source_file))
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let targets: BTreeMap<String, Tracked> = tracked(target_texts, Some(target_file))
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let versions = Versions::of(document);
    let original = &document.facts.original_language;
    let mut problems = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    for unit in tree.descendants().filter(|n| n.has_tag_name("trans-unit")) {
        let id = unit.attribute("id").unwrap_or("").to_owned();
        let Some(source_segment) = sources.get(&id) else {
            problems.push(format!(
                "unit `{id}`: no segment with this id in the {source} texts"
            ));
            continue;
        };
        let Some(target_node) = unit.children().find(|n| n.has_tag_name("target")) else {
            continue;
        };
        let (text, mut found) = from_content(target_node);
        if text.trim().is_empty() {
            continue;
        }
        // What the translator's tool says of the unit: approved, or a
        // state (XLIFF 1.2 §2.5.6): `new` and `needs-…` are not reviewed.
        let approved = unit.attribute("approved") == Some("yes");
        let state = target_node.attribute("state").unwrap_or("translated");
        let reviewed = approved || matches!(state, "translated" | "signed-off" | "final");
        found.sort();
        let expected = placeholders_of(source_segment.text);
        if found != expected {
            problems.push(format!(
                "unit `{id}`: placeholders {found:?} differ from the source's {expected:?}"
            ));
            continue;
        }
        let stamp = source_stamp(source, source_segment.text);
        match targets.get(&id) {
            None => problems.push(format!("unit `{id}`: {target} texts have no segment with this id yet; add it to the file first")),
            // A new text: stamped when the tool calls it reviewed, else
            // recorded unreviewed (a stamp it had is removed).
            Some(t) if t.text != text => edits.push(Edit {
                path: t.path.clone(),
                form: t.form,
                text: Some(text),
                stamp: reviewed.then(|| stamp.clone()),
            }),
            // The same text: approved now, or sent back for review.
            Some(t) => {
                let current = t
                    .source
                    .is_some_and(|s| versions.is_current(s, &id, original));
                let unreview = !reviewed && state.starts_with("needs-review") && t.source.is_some();
                if (approved && !current) || unreview {
                    edits.push(Edit {
                        path: t.path.clone(),
                        form: t.form,
                        text: None,
                        stamp: approved.then(|| stamp.clone()),
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if edits.is_empty() {
        return Ok((target, None));
    }
    let (text, skipped) = apply(target_file, &edits);
    if !skipped.is_empty() {
        return Err(skipped
            .into_iter()
            .map(|path| {
                format!(
                    "`{path}`: its place in {} was not found (a flow-style map?)",
                    target_file.path.display()
                )
            })
            .collect());
    }
    Ok((target, Some(text)))
}
