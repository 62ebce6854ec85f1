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
use std::collections::{BTreeSet, HashMap};

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

/// The ids this thread's open recording holds so far, sorted (as
/// [`recording`] gives them at its end); empty when none is open.
pub fn recorded_so_far() -> Vec<String> {
    RECORDINGS.with(|r| {
        r.borrow()
            .last()
            .map(|top| top.iter().cloned().collect())
            .unwrap_or_default()
    })
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

/// The definitions of a language's messages and terms, as written, to
/// fingerprint on demand: a fingerprint hashes an entry's definition
/// (value, attributes, variants; not its comment) and the fingerprints of
/// the messages and terms it references, however deep. Only the entries a
/// render used, and what they reference, are parsed and hashed.
pub(super) struct Fingerprints {
    /// Each entry's lines, by id (`-name` for a term); a definition later
    /// in the files replaces an earlier one, as overrides do.
    sources: HashMap<String, String>,
    /// The fingerprints made so far of entries whose references met no
    /// cycle, kept for every later render of the process: those do not
    /// depend on where a resolution began (a cycle's do, so they are made
    /// again each time). Each entry is parsed and hashed once per process
    /// instead of once per job of its language.
    known: std::sync::Mutex<HashMap<String, String>>,
}

impl Fingerprints {
    /// Splits `texts` (Fluent files, in load order) into entries: an entry
    /// starts at a line that begins with its identifier and goes on over
    /// the lines after it (indented, blank, a placeable's closing brace)
    /// until a comment or another entry.
    pub(super) fn of<'a>(texts: impl Iterator<Item = &'a str>) -> Fingerprints {
        let mut sources: HashMap<String, String> = HashMap::new();
        for text in texts {
            let mut current: Option<String> = None;
            for line in text.lines() {
                let starts_entry = line
                    .strip_prefix('-')
                    .unwrap_or(line)
                    .starts_with(|c: char| c.is_ascii_alphabetic());
                if starts_entry {
                    let id: String = line
                        .chars()
                        .take_while(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                        .collect();
                    sources.insert(id.clone(), format!("{line}\n"));
                    current = Some(id);
                } else if line.starts_with('#') {
                    current = None;
                } else if let Some(source) = current.as_ref().and_then(|id| sources.get_mut(id)) {
                    // Indented, blank, or a placeable's `}` or variant.
                    source.push_str(line);
                    source.push('\n');
                }
            }
        }
        for source in sources.values_mut() {
            source.truncate(source.trim_end().len());
        }
        Fingerprints {
            sources,
            known: Default::default(),
        }
    }

    /// The fingerprint of `id`, with those of its references (a reference
    /// cycle, which Fluent reports when formatting, counts once);
    /// `resolved` keeps those made so far.
    pub(super) fn of_entry(&self, id: &str, resolved: &mut HashMap<String, String>) -> String {
        self.resolve(id, resolved, &mut Vec::new()).0
    }

    /// A fingerprint of every definition.
    fn everything(&self) -> String {
        let mut ids: Vec<&String> = self.sources.keys().collect();
        ids.sort();
        let mut hasher = blake3::Hasher::new();
        for id in ids {
            hasher.update(id.as_bytes());
            hasher.update(&[0]);
            hasher.update(self.sources[id].as_bytes());
            hasher.update(&[0]);
        }
        hasher.finalize().to_hex()[..24].to_owned()
    }

    /// The fingerprint of `id` and whether a reference cycle was met on
    /// the way (then it depends on where the resolution began).
    fn resolve(
        &self,
        id: &str,
        resolved: &mut HashMap<String, String>,
        path: &mut Vec<String>,
    ) -> (String, bool) {
        if let Some(done) = resolved.get(id) {
            // Made by this resolution: a cycle met then is met again by
            // whatever is resolved now above it.
            return (done.clone(), !self.is_known(id));
        }
        if let Some(known) = self.known.lock().ok().and_then(|k| k.get(id).cloned()) {
            return (known, false);
        }
        let Some(source) = self.sources.get(id) else {
            return ("missing".to_owned(), false);
        };
        if path.iter().any(|p| p == id) {
            return ("cycle".to_owned(), true);
        }
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(r) => r,
            // Lines split otherwise than the parser reads them (a loaded
            // file has no error): the whole language stands for the entry.
            Err(_) => return (self.everything(), false),
        };
        let mut references = BTreeSet::new();
        for entry in &resource.body {
            let patterns: Vec<&Pattern<&str>> = match entry {
                Entry::Message(m) => m
                    .value
                    .iter()
                    .chain(m.attributes.iter().map(|a| &a.value))
                    .collect(),
                Entry::Term(t) => std::iter::once(&t.value)
                    .chain(t.attributes.iter().map(|a| &a.value))
                    .collect(),
                _ => continue,
            };
            for pattern in patterns {
                pattern_references(pattern, &mut references);
            }
        }
        path.push(id.to_owned());
        let mut hasher = blake3::Hasher::new();
        hasher.update(source.as_bytes());
        let mut cyclic = false;
        for reference in &references {
            hasher.update(&[0]);
            hasher.update(reference.as_bytes());
            hasher.update(&[0]);
            let (fingerprint, met_cycle) = self.resolve(reference, resolved, path);
            hasher.update(fingerprint.as_bytes());
            cyclic |= met_cycle;
        }
        path.pop();
        let done = hasher.finalize().to_hex()[..24].to_owned();
        resolved.insert(id.to_owned(), done.clone());
        if !cyclic {
            if let Ok(mut known) = self.known.lock() {
                known.insert(id.to_owned(), done.clone());
            }
        }
        (done, cyclic)
    }

    /// Whether `id`'s fingerprint is kept for the process (it met no cycle).
    fn is_known(&self, id: &str) -> bool {
        self.known.lock().is_ok_and(|k| k.contains_key(id))
    }
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
        let of = |texts: &[&str], id: &str| {
            Fingerprints::of(texts.iter().copied()).of_entry(id, &mut HashMap::new())
        };
        let changed_term = [base, "-un = UN\n"];
        assert_ne!(of(&[base], "title"), of(&changed_term, "title"));
        assert_eq!(of(&[base], "other"), of(&changed_term, "other"));
        let commented =
            "# a note\n-un = United Nations\n\n## Section\ntitle = Letter of the { -un }\nother = Other\n";
        assert_eq!(of(&[base], "title"), of(&[commented], "title"));
        // A message over several lines, with a selector: all its lines
        // count, and a reference in a variant is followed.
        let multiline =
            "-un = United Nations\nplural = { $n ->\n    [one] one\n   *[other] { -un }\n}\n";
        let changed = multiline.replace("[one] one", "[one] One");
        assert_ne!(
            of(&[multiline], "plural"),
            of(&[changed.as_str()], "plural")
        );
        let changed_reference = [multiline, "-un = UN\n"];
        assert_ne!(of(&[multiline], "plural"), of(&changed_reference, "plural"));
        assert_eq!(of(&[base], "absent"), "missing");
        // A placeable whose lines start at the margin is not split right:
        // the whole language stands for it, so any change renders again.
        let odd = "msg = {\nfoo\n}\nfoo = Foo\nbar = Bar\n";
        let odd_changed = odd.replace("Bar", "Baz");
        assert_ne!(of(&[odd], "msg"), of(&[odd_changed.as_str()], "msg"));
    }

    /// A table that keeps its entries' fingerprints for later calls gives
    /// each call what a new table gives it, whatever the calls before:
    /// with a reference cycle (whose fingerprints depend on where the
    /// resolution began, so are never kept), an entry that references
    /// one, and entries without. Keeping every entry fails it.
    #[test]
    fn kept_fingerprints_are_those_of_a_new_table() {
        let text = "-un = United Nations\ntitle = Letter of the { -un }\n\
                    a = A { b }\nb = B { a }\nc = C { a } { title }\nplain = Plain\n";
        let ids = ["title", "a", "b", "c", "plain", "-un", "absent"];
        let kept = Fingerprints::of([text].into_iter());
        let orders: Vec<Vec<&str>> = vec![
            ids.to_vec(),
            ids.iter().rev().copied().collect(),
            vec!["b", "c", "a"],
            vec!["c", "b"],
            vec!["a"],
            vec!["b"],
        ];
        for order in orders.iter().chain(orders.iter()) {
            let mut resolved = HashMap::new();
            let mut fresh_resolved = HashMap::new();
            let fresh = Fingerprints::of([text].into_iter());
            for id in order {
                assert_eq!(
                    kept.of_entry(id, &mut resolved),
                    fresh.of_entry(id, &mut fresh_resolved),
                    "{id} in {order:?}"
                );
            }
        }
        // What was kept: the entries whose references end, not the cycle's.
        for id in ["title", "plain", "-un"] {
            assert!(kept.is_known(id), "{id}");
        }
        for id in ["a", "b", "c"] {
            assert!(!kept.is_known(id), "{id}");
        }
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
