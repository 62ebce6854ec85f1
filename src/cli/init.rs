//! `polypress init [DIR]`: a ready document repository, as `cargo init`
//! and `mdbook init` make theirs: `polypress.toml` (the root marker and the
//! settings), `documents/` with one example, a `.gitignore` for the output,
//! a CI workflow that renders and shards it (docs/ci.md) and a README for
//! the people who will work in it. The house itself stays in the binary.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{BAD_INPUT, FAILED, OK};

/// The files of a new repository: (path, content).
const FILES: [(&str, &str); 4] = [
    ("polypress.toml", include_str!("init/polypress.toml")),
    (".gitignore", include_str!("init/gitignore")),
    (
        ".github/workflows/documents.yml",
        include_str!("init/workflow.yml"),
    ),
    ("README.md", include_str!("init/README.md")),
];

/// The example document's folder under documents/.
const EXAMPLE: &str = "example-report";

#[derive(Debug, Args)]
pub struct Init {
    /// The folder to make a repository of (created if missing; default: the current folder).
    dir: Option<PathBuf>,
    /// Write into a folder that is not empty (files that exist are kept, never overwritten).
    #[arg(long)]
    force: bool,
}

impl Init {
    /// `root` is `--root`, taken as the folder when none is given.
    pub fn execute(self, root: Option<&Path>) -> u8 {
        let dir = self
            .dir
            .or_else(|| root.map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        if dir.is_file() {
            eprintln!(
                "error: {} is a file\n  = hint: name a folder to make a repository of",
                dir.display()
            );
            return BAD_INPUT;
        }
        let occupied = std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
        if occupied && !self.force {
            eprintln!(
                "error: {} is not empty; nothing was written\n  = hint: run `polypress init` in an empty folder, or pass --force to add the repository's files (files that exist are kept)",
                dir.display()
            );
            return BAD_INPUT;
        }
        if dir.join(polypress::project::CONFIG_FILE).is_file() {
            eprintln!(
                "note: {} already has a polypress.toml; only the files it lacks are added",
                dir.display()
            );
        }
        let (facts, texts) = super::new::skeleton("report");
        let today = super::new::today();
        let example = Path::new("documents").join(EXAMPLE);
        let mut files: Vec<(PathBuf, String)> = FILES
            .iter()
            .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()))
            .collect();
        if is_empty(&dir.join("documents")) {
            files.push((
                example.join("document.yaml"),
                facts.replace("{date}", &today),
            ));
            files.push((example.join("en.yaml"), texts.replace("{date}", &today)));
        }
        let mut written = Vec::new();
        let mut kept = Vec::new();
        for (relative, text) in files {
            let path = dir.join(&relative);
            if path.exists() {
                kept.push(relative);
                continue;
            }
            let result = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)
                })
                .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
            if let Err(e) = result {
                eprintln!("error: cannot write {}: {e}", path.display());
                return FAILED;
            }
            written.push(relative);
        }
        for path in &written {
            println!("wrote {}", dir.join(path).display());
        }
        for path in &kept {
            println!("kept  {} (it exists)", dir.join(path).display());
        }
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", dir.display())
        };
        println!(
            "next: {cd}polypress build   (renders documents/{EXAMPLE} into out/)\n      polypress new report a-80-123   (a document of your own; see its README.md)"
        );
        OK
    }
}

/// Whether `dir` is missing or empty.
fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}
