//! `polypress build`: every document × every language into out/.

use std::path::{Path, PathBuf};

use clap::Args;
use polypress::batch;

use super::{languages, report, resources, BAD_INPUT, FAILED, OK};

#[derive(Debug, Args)]
pub struct Build {
    /// Output folder.
    #[arg(long, short = 'o', default_value = "out")]
    out: PathBuf,
    /// Only these languages (comma-separated codes, e.g. en,ru).
    #[arg(long)]
    lang: Option<String>,
    /// Parallel jobs (default: the number of cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
}

impl Build {
    pub fn execute(self, root: &Path) -> u8 {
        let documents_dir = root.join("documents");
        let paths = match batch::discover(&documents_dir) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", documents_dir.display());
                return BAD_INPUT;
            }
        };
        render_all(root, &paths, &self.out, languages(&self.lang), self.jobs)
    }
}

/// Loads, renders and reports; shared with `render`.
pub fn render_all(
    root: &Path,
    paths: &[PathBuf],
    out: &Path,
    langs: Option<Vec<String>>,
    jobs: Option<usize>,
) -> u8 {
    let resources = match resources(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (documents, failures) = batch::load(paths, &resources.localizer.languages());
    let mut input_errors = 0;
    for (_, diagnostics) in &failures {
        report(diagnostics);
        input_errors += 1;
    }
    let job_list = batch::jobs(&documents, langs.as_deref());
    let threads =
        jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let outcomes = batch::run(&job_list, &resources, out, threads);
    let mut written = 0;
    let mut io_errors = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(path) => {
                written += 1;
                eprintln!("wrote {}", path.display());
            }
            Err(d) => {
                report(std::slice::from_ref(d));
                if d.message.starts_with("cannot write") {
                    io_errors += 1;
                } else {
                    input_errors += 1;
                }
            }
        }
    }
    eprintln!(
        "{written} PDF(s) written, {} job(s) failed, {} document(s) not loaded",
        outcomes.len() - written,
        failures.len()
    );
    if input_errors > 0 {
        BAD_INPUT
    } else if io_errors > 0 {
        FAILED
    } else {
        OK
    }
}
