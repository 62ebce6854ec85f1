//! `polypress proof <doc> --lang ru`: a bilingual proof for revisers.

use polypress::project::Project;
use std::path::PathBuf;

use clap::Args;

use super::{document_path, report, resources, BAD_INPUT, FAILED, OK};

#[derive(Debug, Args)]
pub struct Proof {
    /// The document (folder or name under documents/).
    document: String,
    /// The translation to proof.
    #[arg(long)]
    lang: String,
    /// The source language (default: the document's original language).
    #[arg(long)]
    source: Option<String>,
    /// Output folder.
    #[arg(long, short = 'o', default_value = "out")]
    out: PathBuf,
}

impl Proof {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        let resources = match resources(project) {
            Ok(r) => r,
            Err(code) => return code,
        };
        let path = document_path(root, &self.document);
        let document =
            match polypress::source::load_document(&path, &resources.localizer.languages()) {
                Ok(d) => d,
                Err(diagnostics) => {
                    report(&diagnostics);
                    return BAD_INPUT;
                }
            };
        let source = self
            .source
            .clone()
            .unwrap_or_else(|| document.facts.original_language.clone());
        match polypress::translate::proof::proof(&document, &source, &self.lang, &resources) {
            Ok(bytes) => {
                let out = self
                    .out
                    .join(format!("{}.{source}-{}.proof.pdf", document.id, self.lang));
                match polypress::batch::write_atomic(&out, &bytes) {
                    Ok(()) => {
                        println!("wrote {}", out.display());
                        OK
                    }
                    Err(e) => {
                        eprintln!("error: cannot write {}: {e}", out.display());
                        FAILED
                    }
                }
            }
            Err(d) => {
                report(&[d]);
                BAD_INPUT
            }
        }
    }
}
