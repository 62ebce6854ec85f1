//! `polypress l10n …`: tools for translators.

use std::collections::BTreeMap;
use std::path::Path;

use clap::{Args, Subcommand};
use polypress::l10n::lint::{self, Level};
use serde_json::json;

use super::{FAILED, OK};

#[derive(Debug, Args)]
pub struct L10n {
    #[command(subcommand)]
    command: L10nCommand,
}

#[derive(Debug, Subcommand)]
enum L10nCommand {
    /// Check every locale against the reference locale: syntax, duplicates, missing and
    /// obsolete messages, variables, references, plural categories, functions, empty and
    /// untranslated values. Errors exit 1.
    Check(Check),
}

#[derive(Debug, Args)]
struct Check {
    /// The locale the others are compared with.
    #[arg(long, default_value = "en")]
    reference: String,
    /// Print JSON (shape in docs/l10n.md).
    #[arg(long)]
    json: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

impl L10n {
    pub fn execute(self, root: &Path) -> u8 {
        match self.command {
            L10nCommand::Check(c) => c.execute(root),
        }
    }
}

impl Check {
    fn execute(self, root: &Path) -> u8 {
        let findings = lint::check(&root.join("locales"), &self.reference);
        let mut summary: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for f in &findings {
            let entry = summary.entry(f.locale.as_str()).or_default();
            match f.level {
                Level::Error => entry.0 += 1,
                Level::Warning => entry.1 += 1,
            }
        }
        let errors: usize = summary.values().map(|s| s.0).sum();
        let warnings: usize = summary.values().map(|s| s.1).sum();
        if self.json {
            let report = json!({
                "reference": self.reference,
                "summary": summary.iter().map(|(l, (e, w))| (l.to_string(), json!({"errors": e, "warnings": w}))).collect::<serde_json::Map<_, _>>(),
                "findings": findings,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        } else {
            for f in &findings {
                let level = match f.level {
                    Level::Error => "error",
                    Level::Warning => "warning",
                };
                let place = if f.line > 0 {
                    format!("{}:{}:{}", f.file.display(), f.line, f.column)
                } else {
                    f.file.display().to_string()
                };
                println!("{level}[{}]: {}\n  --> {place}", f.kind, f.text);
            }
            for (locale, (e, w)) in &summary {
                println!("{locale}: {e} error(s), {w} warning(s)");
            }
            println!(
                "{errors} error(s), {warnings} warning(s) against `{}`",
                self.reference
            );
        }
        if errors > 0 || (self.deny_warnings && warnings > 0) {
            FAILED
        } else {
            OK
        }
    }
}
