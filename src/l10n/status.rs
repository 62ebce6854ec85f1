//! Translation status of document texts: which segments are translated,
//! stale (their source changed since translation), unreviewed (no source
//! hash recorded), missing or obsolete; and marking reviewed segments
//! current again by writing the source hash beside them.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::source::model::{Segment, Texts};
use crate::source::submission::segments;
use crate::source::Document;

/// The hash a translation records of its source: whitespace-only edits do
/// not change it.
pub fn source_hash(text: &str) -> String {
    let normalised = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Sha256::digest(normalised.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A stale segment: the source it was translated from and the source now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stale {
    pub id: String,
    /// The old source text, when the repository's history has it.
    pub old_source: Option<String>,
    pub new_source: String,
}

/// Status of one language version against the source language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LanguageStatus {
    pub translated: Vec<String>,
    pub stale: Vec<Stale>,
    pub unreviewed: Vec<String>,
    pub missing: Vec<String>,
    pub obsolete: Vec<String>,
}

/// Status of a document: per target language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentStatus {
    pub document: String,
    pub source: String,
    pub languages: BTreeMap<String, LanguageStatus>,
}

/// Finds, in the history of `file`, the segment `id` whose text hashes to
/// `hash` (the text a translation was made from).
fn old_text(file: &Path, id: &str, hash: &str) -> Option<String> {
    let dir = file.parent()?;
    let name = file.file_name()?.to_str()?;
    let log = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "--format=%H", "-n", "50", "--", name])
        .output()
        .ok()?;
    for commit in String::from_utf8_lossy(&log.stdout).lines() {
        let show = Command::new("git")
            .arg("-C")
            .arg(dir)
            .arg("show")
            .arg(format!("{commit}:./{name}"))
            .output()
            .ok()?;
        let Ok(texts) = serde_yaml::from_slice::<Texts>(&show.stdout) else {
            continue;
        };
        if let Some(segment) = segments(&texts).into_iter().find(|s| s.id == id) {
            if source_hash(&segment.text) == hash {
                return Some(segment.text.clone());
            }
        }
    }
    None
}

/// The status of every language of `document` against `source_lang`.
pub fn status(document: &Document, source_lang: &str) -> Result<DocumentStatus, Diagnostic> {
    let (source_texts, source_file) = document.texts.get(source_lang).ok_or_else(|| {
        Diagnostic::error(format!(
            "document `{}` has no texts in the source language `{source_lang}`",
            document.id
        ))
        .in_file(&document.facts_file.path)
        .with_hint("pass --source with a language the document has")
    })?;
    let source: Vec<&Segment> = segments(source_texts);
    let mut languages = BTreeMap::new();
    for (lang, (texts, _)) in &document.texts {
        if lang == source_lang {
            continue;
        }
        let target = segments(texts);
        let mut status = LanguageStatus::default();
        for original in &source {
            match target.iter().find(|t| t.id == original.id) {
                None => status.missing.push(original.id.clone()),
                Some(t) => match &t.source {
                    None => status.unreviewed.push(t.id.clone()),
                    Some(hash) if *hash == source_hash(&original.text) => {
                        status.translated.push(t.id.clone())
                    }
                    Some(hash) => status.stale.push(Stale {
                        id: t.id.clone(),
                        old_source: old_text(&source_file.path, &t.id, hash),
                        new_source: original.text.clone(),
                    }),
                },
            }
        }
        for t in &target {
            if !source.iter().any(|s| s.id == t.id) {
                status.obsolete.push(t.id.clone());
            }
        }
        languages.insert(lang.clone(), status);
    }
    Ok(DocumentStatus {
        document: document.id.clone(),
        source: source_lang.to_owned(),
        languages,
    })
}

/// Records the current source hash on the segments of `lang` (all, or
/// those in `only`): returns the texts file with a `source:` line beside
/// each segment's `id:` (comments and layout kept) and the ids marked. The
/// caller writes it.
pub fn mark_reviewed(
    document: &Document,
    source_lang: &str,
    lang: &str,
    only: &[String],
) -> Result<(String, Vec<String>), Diagnostic> {
    let (source_texts, _) = document.texts.get(source_lang).ok_or_else(|| {
        Diagnostic::error(format!(
            "document `{}` has no texts in `{source_lang}`",
            document.id
        ))
    })?;
    let (texts, file) = document.texts.get(lang).ok_or_else(|| {
        Diagnostic::error(format!(
            "document `{}` has no texts in `{lang}`",
            document.id
        ))
    })?;
    let hashes: BTreeMap<&str, String> = segments(source_texts)
        .into_iter()
        .map(|s| (s.id.as_str(), source_hash(&s.text)))
        .collect();
    // Paths of every segment, to find their lines.
    let mut paths: Vec<(String, &Segment)> = Vec::new();
    if let Some(letter) = &texts.letter {
        paths.extend(
            letter
                .paragraphs
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("letter.paragraphs[{i}]"), s)),
        );
    }
    for (annex, t) in &texts.annexes {
        paths.extend(
            t.paragraphs
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("annexes.{annex}.paragraphs[{i}]"), s)),
        );
    }
    paths.extend(
        texts
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("paragraphs[{i}]"), s)),
    );
    paths.extend(
        texts
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("footnotes[{i}]"), s)),
    );

    let mut lines: Vec<String> = file.text.lines().map(str::to_owned).collect();
    // Edits from the bottom up, so line numbers above stay valid.
    let mut edits: Vec<(usize, Option<usize>, usize, String)> = Vec::new();
    let mut marked = Vec::new();
    for (path, segment) in paths {
        if !only.is_empty() && !only.contains(&segment.id) {
            continue;
        }
        let Some(hash) = hashes.get(segment.id.as_str()) else {
            continue;
        };
        let Some(id_key) = file.locations.key(&format!("{path}.id")) else {
            continue;
        };
        let existing = file
            .locations
            .key(&format!("{path}.source"))
            .map(|p| p.line);
        edits.push((id_key.line, existing, id_key.column, hash.clone()));
        marked.push(segment.id.clone());
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (id_line, existing, column, hash) in edits {
        let indent = " ".repeat(column - 1);
        let line = format!("{indent}source: {hash}");
        match existing {
            Some(source_line) => lines[source_line - 1] = line,
            None => lines.insert(id_line, line),
        }
    }
    let mut text = lines.join("\n");
    if file.text.ends_with('\n') {
        text.push('\n');
    }
    Ok((text, marked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_does_not_change_the_hash() {
        assert_eq!(source_hash("a  b\n c"), source_hash("a b c"));
        assert_ne!(source_hash("a b c"), source_hash("a b d"));
        assert_eq!(source_hash("x").len(), 16);
    }
}
