use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::check::{check_facts, check_texts};
use super::locate::Locations;
use super::model::{Facts, Texts};
use crate::diagnostic::{did_you_mean, Diagnostic, Position};

/// The six official languages, in English alphabetical order of their names.
pub const UN_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

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
    fn read(path: &Path, dir: &Path) -> Result<Self, Diagnostic> {
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

/// A loaded and checked document: its facts and its texts per language.
#[derive(Debug, Clone)]
pub struct Document {
    /// The folder name, used for output file names.
    pub id: String,
    pub dir: PathBuf,
    pub facts: Facts,
    pub facts_file: SourceFile,
    /// Texts by language code, with the file they came from.
    pub texts: BTreeMap<String, (Texts, SourceFile)>,
}

impl Document {
    /// The date its PDFs carry in their metadata: the masthead's, else the
    /// document's own (checked dates, so only a missing one gives the
    /// default).
    pub(crate) fn issue_date(&self) -> NaiveDate {
        self.facts
            .masthead_date
            .as_deref()
            .or(self.facts.date.as_deref())
            .and_then(parse_date)
            .unwrap_or_default()
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Loads the document in `dir` and checks it. `locales` lists the languages
/// that have locale files; a document in another language is an error.
pub fn load_document(dir: &Path, locales: &[String]) -> Result<Document, Vec<Diagnostic>> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        inside(dir, parent).map_err(|d| vec![d])?;
    }
    load_with(dir, locales, &|path| {
        if path.exists() {
            SourceFile::read(path, dir).map(Some)
        } else {
            Ok(None)
        }
    })
}

/// Checks a document whose files are given as texts, not read from disk
/// (`files` by name: `document.yaml`, `en.yaml`, …): what an editor
/// integration or a fuzzer feeds in. Diagnostics name `dir`/name.
pub fn load_document_from(
    dir: &Path,
    files: &BTreeMap<String, String>,
    locales: &[String],
) -> Result<Document, Vec<Diagnostic>> {
    load_with(dir, locales, &|path| {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(name
            .and_then(|n| files.get(&n))
            .map(|text| SourceFile::new(path.to_path_buf(), text.clone())))
    })
}

/// A document's id: its folder's name; for `.` or `..`, the name of the
/// folder it is.
pub fn document_id(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_os_string())
        .or_else(|| {
            dir.canonicalize()
                .ok()?
                .file_name()
                .map(|n| n.to_os_string())
        })
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// How [`load_with`] gets a file: `None` when it does not exist.
type Reader<'a> = dyn Fn(&Path) -> Result<Option<SourceFile>, Diagnostic> + 'a;

fn load_with(dir: &Path, locales: &[String], read: &Reader) -> Result<Document, Vec<Diagnostic>> {
    let id = document_id(dir);
    let facts_path = dir.join("document.yaml");
    let facts_file = match read(&facts_path) {
        Ok(Some(file)) => file,
        Ok(None) => {
            return Err(vec![Diagnostic::error(format!(
                "cannot read {}: no such file",
                facts_path.display()
            ))
            .in_file(&facts_path)
            .with_hint(
                "a document folder holds document.yaml and one <lang>.yaml per language",
            )])
        }
        Err(d) => return Err(vec![d]),
    };
    let facts: Facts = deserialize(&facts_file).map_err(|d| vec![d])?;

    let mut errors = check_facts(&facts, &facts_file, locales);
    let mut texts = BTreeMap::new();
    for (index, lang) in facts.languages.iter().enumerate() {
        if !locales.contains(lang) {
            continue; // reported by check_facts
        }
        let path = dir.join(format!("{lang}.yaml"));
        let file = match read(&path) {
            Ok(Some(f)) => f,
            Ok(None) => {
                errors.push(
                    facts_file
                        .error_at(
                            &format!("languages[{index}]"),
                            format!("language `{lang}` is declared but {} does not exist", path.display()),
                        )
                        .with_hint(format!(
                            "write the {lang} texts in {lang}.yaml beside document.yaml, or remove `{lang}` from `languages`"
                        )),
                );
                continue;
            }
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        match deserialize::<Texts>(&file) {
            Ok(t) => {
                errors.extend(check_texts(&facts, &t, &file));
                texts.insert(lang.clone(), (t, file));
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(Document {
            id,
            dir: dir.to_path_buf(),
            facts,
            facts_file,
            texts,
        })
    } else {
        Err(errors)
    }
}

/// Refuses `path` when, links resolved, it is not inside `folder`.
fn inside(path: &Path, folder: &Path) -> Result<(), Diagnostic> {
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

/// Deserialises a file, turning serde's message into a diagnostic with the
/// position, a code frame and a hint.
fn deserialize<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    if let Some(position) = super::locate::too_deep(&file.text) {
        return Err(Diagnostic::error(format!(
            "brackets nest more than {} deep here",
            super::locate::MAX_FLOW_DEPTH
        ))
        .at(&file.path, &file.text, position, 1)
        .with_hint("no document nests lists or maps this deep: check the brackets"));
    }
    if let Some(position) = super::locate::first_alias(&file.text) {
        return Err(Diagnostic::error("a YAML alias (`*name`) in a source")
            .at(&file.path, &file.text, position, word_length(&file.text, position))
            .with_hint(
                "sources take no anchors or aliases: write the value out where it is needed                  (a `*` that begins a text must be quoted: \"*…\")",
            ));
    }
    serde_yaml::from_str(&file.text).map_err(|e| {
        let full = e.to_string();
        // The position is printed by the diagnostic; drop serde's copy.
        let message = match full.find(" at line ") {
            Some(i) => {
                let rest = &full[i..];
                let end = rest.find(',').unwrap_or(rest.len());
                format!("{}{}", &full[..i], &rest[end..])
            }
            None => full.clone(),
        };
        let mut d = Diagnostic::error(message.clone());
        if let Some(location) = e.location() {
            let position = Position {
                line: location.line(),
                column: location.column(),
            };
            d = d.at(
                &file.path,
                &file.text,
                position,
                word_length(&file.text, position),
            );
        } else {
            d = d.in_file(&file.path);
        }
        d.with_hint(hint_for(&message))
    })
}

/// Length of the word at a position, to underline a key or a value.
fn word_length(text: &str, position: Position) -> usize {
    text.lines()
        .nth(position.line.saturating_sub(1))
        .map(|line| {
            line.chars()
                .skip(position.column.saturating_sub(1))
                .take_while(|c| !matches!(c, ':' | ',' | ']' | '}' | '#') && !c.is_whitespace())
                .count()
        })
        .unwrap_or(1)
        .max(1)
}

/// A hint for one of serde's messages.
fn hint_for(message: &str) -> String {
    // serde prefixes nested errors with their path (`kind: unknown variant …`).
    let message = [
        "unknown field `",
        "unknown variant `",
        "missing field",
        "invalid type",
    ]
    .iter()
    .find_map(|start| message.find(start).map(|i| &message[i..]))
    .unwrap_or(message);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return match did_you_mean(field, candidates.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the fields allowed here are: {}", candidates.join(", ")),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return match did_you_mean(value, candidates.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("use one of: {}", candidates.join(", ")),
        };
    }
    if message.starts_with("missing field") {
        return "add the field; `polypress schema` lists every field and its type".into();
    }
    if message.starts_with("invalid type") {
        if let Some(expected) = message.split("expected ").nth(1) {
            return format!("this field takes {expected}");
        }
    }
    if message.contains("quoted scalar") {
        return "a quoted text is not closed: add the closing quote".into();
    }
    "check the YAML syntax here (indentation, `key: value`, quotes)".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2021-05-19").is_some());
        assert!(parse_date("2021-02-30").is_none());
        assert!(parse_date("2021-5-19").is_none());
    }
}
