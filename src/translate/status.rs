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
use crate::source::submission::words_in;
use crate::source::Document;

/// The hash a translation records of its source: whitespace-only edits do
/// not change it.
pub(crate) fn source_hash(text: &str) -> String {
    let normalised = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Sha256::digest(normalised.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a translation records of its source: the source's language and
/// the hash of its text, `en:0123456789abcdef`. The language says which
/// version the translator worked from, so status compares with that one
/// whatever `--source` says.
pub fn source_stamp(lang: &str, text: &str) -> String {
    format!("{lang}:{}", source_hash(text))
}

/// A recorded stamp: its language (none in a bare hash, written before
/// stamps named it: the document's original language is meant) and hash.
pub(crate) fn parse_stamp(stamp: &str) -> (Option<&str>, &str) {
    match stamp.split_once(':') {
        Some((lang, hash)) => (Some(lang), hash),
        None => (None, stamp),
    }
}

/// The tracked texts of every language version of a document, by language
/// and id, collected once: stamps are compared against them text by text.
pub(crate) struct Versions<'a>(BTreeMap<&'a str, BTreeMap<String, &'a str>>);

impl<'a> Versions<'a> {
    pub fn of(document: &'a Document) -> Self {
        Versions(
            document
                .texts
                .iter()
                .map(|(lang, (texts, file))| {
                    let by_id = tracked(texts, Some(file))
                        .into_iter()
                        .map(|t| (t.id, t.text.as_str()))
                        .collect();
                    (lang.as_str(), by_id)
                })
                .collect(),
        )
    }

    /// The text `id` in `lang`, now.
    pub fn text(&self, lang: &str, id: &str) -> Option<&'a str> {
        self.0.get(lang)?.get(id).copied()
    }

    /// Whether `stamp`, recorded on the translation of text `id`, matches
    /// the text it was taken from as it is now (a bare hash is `default`'s).
    pub(crate) fn is_current(&self, stamp: &str, id: &str, default: &str) -> bool {
        let (lang, hash) = parse_stamp(stamp);
        self.text(lang.unwrap_or(default), id)
            .is_some_and(|text| source_hash(text) == hash)
    }
}

/// A stale segment: the source it was translated from and the source now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stale {
    pub id: String,
    /// The old source text, when the repository's history has it.
    pub old_source: Option<String>,
    pub new_source: String,
    /// Word by word, what changed from the old source to the new (empty
    /// when the old one is not known).
    pub diff: Vec<Change>,
}

/// A run of words the same in both sources, or only in the old or new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `same`, `removed` or `added`.
    pub op: &'static str,
    pub text: String,
}

/// The words of `old` and `new` compared (Myers' diff, by the `similar`
/// crate), runs of one kind joined.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<Change> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out: Vec<Change> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => "same",
            similar::ChangeTag::Delete => "removed",
            similar::ChangeTag::Insert => "added",
        };
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => out.push(Change {
                op,
                text: change.value().to_owned(),
            }),
        }
    }
    coalesce(out)
}

/// Joins the changes separated only by white space into one removal and
/// one addition: `[-training session-] {+command-post exercise+}`, not
/// word by word.
fn coalesce(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let flush = |removed: &mut String, added: &mut String, out: &mut Vec<Change>| {
        for (op, text) in [("removed", removed), ("added", added)] {
            if !text.trim().is_empty() {
                out.push(Change {
                    op,
                    text: text.trim().to_owned(),
                });
            }
            text.clear();
        }
    };
    let mut pieces = changes.into_iter().peekable();
    while let Some(change) = pieces.next() {
        let in_change = !removed.is_empty() || !added.is_empty();
        let next_changes = pieces.peek().is_some_and(|n| n.op != "same");
        match change.op {
            "removed" => removed.push_str(&change.text),
            "added" => added.push_str(&change.text),
            _ if in_change && next_changes && change.text.trim().is_empty() => {
                removed.push_str(&change.text);
                added.push_str(&change.text);
            }
            _ => {
                flush(&mut removed, &mut added, &mut out);
                out.push(change);
            }
        }
    }
    flush(&mut removed, &mut added, &mut out);
    out
}

/// A diff as one line for a terminal: removed words as `[-…-]`, added as
/// `{+…+}`, long unchanged runs cut to their ends.
pub fn word_diff_text(diff: &[Change]) -> String {
    let mut out = String::new();
    for (i, change) in diff.iter().enumerate() {
        match change.op {
            "removed" => out.push_str(&format!(" [-{}-] ", change.text.trim())),
            "added" => out.push_str(&format!(" {{+{}+}} ", change.text.trim())),
            _ => {
                let words: Vec<&str> = change.text.split_whitespace().collect();
                let (first, last) = (i == 0, i + 1 == diff.len());
                let keep = 4;
                let shown = if words.len() <= 2 * keep {
                    words.join(" ")
                } else if first {
                    format!("… {}", words[words.len() - keep..].join(" "))
                } else if last {
                    format!("{} …", words[..keep].join(" "))
                } else {
                    format!(
                        "{} … {}",
                        words[..keep].join(" "),
                        words[words.len() - keep..].join(" ")
                    )
                };
                out.push_str(&format!(" {shown} "));
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Source words by state: what a translation service plans work with
/// (the source's words; obsolete texts count the target's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Words {
    pub translated: u32,
    pub stale: u32,
    pub unreviewed: u32,
    pub missing: u32,
    pub obsolete: u32,
}

/// Status of one language version against the source language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LanguageStatus {
    pub translated: Vec<String>,
    pub stale: Vec<Stale>,
    pub unreviewed: Vec<String>,
    pub missing: Vec<String>,
    pub obsolete: Vec<String>,
    pub words: Words,
}

impl LanguageStatus {
    /// The number of texts in a state (`stale`, `missing`, …).
    pub fn count(&self, state: &str) -> usize {
        match state {
            "translated" => self.translated.len(),
            "stale" => self.stale.len(),
            "unreviewed" => self.unreviewed.len(),
            "missing" => self.missing.len(),
            "obsolete" => self.obsolete.len(),
            _ => 0,
        }
    }
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
pub(crate) fn old_text(file: &Path, id: &str, hash: &str) -> Option<String> {
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
        // An old version with aliases is skipped, never expanded.
        let old = String::from_utf8_lossy(&show.stdout);
        if crate::source::locate::first_alias(&old).is_some()
            || crate::source::locate::too_deep(&old).is_some()
        {
            continue;
        }
        let Ok(texts) = serde_yaml::from_str::<Texts>(&old) else {
            continue;
        };
        if let Some(t) = tracked(&texts, None).into_iter().find(|t| t.id == id) {
            if source_hash(t.text) == hash {
                return Some(t.text.to_string());
            }
        }
    }
    None
}

/// The status of every language of `document` against `source_lang`.
pub fn status(document: &Document, source_lang: &str) -> Result<DocumentStatus, Diagnostic> {
    let (source_texts, source_file) = document.texts_in(source_lang)?;
    let source = tracked(source_texts, Some(source_file));
    let versions = Versions::of(document);
    let mut languages = BTreeMap::new();
    for (lang, (texts, file)) in &document.texts {
        if lang == source_lang {
            continue;
        }
        let target = tracked(texts, Some(file));
        let mut status = LanguageStatus::default();
        let source_words = |text: &str| words_in(text, source_lang);
        for original in &source {
            match target.iter().find(|t| t.id == original.id) {
                None => {
                    status.missing.push(original.id.clone());
                    status.words.missing += source_words(original.text);
                }
                Some(t) => match t.source {
                    None => {
                        status.unreviewed.push(t.id.clone());
                        status.words.unreviewed += source_words(original.text);
                    }
                    Some(stamp) if versions.is_current(stamp, &t.id, source_lang) => {
                        status.translated.push(t.id.clone());
                        status.words.translated += source_words(original.text);
                    }
                    Some(stamp) => {
                        // Compared with the version it was translated from.
                        let (from, hash) = parse_stamp(stamp);
                        let from = from.unwrap_or(source_lang);
                        let file = document.texts.get(from).map(|(_, f)| &f.path);
                        let old_source = file.and_then(|f| old_text(f, &t.id, hash));
                        let new_source = versions.text(from, &t.id).unwrap_or(original.text);
                        status.words.stale += source_words(original.text);
                        status.stale.push(Stale {
                            id: t.id.clone(),
                            diff: old_source
                                .as_deref()
                                .map(|old| word_diff(old, new_source))
                                .unwrap_or_default(),
                            old_source,
                            new_source: new_source.to_owned(),
                        })
                    }
                },
            }
        }
        for t in &target {
            if !source.iter().any(|s| s.id == t.id) {
                status.obsolete.push(t.id.clone());
                status.words.obsolete += words_in(t.text, lang);
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
    let (source_texts, source_file) = document.texts_in(source_lang)?;
    let (texts, file) = document.texts_in(lang)?;
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
            stamp: Some(source_stamp(source_lang, original.text)),
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

    #[test]
    fn the_word_diff_shows_what_changed_and_cuts_long_unchanged_runs() {
        let old = "The Committee met in Geneva on 3 May and adopted the report of its working group without a vote.";
        let new = "The Committee met in New York on 3 May and adopted the report of its working group without a vote.";
        let diff = word_diff(old, new);
        let changed: Vec<(&str, &str)> = diff
            .iter()
            .filter(|c| c.op != "same")
            .map(|c| (c.op, c.text.trim()))
            .collect();
        assert_eq!(changed, [("removed", "Geneva"), ("added", "New York")]);
        assert_eq!(
            word_diff_text(&diff),
            "The Committee met in [-Geneva-] {+New York+} on 3 May and …"
        );
    }

    #[test]
    fn a_stamp_names_its_language_and_a_bare_hash_does_not() {
        let stamp = source_stamp("en", "Hello");
        assert_eq!(
            parse_stamp(&stamp),
            (Some("en"), source_hash("Hello").as_str())
        );
        assert_eq!(parse_stamp("0123456789abcdef"), (None, "0123456789abcdef"));
    }
}
