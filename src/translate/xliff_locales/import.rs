//! Reading an XLIFF file of locale units back into the Fluent files of its
//! target locale: only the values that changed rewritten, every unit and
//! every rewritten file checked, nothing written when one is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::content::placeholder_problems;
use super::entries::{entries, units};
use crate::l10n::syntax::variables;
use crate::translate::xliff::{check_root, from_content};

/// The lines of `raw` written as `head = raw`.
fn definition_lines(head: &str, raw: &str) -> Vec<String> {
    let text = if raw.starts_with('\n') || raw.is_empty() {
        format!("{head} ={raw}")
    } else {
        format!("{head} = {raw}")
    };
    // A line a translator broke starts at column 0, where Fluent starts a
    // new entry: every line after the first is indented, so the value
    // stays one value (a multiline text) and can never define another.
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i > 0 && !line.is_empty() && !line.starts_with([' ', '\t']) {
                format!("    {line}")
            } else {
                line.to_owned()
            }
        })
        .collect()
}

/// How often each variable is used outside the variants of a select
/// (where a language may need it once per plural form): a target must
/// use each exactly as often as its source (no `{ $senders }` twice).
fn top_level_variables(raw: &str) -> BTreeMap<String, usize> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut BTreeMap<String, usize>) {
        match e {
            InlineExpression::VariableReference { id } => {
                *out.entry(id.name.to_owned()).or_default() += 1
            }
            InlineExpression::FunctionReference { arguments, .. } => {
                for p in &arguments.positional {
                    inline(p, out);
                }
                for n in &arguments.named {
                    inline(&n.value, out);
                }
            }
            InlineExpression::Placeable { expression } => expression_(expression, out),
            _ => {}
        }
    }
    fn expression_(e: &Expression<&str>, out: &mut BTreeMap<String, usize>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, .. } => inline(selector, out),
        }
    }
    let text = format!("unit = {raw}\n");
    let mut out = BTreeMap::new();
    if crate::l10n::escapes::unparseable(&text).is_some() {
        return out;
    }
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(r) | Err((r, _)) => r,
    };
    if let Some(Entry::Message(m)) = resource.body.first() {
        for element in m.value.iter().flat_map(|v| &v.elements) {
            if let PatternElement::Placeable { expression } = element {
                expression_(expression, &mut out);
            }
        }
    }
    out
}

/// The new text of one Fluent file with `changes` (unit id → new raw value).
pub(super) fn rewrite(text: &str, changes: &BTreeMap<String, String>) -> String {
    let spans = entries(text);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut splices: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut appended: Vec<String> = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for e in &spans {
        if let Some(raw) = changes.get(&e.id) {
            let v = &e.value;
            splices.push((v.start, v.end, definition_lines(&e.id, raw)));
            done.insert(&e.id);
        }
        for (name, v) in &e.attributes {
            let id = format!("{}.{name}", e.id);
            if let Some((key, raw)) = changes.get_key_value(&id) {
                let indent: String = lines[v.start]
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .collect();
                splices.push((
                    v.start,
                    v.end,
                    definition_lines(&format!("{indent}.{name}"), raw),
                ));
                done.insert(key);
            }
        }
        // Attributes the entry lacks go after its last line.
        let mut added = Vec::new();
        for (id, raw) in changes {
            if let Some(name) = id.strip_prefix(&format!("{}.", e.id)) {
                if !done.contains(id.as_str()) && !name.contains('.') {
                    added.extend(definition_lines(&format!("    .{name}"), raw));
                    done.insert(id);
                }
            }
        }
        if !added.is_empty() {
            splices.push((e.end, e.end, added));
        }
    }
    // Messages the file lacks: appended, with their attributes.
    let existing: BTreeSet<&str> = spans.iter().map(|e| e.id.as_str()).collect();
    let missing: BTreeSet<&str> = changes
        .keys()
        .map(|id| id.split('.').next().unwrap_or(id))
        .filter(|m| !existing.contains(m))
        .collect();
    for id in missing {
        appended.push(String::new());
        match changes.get(id) {
            Some(raw) => appended.extend(definition_lines(id, raw)),
            None => appended.push(format!("{id} =")),
        }
        for (other, raw) in changes {
            if let Some(name) = other.strip_prefix(&format!("{id}.")) {
                appended.extend(definition_lines(&format!("    .{name}"), raw));
            }
        }
    }
    splices.sort_by(|a, b| b.0.cmp(&a.0).then((b.1 - b.0).cmp(&(a.1 - a.0))));
    for (start, end, new) in splices {
        lines.splice(start..end, new);
    }
    if lines.is_empty() && !appended.is_empty() {
        appended.remove(0);
    }
    lines.extend(appended);
    let mut out = lines.join("\n");
    if text.ends_with('\n') || text.is_empty() {
        out.push('\n');
    }
    out
}

/// What an import writes: the target language and each file with its new content.
pub type Writes = (String, Vec<(PathBuf, String)>);

/// Reads an XLIFF file of locale units back: the target language and the
/// files to write (path, new content), or every problem (nothing written).
pub fn import(locales: &Path, xliff: &str) -> Result<Writes, Vec<String>> {
    let tree = roxmltree::Document::parse(xliff).map_err(|e| vec![format!("not XML: {e}")])?;
    check_root(&tree)?;
    let mut problems = Vec::new();
    let mut writes = Vec::new();
    let mut language = String::new();
    let files: Vec<_> = tree
        .descendants()
        .filter(|n| n.has_tag_name("file"))
        .collect();
    if files.is_empty() {
        return Err(vec!["no <file> element".to_owned()]);
    }
    for file in files {
        if let Some(write) = import_file(locales, &tree, file, &mut language, &mut problems) {
            writes.push(write);
        }
    }
    if problems.is_empty() {
        Ok((language, writes))
    } else {
        Err(problems)
    }
}

/// One `<file>` of the XLIFF: the locale file it names (all of one target
/// `language`), its units' changes, and the file's new text when a unit
/// changes it. Problems go to `problems`.
fn import_file(
    locales: &Path,
    tree: &roxmltree::Document,
    file: roxmltree::Node,
    language: &mut String,
    problems: &mut Vec<String>,
) -> Option<(PathBuf, String)> {
    let original = file.attribute("original").unwrap_or("");
    let source = file.attribute("source-language").unwrap_or("");
    let target = file.attribute("target-language").unwrap_or("");
    let name = original.rsplit('/').next().unwrap_or("");
    if original != format!("locales/{target}/{name}") || !name.ends_with(".ftl") {
        problems.push(format!(
            "<file original=\"{original}\">: not a locale file of `{target}` (locales/{target}/NAME.ftl)"
        ));
        return None;
    }
    if !language.is_empty() && language != target {
        problems.push(format!(
            "<file original=\"{original}\">: target language `{target}`, but an earlier file has `{language}`"
        ));
        return None;
    }
    *language = target.to_owned();
    let source_path = locales.join(source).join(name);
    let Ok(source_text) = std::fs::read_to_string(&source_path) else {
        problems.push(format!(
            "<file original=\"{original}\">: the source locale has no {}",
            source_path.display()
        ));
        return None;
    };
    let target_path = locales.join(target).join(name);
    let target_text = std::fs::read_to_string(&target_path).unwrap_or_default();
    let texts = Texts {
        name,
        source,
        source_text: &source_text,
        target_text: &target_text,
    };
    let changes = texts.unit_changes(tree, file, problems);
    if changes.is_empty() {
        return None;
    }
    let new_text = rewrite(&target_text, &changes);
    texts.check_rewritten(&new_text, &changes, problems);
    Some((target_path, new_text))
}

/// A locale file an import rewrites: its name, the source locale, and the
/// source's and the target's text as they are.
struct Texts<'a> {
    name: &'a str,
    source: &'a str,
    source_text: &'a str,
    target_text: &'a str,
}

impl Texts<'_> {
    /// The units of a `<file>` whose target changes the locale file (unit
    /// id → new raw value), each checked against its source's message.
    fn unit_changes(
        &self,
        tree: &roxmltree::Document,
        file: roxmltree::Node,
        problems: &mut Vec<String>,
    ) -> BTreeMap<String, String> {
        let (name, source) = (self.name, self.source);
        let source_entries = entries(self.source_text);
        let target_entries = entries(self.target_text);
        let source_values: BTreeMap<String, &str> = units(&source_entries)
            .into_iter()
            .map(|(id, v, _)| (id, v.raw.as_str()))
            .collect();
        let current: BTreeMap<String, String> = units(&target_entries)
            .into_iter()
            .map(|(id, v, _)| (id, v.raw.clone()))
            .collect();
        let mut changes: BTreeMap<String, String> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for unit in file.descendants().filter(|n| n.has_tag_name("trans-unit")) {
            let id = unit.attribute("id").unwrap_or("").to_owned();
            let line = tree.text_pos_at(unit.range().start).row;
            if !seen.insert(id.clone()) {
                problems.push(format!(
                    "{name}: line {line}: unit `{id}`: a second unit with this id"
                ));
                continue;
            }
            let Some(source_raw) = source_values.get(&id) else {
                problems.push(format!(
                    "{name}: unit `{id}`: the source locale `{source}` has no such message"
                ));
                continue;
            };
            let Some(target_node) = unit.children().find(|n| n.has_tag_name("target")) else {
                continue;
            };
            for problem in placeholder_problems(source_raw, target_node) {
                problems.push(format!("{name}: unit `{id}`: {problem}"));
            }
            let (text, _) = from_content(target_node);
            if text.trim().is_empty() || current.get(&id) == Some(&text) {
                continue;
            }
            match self.target_problem(&id, line, &text, source_raw) {
                Some(problem) => problems.push(problem),
                None => {
                    changes.insert(id, text);
                }
            }
        }
        changes
    }

    /// What is wrong with a unit's changed target on its own: over the
    /// length of one text, or its variables used other than the source's.
    fn target_problem(&self, id: &str, line: u32, text: &str, source_raw: &str) -> Option<String> {
        let name = self.name;
        if let Some(n) = crate::input::over_paragraph_limit(text) {
            return Some(format!(
                "{name}: line {line}: unit `{id}`: the target has {n} characters, over the limit of {}",
                crate::input::Limits::PARAGRAPH_CHARS
            ));
        }
        let (theirs, ours) = (top_level_variables(text), top_level_variables(source_raw));
        if theirs != ours {
            return Some(format!(
                "{name}: line {line}: unit `{id}`: the target uses its variables {theirs:?} times, the source {ours:?} (outside plural variants each is used as often as in the source)"
            ));
        }
        None
    }

    /// Checks the rewritten locale file: it defines what the old one did
    /// and the units changed, nothing more, parses as Fluent, and each
    /// changed message uses the source's variables.
    fn check_rewritten(
        &self,
        new_text: &str,
        changes: &BTreeMap<String, String>,
        problems: &mut Vec<String>,
    ) {
        let name = self.name;
        let (source_vars, _) = variables(self.source_text);
        let (old_vars, _) = variables(self.target_text);
        let (new_vars, broken) = variables(new_text);
        // The new file defines what the old one did and the units changed,
        // nothing more: a target can never smuggle in an entry.
        let expected: BTreeSet<&String> = old_vars.keys().chain(changes.keys()).collect();
        let defined: BTreeSet<&String> = new_vars.keys().collect();
        for extra in defined.difference(&expected) {
            problems.push(format!(
                "{name}: a target would define `{extra}` (a line break followed by `{extra} =` or `.{extra}`?): write the text on one line"
            ));
        }
        if broken && !problems.iter().any(|p| p.starts_with(name)) {
            problems.push(format!(
                "{name}: the translated file would not parse as Fluent (a target line starting with `[`, `*` or `.`?)"
            ));
        }
        for id in changes.keys() {
            match new_vars.get(id) {
                None => problems.push(format!(
                    "{name}: unit `{id}`: the target does not parse as a Fluent value"
                )),
                Some(vars) if Some(vars) != source_vars.get(id) => problems.push(format!(
                    "{name}: unit `{id}`: variables {:?} differ from the source's {:?}",
                    vars,
                    source_vars.get(id).cloned().unwrap_or_default()
                )),
                Some(_) => {}
            }
        }
    }
}
