//! `polypress render <doc>…`: render some documents now, whatever the
//! manifest says.

use polypress::project::Project;
use std::path::PathBuf;

use clap::Args;

use super::build::{execute, Request};
use super::{document_path, languages};

#[derive(Debug, Args)]
pub struct Render {
    /// Document folders, or their names under documents/.
    #[arg(required = true)]
    documents: Vec<String>,
    /// Only these languages (comma-separated codes, e.g. en,ru).
    #[arg(long)]
    lang: Option<String>,
    /// Output folder [default: out/ of the root].
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Parallel jobs (default: the number of cores). On Linux each worker keeps to a CPU of its
    /// own when there is one for each; POLYPRESS_PIN=0 leaves placement to the system.
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Print only failures and the summary.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// The standard the PDFs claim: a-2u (PDF/A-2u, tagged) or none (tagged PDF 1.7).
    /// [default: pdf-standard of polypress.toml, else a-2u]
    #[arg(long, value_name = "STANDARD", value_parser = ["a-2u", "none"])]
    pdf_standard: Option<String>,
}

impl Render {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        execute(Request {
            project,
            paths: self
                .documents
                .iter()
                .map(|d| document_path(root, d))
                .collect(),
            out: project.output(self.out),
            langs: languages(&self.lang).or_else(|| project.config.languages.clone()),
            kind: None,
            threads: self.jobs.or(project.config.jobs),
            force: true,
            shard: None,
            reports: Vec::new(),
            quiet: self.quiet,
            pdf_standard: super::build::pdf_standard(project, self.pdf_standard.as_deref()),
        })
    }
}
