//! Each locale against the reference: the checks a message needs alone,
//! those against the reference's message of the same id, and the files
//! and messages a locale lacks or has beyond the reference.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::allow::{read_allow, AllowEntry};
use super::finding::{Finding, Level};
use super::plurals::plural_problems;
use super::read::Locale;
use super::{ALLOW_FILE, FUNCTIONS};
use crate::diagnostic::Position;
use crate::l10n::syntax::Unit;

/// How many messages and terms (not attributes) a file defines.
fn entries(units: &BTreeMap<String, Unit>) -> usize {
    units.keys().filter(|id| !id.contains('.')).count()
}

/// Compares each locale with the reference.
pub(super) fn compare(
    dir: &Path,
    locales: BTreeMap<String, Locale>,
    reference: &str,
    mut findings: Vec<Finding>,
) -> Vec<Finding> {
    let Some(source) = locales.get(reference) else {
        findings.push(Finding::new(
            Level::Error,
            "reference",
            reference,
            &dir.join(reference),
            Position::default(),
            None,
            format!(
                "the reference locale `{reference}` has no folder under {}",
                dir.display()
            ),
        ));
        return findings;
    };
    let term_texts = term_texts(source);
    for (lang, locale) in &locales {
        let allow = if lang == reference {
            Vec::new()
        } else {
            read_allow(lang, &dir.join(lang), &mut findings)
        };
        let mut comparison = Comparison {
            dir,
            lang,
            locale,
            source,
            reference,
            term_texts: &term_texts,
            allow: &allow,
            findings: &mut findings,
        };
        comparison.files();
        if lang == reference {
            continue;
        }
        comparison.missing();
    }
    sort(&mut findings);
    findings
}

/// Plain texts of the reference's terms: a message that reads just as a
/// brand name is the brand, not an untranslated sentence.
fn term_texts(source: &Locale) -> BTreeSet<&str> {
    source
        .files
        .values()
        .flat_map(|units| units.iter())
        .filter(|(id, unit)| id.starts_with('-') && !id.contains('.') && unit.text == unit.literal)
        .map(|(_, unit)| unit.text.trim())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The findings in the report's order: by locale, file, line, message and
/// kind (a stable sort: ties keep the order they were found in).
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.locale,
            a.file(),
            a.position().line,
            &a.message_id,
            a.kind(),
        )
            .cmp(&(
                &b.locale,
                b.file(),
                b.position().line,
                &b.message_id,
                b.kind(),
            ))
    });
}

/// Whether the message `id`, which the reference's file lacks, is a form
/// of the locale's own rather than an obsolete message.
fn own_form(original_file: &BTreeMap<String, Unit>, id: &str) -> bool {
    // A `.x-next` attribute is a form a language adds for the
    // items after the first of a list (Arabic .of-next), and
    // `.before-number` one for a list separator before a
    // figure (Arabic « و »): its own.
    let next_form = id.rsplit_once('.').is_some_and(|(message, attribute)| {
        (attribute.ends_with("-next")
            && original_file.contains_key(&format!(
                "{message}.{}",
                attribute.trim_end_matches("-next")
            )))
            || (attribute == "before-number" && original_file.contains_key(message))
    });
    // A term's attribute is the locale's own grammar (a
    // gender, a case), which the reference may not need.
    let term_attribute = id.starts_with('-') && id.contains('.');
    next_form || term_attribute
}

/// One locale compared with the reference, and the findings it adds to.
struct Comparison<'a> {
    dir: &'a Path,
    lang: &'a str,
    locale: &'a Locale,
    /// The reference locale.
    source: &'a Locale,
    reference: &'a str,
    /// Plain texts of the reference's terms (brand names).
    term_texts: &'a BTreeSet<&'a str>,
    /// The locale's reviewed exceptions (none for the reference).
    allow: &'a [AllowEntry],
    findings: &'a mut Vec<Finding>,
}

impl Comparison<'_> {
    /// A finding about the message `id` of the locale, where it is defined.
    fn find(&mut self, level: Level, kind: &'static str, unit: &Unit, id: &str, text: String) {
        self.findings.push(Finding::new(
            level,
            kind,
            self.lang,
            &unit.file,
            unit.position,
            Some(id.to_owned()),
            text,
        ));
    }

    /// Every message of every file of the locale; a file the reference
    /// does not have is reported after all of them.
    fn files(&mut self) {
        let (locale, source, lang, reference) =
            (self.locale, self.source, self.lang, self.reference);
        let mut extra = Vec::new();
        for (relative, units) in &locale.files {
            let original_file = source.files.get(relative);
            for (id, unit) in units {
                self.alone(id, unit);
                if lang == reference {
                    continue;
                }
                // A file the reference does not have: reported once, below.
                let Some(original_file) = original_file else {
                    continue;
                };
                self.against(relative, original_file, id, unit);
            }
            if lang != reference && original_file.is_none() {
                extra.push(Finding::new(Level::Warning, "obsolete-file", lang, &self.dir.join(lang).join(relative), Position::default(), None, format!(
                        "{} ({} messages and terms) is not in the reference locale `{reference}`: obsolete?",
                        relative.display(),
                        entries(units)
                    )));
            }
        }
        self.findings.append(&mut extra);
    }

    /// The checks a message needs no reference for: functions polypress
    /// does not provide, references the locale does not define, an empty
    /// value, and the plural categories of its selects on a number.
    fn alone(&mut self, id: &str, unit: &Unit) {
        let (locale, lang) = (self.locale, self.lang);
        for function in unit
            .functions
            .iter()
            .filter(|f| !FUNCTIONS.contains(&f.as_str()))
        {
            self.find(
                Level::Error,
                "function",
                unit,
                id,
                format!(
                    "`{id}` calls {function}(), which polypress does not provide (it has {})",
                    FUNCTIONS.join(", ")
                ),
            );
        }
        for reference_id in &unit.references {
            if !locale.ids.contains(reference_id) {
                self.find(
                    Level::Error,
                    "reference",
                    unit,
                    id,
                    format!(
                        "`{id}` refers to `{reference_id}`, which locale `{lang}` does not define"
                    ),
                );
            }
        }
        if unit.has_value
            && unit.text.trim().is_empty()
            && unit.variables.is_empty()
            && unit.references.is_empty()
        {
            self.find(
                Level::Error,
                "empty",
                unit,
                id,
                format!("`{id}` is empty in `{lang}`"),
            );
        }
        for select in &unit.plural_selects {
            for problem in plural_problems(lang, id, select) {
                self.find(Level::Error, "plural", unit, id, problem);
            }
        }
    }

    /// The checks of a message against the reference's file of the same
    /// path: not there (obsolete), or its variables, its references and a
    /// text identical to the reference's.
    fn against(
        &mut self,
        relative: &Path,
        original_file: &BTreeMap<String, Unit>,
        id: &str,
        unit: &Unit,
    ) {
        let Some(original) = original_file.get(id) else {
            if own_form(original_file, id) {
                return;
            }
            let reference = self.reference;
            self.find(
                Level::Warning,
                "obsolete",
                unit,
                id,
                format!(
                    "`{id}` is not in {} of the reference locale `{reference}`: obsolete?",
                    relative.display()
                ),
            );
            return;
        };
        // A term's variables are its parameters (`-brand(case: "genitive")`):
        // a language may select on cases the reference does not have.
        if !id.starts_with('-') {
            self.variables(id, unit, original);
        }
        self.references(id, unit, original);
        self.identical(relative, id, unit, original);
    }

    /// The variables a message of the locale uses that the reference's
    /// does not, and those it leaves out.
    fn variables(&mut self, id: &str, unit: &Unit, original: &Unit) {
        let (lang, reference) = (self.lang, self.reference);
        for variable in original.variables.difference(&unit.variables) {
            self.find(
                Level::Error,
                "variable",
                unit,
                id,
                format!("`{id}` in `{lang}` does not use ${variable}, which `{reference}` uses"),
            );
        }
        for variable in unit.variables.difference(&original.variables) {
            self.find(
                Level::Error,
                "variable",
                unit,
                id,
                format!("`{id}` in `{lang}` uses ${variable}, which `{reference}` does not pass"),
            );
        }
    }

    /// The message references (not terms) of a message of the locale,
    /// when they are not the reference's.
    fn references(&mut self, id: &str, unit: &Unit, original: &Unit) {
        let (lang, reference) = (self.lang, self.reference);
        let theirs: BTreeSet<&String> = unit
            .references
            .iter()
            .filter(|r| !r.starts_with('-'))
            .collect();
        let ours: BTreeSet<&String> = original
            .references
            .iter()
            .filter(|r| !r.starts_with('-'))
            .collect();
        if theirs != ours {
            self.find(
                Level::Warning,
                "references",
                unit,
                id,
                format!(
                    "`{id}` refers to {:?} in `{lang}` but {:?} in `{reference}`",
                    theirs, ours
                ),
            );
        }
    }

    /// A translation identical to the reference's text (a brand name
    /// aside): untranslated, unless the locale's allow file accepts it.
    fn identical(&mut self, relative: &Path, id: &str, unit: &Unit, original: &Unit) {
        let (lang, reference, allow) = (self.lang, self.reference, self.allow);
        let is_brand = !id.starts_with('-') && self.term_texts.contains(unit.text.trim());
        if unit.text == original.text && unit.literal.chars().any(char::is_alphabetic) && !is_brand
        {
            match allow.iter().find(|a| a.matches(relative, id)) {
                Some(entry) => self.find(
                    Level::Accepted,
                    "identical",
                    unit,
                    id,
                    format!(
                        "`{id}` in `{lang}` is identical to `{reference}`, as {ALLOW_FILE}:{} accepts",
                        entry.line
                    ),
                ),
                None => self.find(
                    Level::Warning,
                    "identical",
                    unit,
                    id,
                    format!("`{id}` in `{lang}` is identical to `{reference}`: untranslated?"),
                ),
            }
        }
    }

    /// The reference's files and messages the locale lacks.
    fn missing(&mut self) {
        let (source, locale, lang) = (self.source, self.locale, self.lang);
        for (relative, units) in &source.files {
            let file = self.dir.join(lang).join(relative);
            let Some(theirs) = locale.files.get(relative) else {
                self.findings.push(Finding::new(
                    Level::Error,
                    "missing-file",
                    lang,
                    &file,
                    Position::default(),
                    None,
                    format!(
                        "{} ({} messages and terms) is missing in `{lang}`",
                        relative.display(),
                        entries(units)
                    ),
                ));
                continue;
            };
            for id in units.keys() {
                if !theirs.contains_key(id) {
                    self.findings.push(Finding::new(
                        Level::Error,
                        "missing",
                        lang,
                        &file,
                        Position::default(),
                        Some(id.clone()),
                        format!("`{id}` is missing in `{lang}`"),
                    ));
                }
            }
        }
    }
}
