//! Unicode escapes in Fluent string literals (`{ "\u00A0" }`), checked
//! before a file reaches the Fluent parser: fluent-syntax 0.12 panics on a
//! short escape followed by a multi-byte character (`{ "\u000»" }`, found
//! by fuzzing `l10n check`), so a translator's typo would crash every
//! render. Here it is an error at its line and column instead.

/// The byte offset and description of the first malformed escape in a
/// string literal of `text`, if any: `\u` must be followed by four hex
/// digits, `\U` by six, and `\` otherwise only by `"` or `\`.
pub fn malformed_escape(text: &str) -> Option<(usize, String)> {
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
