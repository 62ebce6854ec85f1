//! XLIFF 1.2 export and import of the locale files (`locales/<lang>/*.ftl`).
//!
//! One `<file>` per `.ftl` file of the source locale, one `<trans-unit>` per
//! message, term and attribute (`letter-title`, `-brand`,
//! `annex-heading.short`), the comment above a message as a `<note>`. The
//! unit's text is the Fluent value as written; the Fluent syntax in it
//! (placeables `{ $date }`, select headers `{ $n ->`, variant keys
//! `*[other]` and closing braces) travels as `<ph>` elements, which CAT tools
//! protect, so the translator edits only the words.
//!
//! Import rewrites only the values that changed (export then import leaves
//! every file byte-identical), adds messages and attributes the target
//! lacks, and refuses the whole file, writing nothing, when a unit is not in
//! the source locale, does not parse as Fluent, uses other variables than
//! the source, or has a `<ph>` whose content is not the source's of that id.
//!
//! A placeable has the same `<ph>` id in source and target (the target's
//! k-th `{ $x }` takes the id of the source's k-th), so CAT tools, which
//! match placeholders by id, keep each variable where the translator put it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::xliff::from_content;
use crate::diagnostic::Diagnostic;
use crate::l10n::syntax::variables;
use crate::xml;

/// Where an entry's value or attribute sits: lines `start..end`.
#[derive(Debug, Clone)]
struct ValueSpan {
    start: usize,
    end: usize,
    /// The text as written: after `=` on the first line, then each further
    /// line whole.
    raw: String,
}

/// A message or term of a Fluent file, by lines.
#[derive(Debug, Clone)]
struct EntrySpan {
    id: String,
    /// The value (its `raw` is empty for a message with attributes only).
    value: ValueSpan,
    attributes: Vec<(String, ValueSpan)>,
    /// The line after the entry's last line.
    end: usize,
    /// The `#` comment right above it.
    comment: Option<String>,
}

/// `id =` (or `.attribute =` when `attribute`) at the start of `line`:
/// the name and the rest after `=`.
fn definition(line: &str, attribute: bool) -> Option<(&str, &str)> {
    let body = if attribute {
        line.trim_start().strip_prefix('.')?
    } else {
        line
    };
    let name_end = body
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_alphanumeric() || c == '_' || (c == '-' && (i > 0 || !attribute)))
        })
        .map_or(body.len(), |(i, _)| i);
    let name = &body[..name_end];
    let first = name.trim_start_matches('-').chars().next()?;
    if !first.is_ascii_alphabetic() || (attribute && name.starts_with('-')) {
        return None;
    }
    let rest = body[name_end..].trim_start().strip_prefix('=')?;
    Some((name, rest))
}

fn span(lines: &[&str], start: usize, end: usize, first_rest: &str) -> ValueSpan {
    let mut end = end;
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    let mut raw = first_rest.trim_start().to_owned();
    for line in &lines[start + 1..end] {
        raw.push('\n');
        raw.push_str(line);
    }
    ValueSpan { start, end, raw }
}

/// The entries of a Fluent file, found by lines (fluent-syntax gives no
/// positions): an entry starts at `id =` in the first column and runs over
/// the indented and blank lines after it, and lines that start with `}`,
/// `[` or `*` (the end of a select, variant keys), which Fluent allows in
/// the first column.
/// Each message and term of a Fluent file with its lines (value and
/// attributes, comments left out), read as the export reads them.
pub fn entry_texts(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    entries(text)
        .into_iter()
        .map(|e| {
            let body = lines[e.value.start..e.end].join("\n");
            (e.id, body + "\n")
        })
        .collect()
}

fn entries(text: &str) -> Vec<EntrySpan> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut comment: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('#') {
            if line.starts_with("# ") || line == "#" {
                comment.push(line.trim_start_matches('#').trim_start());
            } else {
                comment.clear();
            }
            i += 1;
            continue;
        }
        let Some((id, rest)) = definition(line, false) else {
            if line.trim().is_empty() {
                comment.clear();
            }
            i += 1;
            continue;
        };
        let start = i;
        let mut end = i + 1;
        while end < lines.len()
            && (lines[end].trim().is_empty() || lines[end].starts_with([' ', '\t', '}', '[', '*']))
        {
            end += 1;
        }
        while end > start + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        // Attributes: `.name =` on an indented line.
        let attribute_lines: Vec<usize> = (start + 1..end)
            .filter(|&l| definition(lines[l], true).is_some())
            .collect();
        let value_end = attribute_lines.first().copied().unwrap_or(end);
        let value = span(&lines, start, value_end, rest);
        let mut attributes = Vec::new();
        for (k, &l) in attribute_lines.iter().enumerate() {
            let next = attribute_lines.get(k + 1).copied().unwrap_or(end);
            let (name, rest) = definition(lines[l], true).expect("found above");
            attributes.push((name.to_owned(), span(&lines, l, next, rest)));
        }
        out.push(EntrySpan {
            id: id.to_owned(),
            value,
            attributes,
            end,
            comment: (!comment.is_empty()).then(|| comment.join("\n")),
        });
        comment.clear();
        i = end;
    }
    out
}

/// The units of a Fluent file: `id` or `id.attribute` → raw value.
fn units(entries: &[EntrySpan]) -> Vec<(String, &ValueSpan, Option<&str>)> {
    let mut out = Vec::new();
    for e in entries {
        if !e.value.raw.trim().is_empty() {
            out.push((e.id.clone(), &e.value, e.comment.as_deref()));
        }
        for (name, v) in &e.attributes {
            out.push((format!("{}.{name}", e.id), v, e.comment.as_deref()));
        }
    }
    out
}

/// The end of the string literal starting at `start` (a `"`), after its
/// closing quote.
fn literal_end(s: &str, start: usize) -> usize {
    let mut escaped = false;
    for (i, c) in s[start + 1..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return start + 1 + i + 1,
            _ => escaped = false,
        }
    }
    s.len()
}

/// A piece of a Fluent value: text the translator edits, or syntax (a
/// placeable, a select header, a variant key, a closing brace) that
/// travels as a `<ph>`.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Code(String),
}

/// A Fluent value cut into text and syntax.
fn pieces(raw: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let ph = |code: &str, out: &mut Vec<Piece>| out.push(Piece::Code(code.to_owned()));
    let text = |t: &str, out: &mut Vec<Piece>| match out.last_mut() {
        Some(Piece::Text(last)) => last.push_str(t),
        _ => out.push(Piece::Text(t.to_owned())),
    };
    // Open braces: true for a select (its variants follow), false for a
    // placeable (skipped whole, so never on this stack).
    let mut selects = 0usize;
    let mut i = 0;
    let mut line_start = true;
    while i < raw.len() {
        let rest = &raw[i..];
        if selects > 0 && line_start {
            // A variant key at the start of a line, after white space.
            let trimmed = rest.trim_start_matches([' ', '\t']);
            let ws = rest.len() - trimmed.len();
            if trimmed.starts_with('[') || trimmed.starts_with("*[") {
                if let Some(close) = trimmed.find(']') {
                    text(&rest[..ws], &mut out);
                    ph(&trimmed[..=close], &mut out);
                    i += ws + close + 1;
                    line_start = false;
                    continue;
                }
            }
            if trimmed.starts_with('}') {
                text(&rest[..ws], &mut out);
                ph("}", &mut out);
                selects -= 1;
                i += ws + 1;
                line_start = false;
                continue;
            }
        }
        let c = rest.chars().next().expect("not at the end");
        if c == '{' {
            // A select header `{ $x ->`, or a placeable to its closing brace.
            let mut j = i + 1;
            let mut depth = 1;
            let mut select = false;
            while j < raw.len() {
                let cj = raw[j..].chars().next().expect("in bounds");
                match cj {
                    '"' => {
                        j = literal_end(raw, j);
                        continue;
                    }
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            j += 1;
                            break;
                        }
                    }
                    '-' if depth == 1 && raw[j..].starts_with("->") => {
                        select = true;
                        j += 2;
                        break;
                    }
                    _ => {}
                }
                j += cj.len_utf8();
            }
            ph(&raw[i..j], &mut out);
            if select {
                selects += 1;
            }
            i = j;
            line_start = false;
            continue;
        }
        if c == '}' && selects > 0 {
            ph("}", &mut out);
            selects -= 1;
            i += 1;
            continue;
        }
        text(&rest[..c.len_utf8()], &mut out);
        line_start = c == '\n';
        i += c.len_utf8();
    }
    out
}

/// The `<ph>` ids of a source's pieces (1, 2, … in order) and of a
/// target's: each target placeable takes the id of the same syntax in the
/// source (its k-th occurrence the source's k-th), so a CAT tool that
/// matches placeholders by id matches the same placeable; syntax the
/// source lacks (a variant key of another plural category) gets an id
/// after the source's.
fn placeholder_ids(source: &[Piece], target: &[Piece]) -> (Vec<usize>, Vec<usize>) {
    let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut source_ids = Vec::new();
    for piece in source {
        if let Piece::Code(code) = piece {
            let id = source_ids.len() + 1;
            by_code.entry(code).or_default().push(id);
            source_ids.push(id);
        }
    }
    let mut next = source_ids.len();
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    let mut target_ids = Vec::new();
    for piece in target {
        if let Piece::Code(code) = piece {
            let k = used.entry(code).or_insert(0);
            let id = match by_code.get(code.as_str()).and_then(|ids| ids.get(*k)) {
                Some(id) => *id,
                None => {
                    next += 1;
                    next
                }
            };
            *k += 1;
            target_ids.push(id);
        }
    }
    (source_ids, target_ids)
}

/// Pieces as XLIFF content: text escaped, each code a `<ph>` with its id.
fn to_content(pieces: &[Piece], ids: &[usize]) -> String {
    let mut out = String::new();
    let mut ids = ids.iter();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&xml::escape(t)),
            Piece::Code(code) => {
                let id = ids.next().copied().unwrap_or(0);
                out.push_str(&format!("<ph id=\"{id}\">{}</ph>", xml::escape(code)));
            }
        }
    }
    out
}

/// What is wrong with the placeholders of a target against its source's:
/// a `<ph>` whose id is the source's but whose content is not (a CAT tool
/// or a translator swapped or edited it). A target's own syntax (variant
/// keys of other plural forms, functions with this language's options,
/// string literals) has ids after the source's and is checked as Fluent,
/// with the variables, after import.
fn placeholder_problems(source_raw: &str, target: roxmltree::Node) -> Vec<String> {
    let source = pieces(source_raw);
    let (ids, _) = placeholder_ids(&source, &[]);
    let codes: Vec<&str> = source
        .iter()
        .filter_map(|p| match p {
            Piece::Code(c) => Some(c.as_str()),
            Piece::Text(_) => None,
        })
        .collect();
    let by_id: BTreeMap<String, &str> = ids
        .iter()
        .zip(&codes)
        .map(|(id, code)| (id.to_string(), *code))
        .collect();
    let mut problems = Vec::new();
    for ph in target.descendants().filter(|n| n.has_tag_name("ph")) {
        let id = ph.attribute("id").unwrap_or("");
        let content: String = ph
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        match by_id.get(id) {
            Some(code) if *code != content => problems.push(format!(
                "placeholder {id} is `{content}` in the target but `{code}` in the source \
                 (placeholders swapped or edited: put each back as the source has it)"
            )),
            // Syntax the source lacks (a `[few]` variant, a function with
            // this language's options): its own id, nothing to compare.
            _ => {}
        }
    }
    problems
}

fn ftl_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ftl"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The XLIFF file of the locale `target` against `source`, both under
/// `locales` (the `locales/` folder).
pub fn export(locales: &Path, source: &str, target: &str) -> Result<String, Diagnostic> {
    let source_dir = locales.join(source);
    let names = ftl_files(&source_dir);
    if names.is_empty() {
        return Err(
            Diagnostic::error(format!("the source locale `{source}` has no .ftl files"))
                .in_file(&source_dir)
                .with_hint("pass --source with a locale under locales/"),
        );
    }
    if !locales.join(target).is_dir() {
        return Err(
            Diagnostic::error(format!("there is no locale folder for `{target}`"))
                .in_file(&locales.join(target))
                .with_hint(format!("create locales/{target}/ first")),
        );
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    for name in names {
        let source_text = std::fs::read_to_string(source_dir.join(&name)).map_err(|e| {
            Diagnostic::error(format!("cannot read {name}: {e}")).in_file(&source_dir.join(&name))
        })?;
        let target_text =
            std::fs::read_to_string(locales.join(target).join(&name)).unwrap_or_default();
        let source_entries = entries(&source_text);
        let target_entries = entries(&target_text);
        let targets: BTreeMap<String, &ValueSpan> = units(&target_entries)
            .into_iter()
            .map(|(id, v, _)| (id, v))
            .collect();
        xml.push_str(&format!(
            "  <file original=\"locales/{target}/{}\" source-language=\"{source}\" target-language=\"{target}\" datatype=\"x-fluent\" product-name=\"polypress\">\n    <body>\n",
            xml::escape(&name)
        ));
        for (id, value, comment) in units(&source_entries) {
            let source_pieces = pieces(&value.raw);
            let (state, content, source_ids) = match targets.get(&id) {
                None => {
                    let (ids, _) = placeholder_ids(&source_pieces, &[]);
                    ("needs-translation", String::new(), ids)
                }
                Some(t) => {
                    let target_pieces = pieces(&t.raw);
                    let (ids, target_ids) = placeholder_ids(&source_pieces, &target_pieces);
                    ("translated", to_content(&target_pieces, &target_ids), ids)
                }
            };
            xml.push_str(&format!(
                "      <trans-unit id=\"{}\" xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"{state}\">{content}</target>\n",
                xml::escape(&id),
                to_content(&source_pieces, &source_ids)
            ));
            if let Some(comment) = comment {
                xml.push_str(&format!(
                    "        <note from=\"developer\">{}</note>\n",
                    xml::escape(comment)
                ));
            }
            xml.push_str("      </trans-unit>\n");
        }
        xml.push_str("    </body>\n  </file>\n");
    }
    xml.push_str("</xliff>\n");
    Ok(xml)
}

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
fn rewrite(text: &str, changes: &BTreeMap<String, String>) -> String {
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
    super::xliff::check_root(&tree)?;
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
        let original = file.attribute("original").unwrap_or("");
        let source = file.attribute("source-language").unwrap_or("");
        let target = file.attribute("target-language").unwrap_or("");
        let name = original.rsplit('/').next().unwrap_or("");
        if original != format!("locales/{target}/{name}") || !name.ends_with(".ftl") {
            problems.push(format!(
                "<file original=\"{original}\">: not a locale file of `{target}` (locales/{target}/NAME.ftl)"
            ));
            continue;
        }
        if !language.is_empty() && language != target {
            problems.push(format!(
                "<file original=\"{original}\">: target language `{target}`, but an earlier file has `{language}`"
            ));
            continue;
        }
        language = target.to_owned();
        let source_path = locales.join(source).join(name);
        let Ok(source_text) = std::fs::read_to_string(&source_path) else {
            problems.push(format!(
                "<file original=\"{original}\">: the source locale has no {}",
                source_path.display()
            ));
            continue;
        };
        let target_path = locales.join(target).join(name);
        let target_text = std::fs::read_to_string(&target_path).unwrap_or_default();
        let source_entries = entries(&source_text);
        let target_entries = entries(&target_text);
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
            if let Some(n) = crate::input::over_paragraph_limit(&text) {
                problems.push(format!(
                    "{name}: line {line}: unit `{id}`: the target has {n} characters, over the limit of {}",
                    crate::input::Limits::PARAGRAPH_CHARS
                ));
                continue;
            }
            let (theirs, ours) = (top_level_variables(&text), top_level_variables(source_raw));
            if theirs != ours {
                problems.push(format!(
                    "{name}: line {line}: unit `{id}`: the target uses its variables {theirs:?} times, the source {ours:?} (outside plural variants each is used as often as in the source)"
                ));
                continue;
            }
            changes.insert(id, text);
        }
        if changes.is_empty() {
            continue;
        }
        let new_text = rewrite(&target_text, &changes);
        let (source_vars, _) = variables(&source_text);
        let (old_vars, _) = variables(&target_text);
        let (new_vars, broken) = variables(&new_text);
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
        writes.push((target_path, new_text));
    }
    if problems.is_empty() {
        Ok((language, writes))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FTL: &str = "# A heading.\n\n# $number is 0 for the only annex.\nannex-heading = { $number ->\n    [0] Annex\n   *[other] Annex { ROMAN($number) }\n} to the letter dated { DATE($date) }\n    .short = Annex\n\nplain = Hello \"world\"\n";

    #[test]
    fn entries_are_found_by_lines() {
        let e = entries(FTL);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].id, "annex-heading");
        assert_eq!(
            e[0].comment.as_deref(),
            Some("$number is 0 for the only annex.")
        );
        let v = &e[0].value;
        assert_eq!((v.start, v.end), (3, 7));
        assert_eq!(
            v.raw,
            "{ $number ->\n    [0] Annex\n   *[other] Annex { ROMAN($number) }\n} to the letter dated { DATE($date) }"
        );
        assert_eq!(e[0].attributes[0].0, "short");
        assert_eq!(e[0].attributes[0].1.raw, "Annex");
        assert_eq!(e[1].value.raw, "Hello \"world\"");
    }

    #[test]
    fn fluent_syntax_travels_as_placeholders() {
        let v = pieces(&entries(FTL)[0].value.raw);
        let (ids, _) = placeholder_ids(&v, &[]);
        assert_eq!(
            to_content(&v, &ids),
            "<ph id=\"1\">{ $number -&gt;</ph>\n    <ph id=\"2\">[0]</ph> Annex\n   <ph id=\"3\">*[other]</ph> Annex <ph id=\"4\">{ ROMAN($number) }</ph>\n<ph id=\"5\">}</ph> to the letter dated <ph id=\"6\">{ DATE($date) }</ph>"
        );
    }

    #[test]
    fn a_target_placeable_takes_the_id_of_the_same_placeable_in_the_source() {
        let source = pieces(
            "Letter dated { DATE($date) } from { $senders } addressed to the { $addressee }",
        );
        let target =
            pieces("Lettre datée du { DATE($date) }, adressée { $addressee } par { $senders }");
        let (source_ids, target_ids) = placeholder_ids(&source, &target);
        assert_eq!(source_ids, [1, 2, 3]);
        assert_eq!(
            target_ids,
            [1, 3, 2],
            "$addressee is 3 and $senders 2 on both sides"
        );
        // The target's own plural forms get ids of their own.
        let source = pieces("{ $n ->\n    [one] one annex\n   *[other] { $n } annexes\n}");
        let target = pieces("{ $n ->\n    [one] приложение\n    [few] { $n } приложения\n   *[other] { $n } приложений\n}");
        let (source_ids, target_ids) = placeholder_ids(&source, &target);
        assert_eq!(source_ids, [1, 2, 3, 4, 5]);
        assert_eq!(target_ids, [1, 2, 6, 4, 3, 7, 5]);
        assert_eq!(
            to_content(&target, &target_ids).matches("<ph id=").count(),
            7
        );
    }

    /// A unit of a fixture XLIFF file, as a CAT tool gives it back.
    fn target_node<'a>(doc: &'a roxmltree::Document<'a>) -> roxmltree::Node<'a, 'a> {
        doc.descendants()
            .find(|n| n.has_tag_name("target"))
            .unwrap()
    }

    #[test]
    fn swapped_or_edited_placeholders_are_refused_and_a_reorder_by_id_is_not() {
        let source = "from { $senders } addressed to the { $addressee }";
        // Reordered as French wants, each id with its own content: fine.
        let xml =
            r#"<target><ph id="2">{ $addressee }</ph> par <ph id="1">{ $senders }</ph></target>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        assert!(placeholder_problems(source, target_node(&doc)).is_empty());
        // Id 1 carrying the content of id 2: refused, naming both.
        let xml =
            r#"<target><ph id="1">{ $addressee }</ph> par <ph id="2">{ $senders }</ph></target>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let problems = placeholder_problems(source, target_node(&doc));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains(
            "placeholder 1 is `{ $addressee }` in the target but `{ $senders }` in the source"
        ));
        // The target's own syntax, under ids of its own: nothing to compare.
        let xml = r#"<target><ph id="1">{ $senders }</ph> <ph id="3">{ "et" }</ph> <ph id="2">{ $addressee }</ph></target>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        assert!(placeholder_problems(source, target_node(&doc)).is_empty());
    }

    #[test]
    fn rewrite_changes_only_what_changed() {
        let mut changes = BTreeMap::new();
        assert_eq!(rewrite(FTL, &changes), FTL);
        changes.insert("plain".to_owned(), "Bonjour".to_owned());
        changes.insert("annex-heading.long".to_owned(), "Annexe".to_owned());
        changes.insert("new".to_owned(), "\n    Nouveau".to_owned());
        let out = rewrite(FTL, &changes);
        assert_eq!(
            out,
            FTL.replace("Hello \"world\"", "Bonjour").replace(
                "    .short = Annex\n",
                "    .short = Annex\n    .long = Annexe\n"
            ) + "\nnew =\n    Nouveau\n"
        );
        let (vars, broken) = variables(&out);
        assert!(!broken);
        assert!(vars.contains_key("annex-heading.long") && vars.contains_key("new"));
    }
}
