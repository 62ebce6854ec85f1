//! Diagnostics: what every stage reports when an input is wrong.
//!
//! A diagnostic names the file, the line and column (1-based, columns counted
//! in characters), shows the offending line with a caret under the span, and
//! gives a hint. Stages build them; only the CLI prints them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used; nothing is written for it.
    Error,
    /// The input is usable but probably not what was meant.
    Warning,
}

/// A position in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where a diagnostic points: a file, and optionally a position and the
/// number of characters to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub position: Option<Position>,
    pub length: usize,
}

/// One problem found in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    pub location: Option<Location>,
    /// The source line at the position, for the code frame.
    pub source_line: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// Not the input's fault: an output that cannot be written, a font
    /// that cannot be read. A command exits 1 for these and 2 for the rest.
    pub internal: bool,
    /// A stable name of the kind of problem, for filters in CI (the
    /// locale check's `missing`, `syntax`, …), printed as `error[missing]`.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: bounded(message.into(), MESSAGE_CHARS),
            location: None,
            source_line: None,
            hint: None,
            internal: false,
            code: None,
        }
    }

    /// A warning with a message and nothing else yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at a whole file.
    pub fn in_file(mut self, file: &Path) -> Self {
        self.location = Some(Location {
            file: file.to_path_buf(),
            position: None,
            length: 0,
        });
        self
    }

    /// Points the diagnostic at a position in `source`, the text of `file`,
    /// and keeps the line for the code frame.
    pub fn at(mut self, file: &Path, source: &str, position: Position, length: usize) -> Self {
        self.source_line = source
            .lines()
            .nth(position.line.saturating_sub(1))
            .map(str::to_owned);
        self.location = Some(Location {
            file: file.to_path_buf(),
            position: Some(position),
            length: length.max(1),
        });
        self
    }

    /// Points the diagnostic at a byte offset in `source`.
    pub(crate) fn at_offset(
        self,
        file: &Path,
        source: &str,
        offset: usize,
        length_bytes: usize,
    ) -> Self {
        let position = position_of_offset(source, offset);
        let end = (offset + length_bytes).min(source.len());
        let length = source
            .get(offset.min(end)..end)
            .map(|s| s.lines().next().unwrap_or("").chars().count())
            .unwrap_or(1);
        self.at(file, source, position, length)
    }

    /// Marks the diagnostic as not the input's fault (exit 1, not 2).
    pub fn internal(mut self) -> Self {
        self.internal = true;
        self
    }

    /// Adds a hint.
    pub(crate) fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column`, or what of it is known.
    pub fn place(&self) -> Option<String> {
        let location = self.location.as_ref()?;
        Some(match location.position {
            Some(p) => format!("{}:{}:{}", location.file.display(), p.line, p.column),
            None => location.file.display().to_string(),
        })
    }
}

/// The most characters of a message printed: a message that quotes a
/// value (serde's do) never echoes a whole file into a CI log.
const MESSAGE_CHARS: usize = 400;

/// The most characters of a source line shown in a code frame, around
/// the column.
const FRAME_CHARS: usize = 120;

/// `text` cut to `limit` characters, with an ellipsis when cut.
fn bounded(text: String, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// `text` with each control character but the tab shown as `�`: a
/// diagnostic quotes what users wrote, and an escape sequence in an id
/// must never reach the terminal as one. One character for one, so the
/// carets under a code frame stay in place.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// The part of `line` shown in a code frame for a span at 1-based
/// `column`: at most [`FRAME_CHARS`] characters around it, with ellipses
/// where it is cut, and the column of the span in that excerpt.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= FRAME_CHARS {
        return (line.to_owned(), column);
    }
    let first = column.saturating_sub(1).saturating_sub(FRAME_CHARS / 3);
    let first = first.min(count.saturating_sub(FRAME_CHARS));
    let mut text: String = line.chars().skip(first).take(FRAME_CHARS).collect();
    let mut column = column - first;
    if first > 0 {
        text.insert(0, '…');
        column += 1;
    }
    if first + FRAME_CHARS < count {
        text.push('…');
    }
    (text, column)
}

/// The 1-based line and character column of a byte offset.
pub(crate) fn position_of_offset(source: &str, offset: usize) -> Position {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    Position { line, column }
}

impl Diagnostic {
    /// The diagnostic as text, with ANSI colours when `color` is set: the
    /// label red or yellow, the place and gutter blue, the carets in the
    /// label's colour, the hint cyan (as rustc and cargo print theirs).
    pub fn render(&self, color: bool) -> String {
        use anstyle::{AnsiColor, Style};
        let paint = |style: Style, text: &str| {
            if color {
                format!("{}{text}{}", style.render(), style.render_reset())
            } else {
                text.to_owned()
            }
        };
        let label_style = match self.severity {
            Severity::Error => AnsiColor::Red.on_default().bold(),
            Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        };
        let blue = AnsiColor::Blue.on_default().bold();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let label = match self.code {
            Some(code) => format!("{label}[{code}]"),
            None => label.to_owned(),
        };
        let mut out = format!(
            "{}: {}\n",
            paint(label_style, &label),
            paint(Style::new().bold(), &visible(&self.message))
        );
        if let Some(place) = self.place() {
            out.push_str(&format!("  {} {}\n", paint(blue, "-->"), visible(&place)));
        }
        if let (
            Some(line),
            Some(Location {
                position: Some(p),
                length,
                ..
            }),
        ) = (&self.source_line, &self.location)
        {
            let number = p.line.to_string();
            let pad = " ".repeat(number.len());
            let (line, column) = excerpt(&visible(line), p.column);
            let gutter = |n: &str| paint(blue, &format!(" {n} |"));
            out.push_str(&format!("{}\n", gutter(&pad)));
            out.push_str(&format!("{} {line}\n", gutter(&number)));
            let indent: String = line
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let room = line.chars().count().saturating_sub(column - 1).max(1);
            let carets = "^".repeat((*length).min(room));
            out.push_str(&format!(
                "{} {indent}{}\n",
                gutter(&pad),
                paint(label_style, &carets)
            ));
        }
        if let Some(hint) = self.hint.as_deref().map(visible) {
            out.push_str(&format!(
                "  {} {hint}\n",
                paint(AnsiColor::Cyan.on_default().bold(), "= hint:")
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Levenshtein distance, for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The closest candidate to `word`, if any is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| {
            let length = c.chars().count();
            *d <= if length <= 4 { 1 } else { (length / 3).max(2) }
        })
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let source = "id: evil\u{1b}[2Jid\n";
        let d = Diagnostic::error("unknown id `evil\u{1b}[2Jid`")
            .at(
                Path::new("x.yaml"),
                source,
                Position { line: 1, column: 5 },
                4,
            )
            .with_hint("did you mean `\u{7}bell`?");
        let text = d.render(false);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("evil\u{FFFD}[2Jid"), "{text}");
    }

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let source = "a: 1\nпр: x\n";
        assert_eq!(
            position_of_offset(source, 0),
            Position { line: 1, column: 1 }
        );
        let x = source.find('x').unwrap();
        assert_eq!(
            position_of_offset(source, x),
            Position { line: 2, column: 5 }
        );
    }

    #[test]
    fn code_frame_underlines_the_span() {
        let source = "kind: letter\nsymbols: [A/75/9O6]\n";
        let d = Diagnostic::error("malformed symbol")
            .at(
                Path::new("d.yaml"),
                source,
                Position {
                    line: 2,
                    column: 11,
                },
                8,
            )
            .with_hint("fix it");
        let text = d.to_string();
        assert!(text.contains("--> d.yaml:2:11"), "{text}");
        assert!(text.contains(" 2 | symbols: [A/75/9O6]"), "{text}");
        assert!(text.contains("   |           ^^^^^^^^\n"), "{text}");
        assert!(text.contains("hint: fix it"), "{text}");
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let fields = ["symbols", "job_number", "languages"];
        assert_eq!(did_you_mean("symbls", fields), Some("symbols"));
        assert_eq!(did_you_mean("jobnumber", fields), Some("job_number"));
        assert_eq!(did_you_mean("colour", fields), None);
    }

    #[test]
    fn long_lines_and_messages_are_cut_around_the_span() {
        let secret = "s".repeat(100_000);
        let source = format!("text: {secret}X{secret}\n");
        let column = 7 + 100_000;
        let d = Diagnostic::error(format!("invalid value: {source}")).at(
            Path::new("t.yaml"),
            &source,
            Position { line: 1, column },
            1,
        );
        let text = d.to_string();
        assert!(text.len() < 1_000, "{} bytes printed", text.len());
        assert!(text.contains("--> t.yaml:1:100007"), "{text}");
        let frame = text.lines().find(|l| l.starts_with(" 1 | ")).unwrap();
        let caret = text.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        // The caret stands under the X, in the excerpt.
        let x = frame.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x), "{text}");
        assert!(frame.contains('…'), "{frame}");
    }
}
