//! Escaping text for the XML-like formats polypress writes: the layout
//! markup, XMP, XLIFF and JUnit reports.

/// Escapes `& < > "` and drops the control characters XML 1.0 forbids.
pub fn escape(text: &str) -> String {
    escaped(text, true)
}

/// Escapes `& < >` for element content, where quotation marks stand as
/// they are (as XML libraries write them back: a CAT tool's open-and-save
/// leaves the file unchanged), and drops the control characters XML 1.0
/// forbids.
pub(crate) fn escape_text(text: &str) -> String {
    escaped(text, false)
}

fn escaped(text: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_characters_and_drops_controls() {
        assert_eq!(
            super::escape("A & B <c> \"d\"\u{1}\n"),
            "A &amp; B &lt;c&gt; &quot;d&quot;\n"
        );
        assert_eq!(
            super::escape_text("A & B <c> \"d\"\u{1}\n"),
            "A &amp; B &lt;c&gt; \"d\"\n"
        );
    }
}
