//! `polypress l10n check`: every locale against the reference locale.
//!
//! Beyond what compare-locales reports (syntax, duplicates, missing and
//! obsolete messages and attributes), it checks the variables each message
//! uses, its message and term references, the plural categories CLDR
//! requires for a select on a number, calls to functions we do not
//! provide, empty values and translations identical to the source.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{
    Attribute, Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use serde::Serialize;

use crate::diagnostic::{position_of_offset, Position};

/// The functions our bundles register (functions.rs).
pub const FUNCTIONS: [&str; 4] = ["DATE", "ORDINAL", "ROMAN", "COUNTER"];

/// How bad a finding is: errors fail the check, warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// One problem in a locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub level: Level,
    /// A stable kind for CI filters: `syntax`, `duplicate`, `missing`, …
    pub kind: &'static str,
    pub locale: String,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The message (and attribute) concerned, if any.
    pub message_id: Option<String>,
    pub text: String,
}

/// The CLDR plural categories a locale's cardinal numbers use.
pub fn plural_categories(lang: &str) -> &'static [&'static str] {
    match lang.split('-').next().unwrap_or(lang) {
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        "ru" | "uk" | "pl" => &["one", "few", "many", "other"],
        "zh" | "ja" | "ko" => &["other"],
        "fr" | "es" | "it" | "pt" => &["one", "many", "other"],
        _ => &["one", "other"],
    }
}

const PLURAL_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// What the check needs to know of one message or attribute.
#[derive(Debug, Clone, Default)]
struct Unit {
    file: PathBuf,
    position: Position,
    variables: BTreeSet<String>,
    references: BTreeSet<String>,
    functions: BTreeSet<String>,
    /// For each select on a variable that uses plural category keys: the keys.
    plural_selects: Vec<BTreeSet<String>>,
    /// The value with placeables written out, for "identical" and "empty".
    text: String,
    /// Only the literal text, without placeables.
    literal: String,
    /// A message may have attributes only; then its value is not empty.
    has_value: bool,
}

/// The messages of one locale: `id` or `id.attribute` → unit.
struct Locale {
    units: BTreeMap<String, Unit>,
}

fn walk_pattern(pattern: &Pattern<&str>, unit: &mut Unit) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                unit.text.push_str(value);
                unit.literal.push_str(value);
            }
            PatternElement::Placeable { expression } => walk_expression(expression, unit),
        }
    }
}

fn walk_expression(expression: &Expression<&str>, unit: &mut Unit) {
    match expression {
        Expression::Inline(inline) => walk_inline(inline, unit),
        Expression::Select { selector, variants } => {
            walk_inline(selector, unit);
            let keys: BTreeSet<String> = variants
                .iter()
                .filter_map(|v| match &v.key {
                    VariantKey::Identifier { name } => Some((*name).to_owned()),
                    VariantKey::NumberLiteral { .. } => None,
                })
                .collect();
            if matches!(selector, InlineExpression::VariableReference { .. })
                && keys
                    .iter()
                    .any(|k| PLURAL_NAMES.contains(&k.as_str()) && k != "other")
            {
                unit.plural_selects.push(keys);
            }
            for variant in variants {
                walk_pattern(&variant.value, unit);
            }
        }
    }
}

fn walk_inline(inline: &InlineExpression<&str>, unit: &mut Unit) {
    match inline {
        InlineExpression::StringLiteral { value } => {
            unit.text.push_str(value);
            unit.literal.push_str(value);
        }
        InlineExpression::NumberLiteral { value } => unit.text.push_str(value),
        InlineExpression::VariableReference { id } => {
            unit.variables.insert(id.name.to_owned());
            unit.text.push_str(&format!("{{${}}}", id.name));
        }
        InlineExpression::FunctionReference { id, arguments } => {
            unit.functions.insert(id.name.to_owned());
            for argument in &arguments.positional {
                walk_inline(argument, unit);
            }
            for named in &arguments.named {
                walk_inline(&named.value, unit);
            }
        }
        InlineExpression::MessageReference { id, attribute } => {
            let name = match attribute {
                Some(a) => format!("{}.{}", id.name, a.name),
                None => id.name.to_owned(),
            };
            unit.text.push_str(&format!("{{{name}}}"));
            unit.references.insert(name);
        }
        InlineExpression::TermReference { id, attribute, .. } => {
            let name = match attribute {
                Some(a) => format!("-{}.{}", id.name, a.name),
                None => format!("-{}", id.name),
            };
            unit.text.push_str(&format!("{{{name}}}"));
            unit.references.insert(name);
        }
        InlineExpression::Placeable { expression } => walk_expression(expression, unit),
    }
}

/// A message's or term's id (`-term`), value and attributes; none for
/// comments and junk.
#[allow(clippy::type_complexity)]
fn parts<'a>(
    entry: &'a Entry<&'a str>,
) -> Option<(
    String,
    Option<&'a Pattern<&'a str>>,
    &'a Vec<Attribute<&'a str>>,
)> {
    match entry {
        Entry::Message(m) => Some((m.id.name.to_owned(), m.value.as_ref(), &m.attributes)),
        Entry::Term(t) => Some((format!("-{}", t.id.name), Some(&t.value), &t.attributes)),
        _ => None,
    }
}

/// The variables each message, term and attribute of a Fluent file uses
/// (`id`, `-term`, `id.attribute`), and whether the file has syntax errors.
pub fn variables(text: &str) -> (BTreeMap<String, BTreeSet<String>>, bool) {
    let (resource, broken) = match fluent_syntax::parser::parse(text) {
        Ok(r) => (r, false),
        Err((r, _)) => (r, true),
    };
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        let Some((id, value, attributes)) = parts(entry) else {
            continue;
        };
        let mut unit = Unit::default();
        if let Some(value) = value {
            walk_pattern(value, &mut unit);
        }
        out.insert(id.clone(), unit.variables);
        for attribute in attributes {
            let mut unit = Unit::default();
            walk_pattern(&attribute.value, &mut unit);
            out.insert(format!("{id}.{}", attribute.id.name), unit.variables);
        }
    }
    (out, broken)
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

/// Reads a locale folder; syntax and duplicate findings go to `findings`.
fn read_locale(lang: &str, dir: &Path, findings: &mut Vec<Finding>) -> Locale {
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
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
                    let p = position_of_offset(&text, at);
                    findings.push(Finding {
                        level: Level::Error,
                        kind: "syntax",
                        locale: lang.into(),
                        file: file.clone(),
                        line: p.line,
                        column: p.column,
                        message_id: None,
                        text: format!("Fluent syntax error: {}", e.kind),
                    });
                }
                r
            }
        };
        for entry in &resource.body {
            let Some((id, value, attributes)) = parts(entry) else {
                continue;
            };
            let position = definition(&text, &id);
            if units.contains_key(&id) {
                findings.push(Finding {
                    level: Level::Error,
                    kind: "duplicate",
                    locale: lang.into(),
                    file: file.clone(),
                    line: position.line,
                    column: position.column,
                    message_id: Some(id.clone()),
                    text: format!("`{id}` is defined twice in locale `{lang}`"),
                });
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
            units.insert(id.clone(), unit);
            for attribute in attributes {
                let mut unit = Unit {
                    file: file.clone(),
                    position,
                    has_value: true,
                    ..Unit::default()
                };
                walk_pattern(&attribute.value, &mut unit);
                units.insert(format!("{id}.{}", attribute.id.name), unit);
            }
        }
    }
    Locale { units }
}

/// Checks every locale under `dir` against `reference`.
pub fn check(dir: &Path, reference: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut langs: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    langs.sort();
    let locales: BTreeMap<String, Locale> = langs
        .iter()
        .map(|l| (l.clone(), read_locale(l, &dir.join(l), &mut findings)))
        .collect();
    let Some(source) = locales.get(reference) else {
        findings.push(Finding {
            level: Level::Error,
            kind: "reference",
            locale: reference.into(),
            file: dir.join(reference),
            line: 0,
            column: 0,
            message_id: None,
            text: format!(
                "the reference locale `{reference}` has no folder under {}",
                dir.display()
            ),
        });
        return findings;
    };
    for (lang, locale) in &locales {
        let mut find = |level, kind, unit: &Unit, id: &str, text: String| {
            findings.push(Finding {
                level,
                kind,
                locale: lang.clone(),
                file: unit.file.clone(),
                line: unit.position.line,
                column: unit.position.column,
                message_id: Some(id.to_owned()),
                text,
            });
        };
        for (id, unit) in &locale.units {
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
                if !locale.units.contains_key(reference_id) {
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
            let required = plural_categories(lang);
            for keys in &unit.plural_selects {
                let missing: Vec<&str> = required
                    .iter()
                    .filter(|c| !keys.contains(**c))
                    .copied()
                    .collect();
                if !missing.is_empty() {
                    find(
                        Level::Error,
                        "plural",
                        unit,
                        id,
                        format!(
                        "`{id}` selects on plural categories but lacks {} (CLDR for `{lang}`: {})",
                        missing.join(", "),
                        required.join(", ")
                    ),
                    );
                }
            }
            if lang == reference {
                continue;
            }
            let Some(original) = source.units.get(id) else {
                // A `.x-next` attribute is a form a language adds for the
                // items after the first of a list (Arabic .of-next): its own.
                let next_form = id.rsplit_once('.').is_some_and(|(message, attribute)| {
                    attribute.ends_with("-next")
                        && source.units.contains_key(&format!(
                            "{message}.{}",
                            attribute.trim_end_matches("-next")
                        ))
                });
                if next_form {
                    continue;
                }
                find(
                    Level::Warning,
                    "obsolete",
                    unit,
                    id,
                    format!("`{id}` is not in the reference locale `{reference}`: obsolete?"),
                );
                continue;
            };
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
            if unit.text == original.text && unit.literal.chars().any(char::is_alphabetic) {
                find(
                    Level::Warning,
                    "identical",
                    unit,
                    id,
                    format!("`{id}` in `{lang}` is identical to `{reference}`: untranslated?"),
                );
            }
        }
        for (id, original) in &source.units {
            if lang != reference && !locale.units.contains_key(id) {
                let file = dir
                    .join(lang)
                    .join(original.file.file_name().unwrap_or_default());
                findings.push(Finding {
                    level: Level::Error,
                    kind: "missing",
                    locale: lang.clone(),
                    file,
                    line: 0,
                    column: 0,
                    message_id: Some(id.clone()),
                    text: format!("`{id}` is missing in `{lang}`"),
                });
            }
        }
    }
    findings.sort_by(|a, b| {
        (&a.locale, &a.file, a.line, &a.message_id, a.kind).cmp(&(
            &b.locale,
            &b.file,
            b.line,
            &b.message_id,
            b.kind,
        ))
    });
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "polypress-lint-{}-{}",
            std::process::id(),
            files.len()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn finds_what_compare_locales_misses() {
        let dir = locales(&[
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
            .map(|f| (f.kind, f.message_id.as_deref()))
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
        let greeting = findings.iter().find(|f| f.kind == "variable").unwrap();
        assert_eq!((greeting.line, greeting.column), (1, 1));
    }

    #[test]
    fn syntax_errors_have_lines_and_columns() {
        let dir = locales(&[("en/a.ftl", "ok = Fine\nbroken = { $x\n")]);
        let findings = check(&dir, "en");
        let syntax = findings
            .iter()
            .find(|f| f.kind == "syntax")
            .expect("a syntax error");
        assert_eq!(syntax.line, 2);
    }
}
