//! The translatable texts of a texts file whose translations are tracked
//! against their source (paragraphs, footnotes and titles), with stable ids,
//! and in-place edits of a texts file that keep its comments and layout.
//!
//! Ids are paths: `title`, `paragraphs/body`, `letter/title`,
//! `letter/transmit`, `annexes/csto-statement/title`,
//! `annexes/csto-statement/interest`, `footnotes/agenda`; sub-paragraphs and
//! list items are tracked under their part like paragraphs
//! (`paragraphs/p23-a`, at `paragraphs[22].items[0]`). `l10n status`,
//! `mark-reviewed`, XLIFF units and the bilingual proof all use them.
//! Table cells are plain strings without a source hash: they are not
//! tracked (the XLIFF export says so when a document has tables).

use crate::source::model::{InlineText, Segment, Text, Texts};
use crate::source::SourceFile;

/// How a tracked text is written in the YAML file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A map with `text:` (and `source:`): a segment, or a title written as
    /// `{ text, source }`.
    Map,
    /// A plain scalar (`title: …`): recording a hash turns it into a map.
    Scalar,
}

/// One tracked text of a texts file.
#[derive(Debug, Clone)]
pub struct Tracked<'a> {
    /// The stable id (`annexes/csto-statement/interest`).
    pub id: String,
    /// The YAML path of the map or scalar (`annexes.csto-statement.paragraphs[0]`).
    pub path: String,
    pub text: &'a InlineText,
    /// The hash of the source it was translated from, if recorded.
    pub source: Option<&'a str>,
    pub form: Form,
}

impl Tracked<'_> {
    /// Whether `name` selects this text: its id, or the last part of it
    /// (a paragraph id such as `transmit`).
    pub(crate) fn is_named(&self, name: &str) -> bool {
        self.id == name || self.id.rsplit('/').next() == Some(name)
    }
}

fn segment<'a>(id: String, path: String, s: &'a Segment) -> Tracked<'a> {
    Tracked {
        id,
        path,
        text: &s.text,
        source: s.source.as_deref(),
        form: Form::Map,
    }
}

fn title<'a>(id: String, path: String, t: &'a Text, file: Option<&SourceFile>) -> Tracked<'a> {
    // Written as a map when the file has a `text:` key under it.
    let form = match file {
        Some(f) if f.locations().key(&format!("{path}.text")).is_some() => Form::Map,
        Some(_) => Form::Scalar,
        None if t.source.is_some() => Form::Map,
        None => Form::Scalar,
    };
    Tracked {
        id,
        path,
        text: &t.text,
        source: t.source.as_deref(),
        form,
    }
}

/// A block and its items, in reading order: `part/id` at `path`. A list or
/// a table has no text of its own.
fn blocks<'a>(part: &str, path: &str, segments: &'a [Segment], out: &mut Vec<Tracked<'a>>) {
    for (i, s) in segments.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if !s.text.is_empty() {
            out.push(segment(format!("{part}/{}", s.id), at.clone(), s));
        }
        blocks(part, &format!("{at}.items"), &s.items, out);
    }
}

/// Every tracked text of `texts` in document order. `file` (the file the
/// texts were read from) tells how each title is written.
pub fn tracked<'a>(texts: &'a Texts, file: Option<&SourceFile>) -> Vec<Tracked<'a>> {
    let mut out = Vec::new();
    if let Some(t) = &texts.title {
        out.push(title("title".into(), "title".into(), t, file));
    }
    if let Some(letter) = &texts.letter {
        if let Some(t) = &letter.title {
            out.push(title("letter/title".into(), "letter.title".into(), t, file));
        }
        blocks("letter", "letter.paragraphs", &letter.paragraphs, &mut out);
    }
    for (annex, a) in &texts.annexes {
        out.push(title(
            format!("annexes/{annex}/title"),
            format!("annexes.{annex}.title"),
            &a.title,
            file,
        ));
        blocks(
            &format!("annexes/{annex}"),
            &format!("annexes.{annex}.paragraphs"),
            &a.paragraphs,
            &mut out,
        );
    }
    blocks("summary", "summary", &texts.summary, &mut out);
    blocks("preamble", "preamble", &texts.preamble, &mut out);
    blocks("paragraphs", "paragraphs", &texts.paragraphs, &mut out);
    for (i, s) in texts.footnotes.iter().enumerate() {
        out.push(segment(
            format!("footnotes/{}", s.id),
            format!("footnotes[{i}]"),
            s,
        ));
    }
    out
}

/// A change to one tracked text: a new text (or none: keep it) and the
/// source stamp to record (none: the text is not reviewed, and a stamp
/// it had is removed).
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub path: String,
    pub form: Form,
    pub text: Option<String>,
    pub stamp: Option<String>,
}

/// A segment the target lacks, to write into its list beside one it has:
/// after `after` (the YAML path of the segment before it in source
/// order), else before `before` (the one after it).
#[derive(Debug, Clone)]
pub struct Insertion {
    pub after: Option<String>,
    pub before: Option<String>,
    /// The segment's own id (`transmit`).
    pub id: String,
    pub text: String,
    pub stamp: Option<String>,
}

/// Writes `inserts` into `file`, each as a `- id: … text: …` item of a
/// block list next to its anchor, in source order, keeping every other
/// line. Insertions whose anchor is not a block item starting `- id:` are
/// returned (by id) and not made.
pub fn insert(file: &SourceFile, inserts: &[Insertion]) -> (String, Vec<String>) {
    let mut lines: Vec<String> = file.text.lines().map(str::to_owned).collect();
    let mut at: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    let mut skipped = Vec::new();
    for insertion in inserts {
        let anchor = insertion.after.as_ref().or(insertion.before.as_ref());
        let key = anchor.and_then(|p| file.locations().key(&format!("{p}.id")));
        let Some(key) = key.filter(|k| {
            k.column >= 3
                && lines.get(k.line - 1).is_some_and(|l| {
                    l.get(k.column - 3..)
                        .is_some_and(|r| r.starts_with("- id:"))
                })
        }) else {
            skipped.push(insertion.id.clone());
            continue;
        };
        let index = if insertion.after.is_some() {
            value_end(&lines, key.line, key.column - 1)
        } else {
            key.line - 1
        };
        let indent = " ".repeat(key.column - 1);
        let mut new = vec![format!(
            "{}- id: {}",
            " ".repeat(key.column - 3),
            insertion.id
        )];
        if let Some(stamp) = &insertion.stamp {
            new.push(format!("{indent}source: {stamp}"));
        }
        let quoted = serde_json::to_string(&insertion.text).unwrap_or_default();
        new.push(format!("{indent}text: {quoted}"));
        at.entry(index).or_default().extend(new);
    }
    for (index, new) in at.into_iter().rev() {
        lines.splice(index..index, new);
    }
    let mut text = lines.join("\n");
    if file.text.ends_with('\n') {
        text.push('\n');
    }
    (text, skipped)
}

/// The index (0-based, exclusive) of the line after the value whose key is
/// on line `line` (1-based) at `column`: the value runs while lines are
/// indented deeper than the key; blank lines at its end are not part of it.
fn value_end(lines: &[String], line: usize, column: usize) -> usize {
    let mut end = line;
    while end < lines.len() {
        let next = &lines[end];
        let indent = next.len() - next.trim_start().len();
        if !next.trim().is_empty() && indent < column {
            break;
        }
        end += 1;
    }
    while end > line && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    end
}

/// The lines of `text:` with a new `text`, written as the author wrote the
/// old value (`old`, its lines) so the diff shows only what changed:
///
/// - a folded block (`text: >-`) stays folded, each new word on the line
///   of the old word it replaces or follows (a word-level diff decides),
///   so a one-word edit changes one line;
/// - a plain one-line scalar stays plain when the new text can be;
/// - anything else, or a text a style cannot hold, is a quoted string.
///
/// Each candidate is read back with the YAML parser and used only if it
/// gives exactly `text`.
fn text_lines(old: &[String], indent: &str, text: &str) -> Vec<String> {
    let gives = |candidate: &[String]| {
        let yaml = candidate.join("\n") + "\n";
        #[derive(serde::Deserialize)]
        struct One {
            text: String,
        }
        let unindented: String = yaml
            .lines()
            .map(|l| l.strip_prefix(indent).unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        serde_yaml::from_str::<One>(&unindented).is_ok_and(|one| one.text == text)
    };
    let header = old.first().map(|l| l.trim_start()).unwrap_or("");
    let candidate = if header == "text: >-" || header == "text: >" {
        folded(old, indent, text, header)
    } else if old.len() == 1 && !header.starts_with("text: \"") && !header.starts_with("text: '") {
        Some(vec![format!("{indent}text: {text}")])
    } else {
        None
    };
    match candidate {
        Some(lines) if gives(&lines) => lines,
        _ => vec![format!(
            "{indent}text: {}",
            serde_json::to_string(text).unwrap_or_default()
        )],
    }
}

/// A folded block holding `text`, its lines cut where the old block's
/// were: the words are compared with the old ones (Myers' diff), each kept
/// word stays on its line, an added word joins the line of the word
/// before it.
fn folded(old: &[String], indent: &str, text: &str, header: &str) -> Option<Vec<String>> {
    let body = old.get(1..)?;
    let content_indent = body.first().map(|l| l.len() - l.trim_start().len())?;
    // The old words with the line each is on.
    let mut old_words: Vec<(&str, usize)> = Vec::new();
    for (n, line) in body.iter().enumerate() {
        old_words.extend(line.split_whitespace().map(|w| (w, n)));
    }
    let new_words: Vec<&str> = text.split_whitespace().collect();
    if new_words.is_empty() || text.contains('\n') {
        return None;
    }
    let old_only: Vec<&str> = old_words.iter().map(|(w, _)| *w).collect();
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &old_only, &new_words);
    let mut placed: Vec<Vec<&str>> = vec![Vec::new(); body.len()];
    let mut line = 0;
    for op in diff {
        for change in op.iter_changes(&old_only, &new_words) {
            match change.tag() {
                similar::ChangeTag::Equal => {
                    line = old_words[change.old_index()?].1;
                    placed[line].push(change.value());
                }
                similar::ChangeTag::Delete => line = old_words[change.old_index()?].1,
                similar::ChangeTag::Insert => placed[line].push(change.value()),
            }
        }
    }
    let pad = " ".repeat(content_indent);
    let mut out = vec![format!("{indent}{header}")];
    out.extend(
        placed
            .iter()
            .filter(|words| !words.is_empty())
            .map(|words| format!("{pad}{}", words.join(" "))),
    );
    Some(out)
}

/// Applies `edits` to `file`, keeping every other line as it is. Edits
/// whose place cannot be found are skipped and returned.
pub(crate) fn apply(file: &SourceFile, edits: &[Edit]) -> (String, Vec<String>) {
    let mut lines: Vec<String> = file.text.lines().map(str::to_owned).collect();
    // (start, end, new lines): replace lines[start..end]; all ranges disjoint.
    let mut splices: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut skipped = Vec::new();
    for edit in edits {
        let key = |name: &str| file.locations().key(&format!("{}.{name}", edit.path));
        match edit.form {
            Form::Map => {
                let Some(text_key) = key("text") else {
                    skipped.push(edit.path.clone());
                    continue;
                };
                let indent = " ".repeat(text_key.column - 1);
                let text_end = value_end(&lines, text_key.line, text_key.column);
                if let Some(text) = &edit.text {
                    let old = &lines[text_key.line - 1..text_end];
                    splices.push((text_key.line - 1, text_end, text_lines(old, &indent, text)));
                }
                let stamp_line = edit
                    .stamp
                    .as_ref()
                    .map(|stamp| format!("{indent}source: {stamp}"));
                match (key("source"), key("id"), stamp_line) {
                    (Some(s), _, line) => {
                        splices.push((s.line - 1, s.line, line.into_iter().collect()))
                    }
                    (None, _, None) => {}
                    (None, Some(id), Some(line)) => splices.push((id.line, id.line, vec![line])),
                    (None, None, Some(line)) => splices.push((text_end, text_end, vec![line])),
                }
            }
            Form::Scalar => {
                if edit.text.is_none() && edit.stamp.is_none() {
                    continue; // nothing to record
                }
                let Some(k) = file.locations().key(&edit.path) else {
                    skipped.push(edit.path.clone());
                    continue;
                };
                let indent = " ".repeat(k.column - 1);
                let name = edit.path.rsplit('.').next().unwrap_or("title");
                let end = value_end(&lines, k.line, k.column);
                if let (Some(text), None) = (&edit.text, &edit.stamp) {
                    // No stamp to record: the title stays a plain scalar.
                    let quoted = serde_json::to_string(text).unwrap_or_default();
                    splices.push((k.line - 1, end, vec![format!("{indent}{name}: {quoted}")]));
                    continue;
                }
                let mut new = vec![format!("{indent}{name}:")];
                match &edit.text {
                    Some(text) => {
                        let quoted = serde_json::to_string(text).unwrap_or_default();
                        new.push(format!("{indent}  text: {quoted}"));
                    }
                    None => {
                        // The value moves under `text:`, two columns deeper.
                        let first = &lines[k.line - 1];
                        let rest = first
                            .split_once(':')
                            .map_or("", |(_, rest)| rest)
                            .to_owned();
                        new.push(format!("{indent}  text:{rest}"));
                        for l in &lines[k.line..end] {
                            new.push(if l.trim().is_empty() {
                                l.clone()
                            } else {
                                format!("  {l}")
                            });
                        }
                    }
                }
                if let Some(stamp) = &edit.stamp {
                    new.push(format!("{indent}  source: {stamp}"));
                }
                splices.push((k.line - 1, end, new));
            }
        }
    }
    // Bottom up; at one index a replacement goes before an insertion, so
    // the insertion lands above the replaced lines.
    splices.sort_by(|a, b| b.0.cmp(&a.0).then((b.1 - b.0).cmp(&(a.1 - a.0))));
    for (start, end, new) in splices {
        lines.splice(start..end, new);
    }
    let mut text = lines.join("\n");
    if file.text.ends_with('\n') {
        text.push('\n');
    }
    (text, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("fr.yaml".into(), text.to_owned())
    }

    #[test]
    fn a_scalar_title_becomes_a_map_with_its_hash() {
        let f = file("# c\nannexes:\n  s:\n    title: >-\n      Déclaration\n      des ministres\n    paragraphs: []\n");
        let (text, skipped) = apply(
            &f,
            &[Edit {
                path: "annexes.s.title".into(),
                form: Form::Scalar,
                text: None,
                stamp: Some("abcd".into()),
            }],
        );
        assert!(skipped.is_empty());
        assert_eq!(
            text,
            "# c\nannexes:\n  s:\n    title:\n      text: >-\n        Déclaration\n        des ministres\n      source: abcd\n    paragraphs: []\n"
        );
        let texts: Texts = serde_yaml::from_str(&text).unwrap();
        assert_eq!(texts.annexes["s"].title.text, "Déclaration des ministres");
        assert_eq!(texts.annexes["s"].title.source.as_deref(), Some("abcd"));
    }

    #[test]
    fn a_segment_gets_its_new_text_and_hash_beside_its_id() {
        let f = file("paragraphs:\n  - id: a\n    text: >-\n      old\n      text\n\n  - id: b\n    source: 1234\n    text: x\n");
        let (text, _) = apply(
            &f,
            &[
                Edit {
                    path: "paragraphs[0]".into(),
                    form: Form::Map,
                    text: Some("new \"text\"".into()),
                    stamp: Some("aaaa".into()),
                },
                Edit {
                    path: "paragraphs[1]".into(),
                    form: Form::Map,
                    text: None,
                    stamp: Some("bbbb".into()),
                },
            ],
        );
        assert_eq!(
            text,
            "paragraphs:\n  - id: a\n    source: aaaa\n    text: >-\n      new \"text\"\n\n  - id: b\n    source: bbbb\n    text: x\n"
        );
        let f = file(&text);
        let texts: Texts = serde_yaml::from_str(&f.text).unwrap();
        let all = tracked(&texts, Some(&f));
        assert_eq!(all[0].id, "paragraphs/a");
        assert_eq!(all[0].text, "new \"text\"");
        assert!(all[1].is_named("b"));
    }

    #[test]
    fn a_one_word_edit_of_a_folded_paragraph_changes_one_line() {
        let old = "paragraphs:\n  - id: a\n    text: >-\n      Le Comité s’est réuni à Genève le 3 mai\n      et a adopté le rapport de son groupe de\n      travail sans vote.\n  - id: b\n    text: Bonjour\n";
        let f = file(old);
        let edit = |path: &str, text: &str| Edit {
            path: path.into(),
            form: Form::Map,
            text: Some(text.into()),
            stamp: None,
        };
        let (text, _) = apply(
            &f,
            &[
                edit(
                    "paragraphs[0]",
                    "Le Comité s’est réuni à New York le 3 mai et a adopté le rapport de son groupe de travail sans vote.",
                ),
                edit("paragraphs[1]", "Bonsoir"),
            ],
        );
        let changed: Vec<(&str, &str)> = old
            .lines()
            .zip(text.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(
            changed,
            [
                (
                    "      Le Comité s’est réuni à Genève le 3 mai",
                    "      Le Comité s’est réuni à New York le 3 mai"
                ),
                ("    text: Bonjour", "    text: Bonsoir")
            ],
            "{text}"
        );
        assert_eq!(old.lines().count(), text.lines().count());
        // A text a plain scalar cannot hold is quoted.
        let (text, _) = apply(&f, &[edit("paragraphs[1]", "Note: see # 3")]);
        assert!(text.contains("    text: \"Note: see # 3\"\n"), "{text}");
        let texts: Texts = serde_yaml::from_str(&text).unwrap();
        assert_eq!(texts.paragraphs[1].text, "Note: see # 3");
    }
}
