//! `polypress render <doc>…`: render some documents now, whatever the
//! manifest says.

use std::path::{Path, PathBuf};

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
    /// Parallel jobs (default: the number of cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Print only failures and the summary.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// The standard the PDFs claim: a-2u (PDF/A-2u, tagged) or none (tagged PDF 1.7).
    #[arg(long, value_name = "STANDARD", default_value = "a-2u", value_parser = ["a-2u", "none"])]
    pdf_standard: String,
}

impl Render {
    pub fn execute(self, root: &Path) -> u8 {
        execute(Request {
            root,
            paths: self
                .documents
                .iter()
                .map(|d| document_path(root, d))
                .collect(),
            out: super::output_folder(root, self.out),
            langs: languages(&self.lang),
            kind: None,
            threads: self.jobs,
            force: true,
            shard: None,
            reports: Vec::new(),
            quiet: self.quiet,
            pdf_standard: super::build::pdf_standard(&self.pdf_standard),
        })
    }
}
