//! Segment text as XLIFF content and back: note calls and annex
//! references as the codes a CAT tool protects, the other tags as text.

use crate::source::inline::{self, Inline, InlineText};
use crate::xml;

/// Segment text as XLIFF content: `{footnote:…}` and `{annex:…}` become
/// the codes `code` writes (given the reference, e.g. `footnote:a`), which
/// a CAT tool protects; the other tags travel as text (`{i:inter alia}`),
/// escaped braces stay escaped.
pub(super) fn to_content(text: &InlineText, code: &mut dyn FnMut(&str) -> String) -> String {
    match text.pieces() {
        Ok(pieces) => pieces_content(pieces, code),
        // Sources are checked before export; a text that does not parse
        // travels as it is.
        Err(_) => xml::escape_text(text),
    }
}

fn pieces_content(pieces: &[Inline], code: &mut dyn FnMut(&str) -> String) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text(t) => {
                let mut escaped = String::new();
                for c in t.chars() {
                    if matches!(c, '{' | '}' | '\\') {
                        escaped.push('\\');
                    }
                    escaped.push(c);
                }
                out.push_str(&xml::escape_text(&escaped));
            }
            Inline::Footnote(_) | Inline::Annex(_) => {
                let written = inline::write(std::slice::from_ref(piece), &mut |t| t.to_owned());
                out.push_str(&code(&written[1..written.len() - 1]));
            }
            Inline::Italic(_) | Inline::Bold(_) | Inline::Quote(_) | Inline::Superscript(_) => {
                if let Some((tag, inner)) = piece.span() {
                    out.push_str(&format!("{{{tag}:{}}}", pieces_content(inner, code)));
                }
            }
            Inline::LineBreak => out.push_str("{br}"),
            Inline::NonBreakingSpace => out.push_str("{nbsp}"),
        }
    }
    out
}

/// The note calls and annex references of a text in the order the
/// content writer meets them: what the numbered codes of XLIFF 2.0 count.
pub(crate) fn codes_in_order(text: &InlineText) -> Vec<String> {
    let mut codes = Vec::new();
    to_content(text, &mut |reference| {
        codes.push(reference.to_owned());
        String::new()
    });
    codes
}

/// A text as content with numbered codes: each note call or annex
/// reference carries the number of the same reference among `codes` (the
/// source's, in order), so a translation's codes match its source's
/// whatever their order.
pub(crate) fn numbered_content(
    text: &InlineText,
    codes: &[String],
    code: &dyn Fn(usize, &str) -> String,
) -> String {
    let mut used = vec![false; codes.len()];
    let mut extra = codes.len();
    to_content(text, &mut |reference| {
        let number = match (0..codes.len()).find(|&i| !used[i] && codes[i] == reference) {
            Some(i) => {
                used[i] = true;
                i + 1
            }
            None => {
                extra += 1;
                extra
            }
        };
        code(number, reference)
    })
}

/// An XLIFF 1.2 placeholder: the reference is its id.
pub(super) fn x_code(reference: &str) -> String {
    format!(
        "<x id=\"{0}\" equiv-text=\"{{{0}}}\"/>",
        xml::escape(reference)
    )
}

/// An XLIFF 2.0 placeholder: numbered as in the source, the reference as
/// what it stands for; a CAT tool may neither delete nor copy it.
pub(super) fn ph_code(number: usize, reference: &str) -> String {
    format!(
        "<ph id=\"{number}\" equiv=\"{{{0}}}\" disp=\"{{{0}}}\" canCopy=\"no\" canDelete=\"no\"/>",
        xml::escape(reference)
    )
}

/// Text of a `<source>`/`<target>` element, `<x/>` back to placeholders,
/// and the placeholders found. Inline elements keep their text (a locale
/// file's placeables travel as `<ph>`); in document texts, native codes a
/// CAT tool may add (`<bpt>`, `<ept>`, `<ph>`, `<it>`, …) have no place
/// and an import refuses them first ([`native_codes`]).
pub(crate) fn from_content(node: roxmltree::Node) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut placeholders = Vec::new();
    content_into(node, &mut text, &mut placeholders, 0);
    (text, placeholders)
}

/// How deep inline elements may nest in a target: far beyond any CAT
/// tool's markup, and short of the stack.
pub(crate) const MAX_INLINE_DEPTH: usize = 32;

fn content_into(
    node: roxmltree::Node,
    text: &mut String,
    placeholders: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_INLINE_DEPTH {
        return;
    }
    for child in node.children() {
        if child.is_text() {
            text.push_str(child.text().unwrap_or(""));
        } else if child.has_tag_name("x") {
            let id = child.attribute("id").unwrap_or("");
            text.push_str(&format!("{{{id}}}"));
            placeholders.push(id.to_owned());
        } else if child.is_element() {
            content_into(child, text, placeholders, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn only_parsed_references_become_codes() {
        let text: InlineText = "see \\{footnote:x\\} and {i:note}{footnote:a} of {annex:b}".into();
        let content = to_content(&text, &mut |reference| format!("<x id=\"{reference}\"/>"));
        assert_eq!(
            content,
            "see \\{footnote:x\\} and {i:note}<x id=\"footnote:a\"/> of <x id=\"annex:b\"/>"
        );
        assert_eq!(codes_in_order(&text), ["footnote:a", "annex:b"]);
    }
}
