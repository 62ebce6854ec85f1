//! Which messages a render used, and what they were: the build manifest
//! records both, so a changed message (an upgraded house, a repository's
//! override, a translator's fix) renders again exactly the PDFs that
//! printed it, not every PDF of its language.
//!
//! A render runs inside [`recording`]; [`super::Localizer::format`] and
//! [`super::Localizer::has`] note each message id they are asked for on
//! the recording of their thread. Recordings nest (a thread waiting in a
//! fork-join may run another job's work, which records on a recording of
//! its own and leaves ours as it found it).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

thread_local! {
    static RECORDINGS: RefCell<Vec<BTreeSet<String>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` and returns, with its result, the ids of the messages (and
/// terms) it formatted or asked about, sorted.
pub fn recording<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
    RECORDINGS.with(|r| r.borrow_mut().push(BTreeSet::new()));
    let result = f();
    let used = RECORDINGS
        .with(|r| r.borrow_mut().pop())
        .unwrap_or_default();
    (result, used.into_iter().collect())
}

/// Notes a dependency that is not a message (a page mark, by the name
/// `Marks::EMBLEM` gives it) on this thread's recording, if one is open.
pub(crate) fn note_other(name: &str) {
    note(name)
}

/// Notes message `id` (`id.attribute` counts as `id`) on this thread's
/// recording, if one is open.
pub(super) fn note(id: &str) {
    let entry = id.split('.').next().unwrap_or(id);
    RECORDINGS.with(|r| {
        if let Some(top) = r.borrow_mut().last_mut() {
            if !top.contains(entry) {
                top.insert(entry.to_owned());
            }
        }
    });
}

/// The fingerprint of every message and term of a language: a hash of its
/// definition (value, attributes, variants) and of the fingerprints of the
/// messages and terms it references, however deep. Definitions later in
/// `texts` replace earlier ones of the same id, as overrides do.
pub(super) fn fingerprints<'a>(texts: impl Iterator<Item = &'a str>) -> HashMap<String, String> {
    let mut definitions: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    for text in texts {
        let resource = match fluent_syntax::parser::parse(text) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in &resource.body {
            let (id, patterns): (String, Vec<&Pattern<&str>>) = match entry {
                Entry::Message(m) => (
                    m.id.name.to_owned(),
                    m.value
                        .iter()
                        .chain(m.attributes.iter().map(|a| &a.value))
                        .collect(),
                ),
                Entry::Term(t) => (
                    format!("-{}", t.id.name),
                    std::iter::once(&t.value)
                        .chain(t.attributes.iter().map(|a| &a.value))
                        .collect(),
                ),
                _ => continue,
            };
            let mut references = BTreeSet::new();
            for pattern in &patterns {
                pattern_references(pattern, &mut references);
            }
            // The definition without its comment: a changed comment
            // changes no PDF.
            let definition = match entry {
                Entry::Message(m) => format!("{:?}{:?}", m.value, m.attributes),
                Entry::Term(t) => format!("{:?}{:?}", t.value, t.attributes),
                _ => continue,
            };
            definitions.insert(id, (definition, references));
        }
    }
    let mut resolved = HashMap::new();
    for id in definitions.keys() {
        resolve(id, &definitions, &mut resolved, &mut Vec::new());
    }
    resolved
}

/// The fingerprint of `id`, with those of its references (a reference
/// cycle, which Fluent reports when formatting, counts once).
fn resolve(
    id: &str,
    definitions: &BTreeMap<String, (String, BTreeSet<String>)>,
    resolved: &mut HashMap<String, String>,
    path: &mut Vec<String>,
) -> String {
    if let Some(done) = resolved.get(id) {
        return done.clone();
    }
    let Some((definition, references)) = definitions.get(id) else {
        return "missing".to_owned();
    };
    if path.iter().any(|p| p == id) {
        return "cycle".to_owned();
    }
    path.push(id.to_owned());
    let mut hasher = blake3::Hasher::new();
    hasher.update(definition.as_bytes());
    for reference in references {
        hasher.update(&[0]);
        hasher.update(reference.as_bytes());
        hasher.update(&[0]);
        hasher.update(resolve(reference, definitions, resolved, path).as_bytes());
    }
    path.pop();
    let done = hasher.finalize().to_hex()[..24].to_owned();
    resolved.insert(id.to_owned(), done.clone());
    done
}

fn pattern_references(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_references(expression, out);
        }
    }
}

fn expression_references(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_references(inline, out),
        Expression::Select { selector, variants } => {
            inline_references(selector, out);
            for variant in variants {
                pattern_references(&variant.value, out);
            }
        }
    }
}

fn inline_references(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::MessageReference { id, .. } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::TermReference { id, arguments, .. } => {
            out.insert(format!("-{}", id.name));
            for argument in arguments.iter() {
                for p in &argument.positional {
                    inline_references(p, out);
                }
                for n in &argument.named {
                    inline_references(&n.value, out);
                }
            }
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for p in &arguments.positional {
                inline_references(p, out);
            }
            for n in &arguments.named {
                inline_references(&n.value, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_references(expression, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_changes_with_the_message_and_what_it_references() {
        let base = "-un = United Nations\ntitle = Letter of the { -un }\nother = Other\n";
        let a = fingerprints([base].into_iter());
        let changed_term = fingerprints([base, "-un = UN\n"].into_iter());
        assert_ne!(a["title"], changed_term["title"]);
        assert_eq!(a["other"], changed_term["other"]);
        let commented = fingerprints(
            ["# a note\n-un = United Nations\ntitle = Letter of the { -un }\nother = Other\n"]
                .into_iter(),
        );
        assert_eq!(a["title"], commented["title"]);
    }

    #[test]
    fn recordings_nest() {
        let ((_, inner), outer) = recording(|| {
            note("a");
            let inner = recording(|| note("b.attr"));
            note("c");
            inner
        });
        assert_eq!(inner, vec!["b".to_owned()]);
        assert_eq!(outer, vec!["a".to_owned(), "c".to_owned()]);
    }
}
