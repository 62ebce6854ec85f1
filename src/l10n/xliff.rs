//! XLIFF 1.2 export and import of document texts, for CAT tools (Trados,
//! memoQ, Okapi). Units are the tracked texts (titles, paragraphs,
//! footnotes) with their stable ids (tracked.rs); `{annex:…}` and `{footnote:…}` placeholders
//! travel as `<x/>` elements a CAT tool protects. Stale segments are
//! `needs-review-translation`, missing ones `needs-translation`.

use std::collections::BTreeMap;

use super::status::{source_stamp, Versions};
use super::tracked::{apply, insert, tracked, Edit, Form, Insertion, Tracked};
use crate::diagnostic::Diagnostic;
use crate::source::inline::{self, Inline};
use crate::source::Document;
use crate::xml;

/// Segment text as XLIFF content: `{footnote:…}` and `{annex:…}` become
/// `<x/>` elements a CAT tool protects; the other tags travel as text
/// (`{i:inter alia}`), escaped braces stay escaped.
fn to_content(text: &str) -> String {
    match inline::parse(text) {
        Ok(pieces) => pieces_content(&pieces),
        // Sources are checked before export; a text that does not parse
        // travels as it is.
        Err(_) => xml::escape(text),
    }
}

fn pieces_content(pieces: &[Inline]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text(t) => {
                let mut escaped = String::new();
                for c in t.chars() {
                    if matches!(c, '{' | '}' | '\\') {
                        escaped.push('\\');
                    }
                    escaped.push(c);
                }
                out.push_str(&xml::escape(&escaped));
            }
            Inline::Footnote(_) | Inline::Annex(_) => {
                let code = inline::write(std::slice::from_ref(piece), &mut |t| t.to_owned());
                let id = &code[1..code.len() - 1];
                out.push_str(&format!(
                    "<x id=\"{0}\" equiv-text=\"{{{0}}}\"/>",
                    xml::escape(id)
                ));
            }
            Inline::Italic(_) | Inline::Bold(_) | Inline::Quote(_) | Inline::Superscript(_) => {
                if let Some((tag, inner)) = piece.span() {
                    out.push_str(&format!("{{{tag}:{}}}", pieces_content(inner)));
                }
            }
            Inline::LineBreak => out.push_str("{br}"),
            Inline::NonBreakingSpace => out.push_str("{nbsp}"),
        }
    }
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
        // The source the translator sees, for the stamp an import records:
        // a unit translated from an older source stays stale.
        let provenance = format!("{PROVENANCE}{}", source_stamp(source, unit.text));
        let notes = notes(document, &versions, &unit, targets.get(id), state);
        xml.push_str(&format!(
            "      <trans-unit id=\"{}\"{approved} extradata=\"{}\" xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"{state}\">{content}</target>\n{notes}      </trans-unit>\n",
            xml::escape(id),
            xml::escape(&provenance),
            to_content(unit.text)
        ));
    }
    xml.push_str("    </body>\n  </file>\n</xliff>\n");
    Ok(xml)
}

/// The notes of a unit for the translator: where the segment is and how
/// many words it has, and for a stale one the source it was translated
/// from (found in the repository's git history) with the words changed
/// since, as `l10n status` shows them.
fn notes(
    document: &Document,
    versions: &Versions,
    unit: &Tracked,
    target: Option<&Tracked>,
    state: &str,
) -> String {
    let words = unit.text.split_whitespace().count();
    let mut notes = format!(
        "        <note from=\"polypress\" annotates=\"general\">{}</note>\n",
        xml::escape(&format!(
            "document {}, segment {}: {words} source words",
            document.id, unit.id
        ))
    );
    let stamp = target.and_then(|t| t.source);
    if let (Some(stamp), "needs-review-translation") = (stamp, state) {
        let (lang, hash) = super::status::parse_stamp(stamp);
        let lang = lang.unwrap_or(&document.facts.original_language);
        let old = document
            .texts
            .get(lang)
            .and_then(|(_, file)| super::status::old_text(&file.path, &unit.id, hash));
        if let (Some(old), Some(now)) = (old, versions.text(lang, &unit.id)) {
            let diff = super::status::word_diff_text(&super::status::word_diff(&old, now));
            notes.push_str(&format!(
                "        <note from=\"polypress\" annotates=\"source\">{}</note>\n",
                xml::escape(&format!(
                    "translated from this {lang} text, changed since: {old} — changes: {}",
                    diff.trim()
                ))
            ));
        }
    }
    notes
}

/// Text of a `<source>`/`<target>` element, `<x/>` back to placeholders,
/// and the placeholders found. Inline elements keep their text (a locale
/// file's placeables travel as `<ph>`); in document texts, native codes a
/// CAT tool may add (`<bpt>`, `<ept>`, `<ph>`, `<it>`, …) have no place
/// and an import refuses them first ([`native_codes`]).
pub(crate) fn from_content(node: roxmltree::Node) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut placeholders = Vec::new();
    content_into(node, &mut text, &mut placeholders, 0);
    (text, placeholders)
}

/// How deep inline elements may nest in a target: far beyond any CAT
/// tool's markup, and short of the stack.
pub(crate) const MAX_INLINE_DEPTH: usize = 32;

fn content_into(
    node: roxmltree::Node,
    text: &mut String,
    placeholders: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_INLINE_DEPTH {
        return;
    }
    for child in node.children() {
        if child.is_text() {
            text.push_str(child.text().unwrap_or(""));
        } else if child.has_tag_name("x") {
            let id = child.attribute("id").unwrap_or("");
            text.push_str(&format!("{{{id}}}"));
            placeholders.push(id.to_owned());
        } else if child.is_element() {
            content_into(child, text, placeholders, depth + 1);
        }
    }
}

/// XLIFF 1.2 elements that carry a tool's native formatting codes.
const NATIVE_CODES: [&str; 6] = ["bpt", "ept", "ph", "it", "bx", "ex"];

/// The native codes (and nesting too deep) in a target: what an import of
/// document texts refuses, as the inline syntax cannot say it.
fn native_codes(node: roxmltree::Node) -> Option<String> {
    let mut stack = vec![(node, 0usize)];
    while let Some((n, depth)) = stack.pop() {
        if depth > MAX_INLINE_DEPTH {
            return Some(format!(
                "inline elements nest more than {MAX_INLINE_DEPTH} deep"
            ));
        }
        for child in n.children().filter(|c| c.is_element()) {
            let name = child.tag_name().name();
            if NATIVE_CODES.contains(&name) {
                return Some(format!(
                    "the target holds a <{name}> code (formatting the CAT tool added): write {{b:…}}, {{i:…}} or {{q:…}} as the source does"
                ));
            }
            stack.push((child, depth + 1));
        }
    }
    None
}

/// The prefix of a unit's `extradata`: the stamp of the source exported.
const PROVENANCE: &str = "polypress-source ";

/// Where a segment the target lacks goes: after the nearest segment
/// before it (in source order) of the same list that the target has, or
/// before the nearest after it. Only items of a top-level block list
/// (paragraphs, a letter's or an annex's paragraphs, notes).
fn insertion(
    id: &str,
    segment: &Tracked,
    order: &[Tracked],
    targets: &BTreeMap<String, Tracked>,
    text: String,
    stamp: Option<String>,
) -> Option<Insertion> {
    let (list, index) = segment.path.strip_suffix(']')?.rsplit_once('[')?;
    index.parse::<usize>().ok()?;
    if segment.form != Form::Map || list.contains("items") {
        return None;
    }
    let own = id.rsplit('/').next()?.to_owned();
    let position = order.iter().position(|t| t.id == id)?;
    let same_list = |t: &&Tracked| {
        t.path
            .strip_suffix(']')
            .and_then(|p| p.rsplit_once('['))
            .is_some_and(|(l, _)| l == list)
    };
    let present = |t: &Tracked| targets.get(&t.id).map(|target| target.path.clone());
    let after = order[..position]
        .iter()
        .rev()
        .filter(same_list)
        .find_map(present);
    let before = order[position + 1..]
        .iter()
        .filter(same_list)
        .find_map(present);
    if after.is_none() && before.is_none() {
        return None;
    }
    Some(Insertion {
        after: after.clone(),
        before: if after.is_some() { None } else { before },
        id: own,
        text,
        stamp,
    })
}

/// The note calls and annex references of pieces, sorted.
fn references(pieces: &[Inline]) -> Vec<String> {
    let mut calls = Vec::new();
    inline::calls(pieces, &mut calls);
    let mut found: Vec<String> = calls
        .iter()
        .map(|c| inline::write(std::slice::from_ref(c), &mut |t| t.to_owned()))
        .collect();
    found.sort();
    found
}

/// The XLIFF 1.2 namespace.
const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// Where a node is in the XLIFF file: `line L`.
fn line_of(tree: &roxmltree::Document, node: roxmltree::Node) -> String {
    format!("line {}", tree.text_pos_at(node.range().start).row)
}

/// Checks that `tree` is an XLIFF 1.2 file with one `<file>` of document
/// texts, and returns it.
fn xliff_file<'a, 'input>(
    tree: &'a roxmltree::Document<'input>,
) -> Result<roxmltree::Node<'a, 'input>, Vec<String>> {
    check_root(tree)?;
    let files: Vec<_> = tree
        .descendants()
        .filter(|n| n.has_tag_name("file"))
        .collect();
    match files.as_slice() {
        [file] => Ok(*file),
        [] => Err(vec!["no <file> element".to_owned()]),
        [_, second, ..] => Err(vec![format!(
            "{}: a second <file>: the XLIFF of a document has one",
            line_of(tree, *second)
        )]),
    }
}

/// Checks that `tree` is XLIFF 1.2: the root `<xliff>` in its namespace,
/// with plain words for an XLIFF 2 file or another namespace.
pub(crate) fn check_root(tree: &roxmltree::Document) -> Result<(), Vec<String>> {
    let root = tree.root_element();
    let version = root.attribute("version").unwrap_or("");
    if root.tag_name().name() != "xliff" {
        return Err(vec![format!(
            "line 1: not an XLIFF file: the root element is <{}>",
            root.tag_name().name()
        )]);
    }
    if version.starts_with('2')
        || root.tag_name().namespace() == Some("urn:oasis:names:tc:xliff:document:2.0")
    {
        return Err(vec![format!(
            "line 1: an XLIFF {version} file: `l10n import` reads XLIFF 1.2, as `l10n export` writes it; save the file as XLIFF 1.2 in the CAT tool"
        )]);
    }
    if root.tag_name().namespace() != Some(NAMESPACE) {
        return Err(vec![format!(
            "line 1: the <xliff> element is in the namespace `{}`, not XLIFF 1.2's `{NAMESPACE}`",
            root.tag_name().namespace().unwrap_or("")
        )]);
    }
    Ok(())
}

/// Reads an XLIFF file back: returns the target language and the new
/// texts file content, or every problem (no partial result: the file is
/// checked whole before anything is written). Units whose target equals
/// the current text leave the file as it was.
///
/// Refused: a file for another document or language (`original`,
/// `source-language` and `target-language` must name this document's
/// texts file of the target language, never its original language),
/// duplicate unit ids, a target whose inline syntax does not parse or
/// whose note calls and annex references differ from the source's, and
/// native codes the inline syntax cannot hold.
pub fn import(document: &Document, xliff: &str) -> Result<(String, Option<String>), Vec<String>> {
    let tree = roxmltree::Document::parse(xliff).map_err(|e| vec![format!("not XML: {e}")])?;
    let file = xliff_file(&tree)?;
    let at = line_of(&tree, file);
    let source = file.attribute("source-language").unwrap_or("");
    let target = file.attribute("target-language").unwrap_or("").to_owned();
    let original_attribute = file.attribute("original").unwrap_or("");
    let expected_original = format!("documents/{}/{target}.yaml", document.id);
    if original_attribute != expected_original {
        let named = original_attribute
            .strip_prefix("documents/")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or(original_attribute);
        return Err(vec![if named != document.id {
            format!(
                "{at}: the file is for `{original_attribute}`, not for document `{}`: import it into `{named}`",
                document.id
            )
        } else {
            format!(
                "{at}: original=\"{original_attribute}\" and target-language=\"{target}\" disagree: the file was for another language"
            )
        }]);
    }
    if target == document.facts.original_language {
        return Err(vec![format!(
            "{at}: target-language=\"{target}\" is the original language of `{}`: an import never writes the original",
            document.id
        )]);
    }
    if target == source {
        return Err(vec![format!(
            "{at}: source-language and target-language are both `{target}`"
        )]);
    }
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
    let mut inserts: Vec<Insertion> = Vec::new();
    let source_order: Vec<Tracked> = tracked(source_texts, Some(source_file));
    let units: Vec<_> = tree
        .descendants()
        .filter(|n| n.has_tag_name("trans-unit"))
        .collect();
    if units.is_empty() {
        return Err(vec![format!("{at}: the file has no <trans-unit>")]);
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for unit in units {
        let id = unit.attribute("id").unwrap_or("").to_owned();
        let place = format!("{}: unit `{id}`", line_of(&tree, unit));
        if let Some(first) = seen.insert(id.clone(), line_of(&tree, unit)) {
            problems.push(format!(
                "{place}: a second unit with this id (the first is at {first})"
            ));
            continue;
        }
        let Some(source_segment) = sources.get(&id) else {
            problems.push(format!(
                "{place}: no segment with this id in the {source} texts"
            ));
            continue;
        };
        let Some(target_node) = unit.children().find(|n| n.has_tag_name("target")) else {
            continue;
        };
        if let Some(problem) = native_codes(target_node) {
            problems.push(format!("{place}: {problem}"));
            continue;
        }
        let (text, _) = from_content(target_node);
        // What the translator's tool says of the unit (XLIFF 1.2 §2.5.6,
        // docs/l10n.md): approved, signed-off or final review it; any
        // other state records the text unreviewed.
        let approved = unit.attribute("approved") == Some("yes");
        let state = target_node.attribute("state").unwrap_or("translated");
        let reviewed = approved || matches!(state, "signed-off" | "final");
        if text.trim().is_empty() {
            continue;
        }
        if let Some(n) = crate::input::over_paragraph_limit(&text) {
            problems.push(format!(
                "{place}: the target has {n} characters, over the limit of {} for one text",
                crate::input::Limits::PARAGRAPH_CHARS
            ));
            continue;
        }
        // The one inline parser, with the errors authors get; then the
        // note calls and annex references, as a multiset, the source's.
        let pieces = match inline::parse(&text) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!(
                    "{place}: {} at `{}` ({})",
                    e.message,
                    text.get(e.start..e.start + e.length).unwrap_or(""),
                    e.hint
                ));
                continue;
            }
        };
        let found = references(&pieces);
        let expected = inline::parse(source_segment.text)
            .map(|p| references(&p))
            .unwrap_or_default();
        if found != expected {
            problems.push(format!(
                "{place}: note calls and annex references {found:?} differ from the source's {expected:?}"
            ));
            continue;
        }
        // The stamp of the source the translator saw, when the file says
        // it (an export of this version of polypress); else the current.
        let stamp = match unit
            .attribute("extradata")
            .and_then(|e| e.strip_prefix(PROVENANCE))
        {
            Some(stamp) if stamp.starts_with(&format!("{source}:")) => stamp.to_owned(),
            Some(stamp) => {
                problems.push(format!(
                    "{place}: extradata names the source `{stamp}`, but the file's source-language is `{source}`"
                ));
                continue;
            }
            None => source_stamp(source, source_segment.text),
        };
        match targets.get(&id) {
            // A segment the translation lacks: written into its list,
            // next to its neighbour in source order.
            None => match insertion(&id, source_segment, &source_order, &targets, text, reviewed.then(|| stamp.clone())) {
                Some(i) => inserts.push(i),
                None => problems.push(format!("{place}: the {target} texts have no segment with this id, and it is no paragraph or note of a list the {target} texts have: add it to the file by hand")),
            },
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
                // Reviewed against the current source and now sent back:
                // unreviewed. A stale stamp stays, so the unit stays stale.
                let unreview = !reviewed && current;
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
    if edits.is_empty() && inserts.is_empty() {
        return Ok((target, None));
    }
    let (text, skipped) = apply(target_file, &edits);
    let (text, not_inserted) = if inserts.is_empty() {
        (text, Vec::new())
    } else {
        let edited = crate::source::SourceFile::new(target_file.path.clone(), text);
        insert(&edited, &inserts)
    };
    if !not_inserted.is_empty() {
        return Err(not_inserted
            .into_iter()
            .map(|id| {
                format!(
                    "unit for segment `{id}`: no block list in {} to write it into (a flow-style list?): add it by hand",
                    target_file.path.display()
                )
            })
            .collect());
    }
    // What is written still reads as a texts file.
    if let Err(e) = serde_yaml::from_str::<crate::source::model::Texts>(&text) {
        return Err(vec![format!(
            "the translated {} would not read back ({e}): nothing written",
            target_file.path.display()
        )]);
    }
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
