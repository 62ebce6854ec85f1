//! `polypress check [docs…]`: validate documents, locales and templates and
//! run every stage up to the PDF, writing nothing.

use std::path::{Path, PathBuf};

use clap::Args;
use polypress::diagnostic::Diagnostic;
use polypress::source::submission;
use polypress::{batch, pipeline};
use rayon::prelude::*;

use super::{document_path, report, resources, BAD_INPUT, OK};

#[derive(Debug, Args)]
pub struct Check {
    /// Document folders or names (default: everything under documents/).
    documents: Vec<String>,
}

impl Check {
    pub fn execute(self, root: &Path) -> u8 {
        let resources = match resources(root) {
            Ok(r) => r,
            Err(code) => return code,
        };
        // Every template parses, used by a document or not.
        let template_errors = resources.templates.validate();
        report(&template_errors);
        let paths: Vec<PathBuf> = if self.documents.is_empty() {
            match batch::discover(&root.join("documents")) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("error: cannot read documents/: {e}");
                    return BAD_INPUT;
                }
            }
        } else {
            self.documents
                .iter()
                .map(|d| document_path(root, d))
                .collect()
        };
        let (documents, failures) = batch::load(&paths, &resources.localizer.languages());
        let mut problems = template_errors.len();
        for (_, diagnostics) in &failures {
            report(diagnostics);
            problems += diagnostics.len();
        }
        // Submission checks: words against the category's limit (in the
        // original language), symbols that must agree across versions.
        let mut warnings = 0;
        for document in &documents {
            let facts = &document.facts;
            let limit = facts
                .word_limit
                .or_else(|| submission::default_limit(facts.category));
            let mut counts = Vec::new();
            for (lang, (texts, file)) in &document.texts {
                let words = submission::word_count(texts, lang);
                counts.push(format!("{lang} {words}"));
                if let (Some(limit), true) = (limit, *lang == facts.original_language) {
                    if words > limit {
                        warnings += 1;
                        report(&[Diagnostic::warning(format!(
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
            println!(
                "{}: words {} ({limit_text})",
                document.id,
                counts.join(", ")
            );
            let inconsistencies = submission::consistency(document);
            warnings += inconsistencies.len();
            report(&inconsistencies);
            let unused = submission::unused_footnotes(document);
            warnings += unused.len();
            report(&unused);
            // A translation whose structure differs from the original's
            // would misalign by id: an error.
            let mismatches = submission::structure(document);
            problems += mismatches.len();
            report(&mismatches);
        }
        let jobs = batch::jobs(&documents, None);
        let results: Vec<_> = jobs
            .par_iter()
            .map(|job| {
                pipeline::render_markup(job.document, &job.lang, &resources)
                    .and_then(|markup| pipeline::layout(job.document, &markup))
                    .and_then(|layout| pipeline::typeset(job.document, &layout, &resources))
            })
            .collect();
        for result in results {
            if let Err(d) = result {
                report(std::slice::from_ref(&d));
                problems += 1;
            }
        }
        eprintln!(
            "checked {} document(s), {} job(s): {problems} problem(s), {warnings} warning(s)",
            paths.len(),
            jobs.len()
        );
        if problems > 0 {
            BAD_INPUT
        } else {
            OK
        }
    }
}
