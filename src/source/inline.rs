//! The inline syntax of texts: one small, strict syntax, the same in every
//! language (docs/authoring.md).
//!
//! ```text
//! {i:words}  {b:words}  {q:words}  {sup:er}     italic, bold, quotation, superscript
//! {footnote:ID}  {annex:ID}                     a note call, a reference to an annex
//! {br}  {nbsp}                                  forced line break, non-breaking space
//! \{  \}  \\                                    a literal brace or backslash
//! ```
//!
//! Tags nest. Anything else between braces is an error naming the tag and
//! its place, with the nearest known tag as a hint: a misspelt tag is
//! never printed.

use crate::diagnostic::did_you_mean;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Italic(Vec<Inline>),
    Bold(Vec<Inline>),
    /// Words in the language's quotation marks.
    Quote(Vec<Inline>),
    Superscript(Vec<Inline>),
    /// `{footnote:ID}`.
    Footnote(String),
    /// `{annex:ID}`.
    Annex(String),
    LineBreak,
    NonBreakingSpace,
}

impl Inline {
    /// A span's tag (`i`, `b`, `q`, `sup`) and the pieces inside it.
    pub fn span(&self) -> Option<(&'static str, &[Inline])> {
        match self {
            Inline::Italic(p) => Some(("i", p)),
            Inline::Bold(p) => Some(("b", p)),
            Inline::Quote(p) => Some(("q", p)),
            Inline::Superscript(p) => Some(("sup", p)),
            _ => None,
        }
    }
}

/// A syntax error: where in the text (byte offsets) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineError {
    /// Byte offset of the offending part in the text.
    pub start: usize,
    /// Its length in bytes.
    pub length: usize,
    pub message: String,
    pub hint: String,
}

/// A text written in the inline syntax, read once, when its file is
/// loaded: the text as written, and its pieces or the error `check`
/// reports with its place. It reads as the text it was written as
/// (`Deref<Target = str>`) and serialises as it; every later stage walks
/// its pieces instead of reading the syntax again.
#[derive(Clone)]
pub struct InlineText {
    written: String,
    parsed: Result<Vec<Inline>, InlineError>,
}

impl InlineText {
    pub fn new(written: impl Into<String>) -> Self {
        let written = written.into();
        let parsed = parse(&written);
        InlineText { written, parsed }
    }

    pub fn as_str(&self) -> &str {
        &self.written
    }

    /// The pieces, or why the text does not parse (which `check` reports
    /// before any stage asks).
    pub fn pieces(&self) -> Result<&[Inline], &InlineError> {
        self.parsed.as_deref()
    }

    /// The same text with each run of words changed by `change` (which
    /// must not add braces), its tags kept: written back, and its
    /// pieces changed alike, so it is not read again. A text that does not
    /// parse is changed whole.
    pub(crate) fn map_words(&self, change: &mut dyn FnMut(&str) -> String) -> InlineText {
        match &self.parsed {
            Ok(pieces) => {
                let pieces = map_words(pieces, change);
                InlineText {
                    written: write(&pieces, &mut |t| t.to_owned()),
                    parsed: Ok(pieces),
                }
            }
            Err(_) => InlineText::new(change(&self.written)),
        }
    }
}

fn map_words(pieces: &[Inline], change: &mut dyn FnMut(&str) -> String) -> Vec<Inline> {
    pieces
        .iter()
        .map(|piece| match piece {
            Inline::Text(t) => Inline::Text(change(t)),
            Inline::Italic(p) => Inline::Italic(map_words(p, change)),
            Inline::Bold(p) => Inline::Bold(map_words(p, change)),
            Inline::Quote(p) => Inline::Quote(map_words(p, change)),
            Inline::Superscript(p) => Inline::Superscript(map_words(p, change)),
            other => other.clone(),
        })
        .collect()
}

impl Default for InlineText {
    fn default() -> Self {
        InlineText {
            written: String::new(),
            parsed: Ok(Vec::new()),
        }
    }
}

impl std::ops::Deref for InlineText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.written
    }
}

impl std::fmt::Debug for InlineText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.written.fmt(f)
    }
}

impl std::fmt::Display for InlineText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.written)
    }
}

/// Two texts are the same when they are written the same.
impl PartialEq for InlineText {
    fn eq(&self, other: &Self) -> bool {
        self.written == other.written
    }
}

impl Eq for InlineText {}

impl PartialEq<str> for InlineText {
    fn eq(&self, other: &str) -> bool {
        self.written == other
    }
}

impl PartialEq<&str> for InlineText {
    fn eq(&self, other: &&str) -> bool {
        self.written == *other
    }
}

impl From<String> for InlineText {
    fn from(written: String) -> Self {
        InlineText::new(written)
    }
}

impl From<&str> for InlineText {
    fn from(written: &str) -> Self {
        InlineText::new(written)
    }
}

impl serde::Serialize for InlineText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written)
    }
}

impl<'de> serde::Deserialize<'de> for InlineText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(InlineText::new)
    }
}

impl schemars::JsonSchema for InlineText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}

/// Tags that hold text.
const SPANS: [&str; 4] = ["i", "b", "q", "sup"];
/// Tags that refer to an id.
const REFERENCES: [&str; 2] = ["footnote", "annex"];
/// Tags that stand alone.
const SINGLES: [&str; 2] = ["br", "nbsp"];

fn all_tags() -> impl Iterator<Item = &'static str> {
    SPANS.into_iter().chain(REFERENCES).chain(SINGLES)
}

/// How deep span tags (`{i:…}`, `{b:…}`, `{q:…}`, `{sup:…}`) may nest:
/// far beyond any real text (a quotation in italics in bold is three),
/// and short of the stack every later stage walks them with.
pub(crate) const MAX_DEPTH: usize = 16;

/// Parses a text into inline pieces.
pub fn parse(text: &str) -> Result<Vec<Inline>, InlineError> {
    let mut parser = Parser {
        text,
        at: 0,
        depth: 0,
    };
    let (pieces, closed) = parser.sequence()?;
    if let Some(at) = closed {
        return Err(InlineError {
            start: at,
            length: 1,
            message: "`}` closes no tag".into(),
            hint: "write `\\}` for a literal brace, or check the tag this was meant to close"
                .into(),
        });
    }
    Ok(pieces)
}

/// The plain text of pieces, tags dropped (word counts, titles).
pub fn plain(pieces: &[Inline]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text(t) => out.push_str(t),
            Inline::Italic(p) | Inline::Bold(p) | Inline::Quote(p) | Inline::Superscript(p) => {
                out.push_str(&plain(p))
            }
            Inline::LineBreak => out.push(' '),
            Inline::NonBreakingSpace => out.push('\u{a0}'),
            Inline::Footnote(_) | Inline::Annex(_) => {}
        }
    }
    out
}

/// Writes pieces back in the inline syntax, each text through `text`
/// (which must not add braces) and escaped.
pub fn write(pieces: &[Inline], text: &mut dyn FnMut(&str) -> String) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text(t) => {
                let changed = text(t);
                for c in changed.chars() {
                    if matches!(c, '{' | '}' | '\\') {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            Inline::Italic(_) | Inline::Bold(_) | Inline::Quote(_) | Inline::Superscript(_) => {
                if let Some((tag, inner)) = piece.span() {
                    out.push_str(&format!("{{{tag}:{}}}", write(inner, text)));
                }
            }
            Inline::Footnote(id) => out.push_str(&format!("{{footnote:{id}}}")),
            Inline::Annex(id) => out.push_str(&format!("{{annex:{id}}}")),
            Inline::LineBreak => out.push_str("{br}"),
            Inline::NonBreakingSpace => out.push_str("{nbsp}"),
        }
    }
    out
}

/// Every `{footnote:ID}` and `{annex:ID}` of pieces, in order.
pub fn calls(pieces: &[Inline], out: &mut Vec<Inline>) {
    for piece in pieces {
        match piece {
            Inline::Footnote(_) | Inline::Annex(_) => out.push(piece.clone()),
            Inline::Italic(p) | Inline::Bold(p) | Inline::Quote(p) | Inline::Superscript(p) => {
                calls(p, out)
            }
            _ => {}
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    /// Span tags open around the cursor.
    depth: usize,
}

impl Parser<'_> {
    /// Pieces up to the end of the text or an unescaped `}`; returns the
    /// offset of that `}` if one ended the sequence.
    fn sequence(&mut self) -> Result<(Vec<Inline>, Option<usize>), InlineError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let flush = |text: &mut String, pieces: &mut Vec<Inline>| {
            if !text.is_empty() {
                pieces.push(Inline::Text(std::mem::take(text)));
            }
        };
        while let Some(c) = self.text[self.at..].chars().next() {
            match c {
                '\\' => {
                    let next = self.text[self.at + 1..].chars().next();
                    match next {
                        Some(n @ ('{' | '}' | '\\')) => {
                            text.push(n);
                            self.at += 2;
                        }
                        _ => {
                            text.push('\\');
                            self.at += 1;
                        }
                    }
                }
                '}' => {
                    flush(&mut text, &mut pieces);
                    let at = self.at;
                    self.at += 1;
                    return Ok((pieces, Some(at)));
                }
                '{' => {
                    flush(&mut text, &mut pieces);
                    pieces.push(self.tag()?);
                }
                _ => {
                    // Plain text runs to the next special character.
                    let rest = &self.text[self.at..];
                    let length = rest.find(['\\', '{', '}']).unwrap_or(rest.len());
                    text.push_str(&rest[..length]);
                    self.at += length;
                }
            }
        }
        flush(&mut text, &mut pieces);
        Ok((pieces, None))
    }

    /// A tag starting at the `{` under the cursor.
    fn tag(&mut self) -> Result<Inline, InlineError> {
        let open = self.at;
        let rest = &self.text[open + 1..];
        let name_length = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_length];
        let after = rest[name_length..].chars().next();
        if name.is_empty() {
            return Err(InlineError {
                start: open,
                length: 1,
                message: "`{` starts no tag".into(),
                hint: "write `\\{` for a literal brace; tags are {i:…} {b:…} {q:…} {footnote:ID} {annex:ID} {br} {nbsp}"
                    .into(),
            });
        }
        if SINGLES.contains(&name) {
            return self.single(open, name, after);
        }
        if REFERENCES.contains(&name) {
            return self.reference(open, name, after);
        }
        if SPANS.contains(&name) {
            return self.span(open, name, after);
        }
        Err(unknown_tag(open, name))
    }

    /// A tag without content, `{br}` or `{nbsp}`, its name read: the `}`
    /// must follow.
    fn single(
        &mut self,
        open: usize,
        name: &str,
        after: Option<char>,
    ) -> Result<Inline, InlineError> {
        if after != Some('}') {
            return Err(InlineError {
                start: open,
                length: name.len() + 1,
                message: format!("`{{{name}` is not closed"),
                hint: format!("write `{{{name}}}`"),
            });
        }
        self.at = open + name.len() + 2;
        Ok(if name == "br" {
            Inline::LineBreak
        } else {
            Inline::NonBreakingSpace
        })
    }

    /// A note call or annex reference, `{footnote:ID}` or `{annex:ID}`, its
    /// name read: a colon, an id, then `}`.
    fn reference(
        &mut self,
        open: usize,
        name: &str,
        after: Option<char>,
    ) -> Result<Inline, InlineError> {
        if after != Some(':') {
            return Err(InlineError {
                start: open,
                length: name.len() + 1 + after.map_or(0, char::len_utf8),
                message: format!("malformed reference `{{{name}…`"),
                hint: format!("a reference is written `{{{name}:ID}}`, with a colon and no space"),
            });
        }
        let id_start = open + name.len() + 2;
        let id_rest = &self.text[id_start..];
        let id_length = id_rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(id_rest.len());
        let id = &id_rest[..id_length];
        let end = id_rest[id_length..].chars().next();
        if id.is_empty() || end != Some('}') {
            let shown = &self.text[open..(id_start + id_length + end.map_or(0, char::len_utf8))];
            return Err(InlineError {
                start: open,
                length: shown.len(),
                message: format!("malformed reference `{shown}`"),
                hint: format!(
                    "a reference is `{{{name}:ID}}`: an id of letters, digits, `-`, `_` or `.`, then `}}`"
                ),
            });
        }
        self.at = id_start + id_length + 1;
        Ok(if name == "footnote" {
            Inline::Footnote(id.to_owned())
        } else {
            Inline::Annex(id.to_owned())
        })
    }

    /// An emphasis, quotation or superscript, `{i:…}` and the like, its
    /// name read: a colon, then pieces up to the closing `}`.
    fn span(
        &mut self,
        open: usize,
        name: &str,
        after: Option<char>,
    ) -> Result<Inline, InlineError> {
        if after != Some(':') {
            return Err(InlineError {
                start: open,
                length: name.len() + 1,
                message: format!("malformed tag `{{{name}`"),
                hint: format!("write `{{{name}:words}}`, with a colon"),
            });
        }
        if self.depth >= MAX_DEPTH {
            return Err(InlineError {
                start: open,
                length: name.len() + 2,
                message: format!("tags nest more than {MAX_DEPTH} deep here"),
                hint: "close the tags opened before this one; real texts nest two or three".into(),
            });
        }
        self.at = open + name.len() + 2;
        self.depth += 1;
        let sequence = self.sequence();
        self.depth -= 1;
        let (inner, closed) = sequence?;
        if closed.is_none() {
            return Err(InlineError {
                start: open,
                length: name.len() + 2,
                message: format!("`{{{name}:` is never closed"),
                hint: "close it with `}` where the emphasis ends".into(),
            });
        }
        if inner.is_empty() {
            return Err(InlineError {
                start: open,
                length: self.at - open,
                message: format!("`{{{name}:}}` is empty"),
                hint: "write the words inside, or remove the tag".into(),
            });
        }
        Ok(match name {
            "i" => Inline::Italic(inner),
            "b" => Inline::Bold(inner),
            "q" => Inline::Quote(inner),
            _ => Inline::Superscript(inner),
        })
    }
}

/// The error for a tag no one knows, with the known tag nearest its name.
fn unknown_tag(open: usize, name: &str) -> InlineError {
    let hint = match did_you_mean(name, all_tags()) {
        Some(near) if REFERENCES.contains(&near) => {
            format!("did you mean `{{{near}:…}}`? (tags are lower case)")
        }
        Some(near) if SINGLES.contains(&near) => format!("did you mean `{{{near}}}`?"),
        Some(near) => format!("did you mean `{{{near}:…}}`?"),
        None => "tags: {i:…} {b:…} {q:…} {sup:…} {footnote:ID} {annex:ID} {br} {nbsp}; \
                     write `\\{` for a literal brace"
            .into(),
    };
    InlineError {
        start: open,
        length: name.len() + 1,
        message: format!("unknown inline tag `{{{name}`"),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}x{}", "{b:".repeat(3000), "}".repeat(3000));
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nest more than 16"), "{e:?}");
        assert_eq!(e.start, 3 * MAX_DEPTH);
        let fine = format!("{}x{}", "{i:".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn parses_nested_tags_and_escapes() {
        assert_eq!(
            parse("{i:Recalling} its {b:own {q:words}}{footnote:f1}, \\{x\\}{br}a{nbsp}b").unwrap(),
            vec![
                Inline::Italic(vec![text("Recalling")]),
                text(" its "),
                Inline::Bold(vec![text("own "), Inline::Quote(vec![text("words")])]),
                Inline::Footnote("f1".into()),
                text(", {x}"),
                Inline::LineBreak,
                text("a"),
                Inline::NonBreakingSpace,
                text("b"),
            ]
        );
    }

    #[test]
    fn misspelt_and_malformed_tags_are_errors() {
        let e = parse("see {foonote:x}").unwrap_err();
        assert_eq!(
            (e.start, e.message.as_str()),
            (4, "unknown inline tag `{foonote`")
        );
        assert!(e.hint.contains("{footnote:…}"), "{}", e.hint);
        let e = parse("see {Annex:csto}").unwrap_err();
        assert!(e.hint.contains("annex"), "{}", e.hint);
        for bad in [
            "{annex id}",
            "{footnote:agenda )",
            "{footnote:agenda,",
            "{footnote:}",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.message.starts_with("malformed reference"), "{bad}: {e:?}");
            assert_eq!(e.start, 0);
        }
        let e = parse("an {i:unclosed emphasis").unwrap_err();
        assert_eq!((e.start, e.message.as_str()), (3, "`{i:` is never closed"));
        assert!(parse("a } b")
            .unwrap_err()
            .message
            .contains("closes no tag"));
        assert!(parse("a { b")
            .unwrap_err()
            .message
            .contains("starts no tag"));
        assert!(parse("{i:}").unwrap_err().message.contains("empty"));
        assert!(parse("{br").is_err());
    }

    #[test]
    fn pieces_write_back_as_they_were_read() {
        let source = "{i:Recalling} \\{x\\} {b:a {q:b}}{footnote:f-1}{br}{nbsp}{annex:one}";
        let pieces = parse(source).unwrap();
        assert_eq!(write(&pieces, &mut |t| t.to_owned()), source);
        assert_eq!(
            write(&parse("{i:ab} c").unwrap(), &mut |t| t.to_uppercase()),
            "{i:AB} C"
        );
    }

    #[test]
    fn plain_text_drops_tags() {
        let pieces = parse("{i:Notes} of {q:the} meeting{footnote:a}").unwrap();
        assert_eq!(plain(&pieces), "Notes of the meeting");
        let mut found = Vec::new();
        calls(&pieces, &mut found);
        assert_eq!(found, vec![Inline::Footnote("a".into())]);
    }
}
