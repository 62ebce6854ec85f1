use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::check::{check_facts, check_texts};
use super::file::{inside, SourceFile};
use super::model::{parse_date, Facts, Texts};
use crate::diagnostic::{did_you_mean, Diagnostic, Position};

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
    /// The texts of `lang` and the file they came from, or an error that
    /// names the document and the language.
    pub fn texts_in(&self, lang: &str) -> Result<(&Texts, &SourceFile), Diagnostic> {
        self.texts
            .get(lang)
            .map(|(texts, file)| (texts, file))
            .ok_or_else(|| {
                let languages: Vec<&str> = self.texts.keys().map(String::as_str).collect();
                Diagnostic::error(format!("document `{}` has no texts in `{lang}`", self.id))
                    .in_file(&self.facts_file.path)
                    .with_hint(format!(
                        "the document's languages are: {}",
                        languages.join(", ")
                    ))
            })
    }

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
        match texts_of(&file) {
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

/// The texts of a `<lang>.yaml`: a long one parsed in pieces on every
/// core (split.rs; each piece of the usual shape read directly, fast.rs),
/// a short one or one that cannot be cut read directly when it has the
/// usual shape, any other, or one whose pieces do not parse, by libyaml.
fn texts_of(file: &SourceFile) -> Result<Texts, Diagnostic> {
    scan(file)?;
    let text = &file.text;
    let read = (text.len() >= super::split::SPLIT_BYTES)
        .then(|| super::split::texts_in_pieces(text))
        .flatten()
        .or_else(|| super::fast::texts(text));
    match read {
        Some(texts) => Ok(texts),
        None => parse(file),
    }
}

/// Deserialises a file, turning serde's message into a diagnostic with the
/// position, a code frame and a hint.
fn deserialize<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    scan(file)?;
    parse(file)
}

/// Refuses what no source has and libyaml would take too long over:
/// brackets nested too deep, an alias.
fn scan(file: &SourceFile) -> Result<(), Diagnostic> {
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
    Ok(())
}

/// Deserialises a scanned file by serde over libyaml (see [`deserialize`]).
fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
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
