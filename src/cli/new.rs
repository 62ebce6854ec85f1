//! `polypress new <kind> <name>`: a ready skeleton of a document that
//! passes `check` and renders, to fill in (docs/authoring.md), as
//! `mdbook init` and `cargo new` give a project to start from.

use polypress::project::Project;

use clap::{Args, ValueEnum};

use super::{BAD_INPUT, OK};

/// The kinds a skeleton exists for.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    Letter,
    Statement,
    Report,
    Resolution,
    Note,
    PressRelease,
}

impl Kind {
    /// The skeleton's document.yaml and en.yaml; `{date}` stands for today.
    fn files(self) -> (&'static str, &'static str) {
        match self {
            Kind::Letter => (
                include_str!("skeletons/letter.document.yaml"),
                include_str!("skeletons/letter.en.yaml"),
            ),
            Kind::Statement => (
                include_str!("skeletons/statement.document.yaml"),
                include_str!("skeletons/statement.en.yaml"),
            ),
            Kind::Report => (
                include_str!("skeletons/report.document.yaml"),
                include_str!("skeletons/report.en.yaml"),
            ),
            Kind::Resolution => (
                include_str!("skeletons/resolution.document.yaml"),
                include_str!("skeletons/resolution.en.yaml"),
            ),
            Kind::Note => (
                include_str!("skeletons/note.document.yaml"),
                include_str!("skeletons/note.en.yaml"),
            ),
            Kind::PressRelease => (
                include_str!("skeletons/press-release.document.yaml"),
                include_str!("skeletons/press-release.en.yaml"),
            ),
        }
    }
}

#[derive(Debug, Args)]
pub struct New {
    /// What to write: letter, statement, report, resolution, note, press-release.
    #[arg(value_enum)]
    kind: Kind,
    /// The folder name under documents/ (also the name of the PDFs).
    name: String,
}

impl New {
    pub fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        let valid = !self.name.is_empty()
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            eprintln!(
                "error: `{}` is not a document name\n  = hint: use lower-case letters, digits and hyphens, e.g. a-80-123",
                self.name
            );
            return BAD_INPUT;
        }
        let dir = root.join("documents").join(&self.name);
        if dir.exists() {
            eprintln!(
                "error: {} already exists\n  = hint: choose another name; nothing was written",
                dir.display()
            );
            return BAD_INPUT;
        }
        let today = today();
        let (facts, texts) = self.kind.files();
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| {
                std::fs::write(dir.join("document.yaml"), facts.replace("{date}", &today))
            })
            .and_then(|()| std::fs::write(dir.join("en.yaml"), texts.replace("{date}", &today)));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", dir.display());
            return BAD_INPUT;
        }
        println!(
            "wrote {0}/document.yaml and {0}/en.yaml\nnext: edit them (docs/authoring.md), then\n  polypress check {1}\n  polypress render {1}",
            dir.display(),
            self.name
        );
        if project.layout == polypress::project::Layout::Bare {
            println!(
                "tip: `polypress init` makes this folder a document repository (polypress.toml), found from any sub-folder"
            );
        }
        OK
    }
}

/// The skeleton of a kind by its name (`report`, …): document.yaml and en.yaml.
pub fn skeleton(kind: &str) -> (&'static str, &'static str) {
    Kind::from_str(kind, true).map_or(("", ""), Kind::files)
}

/// Today's date (UTC) as YYYY-MM-DD, for the skeleton's dates.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(seconds, 0).map_or_else(
        || "2025-01-01".to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}
