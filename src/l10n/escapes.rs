//! What a Fluent file must not hold when it reaches the Fluent parser,
//! checked before ([`unparseable`]): a malformed Unicode escape in a string
//! literal (`{ "\u000»" }`: fluent-syntax 0.12 panics on a short escape
//! followed by a multi-byte character, found by fuzzing `l10n check`), and
//! placeables nested deeper than [`MAX_PLACEABLE_DEPTH`] (the parser
//! recurses once per level: 1,000 nested `{ ` overflow the stack). Either
//! would let a translator's typo crash every render; here each is an error
//! at its line and column instead.

/// How deep placeables may nest in a Fluent file: real messages nest two
/// or three deep (a select inside a placeable); the parser's stack holds
/// far more.
pub(crate) const MAX_PLACEABLE_DEPTH: usize = 32;

/// The byte offset and description of the first thing in `text` the
/// Fluent parser cannot be given: a malformed escape, or placeables
/// nested too deep.
pub(crate) fn unparseable(text: &str) -> Option<(usize, String)> {
    malformed_escape(text).or_else(|| too_deep(text))
}

/// The byte offset of the first placeable nested deeper than
/// [`MAX_PLACEABLE_DEPTH`]. Depth counts across the lines of an entry (a
/// select spans lines) and starts again at each entry (a line at column
/// 0); braces in string literals (`{ "{" }`) do not count. Read byte by
/// byte: every character it looks for is ASCII, and no byte of a longer
/// UTF-8 sequence is.
fn too_deep(text: &str) -> Option<(usize, String)> {
    let mut depth = 0usize;
    for (line_start, line) in line_offsets(text) {
        let bytes = line.as_bytes();
        if bytes
            .first()
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'-')
        {
            depth = 0;
        }
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut in_string = false;
        let mut escaped = false;
        for (i, &b) in bytes.iter().enumerate() {
            match (in_string, b) {
                (true, _) if escaped => escaped = false,
                (true, b'\\') => escaped = true,
                (true, b'"') => in_string = false,
                (true, _) => {}
                (false, b'{') => {
                    depth += 1;
                    if depth > MAX_PLACEABLE_DEPTH {
                        return Some((
                            line_start + i,
                            format!("placeables nest more than {MAX_PLACEABLE_DEPTH} deep"),
                        ));
                    }
                }
                (false, b'}') => depth = depth.saturating_sub(1),
                (false, b'"') if depth > 0 => in_string = true,
                _ => {}
            }
        }
    }
    None
}

/// The byte offset and description of the first malformed escape in a
/// string literal of `text`, if any: `\u` must be followed by four hex
/// digits, `\U` by six, and `\` otherwise only by `"` or `\`. Read byte
/// by byte, as [`too_deep`] is, and not at all without a `\`.
pub(crate) fn malformed_escape(text: &str) -> Option<(usize, String)> {
    memchr::memchr(b'\\', text.as_bytes())?;
    for (line_start, line) in line_offsets(text) {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let bytes = line.as_bytes();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            match (in_string, b) {
                (false, b'{') => depth += 1,
                (false, b'}') => depth = depth.saturating_sub(1),
                (false, b'"') if depth > 0 => in_string = true,
                (true, b'"') => in_string = false,
                (true, b'\\') => {
                    let at = line_start + i - 1;
                    let Some(next) = line[i..].chars().next() else {
                        return Some((at, "a `\\` at the end of a line".into()));
                    };
                    let digits = match next {
                        'u' => 4,
                        'U' => 6,
                        '"' | '\\' => {
                            i += 1;
                            continue;
                        }
                        other => {
                            return Some((
                                at,
                                format!("unknown escape `\\{other}` in a string literal"),
                            ))
                        }
                    };
                    // A hexadecimal digit is one byte: any other character
                    // among the next `digits` bytes is not one.
                    let hex = bytes.get(i + 1..i + 1 + digits);
                    if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                        return Some((
                            at,
                            format!(
                                "`\\{next}` takes {digits} hexadecimal digits in a string literal"
                            ),
                        ));
                    }
                    i += 1 + digits;
                }
                _ => {}
            }
        }
    }
    None
}

/// Each line of `text` with the byte offset where it starts.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split('\n').map(move |line| {
        let at = start;
        start += line.len() + 1;
        (at, line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scans as they were written first, a character at a time: the
    /// byte scans must find the same thing at the same offset.
    fn too_deep_by_char(text: &str) -> Option<(usize, String)> {
        let mut depth = 0usize;
        for (line_start, line) in line_offsets(text) {
            if line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-') {
                depth = 0;
            }
            if line.trim_start().starts_with('#') {
                continue;
            }
            let mut in_string = false;
            let mut escaped = false;
            for (i, c) in line.char_indices() {
                match (in_string, c) {
                    (true, _) if escaped => escaped = false,
                    (true, '\\') => escaped = true,
                    (true, '"') => in_string = false,
                    (true, _) => {}
                    (false, '{') => {
                        depth += 1;
                        if depth > MAX_PLACEABLE_DEPTH {
                            return Some((
                                line_start + i,
                                format!("placeables nest more than {MAX_PLACEABLE_DEPTH} deep"),
                            ));
                        }
                    }
                    (false, '}') => depth = depth.saturating_sub(1),
                    (false, '"') if depth > 0 => in_string = true,
                    _ => {}
                }
            }
        }
        None
    }

    fn malformed_escape_by_char(text: &str) -> Option<(usize, String)> {
        for (line_start, line) in line_offsets(text) {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let mut depth = 0usize;
            let mut in_string = false;
            let mut chars = line.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                match (in_string, c) {
                    (false, '{') => depth += 1,
                    (false, '}') => depth = depth.saturating_sub(1),
                    (false, '"') if depth > 0 => in_string = true,
                    (true, '"') => in_string = false,
                    (true, '\\') => {
                        let Some((_, next)) = chars.next() else {
                            return Some((line_start + i, "a `\\` at the end of a line".into()));
                        };
                        let digits = match next {
                            'u' => 4,
                            'U' => 6,
                            '"' | '\\' => continue,
                            other => {
                                return Some((
                                    line_start + i,
                                    format!("unknown escape `\\{other}` in a string literal"),
                                ))
                            }
                        };
                        for _ in 0..digits {
                            match chars.next() {
                                Some((_, h)) if h.is_ascii_hexdigit() => {}
                                _ => {
                                    return Some((
                                        line_start + i,
                                        format!(
                                            "`\\{next}` takes {digits} hexadecimal digits in a string literal"
                                        ),
                                    ))
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    }

    #[test]
    fn byte_scans_find_what_char_scans_found() {
        let alphabet = [
            "{", "}", "\"", "\\", "u", "U", "0", "a", "F", "#", " ", "\n", "»", "x", "-",
            "\u{3000}", "{ ", "\\u00", "\n-", "\nk = ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            let len = 1 + (state % 40) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            assert_eq!(
                malformed_escape(&text),
                malformed_escape_by_char(&text),
                "{text:?}"
            );
            assert_eq!(too_deep(&text), too_deep_by_char(&text), "{text:?}");
        }
        let deep = format!("x = {}", "{ \"\\u0041\" ".repeat(40));
        assert!(too_deep(&deep).is_some());
        assert_eq!(too_deep(&deep), too_deep_by_char(&deep));
    }

    #[test]
    fn placeables_nested_too_deep_are_found_and_literal_braces_pass() {
        let deep = format!("x = {}\"y\"{}\n", "{ ".repeat(1000), " }".repeat(1000));
        let (at, message) = unparseable(&deep).unwrap();
        assert_eq!(at, 4 + 2 * MAX_PLACEABLE_DEPTH);
        assert!(message.contains("nest more than 32"), "{message}");
        // Literal braces, a select across lines, and many entries.
        let fine =
            "a = { \"{\" } and { \"}\" }\nb = { $n ->\n    [one] { { $x } }\n   *[other] x\n}\n"
                .repeat(100);
        assert_eq!(unparseable(&fine), None);
        // An entry left open does not carry its depth into the next.
        let open = "a = { { {\n".repeat(40);
        assert_eq!(unparseable(&open), None);
    }

    #[test]
    fn short_escapes_are_found_and_good_ones_pass() {
        assert_eq!(
            malformed_escape("x = { \"\\u00A0\" } and \\u in text\n"),
            None
        );
        assert_eq!(malformed_escape("x = { \"\\U01F600\\\\ \\\"\" }\n"), None);
        assert_eq!(malformed_escape("# a comment with { \"\\u0\" }\n"), None);
        let text = "a = b\nx = { \"\\u000»\" }\n";
        let (at, message) = malformed_escape(text).unwrap();
        assert_eq!(&text[at..at + 2], "\\u");
        assert!(
            message.contains("four") || message.contains('4'),
            "{message}"
        );
        assert!(malformed_escape("x = { \"\\q\" }").is_some());
    }

    #[test]
    fn the_parser_is_never_reached_with_the_escape_that_crashes_it() {
        // The case fuzzing found: without the check, fluent-syntax panics.
        let text = "x = { \"\\u000»\" }\n";
        assert!(malformed_escape(text).is_some());
        let crashed = std::panic::catch_unwind(|| {
            let _ = fluent_syntax::parser::parse(text);
        })
        .is_err();
        // If a new fluent-syntax stops panicking, this check may go.
        assert!(crashed, "fluent-syntax no longer panics on {text:?}");
    }
}
