//! `polypress l10n check`: every locale against the reference locale.
//!
//! Each locale folder is read as a tree: `foo/bar.ftl` of the reference
//! locale corresponds to `foo/bar.ftl` of every other locale, and message
//! ids are compared per file, as compare-locales does. A file the reference
//! has and a locale lacks, or the other way round, is one finding.
//!
//! Beyond what compare-locales reports (syntax, duplicates, missing and
//! obsolete messages and attributes), it checks the variables each message
//! uses (a term's variables are its own parameters and are not compared),
//! its message and term references, the plural categories of a select on a
//! number, calls to functions we do not provide, empty values and
//! translations identical to the source, of which a locale can accept
//! reviewed ones in its `.l10n-allow` file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::{position_of_offset, Diagnostic, Position, Severity};
use crate::l10n::syntax::{parts, walk_pattern, PluralSelect, Unit, PLURAL_NAMES};

/// The functions our bundles register (functions.rs).
pub(crate) const FUNCTIONS: [&str; 4] = ["DATE", "ORDINAL", "ROMAN", "COUNTER"];

/// The file in a locale folder that lists reviewed exceptions.
pub(crate) const ALLOW_FILE: &str = ".l10n-allow";

/// How bad a finding is: errors fail the check, warnings only with
/// `--deny-warnings`; accepted findings (listed in the locale's
/// `.l10n-allow`) are counted and never fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Accepted,
}

/// One problem in a locale: a [`Diagnostic`] as every check reports it
/// (file, line and column, the message; its code the kind of finding,
/// stable for CI filters: `syntax`, `duplicate`, `missing`, …), with the
/// locale and the message it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub locale: String,
    /// The message (and attribute) concerned, if any.
    pub message_id: Option<String>,
    /// Listed in the locale's `.l10n-allow`: counted, never failing.
    pub accepted: bool,
}

impl Finding {
    /// A finding at `position` of `file` (line 0: the whole file).
    fn new(
        level: Level,
        kind: &'static str,
        locale: &str,
        file: &Path,
        position: Position,
        message_id: Option<String>,
        text: String,
    ) -> Finding {
        let diagnostic = match level {
            Level::Error => Diagnostic::error(text),
            Level::Warning | Level::Accepted => Diagnostic::warning(text),
        }
        .with_code(kind);
        let diagnostic = if position.line > 0 {
            diagnostic.at(file, "", position, 0)
        } else {
            diagnostic.in_file(file)
        };
        Finding {
            diagnostic,
            locale: locale.to_owned(),
            message_id,
            accepted: level == Level::Accepted,
        }
    }

    /// A diagnostic of the loader (an override that does not fit the
    /// house) as an error of the check.
    pub fn from_diagnostic(diagnostic: &Diagnostic) -> Finding {
        let locale = diagnostic
            .location
            .as_ref()
            .and_then(|l| l.file.parent()?.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Finding {
            diagnostic: diagnostic.clone().with_code("override"),
            locale,
            message_id: None,
            accepted: false,
        }
    }

    pub fn level(&self) -> Level {
        match (self.accepted, self.diagnostic.severity) {
            (true, _) => Level::Accepted,
            (false, Severity::Error) => Level::Error,
            (false, Severity::Warning) => Level::Warning,
        }
    }

    pub fn kind(&self) -> &'static str {
        self.diagnostic.code.unwrap_or("")
    }

    pub fn file(&self) -> &Path {
        self.diagnostic
            .location
            .as_ref()
            .map_or(Path::new(""), |l| l.file.as_path())
    }

    /// The line and column (0, 0 for a whole file).
    pub fn position(&self) -> Position {
        self.diagnostic
            .location
            .as_ref()
            .and_then(|l| l.position)
            .unwrap_or_default()
    }

    /// The finding's text: the message, and the hint in brackets.
    pub fn text(&self) -> String {
        match &self.diagnostic.hint {
            Some(hint) => format!("{} ({hint})", self.diagnostic.message),
            None => self.diagnostic.message.clone(),
        }
    }
}

/// Findings serialise as the check's JSON report has always written them.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let position = self.position();
        let mut out = serializer.serialize_struct("Finding", 8)?;
        out.serialize_field("level", &self.level())?;
        out.serialize_field("kind", self.kind())?;
        out.serialize_field("locale", &self.locale)?;
        out.serialize_field("file", self.file())?;
        out.serialize_field("line", &position.line)?;
        out.serialize_field("column", &position.column)?;
        out.serialize_field("message_id", &self.message_id)?;
        out.serialize_field("text", &self.text())?;
        out.end()
    }
}

/// The plural categories of `lang` as the renderer selects them: read from
/// the rules fluent-bundle formats with (`intl_pluralrules`, the same
/// crate and version), by the numbers that select each category. The
/// whole numbers 0 to 1,000 and round thousands and millions reach every
/// category a whole number can (the rules look at the last two or three
/// digits and at exponents); the fractions reach those only fractions do.
/// A language the rules do not know has `one` and `other`, as English.
struct Plurals {
    /// Every category, in CLDR's order.
    all: Vec<&'static str>,
    /// The whole numbers each category holds, among those tried.
    whole: BTreeMap<&'static str, BTreeSet<u64>>,
}

fn plurals(lang: &str) -> Plurals {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let name = |c: PluralCategory| match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    };
    let rules = [lang, "en"].into_iter().find_map(|lang| {
        let id = lang.parse::<unic_langid::LanguageIdentifier>().ok()?;
        PluralRules::create(id, PluralRuleType::CARDINAL).ok()
    });
    let mut whole: BTreeMap<&'static str, BTreeSet<u64>> = BTreeMap::new();
    let mut fractions: BTreeSet<&'static str> = BTreeSet::new();
    if let Some(rules) = rules {
        let numbers = (0..=1000u64).chain([10_000, 100_000, 1_000_000, 10_000_000]);
        for n in numbers {
            if let Ok(c) = rules.select(n) {
                whole.entry(name(c)).or_default().insert(n);
            }
        }
        for f in [
            "0.5", "1.5", "2.5", "0.1", "1.1", "2.1", "5.5", "10.5", "100.5",
        ] {
            if let Ok(c) = rules.select(f) {
                fractions.insert(name(c));
            }
        }
    }
    let all = PLURAL_NAMES
        .iter()
        .copied()
        .filter(|c| whole.contains_key(c) || fractions.contains(c))
        .collect();
    Plurals { all, whole }
}

impl Plurals {
    /// The categories that hold whole numbers: those a select on a number
    /// must name in the language (as a variant key, the default's
    /// included). The others hold only fractions (`other` in ru, uk, pl),
    /// which the default variant may cover; compare-locales asks for the
    /// same lists.
    fn required(&self) -> Vec<&'static str> {
        self.all
            .iter()
            .copied()
            .filter(|c| self.whole.contains_key(c))
            .collect()
    }

    /// Categories that hold exactly one whole number, so that a numeric
    /// variant key (`[1]`) names them as well as the category does.
    fn exact(&self) -> Vec<(&'static str, String)> {
        self.whole
            .iter()
            .filter(|(_, numbers)| numbers.len() == 1)
            .map(|(c, numbers)| (*c, numbers.first().map(u64::to_string).unwrap_or_default()))
            .collect()
    }
}

/// One locale: per file (relative to the locale folder), its messages and
/// terms (`id`, `-term`, `id.attribute`).
#[derive(Default)]
struct Locale {
    files: BTreeMap<PathBuf, BTreeMap<String, Unit>>,
    /// Every id of every file, for references, which cross files.
    ids: BTreeSet<String>,
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
pub(crate) fn ftl_files(dir: &Path) -> Vec<PathBuf> {
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
pub(crate) struct LocaleFile {
    pub relative: PathBuf,
    pub shown: PathBuf,
    pub text: String,
}

/// The Fluent files of the locale folder `dir`, at any depth.
fn folder_files(dir: &Path) -> Vec<LocaleFile> {
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
fn read_locale(lang: &str, files: &[LocaleFile], findings: &mut Vec<Finding>) -> Locale {
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

/// One line of a `.l10n-allow` file: an id pattern, optionally limited to
/// one file.
#[derive(Debug, Clone)]
struct AllowEntry {
    /// The file, relative to the locale folder, or any file.
    file: Option<PathBuf>,
    /// An id (`id`, `-term`, `id.attribute`), or a prefix ending in `*`.
    pattern: String,
    line: usize,
}

impl AllowEntry {
    fn matches(&self, file: &Path, id: &str) -> bool {
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
fn read_allow(lang: &str, dir: &Path, findings: &mut Vec<Finding>) -> Vec<AllowEntry> {
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

/// The plural findings of one select of `id` in `lang`: category names CLDR
/// does not have, and required categories neither named nor covered by a
/// numeric key. The default variant covers the other CLDR categories.
fn plural_problems(lang: &str, id: &str, select: &PluralSelect) -> Vec<String> {
    let mut problems = Vec::new();
    for name in &select.names {
        if !PLURAL_NAMES.contains(&name.as_str()) {
            problems.push(format!(
                "`{id}` selects on a number but `[{name}]` is no CLDR plural category: no number ever selects it"
            ));
        }
    }
    let plurals = plurals(lang);
    let exact = plurals.exact();
    let required = plurals.required();
    let missing: Vec<&str> = required
        .iter()
        .filter(|c| {
            !select.names.contains(**c)
                && !exact
                    .iter()
                    .any(|(category, n)| category == *c && select.numbers.contains(n))
        })
        .copied()
        .collect();
    if !missing.is_empty() {
        let rare: Vec<&str> = plurals
            .all
            .iter()
            .filter(|c| !required.contains(c))
            .copied()
            .collect();
        let default = if rare.is_empty() {
            String::new()
        } else {
            format!("; the default variant may stand for {}", rare.join(", "))
        };
        problems.push(format!(
            "`{id}` selects on a number but has no variant for {} (`{lang}` needs {}{default})",
            missing.join(", "),
            required.join(", "),
        ));
    }
    problems
}

/// How many messages and terms (not attributes) a file defines.
fn entries(units: &BTreeMap<String, Unit>) -> usize {
    units.keys().filter(|id| !id.contains('.')).count()
}

/// Checks every locale under `dir` against `reference`.
pub fn check(dir: &Path, reference: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut langs: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    langs.sort();
    // A folder without a Fluent file (images, a README) is no locale.
    langs.retain(|l| !ftl_files(&dir.join(l)).is_empty());
    let locales: BTreeMap<String, Locale> = langs
        .iter()
        .map(|l| {
            let files = folder_files(&dir.join(l));
            (l.clone(), read_locale(l, &files, &mut findings))
        })
        .collect();
    compare(dir, locales, reference, findings)
}

/// Checks the locales of a house: the base's files with the repository's
/// over them, message by message (an override stands where the message it
/// replaces stood). Only what the repository's files make wrong is
/// reported: its own files' problems, and what a language it adds or
/// changes lacks; the built-in house is checked where it is made.
pub fn check_house(house: &crate::house::House, reference: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut by_lang: BTreeMap<String, (Vec<LocaleFile>, Vec<LocaleFile>)> = BTreeMap::new();
    for (is_override, files) in [
        (false, house.base_files("locales")),
        (true, house.override_files("locales")),
    ] {
        for file in files {
            let mut parts = file.name.splitn(3, '/');
            let (Some("locales"), Some(lang), Some(relative)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if !relative.ends_with(".ftl") || relative.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            let entry = by_lang.entry(lang.to_owned()).or_default();
            let list = if is_override {
                &mut entry.1
            } else {
                &mut entry.0
            };
            list.push(LocaleFile {
                relative: PathBuf::from(relative),
                shown: file.path.clone(),
                text: String::from_utf8_lossy(&file.bytes).into_owned(),
            });
        }
    }
    let mut locales = BTreeMap::new();
    for (lang, (base, overrides)) in by_lang {
        let mut locale = read_locale(&lang, &base, &mut Vec::new());
        let own = read_locale(&lang, &overrides, &mut findings);
        for (relative, units) in own.files {
            for (id, unit) in units {
                let home = locale
                    .files
                    .iter()
                    .find(|(_, u)| u.contains_key(&id))
                    .map_or_else(|| relative.clone(), |(r, _)| r.clone());
                locale.ids.insert(id.clone());
                locale.files.entry(home).or_default().insert(id, unit);
            }
        }
        locales.insert(lang, locale);
    }
    let dir = house
        .overrides
        .as_ref()
        .map_or_else(|| PathBuf::from("locales"), |root| root.join("locales"));
    // The built-in house is clean (tests/it/l10n.rs): a finding elsewhere is
    // the repository's.
    let built_in = Path::new(crate::house::BUILT_IN_PREFIX);
    compare(&dir, locales, reference, findings)
        .into_iter()
        .filter(|f| !f.file().starts_with(built_in))
        .collect()
}

/// Compares each locale with the reference.
fn compare(
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
    // Plain texts of the reference's terms: a message that reads just as a
    // brand name is the brand, not an untranslated sentence.
    let term_texts: BTreeSet<&str> = source
        .files
        .values()
        .flat_map(|units| units.iter())
        .filter(|(id, unit)| id.starts_with('-') && !id.contains('.') && unit.text == unit.literal)
        .map(|(_, unit)| unit.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    for (lang, locale) in &locales {
        let allow = if lang == reference {
            Vec::new()
        } else {
            read_allow(lang, &dir.join(lang), &mut findings)
        };
        let mut find = |level, kind, unit: &Unit, id: &str, text: String| {
            findings.push(Finding::new(
                level,
                kind,
                lang,
                &unit.file,
                unit.position,
                Some(id.to_owned()),
                text,
            ));
        };
        let mut extra = Vec::new();
        for (relative, units) in &locale.files {
            let original_file = source.files.get(relative);
            for (id, unit) in units {
                // Checks that need no reference.
                for function in unit
                    .functions
                    .iter()
                    .filter(|f| !FUNCTIONS.contains(&f.as_str()))
                {
                    find(
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
                        find(Level::Error, "reference", unit, id, format!("`{id}` refers to `{reference_id}`, which locale `{lang}` does not define"));
                    }
                }
                if unit.has_value
                    && unit.text.trim().is_empty()
                    && unit.variables.is_empty()
                    && unit.references.is_empty()
                {
                    find(
                        Level::Error,
                        "empty",
                        unit,
                        id,
                        format!("`{id}` is empty in `{lang}`"),
                    );
                }
                for select in &unit.plural_selects {
                    for problem in plural_problems(lang, id, select) {
                        find(Level::Error, "plural", unit, id, problem);
                    }
                }
                if lang == reference {
                    continue;
                }
                // A file the reference does not have: reported once, below.
                let Some(original_file) = original_file else {
                    continue;
                };
                let Some(original) = original_file.get(id) else {
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
                    if next_form || term_attribute {
                        continue;
                    }
                    find(
                        Level::Warning,
                        "obsolete",
                        unit,
                        id,
                        format!(
                            "`{id}` is not in {} of the reference locale `{reference}`: obsolete?",
                            relative.display()
                        ),
                    );
                    continue;
                };
                // A term's variables are its parameters (`-brand(case: "genitive")`):
                // a language may select on cases the reference does not have.
                if !id.starts_with('-') {
                    for variable in original.variables.difference(&unit.variables) {
                        find(
                            Level::Error,
                            "variable",
                            unit,
                            id,
                            format!(
                            "`{id}` in `{lang}` does not use ${variable}, which `{reference}` uses"
                        ),
                        );
                    }
                    for variable in unit.variables.difference(&original.variables) {
                        find(
                            Level::Error,
                            "variable",
                            unit,
                            id,
                            format!(
                            "`{id}` in `{lang}` uses ${variable}, which `{reference}` does not pass"
                        ),
                        );
                    }
                }
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
                    find(
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
                let is_brand = !id.starts_with('-') && term_texts.contains(unit.text.trim());
                if unit.text == original.text
                    && unit.literal.chars().any(char::is_alphabetic)
                    && !is_brand
                {
                    match allow.iter().find(|a| a.matches(relative, id)) {
                        Some(entry) => find(
                            Level::Accepted,
                            "identical",
                            unit,
                            id,
                            format!(
                                "`{id}` in `{lang}` is identical to `{reference}`, as {ALLOW_FILE}:{} accepts",
                                entry.line
                            ),
                        ),
                        None => find(
                            Level::Warning,
                            "identical",
                            unit,
                            id,
                            format!(
                                "`{id}` in `{lang}` is identical to `{reference}`: untranslated?"
                            ),
                        ),
                    }
                }
            }
            if lang != reference && original_file.is_none() {
                extra.push(Finding::new(Level::Warning, "obsolete-file", lang, &dir.join(lang).join(relative), Position::default(), None, format!(
                        "{} ({} messages and terms) is not in the reference locale `{reference}`: obsolete?",
                        relative.display(),
                        entries(units)
                    )));
            }
        }
        findings.append(&mut extra);
        if lang == reference {
            continue;
        }
        for (relative, units) in &source.files {
            let file = dir.join(lang).join(relative);
            let Some(theirs) = locale.files.get(relative) else {
                findings.push(Finding::new(
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
                    findings.push(Finding::new(
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
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check's plural categories are those the renderer selects: a
    /// message with a variant for every CLDR category, formatted by
    /// fluent-bundle for the same numbers, picks exactly these (French has
    /// no `many` for the renderer, so the check does not ask for one).
    #[test]
    fn plural_categories_are_the_ones_the_renderer_selects() {
        use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
        let ftl = "x = { $n ->\n [zero] zero\n [one] one\n [two] two\n [few] few\n [many] many\n *[other] other\n}\n";
        for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
            let id: unic_langid::LanguageIdentifier = lang.parse().unwrap();
            let mut bundle = FluentBundle::new(vec![id]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(FluentResource::try_new(ftl.to_owned()).unwrap())
                .unwrap();
            let pattern = bundle.get_message("x").unwrap().value().unwrap();
            let mut selected = BTreeSet::new();
            let numbers = (0..=1000u32).map(f64::from).chain([1e6, 0.5, 1.5, 2.1]);
            for n in numbers {
                let mut args = FluentArgs::new();
                args.set("n", n);
                let mut errors = vec![];
                selected.insert(
                    bundle
                        .format_pattern(pattern, Some(&args), &mut errors)
                        .into_owned(),
                );
            }
            let categories: BTreeSet<String> =
                plurals(lang).all.into_iter().map(str::to_owned).collect();
            assert_eq!(categories, selected, "{lang}");
        }
        assert_eq!(plurals("fr").all, ["one", "other"]);
        assert_eq!(plurals("ru").required(), ["one", "few", "many"]);
        assert_eq!(
            plurals("ar").exact(),
            [
                ("one", "1".to_owned()),
                ("two", "2".to_owned()),
                ("zero", "0".to_owned())
            ]
        );
    }

    fn locales(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("polypress-lint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn a_real_tree_s_folders_plurals_and_term_attributes_are_not_false_findings() {
        let dir = locales(
            "real-tree",
            &[
                ("en/a.ftl", "-brand = Firefox\nitems = { $n ->\n    [one] One item\n   *[other] { $n } items\n}\n"),
                ("be/a.ftl", "-brand = Firefox\n    .gender = masculine\nitems = { $n ->\n    [one] Адзін\n    [few] Некалькі\n    [many] Шмат\n   *[other] { $n }\n}\n"),
                ("images/logo.txt", "not a locale"),
            ],
        );
        let findings = check(&dir, "en");
        assert!(
            findings
                .iter()
                .all(|f| f.level() != Level::Error && f.kind() != "obsolete"),
            "{findings:#?}"
        );
        assert!(
            findings.iter().all(|f| f.locale != "images"),
            "{findings:#?}"
        );
        // A Belarusian select without [few] lacks a category CLDR gives it.
        let dir = locales(
            "real-tree-few",
            &[
                (
                    "en/a.ftl",
                    "items = { $n ->\n    [one] One item\n   *[other] { $n } items\n}\n",
                ),
                (
                    "be/a.ftl",
                    "items = { $n ->\n    [one] Адзін\n   *[other] { $n }\n}\n",
                ),
            ],
        );
        assert!(
            check(&dir, "en")
                .iter()
                .any(|f| f.kind() == "plural" && f.locale == "be"),
            "be needs one, few and many"
        );
    }

    #[test]
    fn finds_what_compare_locales_misses() {
        let dir = locales("misses", &[
            ("en/a.ftl", "greeting = Hello { $name }\nitems = { $count ->\n    [one] One item\n   *[other] { $count } items\n}\ngone = Gone\nsame = Distr.: General\n"),
            (
                "ru/a.ftl",
                "greeting = Привет { $nam }\nitems = { $count ->\n    [one] Один\n   *[other] { $count } штук\n}\nextra = Лишнее\nsame = Distr.: General\nwhen = { DATETIME($d) }\n",
            ),
        ]);
        let findings = check(&dir, "en");
        let kinds: Vec<(&str, Option<&str>)> = findings
            .iter()
            .filter(|f| f.locale == "ru")
            .map(|f| (f.kind(), f.message_id.as_deref()))
            .collect();
        assert!(kinds.contains(&("variable", Some("greeting"))), "{kinds:?}");
        assert!(
            kinds.contains(&("plural", Some("items"))),
            "ru needs few and many: {kinds:?}"
        );
        assert!(kinds.contains(&("missing", Some("gone"))), "{kinds:?}");
        assert!(kinds.contains(&("obsolete", Some("extra"))), "{kinds:?}");
        assert!(kinds.contains(&("identical", Some("same"))), "{kinds:?}");
        assert!(kinds.contains(&("function", Some("when"))), "{kinds:?}");
        let greeting = findings.iter().find(|f| f.kind() == "variable").unwrap();
        assert_eq!(greeting.position(), Position { line: 1, column: 1 });
    }

    #[test]
    fn syntax_errors_have_lines_and_columns() {
        let dir = locales("syntax", &[("en/a.ftl", "ok = Fine\nbroken = { $x\n")]);
        let findings = check(&dir, "en");
        let syntax = findings
            .iter()
            .find(|f| f.kind() == "syntax")
            .expect("a syntax error");
        assert_eq!(syntax.position().line, 2);
    }

    /// `(kind, locale, file relative to the locales folder, id)` of each
    /// finding that is not accepted.
    fn found(dir: &Path) -> Vec<(&'static str, String, String, Option<String>)> {
        check(dir, "en")
            .into_iter()
            .filter(|f| f.level() != Level::Accepted)
            .map(|f| {
                let file = f.file().strip_prefix(dir).unwrap_or(f.file());
                let file = file.display().to_string();
                (f.kind(), f.locale, file, f.message_id)
            })
            .collect()
    }

    fn one(
        kind: &'static str,
        locale: &str,
        file: &str,
        id: Option<&str>,
    ) -> (&'static str, String, String, Option<String>) {
        (kind, locale.into(), file.into(), id.map(str::to_owned))
    }

    #[test]
    fn sub_folders_are_compared_file_by_file() {
        let dir = locales(
            "tree",
            &[
                ("en/top.ftl", "top = Top\n"),
                ("en/pages/deep/page.ftl", "title = Title\ngone = Gone\n"),
                ("en/pages/other.ftl", "other = Other\n"),
                ("ru/top.ftl", "top = Верх\n"),
                // `title` is in another file than the reference's: missing there, obsolete here.
                ("ru/pages/deep/page.ftl", "gone = Нет\nnew = Новое\n"),
                ("ru/pages/title.ftl", "title = Заголовок\n"),
                ("ru/.hidden/x.ftl", "x = X\n"),
            ],
        );
        assert_eq!(
            found(&dir),
            [
                one("missing", "ru", "ru/pages/deep/page.ftl", Some("title")),
                one("obsolete", "ru", "ru/pages/deep/page.ftl", Some("new")),
                one("missing-file", "ru", "ru/pages/other.ftl", None),
                one("obsolete-file", "ru", "ru/pages/title.ftl", None),
            ]
        );
        assert_eq!(
            ftl_files(&dir.join("en")),
            [
                PathBuf::from("pages/deep/page.ftl"),
                PathBuf::from("pages/other.ftl"),
                PathBuf::from("top.ftl"),
            ]
        );
    }

    #[test]
    fn term_parameters_are_the_terms_own() {
        let dir = locales(
            "terms",
            &[
                ("en/a.ftl", "-brand = Firefox\nabout = About { -brand }\nhello = Hello { $name }\n"),
                (
                    "ru/a.ftl",
                    "-brand =\n    { $case ->\n       *[nominative] Файрфокс\n        [genitive] Файрфокса\n    }\nabout = О { -brand(case: \"prepositional\") }\nhello = Привет, { $name }\n",
                ),
            ],
        );
        assert_eq!(found(&dir), []);
    }

    #[test]
    fn default_variants_cover_the_rare_cldr_categories() {
        let select = |keys: &str| {
            let mut text = String::from("n = { $n ->\n");
            for key in keys.split(' ') {
                text.push_str(&format!("    {key} x\n"));
            }
            text.push_str("}\n");
            text
        };
        let cases = [
            // ru: `other` holds only fractions, which `*[many]` covers.
            ("ru", "[one] [few] *[many]", true),
            ("ru", "[one] [few] [many] *[other]", true),
            ("ru", "[one] *[many]", false),
            ("ru", "[one] *[other]", false),
            // A numeric key is not `one` in Russian (21, 31, …).
            ("ru", "[1] [few] [many] *[other]", false),
            // Numeric keys only: exact values (an index, a level), not plural.
            ("ru", "[1] *[other]", true),
            // fr, es: `many` holds round millions, which `*[other]` covers.
            ("fr", "[one] *[other]", true),
            ("es", "[one] [many] *[other]", true),
            ("fr", "[one] *[many]", false),
            ("fr", "[one] [several] *[other]", false),
            // In English `one` is 1 only, so `[1]` names it.
            ("es", "[1] [many] *[other]", true),
            ("en", "[1] [one] *[other]", true),
            ("en", "[0] [zero] *[other]", false),
            ("zh", "[0] [one] *[other]", true),
            ("ar", "[zero] [one] [two] [few] [many] *[other]", true),
            ("ar", "[0] [1] [2] [few] [many] *[other]", true),
            ("ar", "[one] [few] [many] *[other]", false),
            // Not on a number.
            ("ru", "[nominative] *[genitive]", true),
        ];
        for (lang, keys, ok) in cases {
            let text = select(keys);
            let (resource, _) = match fluent_syntax::parser::parse(text.as_str()) {
                Ok(r) => (r, false),
                Err((r, _)) => (r, true),
            };
            let mut unit = Unit::default();
            for entry in &resource.body {
                if let Some((_, Some(value), _)) = parts(entry) {
                    walk_pattern(value, &mut unit);
                }
            }
            let problems: Vec<String> = unit
                .plural_selects
                .iter()
                .flat_map(|s| plural_problems(lang, "n", s))
                .collect();
            assert_eq!(problems.is_empty(), ok, "{lang} {keys}: {problems:?}");
        }
    }

    #[test]
    fn reviewed_identical_texts_are_accepted() {
        let dir = locales(
            "allow",
            &[
                ("en/brands.ftl", "-brand = Firefox\n-other = Other Brand\n"),
                ("en/page.ftl", "name = Firefox\nsame = Same text\nlisted = Listed text\n"),
                ("ru/brands.ftl", "-brand = Firefox\n-other = Other Brand\n"),
                ("ru/page.ftl", "name = Firefox\nsame = Same text\nlisted = Listed text\n"),
                (
                    "ru/.l10n-allow",
                    "# reviewed\n[identical]\nbrands.ftl -brand*  # trademarks\nlisted\npage.ftl name extra\n[nothing]\n",
                ),
            ],
        );
        let findings = check(&dir, "en");
        let levels: Vec<(Level, &str, Option<&str>)> = findings
            .iter()
            .map(|f| (f.level(), f.kind(), f.message_id.as_deref()))
            .collect();
        assert_eq!(
            levels,
            [
                (Level::Error, "allow", None),
                (Level::Error, "allow", None),
                (Level::Accepted, "identical", Some("-brand")),
                (Level::Warning, "identical", Some("-other")),
                // `name` reads as the brand `-brand`: not an untranslated sentence.
                (Level::Warning, "identical", Some("same")),
                (Level::Accepted, "identical", Some("listed")),
            ]
        );
        let allow: Vec<usize> = findings
            .iter()
            .filter(|f| f.kind() == "allow")
            .map(|f| f.position().line)
            .collect();
        assert_eq!(allow, [5, 6]);
    }
}
