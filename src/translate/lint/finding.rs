//! A finding of the locale check: a diagnostic with the locale and the
//! message it concerns, and how bad it is.

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Position, Severity};

/// How bad a finding is: errors fail the check, warnings only with
/// `--deny-warnings`; accepted findings (listed in the locale's
/// `.l10n-allow`) are counted and never fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Accepted,
}

/// One problem in a locale: a [`Diagnostic`] as every check reports it
/// (file, line and column, the message; its code the kind of finding,
/// stable for CI filters: `syntax`, `duplicate`, `missing`, …), with the
/// locale and the message it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub locale: String,
    /// The message (and attribute) concerned, if any.
    pub message_id: Option<String>,
    /// Listed in the locale's `.l10n-allow`: counted, never failing.
    pub accepted: bool,
}

impl Finding {
    /// A finding at `position` of `file` (line 0: the whole file).
    pub(super) fn new(
        level: Level,
        kind: &'static str,
        locale: &str,
        file: &Path,
        position: Position,
        message_id: Option<String>,
        text: String,
    ) -> Finding {
        let diagnostic = match level {
            Level::Error => Diagnostic::error(text),
            Level::Warning | Level::Accepted => Diagnostic::warning(text),
        }
        .with_code(kind);
        let diagnostic = if position.line > 0 {
            diagnostic.at(file, "", position, 0)
        } else {
            diagnostic.in_file(file)
        };
        Finding {
            diagnostic,
            locale: locale.to_owned(),
            message_id,
            accepted: level == Level::Accepted,
        }
    }

    /// A diagnostic of the loader (an override that does not fit the
    /// house) as an error of the check.
    pub fn from_diagnostic(diagnostic: &Diagnostic) -> Finding {
        let locale = diagnostic
            .location
            .as_ref()
            .and_then(|l| l.file.parent()?.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Finding {
            diagnostic: diagnostic.clone().with_code("override"),
            locale,
            message_id: None,
            accepted: false,
        }
    }

    pub fn level(&self) -> Level {
        match (self.accepted, self.diagnostic.severity) {
            (true, _) => Level::Accepted,
            (false, Severity::Error) => Level::Error,
            (false, Severity::Warning) => Level::Warning,
        }
    }

    pub fn kind(&self) -> &'static str {
        self.diagnostic.code.unwrap_or("")
    }

    pub fn file(&self) -> &Path {
        self.diagnostic
            .location
            .as_ref()
            .map_or(Path::new(""), |l| l.file.as_path())
    }

    /// The line and column (0, 0 for a whole file).
    pub fn position(&self) -> Position {
        self.diagnostic
            .location
            .as_ref()
            .and_then(|l| l.position)
            .unwrap_or_default()
    }

    /// The finding's text: the message, and the hint in brackets.
    pub fn text(&self) -> String {
        match &self.diagnostic.hint {
            Some(hint) => format!("{} ({hint})", self.diagnostic.message),
            None => self.diagnostic.message.clone(),
        }
    }
}

/// Findings serialise as the check's JSON report has always written them.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let position = self.position();
        let mut out = serializer.serialize_struct("Finding", 8)?;
        out.serialize_field("level", &self.level())?;
        out.serialize_field("kind", self.kind())?;
        out.serialize_field("locale", &self.locale)?;
        out.serialize_field("file", self.file())?;
        out.serialize_field("line", &position.line)?;
        out.serialize_field("column", &position.column)?;
        out.serialize_field("message_id", &self.message_id)?;
        out.serialize_field("text", &self.text())?;
        out.end()
    }
}
