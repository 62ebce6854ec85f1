//! A Fluent value as XLIFF content: the text a translator edits, and the
//! Fluent syntax in it as `<ph>` codes with the same ids in source and
//! target.

use std::collections::BTreeMap;

use crate::xml;

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
pub(super) enum Piece {
    Text(String),
    Code(String),
}

/// A Fluent value cut into text and syntax.
pub(super) fn pieces(raw: &str) -> Vec<Piece> {
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
pub(super) fn placeholder_ids(source: &[Piece], target: &[Piece]) -> (Vec<usize>, Vec<usize>) {
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
pub(super) fn to_content(pieces: &[Piece], ids: &[usize]) -> String {
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
pub(super) fn placeholder_problems(source_raw: &str, target: roxmltree::Node) -> Vec<String> {
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
