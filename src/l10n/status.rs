//! Translation status of document texts: which segments are translated,
//! stale (their source changed since translation), unreviewed (no source
//! hash recorded), missing or obsolete; and marking reviewed segments
//! current again by writing the source hash beside them.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::tracked::{apply, tracked, Edit};
use crate::diagnostic::Diagnostic;
use crate::source::model::Texts;
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

/// Finds, in the history of `file`, the text `id` whose hash is `hash`
/// (the text a translation was made from).
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
        if let Some(t) = tracked(&texts, None).into_iter().find(|t| t.id == id) {
            if source_hash(t.text) == hash {
                return Some(t.text.to_owned());
            }
        }
    }
    None
}

/// The texts of `document` in `lang`, or a diagnostic naming what is missing.
fn texts_in<'a>(
    document: &'a Document,
    lang: &str,
) -> Result<&'a (Texts, crate::source::SourceFile), Diagnostic> {
    document.texts.get(lang).ok_or_else(|| {
        Diagnostic::error(format!(
            "document `{}` has no texts in `{lang}`",
            document.id
        ))
        .in_file(&document.facts_file.path)
        .with_hint(format!(
            "the document's languages are: {}",
            document
                .texts
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// The status of every language of `document` against `source_lang`.
pub fn status(document: &Document, source_lang: &str) -> Result<DocumentStatus, Diagnostic> {
    let (source_texts, source_file) = texts_in(document, source_lang)?;
    let source = tracked(source_texts, Some(source_file));
    let mut languages = BTreeMap::new();
    for (lang, (texts, file)) in &document.texts {
        if lang == source_lang {
            continue;
        }
        let target = tracked(texts, Some(file));
        let mut status = LanguageStatus::default();
        for original in &source {
            match target.iter().find(|t| t.id == original.id) {
                None => status.missing.push(original.id.clone()),
                Some(t) => match t.source {
                    None => status.unreviewed.push(t.id.clone()),
                    Some(hash) if hash == source_hash(original.text) => {
                        status.translated.push(t.id.clone())
                    }
                    Some(hash) => status.stale.push(Stale {
                        id: t.id.clone(),
                        old_source: old_text(&source_file.path, &t.id, hash),
                        new_source: original.text.to_owned(),
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

/// Records the current source hash on the texts of `lang` (all, or those
/// named in `only`: an id such as `annexes/s/title`, or a paragraph id):
/// returns the texts file with a `source:` line beside each (comments and
/// layout kept; a plain title becomes `{ text, source }`) and the ids
/// marked. The caller writes it. A name that matches nothing is an error.
pub fn mark_reviewed(
    document: &Document,
    source_lang: &str,
    lang: &str,
    only: &[String],
) -> Result<(String, Vec<String>), Diagnostic> {
    let (source_texts, source_file) = texts_in(document, source_lang)?;
    let (texts, file) = texts_in(document, lang)?;
    let sources = tracked(source_texts, Some(source_file));
    let targets = tracked(texts, Some(file));
    if let Some(unknown) = only
        .iter()
        .find(|name| !targets.iter().any(|t| t.is_named(name)))
    {
        let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
        return Err(Diagnostic::error(format!(
            "`{unknown}` is not a text of the {lang} version of `{}`",
            document.id
        ))
        .in_file(&file.path)
        .with_hint(format!("the texts are: {}", ids.join(", "))));
    }
    let mut edits = Vec::new();
    let mut marked = Vec::new();
    for target in &targets {
        if !only.is_empty() && !only.iter().any(|name| target.is_named(name)) {
            continue;
        }
        let Some(original) = sources.iter().find(|s| s.id == target.id) else {
            continue;
        };
        edits.push(Edit {
            path: target.path.clone(),
            form: target.form,
            text: None,
            hash: source_hash(original.text),
        });
        marked.push(target.id.clone());
    }
    let (text, skipped) = apply(file, &edits);
    marked.retain(|id| {
        !targets
            .iter()
            .any(|t| t.id == *id && skipped.contains(&t.path))
    });
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
