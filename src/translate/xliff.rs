//! XLIFF 1.2 export and import of document texts, for CAT tools (Trados,
//! memoQ, Okapi). Units are the tracked texts (titles, paragraphs,
//! footnotes) with their stable ids (tracked.rs); `{annex:…}` and `{footnote:…}` placeholders
//! travel as `<x/>` elements a CAT tool protects. Stale segments are
//! `needs-review-translation`, missing ones `needs-translation`.

use std::collections::BTreeMap;

use super::status::{source_stamp, Versions};
use super::tracked::{apply, insert, tracked, Edit, Form, Insertion, Tracked};
use crate::diagnostic::Diagnostic;
use crate::source::inline::{self, Inline, InlineText};
use crate::source::Document;
use crate::xml;

/// The XLIFF versions: an export writes the one asked for, an import
/// reads either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.2, what most CAT tools read (the default).
    V1_2,
    /// XLIFF 2.0 (OASIS, 2014): units named by their segment ids,
    /// placeholders as numbered `<ph/>` codes.
    V2_0,
}

/// Segment text as XLIFF content: `{footnote:…}` and `{annex:…}` become
/// the codes `code` writes (given the reference, e.g. `footnote:a`), which
/// a CAT tool protects; the other tags travel as text (`{i:inter alia}`),
/// escaped braces stay escaped.
fn to_content(text: &InlineText, code: &mut dyn FnMut(&str) -> String) -> String {
    match text.pieces() {
        Ok(pieces) => pieces_content(pieces, code),
        // Sources are checked before export; a text that does not parse
        // travels as it is.
        Err(_) => xml::escape_text(text),
    }
}

fn pieces_content(pieces: &[Inline], code: &mut dyn FnMut(&str) -> String) -> String {
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
                out.push_str(&xml::escape_text(&escaped));
            }
            Inline::Footnote(_) | Inline::Annex(_) => {
                let written = inline::write(std::slice::from_ref(piece), &mut |t| t.to_owned());
                out.push_str(&code(&written[1..written.len() - 1]));
            }
            Inline::Italic(_) | Inline::Bold(_) | Inline::Quote(_) | Inline::Superscript(_) => {
                if let Some((tag, inner)) = piece.span() {
                    out.push_str(&format!("{{{tag}:{}}}", pieces_content(inner, code)));
                }
            }
            Inline::LineBreak => out.push_str("{br}"),
            Inline::NonBreakingSpace => out.push_str("{nbsp}"),
        }
    }
    out
}

/// The note calls and annex references of a text in the order the
/// content writer meets them: what the numbered codes of XLIFF 2.0 count.
pub(super) fn codes_in_order(text: &InlineText) -> Vec<String> {
    let mut codes = Vec::new();
    to_content(text, &mut |reference| {
        codes.push(reference.to_owned());
        String::new()
    });
    codes
}

/// A text as content with numbered codes: each note call or annex
/// reference carries the number of the same reference among `codes` (the
/// source's, in order), so a translation's codes match its source's
/// whatever their order.
pub(super) fn numbered_content(
    text: &InlineText,
    codes: &[String],
    code: &dyn Fn(usize, &str) -> String,
) -> String {
    let mut used = vec![false; codes.len()];
    let mut extra = codes.len();
    to_content(text, &mut |reference| {
        let number = match (0..codes.len()).find(|&i| !used[i] && codes[i] == reference) {
            Some(i) => {
                used[i] = true;
                i + 1
            }
            None => {
                extra += 1;
                extra
            }
        };
        code(number, reference)
    })
}

/// An XLIFF 1.2 placeholder: the reference is its id.
fn x_code(reference: &str) -> String {
    format!(
        "<x id=\"{0}\" equiv-text=\"{{{0}}}\"/>",
        xml::escape(reference)
    )
}

/// An XLIFF 2.0 placeholder: numbered as in the source, the reference as
/// what it stands for; a CAT tool may neither delete nor copy it.
fn ph_code(number: usize, reference: &str) -> String {
    format!(
        "<ph id=\"{number}\" equiv=\"{{{0}}}\" disp=\"{{{0}}}\" canCopy=\"no\" canDelete=\"no\"/>",
        xml::escape(reference)
    )
}

/// Where a unit stands, as an export tells the CAT tool.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// The target has no such segment.
    Missing,
    /// Reviewed against an older source.
    Stale,
    /// Translated, never reviewed.
    Unreviewed,
    /// Reviewed against the current source.
    Reviewed,
}

/// One unit of an export, whatever the version.
struct Outgoing<'a> {
    source: &'a Tracked<'a>,
    target: Option<&'a Tracked<'a>>,
    standing: Standing,
    /// The stamp of the source exported, which an import records.
    provenance: String,
    /// Where the segment is and its words; for a stale one, the source it
    /// was translated from and the words changed since.
    context: String,
    change: Option<String>,
}

/// The XLIFF file of `document` from `source` into `target`.
pub fn export(
    document: &Document,
    source: &str,
    target: &str,
    version: Version,
) -> Result<String, Diagnostic> {
    let missing = |lang: &str| {
        Diagnostic::error(format!(
            "document `{}` has no texts in `{lang}`",
            document.id
        ))
        .in_file(&document.facts_file.path)
    };
    let (source_texts, source_file) = document.texts.get(source).ok_or_else(|| missing(source))?;
    let (target_texts, target_file) = document.texts.get(target).ok_or_else(|| missing(target))?;
    let target_units = tracked(target_texts, Some(target_file));
    let targets: BTreeMap<&str, &Tracked> =
        target_units.iter().map(|t| (t.id.as_str(), t)).collect();
    let versions = Versions::of(document);
    let original = &document.facts.original_language;
    let source_units = tracked(source_texts, Some(source_file));
    let units: Vec<Outgoing> = source_units
        .iter()
        .map(|unit| {
            let target = targets.get(unit.id.as_str()).copied();
            let standing = match target.map(|t| t.source) {
                None => Standing::Missing,
                Some(Some(stamp)) if versions.is_current(stamp, &unit.id, original) => {
                    Standing::Reviewed
                }
                Some(Some(_)) => Standing::Stale,
                Some(None) => Standing::Unreviewed,
            };
            let (context, change) = notes(document, &versions, unit, target, standing);
            Outgoing {
                source: unit,
                target,
                standing,
                provenance: source_stamp(source, unit.text),
                context,
                change,
            }
        })
        .collect();
    let original_file = format!(
        "documents/{}/{}",
        document.id,
        target_file
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
    );
    Ok(match version {
        Version::V1_2 => write_1_2(&units, &original_file, source, target),
        Version::V2_0 => write_2_0(&units, &original_file, source, target),
    })
}

fn write_1_2(units: &[Outgoing], original: &str, source: &str, target: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    xml.push_str(&format!(
        "  <file original=\"{}\" source-language=\"{source}\" target-language=\"{target}\" datatype=\"plaintext\" product-name=\"polypress\">\n    <body>\n",
        xml::escape(original)
    ));
    for unit in units {
        // Reviewed against the current source: approved; reviewed against
        // an older one: to review; never reviewed: translated.
        let (state, approved) = match unit.standing {
            Standing::Missing => ("needs-translation", ""),
            Standing::Stale => ("needs-review-translation", ""),
            Standing::Unreviewed => ("translated", ""),
            Standing::Reviewed => ("translated", " approved=\"yes\""),
        };
        let content = unit
            .target
            .map(|t| to_content(t.text, &mut x_code))
            .unwrap_or_default();
        let mut notes = format!(
            "        <note from=\"polypress\" annotates=\"general\">{}</note>\n",
            xml::escape_text(&unit.context)
        );
        if let Some(change) = &unit.change {
            notes.push_str(&format!(
                "        <note from=\"polypress\" annotates=\"source\">{}</note>\n",
                xml::escape_text(change)
            ));
        }
        xml.push_str(&format!(
            "      <trans-unit id=\"{}\"{approved} extradata=\"{}\" xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"{state}\">{content}</target>\n{notes}      </trans-unit>\n",
            xml::escape(&unit.source.id),
            xml::escape(&format!("{PROVENANCE}{}", unit.provenance)),
            to_content(unit.source.text, &mut x_code)
        ));
    }
    xml.push_str("    </body>\n  </file>\n</xliff>\n");
    xml
}

/// The namespace of polypress's own attributes in an XLIFF 2.0 file
/// (`pp:source`, the stamp of the source exported).
const OWN_NAMESPACE: &str = "urn:polypress:xliff";

fn write_2_0(units: &[Outgoing], original: &str, source: &str, target: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<xliff xmlns=\"{NAMESPACE_2}\" xmlns:pp=\"{OWN_NAMESPACE}\" version=\"2.0\" srcLang=\"{source}\" trgLang=\"{target}\">\n"
    ));
    xml.push_str(&format!(
        "  <file id=\"f1\" original=\"{}\">\n",
        xml::escape(original)
    ));
    for (n, unit) in units.iter().enumerate() {
        // Unit ids are XML name tokens, which segment ids (`annexes/a/title`)
        // are not: the segment id is the unit's name.
        let mut xml_unit = format!(
            "    <unit id=\"u{}\" name=\"{}\" pp:source=\"{}\">\n",
            n + 1,
            xml::escape(&unit.source.id),
            xml::escape(&unit.provenance)
        );
        xml_unit.push_str("      <notes>\n");
        xml_unit.push_str(&format!(
            "        <note category=\"context\">{}</note>\n",
            xml::escape_text(&unit.context)
        ));
        if let Some(change) = &unit.change {
            xml_unit.push_str(&format!(
                "        <note category=\"source-change\" appliesTo=\"source\">{}</note>\n",
                xml::escape_text(change)
            ));
        }
        xml_unit.push_str("      </notes>\n");
        let state = match unit.standing {
            Standing::Missing => "state=\"initial\"",
            Standing::Stale => "state=\"initial\" subState=\"polypress:stale\"",
            Standing::Unreviewed => "state=\"translated\"",
            Standing::Reviewed => "state=\"reviewed\"",
        };
        let codes = codes_in_order(unit.source.text);
        let source_content = numbered_content(unit.source.text, &codes, &ph_code);
        xml_unit.push_str(&format!(
            "      <segment {state}>\n        <source xml:space=\"preserve\">{source_content}</source>\n"
        ));
        if let Some(t) = unit.target {
            let content = numbered_content(t.text, &codes, &ph_code);
            xml_unit.push_str(&format!(
                "        <target xml:space=\"preserve\">{content}</target>\n"
            ));
        }
        xml_unit.push_str("      </segment>\n    </unit>\n");
        xml.push_str(&xml_unit);
    }
    xml.push_str("  </file>\n</xliff>\n");
    xml
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
    standing: Standing,
) -> (String, Option<String>) {
    let words = unit.text.split_whitespace().count();
    let context = format!(
        "document {}, segment {}: {words} source words",
        document.id, unit.id
    );
    let stamp = target.and_then(|t| t.source);
    let change = match (stamp, standing) {
        (Some(stamp), Standing::Stale) => {
            let (lang, hash) = super::status::parse_stamp(stamp);
            let lang = lang.unwrap_or(&document.facts.original_language);
            let old = document
                .texts
                .get(lang)
                .and_then(|(_, file)| super::status::old_text(&file.path, &unit.id, hash));
            match (old, versions.text(lang, &unit.id)) {
                (Some(old), Some(now)) => {
                    let diff = super::status::word_diff_text(&super::status::word_diff(&old, now));
                    Some(format!(
                        "translated from this {lang} text, changed since: {old} — changes: {}",
                        diff.trim()
                    ))
                }
                _ => None,
            }
        }
        _ => None,
    };
    (context, change)
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

/// The XLIFF 2 core namespace (2.0, 2.1 and 2.2 share it).
const NAMESPACE_2: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Where a node is in the XLIFF file: `line L`.
fn line_of(tree: &roxmltree::Document, node: roxmltree::Node) -> String {
    format!("line {}", tree.text_pos_at(node.range().start).row)
}

/// The one `<file>` of an XLIFF file of document texts.
fn the_file<'a, 'input>(
    tree: &'a roxmltree::Document<'input>,
) -> Result<roxmltree::Node<'a, 'input>, Vec<String>> {
    let files: Vec<_> = tree
        .root_element()
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "file")
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

/// The version of an XLIFF file: the root `<xliff>` in the namespace of
/// 1.2 or 2, with plain words for anything else.
fn version_of(tree: &roxmltree::Document) -> Result<Version, Vec<String>> {
    let root = tree.root_element();
    if root.tag_name().name() != "xliff" {
        return Err(vec![format!(
            "line 1: not an XLIFF file: the root element is <{}>",
            root.tag_name().name()
        )]);
    }
    let version = root.attribute("version").unwrap_or("");
    match root.tag_name().namespace() {
        Some(NAMESPACE) if version == "1.2" => Ok(Version::V1_2),
        Some(NAMESPACE_2) if version.starts_with("2.") => Ok(Version::V2_0),
        Some(NAMESPACE) | Some(NAMESPACE_2) => Err(vec![format!(
            "line 1: version=\"{version}\" does not match the namespace `{}`",
            root.tag_name().namespace().unwrap_or("")
        )]),
        other => Err(vec![format!(
            "line 1: the <xliff> element is in the namespace `{}`, neither XLIFF 1.2's `{NAMESPACE}` nor XLIFF 2's `{NAMESPACE_2}`",
            other.unwrap_or("")
        )]),
    }
}

/// Checks that `tree` is XLIFF 1.2, as locale files travel: the root
/// `<xliff>` in its namespace, with plain words for an XLIFF 2 file or
/// another namespace.
pub(crate) fn check_root(tree: &roxmltree::Document) -> Result<(), Vec<String>> {
    match version_of(tree)? {
        Version::V1_2 => Ok(()),
        Version::V2_0 => Err(vec![format!(
            "line 1: an XLIFF {} file: locale files travel as XLIFF 1.2, as `l10n export locales` writes them; save the file as XLIFF 1.2 in the CAT tool",
            tree.root_element().attribute("version").unwrap_or("2")
        )]),
    }
}

/// A piece of a target as a file holds it: text, or a placeholder code
/// (the reference itself in 1.2, the number of the source's code in 2.0).
enum Piece {
    Text(String),
    Code(String),
}

/// One unit as an XLIFF file gives it, whatever the version.
struct Incoming {
    /// The segment id.
    id: String,
    /// `line L`.
    line: String,
    /// The target's pieces; `None` when the unit has no target; a
    /// problem when it holds what the inline syntax cannot say.
    target: Option<Result<Vec<Piece>, String>>,
    /// Whether the CAT tool calls the target reviewed.
    reviewed: bool,
    /// The stamp of the source the translator saw, as the export wrote it.
    provenance: Option<String>,
}

/// What an XLIFF file of document texts says, whatever the version.
struct Exchange {
    version: Version,
    /// `line L` of the `<file>`.
    at: String,
    source: String,
    target: String,
    original: String,
    units: Vec<Incoming>,
}

/// XLIFF 1.2 (and 2.0) elements that carry a tool's native formatting
/// codes: the inline syntax has no place for them.
const NATIVE_CODES_1_2: [&str; 6] = ["bpt", "ept", "ph", "it", "bx", "ex"];
const NATIVE_CODES_2_0: [&str; 3] = ["pc", "sc", "ec"];

/// The pieces of a target: its text, `placeholder` elements as codes (by
/// the attribute `id`), `cp` as its character, empty markers dropped and
/// other elements (`<g>`, `<mrk>`) by their text. Refuses native codes
/// and nesting past [`MAX_INLINE_DEPTH`].
fn pieces_of(
    node: roxmltree::Node,
    placeholder: &str,
    native: &[&str],
) -> Result<Vec<Piece>, String> {
    fn walk(
        node: roxmltree::Node,
        placeholder: &str,
        native: &[&str],
        depth: usize,
        out: &mut Vec<Piece>,
    ) -> Result<(), String> {
        if depth > MAX_INLINE_DEPTH {
            return Err(format!(
                "inline elements nest more than {MAX_INLINE_DEPTH} deep"
            ));
        }
        for child in node.children() {
            if child.is_text() {
                let text = child.text().unwrap_or("");
                match out.last_mut() {
                    Some(Piece::Text(t)) => t.push_str(text),
                    _ => out.push(Piece::Text(text.to_owned())),
                }
            } else if !child.is_element() {
                continue;
            } else if child.tag_name().name() == placeholder {
                out.push(Piece::Code(child.attribute("id").unwrap_or("").to_owned()));
            } else if native.contains(&child.tag_name().name()) {
                return Err(format!(
                    "the target holds a <{}> code (formatting the CAT tool added): write {{b:…}}, {{i:…}} or {{q:…}} as the source does",
                    child.tag_name().name()
                ));
            } else if child.tag_name().name() == "cp" {
                let c = child
                    .attribute("hex")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                    .ok_or("a <cp> element without a valid `hex` character")?;
                out.push(Piece::Text(c.to_string()));
            } else {
                walk(child, placeholder, native, depth + 1, out)?;
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(node, placeholder, native, 0, &mut out)?;
    Ok(out)
}

/// The file, languages and units of an XLIFF 1.2 file.
fn read_1_2(tree: &roxmltree::Document) -> Result<Exchange, Vec<String>> {
    let file = the_file(tree)?;
    let units = file
        .descendants()
        .filter(|n| n.has_tag_name("trans-unit"))
        .map(|unit| {
            let target = unit.children().find(|n| n.has_tag_name("target"));
            let state = target
                .and_then(|t| t.attribute("state"))
                .unwrap_or("translated");
            // XLIFF 1.2 §2.5.6, docs/l10n.md: approved, signed-off or
            // final review a unit; any other state records the text
            // unreviewed.
            let reviewed = unit.attribute("approved") == Some("yes")
                || matches!(state, "signed-off" | "final");
            Incoming {
                id: unit.attribute("id").unwrap_or("").to_owned(),
                line: line_of(tree, unit),
                target: target.map(|t| pieces_of(t, "x", &NATIVE_CODES_1_2)),
                reviewed,
                provenance: unit
                    .attribute("extradata")
                    .and_then(|e| e.strip_prefix(PROVENANCE))
                    .map(str::to_owned),
            }
        })
        .collect();
    Ok(Exchange {
        version: Version::V1_2,
        at: line_of(tree, file),
        source: file.attribute("source-language").unwrap_or("").to_owned(),
        target: file.attribute("target-language").unwrap_or("").to_owned(),
        original: file.attribute("original").unwrap_or("").to_owned(),
        units,
    })
}

/// The file, languages and units of an XLIFF 2 file. A unit's segments
/// (a CAT tool may split one) and ignorables are joined in order; it is
/// reviewed when every segment is `reviewed` or `final`.
fn read_2_0(tree: &roxmltree::Document) -> Result<Exchange, Vec<String>> {
    let root = tree.root_element();
    let file = the_file(tree)?;
    let units = file
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "unit")
        .map(|unit| {
            let parts: Vec<_> = unit
                .children()
                .filter(|n| n.has_tag_name("segment") || n.has_tag_name("ignorable"))
                .collect();
            let mut target: Option<Result<Vec<Piece>, String>> = None;
            let mut reviewed = true;
            for part in &parts {
                let own = part.children().find(|n| n.has_tag_name("target"));
                if part.has_tag_name("segment") {
                    reviewed &= matches!(
                        part.attribute("state").unwrap_or("initial"),
                        "reviewed" | "final"
                    );
                }
                // An ignorable without a target stands as its source.
                let node = own.or_else(|| {
                    part.has_tag_name("ignorable")
                        .then(|| part.children().find(|n| n.has_tag_name("source")))
                        .flatten()
                });
                let (Some(node), false) = (node, own.is_none() && part.has_tag_name("segment"))
                else {
                    continue;
                };
                let pieces = pieces_of(node, "ph", &NATIVE_CODES_2_0);
                target = Some(match (target.take(), pieces) {
                    (Some(Err(e)), _) | (_, Err(e)) => Err(e),
                    (None, Ok(p)) => Ok(p),
                    (Some(Ok(mut all)), Ok(p)) => {
                        all.extend(p);
                        Ok(all)
                    }
                });
            }
            Incoming {
                id: unit.attribute("name").unwrap_or("").to_owned(),
                line: line_of(tree, unit),
                target,
                reviewed: reviewed && !parts.is_empty(),
                provenance: unit.attribute((OWN_NAMESPACE, "source")).map(str::to_owned),
            }
        })
        .collect();
    Ok(Exchange {
        version: Version::V2_0,
        at: line_of(tree, file),
        source: root.attribute("srcLang").unwrap_or("").to_owned(),
        target: root.attribute("trgLang").unwrap_or("").to_owned(),
        original: file.attribute("original").unwrap_or("").to_owned(),
        units,
    })
}

/// The text of a target's pieces, codes back to placeholders: in 1.2 a
/// code is its reference, in 2.0 the number of the source's code.
fn target_text(
    pieces: Vec<Piece>,
    version: Version,
    source: &InlineText,
) -> Result<String, String> {
    let codes = codes_in_order(source);
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => text.push_str(&t),
            Piece::Code(id) => {
                let reference = match version {
                    Version::V1_2 => id,
                    Version::V2_0 => id
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| codes.get(n.checked_sub(1)?))
                        .cloned()
                        .ok_or_else(|| {
                            format!(
                                "the target has a code <ph id=\"{id}\"/> the source does not have"
                            )
                        })?,
                };
                text.push('{');
                text.push_str(&reference);
                text.push('}');
            }
        }
    }
    Ok(text)
}

/// Reads an XLIFF file (1.2 or 2) back: returns the target language and
/// the new texts file content, or every problem (no partial result: the
/// file is checked whole before anything is written). Units whose target
/// equals the current text leave the file as it was.
///
/// Refused: a file for another document or language (`original`, and the
/// source and target languages must name this document's texts file of
/// the target language, never its original language), duplicate unit
/// ids, a target whose inline syntax does not parse or whose note calls
/// and annex references differ from the source's, and native codes the
/// inline syntax cannot hold.
pub fn import(document: &Document, xliff: &str) -> Result<(String, Option<String>), Vec<String>> {
    let tree = roxmltree::Document::parse(xliff).map_err(|e| vec![format!("not XML: {e}")])?;
    let exchange = match version_of(&tree)? {
        Version::V1_2 => read_1_2(&tree)?,
        Version::V2_0 => read_2_0(&tree)?,
    };
    apply_exchange(document, exchange)
}

fn apply_exchange(
    document: &Document,
    exchange: Exchange,
) -> Result<(String, Option<String>), Vec<String>> {
    let Exchange {
        version,
        at,
        source,
        target,
        original: original_attribute,
        units,
    } = exchange;
    let expected_original = format!("documents/{}/{target}.yaml", document.id);
    if original_attribute != expected_original {
        let named = original_attribute
            .strip_prefix("documents/")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or(&original_attribute);
        return Err(vec![if named != document.id {
            format!(
                "{at}: the file is for `{original_attribute}`, not for document `{}`: import it into `{named}`",
                document.id
            )
        } else {
            format!(
                "{at}: original=\"{original_attribute}\" and the target language `{target}` disagree: the file was for another language"
            )
        }]);
    }
    if target == document.facts.original_language {
        return Err(vec![format!(
            "{at}: the target language `{target}` is the original language of `{}`: an import never writes the original",
            document.id
        )]);
    }
    if target == source {
        return Err(vec![format!(
            "{at}: the source and target languages are both `{target}`"
        )]);
    }
    let (source_texts, source_file) = document.texts.get(&source).ok_or_else(|| {
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
    if units.is_empty() {
        return Err(vec![format!("{at}: the file has no units")]);
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for unit in units {
        let Incoming {
            id,
            line,
            target: target_pieces,
            reviewed,
            provenance,
        } = unit;
        let place = format!("{line}: unit `{id}`");
        if id.is_empty() {
            problems.push(format!(
                "{place}: the unit has no segment id ({})",
                match version {
                    Version::V1_2 => "`id`",
                    Version::V2_0 => "`name`",
                }
            ));
            continue;
        }
        if let Some(first) = seen.insert(id.clone(), line.clone()) {
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
        let text = match target_pieces
            .map(|p| p.and_then(|p| target_text(p, version, source_segment.text)))
        {
            None => continue,
            Some(Err(problem)) => {
                problems.push(format!("{place}: {problem}"));
                continue;
            }
            Some(Ok(text)) => text,
        };
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
        let expected = source_segment
            .text
            .pieces()
            .map(references)
            .unwrap_or_default();
        if found != expected {
            problems.push(format!(
                "{place}: note calls and annex references {found:?} differ from the source's {expected:?}"
            ));
            continue;
        }
        // The stamp of the source the translator saw, when the file says
        // it (an export of this version of polypress); else the current.
        let stamp = match provenance {
            Some(stamp) if stamp.starts_with(&format!("{source}:")) => stamp,
            Some(stamp) => {
                problems.push(format!(
                    "{place}: the unit names the source `{stamp}`, but the file's source language is `{source}`"
                ));
                continue;
            }
            None => source_stamp(&source, source_segment.text),
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
            Some(t) if t.text.as_str() != text => edits.push(Edit {
                path: t.path.clone(),
                form: t.form,
                text: Some(text),
                stamp: reviewed.then(|| stamp.clone()),
            }),
            // The same text: reviewed now, or sent back for review.
            Some(t) => {
                let current = t
                    .source
                    .is_some_and(|s| versions.is_current(s, &id, original));
                // Reviewed against the current source and now sent back:
                // unreviewed. A stale stamp stays, so the unit stays stale.
                let unreview = !reviewed && current;
                if (reviewed && !current) || unreview {
                    edits.push(Edit {
                        path: t.path.clone(),
                        form: t.form,
                        text: None,
                        stamp: reviewed.then(|| stamp.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_parsed_references_become_codes() {
        let text: InlineText = "see \\{footnote:x\\} and {i:note}{footnote:a} of {annex:b}".into();
        let content = to_content(&text, &mut |reference| format!("<x id=\"{reference}\"/>"));
        assert_eq!(
            content,
            "see \\{footnote:x\\} and {i:note}<x id=\"footnote:a\"/> of <x id=\"annex:b\"/>"
        );
        assert_eq!(codes_in_order(&text), ["footnote:a", "annex:b"]);
    }
}
