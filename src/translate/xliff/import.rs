//! Reading an XLIFF file of document texts back into the texts file of its
//! target language: every unit checked against the source segment of its
//! id, then the edits and insertions written at once, or nothing.

use std::collections::BTreeMap;

use super::content::codes_in_order;
use super::read::{read_1_2, read_2_0, version_of, Exchange, Incoming, Piece};
use super::Version;
use crate::source::inline::{self, Inline, InlineText};
use crate::source::{Document, SourceFile};
use crate::translate::status::{source_stamp, Versions};
use crate::translate::tracked::{apply, insert, tracked, Edit, Form, Insertion, Tracked};

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

/// Reads what an XLIFF file says into the document's texts file of its
/// target language, after checking the file and every unit.
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
    check_languages(document, &at, &source, &target, &original_attribute)?;
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
    let import = Import {
        version,
        source: &source,
        target: &target,
        original: &document.facts.original_language,
        sources: by_id(tracked(source_texts, Some(source_file))),
        targets: by_id(tracked(target_texts, Some(target_file))),
        versions: Versions::of(document),
        source_order: tracked(source_texts, Some(source_file)),
    };
    if units.is_empty() {
        return Err(vec![format!("{at}: the file has no units")]);
    }
    let mut changes = Changes::default();
    for unit in units {
        import.unit(unit, &mut changes);
    }
    let Changes {
        problems,
        edits,
        inserts,
        ..
    } = changes;
    if !problems.is_empty() {
        return Err(problems);
    }
    if edits.is_empty() && inserts.is_empty() {
        return Ok((target, None));
    }
    let text = written(target_file, &edits, &inserts)?;
    Ok((target, Some(text)))
}

/// Segments by their id.
fn by_id(segments: Vec<Tracked<'_>>) -> BTreeMap<String, Tracked<'_>> {
    segments.into_iter().map(|t| (t.id.clone(), t)).collect()
}

/// Refuses a file for another document or language (its `original` must
/// name this document's texts file of the target language), one into the
/// document's original language, and one from a language into itself.
fn check_languages(
    document: &Document,
    at: &str,
    source: &str,
    target: &str,
    original_attribute: &str,
) -> Result<(), Vec<String>> {
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
    Ok(())
}

/// The languages and segments an import reads units against.
struct Import<'a> {
    version: Version,
    /// The file's source language.
    source: &'a str,
    /// The file's target language.
    target: &'a str,
    /// The document's original language, the default of a stamp.
    original: &'a str,
    /// The source and target segments by id.
    sources: BTreeMap<String, Tracked<'a>>,
    targets: BTreeMap<String, Tracked<'a>>,
    versions: Versions<'a>,
    /// The source segments in order, where a missing one's neighbours are.
    source_order: Vec<Tracked<'a>>,
}

/// What the units of a file change in the target texts, and what is wrong
/// with them.
#[derive(Default)]
struct Changes {
    /// Each segment id met, with the line of its unit.
    seen: BTreeMap<String, String>,
    problems: Vec<String>,
    edits: Vec<Edit>,
    inserts: Vec<Insertion>,
}

impl<'a> Import<'a> {
    /// Reads one unit: what it changes goes to `changes`, or its problem,
    /// after the unit's line and id.
    fn unit(&self, unit: Incoming, changes: &mut Changes) {
        let place = format!("{}: unit `{}`", unit.line, unit.id);
        if let Err(problem) = self.changes_of(unit, changes) {
            changes.problems.push(format!("{place}: {problem}"));
        }
    }

    /// The change one unit makes, if any: its segment found, its target
    /// read and checked as an author's text, its stamp, then recorded.
    fn changes_of(&self, unit: Incoming, changes: &mut Changes) -> Result<(), String> {
        let Incoming {
            id,
            line,
            target,
            reviewed,
            provenance,
        } = unit;
        let segment = self.segment(&id, &line, &mut changes.seen)?;
        let text = match target.map(|p| p.and_then(|p| target_text(p, self.version, segment.text)))
        {
            None => return Ok(()),
            Some(text) => text?,
        };
        if text.trim().is_empty() {
            return Ok(());
        }
        check_target(&text, segment)?;
        let stamp = self.stamp(provenance, segment)?;
        self.record(&id, segment, text, reviewed, stamp, changes)
    }

    /// The source segment a unit names: none when the unit has no id, names
    /// a segment an earlier unit named, or one the source texts lack.
    fn segment(
        &self,
        id: &str,
        line: &str,
        seen: &mut BTreeMap<String, String>,
    ) -> Result<&Tracked<'a>, String> {
        if id.is_empty() {
            return Err(format!(
                "the unit has no segment id ({})",
                match self.version {
                    Version::V1_2 => "`id`",
                    Version::V2_0 => "`name`",
                }
            ));
        }
        if let Some(first) = seen.insert(id.to_owned(), line.to_owned()) {
            return Err(format!(
                "a second unit with this id (the first is at {first})"
            ));
        }
        self.sources
            .get(id)
            .ok_or_else(|| format!("no segment with this id in the {} texts", self.source))
    }

    /// The stamp of the source the translator saw, when the file says it
    /// (an export of this version of polypress); else the current.
    fn stamp(&self, provenance: Option<String>, segment: &Tracked) -> Result<String, String> {
        let source = self.source;
        match provenance {
            Some(stamp) if stamp.starts_with(&format!("{source}:")) => Ok(stamp),
            Some(stamp) => Err(format!(
                "the unit names the source `{stamp}`, but the file's source language is `{source}`"
            )),
            None => Ok(source_stamp(source, segment.text)),
        }
    }

    /// Records what a checked target changes: a segment the translation
    /// lacks inserted, a new text written, or the same text's review.
    fn record(
        &self,
        id: &str,
        segment: &Tracked,
        text: String,
        reviewed: bool,
        stamp: String,
        changes: &mut Changes,
    ) -> Result<(), String> {
        let target = self.target;
        // Stamped when the tool calls the target reviewed.
        let stamp = reviewed.then_some(stamp);
        match self.targets.get(id) {
            // A segment the translation lacks: written into its list,
            // next to its neighbour in source order.
            None => match insertion(id, segment, &self.source_order, &self.targets, text, stamp) {
                Some(i) => changes.inserts.push(i),
                None => return Err(format!("the {target} texts have no segment with this id, and it is no paragraph or note of a list the {target} texts have: add it to the file by hand")),
            },
            // A new text: stamped when the tool calls it reviewed, else
            // recorded unreviewed (a stamp it had is removed).
            Some(t) if t.text.as_str() != text => changes.edits.push(Edit {
                path: t.path.clone(),
                form: t.form,
                text: Some(text),
                stamp,
            }),
            // The same text: reviewed now, or sent back for review.
            Some(t) => {
                let current = t
                    .source
                    .is_some_and(|s| self.versions.is_current(s, id, self.original));
                // Reviewed against the current source and now sent back:
                // unreviewed. A stale stamp stays, so the unit stays stale.
                let unreview = !reviewed && current;
                if (reviewed && !current) || unreview {
                    changes.edits.push(Edit {
                        path: t.path.clone(),
                        form: t.form,
                        text: None,
                        stamp,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Checks a target as an author's text: within the length of one text,
/// read by the one inline parser (with the errors authors get), and with
/// the source's note calls and annex references, as a multiset.
fn check_target(text: &str, segment: &Tracked) -> Result<(), String> {
    if let Some(n) = crate::input::over_paragraph_limit(text) {
        return Err(format!(
            "the target has {n} characters, over the limit of {} for one text",
            crate::input::Limits::PARAGRAPH_CHARS
        ));
    }
    let pieces = inline::parse(text).map_err(|e| {
        format!(
            "{} at `{}` ({})",
            e.message,
            text.get(e.start..e.start + e.length).unwrap_or(""),
            e.hint
        )
    })?;
    let found = references(&pieces);
    let expected = segment.text.pieces().map(references).unwrap_or_default();
    if found != expected {
        return Err(format!(
            "note calls and annex references {found:?} differ from the source's {expected:?}"
        ));
    }
    Ok(())
}

/// The target texts file with the edits and insertions made, or why it
/// cannot be written: a segment with no list to go into, a file that
/// would not read back, a place not found.
fn written(
    target_file: &SourceFile,
    edits: &[Edit],
    inserts: &[Insertion],
) -> Result<String, Vec<String>> {
    let (text, skipped) = apply(target_file, edits);
    let (text, not_inserted) = if inserts.is_empty() {
        (text, Vec::new())
    } else {
        let edited = SourceFile::new(target_file.path.clone(), text);
        insert(&edited, inserts)
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
    Ok(text)
}
