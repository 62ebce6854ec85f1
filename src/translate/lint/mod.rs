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

mod allow;
mod compare;
mod finding;
mod plurals;
mod read;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use compare::compare;
pub use finding::{Finding, Level};
use read::{folder_files, ftl_files, read_locale, Locale, LocaleFile};

/// The functions our bundles register (functions.rs).
pub(crate) const FUNCTIONS: [&str; 4] = ["DATE", "ORDINAL", "ROMAN", "COUNTER"];

/// The file in a locale folder that lists reviewed exceptions.
pub(crate) const ALLOW_FILE: &str = ".l10n-allow";

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

#[cfg(test)]
mod tests;
