//! XLIFF 1.2 export and import of document texts, for CAT tools (Trados,
//! memoQ, Okapi). Units are the translatable segments (paragraphs,
//! footnotes) with stable ids; `{annex:…}` and `{footnote:…}` placeholders
//! travel as `<x/>` elements a CAT tool protects. Stale segments are
//! `needs-review-translation`, missing ones `needs-translation`.

use std::collections::BTreeMap;

use super::status::source_hash;
use crate::diagnostic::Diagnostic;
use crate::source::model::{Segment, Texts};
use crate::source::Document;
use crate::xml;

/// Each segment of a texts file with its unit id (`letter/transmit`,
/// `annexes/csto-statement/interest`, `paragraphs/body`, `footnotes/agenda`)
/// and its path in the YAML file.
fn units(texts: &Texts) -> Vec<(String, String, &Segment)> {
    let mut out = Vec::new();
    if let Some(letter) = &texts.letter {
        for (i, s) in letter.paragraphs.iter().enumerate() {
            out.push((
                format!("letter/{}", s.id),
                format!("letter.paragraphs[{i}]"),
                s,
            ));
        }
    }
    for (annex, t) in &texts.annexes {
        for (i, s) in t.paragraphs.iter().enumerate() {
            out.push((
                format!("annexes/{annex}/{}", s.id),
                format!("annexes.{annex}.paragraphs[{i}]"),
                s,
            ));
        }
    }
    for (i, s) in texts.paragraphs.iter().enumerate() {
        out.push((
            format!("paragraphs/{}", s.id),
            format!("paragraphs[{i}]"),
            s,
        ));
    }
    for (i, s) in texts.footnotes.iter().enumerate() {
        out.push((format!("footnotes/{}", s.id), format!("footnotes[{i}]"), s));
    }
    out
}

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
    let (source_texts, _) = document.texts.get(source).ok_or_else(|| missing(source))?;
    let (target_texts, target_file) = document.texts.get(target).ok_or_else(|| missing(target))?;
    let targets: BTreeMap<String, &Segment> = units(target_texts)
        .into_iter()
        .map(|(id, _, s)| (id, s))
        .collect();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    xml.push_str(&format!(
        "  <file original=\"{}\" source-language=\"{source}\" target-language=\"{target}\" datatype=\"plaintext\" product-name=\"polypress\">\n    <body>\n",
        xml::escape(&format!("documents/{}/{}", document.id, target_file.path.file_name().unwrap_or_default().to_string_lossy()))
    ));
    for (id, _, segment) in units(source_texts) {
        let (state, content) = match targets.get(&id) {
            None => ("needs-translation", String::new()),
            Some(t) => {
                let state = match &t.source {
                    Some(hash) if *hash != source_hash(&segment.text) => "needs-review-translation",
                    _ => "translated",
                };
                (state, to_content(&t.text))
            }
        };
        xml.push_str(&format!(
            "      <trans-unit id=\"{}\" xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"{state}\">{content}</target>\n      </trans-unit>\n",
            xml::escape(&id),
            to_content(&segment.text)
        ));
    }
    xml.push_str("    </body>\n  </file>\n</xliff>\n");
    Ok(xml)
}

/// Text of a `<source>`/`<target>` element, `<x/>` back to placeholders,
/// and the placeholders found.
fn from_content(node: roxmltree::Node) -> (String, Vec<String>) {
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

/// One text value to replace in a texts file.
struct TextEdit {
    /// The `text:` key's line (1-based) and the index after its last line.
    line: usize,
    end: usize,
    column: usize,
    /// The new value, as a quoted scalar.
    quoted: String,
    /// Where `source:` is, if the segment has one, else the `id:` line.
    source_line: Option<usize>,
    id_line: usize,
    hash: String,
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
    let (source_texts, _) = document.texts.get(source).ok_or_else(|| {
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
    let sources: BTreeMap<String, &Segment> = units(source_texts)
        .into_iter()
        .map(|(id, _, s)| (id, s))
        .collect();
    let targets: BTreeMap<String, (String, &Segment)> = units(target_texts)
        .into_iter()
        .map(|(id, path, s)| (id, (path, s)))
        .collect();
    let mut problems = Vec::new();
    let mut changes: Vec<(String, String, String)> = Vec::new();
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
        found.sort();
        let expected = placeholders_of(&source_segment.text);
        if found != expected {
            problems.push(format!(
                "unit `{id}`: placeholders {found:?} differ from the source's {expected:?}"
            ));
            continue;
        }
        match targets.get(&id) {
            None => problems.push(format!("unit `{id}`: {target} texts have no segment with this id yet; add it to the file first")),
            Some((path, segment)) if segment.text != text => {
                changes.push((path.clone(), text, source_hash(&source_segment.text)));
            }
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if changes.is_empty() {
        return Ok((target, None));
    }
    // Replace each changed text value (from the bottom up) with a quoted
    // scalar, and record the source hash it was translated from.
    let mut lines: Vec<String> = target_file.text.lines().map(str::to_owned).collect();
    let mut edits: Vec<TextEdit> = Vec::new();
    for (path, text, hash) in changes {
        let Some(key) = target_file.locations.key(&format!("{path}.text")) else {
            continue;
        };
        // The value runs until the next line indented no deeper than the key.
        let mut end = key.line;
        while end < lines.len() {
            let next = &lines[end];
            let indent = next.len() - next.trim_start().len();
            if !next.trim().is_empty() && indent < key.column {
                break;
            }
            if !next.trim().is_empty() && indent == key.column - 1 {
                break;
            }
            end += 1;
        }
        let id_line = target_file
            .locations
            .key(&format!("{path}.id"))
            .map_or(key.line, |p| p.line);
        let source_line = target_file
            .locations
            .key(&format!("{path}.source"))
            .map(|p| p.line);
        let quoted = serde_json::to_string(&text).unwrap_or_default();
        edits.push(TextEdit {
            line: key.line,
            end,
            column: key.column,
            quoted,
            source_line,
            id_line,
            hash,
        });
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.line));
    for TextEdit {
        line,
        end,
        column,
        quoted,
        source_line,
        id_line,
        hash,
    } in edits
    {
        let indent = " ".repeat(column - 1);
        lines.splice(line - 1..end, [format!("{indent}text: {quoted}")]);
        let hash_line = format!("{indent}source: {hash}");
        match source_line {
            Some(l) => lines[l - 1] = hash_line,
            None => lines.insert(id_line, hash_line),
        }
    }
    let mut text = lines.join("\n");
    if target_file.text.ends_with('\n') {
        text.push('\n');
    }
    Ok((target, Some(text)))
}
