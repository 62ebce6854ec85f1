//! Reading the files users write: sources, locale files and templates.
//!
//! Every file goes through [`read_text`], which refuses with a diagnostic,
//! never a panic or an abort: a file larger than `Limits::FILE_BYTES`, a
//! UTF-16 or UTF-32 file (by its byte-order mark), binary content (a NUL
//! byte), and bytes that are not UTF-8, each at its line and column. A
//! UTF-8 byte-order mark is dropped, as editors hide it.
//!
//! The limits are far above any real document (the longest UN reports run
//! to a few hundred pages and a few megabytes of text); they exist so that
//! a runaway or hostile input is refused with exit 2 and a message instead
//! of exhausting memory.

use std::path::Path;

use crate::diagnostic::{position_of_offset, Diagnostic, Position};

/// The documented input limits (README, "Limits").
pub(crate) struct Limits;

impl Limits {
    /// Bytes in one source, locale or template file: 16 MiB.
    pub(crate) const FILE_BYTES: u64 = 16 * 1024 * 1024;
    /// Characters in one paragraph, list item, table cell or note: about
    /// thirty pages of running text.
    pub(crate) const PARAGRAPH_CHARS: usize = 100_000;
    /// Pages in one rendered document.
    pub(crate) const PAGES: usize = 5_000;
}

/// The number of characters of `text` when it is over the limit of one
/// paragraph, item, cell or note ([`Limits::PARAGRAPH_CHARS`]).
pub(crate) fn over_paragraph_limit(text: &str) -> Option<usize> {
    let limit = Limits::PARAGRAPH_CHARS;
    // Bytes first: a text of fewer bytes than the limit has fewer characters.
    (text.len() > limit)
        .then(|| text.chars().count())
        .filter(|&n| n > limit)
}

/// Reads `path` as UTF-8 text, refusing what is not (see the module doc).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::error(format!("cannot read {}: {e}", path.display()))
            .in_file(path)
            .with_hint("check that the file exists and is readable")
    };
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > Limits::FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "{} is {:.1} MiB, over the limit of {} MiB for one file",
            path.display(),
            size as f64 / (1024.0 * 1024.0),
            Limits::FILE_BYTES / (1024 * 1024)
        ))
        .in_file(path)
        .with_hint(
            "split the text into several documents or annexes; real documents are far smaller",
        ));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    decode(path, bytes)
}

/// Decodes the bytes of `path` as UTF-8 (see the module doc).
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let start = Position { line: 1, column: 1 };
    let encoding = match bytes.as_slice() {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16"),
        _ => None,
    };
    if let Some(encoding) = encoding {
        return Err(Diagnostic::error(format!(
            "{encoding} byte-order mark at the start of the file: polypress reads UTF-8"
        ))
        .at(path, "", start, 2)
        .with_hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)"));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    // The valid file, the usual case, checked with SIMD; an invalid one
    // by std, for the place of its first bad byte.
    let checked = simdutf8::basic::from_utf8(&bytes).is_ok();
    let text = match checked {
        // SAFETY: the bytes were just found to be valid UTF-8.
        true => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        false => String::from_utf8(bytes),
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            let error = e.utf8_error();
            let bytes = e.into_bytes();
            let valid = error.valid_up_to();
            // Safe: the prefix is valid by the error's own account.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let position = position_of_offset(prefix, valid);
            let line = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..].to_owned();
            let found: Vec<String> = bytes[valid..]
                .iter()
                .take(error.error_len().unwrap_or(1).max(1))
                .map(|b| format!("0x{b:02X}"))
                .collect();
            return Err(Diagnostic::error(format!(
                "not UTF-8: byte {} at line {}, column {} (byte offset {valid})",
                found.join(" "),
                position.line,
                position.column
            ))
            .at(path, &line_only(&line, position.line), position, 1)
            .with_hint(
                "save the file as UTF-8; a byte like 0xE9 alone is usually Latin-1 or Windows-1252 text",
            ));
        }
    };
    if let Some(offset) = text.find('\0') {
        return Err(
            Diagnostic::error("binary content: a NUL byte in a text file".to_string())
                .at_offset(path, &text, offset, 1)
                .with_hint("this is not a text file; check that the right file is named"),
        );
    }
    Ok(text)
}

/// A text whose line `number` is `line`, so a code frame can show it.
fn line_only(line: &str, number: usize) -> String {
    let mut text = "\n".repeat(number.saturating_sub(1));
    text.push_str(line);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Result<String, String> {
        decode(Path::new("x.yaml"), bytes.to_vec())
            .map_err(|d| format!("{} @ {}", d.message, d.place().unwrap_or_default()))
    }

    #[test]
    fn utf8_passes_and_its_bom_is_dropped() {
        assert_eq!(decoded(b"a: 1\n").unwrap(), "a: 1\n");
        assert_eq!(decoded(b"\xEF\xBB\xBFa: 1").unwrap(), "a: 1");
    }

    #[test]
    fn utf16_is_named() {
        let e = decoded(b"\xFF\xFEa\0:\0").unwrap_err();
        assert!(e.starts_with("UTF-16 byte-order mark"), "{e}");
        assert!(e.ends_with("x.yaml:1:1"), "{e}");
        let e = decoded(b"\xFE\xFF\0a").unwrap_err();
        assert!(e.starts_with("UTF-16"), "{e}");
    }

    #[test]
    fn invalid_bytes_have_a_line_and_column() {
        let e = decoded(b"a: 1\ntitle: caf\xE9 au lait\n").unwrap_err();
        assert!(e.contains("byte 0xE9 at line 2, column 11"), "{e}");
        assert!(e.ends_with("x.yaml:2:11"), "{e}");
    }

    #[test]
    fn binary_is_refused() {
        let e = decoded(b"a: 1\nb: \0\0\0").unwrap_err();
        assert!(e.starts_with("binary content"), "{e}");
        assert!(e.ends_with("x.yaml:2:4"), "{e}");
    }
}
