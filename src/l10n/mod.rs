//! Stage 2: localisation. One Fluent bundle per language from
//! `locales/<lang>/*.ftl`, with our `DATE`, `ORDINAL` and `ROMAN` functions.
//!
//! Every string the templates print comes through [`Localizer::format`]. A
//! missing message, a missing variable or a failing function is an error
//! naming the message id and the locale, so `{???}` never reaches a PDF.

pub(crate) mod escapes;
pub mod functions;
pub mod pseudo;
pub(crate) mod syntax;
pub mod uses;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use rayon::prelude::*;
use unic_langid::LanguageIdentifier;

use crate::diagnostic::Diagnostic;
use crate::house::{House, HouseFile};

/// A value passed to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Argument {
    Text(String),
    Number(f64),
}

/// Why a message could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum L10nError {
    #[error("no locale files for language `{lang}`")]
    UnknownLanguage { lang: String },
    #[error(
        "the locale files of `{lang}` have {errors} error(s); `polypress l10n check` lists them"
    )]
    Broken { lang: String, errors: usize },
    #[error("message `{id}` is missing in locale `{lang}`")]
    MissingMessage { id: String, lang: String },
    #[error("message `{id}` in locale `{lang}`: {reason}")]
    Resolver {
        id: String,
        lang: String,
        reason: String,
    },
}

/// The Fluent files of one language.
struct Locale {
    bundle: FluentBundle<FluentResource>,
    /// The definitions to fingerprint ([`uses::Fingerprints`]),
    /// made on first use: only an incremental build asks for them.
    fingerprints: std::sync::OnceLock<uses::Fingerprints>,
}

/// A language's files, parsed on first use unless loaded at once.
struct LazyLocale {
    /// The house's files, then the repository's over them.
    files: Vec<HouseFile>,
    /// Where the repository's files start in `files`.
    overrides_start: usize,
    loaded: std::sync::OnceLock<Result<Locale, Vec<Diagnostic>>>,
}

impl LazyLocale {
    fn get(&self, lang: &str) -> Result<&Locale, &[Diagnostic]> {
        self.loaded
            .get_or_init(|| load_locale(lang, &self.files, self.overrides_start))
            .as_ref()
            .map_err(Vec::as_slice)
    }
}

/// Every language's messages, loaded once and shared read-only: those a
/// run asked for at once (their errors refuse the run), any other on first
/// use.
pub struct Localizer {
    locales: BTreeMap<String, LazyLocale>,
}

impl Localizer {
    /// Loads `dir/<lang>/*.ftl` for every language folder in `dir` (a
    /// checkout's locales, nothing over them).
    pub fn load(dir: &Path) -> Result<Self, Vec<Diagnostic>> {
        let root = dir.parent().unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(vec![cannot_read_locales(dir, "no such folder")]);
        }
        Self::of(&House::folder(root))
    }

    /// Loads the house's `locales/<lang>/*.ftl` for every language it has,
    /// then the repository's files of the same folders over them, message
    /// by message. An override must take the variables of the message it
    /// replaces (a message the house lacks is simply added).
    pub fn of(house: &House) -> Result<Self, Vec<Diagnostic>> {
        Self::for_languages(house, None)
    }

    /// As [`Localizer::of`], loading at once only the languages `wanted`
    /// (English too for a pseudo-locale; all when `None`) and those the
    /// repository overrides, the others on first use: a render of one
    /// language parses one language's files.
    pub fn for_languages(
        house: &House,
        wanted: Option<&[String]>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut languages: BTreeMap<String, (Vec<HouseFile>, Vec<HouseFile>)> = BTreeMap::new();
        let base = house.base_files("locales");
        if base.is_empty() {
            if let crate::house::Base::Folder(root) = &house.base {
                return Err(vec![cannot_read_locales(
                    &root.join("locales"),
                    "no locale files",
                )]);
            }
        }
        for file in base {
            if let Some(lang) = locale_file_language(&file.name) {
                languages.entry(lang).or_default().0.push(file);
            }
        }
        for file in house.override_files("locales") {
            if let Some(lang) = locale_file_language(&file.name) {
                languages.entry(lang).or_default().1.push(file);
            }
        }
        let locales: BTreeMap<String, LazyLocale> = languages
            .into_iter()
            .map(|(lang, (base, overrides))| {
                let overrides_start = base.len();
                let files = base.into_iter().chain(overrides).collect();
                let locale = LazyLocale {
                    files,
                    overrides_start,
                    loaded: std::sync::OnceLock::new(),
                };
                (lang, locale)
            })
            .collect();
        let loads_now = |lang: &str| {
            wanted.is_none_or(|w| {
                w.iter()
                    .any(|l| l == lang || crate::language::Language::of(l).texts_tag() == lang)
            })
        };
        // The languages loaded now are parsed in parallel (a third of a
        // one-document render's start-up), their errors gathered in the
        // languages' sorted order. A language the repository overrides is
        // always among them: a broken override is an error of every
        // command, whatever it renders.
        let errors: Vec<Vec<Diagnostic>> = locales
            .par_iter()
            .filter(|(lang, locale)| loads_now(lang) || locale.overrides_start < locale.files.len())
            .map(|(lang, locale)| {
                locale
                    .get(lang)
                    .err()
                    .map(<[_]>::to_vec)
                    .unwrap_or_default()
            })
            .collect();
        let errors: Vec<Diagnostic> = errors.into_iter().flatten().collect();
        if errors.is_empty() {
            Ok(Localizer { locales })
        } else {
            Err(errors)
        }
    }

    /// The loaded messages of `lang`, `None` for a language without files.
    fn locale(&self, lang: &str) -> Option<Result<&Locale, &[Diagnostic]>> {
        self.locales.get(lang).map(|l| l.get(lang))
    }

    /// The languages that have locale files, and the pseudo-locales when
    /// English is one of them.
    pub fn languages(&self) -> Vec<String> {
        with_pseudo_locales(self.locales.keys().cloned().collect())
    }

    /// What [`Localizer::languages`] gives once the house is loaded, read
    /// from the names of its locale files alone (for work that starts while
    /// it loads).
    pub fn languages_in(house: &House) -> Vec<String> {
        with_pseudo_locales(house.locale_languages())
    }

    /// The files a language's messages come from: the house's, then the
    /// repository's.
    pub fn files(&self, lang: &str) -> &[HouseFile] {
        self.locales.get(lang).map_or(&[], |l| l.files.as_slice())
    }

    /// A hash of what messages `ids` are in `lang` (a pseudo-locale's are
    /// English): their definitions and those of the messages and terms
    /// they reference. The same ids give the same hash as long as none of
    /// those definitions changes.
    pub(crate) fn fingerprint(&self, lang: &str, ids: &[String]) -> String {
        let lang = if pseudo::is_pseudo(lang) && !self.locales.contains_key(lang) {
            "en"
        } else {
            lang
        };
        let (Some(Ok(locale)), Some(lazy)) = (self.locale(lang), self.locales.get(lang)) else {
            return "no-locale".to_owned();
        };
        let table = locale.fingerprints.get_or_init(|| {
            let texts: Vec<std::borrow::Cow<'_, str>> = lazy
                .files
                .iter()
                .map(|f| String::from_utf8_lossy(&f.bytes))
                .collect();
            uses::Fingerprints::of(texts.iter().map(|t| t.as_ref()))
        });
        let mut resolved = std::collections::HashMap::new();
        let mut hasher = blake3::Hasher::new();
        for id in ids {
            hasher.update(id.as_bytes());
            hasher.update(&[0]);
            hasher.update(table.of_entry(id, &mut resolved).as_bytes());
            hasher.update(&[0]);
        }
        hasher.finalize().to_hex()[..32].to_owned()
    }

    /// Whether message `id` (or `id.attribute`) exists in `lang`.
    pub fn has(&self, lang: &str, id: &str) -> bool {
        uses::note(id);
        let lang = if pseudo::is_pseudo(lang) && !self.locales.contains_key(lang) {
            "en"
        } else {
            lang
        };
        let Some(Ok(locale)) = self.locale(lang) else {
            return false;
        };
        let (message_id, attribute) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        match (locale.bundle.get_message(message_id), attribute) {
            (Some(m), Some(a)) => m.get_attribute(a).is_some(),
            (Some(m), None) => m.value().is_some(),
            (None, _) => false,
        }
    }

    /// Formats message `id` (or `id.attribute`) in `lang`.
    pub fn format(
        &self,
        lang: &str,
        id: &str,
        args: &[(&str, Argument)],
    ) -> Result<String, L10nError> {
        uses::note(id);
        // Pseudo-locales format English and transform the result.
        if pseudo::is_pseudo(lang) && !self.locales.contains_key(lang) {
            return self
                .format("en", id, args)
                .map(|text| pseudo::transform(lang, &text));
        }
        let locale = match self.locale(lang) {
            Some(Ok(locale)) => locale,
            Some(Err(errors)) => {
                return Err(L10nError::Broken {
                    lang: lang.into(),
                    errors: errors.len(),
                })
            }
            None => return Err(L10nError::UnknownLanguage { lang: lang.into() }),
        };
        let missing = || L10nError::MissingMessage {
            id: id.into(),
            lang: lang.into(),
        };
        let (message_id, attribute) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let message = locale.bundle.get_message(message_id).ok_or_else(missing)?;
        let pattern = match attribute {
            Some(a) => message.get_attribute(a).map(|a| a.value()),
            None => message.value(),
        }
        .ok_or_else(missing)?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Argument::Text(t) => fluent_args.set(*name, FluentValue::from(t.clone())),
                Argument::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text = locale
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        let resolver = |reason: String| L10nError::Resolver {
            id: id.into(),
            lang: lang.into(),
            reason,
        };
        if let Some(error) = errors.first() {
            return Err(resolver(describe(error)));
        }
        if let Some(reason) = functions::take_failure(&text) {
            return Err(resolver(reason));
        }
        Ok(text.into_owned())
    }
}

fn describe(error: &FluentError) -> String {
    match error {
        FluentError::ResolverError(e) => e.to_string(),
        other => other.to_string(),
    }
}

fn cannot_read_locales(dir: &Path, reason: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot read the locales folder {}: {reason}",
        dir.display()
    ))
    .in_file(dir)
    .with_hint(
        "run polypress inside a document repository (`polypress init` makes one; its root is found upward), or pass --root",
    )
}

/// The language of a file of the locales: `locales/<lang>/x.ftl` directly
/// in a language folder (sub-folders are for `l10n check` alone).
fn locale_file_language(name: &str) -> Option<String> {
    match name.split('/').collect::<Vec<_>>().as_slice() {
        ["locales", lang, file] if file.ends_with(".ftl") => Some((*lang).to_owned()),
        _ => None,
    }
}

/// `languages`, and the pseudo-locales when English is one of them.
fn with_pseudo_locales(mut languages: Vec<String>) -> Vec<String> {
    if languages
        .iter()
        .any(|l| crate::language::Language::of(l).is_pseudo_source())
    {
        languages.extend(pseudo::PSEUDO_LOCALES.iter().map(|l| l.to_string()));
    }
    languages
}

/// Loads one language's Fluent files, the house's then the repository's
/// overrides, into a bundle with the house's functions.
fn load_locale(
    lang: &str,
    files: &[HouseFile],
    overrides_start: usize,
) -> Result<Locale, Vec<Diagnostic>> {
    let folder = files
        .first()
        .and_then(|f| f.path.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let bundle = new_bundle(lang, &folder)?;
    let mut load = LocaleLoad {
        lang,
        bundle,
        errors: Vec::new(),
        base_variables: BTreeMap::new(),
        overridden: BTreeMap::new(),
        has_overrides: overrides_start < files.len(),
    };
    for (index, file) in files.iter().enumerate() {
        load.add_file(file, index >= overrides_start);
    }
    if load.errors.is_empty() {
        Ok(Locale {
            bundle: load.bundle,
            fingerprints: std::sync::OnceLock::new(),
        })
    } else {
        Err(load.errors)
    }
}

/// An empty bundle for `lang` with the `DATE`, `ORDINAL`, `ROMAN` and
/// `COUNTER` functions; `folder` is where a bad language code is reported.
fn new_bundle(lang: &str, folder: &Path) -> Result<FluentBundle<FluentResource>, Vec<Diagnostic>> {
    let langid: LanguageIdentifier = lang.parse().map_err(|_| {
        vec![
            Diagnostic::error(format!("`{lang}` is not a language identifier"))
                .in_file(folder)
                .with_hint("name locale folders by language code: en, ru, fr-CA"),
        ]
    })?;
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    let base = crate::language::Language::of(lang).primary().to_owned();
    let date_lang = base.clone();
    let ordinal_lang = base;
    // Registering into a fresh bundle cannot collide.
    bundle
        .add_function("DATE", move |p, n| functions::date(&date_lang, p, n))
        .expect("a new bundle has no DATE yet");
    bundle
        .add_function("ORDINAL", move |p, n| {
            functions::ordinal(&ordinal_lang, p, n)
        })
        .expect("a new bundle has no ORDINAL yet");
    bundle
        .add_function("ROMAN", functions::roman)
        .expect("a new bundle has no ROMAN yet");
    bundle
        .add_function("COUNTER", functions::counter)
        .expect("a new bundle has no COUNTER yet");
    Ok(bundle)
}

/// One language's locale files on their way into its bundle, with what
/// the repository's overrides are checked against and the errors so far.
struct LocaleLoad<'a> {
    lang: &'a str,
    bundle: FluentBundle<FluentResource>,
    errors: Vec<Diagnostic>,
    /// The variables of each message of the house, for its overrides.
    base_variables: BTreeMap<String, BTreeSet<String>>,
    /// Where the repository's files define each message, for duplicates.
    overridden: BTreeMap<String, PathBuf>,
    has_overrides: bool,
}

impl LocaleLoad<'_> {
    /// Reads, checks and adds one file; a file with errors adds nothing.
    fn add_file(&mut self, file: &HouseFile, is_override: bool) {
        let lang = self.lang;
        let errors = &mut self.errors;
        let path = &file.path;
        let text = match file.text() {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                return;
            }
        };
        if let Some((at, message)) = escapes::unparseable(&text) {
            errors.push(
                Diagnostic::error(format!("Fluent syntax error: {message}"))
                    .at_offset(path, &text, at, 2)
                    .with_hint(if message.contains("nest") {
                        "close the placeables opened here: real messages nest two or three deep"
                    } else {
                        "write `\\u` and four hex digits (`\\u00A0`), `\\U` and six, `\\\"` or `\\\\`"
                    }),
            );
            return;
        }
        // Only a language with overrides needs the variables (a second
        // parse of each file).
        let variables = if self.has_overrides {
            syntax::variables(&text).0
        } else {
            BTreeMap::new()
        };
        if is_override {
            let mut problems = override_problems(
                lang,
                path,
                &text,
                &variables,
                &self.base_variables,
                &mut self.overridden,
            );
            if !problems.is_empty() {
                errors.append(&mut problems);
                return;
            }
        } else {
            self.base_variables.extend(variables);
        }
        let resource = match FluentResource::try_new(text.clone()) {
            Ok(r) => r,
            Err((_, parse_errors)) => {
                for e in parse_errors {
                    let range = e.slice.clone().unwrap_or(e.pos.clone());
                    let length = e.pos.end.saturating_sub(e.pos.start).max(1);
                    errors.push(
                        Diagnostic::error(format!("Fluent syntax error: {}", e.kind))
                            .at_offset(path, &text, e.pos.start.min(range.end), length)
                            .with_hint(
                                "see https://projectfluent.org/fluent/guide/ for the syntax",
                            ),
                    );
                }
                return;
            }
        };
        if is_override {
            // Message by message over the house's.
            self.bundle.add_resource_overriding(resource);
        } else if let Err(add_errors) = self.bundle.add_resource(resource) {
            for e in add_errors {
                let mut d = Diagnostic::error(format!("in locale `{lang}`: {e}"));
                if let FluentError::Overriding { id, .. } = &e {
                    d = match find_definition(&text, id) {
                        Some(offset) => d.at_offset(path, &text, offset, id.len()),
                        None => d.in_file(path),
                    };
                    d = d.with_hint(format!(
                        "`{id}` is defined twice in locales/{lang}: keep one"
                    ));
                }
                errors.push(d);
            }
        }
    }
}

/// What is wrong with a repository's locale file `path` over the house:
/// a message or attribute whose variables are not those of the house's
/// message it replaces (the templates give only those), or one defined
/// twice among the repository's files.
fn override_problems(
    lang: &str,
    path: &Path,
    text: &str,
    variables: &BTreeMap<String, BTreeSet<String>>,
    base: &BTreeMap<String, BTreeSet<String>>,
    overridden: &mut BTreeMap<String, PathBuf>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (id, own) in variables {
        let entry = id.split('.').next().unwrap_or(id);
        let at = |d: Diagnostic| match find_definition(text, entry) {
            Some(offset) => d.at_offset(path, text, offset, entry.len()),
            None => d.in_file(path),
        };
        if !id.contains('.') {
            if let Some(first) = overridden.insert(id.clone(), path.to_path_buf()) {
                problems.push(
                    at(Diagnostic::error(format!(
                        "`{id}` is overridden twice in locale `{lang}` (first in {})",
                        first.display()
                    )))
                    .with_hint("keep one override of each message"),
                );
                continue;
            }
        }
        // Terms are the file's own; a message the house lacks is new.
        let Some(expected) = base.get(id).filter(|_| !id.starts_with('-')) else {
            continue;
        };
        if own != expected {
            let list = |set: &BTreeSet<String>| {
                if set.is_empty() {
                    "none".to_owned()
                } else {
                    set.iter()
                        .map(|v| format!("${v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            problems.push(
                at(Diagnostic::error(format!(
                    "the override of `{id}` in locale `{lang}` uses the variables {}, but the built-in message takes {}",
                    list(own),
                    list(expected)
                )))
                .with_hint(format!(
                    "an override takes exactly the built-in message's variables ({}); see docs/repositories.md",
                    list(expected)
                )),
            );
        }
    }
    problems
}

/// Byte offset of `id =` at the start of a line.
fn find_definition(text: &str, id: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id) {
            if rest.trim_start().starts_with('=') {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn localizer() -> Localizer {
        Localizer::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
            .expect("the repository's locales load")
    }

    /// Fluent wraps placeables in FSI … PDI; the typesetter drops them.
    fn plain(result: Result<String, L10nError>) -> String {
        result.unwrap().replace(['\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn formulas_in_english_and_russian() {
        let l = localizer();
        let n = |v: f64| Argument::Number(v);
        assert_eq!(
            plain(l.format("en", "ga-session", &[("session", n(75.0))])),
            "Seventy-fifth session"
        );
        assert_eq!(
            plain(l.format("ru", "ga-session", &[("session", n(75.0))])),
            "Семьдесят пятая сессия"
        );
        assert_eq!(
            plain(l.format("ru", "sc-year", &[("ordinal", n(76.0))])),
            "Семьдесят шестой год"
        );
        assert_eq!(
            plain(l.format("en", "state-RU.of", &[])),
            "the Russian Federation"
        );
        let date = Argument::Text("2021-06-01".into());
        assert_eq!(
            plain(l.format("ru", "masthead-date", &[("date", date)])),
            "1 June 2021"
        );
    }

    #[test]
    fn errors_name_the_message_and_locale() {
        let l = localizer();
        let e = l.format("ru", "no-such-message", &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "message `no-such-message` is missing in locale `ru`"
        );
        let e = l.format("en", "ga-session", &[]).unwrap_err();
        assert!(matches!(e, L10nError::Resolver { .. }), "{e:?}");
        let bad = Argument::Text("2021-13-01".into());
        let e = l
            .format("en", "masthead-date", &[("date", bad)])
            .unwrap_err();
        assert!(
            e.to_string().contains("masthead-date") && e.to_string().contains("2021-13-01"),
            "{e}"
        );
    }

    #[test]
    fn a_run_of_one_language_parses_that_language_and_the_others_on_use() {
        let root = std::env::temp_dir().join(format!("polypress-lazy-l10n-{}", std::process::id()));
        for (lang, text) in [("en", "hello = Hello\n"), ("fr", "hello = { $\n")] {
            std::fs::create_dir_all(root.join("locales").join(lang)).unwrap();
            std::fs::write(root.join("locales").join(lang).join("a.ftl"), text).unwrap();
        }
        let house = House::folder(&root);
        // Loading every language refuses the broken French file.
        assert!(Localizer::of(&house).is_err());
        // Loading English alone does not; French is still a language, and
        // using it reports its files as broken instead of formatting.
        let en = vec!["en".to_owned()];
        let localizer = Localizer::for_languages(&house, Some(&en)).unwrap();
        assert_eq!(
            localizer
                .languages()
                .iter()
                .filter(|l| !l.contains('-'))
                .count(),
            2
        );
        assert_eq!(plain(localizer.format("en", "hello", &[])), "Hello");
        assert!(matches!(
            localizer.format("fr", "hello", &[]),
            Err(L10nError::Broken { .. })
        ));
        // A pseudo-locale loads English at once.
        let pseudo = vec!["en-XA".to_owned()];
        assert!(Localizer::for_languages(&house, Some(&pseudo)).is_ok());
        let fr = vec!["fr".to_owned()];
        assert!(Localizer::for_languages(&house, Some(&fr)).is_err());
        std::fs::remove_dir_all(&root).ok();
    }
}
