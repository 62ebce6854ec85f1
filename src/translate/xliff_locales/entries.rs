//! A Fluent file by lines: its messages and terms, their values and
//! attributes, and the comment above each, where an import rewrites them.

/// Where an entry's value or attribute sits: lines `start..end`.
#[derive(Debug, Clone)]
pub(super) struct ValueSpan {
    pub(super) start: usize,
    pub(super) end: usize,
    /// The text as written: after `=` on the first line, then each further
    /// line whole.
    pub(super) raw: String,
}

/// A message or term of a Fluent file, by lines.
#[derive(Debug, Clone)]
pub(super) struct EntrySpan {
    pub(super) id: String,
    /// The value (its `raw` is empty for a message with attributes only).
    pub(super) value: ValueSpan,
    pub(super) attributes: Vec<(String, ValueSpan)>,
    /// The line after the entry's last line.
    pub(super) end: usize,
    /// The `#` comment right above it.
    pub(super) comment: Option<String>,
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

/// The entries of a Fluent file, found by lines (fluent-syntax gives no
/// positions): an entry starts at `id =` in the first column and runs over
/// the indented and blank lines after it, and lines that start with `}`,
/// `[` or `*` (the end of a select, variant keys), which Fluent allows in
/// the first column.
pub(super) fn entries(text: &str) -> Vec<EntrySpan> {
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
pub(super) fn units(entries: &[EntrySpan]) -> Vec<(String, &ValueSpan, Option<&str>)> {
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
