//! The layout markup: a small XML subset that templates produce and Rust
//! parses. Elements with double-quoted attributes, text, the entities
//! `&amp; &lt; &gt; &quot;`, self-closing tags, and `<!-- comments -->`.
//! No namespaces, no CDATA, no DTD. The vocabulary is documented in
//! `docs/markup.md` and enforced by `tree/`.

use crate::diagnostic::{position_of_offset, Position};

/// A node of the markup.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// An element with its attributes in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Where the element starts in the markup, for error messages.
    pub position: Position,
}

impl Element {
    /// The value of an attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, skipping text.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// All the text inside, tags removed, whitespace collapsed.
    pub fn text(&self) -> String {
        collapse_whitespace(&self.raw_text())
    }

    /// All the text inside, tags removed, whitespace kept.
    pub(crate) fn raw_text(&self) -> String {
        let mut out = String::new();
        fn walk(nodes: &[Node], out: &mut String) {
            for n in nodes {
                match n {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) => walk(&e.children, out),
                }
            }
        }
        walk(&self.children, &mut out);
        out
    }
}

/// Collapses runs of white space to one space and trims the ends. No-break
/// spaces (U+00A0, U+202F) are not white space here: they are typography.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A markup syntax error, with its position in the markup.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (markup line {}, column {})", position.line, position.column)]
pub struct MarkupError {
    pub message: String,
    pub position: Position,
}

/// Parses markup with exactly one root element.
pub fn parse(markup: &str) -> Result<Element, MarkupError> {
    let mut parser = Parser::new(markup);
    parser.skip_misc()?;
    let root = parser.element()?;
    parser.skip_misc()?;
    if parser.at < markup.len() {
        return Err(parser.error("text after the root element"));
    }
    Ok(root)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    /// Line counting so far: up to `counted`, `line` lines, the last one
    /// starting at `line_start` (elements come in order, so positions are
    /// found without rescanning the text from its start).
    counted: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            at: 0,
            counted: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The position of `self.at`.
    fn position(&mut self) -> Position {
        if self.at < self.counted {
            return position_of_offset(self.text, self.at);
        }
        let bytes = &self.text.as_bytes()[self.counted..self.at];
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.counted + i + 1;
            }
        }
        self.counted = self.at;
        Position {
            line: self.line,
            column: self.text[self.line_start..self.at].chars().count() + 1,
        }
    }

    fn error(&self, message: &str) -> MarkupError {
        MarkupError {
            message: message.to_owned(),
            position: position_of_offset(self.text, self.at),
        }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    /// Skips white space and comments between elements.
    fn skip_misc(&mut self) -> Result<(), MarkupError> {
        loop {
            let trimmed = self.rest().trim_start();
            self.at = self.text.len() - trimmed.len();
            if trimmed.starts_with("<!--") {
                self.comment()?;
            } else {
                return Ok(());
            }
        }
    }

    fn comment(&mut self) -> Result<(), MarkupError> {
        match self.rest().find("-->") {
            Some(end) => {
                self.at += end + 3;
                Ok(())
            }
            None => Err(self.error("unclosed comment")),
        }
    }

    fn name(&mut self) -> Result<String, MarkupError> {
        let length = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(self.rest().len());
        if length == 0 {
            return Err(self.error("expected a name"));
        }
        let name = self.rest()[..length].to_owned();
        self.at += length;
        Ok(name)
    }

    fn element(&mut self) -> Result<Element, MarkupError> {
        let position = self.position();
        if !self.rest().starts_with('<') {
            return Err(self.error("expected an element"));
        }
        self.at += 1;
        let name = self.name()?;
        let mut attributes = Vec::new();
        loop {
            let trimmed = self.rest().trim_start();
            self.at = self.text.len() - trimmed.len();
            if let Some(after) = self.rest().strip_prefix("/>") {
                self.at = self.text.len() - after.len();
                return Ok(Element {
                    name,
                    attributes,
                    children: Vec::new(),
                    position,
                });
            }
            if self.rest().starts_with('>') {
                self.at += 1;
                break;
            }
            let attribute = self.name()?;
            if !self.rest().starts_with("=\"") {
                return Err(self.error(&format!("attribute `{attribute}` needs =\"value\"")));
            }
            self.at += 2;
            let end = self
                .rest()
                .find('"')
                .ok_or_else(|| self.error("unclosed attribute value"))?;
            let raw = &self.rest()[..end];
            let value = unescape(raw).map_err(|m| self.error(&m))?;
            self.at += end + 1;
            if attributes.iter().any(|(n, _)| *n == attribute) {
                return Err(self.error(&format!("attribute `{attribute}` given twice")));
            }
            attributes.push((attribute, value));
        }
        let children = self.content(&name)?;
        Ok(Element {
            name,
            attributes,
            children,
            position,
        })
    }

    fn content(&mut self, parent: &str) -> Result<Vec<Node>, MarkupError> {
        let mut children = Vec::new();
        loop {
            if self.at >= self.text.len() {
                return Err(self.error(&format!("<{parent}> is not closed")));
            }
            let rest = self.rest();
            if let Some(after) = rest.strip_prefix("</") {
                self.at = self.text.len() - after.len();
                let name = self.name()?;
                if name != parent {
                    return Err(self.error(&format!("</{name}> closes <{parent}>")));
                }
                if !self.rest().starts_with('>') {
                    return Err(self.error("expected `>`"));
                }
                self.at += 1;
                return Ok(children);
            }
            if rest.starts_with("<!--") {
                self.comment()?;
            } else if rest.starts_with('<') {
                children.push(Node::Element(self.element()?));
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = unescape(&rest[..end]).map_err(|m| self.error(&m))?;
                self.at += end;
                children.push(Node::Text(text));
            }
        }
    }
}

fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let (entity, len) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
        ]
        .iter()
        .find(|(e, _)| after.starts_with(e))
        .map(|(e, c)| (*c, e.len()))
        .ok_or_else(|| {
            format!(
                "unknown entity at `{}`",
                after.chars().take(8).collect::<String>()
            )
        })?;
        out.push(entity);
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_elements_attributes_text_and_entities() {
        let root = parse("<!-- c --><document lang=\"en\">\n <p id=\"a\">A &amp; <b>B</b></p><page-break/></document>\n")
            .unwrap();
        assert_eq!(root.name, "document");
        assert_eq!(root.attribute("lang"), Some("en"));
        let children: Vec<_> = root.elements().collect();
        assert_eq!(children.len(), 2);
        assert_eq!(children[0].text(), "A & B");
        assert_eq!(children[1].name, "page-break");
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("<document>\n<p>x</q></document>").unwrap_err();
        assert!(e.message.contains("</q> closes <p>"), "{e}");
        assert_eq!(e.position.line, 2);
        assert!(parse("<document>").is_err());
        assert!(parse("<a>&nbsp;</a>").is_err());
    }
}
