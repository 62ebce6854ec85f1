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

use crate::source::model::{Segment, Text, Texts};
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
    pub text: &'a str,
    /// The hash of the source it was translated from, if recorded.
    pub source: Option<&'a str>,
    pub form: Form,
}

impl Tracked<'_> {
    /// Whether `name` selects this text: its id, or the last part of it
    /// (a paragraph id such as `transmit`).
    pub fn is_named(&self, name: &str) -> bool {
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
/// source hash to record.
#[derive(Debug, Clone)]
pub struct Edit {
    pub path: String,
    pub form: Form,
    pub text: Option<String>,
    pub hash: String,
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

/// Applies `edits` to `file`, keeping every other line as it is. Edits
/// whose place cannot be found are skipped and returned.
pub fn apply(file: &SourceFile, edits: &[Edit]) -> (String, Vec<String>) {
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
                    let quoted = serde_json::to_string(text).unwrap_or_default();
                    splices.push((
                        text_key.line - 1,
                        text_end,
                        vec![format!("{indent}text: {quoted}")],
                    ));
                }
                let hash_line = format!("{indent}source: {}", edit.hash);
                match (key("source"), key("id")) {
                    (Some(s), _) => splices.push((s.line - 1, s.line, vec![hash_line])),
                    (None, Some(id)) => splices.push((id.line, id.line, vec![hash_line])),
                    (None, None) => splices.push((text_end, text_end, vec![hash_line])),
                }
            }
            Form::Scalar => {
                let Some(k) = file.locations().key(&edit.path) else {
                    skipped.push(edit.path.clone());
                    continue;
                };
                let indent = " ".repeat(k.column - 1);
                let name = edit.path.rsplit('.').next().unwrap_or("title");
                let end = value_end(&lines, k.line, k.column);
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
                new.push(format!("{indent}  source: {}", edit.hash));
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
                hash: "abcd".into(),
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
                    hash: "aaaa".into(),
                },
                Edit {
                    path: "paragraphs[1]".into(),
                    form: Form::Map,
                    text: None,
                    hash: "bbbb".into(),
                },
            ],
        );
        assert_eq!(
            text,
            "paragraphs:\n  - id: a\n    source: aaaa\n    text: \"new \\\"text\\\"\"\n\n  - id: b\n    source: bbbb\n    text: x\n"
        );
        let f = file(&text);
        let texts: Texts = serde_yaml::from_str(&f.text).unwrap();
        let all = tracked(&texts, Some(&f));
        assert_eq!(all[0].id, "paragraphs/a");
        assert_eq!(all[0].text, "new \"text\"");
        assert!(all[1].is_named("b"));
    }
}
