//! The checks of a text's blocks: ids, the one shape each block has,
//! lists and their nesting, tables and their cells, resolution numbers,
//! and the inline syntax of every text with the ids its calls refer to.

use std::collections::BTreeSet;

use super::file::SourceFile;
use super::model::{InlineText, Segment, Table};
use crate::diagnostic::{did_you_mean, Diagnostic};

/// What checking a list of blocks needs to know.
pub(super) struct Blocks<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) annex_ids: &'a [&'a str],
    pub(super) footnote_ids: &'a [&'a str],
    /// The same ids, for lookups (a report may have thousands of notes).
    pub(super) footnote_set: &'a BTreeSet<&'a str>,
    /// The list is `footnotes:` (their own id space, a `label` allowed).
    pub(super) footnotes: bool,
}

/// How deep lists may nest: (a) → (i) → and two more levels.
pub(crate) const MAX_NESTING: usize = 4;

/// Checks blocks and their items: unique ids, one shape each, tables with
/// as many cells per row as columns, inline syntax and the ids it refers to.
pub(super) fn check_blocks(
    context: &Blocks,
    base: &str,
    segments: &[Segment],
    depth: usize,
    ids: &mut BTreeSet<String>,
    errors: &mut Vec<Diagnostic>,
) {
    let file = context.file;
    for (i, segment) in segments.iter().enumerate() {
        let path = format!("{base}[{i}]");
        if !ids.insert(segment.id.clone()) {
            errors.push(
                file.error_at(
                    &format!("{path}.id"),
                    format!("id `{}` is used twice", segment.id),
                )
                .with_hint("ids must be unique in a file: translations align by them"),
            );
        }
        check_shape(file, segment, &path, errors);
        check_note_rules(context, segment, &path, errors);
        check_nesting_and_text(file, segment, &path, depth, errors);
        if let Some(table) = &segment.table {
            check_table(file, segment, table, &path, errors);
        }
        check_block_texts(context, segment, &path, errors);
        check_blocks(
            context,
            &format!("{path}.items"),
            &segment.items,
            depth + 1,
            ids,
            errors,
        );
    }
}

/// A block is one thing: a table alone, a heading without items, a marker
/// only with items, a heading at one of the four levels.
fn check_shape(file: &SourceFile, segment: &Segment, path: &str, errors: &mut Vec<Diagnostic>) {
    let shapes = [
        segment.heading.is_some(),
        segment.table.is_some(),
        !segment.items.is_empty(),
    ];
    if shapes[1] && (shapes[0] || shapes[2] || !segment.text.is_empty()) {
        errors.push(
            file.error_at(
                &format!("{path}.table"),
                format!("block `{}` is a table and something else", segment.id),
            )
            .with_hint(
                "a table block has only `id` and `table:`; put text in a paragraph before it",
            ),
        );
    }
    if shapes[0] && shapes[2] {
        errors.push(
            file.error_at(
                &format!("{path}.items"),
                format!("heading `{}` has items", segment.id),
            )
            .with_hint("a heading has no items: put the list in a block after the heading"),
        );
    }
    if let Some(level) = segment.heading {
        if !(1..=4).contains(&level) {
            errors.push(
                file.error_at(
                    &format!("{path}.heading"),
                    format!("heading level {level} does not exist"),
                )
                .with_hint("levels are 1 (I.), 2 (A.), 3 (1.) and 4 (sub-heading)"),
            );
        }
    }
    if segment.marker.is_some() && segment.items.is_empty() {
        errors.push(
            file.error_at(
                &format!("{path}.marker"),
                format!("block `{}` has a marker but no items", segment.id),
            )
            .with_hint("`marker` sets how the `items:` of this block are marked"),
        );
    }
}

/// The rules only a note's blocks follow (no heading, tables last and
/// without titles), and the `label` only a note has.
fn check_note_rules(context: &Blocks, segment: &Segment, path: &str, errors: &mut Vec<Diagnostic>) {
    let file = context.file;
    // A note holds text, lists and tables, its tables set after the
    // rest: a table before another item, or one with a title, note or
    // source line (which a note does not print), is refused.
    if let (true, Some(table)) = (context.footnotes, &segment.table) {
        if table.title.is_some() || table.note.is_some() || table.source.is_some() {
            errors.push(
                file.error_at(
                    &format!("{path}.table"),
                    "a note's table has no title, note or source line",
                )
                .with_hint("write them in the note's text, before the table"),
            );
        }
    }
    if context.footnotes {
        if let Some(t) = segment.items.iter().position(|i| i.table.is_some()) {
            if segment.items[t..].iter().any(|i| i.table.is_none()) {
                errors.push(
                    file.error_at(
                        &format!("{path}.items[{t}]"),
                        "a note's table comes before other items",
                    )
                    .with_hint(
                        "a note's tables are set after its text and list items: put them last",
                    ),
                );
            }
        }
    }
    if context.footnotes && segment.heading.is_some() {
        errors.push(
            file.error_at(&format!("{path}.heading"), "a note cannot hold a heading")
                .with_hint("write the note's text without `heading:`"),
        );
    }
    if segment.label.is_some() && !context.footnotes {
        errors.push(
            file.error_at(&format!("{path}.label"), "`label` is for footnotes")
                .with_hint("a footnote's label replaces its number (`label: \"*\"`)"),
        );
    }
}

/// Lists nest at most [`MAX_NESTING`] levels deep, and a block other than
/// a table or list has text.
fn check_nesting_and_text(
    file: &SourceFile,
    segment: &Segment,
    path: &str,
    depth: usize,
    errors: &mut Vec<Diagnostic>,
) {
    if !segment.items.is_empty() && depth + 1 >= MAX_NESTING {
        errors.push(
            file.error_at(
                &format!("{path}.items"),
                format!("lists nest at most {MAX_NESTING} levels deep"),
            )
            .with_hint("flatten the list, or make the deepest level prose"),
        );
    }
    if segment.table.is_none() && segment.items.is_empty() && segment.text.trim().is_empty() {
        errors.push(
            file.error_at(
                &format!("{path}.text"),
                format!("block `{}` has no text", segment.id),
            )
            .with_hint("write the text, or remove the block"),
        );
    }
}

/// A table has columns of positive width, rows, and one cell per column
/// in each header and body row.
fn check_table(
    file: &SourceFile,
    segment: &Segment,
    table: &Table,
    path: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let columns = table.columns.len();
    if columns == 0 {
        errors.push(
            file.error_at(
                &format!("{path}.table.columns"),
                format!("table `{}` has no columns", segment.id),
            )
            .with_hint("list the columns: `columns: [{ width: 2 }, { width: 1, align: right }]`"),
        );
    }
    for (c, column) in table.columns.iter().enumerate() {
        if !(column.width > 0.0 && column.width.is_finite()) {
            errors.push(
                file.error_at(
                    &format!("{path}.table.columns[{c}].width"),
                    "a column width must be more than 0",
                )
                .with_hint("widths are relative: 1, 2, 3 …"),
            );
        }
    }
    if table.rows.is_empty() {
        errors.push(
            file.error_at(
                &format!("{path}.table"),
                format!("table `{}` has no rows", segment.id),
            )
            .with_hint("add `rows:`"),
        );
    }
    for (part, rows) in [("header", &table.header), ("rows", &table.rows)] {
        for (r, row) in rows.iter().enumerate() {
            if row.len() != columns && columns > 0 {
                let many = if row.len() > columns {
                    "too many"
                } else {
                    "too few"
                };
                errors.push(
                    file.error_at(
                        &format!("{path}.table.{part}[{r}]"),
                        format!("row {} of table `{}` has {} cells ({many}): the table has {columns} columns", r + 1, segment.id, row.len()),
                    )
                    .with_hint("give every row one cell per column (an empty cell is \"\")"),
                );
            }
        }
    }
}

/// The inline syntax of the block's own texts (an item's are checked with
/// the item).
fn check_block_texts(
    context: &Blocks,
    segment: &Segment,
    path: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let mut texts = Vec::new();
    segment.texts(path, &mut texts);
    for (_, text_path, text) in texts {
        if text_path.contains(".items[") && !text_path.starts_with(&format!("{path}.text")) {
            continue; // checked with the item
        }
        check_inline(context, &text_path, text, errors);
    }
}

/// Whether `number` reads as a resolution's number: `48/161`, `S-26/2`,
/// `ES-10/19`, with a letter for a resolution in parts (`60/5 B`).
pub(super) fn is_resolution_number(number: &str) -> bool {
    let body = number
        .strip_prefix("ES-")
        .or_else(|| number.strip_prefix("S-"))
        .unwrap_or(number);
    let (body, part) = match body.split_once(' ') {
        Some((b, p)) => (b, Some(p)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    let numbers = body
        .split_once('/')
        .is_some_and(|(session, n)| digits(session) && digits(n));
    numbers && part.is_none_or(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
}

/// Checks the inline syntax of one text and the ids its calls refer to.
/// The first control character of `text` (Unicode's Cc: U+0000–U+001F,
/// U+007F–U+009F) other than a tab or an end of line, found by byte: each
/// is one byte, or (U+0080–U+009F) two starting 0xC2, and no other
/// character's UTF-8 has such bytes.
fn first_control(text: &str) -> Option<char> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7F
            || (b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    })?;
    text[at..].chars().next()
}

pub(super) fn check_inline(
    context: &Blocks,
    path: &str,
    text: &InlineText,
    errors: &mut Vec<Diagnostic>,
) {
    let file = context.file;
    // A control character prints as nothing, or as a box: never silently.
    if let Some(c) = first_control(text) {
        errors.push(
            file.error_in(
                path,
                &c.to_string(),
                format!("a control character (U+{:04X}) in a text", u32::from(c)),
            )
            .with_hint("remove it: it would print as nothing (a `\\0`, `\\a` or `\\x..` escape in a quoted YAML string?)"),
        );
        return;
    }
    let limit = crate::input::Limits::PARAGRAPH_CHARS;
    if text.len() > limit && text.chars().count() > limit {
        errors.push(
            file.error_at(
                path,
                format!(
                    "this text has {} characters, over the limit of {limit} for one paragraph",
                    text.chars().count()
                ),
            )
            .with_hint("split it into several paragraphs (a page holds about 3,500 characters)"),
        );
        return;
    }
    let pieces = match text.pieces() {
        Ok(p) => p,
        Err(e) => {
            let needle = &text[e.start..(e.start + e.length).min(text.len())];
            errors.push(
                file.error_in(path, needle, e.message.clone())
                    .with_hint(e.hint.clone()),
            );
            return;
        }
    };
    let mut calls = Vec::new();
    super::inline::calls(pieces, &mut calls);
    for call in calls {
        match call {
            super::inline::Inline::Footnote(id) if !context.footnote_set.contains(id.as_str()) => {
                let hint = match did_you_mean(&id, context.footnote_ids.iter().copied()) {
                    Some(near) => format!("did you mean `{{footnote:{near}}}`?"),
                    None => {
                        "add the footnote under `footnotes:` in this file, with this id".to_owned()
                    }
                };
                errors.push(
                    file.error_in(
                        path,
                        &format!("{{footnote:{id}}}"),
                        format!("unknown footnote id `{id}`"),
                    )
                    .with_hint(hint),
                );
            }
            super::inline::Inline::Annex(id) if !context.annex_ids.contains(&id.as_str()) => {
                let hint = match did_you_mean(&id, context.annex_ids.iter().copied()) {
                    Some(near) => format!("did you mean `{{annex:{near}}}`?"),
                    None if context.annex_ids.is_empty() => {
                        "this document has no annexes".to_owned()
                    }
                    None => format!(
                        "annex ids in document.yaml: {}",
                        context.annex_ids.join(", ")
                    ),
                };
                errors.push(
                    file.error_in(
                        path,
                        &format!("{{annex:{id}}}"),
                        format!("unknown annex id `{id}` in a reference"),
                    )
                    .with_hint(hint),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_control;

    #[test]
    fn a_control_character_is_found_by_byte_as_by_character() {
        let by_character = |text: &str| {
            text.chars()
                .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        };
        // Every character, alone and between others (two-byte ones next to
        // the C1 controls' lead byte among them).
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a\u{e9}{c}\u{4e2d}b\u{85}")] {
                assert_eq!(
                    first_control(&text),
                    by_character(&text),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        assert_eq!(first_control("tab\tline\r\n"), None);
    }
}
