//! Reading a locale: its Fluent files at any depth, and their messages,
//! terms and attributes by file, with the syntax errors and duplicates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::finding::{Finding, Level};
use crate::diagnostic::{position_of_offset, Position};
use crate::l10n::syntax::{parts, walk_pattern, Unit};

/// One locale: per file (relative to the locale folder), its messages and
/// terms (`id`, `-term`, `id.attribute`).
#[derive(Default)]
pub(super) struct Locale {
    pub(super) files: BTreeMap<PathBuf, BTreeMap<String, Unit>>,
    /// Every id of every file, for references, which cross files.
    pub(super) ids: BTreeSet<String>,
}

/// Position of the line that defines `id` (`id =` or `-id =`).
fn definition(text: &str, id: &str) -> Position {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id) {
            if rest.trim_start().starts_with('=') {
                return position_of_offset(text, offset);
            }
        }
        offset += line.len();
    }
    Position { line: 1, column: 1 }
}

/// The `.ftl` files under `dir`, at any depth, relative to `dir`, sorted.
/// Hidden entries are skipped; a folder reached twice (through a symbolic
/// link) is read once.
pub(super) fn ftl_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    collect(dir, Path::new(""), &mut seen, &mut out);
    out.sort();
    out
}

fn collect(dir: &Path, relative: &Path, seen: &mut BTreeSet<PathBuf>, out: &mut Vec<PathBuf>) {
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    if !seen.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(&path, &relative.join(&name), seen, out);
        } else if path.extension().is_some_and(|e| e == "ftl") {
            out.push(relative.join(&name));
        }
    }
}

/// One Fluent file of a locale: its path relative to the locale folder,
/// where it is shown, and its text.
pub(super) struct LocaleFile {
    pub(super) relative: PathBuf,
    pub(super) shown: PathBuf,
    pub(super) text: String,
}

/// The Fluent files of the locale folder `dir`, at any depth.
pub(super) fn folder_files(dir: &Path) -> Vec<LocaleFile> {
    ftl_files(dir)
        .into_iter()
        .filter_map(|relative| {
            let shown = dir.join(&relative);
            let text = std::fs::read_to_string(&shown).ok()?;
            Some(LocaleFile {
                relative,
                shown,
                text,
            })
        })
        .collect()
}

/// Reads a locale's files; syntax and duplicate findings go to `findings`.
pub(super) fn read_locale(lang: &str, files: &[LocaleFile], findings: &mut Vec<Finding>) -> Locale {
    let mut locale = Locale::default();
    for LocaleFile {
        relative,
        shown: file,
        text,
    } in files
    {
        let syntax = |at: usize, message: String| {
            let p = position_of_offset(text, at);
            let mut finding = Finding::new(
                Level::Error,
                "syntax",
                lang,
                file,
                p,
                None,
                format!("Fluent syntax error: {message}"),
            );
            // The line itself, with a caret, as every syntax error shows.
            finding.diagnostic = finding.diagnostic.at(file, text, p, 1);
            finding
        };
        if let Some((at, message)) = crate::l10n::escapes::unparseable(text) {
            findings.push(syntax(at, message));
            continue;
        }
        let resource = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    // At the end of the file, point at the entry that is not closed.
                    let at = if e.pos.start >= text.trim_end().len() {
                        e.slice.clone().map_or(e.pos.start, |s| s.start)
                    } else {
                        e.pos.start
                    };
                    findings.push(syntax(at, e.kind.to_string()));
                }
                r
            }
        };
        let units = locale.files.entry(relative.clone()).or_default();
        for entry in &resource.body {
            let Some((id, value, attributes)) = parts(entry) else {
                continue;
            };
            let position = definition(text, &id);
            if units.contains_key(&id) {
                findings.push(Finding::new(
                    Level::Error,
                    "duplicate",
                    lang,
                    file,
                    position,
                    Some(id.clone()),
                    format!(
                        "`{id}` is defined twice in {} of locale `{lang}`",
                        relative.display()
                    ),
                ));
                continue;
            }
            let mut unit = Unit {
                file: file.clone(),
                position,
                ..Unit::default()
            };
            if let Some(value) = value {
                unit.has_value = true;
                walk_pattern(value, &mut unit);
            }
            locale.ids.insert(id.clone());
            units.insert(id.clone(), unit);
            for attribute in attributes {
                let mut unit = Unit {
                    file: file.clone(),
                    position,
                    has_value: true,
                    ..Unit::default()
                };
                walk_pattern(&attribute.value, &mut unit);
                let name = format!("{id}.{}", attribute.id.name);
                locale.ids.insert(name.clone());
                units.insert(name, unit);
            }
        }
    }
    locale
}
