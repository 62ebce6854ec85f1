//! The build plan: of a set of documents, which selected jobs are up to
//! date (found from `document.yaml` and the manifest, without loading), and
//! the others loaded and rendered a group at a time, so a batch's memory
//! does not grow with its number of documents. The CLI keeps the parsing of
//! its arguments, the progress bar, the reports and the exit code.

use std::path::{Path, PathBuf};

use super::{jobs, load, run, up_to_date, Options, Outcome, Selection};
use crate::diagnostic::Diagnostic;
use crate::pipeline::Resources;
use crate::source::Document;

/// Documents loaded, and those that failed with their diagnostics.
pub(crate) type Loaded = (Vec<Document>, Vec<(PathBuf, Vec<Diagnostic>)>);

/// What to build: documents, where, which of their jobs.
pub struct Plan<'a> {
    pub paths: &'a [PathBuf],
    pub out: &'a Path,
    pub selection: Selection<'a>,
    /// Render even jobs whose inputs did not change.
    pub force: bool,
    pub threads: usize,
}

impl Plan<'_> {
    /// The outcomes of the documents whose every selected job is up to
    /// date (none with `force`), and the documents to load.
    pub fn sort_out(&self, resources: &Resources) -> (Vec<Outcome>, Vec<PathBuf>) {
        if self.force {
            (Vec::new(), self.paths.to_vec())
        } else {
            up_to_date(self.paths, &self.selection, resources, self.out)
        }
    }

    /// Loads and renders `paths` a group at a time, the selected jobs of
    /// each (kind, languages, shard). `early` holds documents read while
    /// the resources loaded (all of the first group); `on_unloaded` hears
    /// of each document of the shard that could not be loaded. Returns the
    /// outcomes of those documents, and of the jobs (in job order within
    /// each group).
    pub fn run(
        &self,
        paths: &[PathBuf],
        mut early: Option<Loaded>,
        resources: &Resources,
        options: &Options,
        on_unloaded: &dyn Fn(&Outcome),
    ) -> (Vec<Outcome>, Vec<Outcome>) {
        let locales = resources.localizer.languages();
        let group = (16 * self.threads).max(64);
        let mut unloaded: Vec<Outcome> = Vec::new();
        let mut done: Vec<Outcome> = Vec::new();
        for paths in paths.chunks(group) {
            // Those read early are all in the first group (2 a thread at most).
            let (documents, failures) = match early.take() {
                Some((documents, failures)) => (
                    documents
                        .into_iter()
                        .filter(|d| paths.contains(&d.dir))
                        .collect(),
                    failures
                        .into_iter()
                        .filter(|(path, _)| paths.contains(path))
                        .collect(),
                ),
                None => load(paths, &locales),
            };
            let documents: Vec<_> = documents
                .into_iter()
                .filter(|d| self.selection.kind.is_none_or(|k| d.facts.kind == k))
                .collect();
            let mut jobs = jobs(&documents, self.selection.languages);
            if let Some(shard) = self.selection.shard {
                jobs.retain(|j| shard.contains(&j.id()));
            }
            for (path, diagnostics) in failures {
                if self
                    .selection
                    .shard
                    .is_none_or(|s| s.contains(&path.display().to_string()))
                {
                    let outcome = Outcome::not_loaded(&path, diagnostics);
                    on_unloaded(&outcome);
                    unloaded.push(outcome);
                }
            }
            done.extend(run(&jobs, resources, options));
        }
        (unloaded, done)
    }
}
