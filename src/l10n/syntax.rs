//! What a Fluent file's messages use, read from its syntax tree: the
//! variables, references and functions of each message, term and
//! attribute, and its selects on plural categories. The runtime stage
//! reads the variables of a locale's overrides with it; the translators'
//! check (`translate::lint`) reads everything else.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use fluent_syntax::ast::{
    Attribute, Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};

use crate::diagnostic::Position;

pub(crate) const PLURAL_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The variant keys of a select on plural categories: on a variable or
/// `NUMBER()`, with a key that is a plural category other than `other`.
/// With numeric keys only, a select matches exact values (`[0] Annex
/// *[other] Annex { ROMAN($number) }`, `[1] le Représentant permanent
/// *[other] les Représentants permanents`) and is not checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct PluralSelect {
    /// Identifier keys (`one`, `many`, and any other name).
    pub(crate) names: BTreeSet<String>,
    /// Numeric keys (`1`).
    pub(crate) numbers: BTreeSet<String>,
}

/// What the check needs to know of one message or attribute.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unit {
    pub(crate) file: PathBuf,
    pub(crate) position: Position,
    pub(crate) variables: BTreeSet<String>,
    pub(crate) references: BTreeSet<String>,
    pub(crate) functions: BTreeSet<String>,
    /// Each select on plural categories.
    pub(crate) plural_selects: Vec<PluralSelect>,
    /// The value with placeables written out, for "identical" and "empty".
    pub(crate) text: String,
    /// Only the literal text, without placeables.
    pub(crate) literal: String,
    /// A message may have attributes only; then its value is not empty.
    pub(crate) has_value: bool,
}

pub(crate) fn walk_pattern(pattern: &Pattern<&str>, unit: &mut Unit) {
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
            let mut select = PluralSelect::default();
            for variant in variants {
                match &variant.key {
                    VariantKey::Identifier { name } => select.names.insert((*name).to_owned()),
                    VariantKey::NumberLiteral { value } => {
                        select.numbers.insert((*value).to_owned())
                    }
                };
            }
            let on_number = match selector {
                InlineExpression::VariableReference { .. } => true,
                InlineExpression::FunctionReference { id, .. } => id.name == "NUMBER",
                _ => false,
            };
            let plural = select
                .names
                .iter()
                .any(|k| PLURAL_NAMES.contains(&k.as_str()) && k != "other");
            if on_number && plural {
                unit.plural_selects.push(select);
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
        // The arguments of a term reference (`-brand(case: "genitive")`)
        // are literals the term selects on, not text of the message.
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
pub(crate) fn parts<'a>(
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
pub(crate) fn variables(text: &str) -> (BTreeMap<String, BTreeSet<String>>, bool) {
    if super::escapes::unparseable(text).is_some() {
        return (BTreeMap::new(), true);
    }
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
