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

/// [`escape`] appended to `out`, with no string of its own.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    escaped_into(out, text, true);
}

fn escaped(text: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(text.len());
    escaped_into(&mut out, text, quotes);
    out
}

fn escaped_into(out: &mut String, text: &str, quotes: bool) {
    // Every character to replace or drop is ASCII, so the text is searched
    // by byte and copied a run at a time (a 200-page report's markup is
    // 800 kB of text; a push per character took 24 M instructions).
    let special = |b: u8| {
        matches!(b, b'&' | b'<' | b'>')
            || (quotes && b == b'"')
            || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
    };
    let maybe = |b: u8| (b < 0x20) | (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(i) = crate::bytes::find_from(bytes, start, maybe, |i| special(bytes[i])) {
        // `i` is an ASCII byte, so both slices end on character boundaries.
        out.push_str(&text[start..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "",
        });
        start = i + 1;
    }
    out.push_str(&text[start..]);
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
        // Runs of other characters, multi-byte ones included, pass whole.
        assert_eq!(
            super::escape("«Ré»\t中文 & 😀<\u{7f}>"),
            "«Ré»\t中文 &amp; 😀&lt;\u{7f}&gt;"
        );
        assert_eq!(super::escape(""), "");
        assert_eq!(super::escape("\u{0}\u{1f}"), "");
    }

    #[test]
    fn long_texts_are_escaped_as_a_character_at_a_time() {
        let by_characters = |text: &str, quotes: bool| -> String {
            text.chars()
                .filter_map(|c| match c {
                    '&' => Some("&amp;".to_string()),
                    '<' => Some("&lt;".to_string()),
                    '>' => Some("&gt;".to_string()),
                    '"' if quotes => Some("&quot;".to_string()),
                    '\n' | '\r' | '\t' => Some(c.to_string()),
                    c if (c as u32) < 0x20 => None,
                    c => Some(c.to_string()),
                })
                .collect()
        };
        let alphabet = [
            "a", "é", "中", " ", "&", "<", ">", "\"", "\u{1}", "\n", "\t", "0",
        ];
        let mut next = crate::testing::random(0x0e5c_a9e5);
        for _ in 0..3000 {
            let text: String = (0..next(60))
                .map(|_| alphabet[next(alphabet.len() as u32) as usize])
                .collect();
            assert_eq!(super::escape(&text), by_characters(&text, true), "{text:?}");
            assert_eq!(super::escape_text(&text), by_characters(&text, false));
        }
    }
}
