use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::locate::Locations;
use super::model::{Facts, Kind, OrganKind, Segment, Texts};
use super::symbol::{validate_job_number, validate_symbol};
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
    pub fn locations(&self) -> &Locations {
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
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
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
    pub fn error_in(&self, path: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
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
    pub fn issue_date(&self) -> NaiveDate {
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

/// The annex references `{annex:ID}` in a text, as (ID, the whole reference).
pub fn references(text: &str) -> Vec<(&str, &str)> {
    placeholders(text, "annex")
}

/// The footnote calls `{footnote:ID}` in a text, as (ID, the whole call).
pub fn footnote_calls(text: &str) -> Vec<(&str, &str)> {
    placeholders(text, "footnote")
}

/// Placeholders `{kind:ID}` in a text, as (ID, the whole placeholder).
fn placeholders<'a>(text: &'a str, kind: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("{{{kind}:");
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        match after.find('}') {
            Some(end) => {
                found.push((&after[open.len()..end], &after[..=end]));
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    found
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

fn check_facts(facts: &Facts, file: &SourceFile, locales: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // Only a report's template sets contents: asking another kind for
    // them would print nothing.
    if facts.contents == Some(true) && facts.kind != Kind::Report {
        errors.push(
            file.error_at(
                "contents",
                format!("a {} has no table of contents", facts.kind.name()),
            )
            .with_hint("contents are a report's (kind: report); remove `contents: true`"),
        );
    }
    let mut date = |path: &str, value: &str| {
        if parse_date(value).is_none() {
            errors.push(
                file.error_at(path, format!("`{value}` is not a valid date"))
                    .with_hint("write dates as YYYY-MM-DD, and check the day exists in that month"),
            );
        }
    };
    if let Some(d) = &facts.masthead_date {
        date("masthead_date", d);
    }
    for (i, d) in facts.footer_dates.iter().enumerate() {
        date(&format!("footer_dates[{i}]"), d);
    }
    if let Some(d) = &facts.date {
        date("date", d);
    }
    if let Some(letter) = &facts.letter {
        date("letter.date", &letter.date);
    }
    for (i, annex) in facts.annexes.iter().enumerate() {
        if let Some(d) = &annex.date {
            date(&format!("annexes[{i}].date"), d);
        }
    }

    for (i, symbol) in facts.symbols.iter().enumerate() {
        if let Err(e) = validate_symbol(symbol) {
            let path = format!("symbols[{i}]");
            let part = &symbol[e.offset..(e.offset + e.length).min(symbol.len())];
            let d = if part.is_empty() || part == symbol {
                file.error_at(&path, format!("malformed document symbol `{symbol}`"))
            } else {
                file.error_in(&path, part, format!("malformed document symbol `{symbol}`"))
            };
            errors.push(d.with_hint(format!(
                "{} (docs/un-format.md §3; e.g. A/75/906, S/2021/534)",
                e.reason
            )));
        }
    }
    if let Some(jobs) = &facts.job_number {
        for (lang, job) in jobs.all() {
            let path = match lang {
                Some(lang) => format!("job_number.{lang}"),
                None => "job_number".to_owned(),
            };
            if let Err(reason) = validate_job_number(job) {
                errors.push(
                    file.error_at(&path, format!("malformed job number `{job}`"))
                        .with_hint(reason),
                );
            }
            if let Some(lang) = lang.filter(|l| !facts.languages.iter().any(|d| d == l)) {
                errors.push(
                    file.error_at(&path, format!("a job number for `{lang}`, which is not one of the document's languages"))
                        .with_hint("give one job number per language the document lists under `languages`"),
                );
            }
        }
        if let crate::source::model::JobNumber::PerLanguage(map) = jobs {
            for lang in facts.languages.iter().filter(|l| !map.contains_key(*l)) {
                errors.push(
                    file.error_at("job_number", format!("no job number for the `{lang}` version"))
                        .with_hint(format!("add `{lang}: …` under job_number (each version has its own), or give one job number for all")),
                );
            }
        }
    }

    let known_language = |code: &str| UN_LANGUAGES.contains(&code);
    if !known_language(&facts.original_language) {
        errors.push(
            file.error_at(
                "original_language",
                format!("unknown language `{}`", facts.original_language),
            )
            .with_hint("use a UN language code: ar, zh, en, fr, ru, es"),
        );
    }
    if facts.languages.is_empty() {
        errors.push(
            file.error_at("languages", "no languages declared")
                .with_hint("list at least one: languages: [en]"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, lang) in facts.languages.iter().enumerate() {
        let path = format!("languages[{i}]");
        if !seen.insert(lang) {
            errors.push(
                file.error_at(&path, format!("language `{lang}` is listed twice"))
                    .with_hint("remove the repetition"),
            );
        } else if !locales.iter().any(|l| l == lang) {
            let hint = match did_you_mean(lang, locales.iter().map(String::as_str)) {
                Some(near) => format!(
                    "did you mean `{near}`? Languages with locale files: {}",
                    locales.join(", ")
                ),
                None => format!(
                    "add locales/{lang}/ with the messages, or use one of: {}",
                    locales.join(", ")
                ),
            };
            errors.push(
                file.error_at(&path, format!("no locale files for language `{lang}`"))
                    .with_hint(hint),
            );
        }
    }

    let mut require = |present: bool, field: &str, example: &str| {
        if !present {
            errors.push(
                file.error_at("kind", format!("a {} needs `{field}`", facts.kind.name()))
                    .with_hint(format!("add `{field}: {example}` to document.yaml")),
            );
        }
    };
    match facts.kind {
        Kind::Letter => {
            require(!facts.symbols.is_empty(), "symbols", "[A/75/906]");
            require(facts.job_number.is_some(), "job_number", "21-07422");
            require(facts.masthead_date.is_some(), "masthead_date", "2021-06-01");
            require(
                facts.letter.is_some(),
                "letter",
                "{ date: …, addressee: …, senders: … }",
            );
            require(
                !facts.organs.is_empty(),
                "organs",
                "[{ organ: general-assembly, session: 75 }]",
            );
        }
        Kind::Statement => {
            require(facts.date.is_some(), "date", "2021-05-19");
            // A statement with symbols is issued with a masthead.
            if !facts.symbols.is_empty() {
                require(facts.masthead_date.is_some(), "masthead_date", "2021-06-01");
            }
        }
        Kind::PressRelease => {
            require(facts.date.is_some(), "date", "2024-12-11");
            require(facts.organization.is_some(), "organization", "csto");
        }
        // A job number is optional: resolutions of the 1990s have none.
        Kind::Report | Kind::Note | Kind::Resolution => {
            require(!facts.symbols.is_empty(), "symbols", "[A/HRC/43/1]");
            require(facts.masthead_date.is_some(), "masthead_date", "2020-01-15");
            require(
                !facts.organs.is_empty(),
                "organs",
                "[{ organ: general-assembly, session: 75 }]",
            );
            if facts.kind == Kind::Resolution {
                require(
                    facts.resolution.is_some(),
                    "resolution",
                    "{ number: 48/161, meeting: 85, adopted: 1993-12-20 }",
                );
            }
        }
    }
    if let Some(resolution) = &facts.resolution {
        if !is_resolution_number(&resolution.number) {
            errors.push(
                file.error_at(
                    "resolution.number",
                    format!("`{}` is not a resolution number", resolution.number),
                )
                .with_hint(
                    "a resolution number is session/number, as printed: 48/161, 75/1, S-26/2, ES-10/19, 60/5 B",
                ),
            );
        }
        if let Some(draft) = &resolution.draft {
            if let Err(e) = validate_symbol(draft) {
                let part = &draft[e.offset..(e.offset + e.length).min(draft.len())];
                let message = format!("malformed draft symbol `{draft}`");
                let d = if part.is_empty() || part == draft {
                    file.error_at("resolution.draft", message)
                } else {
                    file.error_in("resolution.draft", part, message)
                };
                errors.push(d.with_hint(format!(
                    "{} (a draft is a document symbol: A/48/L.21/Rev.1)",
                    e.reason
                )));
            }
        }
        if parse_date(&resolution.adopted).is_none() {
            errors.push(
                file.error_at(
                    "resolution.adopted",
                    format!("`{}` is not a date", resolution.adopted),
                )
                .with_hint("write the date of adoption as YYYY-MM-DD"),
            );
        }
    }
    for (i, organ) in facts.organs.iter().enumerate() {
        for (j, date) in organ.session_dates.iter().enumerate() {
            if parse_date(date).is_none() {
                errors.push(
                    file.error_at(
                        &format!("organs[{i}].session_dates[{j}]"),
                        format!("`{date}` is not a date"),
                    )
                    .with_hint("write the first and last day of the session as YYYY-MM-DD"),
                );
            }
        }
    }

    for (i, organ) in facts.organs.iter().enumerate() {
        let path = format!("organs[{i}]");
        match organ.organ {
            OrganKind::GeneralAssembly if organ.session.is_none() => errors.push(
                file.error_at(
                    &format!("{path}.organ"),
                    "the General Assembly needs its session number",
                )
                .with_hint("add `session: 75` to this organ"),
            ),
            OrganKind::SecurityCouncil if organ.year.is_none() => errors.push(
                file.error_at(
                    &format!("{path}.organ"),
                    "the Security Council needs its year",
                )
                .with_hint("add `year: 2021` to this organ"),
            ),
            _ => {}
        }
        if let Some(year) = organ.year {
            if !(1946..=2100).contains(&year) {
                errors.push(
                    file.error_at(
                        &format!("{path}.year"),
                        format!("{year} is not a year of the Security Council"),
                    )
                    .with_hint("the Council's first year is 1946"),
                );
            }
        }
    }

    let mut ids = BTreeSet::new();
    for (i, annex) in facts.annexes.iter().enumerate() {
        if !ids.insert(annex.id.as_str()) {
            errors.push(
                file.error_at(
                    &format!("annexes[{i}].id"),
                    format!("annex id `{}` is used twice", annex.id),
                )
                .with_hint("give each annex its own id"),
            );
        }
        if annex.number == Some(0) {
            errors.push(
                file.error_at(&format!("annexes[{i}].number"), "annex numbers start at 1")
                    .with_hint("remove `number` to number annexes by position"),
            );
        }
        if let Some(lang) = &annex.original_language {
            if !known_language(lang) {
                errors.push(
                    file.error_at(
                        &format!("annexes[{i}].original_language"),
                        format!("unknown language `{lang}`"),
                    )
                    .with_hint("use a UN language code: ar, zh, en, fr, ru, es"),
                );
            }
        }
    }
    errors
}

fn check_texts(facts: &Facts, texts: &Texts, file: &SourceFile) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let annex_ids: Vec<&str> = facts.annexes.iter().map(|a| a.id.as_str()).collect();
    let footnote_ids: Vec<&str> = texts.footnotes.iter().map(|f| f.id.as_str()).collect();
    let footnote_set: BTreeSet<&str> = footnote_ids.iter().copied().collect();
    let mut ids = BTreeSet::new();
    let mut note_ids = BTreeSet::new();
    let mut check_segments = |base: &str, segments: &[Segment], errors: &mut Vec<Diagnostic>| {
        let footnotes = base == "footnotes";
        check_blocks(
            &Blocks {
                file,
                annex_ids: &annex_ids,
                footnote_ids: &footnote_ids,
                footnote_set: &footnote_set,
                footnotes,
            },
            base,
            segments,
            0,
            if footnotes { &mut note_ids } else { &mut ids },
            errors,
        );
    };
    let require_text =
        |path: &str, value: Option<&str>, what: &str, errors: &mut Vec<Diagnostic>| match value {
            Some(v) if !v.trim().is_empty() => {}
            Some(_) => errors.push(
                file.error_at(path, format!("{what} is empty"))
                    .with_hint("write the text"),
            ),
            None => errors.push(
                file.error_at("", format!("{what} is missing"))
                    .with_hint(format!("add `{path}:` to this file")),
            ),
        };

    // An agenda item's title is optional (adopted resolutions print the
    // number alone); one given must not be empty.
    for (item, title) in &texts.agenda_items {
        if title.trim().is_empty() {
            errors.push(
                file.error_at(
                    &format!("agenda_items.{item}"),
                    format!("the title of agenda item {item} is empty"),
                )
                .with_hint("write the title, or remove the entry"),
            );
        }
    }
    match facts.kind {
        Kind::Letter => {
            if let Some(letter) = &facts.letter {
                for signatory in &letter.signatories {
                    require_text(
                        &format!("signatories.{}", signatory.id),
                        texts.signatories.get(&signatory.id).map(String::as_str),
                        &format!("the name of signatory `{}`", signatory.id),
                        &mut errors,
                    );
                }
            }
            match &texts.letter {
                Some(letter) => {
                    if letter.paragraphs.is_empty() {
                        errors.push(
                            file.error_at("letter.paragraphs", "the letter has no paragraphs")
                                .with_hint("write the body of the letter"),
                        );
                    }
                    check_segments("letter.paragraphs", &letter.paragraphs, &mut errors);
                }
                None => errors.push(
                    file.error_at("", "the letter's texts are missing")
                        .with_hint("add `letter: { paragraphs: [...] }` to this file"),
                ),
            }
        }
        Kind::Statement | Kind::PressRelease | Kind::Report | Kind::Resolution | Kind::Note => {
            require_text(
                "title",
                texts.title.as_ref().map(|t| t.as_str()),
                "the title",
                &mut errors,
            );
            if texts.paragraphs.is_empty() {
                errors.push(
                    file.error_at("paragraphs", "no paragraphs")
                        .with_hint("write at least one paragraph"),
                );
            }
            check_segments("summary", &texts.summary, &mut errors);
            check_segments("preamble", &texts.preamble, &mut errors);
            check_segments("paragraphs", &texts.paragraphs, &mut errors);
        }
    }
    if facts.kind != Kind::Resolution && !texts.preamble.is_empty() {
        errors.push(
            file.error_at("preamble", "only a resolution has a preamble")
                .with_hint("set `kind: resolution` in document.yaml, or make these paragraphs part of `paragraphs:`"),
        );
    }
    if facts.kind != Kind::Report && !texts.summary.is_empty() {
        errors.push(
            file.error_at("summary", "only a report has a summary box")
                .with_hint(
                    "set `kind: report` in document.yaml, or move the summary into `paragraphs:`",
                ),
        );
    }
    let inline_context = Blocks {
        file,
        annex_ids: &annex_ids,
        footnote_ids: &footnote_ids,
        footnote_set: &footnote_set,
        footnotes: false,
    };
    if let Some(title) = &texts.title {
        check_inline(&inline_context, "title", title.as_str(), &mut errors);
    }
    // Texts printed as they are (masthead lines, names, places, formula
    // overrides): a tag there would be printed, so braces are refused.
    let mut plain: Vec<(String, &str)> = Vec::new();
    for (item, title) in &texts.agenda_items {
        plain.push((format!("agenda_items.{item}"), title));
    }
    for (id, name) in &texts.signatories {
        plain.push((format!("signatories.{id}"), name));
    }
    if let Some(place) = &texts.place {
        plain.push(("place".into(), place));
    }
    if let Some(title) = texts.letter.as_ref().and_then(|l| l.title.as_ref()) {
        plain.push(("letter.title".into(), title.as_str()));
    }
    for (id, annex) in &texts.annexes {
        if let Some(place) = &annex.place {
            plain.push((format!("annexes.{id}.place"), place));
        }
        if let Some(heading) = &annex.heading {
            plain.push((format!("annexes.{id}.heading"), heading));
        }
    }
    for (path, text) in plain {
        if let Some(at) = text.find(['{', '}']) {
            errors.push(
                file.error_in(&path, &text[at..at + 1], "this text takes no inline tags nor braces")
                    .with_hint("it is printed as written (a name, a place, a masthead line): remove the braces"),
            );
        }
    }
    if let Some(subtitle) = &texts.subtitle {
        check_inline(&inline_context, "subtitle", subtitle, &mut errors);
    }
    for annex in &facts.annexes {
        match texts.annexes.get(&annex.id) {
            Some(t) => {
                let base = format!("annexes.{}", annex.id);
                require_text(
                    &format!("{base}.title"),
                    Some(t.title.as_str()),
                    &format!("the title of annex `{}`", annex.id),
                    &mut errors,
                );
                check_segments(&format!("{base}.paragraphs"), &t.paragraphs, &mut errors);
            }
            None => errors.push(
                file.error_at(
                    "annexes",
                    format!("the texts of annex `{}` are missing", annex.id),
                )
                .with_hint(format!(
                    "add `{}:` with its title and paragraphs under `annexes`",
                    annex.id
                )),
            ),
        }
    }
    check_segments("footnotes", &texts.footnotes, &mut errors);
    for id in texts.annexes.keys() {
        if !annex_ids.contains(&id.as_str()) {
            let hint = match did_you_mean(id, annex_ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "declare the annex in document.yaml, or remove these texts".to_owned(),
            };
            errors.push(
                file.error_at(
                    &format!("annexes.{id}"),
                    format!("texts for annex `{id}`, which document.yaml does not declare"),
                )
                .with_hint(hint),
            );
        }
    }
    errors
}

/// What checking a list of blocks needs to know.
struct Blocks<'a> {
    file: &'a SourceFile,
    annex_ids: &'a [&'a str],
    footnote_ids: &'a [&'a str],
    /// The same ids, for lookups (a report may have thousands of notes).
    footnote_set: &'a BTreeSet<&'a str>,
    /// The list is `footnotes:` (their own id space, a `label` allowed).
    footnotes: bool,
}

/// How deep lists may nest: (a) → (i) → and two more levels.
pub const MAX_NESTING: usize = 4;

/// Checks blocks and their items: unique ids, one shape each, tables with
/// as many cells per row as columns, inline syntax and the ids it refers to.
fn check_blocks(
    context: &Blocks,
    base: &str,
    segments: &[Segment],
    depth: usize,
    ids: &mut BTreeSet<String>,
    errors: &mut Vec<Diagnostic>,
) {
    let file = context.file;
    for (i, segment) in segments.iter().enumerate() {
        let path = format!("{base}[{i}]");
        if !ids.insert(segment.id.clone()) {
            errors.push(
                file.error_at(
                    &format!("{path}.id"),
                    format!("id `{}` is used twice", segment.id),
                )
                .with_hint("ids must be unique in a file: translations align by them"),
            );
        }
        let shapes = [
            segment.heading.is_some(),
            segment.table.is_some(),
            !segment.items.is_empty(),
        ];
        if shapes[1] && (shapes[0] || shapes[2] || !segment.text.is_empty()) {
            errors.push(
                file.error_at(
                    &format!("{path}.table"),
                    format!("block `{}` is a table and something else", segment.id),
                )
                .with_hint(
                    "a table block has only `id` and `table:`; put text in a paragraph before it",
                ),
            );
        }
        if shapes[0] && shapes[2] {
            errors.push(
                file.error_at(
                    &format!("{path}.items"),
                    format!("heading `{}` has items", segment.id),
                )
                .with_hint("a heading has no items: put the list in a block after the heading"),
            );
        }
        if let Some(level) = segment.heading {
            if !(1..=4).contains(&level) {
                errors.push(
                    file.error_at(
                        &format!("{path}.heading"),
                        format!("heading level {level} does not exist"),
                    )
                    .with_hint("levels are 1 (I.), 2 (A.), 3 (1.) and 4 (sub-heading)"),
                );
            }
        }
        if segment.marker.is_some() && segment.items.is_empty() {
            errors.push(
                file.error_at(
                    &format!("{path}.marker"),
                    format!("block `{}` has a marker but no items", segment.id),
                )
                .with_hint("`marker` sets how the `items:` of this block are marked"),
            );
        }
        // A note holds text, lists and tables, its tables set after the
        // rest: a table before another item, or one with a title, note or
        // source line (which a note does not print), is refused.
        if let (true, Some(table)) = (context.footnotes, &segment.table) {
            if table.title.is_some() || table.note.is_some() || table.source.is_some() {
                errors.push(
                    file.error_at(
                        &format!("{path}.table"),
                        "a note's table has no title, note or source line",
                    )
                    .with_hint("write them in the note's text, before the table"),
                );
            }
        }
        if context.footnotes {
            if let Some(t) = segment.items.iter().position(|i| i.table.is_some()) {
                if segment.items[t..].iter().any(|i| i.table.is_none()) {
                    errors.push(
                        file.error_at(
                            &format!("{path}.items[{t}]"),
                            "a note's table comes before other items",
                        )
                        .with_hint(
                            "a note's tables are set after its text and list items: put them last",
                        ),
                    );
                }
            }
        }
        if context.footnotes && segment.heading.is_some() {
            errors.push(
                file.error_at(&format!("{path}.heading"), "a note cannot hold a heading")
                    .with_hint("write the note's text without `heading:`"),
            );
        }
        if segment.label.is_some() && !context.footnotes {
            errors.push(
                file.error_at(&format!("{path}.label"), "`label` is for footnotes")
                    .with_hint("a footnote's label replaces its number (`label: \"*\"`)"),
            );
        }
        if !segment.items.is_empty() && depth + 1 >= MAX_NESTING {
            errors.push(
                file.error_at(
                    &format!("{path}.items"),
                    format!("lists nest at most {MAX_NESTING} levels deep"),
                )
                .with_hint("flatten the list, or make the deepest level prose"),
            );
        }
        if !shapes[1] && segment.items.is_empty() && segment.text.trim().is_empty() {
            errors.push(
                file.error_at(
                    &format!("{path}.text"),
                    format!("block `{}` has no text", segment.id),
                )
                .with_hint("write the text, or remove the block"),
            );
        }
        if let Some(table) = &segment.table {
            let columns = table.columns.len();
            if columns == 0 {
                errors.push(
                    file.error_at(
                        &format!("{path}.table.columns"),
                        format!("table `{}` has no columns", segment.id),
                    )
                    .with_hint(
                        "list the columns: `columns: [{ width: 2 }, { width: 1, align: right }]`",
                    ),
                );
            }
            for (c, column) in table.columns.iter().enumerate() {
                if !(column.width > 0.0 && column.width.is_finite()) {
                    errors.push(
                        file.error_at(
                            &format!("{path}.table.columns[{c}].width"),
                            "a column width must be more than 0",
                        )
                        .with_hint("widths are relative: 1, 2, 3 …"),
                    );
                }
            }
            if table.rows.is_empty() {
                errors.push(
                    file.error_at(
                        &format!("{path}.table"),
                        format!("table `{}` has no rows", segment.id),
                    )
                    .with_hint("add `rows:`"),
                );
            }
            for (part, rows) in [("header", &table.header), ("rows", &table.rows)] {
                for (r, row) in rows.iter().enumerate() {
                    if row.len() != columns && columns > 0 {
                        let many = if row.len() > columns {
                            "too many"
                        } else {
                            "too few"
                        };
                        errors.push(
                            file.error_at(
                                &format!("{path}.table.{part}[{r}]"),
                                format!("row {} of table `{}` has {} cells ({many}): the table has {columns} columns", r + 1, segment.id, row.len()),
                            )
                            .with_hint("give every row one cell per column (an empty cell is \"\")"),
                        );
                    }
                }
            }
        }
        let mut texts = Vec::new();
        segment.texts(&path, &mut texts);
        for (_, text_path, text) in texts {
            if text_path.contains(".items[") && !text_path.starts_with(&format!("{path}.text")) {
                continue; // checked with the item
            }
            check_inline(context, &text_path, text, errors);
        }
        check_blocks(
            context,
            &format!("{path}.items"),
            &segment.items,
            depth + 1,
            ids,
            errors,
        );
    }
}

/// Whether `number` reads as a resolution's number: `48/161`, `S-26/2`,
/// `ES-10/19`, with a letter for a resolution in parts (`60/5 B`).
fn is_resolution_number(number: &str) -> bool {
    let body = number
        .strip_prefix("ES-")
        .or_else(|| number.strip_prefix("S-"))
        .unwrap_or(number);
    let (body, part) = match body.split_once(' ') {
        Some((b, p)) => (b, Some(p)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    let numbers = body
        .split_once('/')
        .is_some_and(|(session, n)| digits(session) && digits(n));
    numbers && part.is_none_or(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
}

/// Checks the inline syntax of one text and the ids its calls refer to.
fn check_inline(context: &Blocks, path: &str, text: &str, errors: &mut Vec<Diagnostic>) {
    let file = context.file;
    // A control character prints as nothing, or as a box: never silently.
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        errors.push(
            file.error_in(
                path,
                &c.to_string(),
                format!("a control character (U+{:04X}) in a text", u32::from(c)),
            )
            .with_hint("remove it: it would print as nothing (a `\\0`, `\\a` or `\\x..` escape in a quoted YAML string?)"),
        );
        return;
    }
    let limit = crate::input::Limits::PARAGRAPH_CHARS;
    if text.len() > limit && text.chars().count() > limit {
        errors.push(
            file.error_at(
                path,
                format!(
                    "this text has {} characters, over the limit of {limit} for one paragraph",
                    text.chars().count()
                ),
            )
            .with_hint("split it into several paragraphs (a page holds about 3,500 characters)"),
        );
        return;
    }
    let pieces = match super::inline::parse(text) {
        Ok(p) => p,
        Err(e) => {
            let needle = &text[e.start..(e.start + e.length).min(text.len())];
            errors.push(file.error_in(path, needle, e.message).with_hint(e.hint));
            return;
        }
    };
    let mut calls = Vec::new();
    super::inline::calls(&pieces, &mut calls);
    for call in calls {
        match call {
            super::inline::Inline::Footnote(id) if !context.footnote_set.contains(id.as_str()) => {
                let hint = match did_you_mean(&id, context.footnote_ids.iter().copied()) {
                    Some(near) => format!("did you mean `{{footnote:{near}}}`?"),
                    None => {
                        "add the footnote under `footnotes:` in this file, with this id".to_owned()
                    }
                };
                errors.push(
                    file.error_in(
                        path,
                        &format!("{{footnote:{id}}}"),
                        format!("unknown footnote id `{id}`"),
                    )
                    .with_hint(hint),
                );
            }
            super::inline::Inline::Annex(id) if !context.annex_ids.contains(&id.as_str()) => {
                let hint = match did_you_mean(&id, context.annex_ids.iter().copied()) {
                    Some(near) => format!("did you mean `{{annex:{near}}}`?"),
                    None if context.annex_ids.is_empty() => {
                        "this document has no annexes".to_owned()
                    }
                    None => format!(
                        "annex ids in document.yaml: {}",
                        context.annex_ids.join(", ")
                    ),
                };
                errors.push(
                    file.error_in(
                        path,
                        &format!("{{annex:{id}}}"),
                        format!("unknown annex id `{id}` in a reference"),
                    )
                    .with_hint(hint),
                );
            }
            _ => {}
        }
    }
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

    #[test]
    fn references_are_found() {
        let r = references("see {annex:a} and {annex:b-2}.");
        assert_eq!(r, vec![("a", "{annex:a}"), ("b-2", "{annex:b-2}")]);
    }
}
