//! A source file as the checks see it: its path, its text, and the
//! positions of its values, found on first use, so a diagnostic can point
//! at the line and column of what it is about.

use std::path::{Path, PathBuf};

use super::locate::Locations;
use crate::diagnostic::{Diagnostic, Position};

/// A source file kept with its text and the positions of its values, so
/// later checks can point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Found on first use: only a diagnostic or an edit needs them, and
    /// they cost a second parse of the file.
    locations: std::sync::OnceLock<Locations>,
}

impl SourceFile {
    /// A source file with `text`, read from `path`.
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            locations: std::sync::OnceLock::new(),
        }
    }

    /// Where each value of the file is.
    pub(crate) fn locations(&self) -> &Locations {
        self.locations.get_or_init(|| Locations::of(&self.text))
    }

    /// Reads a file of the document folder `dir`: UTF-8 text within the
    /// size limit (crate::input), and a file that is inside the folder
    /// once links are resolved, so a symbolic link cannot bring another
    /// file's content into a PDF or an error message.
    pub(super) fn read(path: &Path, dir: &Path) -> Result<Self, Diagnostic> {
        inside(path, dir)?;
        let text = crate::input::read_text(path)?;
        Ok(SourceFile::new(path.to_path_buf(), text))
    }

    /// An error pointing at the value at `path` (or at the file when the
    /// path is not found).
    pub(crate) fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(message);
        if path.is_empty() {
            return d.at(&self.path, &self.text, Position { line: 1, column: 1 }, 1);
        }
        match self
            .locations()
            .value(path)
            .or_else(|| self.locations().key(path).map(|p| (p, 1)))
        {
            Some((position, length)) => {
                let length = self.fit(position, length);
                d.at(&self.path, &self.text, position, length)
            }
            None => d.in_file(&self.path),
        }
    }

    /// An error pointing `offset` characters into the value at `path`
    /// (on the value's first line).
    pub(crate) fn error_in(
        &self,
        path: &str,
        needle: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        if let Some((start, _)) = self.locations().value(path) {
            for (index, line) in self.text.lines().enumerate().skip(start.line - 1) {
                let from = if index + 1 == start.line {
                    line.char_indices()
                        .nth(start.column - 1)
                        .map_or(line.len(), |(i, _)| i)
                } else {
                    0
                };
                if let Some(found) = line[from..].find(needle) {
                    let column = line[..from + found].chars().count() + 1;
                    let position = Position {
                        line: index + 1,
                        column,
                    };
                    return Diagnostic::error(message).at(
                        &self.path,
                        &self.text,
                        position,
                        needle.chars().count(),
                    );
                }
            }
        }
        self.error_at(path, message)
    }

    /// Clips an underline to the end of its line.
    fn fit(&self, position: Position, length: usize) -> usize {
        let line_length = self
            .text
            .lines()
            .nth(position.line - 1)
            .map_or(0, |l| l.chars().count());
        length
            .min(line_length.saturating_sub(position.column - 1))
            .max(1)
    }
}

/// Refuses `path` when, links resolved, it is not inside `folder`.
pub(super) fn inside(path: &Path, folder: &Path) -> Result<(), Diagnostic> {
    let (Ok(real), Ok(real_folder)) = (path.canonicalize(), folder.canonicalize()) else {
        // A missing file is reported by the read that follows.
        return Ok(());
    };
    if real.starts_with(&real_folder) {
        return Ok(());
    }
    Err(Diagnostic::error(format!(
        "{} is a link to {}, outside {}",
        path.display(),
        real.display(),
        folder.display()
    ))
    .in_file(path)
    .with_hint(
        "polypress reads no source outside its folder (a link could put another file's content \
         into a PDF or a CI log): copy the file or folder in instead of linking it",
    ))
}
