//! Batch rendering: one job per (document, language), run in parallel on
//! shared read-only resources; a failing job never stops the others.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::pipeline::{self, Resources};
use crate::source::{load_document, Document};

/// The document folders under `dir` (those holding a `document.yaml`), sorted.
pub fn discover(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("document.yaml").is_file())
        .collect();
    found.sort();
    Ok(found)
}

/// Loads documents; those that fail come back with their diagnostics.
pub fn load(
    paths: &[PathBuf],
    locales: &[String],
) -> (Vec<Document>, Vec<(PathBuf, Vec<Diagnostic>)>) {
    let results: Vec<_> = paths
        .par_iter()
        .map(|p| (p.clone(), load_document(p, locales)))
        .collect();
    let mut documents = Vec::new();
    let mut failures = Vec::new();
    for (path, result) in results {
        match result {
            Ok(d) => documents.push(d),
            Err(e) => failures.push((path, e)),
        }
    }
    (documents, failures)
}

/// One unit of work.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    pub document: &'a Document,
    pub lang: String,
}

impl Job<'_> {
    /// `document-id.lang`, also the output file stem.
    pub fn id(&self) -> String {
        format!("{}.{}", self.document.id, self.lang)
    }
}

/// The jobs for `documents`, restricted to `languages` when given.
pub fn jobs<'a>(documents: &'a [Document], languages: Option<&[String]>) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for document in documents {
        for lang in &document.facts.languages {
            if languages.is_none_or(|l| l.contains(lang)) {
                jobs.push(Job {
                    document,
                    lang: lang.clone(),
                });
            }
        }
    }
    jobs
}

/// What became of a job.
#[derive(Debug)]
pub struct Outcome {
    pub job_id: String,
    pub result: Result<PathBuf, Diagnostic>,
}

/// Renders the jobs on `threads` threads into `out`.
pub fn run(jobs: &[Job], resources: &Resources, out: &Path, threads: usize) -> Vec<Outcome> {
    let work = || {
        jobs.par_iter()
            .map(|job| {
                let path = out.join(format!("{}.pdf", job.id()));
                let result =
                    pipeline::render(job.document, &job.lang, resources).and_then(|bytes| {
                        write_atomic(&path, &bytes).map_err(|e| {
                            Diagnostic::error(format!("cannot write {}: {e}", path.display()))
                                .in_file(&path)
                                .with_hint("check that the output folder is writable")
                        })?;
                        Ok(path)
                    });
                Outcome {
                    job_id: job.id(),
                    result,
                }
            })
            .collect()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it, so
/// `path` never holds a partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
