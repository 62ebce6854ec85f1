//! Whether a job is up to date: what its output depends on besides its
//! document (the house, the messages and marks it used), hashed once per
//! run, and the no-op fast path that finds whole documents up to date from
//! their sources alone.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use super::manifest::{self, combine, Manifest};
use super::{job_languages, Outcome, Selection, Status};
use crate::language::Language;
use crate::pipeline::Resources;
use crate::typeset::FaceId;

/// The fingerprint of what a render used besides its document: the
/// messages of `lang` among `ids`, and the page marks it drew.
pub(super) fn used_fingerprint(resources: &Resources, lang: &str, ids: &[String]) -> String {
    used_fingerprint_given(resources, lang, ids, None).0
}

/// The messages among `ids` (those that are not page marks), in order.
pub(super) fn messages_among(ids: &[String]) -> Vec<String> {
    ids.iter().filter(|id| !is_mark(id)).cloned().collect()
}

fn is_mark(id: &str) -> bool {
    id.starts_with("@mark:")
}

/// The fingerprint of the messages `messages` of `lang`.
pub(super) fn messages_fingerprint(
    resources: &Resources,
    lang: &str,
    messages: &[String],
) -> String {
    resources.localizer.fingerprint(lang, messages)
}

/// As [`used_fingerprint`], taking the fingerprint of the messages from
/// `known` when it was made for exactly the messages among `ids`; with
/// whether it was taken.
pub(super) fn used_fingerprint_given(
    resources: &Resources,
    lang: &str,
    ids: &[String],
    known: Option<(&[String], &str)>,
) -> (String, bool) {
    let (marks, messages): (Vec<String>, Vec<String>) =
        ids.iter().cloned().partition(|id| is_mark(id));
    let (of_messages, taken) = match known {
        Some((made_for, fingerprint)) if made_for == messages.as_slice() => {
            (fingerprint.to_owned(), true)
        }
        _ => (messages_fingerprint(resources, lang, &messages), false),
    };
    let mut parts = vec![("messages".to_owned(), of_messages)];
    for mark in marks {
        let fingerprint = resources.marks.fingerprint_of(&mark).unwrap_or("unknown");
        parts.push((mark.clone(), fingerprint.to_owned()));
    }
    (combine(&parts), taken)
}

/// Everything a job's output depends on besides its document, hashed
/// once per run from what was loaded (never read again from disk, so a
/// file saved during the build is seen as changed by the next one): the
/// program (version and code, not where the binary lies or when it was
/// copied), the PDF standard, the templates, the fonts, and per language its locale files and hyphenation exceptions. Keys
/// are names in the house, never paths, so a build from another folder,
/// through `--root`, or in a fresh clone finds its PDFs up to date.
pub(super) struct HouseInputs {
    common: String,
    /// Per kind: its template and the partials it calls.
    templates: BTreeMap<String, String>,
    /// Per language: a hash of its hyphenation exceptions.
    hyphenation: BTreeMap<String, String>,
    /// The fingerprints of the sets of messages the last build's jobs
    /// used, by language and set, each computed once per run.
    messages: Mutex<HashMap<(String, String), String>>,
}

impl HouseInputs {
    /// Hashes what was loaded: the program, the PDF standard, the fonts
    /// and, per kind, its templates.
    pub(super) fn of(resources: &Resources) -> Self {
        let mut parts = vec![
            (
                "polypress".to_owned(),
                format!(
                    "{} {}",
                    env!("CARGO_PKG_VERSION"),
                    crate::house::code_hash()
                ),
            ),
            (
                "pdf-standard".to_owned(),
                format!("{:?}", resources.pdf_standard),
            ),
        ];
        for face in FaceId::ALL {
            parts.push((
                format!("fonts/{}", face.file()),
                resources.fonts.fingerprint(face),
            ));
        }
        let common = combine(&parts);
        // Each template file hashed once; a kind's hash combines those of
        // the files it calls.
        let files: BTreeMap<&str, String> = resources
            .templates
            .names()
            .map(|name| {
                let text = resources.templates.source(name).unwrap_or_default();
                (name, manifest::hash_bytes(text.as_bytes()))
            })
            .collect();
        let templates = resources
            .templates
            .names()
            .map(|kind| {
                let parts: Vec<(String, String)> = resources
                    .templates
                    .calls(kind)
                    .into_iter()
                    .map(|name| {
                        (
                            name.to_owned(),
                            files.get(name).cloned().unwrap_or_default(),
                        )
                    })
                    .collect();
                (kind.to_owned(), combine(&parts))
            })
            .collect();
        HouseInputs {
            common,
            templates,
            hyphenation: resources.hyphenation_digests.clone(),
            messages: Mutex::default(),
        }
    }

    /// Whether job `id` is up to date: its inputs are those of the last
    /// build, so are the messages it used then, and its output is the PDF
    /// written then (same size and time, or, when a copy changed those,
    /// the same content).
    pub(super) fn is_up_to_date(
        &self,
        previous: &Manifest,
        resources: &Resources,
        id: &str,
        lang: &str,
        inputs: &str,
        path: &Path,
    ) -> bool {
        let Some(entry) = previous.jobs.get(id) else {
            return false;
        };
        let Some(key) = entry.uses.as_ref() else {
            return false;
        };
        let Some(ids) = previous.uses.get(key) else {
            return false;
        };
        let key = (lang.to_owned(), key.clone());
        let cached = self.messages.lock().ok().and_then(|m| m.get(&key).cloned());
        let messages = cached.unwrap_or_else(|| {
            let fingerprint = used_fingerprint(resources, lang, ids);
            if let Ok(mut m) = self.messages.lock() {
                m.insert(key, fingerprint.clone());
            }
            fingerprint
        });
        entry.inputs == inputs
            && entry.messages.as_deref() == Some(messages.as_str())
            && (entry.stamp.as_deref() == Some(manifest::stamp(path).as_str())
                || std::fs::read(path).is_ok_and(|bytes| {
                    crate::pdf::verified_id(&bytes).as_ref() == Some(&entry.output)
                }))
    }

    /// The inputs hash of a job: the document's facts and its texts in the
    /// language (English for a pseudo-locale), as texts, and the house.
    pub(super) fn hash(
        &self,
        kind: &str,
        facts: Option<&str>,
        texts: Option<&str>,
        lang: &str,
    ) -> String {
        let text = |t: Option<&str>| {
            t.map_or_else(
                || "missing".to_owned(),
                |t| manifest::hash_bytes(t.as_bytes()),
            )
        };
        combine(&[
            ("house".to_owned(), self.common.clone()),
            (
                "templates".to_owned(),
                self.templates.get(kind).cloned().unwrap_or_default(),
            ),
            (
                "hyphenation".to_owned(),
                self.hyphenation.get(lang).cloned().unwrap_or_default(),
            ),
            ("document.yaml".to_owned(), text(facts)),
            ("texts".to_owned(), text(texts)),
        ])
    }
}

/// A source file's text as the loader gives it (a UTF-8 byte-order mark
/// dropped), or `None` when it cannot be read.
fn source_text(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).ok()
}

/// The no-op fast path: documents whose selected jobs are all up to date,
/// found from `document.yaml` alone (the texts are hashed, not parsed or
/// checked; they were checked when the PDFs were made). Returns their
/// outcomes and the documents that need loading.
pub fn up_to_date(
    paths: &[PathBuf],
    selection: &Selection,
    resources: &Resources,
    out: &Path,
) -> (Vec<Outcome>, Vec<PathBuf>) {
    let previous = Manifest::read(out);
    if previous.jobs.is_empty() {
        return (Vec::new(), paths.to_vec());
    }
    let house = HouseInputs::of(resources);
    let results: Vec<(PathBuf, Option<Vec<Outcome>>)> = paths
        .par_iter()
        .map(|dir| {
            let started = Instant::now();
            let facts_text = source_text(&dir.join("document.yaml"));
            // A file with an alias is left to the loader, which refuses it
            // before anything expands.
            let facts = facts_text
                .as_deref()
                .filter(|t| {
                    crate::source::locate::first_alias(t).is_none()
                        && crate::source::locate::too_deep(t).is_none()
                })
                .and_then(|t| serde_yaml::from_str::<crate::source::model::Facts>(t).ok());
            let Some(facts) = facts else {
                return (dir.clone(), None);
            };
            if selection.kind.is_some_and(|k| k != facts.kind) {
                return (dir.clone(), Some(Vec::new()));
            }
            let document = crate::source::document_id(dir);
            let mut outcomes = Vec::new();
            for lang in job_languages(&facts.languages, selection.languages) {
                let id = format!("{document}.{lang}");
                if selection.shard.as_ref().is_some_and(|s| !s.contains(&id)) {
                    continue;
                }
                let path = out.join(format!("{id}.pdf"));
                let texts =
                    source_text(&dir.join(format!("{}.yaml", Language::of(&lang).texts_tag())));
                let inputs = house.hash(
                    facts.kind.name(),
                    facts_text.as_deref(),
                    texts.as_deref(),
                    &lang,
                );
                if !house.is_up_to_date(&previous, resources, &id, &lang, &inputs, &path) {
                    return (dir.clone(), None);
                }
                outcomes.push(Outcome {
                    job_id: id,
                    document: document.clone(),
                    lang,
                    status: Status::UpToDate,
                    output: Some(path),
                    diagnostics: Vec::new(),
                    millis: started.elapsed().as_millis(),
                });
            }
            (dir.clone(), Some(outcomes))
        })
        .collect();
    let mut fresh = Vec::new();
    let mut rest = Vec::new();
    for (dir, result) in results {
        match result {
            Some(outcomes) => fresh.extend(outcomes),
            None => rest.push(dir),
        }
    }
    (fresh, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::manifest::Entry;

    fn resources() -> Resources {
        Resources::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the checkout's house")
    }

    #[test]
    fn a_jobs_inputs_hash_changes_with_each_input_and_nothing_else() {
        let resources = resources();
        let house = HouseInputs::of(&resources);
        let base = house.hash("report", Some("kind: report"), Some("title: T"), "fr");
        assert_eq!(
            base,
            house.hash("report", Some("kind: report"), Some("title: T"), "fr"),
            "the same inputs give the same hash"
        );
        let changed = [
            house.hash("report", Some("kind: report "), Some("title: T"), "fr"),
            house.hash("report", Some("kind: report"), Some("title: T2"), "fr"),
            house.hash("report", None, Some("title: T"), "fr"),
            house.hash("report", Some("kind: report"), None, "fr"),
            // Another kind has other templates.
            house.hash("letter", Some("kind: report"), Some("title: T"), "fr"),
            // Another language has other hyphenation exceptions.
            house.hash("report", Some("kind: report"), Some("title: T"), "en"),
        ];
        for (i, hash) in changed.iter().enumerate() {
            assert_ne!(hash, &base, "change {i} is seen");
        }
    }

    /// A fingerprint of the messages made before the end is taken only
    /// for exactly the messages the job used: made for others (fewer, or
    /// a mark's id among them), it is made again.
    #[test]
    fn an_early_fingerprint_is_taken_only_for_the_same_messages() {
        let resources = resources();
        let ids = vec![
            "@mark:emblem".to_owned(),
            "quote-open".to_owned(),
            "quote-close".to_owned(),
        ];
        let end = used_fingerprint(&resources, "en", &ids);
        let messages = messages_among(&ids);
        assert_eq!(messages, ["quote-open", "quote-close"]);
        let early = messages_fingerprint(&resources, "en", &messages);
        let given = |made_for: &[String], fingerprint: &str| {
            used_fingerprint_given(&resources, "en", &ids, Some((made_for, fingerprint))).0
        };
        assert_eq!(given(&messages, &early), end);
        assert_eq!(given(&messages[..1], "stale"), end, "fewer messages");
        assert_eq!(given(&ids, "stale"), end, "a mark among them");
        assert_ne!(given(&messages, "stale"), end, "the same messages: taken");
    }

    #[test]
    fn a_job_is_up_to_date_only_while_its_inputs_messages_and_output_are() {
        let resources = resources();
        let house = HouseInputs::of(&resources);
        let dir = std::env::temp_dir().join(format!("polypress-fresh-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = dir.join("doc.en.pdf");
        // A file with a trailer ID, as every PDF written has.
        let zeros = "0".repeat(32);
        let mut one = format!("%PDF-1.7 one /ID [<{zeros}><{zeros}>]").into_bytes();
        crate::pdf::set_id(&mut one).unwrap();
        std::fs::write(&pdf, &one).unwrap();
        let ids = vec!["quote-open".to_owned()];
        let mut previous = Manifest::default();
        let key = previous.add_uses(&ids);
        let entry = Entry {
            inputs: "inputs".into(),
            output: crate::pdf::id_of(&one).unwrap(),
            stamp: Some(manifest::stamp(&pdf)),
            uses: Some(key),
            messages: Some(used_fingerprint(&resources, "en", &ids)),
        };
        previous.jobs.insert("doc.en".into(), entry.clone());
        let fresh = |previous: &Manifest, inputs: &str| {
            // A new HouseInputs each time: its message cache is per run.
            HouseInputs::of(&resources)
                .is_up_to_date(previous, &resources, "doc.en", "en", inputs, &pdf)
        };
        assert!(house.is_up_to_date(&previous, &resources, "doc.en", "en", "inputs", &pdf));
        assert!(!fresh(&previous, "other inputs"), "changed inputs");
        assert!(
            !house.is_up_to_date(&previous, &resources, "doc.xx", "en", "inputs", &pdf),
            "a job never built"
        );
        // The messages it used read otherwise now (another language's).
        let mut other = previous.clone();
        other.jobs.get_mut("doc.en").unwrap().messages =
            Some(used_fingerprint(&resources, "fr", &ids));
        assert!(!fresh(&other, "inputs"), "changed messages");
        // A copy of the same PDF (another stamp) is still the output.
        let mut copied = previous.clone();
        copied.jobs.get_mut("doc.en").unwrap().stamp = Some("0 0".into());
        assert!(fresh(&copied, "inputs"), "same content, other stamp");
        // A PDF changed since: another stamp and another content, the
        // trailer ID kept.
        let mut edited = one.clone();
        edited[9] = b'x';
        std::fs::write(&pdf, &edited).unwrap();
        assert!(!fresh(&copied, "inputs"), "changed output, same ID");
        std::fs::write(&pdf, b"%PDF-1.7 two, edited").unwrap();
        assert!(!fresh(&previous, "inputs"), "changed output");
        std::fs::remove_dir_all(&dir).ok();
    }
}
