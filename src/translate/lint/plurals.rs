//! The plural categories of a language as the renderer selects them, and
//! what a select on a number lacks of them.

use std::collections::{BTreeMap, BTreeSet};

use crate::l10n::syntax::{PluralSelect, PLURAL_NAMES};

/// The plural categories of `lang` as the renderer selects them: read from
/// the rules fluent-bundle formats with (`intl_pluralrules`, the same
/// crate and version), by the numbers that select each category. The
/// whole numbers 0 to 1,000 and round thousands and millions reach every
/// category a whole number can (the rules look at the last two or three
/// digits and at exponents); the fractions reach those only fractions do.
/// A language the rules do not know has `one` and `other`, as English.
pub(super) struct Plurals {
    /// Every category, in CLDR's order.
    pub(super) all: Vec<&'static str>,
    /// The whole numbers each category holds, among those tried.
    whole: BTreeMap<&'static str, BTreeSet<u64>>,
}

pub(super) fn plurals(lang: &str) -> Plurals {
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
    pub(super) fn required(&self) -> Vec<&'static str> {
        self.all
            .iter()
            .copied()
            .filter(|c| self.whole.contains_key(c))
            .collect()
    }

    /// Categories that hold exactly one whole number, so that a numeric
    /// variant key (`[1]`) names them as well as the category does.
    pub(super) fn exact(&self) -> Vec<(&'static str, String)> {
        self.whole
            .iter()
            .filter(|(_, numbers)| numbers.len() == 1)
            .map(|(c, numbers)| (*c, numbers.first().map(u64::to_string).unwrap_or_default()))
            .collect()
    }
}

/// The plural findings of one select of `id` in `lang`: category names CLDR
/// does not have, and required categories neither named nor covered by a
/// numeric key. The default variant covers the other CLDR categories.
pub(super) fn plural_problems(lang: &str, id: &str, select: &PluralSelect) -> Vec<String> {
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
