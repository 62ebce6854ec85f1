//! The build manifest (`<out>/.polypress-manifest.json`): per job, a hash of
//! every input that can change its output and a hash of the output written.
//! A job whose inputs and output both match is skipped.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// File name of the manifest inside the output folder.
pub(crate) const FILE_NAME: &str = ".polypress-manifest.json";

/// File name of the journal: one JSON line per job finished since the
/// manifest was last written, folded into it when it is read.
pub(crate) const JOURNAL_NAME: &str = ".polypress-journal.jsonl";

/// What the manifest remembers of one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Hash of the job's inputs.
    pub inputs: String,
    /// Fingerprint of the PDF written: its trailer `/ID`, a hash of the
    /// file (a PDF without one: a BLAKE3 hash of the file).
    pub output: String,
    /// Size and modification time of the PDF written: while they match,
    /// the output is not read and hashed again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<String>,
    /// The messages the render used: a key of [`Manifest::uses`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uses: Option<String>,
    /// The fingerprint of those messages as they were
    /// ([`crate::l10n::Localizer::fingerprint`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<String>,
}

/// The manifest of an output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub version: u32,
    /// The polypress and built-in house that wrote it
    /// (`polypress --version`), for people and CI logs; each job's inputs
    /// hash is what decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polypress: Option<String>,
    pub jobs: BTreeMap<String, Entry>,
    /// The sets of message ids the jobs used, by a hash of the set: most
    /// jobs of a kind and language share one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub uses: BTreeMap<String, Vec<String>>,
}

impl Manifest {
    /// Reads the manifest of `out` and folds in the journal of the jobs
    /// finished since it was written; a missing or unreadable manifest is
    /// empty (everything is rebuilt). A journal line cut short by a kill
    /// is ignored.
    pub fn read(out: &Path) -> Self {
        let mut manifest: Manifest = std::fs::read(out.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        if let Ok(journal) = std::fs::read_to_string(out.join(JOURNAL_NAME)) {
            for line in journal.lines() {
                let Ok(record) = serde_json::from_str::<Record>(line) else {
                    continue;
                };
                if let (Some(entry), Some(ids)) = (&record.entry, record.uses) {
                    if let Some(key) = &entry.uses {
                        manifest.uses.insert(key.clone(), ids);
                    }
                }
                match record.entry {
                    Some(entry) => manifest.jobs.insert(record.id, entry),
                    None => manifest.jobs.remove(&record.id),
                };
            }
        }
        manifest
    }

    /// Records the message ids a job used; returns their key.
    pub(crate) fn add_uses(&mut self, ids: &[String]) -> String {
        let key = uses_key(ids);
        self.uses.entry(key.clone()).or_insert_with(|| ids.to_vec());
        key
    }

    /// Forgets the sets of message ids no job refers to any more.
    pub(crate) fn prune_uses(&mut self) {
        let wanted: std::collections::BTreeSet<&String> =
            self.jobs.values().filter_map(|e| e.uses.as_ref()).collect();
        self.uses.retain(|key, _| wanted.contains(key));
    }

    /// Writes the manifest atomically.
    pub fn write(&self, out: &Path) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        super::write_atomic(&out.join(FILE_NAME), &bytes)
    }
}

/// One line of the journal: a job that finished, with its entry, or
/// without one when it failed.
#[derive(Serialize, Deserialize)]
struct Record {
    id: String,
    entry: Option<Entry>,
    /// The message ids of the entry's `uses` key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    uses: Option<Vec<String>>,
}

/// The journal of a running build (see [`JOURNAL_NAME`]). Each record is
/// one `write` of one line to a file opened for appending, so a killed
/// build leaves whole lines and at most a last partial one.
pub(crate) struct Journal {
    file: Mutex<std::fs::File>,
}

impl Journal {
    /// Opens the journal of `out` for appending; `None` when it cannot be
    /// (the build then only loses its recovery after a kill).
    pub fn open(out: &Path) -> Option<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(out.join(JOURNAL_NAME))
            .ok()?;
        Some(Journal {
            file: Mutex::new(file),
        })
    }

    /// Records that job `id` finished: written with `entry` (which used
    /// the messages `uses`), or failed.
    pub(crate) fn record(&self, id: &str, entry: Option<&Entry>, uses: Option<&[String]>) {
        use std::io::Write;
        let Ok(mut line) = serde_json::to_vec(&Record {
            id: id.to_owned(),
            entry: entry.cloned(),
            uses: uses.map(<[String]>::to_vec),
        }) else {
            return;
        };
        line.push(b'\n');
        if let Ok(mut file) = self.file.lock() {
            let _ = file.write_all(&line);
        }
    }

    /// Empties the journal once its records are in the manifest.
    pub fn clear(&self) {
        if let Ok(file) = self.file.lock() {
            let _ = file.set_len(0);
        }
    }

    /// Empties the journal of `out` that a build without one of its own
    /// found (a killed build's), once its records are in the manifest.
    pub(crate) fn clear_left(out: &Path) {
        let path = out.join(JOURNAL_NAME);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            if let Ok(file) = std::fs::OpenOptions::new().write(true).open(&path) {
                let _ = file.set_len(0);
            }
        }
    }
}

/// The key of a set of message ids: a short hash of the sorted ids.
pub(crate) fn uses_key(ids: &[String]) -> String {
    let mut hasher = blake3::Hasher::new();
    for id in ids {
        hasher.update(id.as_bytes());
        hasher.update(&[0]);
    }
    hasher.finalize().to_hex()[..16].to_owned()
}

/// Hex BLAKE3 of bytes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// A cheap fingerprint of an output file: its size and modification time
/// (while they match the manifest's, the PDF is not read again).
pub fn stamp(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(m) => {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        }
        Err(_) => "missing".into(),
    }
}

/// Combines named parts into one hash.
pub(crate) fn combine(parts: &[(String, String)]) -> String {
    let mut hasher = blake3::Hasher::new();
    for (name, value) in parts {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
        hasher.update(value.as_bytes());
        hasher.update(&[0]);
    }
    hasher.finalize().to_hex().to_string()
}
