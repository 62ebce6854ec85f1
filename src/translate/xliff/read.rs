//! Reading an XLIFF file of document texts, 1.2 or 2: its version, its
//! one `<file>`, and each unit's segment id, target and review state.

use super::content::MAX_INLINE_DEPTH;
use super::{Version, NAMESPACE, NAMESPACE_2, OWN_NAMESPACE, PROVENANCE};

/// Where a node is in the XLIFF file: `line L`.
pub(super) fn line_of(tree: &roxmltree::Document, node: roxmltree::Node) -> String {
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
pub(super) fn version_of(tree: &roxmltree::Document) -> Result<Version, Vec<String>> {
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
pub(super) enum Piece {
    Text(String),
    Code(String),
}

/// One unit as an XLIFF file gives it, whatever the version.
pub(super) struct Incoming {
    /// The segment id.
    pub(super) id: String,
    /// `line L`.
    pub(super) line: String,
    /// The target's pieces; `None` when the unit has no target; a
    /// problem when it holds what the inline syntax cannot say.
    pub(super) target: Option<Result<Vec<Piece>, String>>,
    /// Whether the CAT tool calls the target reviewed.
    pub(super) reviewed: bool,
    /// The stamp of the source the translator saw, as the export wrote it.
    pub(super) provenance: Option<String>,
}

/// What an XLIFF file of document texts says, whatever the version.
pub(super) struct Exchange {
    pub(super) version: Version,
    /// `line L` of the `<file>`.
    pub(super) at: String,
    pub(super) source: String,
    pub(super) target: String,
    pub(super) original: String,
    pub(super) units: Vec<Incoming>,
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
pub(super) fn read_1_2(tree: &roxmltree::Document) -> Result<Exchange, Vec<String>> {
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
pub(super) fn read_2_0(tree: &roxmltree::Document) -> Result<Exchange, Vec<String>> {
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
