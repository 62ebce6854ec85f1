//! The usual shape of a texts file, read without libyaml.
//!
//! Most of a long document's load was libyaml: about 130 instructions a
//! byte of a `<lang>.yaml`, reading characters one by one into its own
//! buffer, then tokens, then events, for a file that is, line after line,
//! `- id: p12` and `  text: …`. This reads that shape directly, and only
//! it: a block mapping at column 0 of the texts' keys, lists of segments
//! (`- id: …` items, with nested `items:`), and values on one line, plain,
//! in single quotes, or in double quotes without escapes. Blank lines and
//! whole-line comments may come between them.
//!
//! Folded and literal blocks (`>-`, `>`, `|-`, `|`) are read too when
//! their lines share one indentation, with no blank line inside and no
//! line ending in a space.
//!
//! Anything else (a plain or quoted text over several lines, a table, a
//! tag, an anchor, a flow collection, an escape, a key written twice, a
//! field no segment has, a value a field could read as null, a number
//! written any other way than plain digits) gives `None`, and
//! libyaml reads the file as before: to the same texts, or to its error
//! with its position. So nothing this accepts reads differently from
//! serde over libyaml; the tests compare the two on random files and on
//! every texts file of the repository.

use serde::de::IntoDeserializer;
use serde::Deserialize;

use super::inline::InlineText;
use super::model::{Marker, Segment, Text, Texts};

/// The texts of `source` when all of it is of the shape above, else `None`.
pub(super) fn texts(source: &str) -> Option<Texts> {
    if !plain_characters(source) {
        return None;
    }
    let mut reader = Reader {
        lines: lines(source)?,
        at: 0,
    };
    let mut texts = Texts::default();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(line) = reader.next_line() {
        if line.indent != 0 {
            return None;
        }
        let (key, value) = key_value(line.rest)?;
        if seen.contains(&key) {
            return None;
        }
        seen.push(key);
        match (key, value) {
            ("title", Some(value)) => {
                // Read as a text or a `{ text, source }` map (untagged):
                // a plain value that YAML reads as a number or a boolean
                // is an error there, and left to libyaml.
                let value = reader.value(0, value)?;
                if value.plain && !surely_a_string(&value.text) {
                    return None;
                }
                texts.title = Some(Text::from(value.text));
            }
            ("subtitle", Some(value)) => {
                texts.subtitle = Some(InlineText::new(reader.value(0, value)?.text))
            }
            ("place", Some(value)) => texts.place = Some(reader.value(0, value)?.text),
            ("summary", None) => texts.summary = reader.list(0)?,
            ("preamble", None) => texts.preamble = reader.list(0)?,
            ("paragraphs", None) => texts.paragraphs = reader.list(0)?,
            ("footnotes", None) => texts.footnotes = reader.list(0)?,
            _ => return None,
        }
    }
    Some(texts)
}

/// A line: its indentation in spaces, the rest, and whether the rest is
/// empty or a comment (which only a block text takes as text).
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    rest: &'a str,
    blank: bool,
    comment: bool,
}

/// The lines of `source`, or `None` where one is indented with a tab or
/// ends with a carriage return.
fn lines(source: &str) -> Option<Vec<Line<'_>>> {
    let mut lines = Vec::with_capacity(source.len() / 64);
    for line in source.split('\n') {
        let rest = line.trim_start_matches(' ');
        if rest.starts_with('\t') || rest.ends_with('\r') {
            return None;
        }
        lines.push(Line {
            indent: line.len() - rest.len(),
            rest,
            blank: rest.is_empty(),
            comment: rest.starts_with('#'),
        });
    }
    Some(lines)
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
}

impl<'a> Reader<'a> {
    /// The next line that holds a key or an item, passing over blank lines
    /// and comments (a comment ends a plain text on the line above).
    fn peek(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.get(self.at) {
            if !(line.blank || line.comment) {
                return Some(*line);
            }
            self.at += 1;
        }
        None
    }

    fn next_line(&mut self) -> Option<Line<'a>> {
        let line = self.peek()?;
        self.at += 1;
        Some(line)
    }

    /// The value of a key at `column` written `value` on its line: a block
    /// text on the lines below (`>-`, `>`, `|-`, `|`), or one on the line.
    fn value(&mut self, column: usize, value: &str) -> Option<Scalar> {
        match value {
            ">-" => self.block(column, ' ', false),
            ">" => self.block(column, ' ', true),
            "|-" => self.block(column, '\n', false),
            "|" => self.block(column, '\n', true),
            _ => scalar(value),
        }
    }

    /// A block text under a key at `column`: its lines, all at the
    /// indentation of the first, which is deeper than the key, joined by
    /// `join` (a space when folded, a line break when literal), with a
    /// last line break when `clip`. Refused: a blank line before its last
    /// line, a line of spaces past its indentation (that is text, not an
    /// empty line), a line indented deeper, a line ending in a space or a tab
    /// (the rules for those are YAML's subtler ones), and a clipped text
    /// ending the file without a line break.
    fn block(&mut self, column: usize, join: char, clip: bool) -> Option<Scalar> {
        let first = *self.lines.get(self.at)?;
        if first.blank || first.indent <= column {
            return None;
        }
        let mut text = String::new();
        let (mut blank_seen, mut last) = (false, self.at);
        while let Some(line) = self.lines.get(self.at) {
            if line.blank {
                // Spaces past the text's indentation are text of a line
                // of spaces, not an empty line.
                if line.indent > first.indent {
                    return None;
                }
                blank_seen = true;
                self.at += 1;
                continue;
            }
            if line.indent < first.indent {
                break;
            }
            if line.indent > first.indent || blank_seen || line.rest.ends_with([' ', '\t']) {
                return None;
            }
            if !text.is_empty() {
                text.push(join);
            }
            text.push_str(line.rest);
            last = self.at;
            self.at += 1;
        }
        if clip {
            if last + 1 == self.lines.len() {
                return None;
            }
            text.push('\n');
        }
        Some(Scalar { text, plain: false })
    }

    /// A list of segments whose first item is the next line, indented at
    /// least `least`: its items, up to the first line indented less than
    /// they are or, at their indentation, not an item.
    fn list(&mut self, least: usize) -> Option<Vec<Segment>> {
        let first = self.peek()?;
        if first.indent < least || !first.rest.starts_with("- ") {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < first.indent
                || (line.indent == first.indent && !line.rest.starts_with("- "))
            {
                break;
            }
            if line.indent > first.indent {
                return None;
            }
            self.at += 1;
            items.push(self.segment(line.indent + 2, &line.rest[2..])?);
        }
        Some(items)
    }

    /// A segment whose keys are at column `column`, the first written
    /// after its item's dash (`first`), the others on the lines below.
    fn segment(&mut self, column: usize, first: &'a str) -> Option<Segment> {
        let mut segment = Segment::default();
        let mut seen: Vec<&str> = Vec::with_capacity(4);
        let mut entry = Some(first);
        while let Some(rest) = entry.take() {
            let (key, value) = key_value(rest)?;
            if seen.contains(&key) {
                return None;
            }
            seen.push(key);
            match (key, value) {
                ("id", Some(value)) => segment.id = self.value(column, value)?.text,
                ("text", Some(value)) => {
                    segment.text = InlineText::new(self.value(column, value)?.text)
                }
                ("source", Some(value)) => segment.source = Some(self.value(column, value)?.text),
                ("label", Some(value)) => segment.label = Some(self.value(column, value)?.text),
                ("heading", Some(value)) => segment.heading = Some(whole_number(value)?),
                ("number", Some(value)) => segment.number = Some(whole_number(value)?),
                ("numbered", Some("true")) => segment.numbered = Some(true),
                ("numbered", Some("false")) => segment.numbered = Some(false),
                ("marker", Some(value)) => segment.marker = Some(marker(value)?),
                ("items", None) => segment.items = self.list(column)?,
                _ => return None,
            }
            match self.peek() {
                Some(line) if line.indent == column => {
                    self.at += 1;
                    entry = Some(line.rest);
                }
                Some(line) if line.indent > column => return None,
                _ => {}
            }
        }
        // `id` is the one field a segment must have.
        seen.contains(&"id").then_some(segment)
    }
}

/// `key` and its value (`None` when the line ends after the colon) of a
/// line `key: value`, `key` being lower-case letters and underscores.
fn key_value(rest: &str) -> Option<(&str, Option<&str>)> {
    let end = rest.find(|c: char| !(c.is_ascii_lowercase() || c == '_'))?;
    let (key, after) = rest.split_at(end);
    let after = after.strip_prefix(':')?;
    if key.is_empty() {
        return None;
    }
    if after.is_empty() {
        return Some((key, None));
    }
    let value = after.strip_prefix(' ')?.trim_start_matches(' ');
    Some((key, (!value.is_empty()).then_some(value)))
}

/// A value on one line, and whether it was written plain.
struct Scalar {
    text: String,
    plain: bool,
}

/// The value written as `value` (the rest of its line), when it is plain
/// text, single-quoted, or double-quoted without an escape, and nothing
/// a field could read as null.
fn scalar(value: &str) -> Option<Scalar> {
    let quoted = |text: String, after: &str| {
        after
            .trim_end_matches(' ')
            .is_empty()
            .then_some(Scalar { text, plain: false })
    };
    if let Some(inside) = value.strip_prefix('\'') {
        // `''` is a quote; the first `'` alone ends the text.
        let mut text = String::with_capacity(inside.len());
        let mut rest = inside;
        loop {
            let at = rest.find('\'')?;
            text.push_str(&rest[..at]);
            if rest[at + 1..].starts_with('\'') {
                text.push('\'');
                rest = &rest[at + 2..];
            } else {
                return quoted(text, &rest[at + 1..]);
            }
        }
    }
    if let Some(inside) = value.strip_prefix('"') {
        let end = inside.find(['"', '\\'])?;
        if inside.as_bytes()[end] == b'\\' {
            return None;
        }
        return quoted(inside[..end].to_owned(), &inside[end + 1..]);
    }
    let text = value.trim_end_matches([' ', '\t']);
    let first = text.as_bytes().first()?;
    // An indicator first (a tag, an anchor, an alias, a flow collection, a
    // block text, a reserved character) or a tab (libyaml skips it), a
    // comment or a key inside, a colon last, or a value YAML reads as null.
    if b"-?:,[]{}#&*!|>'\"%@`\t".contains(first)
        || text.contains(": ")
        || text.contains(":\t")
        || text.contains(" #")
        || text.contains("\t#")
        || text.ends_with(':')
        || matches!(text, "~" | "null" | "Null" | "NULL")
    {
        return None;
    }
    Some(Scalar {
        text: text.to_owned(),
        plain: true,
    })
}

/// Whether YAML reads a plain value only as a string: not as a boolean,
/// a number or null in any of their spellings (kept wide: what this
/// refuses, libyaml reads). A value that begins with a digit is a string
/// when it has a space or a character beyond ASCII, which no spelling of
/// a number has: a title such as `12月20日，…` or `2024 in review`.
fn surely_a_string(text: &str) -> bool {
    let first = text.chars().next();
    let digit_then_words = first.is_some_and(|c| c.is_ascii_digit())
        && text.bytes().any(|b| b == b' ' || !b.is_ascii());
    (digit_then_words || !first.is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')))
        && ![
            "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
            "~",
        ]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word))
}

/// A number written as plain digits, without a leading zero, that fits.
fn whole_number<T: std::str::FromStr>(value: &str) -> Option<T> {
    let digits = value.trim_end_matches(' ');
    let decimal = digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.is_empty()
        && (digits == "0" || !digits.starts_with('0'));
    decimal.then(|| digits.parse().ok()).flatten()
}

/// A marker written plain, by its name.
fn marker(value: &str) -> Option<Marker> {
    let name = value.trim_end_matches(' ');
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return None;
    }
    let name: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    Marker::deserialize(name).ok()
}

/// Whether every character of `source` is one YAML takes as it is: no
/// control character but the tab and the line feed, no carriage return,
/// no next-line, line or paragraph separator (YAML 1.1 line breaks), no
/// byte order mark, no non-character U+FFFE or U+FFFF.
fn plain_characters(source: &str) -> bool {
    let bytes = source.as_bytes();
    // A byte that is, or may begin, such a character: a block of 64 bytes
    // with none (nearly every block) is passed over by a test the
    // compiler vectorises.
    let suspect = |b: u8| {
        (b < 0x20 && b != b'\t' && b != b'\n')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xe2)
            | (b == 0xef)
    };
    for (block, chunk) in bytes.chunks(64).enumerate() {
        if !chunk.iter().fold(false, |seen, &b| seen | suspect(b)) {
            continue;
        }
        for i in block * 64..block * 64 + chunk.len() {
            let next = |k: usize| bytes.get(i + k).copied();
            let refused = match bytes[i] {
                b'\t' | b'\n' => false,
                0x00..=0x1f | 0x7f => true,
                // U+0080–U+009F: the C1 controls, NEL among them.
                0xc2 => next(1).is_some_and(|n| n < 0xa0),
                // U+2028, U+2029.
                0xe2 => next(1) == Some(0x80) && matches!(next(2), Some(0xa8 | 0xa9)),
                // U+FEFF, U+FFFE, U+FFFF.
                0xef => matches!(
                    (next(1), next(2)),
                    (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
                ),
                _ => false,
            };
            if refused {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde over libyaml reads, as the rest of the loader does.
    fn libyaml(text: &str) -> Option<Texts> {
        serde_yaml::from_str(text).ok()
    }

    /// `text` read here gives what libyaml gives, or nothing; `true` when
    /// it was read here.
    fn agrees(text: &str) -> bool {
        match texts(text) {
            Some(fast) => {
                assert_eq!(
                    Some(&fast),
                    libyaml(text).as_ref(),
                    "read differently:\n{text}"
                );
                true
            }
            None => false,
        }
    }

    const USUAL: &str = "title: A title
summary:
- id: s0
  text: 'It''s a summary: in quotes.'
paragraphs:
- id: h1
  text: Introduction
  heading: 1
- id: p1
  text: The first paragraph, 14 words {footnote:f1}.
  marker: letters
  items:
  - id: p1-a
    text: \"A sub-paragraph; with [brackets] and a # sign\"
  - id: p1-b
    text: 12
  numbered: false
# a comment
- id: p2

  text: Next, {i:emphasis}.
  number: 7
  items:
      - id: p2-a
        text: Deeper.
        label: '*'
footnotes:
- id: f1
  text: A note.
  source: 0123abcd
place: Geneva
subtitle: Italy
";

    #[test]
    fn the_usual_shape_is_read_as_libyaml_reads_it() {
        assert!(agrees(USUAL));
        let read = texts(USUAL).unwrap();
        assert_eq!(
            read.paragraphs[1].items[0].text.as_str(),
            "A sub-paragraph; with [brackets] and a # sign"
        );
        assert_eq!(read.paragraphs[1].items[1].text.as_str(), "12");
        assert_eq!(read.summary[0].text.as_str(), "It's a summary: in quotes.");
    }

    /// Each variation is either read as libyaml reads it or left to it;
    /// those marked `true` must be read here.
    #[test]
    fn every_variation_is_read_as_libyaml_reads_it_or_left_to_it() {
        let cases: &[(&str, &str, bool)] = &[
            (
                "text: Next, {i:emphasis}.",
                "text: Next, {i:emphasis}.   ",
                true,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: Next,\t{i:emphasis}.",
                true,
            ),
            ("text: Next, {i:emphasis}.", "text:  'spaced'  ", true),
            ("text: Next, {i:emphasis}.", "text: \t'tabbed'", false),
            (
                "text: Next, {i:emphasis}.",
                "text: \tplain after a tab",
                false,
            ),
            ("text: Next, {i:emphasis}.", "text: Next: a key", false),
            ("text: Next, {i:emphasis}.", "text: Next # a comment", false),
            ("text: Next, {i:emphasis}.", "text: Next:", false),
            ("text: Next, {i:emphasis}.", "text: 10:30 and item#3", true),
            ("text: Next, {i:emphasis}.", "text: - a dash", false),
            ("text: Next, {i:emphasis}.", "text: '- a dash'", true),
            ("text: Next, {i:emphasis}.", "text: *alias", false),
            ("text: Next, {i:emphasis}.", "text: &anchor x", false),
            ("text: Next, {i:emphasis}.", "text: !tag x", false),
            ("text: Next, {i:emphasis}.", "text: [a, b]", false),
            ("text: Next, {i:emphasis}.", "text: null", false),
            ("text: Next, {i:emphasis}.", "text: ~", false),
            ("text: Next, {i:emphasis}.", "text: true", true),
            ("text: Next, {i:emphasis}.", "text: 1.5e3", true),
            (
                "text: Next, {i:emphasis}.",
                "text: \"escaped \\\" quote\"",
                false,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: \"two\n    lines\"",
                false,
            ),
            ("text: Next, {i:emphasis}.", "text: 'two\n    lines'", false),
            ("text: Next, {i:emphasis}.", "text: two\n    lines", false),
            ("text: Next, {i:emphasis}.", "text: 'open", false),
            (
                "text: Next, {i:emphasis}.",
                "text: 'closed' and more",
                false,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: |\n    block\n    # text: not a key",
                true,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: |-\n    block\n    lines",
                true,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: >-\n    folded: a\n    # b\n\n",
                true,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: >\n    folded\n    lines\n  # a comment",
                true,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: >-\n    folded\n\n    paragraphs",
                false,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: >-\n    folded\n      deeper",
                false,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: >-\n    trailing \n    space",
                false,
            ),
            ("text: Next, {i:emphasis}.", "text: >-\n  not deeper", false),
            ("text: Next, {i:emphasis}.", "text: >+\n    kept", false),
            (
                "text: Next, {i:emphasis}.",
                "text: |\n    literal\n         ",
                false,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: |\n    literal\n    ",
                true,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: >2-\n    indicated",
                false,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: >- # comment\n    folded",
                false,
            ),
            ("title: A title", "title: >-\n  A title\n  folded", true),
            (
                "text: Next, {i:emphasis}.",
                "text: x\n    # deep comment",
                true,
            ),
            (
                "text: Next, {i:emphasis}.",
                "text: x\n\n    continued",
                false,
            ),
            ("text: Next, {i:emphasis}.", "text: x\r", false),
            ("text: Next, {i:emphasis}.", "text: x\u{85}y", false),
            ("text: Next, {i:emphasis}.", "text: x\u{2028}y", false),
            ("text: Next, {i:emphasis}.", "text: x\u{feff}y", false),
            ("text: Next, {i:emphasis}.", "text: x\u{7}y", false),
            (
                "text: Next, {i:emphasis}.",
                "text: Árabe العربية 中文",
                true,
            ),
            ("text: Next, {i:emphasis}.", "text:\tx", false),
            ("text: Next, {i:emphasis}.", "text: x\n  text: y", false),
            ("text: Next, {i:emphasis}.", "text: x\n  colour: red", false),
            ("text: Next, {i:emphasis}.", "text: x\n  table: {}", false),
            ("text: Next, {i:emphasis}.", "text: x\n   heading: 1", false),
            ("text: Next, {i:emphasis}.", "text: x\n  - id: stray", false),
            ("number: 7", "number: 07", false),
            ("number: 7", "number: 0", true),
            ("number: 7", "number: 4294967296", false),
            ("number: 7", "number: '7'", false),
            ("number: 7", "number: 0x7", false),
            ("number: 7", "number: +7", false),
            ("heading: 1", "heading: 300", false),
            ("heading: 1", "heading: 2 ", true),
            ("numbered: false", "numbered: true", true),
            ("numbered: false", "numbered: False", false),
            ("numbered: false", "numbered: no", false),
            ("marker: letters", "marker: roman", true),
            ("marker: letters", "marker: Letters", false),
            ("marker: letters", "marker: stars", false),
            ("marker: letters", "marker: 'letters'", false),
            ("label: '*'", "label: \"*\"", true),
            ("label: '*'", "label: ''", true),
            ("label: '*'", "label:", false),
            ("label: '*'", "label: null", false),
            ("source: 0123abcd", "source: 0123", true),
            ("- id: p2\n", "- id: 2\n", true),
            ("- id: p2\n", "- id: 'p2'\n", true),
            ("- id: p2\n", "-  id: p2\n", false),
            ("- id: p2\n", "- label: x\n  id: p2\n", true),
            ("- id: p2\n", "-\n  id: p2\n", false),
            ("- id: p1-b\n    text: 12\n", "- id: p1-b\n", true),
            ("- id: p1-b\n    text: 12\n", "- text: 12\n", false),
            ("title: A title", "title: 2024 in review", true),
            ("title: A title", "title: 12月20日，会议", true),
            ("title: A title", "title: 12", false),
            ("title: A title", "title: 1e3", false),
            ("title: A title", "title: 0x1F", false),
            ("title: A title", "title: '2024 in review'", true),
            ("title: A title", "title: yes", false),
            ("title: A title", "title: .inf", false),
            ("title: A title", "title: { text: x }", false),
            ("title: A title", "title: A\ntitle: B", false),
            ("title: A title", "title:", false),
            ("title: A title", "agenda_items:\n  3: Item", false),
            ("title: A title", "---\ntitle: A", false),
            ("title: A title", "  title: indented", false),
            ("place: Geneva", "place: ~", false),
            ("place: Geneva", "place: 'null'", true),
            ("summary:\n", "summary: []\n", false),
            ("summary:\n", "summary: # a comment\n", false),
            ("footnotes:\n- id: f1", "footnotes:\n  - id: f1", false),
            (
                "footnotes:\n- id: f1\n  text: A note.\n  source: 0123abcd",
                "footnotes:\n  - id: f1\n    text: A note.\n    source: 0123abcd",
                true,
            ),
            (
                "items:\n      - id: p2-a",
                "items:\n      - id: p2-a\n     - id: bad",
                false,
            ),
        ];
        let mut read = 0;
        for (i, (from, to, here)) in cases.iter().enumerate() {
            assert!(
                USUAL.contains(from),
                "case {i}: {from:?} is not in the text"
            );
            let text = USUAL.replacen(from, to, 1);
            let was_read = agrees(&text);
            assert_eq!(was_read, *here, "case {i}: {to:?}");
            read += usize::from(was_read);
        }
        assert!(read > 20);
    }

    /// A file of nothing, or of only comments and blank lines, reads as
    /// libyaml reads it, or is left to it.
    #[test]
    fn an_empty_file_is_read_as_libyaml_reads_it() {
        for text in ["", "\n", "# only a comment\n", "\n# a comment\n\n"] {
            agrees(text);
        }
    }

    /// Every texts file of the repository's documents, read here, is what
    /// libyaml reads; most are read here.
    #[test]
    fn the_repository_documents_are_read_as_libyaml_reads_them() {
        let (mut files, mut read) = (0, 0);
        for path in super::super::split::tests::repository_texts_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            files += 1;
            read += usize::from(agrees(&text));
        }
        assert!(files > 30);
        // 28 of 34 when this was written: the others are letters (their
        // annexes and signatories are left to libyaml).
        assert!(
            read * 2 > files,
            "only {read} of {files} texts files read directly"
        );
    }

    /// Random files mixing the usual shape with what it does not take
    /// (about one value in thirty): each is read as libyaml reads it, or
    /// left to libyaml.
    #[test]
    fn random_files_are_read_as_libyaml_reads_them() {
        let state = std::cell::Cell::new(0x9e37_79b9_u64);
        let next = |n: usize| {
            let mut x = state.get();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            state.set(x);
            (x % n as u64) as usize
        };
        let texts = [
            "Plain text, with commas.",
            "'Single ''quoted'': text'",
            "\"Double: quoted # text\"",
            "12",
            "true",
            "a#b",
            "{b:bold} and {q:quoted}",
            "''",
            "\"\"",
            ">-\n{in}folded: text\n{in}# on lines",
            "|\n{in}literal\n{in}lines\n",
            "12月20日，会议",
            "2024 in review",
        ];
        let odd_texts = [
            "null",
            "~",
            "a: b",
            "a #b",
            "x:",
            "'open",
            "\"esc\\tape\"",
            "- dash",
            "*alias",
            "two\n{in}lines",
            "'two\n{in}lines'",
            "trailing   ",
            ">-\n{in}a\n\n{in}b",
            ">-\n{in}a\n{in}  b",
            "plain\n{in}  - still the text",
            "1e3",
            "0x1F",
            "1_000",
            "12.5",
            "-1 x",
        ];
        let numbers = ["1", "2", "0"];
        let odd_numbers = ["07", "300", "-1", "'1'", "1.0"];
        let (mut read, mut total) = (0, 0);
        for _ in 0..400 {
            let pick = |good: &[&'static str], odd: &[&'static str]| {
                if next(30) == 0 {
                    odd[next(odd.len())]
                } else {
                    good[next(good.len())]
                }
            };
            let mut text = String::new();
            if next(3) == 0 {
                let title = pick(&texts, &odd_texts).replace("{in}", "  ");
                text.push_str(&format!("title: {title}\n"));
            }
            for key in ["summary", "paragraphs", "footnotes"] {
                if next(4) == 0 {
                    continue;
                }
                let pad = " ".repeat([0, 0, 2][next(3)]);
                text.push_str(&format!("{key}:\n"));
                for i in 0..(1 + next(6)) {
                    text.push_str(&format!("{pad}- id: {key}{i}\n"));
                    let deeper = format!("{pad}    ");
                    let mut fields =
                        vec!["text", "heading", "number", "numbered", "marker", "label"];
                    for _ in 0..next(4) {
                        let field = fields.swap_remove(next(fields.len()));
                        let value = match field {
                            "text" | "label" => pick(&texts, &odd_texts).replace("{in}", &deeper),
                            "numbered" => pick(&["true", "false"], &["yes", "True"]).into(),
                            "marker" => pick(&["letters", "roman"], &["Letters", "stars"]).into(),
                            _ => pick(&numbers, &odd_numbers).into(),
                        };
                        text.push_str(&format!("{pad}  {field}: {value}\n"));
                    }
                    if next(40) == 0 {
                        text.push_str(&format!("{pad}  colour: red\n"));
                    }
                    if next(4) == 0 {
                        let inner = format!("{pad}{}", ["  ", "    "][next(2)]);
                        text.push_str(&format!("{pad}  items:\n"));
                        for j in 0..(1 + next(3)) {
                            let value =
                                pick(&texts, &odd_texts).replace("{in}", &format!("{inner}    "));
                            text.push_str(&format!(
                                "{inner}- id: {key}{i}-{j}\n{inner}  text: {value}\n"
                            ));
                        }
                        if next(2) == 0 {
                            text.push_str(&format!("{pad}  numbered: false\n"));
                        }
                    }
                    match next(10) {
                        0 => text.push_str("# a comment\n"),
                        1 => text.push('\n'),
                        2 => text.push_str(&format!("{pad}    # an indented comment\n")),
                        // A line of spaces: empty, or text of a block above.
                        3 => text.push_str(&format!("{}\n", " ".repeat(next(10)))),
                        _ => {}
                    }
                }
            }
            total += 1;
            read += usize::from(agrees(&text));
        }
        assert!(read > 80, "only {read} of {total} read directly");
        assert!(read < total - 80, "{read} of {total} read directly");
    }
}
