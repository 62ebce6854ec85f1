//! A locale's `.l10n-allow` file: the reviewed exceptions it accepts.

use std::path::{Path, PathBuf};

use super::finding::{Finding, Level};
use super::ALLOW_FILE;
use crate::diagnostic::Position;

/// One line of a `.l10n-allow` file: an id pattern, optionally limited to
/// one file.
#[derive(Debug, Clone)]
pub(super) struct AllowEntry {
    /// The file, relative to the locale folder, or any file.
    file: Option<PathBuf>,
    /// An id (`id`, `-term`, `id.attribute`), or a prefix ending in `*`.
    pattern: String,
    pub(super) line: usize,
}

impl AllowEntry {
    pub(super) fn matches(&self, file: &Path, id: &str) -> bool {
        if self.file.as_deref().is_some_and(|f| f != file) {
            return false;
        }
        match self.pattern.strip_suffix('*') {
            Some(prefix) => id.starts_with(prefix),
            None => id == self.pattern,
        }
    }
}

/// Reads `dir/.l10n-allow`: `[identical]` followed by lines `ID` or
/// `FILE ID`, `#` comments. Malformed lines go to `findings`.
pub(super) fn read_allow(lang: &str, dir: &Path, findings: &mut Vec<Finding>) -> Vec<AllowEntry> {
    let path = dir.join(ALLOW_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut section: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        // `#` starts a comment, on its own line or after an entry.
        let line = match raw.find(" #").or_else(|| raw.find("\t#")) {
            Some(at) => raw[..at].trim(),
            None => raw.trim(),
        };
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let column = raw.len() - raw.trim_start().len() + 1;
        let mut problem = |text: String| {
            findings.push(Finding::new(
                Level::Error,
                "allow",
                lang,
                &path,
                Position {
                    line: index + 1,
                    column,
                },
                None,
                text,
            ))
        };
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if name == "identical" {
                section = Some(name.to_owned());
            } else {
                section = None;
                problem(format!(
                    "unknown section `[{name}]` in {ALLOW_FILE} (it has `[identical]`)"
                ));
            }
            continue;
        }
        if section.is_none() {
            problem(format!(
                "`{line}` is outside a section of {ALLOW_FILE}: put it under `[identical]`"
            ));
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let (file, pattern) = match words.as_slice() {
            [pattern] => (None, *pattern),
            [file, pattern] => (Some(PathBuf::from(file)), *pattern),
            _ => {
                problem(format!(
                    "`{line}` is not `ID` or `FILE ID` (e.g. `brands.ftl -brand-name-*`)"
                ));
                continue;
            }
        };
        entries.push(AllowEntry {
            file,
            pattern: pattern.to_owned(),
            line: index + 1,
        });
    }
    entries
}
