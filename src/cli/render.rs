//! `polypress render <doc>…`: some documents, some languages.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{build::render_all, document_path, languages};

#[derive(Debug, Args)]
pub struct Render {
    /// Document folders, or their names under documents/.
    #[arg(required = true)]
    documents: Vec<String>,
    /// Only these languages (comma-separated codes, e.g. en,ru).
    #[arg(long)]
    lang: Option<String>,
    /// Output folder.
    #[arg(long, short = 'o', default_value = "out")]
    out: PathBuf,
    /// Parallel jobs (default: the number of cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
}

impl Render {
    pub fn execute(self, root: &Path) -> u8 {
        let paths: Vec<PathBuf> = self
            .documents
            .iter()
            .map(|d| document_path(root, d))
            .collect();
        render_all(root, &paths, &self.out, languages(&self.lang), self.jobs)
    }
}
