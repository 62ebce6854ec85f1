//! `polypress check [docs…]`: validate documents, locales and templates and
//! run every stage up to the PDF, writing nothing.

use polypress::project::Project;
use std::path::{Path, PathBuf};

use clap::Args;
use polypress::diagnostic::Diagnostic;
use polypress::source::{submission, Document};
use polypress::{batch, pipeline};
use rayon::prelude::*;

use super::{document_path, report, resources, BAD_INPUT, OK};

#[derive(Debug, Args)]
pub struct Check {
    /// Document folders or names (default: everything under documents/).
    documents: Vec<String>,
    /// Print one JSON object on stdout (documents with their word counts, every diagnostic
    /// with file, line and column, the totals) instead of text.
    #[arg(long)]
    json: bool,
}

/// Where the diagnostics go: printed as they come, or kept for the JSON.
struct Sink {
    json: bool,
    kept: Vec<Diagnostic>,
}

impl Sink {
    fn report(&mut self, diagnostics: &[Diagnostic]) {
        if self.json {
            self.kept.extend_from_slice(diagnostics);
        } else {
            report(diagnostics);
        }
    }
}

/// A diagnostic as JSON.
fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let (file, line, column) = match &d.location {
        Some(l) => (
            Some(l.file.display().to_string()),
            l.position.map(|p| p.line),
            l.position.map(|p| p.column),
        ),
        None => (None, None, None),
    };
    serde_json::json!({
        "severity": match d.severity {
            polypress::diagnostic::Severity::Error => "error",
            polypress::diagnostic::Severity::Warning => "warning",
        },
        "message": d.message,
        "file": file,
        "line": line,
        "column": column,
        "hint": d.hint,
    })
}

impl Check {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        let resources = match resources(project) {
            Ok(r) => r,
            Err(code) => return code,
        };
        let mut sink = Sink {
            json: self.json,
            kept: Vec::new(),
        };
        let mut counted = Vec::new();
        // Every template parses, used by a document or not.
        let template_errors = resources.templates.validate();
        sink.report(&template_errors);
        let paths = match self.paths(root) {
            Ok(p) => p,
            Err(code) => return code,
        };
        let (documents, failures) = batch::load(&paths, &resources.localizer.languages());
        let mut problems = template_errors.len();
        for (_, diagnostics) in &failures {
            sink.report(diagnostics);
            problems += diagnostics.len();
        }
        // Submission checks: words against the category's limit (in the
        // original language), symbols that must agree across versions.
        let mut warnings = 0;
        for document in &documents {
            counted.push(self.word_counts(document, &mut sink, &mut warnings));
            let (more_warnings, more_problems) = submission_checks(document, &mut sink);
            warnings += more_warnings;
            problems += more_problems;
        }
        let jobs = batch::jobs(&documents, None);
        problems += run_stages(&jobs, &resources, &mut sink);
        if self.json {
            let report = serde_json::json!({
                "documents": counted,
                "jobs": jobs.len(),
                "problems": problems,
                "warnings": warnings,
                "diagnostics": sink.kept.iter().map(diagnostic_json).collect::<Vec<_>>(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        } else {
            eprintln!(
                "checked {} document(s), {} job(s): {problems} problem(s), {warnings} warning(s)",
                paths.len(),
                jobs.len()
            );
        }
        if problems > 0 {
            BAD_INPUT
        } else {
            OK
        }
    }

    /// The document folders to check: those named, else every one under
    /// documents/ (exit 2 when that cannot be read).
    fn paths(&self, root: &Path) -> Result<Vec<PathBuf>, u8> {
        if self.documents.is_empty() {
            batch::discover(&root.join("documents")).map_err(|e| {
                eprintln!("error: cannot read documents/: {e}");
                BAD_INPUT
            })
        } else {
            Ok(self
                .documents
                .iter()
                .map(|d| document_path(root, d))
                .collect())
        }
    }

    /// A document's words in each language, printed (the command's
    /// output) unless for JSON, with a warning when the original language
    /// is over the category's limit; the document's entry of the JSON.
    fn word_counts(
        &self,
        document: &Document,
        sink: &mut Sink,
        warnings: &mut usize,
    ) -> serde_json::Value {
        let facts = &document.facts;
        let limit = facts
            .word_limit
            .or_else(|| submission::default_limit(facts.category));
        let mut counts = Vec::new();
        let mut words_by_language = serde_json::Map::new();
        for (lang, (texts, file)) in &document.texts {
            let words = submission::word_count(texts, lang);
            counts.push(format!("{lang} {words}"));
            words_by_language.insert(lang.clone(), words.into());
            if let (Some(limit), true) = (limit, *lang == facts.original_language) {
                if words > limit {
                    *warnings += 1;
                    sink.report(&[Diagnostic::warning(format!(
                        "{} has {words} words in {lang}, over the limit of {limit}",
                        document.id
                    ))
                    .in_file(&file.path)
                    .with_hint("shorten the text, or set `word_limit` in document.yaml if an exception was granted")]);
                }
            }
        }
        let limit_text = limit.map_or_else(|| "no limit".to_owned(), |l| format!("limit {l}"));
        // The counts are the command's output; diagnostics go to stderr.
        if !self.json {
            println!(
                "{}: words {} ({limit_text})",
                document.id,
                counts.join(", ")
            );
        }
        serde_json::json!({
            "document": document.id,
            "words": words_by_language,
            "limit": limit,
        })
    }
}

/// The submission checks of a document beyond its words: symbols that
/// must agree across versions and footnotes never called (warnings), and
/// a translation's structure against the original's (errors). Returns
/// (warnings, problems).
fn submission_checks(document: &Document, sink: &mut Sink) -> (usize, usize) {
    let inconsistencies = submission::consistency(document);
    let mut warnings = inconsistencies.len();
    sink.report(&inconsistencies);
    let unused = submission::unused_footnotes(document);
    warnings += unused.len();
    sink.report(&unused);
    // A translation whose structure differs from the original's
    // would misalign by id: an error.
    let mismatches = submission::structure(document);
    let problems = mismatches.len();
    sink.report(&mismatches);
    (warnings, problems)
}

/// Runs every job through the stages up to the PDF (markup, layout,
/// typesetting), in parallel, writing nothing; the problems found.
fn run_stages(jobs: &[batch::Job], resources: &pipeline::Resources, sink: &mut Sink) -> usize {
    let results: Vec<_> = jobs
        .par_iter()
        .map(|job| {
            pipeline::render_markup(job.document, &job.lang, resources)
                .and_then(|markup| pipeline::layout(job.document, &markup))
                .and_then(|layout| pipeline::typeset(job.document, &layout, resources))
        })
        .collect();
    let mut problems = 0;
    for result in results {
        if let Err(d) = result {
            sink.report(std::slice::from_ref(&d));
            problems += 1;
        }
    }
    problems
}
