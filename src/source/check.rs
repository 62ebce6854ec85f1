//! The checks of a loaded document: its facts (kinds, symbols, organs,
//! dates, languages, job numbers), its texts against the facts (segments,
//! annexes, notes, references), its block structure and the inline syntax
//! of every text. Each finding is a diagnostic at the file, line and
//! column of the value it is about.

use std::collections::BTreeSet;

use super::blocks::{check_blocks, check_inline, is_resolution_number, Blocks};
use super::file::SourceFile;
use super::model::{parse_date, UN_LANGUAGES};
use super::model::{Facts, Kind, OrganKind, Segment, Texts};
use super::symbol::{validate_job_number, validate_symbol};
use crate::diagnostic::{did_you_mean, Diagnostic};

/// Checks a document's facts: each step below reports what is wrong with
/// one group of them, in the order the findings are printed.
pub(super) fn check_facts(facts: &Facts, file: &SourceFile, locales: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    check_contents(facts, file, &mut errors);
    check_dates(facts, file, &mut errors);
    check_symbols(facts, file, &mut errors);
    check_job_numbers(facts, file, &mut errors);
    check_languages(facts, file, locales, &mut errors);
    check_required(facts, file, &mut errors);
    check_resolution(facts, file, &mut errors);
    check_session_dates(facts, file, &mut errors);
    check_organs(facts, file, &mut errors);
    check_annexes(facts, file, &mut errors);
    errors
}

/// Only a report's template sets contents: asking another kind for them
/// would print nothing.
fn check_contents(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
    if facts.contents == Some(true) && facts.kind != Kind::Report {
        errors.push(
            file.error_at(
                "contents",
                format!("a {} has no table of contents", facts.kind.name()),
            )
            .with_hint("contents are a report's (kind: report); remove `contents: true`"),
        );
    }
}

/// The masthead, footer, issue, letter and annex dates are real days
/// written YYYY-MM-DD.
fn check_dates(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
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
}

/// Each document symbol is well formed; the error points at the part of
/// the symbol that is wrong when there is one.
fn check_symbols(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
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
}

/// Job numbers are well formed, one per language the document lists and
/// none for a language it does not.
fn check_job_numbers(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
    let Some(jobs) = &facts.job_number else {
        return;
    };
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
                file.error_at(
                    &path,
                    format!(
                        "a job number for `{lang}`, which is not one of the document's languages"
                    ),
                )
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

/// Whether `code` is one of the six UN languages.
fn known_language(code: &str) -> bool {
    UN_LANGUAGES.contains(&code)
}

/// The original language is a UN language; the document's languages are
/// listed, once each, and each has locale files.
fn check_languages(
    facts: &Facts,
    file: &SourceFile,
    locales: &[String],
    errors: &mut Vec<Diagnostic>,
) {
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
}

/// The facts each kind of document cannot be printed without (a letter's
/// job number, a resolution's number and meeting…).
fn check_required(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
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
}

/// A resolution's number reads as printed, its draft is a document symbol
/// and its date of adoption is a date.
fn check_resolution(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
    let Some(resolution) = &facts.resolution else {
        return;
    };
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

/// The first and last days of each organ's session are dates.
fn check_session_dates(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
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
}

/// The General Assembly has its session, the Security Council its year,
/// and a year is one the Council has sat in.
fn check_organs(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
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
}

/// Annex ids are unique, numbers start at 1 and an annex's original
/// language is a UN language.
fn check_annexes(facts: &Facts, file: &SourceFile, errors: &mut Vec<Diagnostic>) {
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
}

/// Checks a document's texts against its facts: the body each kind needs,
/// the blocks of every list, the inline syntax and the annex texts.
pub(super) fn check_texts(facts: &Facts, texts: &Texts, file: &SourceFile) -> Vec<Diagnostic> {
    let mut check = TextCheck::new(facts, texts, file);
    check.agenda_titles(texts);
    check.body(facts, texts);
    check.misplaced_parts(facts, texts);
    check.inline_texts(texts);
    check.annex_texts(facts, texts);
    check.segments("footnotes", &texts.footnotes);
    check.undeclared_annexes(texts);
    check.errors
}

/// What checking a document's texts carries from one list of blocks to
/// the next: the annex and note ids a call may name, the block ids seen so
/// far (the body's and the notes' apart) and the findings.
struct TextCheck<'a> {
    file: &'a SourceFile,
    annex_ids: Vec<&'a str>,
    footnote_ids: Vec<&'a str>,
    footnote_set: BTreeSet<&'a str>,
    ids: BTreeSet<String>,
    note_ids: BTreeSet<String>,
    errors: Vec<Diagnostic>,
}

impl<'a> TextCheck<'a> {
    /// Reads the annex and note ids of the document.
    fn new(facts: &'a Facts, texts: &'a Texts, file: &'a SourceFile) -> Self {
        let annex_ids: Vec<&str> = facts.annexes.iter().map(|a| a.id.as_str()).collect();
        let footnote_ids: Vec<&str> = texts.footnotes.iter().map(|f| f.id.as_str()).collect();
        let footnote_set: BTreeSet<&str> = footnote_ids.iter().copied().collect();
        Self {
            file,
            annex_ids,
            footnote_ids,
            footnote_set,
            ids: BTreeSet::new(),
            note_ids: BTreeSet::new(),
            errors: Vec::new(),
        }
    }

    /// Checks one list of blocks (`footnotes` has its own id space).
    fn segments(&mut self, base: &str, segments: &[Segment]) {
        let footnotes = base == "footnotes";
        check_blocks(
            &Blocks {
                file: self.file,
                annex_ids: &self.annex_ids,
                footnote_ids: &self.footnote_ids,
                footnote_set: &self.footnote_set,
                footnotes,
            },
            base,
            segments,
            0,
            if footnotes {
                &mut self.note_ids
            } else {
                &mut self.ids
            },
            &mut self.errors,
        );
    }

    /// A text the document cannot be printed without is there and not empty.
    fn require_text(&mut self, path: &str, value: Option<&str>, what: &str) {
        match value {
            Some(v) if !v.trim().is_empty() => {}
            Some(_) => self.errors.push(
                self.file
                    .error_at(path, format!("{what} is empty"))
                    .with_hint("write the text"),
            ),
            None => self.errors.push(
                self.file
                    .error_at("", format!("{what} is missing"))
                    .with_hint(format!("add `{path}:` to this file")),
            ),
        }
    }

    /// An agenda item's title is optional (adopted resolutions print the
    /// number alone); one given must not be empty.
    fn agenda_titles(&mut self, texts: &Texts) {
        for (item, title) in &texts.agenda_items {
            if title.trim().is_empty() {
                self.errors.push(
                    self.file
                        .error_at(
                            &format!("agenda_items.{item}"),
                            format!("the title of agenda item {item} is empty"),
                        )
                        .with_hint("write the title, or remove the entry"),
                );
            }
        }
    }

    /// The body each kind prints: a letter's signatories and paragraphs,
    /// or the title, summary, preamble and paragraphs of the other kinds.
    fn body(&mut self, facts: &Facts, texts: &Texts) {
        match facts.kind {
            Kind::Letter => {
                if let Some(letter) = &facts.letter {
                    for signatory in &letter.signatories {
                        self.require_text(
                            &format!("signatories.{}", signatory.id),
                            texts.signatories.get(&signatory.id).map(String::as_str),
                            &format!("the name of signatory `{}`", signatory.id),
                        );
                    }
                }
                match &texts.letter {
                    Some(letter) => {
                        if letter.paragraphs.is_empty() {
                            self.errors.push(
                                self.file
                                    .error_at("letter.paragraphs", "the letter has no paragraphs")
                                    .with_hint("write the body of the letter"),
                            );
                        }
                        self.segments("letter.paragraphs", &letter.paragraphs);
                    }
                    None => self.errors.push(
                        self.file
                            .error_at("", "the letter's texts are missing")
                            .with_hint("add `letter: { paragraphs: [...] }` to this file"),
                    ),
                }
            }
            Kind::Statement | Kind::PressRelease | Kind::Report | Kind::Resolution | Kind::Note => {
                self.require_text(
                    "title",
                    texts.title.as_ref().map(|t| t.as_str()),
                    "the title",
                );
                if texts.paragraphs.is_empty() {
                    self.errors.push(
                        self.file
                            .error_at("paragraphs", "no paragraphs")
                            .with_hint("write at least one paragraph"),
                    );
                }
                self.segments("summary", &texts.summary);
                self.segments("preamble", &texts.preamble);
                self.segments("paragraphs", &texts.paragraphs);
            }
        }
    }

    /// A preamble is a resolution's and a summary box a report's.
    fn misplaced_parts(&mut self, facts: &Facts, texts: &Texts) {
        if facts.kind != Kind::Resolution && !texts.preamble.is_empty() {
            self.errors.push(
                self.file.error_at("preamble", "only a resolution has a preamble")
                    .with_hint("set `kind: resolution` in document.yaml, or make these paragraphs part of `paragraphs:`"),
            );
        }
        if facts.kind != Kind::Report && !texts.summary.is_empty() {
            self.errors.push(
                self.file
                    .error_at("summary", "only a report has a summary box")
                    .with_hint(
                        "set `kind: report` in document.yaml, or move the summary into `paragraphs:`",
                    ),
            );
        }
    }

    /// The inline syntax of the title and subtitle, and no braces in the
    /// texts printed as they are.
    fn inline_texts(&mut self, texts: &Texts) {
        let inline_context = Blocks {
            file: self.file,
            annex_ids: &self.annex_ids,
            footnote_ids: &self.footnote_ids,
            footnote_set: &self.footnote_set,
            footnotes: false,
        };
        if let Some(title) = &texts.title {
            check_inline(&inline_context, "title", &title.text, &mut self.errors);
        }
        check_plain_texts(self.file, texts, &mut self.errors);
        if let Some(subtitle) = &texts.subtitle {
            check_inline(&inline_context, "subtitle", subtitle, &mut self.errors);
        }
    }

    /// Each annex document.yaml declares has its texts: a title and blocks.
    fn annex_texts(&mut self, facts: &Facts, texts: &Texts) {
        for annex in &facts.annexes {
            match texts.annexes.get(&annex.id) {
                Some(t) => {
                    let base = format!("annexes.{}", annex.id);
                    self.require_text(
                        &format!("{base}.title"),
                        Some(t.title.as_str()),
                        &format!("the title of annex `{}`", annex.id),
                    );
                    self.segments(&format!("{base}.paragraphs"), &t.paragraphs);
                }
                None => self.errors.push(
                    self.file
                        .error_at(
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
    }

    /// Texts for an annex document.yaml does not declare.
    fn undeclared_annexes(&mut self, texts: &Texts) {
        for id in texts.annexes.keys() {
            if !self.annex_ids.contains(&id.as_str()) {
                let hint = match did_you_mean(id, self.annex_ids.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "declare the annex in document.yaml, or remove these texts".to_owned(),
                };
                self.errors.push(
                    self.file
                        .error_at(
                            &format!("annexes.{id}"),
                            format!("texts for annex `{id}`, which document.yaml does not declare"),
                        )
                        .with_hint(hint),
                );
            }
        }
    }
}

/// Texts printed as they are (masthead lines, names, places, formula
/// overrides): a tag there would be printed, so braces are refused.
fn check_plain_texts(file: &SourceFile, texts: &Texts, errors: &mut Vec<Diagnostic>) {
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
}
