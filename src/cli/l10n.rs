//! `polypress l10n …`: tools for translators.

use polypress::project::{Layout, Project};
use std::collections::BTreeMap;

use clap::{Args, Subcommand};
use polypress::translate::lint::{self, Level};
use polypress::translate::{status, xliff, xliff_locales};
use serde_json::json;

use super::{BAD_INPUT, FAILED, OK};

#[derive(Debug, Args)]
pub struct L10n {
    #[command(subcommand)]
    command: L10nCommand,
}

#[derive(Debug, Subcommand)]
enum L10nCommand {
    /// Check every locale, file by file with its sub-folders, against the reference locale:
    /// syntax, duplicates, missing and obsolete files and messages, variables, references,
    /// plural categories, functions, empty and untranslated values. Errors exit 2.
    Check(Check),
    /// Per document and language: translated, stale (the source changed since), unreviewed,
    /// missing and obsolete segments.
    Status(Status),
    /// Record that segments were reviewed against the current source (writes `source:` hashes).
    MarkReviewed(MarkReviewed),
    /// Export a document's texts as XLIFF 1.2 or 2.0, or the locale files (`locales`) as
    /// XLIFF 1.2, for a CAT tool.
    Export(Export),
    /// Import a translated XLIFF file (1.2 or 2.0) back into the document's texts, or the
    /// locale files (`locales`, 1.2); all or nothing.
    Import(Import),
    /// Write a TMX 1.4 translation memory of the aligned language versions of documents,
    /// to seed a CAT tool.
    Tmx(Tmx),
}

#[derive(Debug, Args)]
struct Export {
    /// The document (folder or name under documents/), or `locales` for the .ftl files.
    document: String,
    /// The target language.
    #[arg(long)]
    lang: String,
    /// The source language (default: the document's original language; `en` for locales).
    #[arg(long)]
    source: Option<String>,
    /// Output file (default: standard output).
    #[arg(long, short = 'o')]
    out: Option<std::path::PathBuf>,
    /// With -o: print a JSON summary (units per state) instead of nothing.
    #[arg(long)]
    json: bool,
    /// The XLIFF version of a document's file (locale files are always 1.2).
    #[arg(long, default_value = "1.2", value_parser = ["1.2", "2.0"])]
    xliff: String,
}

#[derive(Debug, Args)]
struct Tmx {
    /// Documents (folders or names under documents/; default all).
    documents: Vec<String>,
    /// Output file (default: standard output).
    #[arg(long, short = 'o')]
    out: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
struct Import {
    /// The document (folder or name under documents/), or `locales` for the .ftl files.
    document: String,
    /// The XLIFF file.
    file: std::path::PathBuf,
    /// Print JSON: the files written, or the problems.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct Status {
    /// Documents (folders or names under documents/; default all).
    documents: Vec<String>,
    /// The source language (default: each document's original language).
    #[arg(long)]
    source: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Exit 2 when any document has texts in these states (comma-separated:
    /// stale, missing, unreviewed, obsolete), for a CI gate.
    #[arg(long, value_delimiter = ',', value_parser = ["stale", "missing", "unreviewed", "obsolete"])]
    fail_on: Vec<String>,
}

#[derive(Debug, Args)]
struct MarkReviewed {
    /// The document (folder or name under documents/).
    document: String,
    /// The language whose segments were reviewed.
    #[arg(long)]
    lang: String,
    /// Only these texts: an id such as `annexes/csto-statement/title`, or a paragraph id
    /// (default: every text the source has).
    #[arg(long = "segment")]
    segments: Vec<String>,
    /// The source language (default: the document's original language).
    #[arg(long)]
    source: Option<String>,
    /// Print JSON: the file and the ids marked.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct Check {
    /// The locale the others are compared with.
    #[arg(long, default_value = "en")]
    reference: String,
    /// The folder holding one folder per locale, each read with its sub-folders (default:
    /// locales/ under --root); e.g. a checkout of a foreign project's translations.
    #[arg(long, value_name = "DIR")]
    locales: Option<std::path::PathBuf>,
    /// Print JSON (shape in docs/l10n.md).
    #[arg(long)]
    json: bool,
    /// Exit 2 on warnings too (accepted findings, listed in a locale's .l10n-allow, never fail).
    #[arg(long)]
    deny_warnings: bool,
}

impl L10n {
    pub fn execute(self, project: &Project) -> u8 {
        match self.command {
            L10nCommand::Check(c) => c.execute(project),
            L10nCommand::Status(c) => c.execute(project),
            L10nCommand::MarkReviewed(c) => c.execute(project),
            L10nCommand::Export(c) => c.execute(project),
            L10nCommand::Import(c) => c.execute(project),
            L10nCommand::Tmx(c) => c.execute(project),
        }
    }
}

impl Check {
    fn execute(self, project: &Project) -> u8 {
        // A locale file linked from outside is read by no command.
        let links = project.house().outside_links();
        if !links.is_empty() && self.locales.is_none() {
            super::report(&links);
            return BAD_INPUT;
        }
        let findings = match (self.locales, project.layout) {
            (Some(locales), _) => lint::check(&locales, &self.reference),
            // A repository's own files over the built-in house: what they
            // break, and overrides that do not take the built-in message's
            // variables.
            (None, Layout::Repository) => {
                let house = project.house();
                let mut findings = lint::check_house(&house, &self.reference);
                if let Err(errors) = polypress::l10n::Localizer::of(&house) {
                    findings.extend(errors.iter().map(lint::Finding::from_diagnostic));
                }
                findings
            }
            // A checkout, or a folder holding a locales/ tree.
            (None, _) => lint::check(&project.root.join("locales"), &self.reference),
        };
        let mut summary: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
        for f in &findings {
            let entry = summary.entry(f.locale.as_str()).or_default();
            match f.level() {
                Level::Error => entry.0 += 1,
                Level::Warning => entry.1 += 1,
                Level::Accepted => entry.2 += 1,
            }
        }
        let errors: usize = summary.values().map(|s| s.0).sum();
        let warnings: usize = summary.values().map(|s| s.1).sum();
        if self.json {
            let report = json!({
                "reference": self.reference,
                "summary": summary.iter().map(|(l, (e, w, a))| (l.to_string(), json!({"errors": e, "warnings": w, "accepted": a}))).collect::<serde_json::Map<_, _>>(),
                "findings": findings,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        } else {
            // Accepted findings are only counted here (all are in --json);
            // the rest print as every diagnostic does, their kind as code.
            let stream = anstream::AutoStream::choice(&std::io::stdout());
            let color = !matches!(stream, anstream::ColorChoice::Never);
            for f in findings.iter().filter(|f| f.level() != Level::Accepted) {
                print!("{}", f.diagnostic.render(color));
            }
            for (locale, (e, w, a)) in &summary {
                if *a > 0 {
                    println!("{locale}: {e} error(s), {w} warning(s), {a} accepted");
                } else {
                    println!("{locale}: {e} error(s), {w} warning(s)");
                }
            }
            println!(
                "{errors} error(s), {warnings} warning(s) against `{}`",
                self.reference
            );
        }
        // Problems in locale files are bad input, as for `check`.
        if errors > 0 || (self.deny_warnings && warnings > 0) {
            BAD_INPUT
        } else {
            OK
        }
    }
}

/// Loads documents for the translator commands, printing what is wrong.
fn documents(project: &Project, names: &[String]) -> Result<Vec<polypress::source::Document>, u8> {
    let root = project.root.as_path();
    let resources = super::resources(project)?;
    let paths: Vec<std::path::PathBuf> = if names.is_empty() {
        polypress::batch::discover(&root.join("documents")).map_err(|e| {
            eprintln!("error: cannot read documents/: {e}");
            BAD_INPUT
        })?
    } else {
        names
            .iter()
            .map(|n| super::document_path(root, n))
            .collect()
    };
    let (documents, failures) = polypress::batch::load(&paths, &resources.localizer.languages());
    for (_, diagnostics) in &failures {
        super::report(diagnostics);
    }
    if failures.is_empty() {
        Ok(documents)
    } else {
        Err(BAD_INPUT)
    }
}

/// The one document a command names, and the source language to compare
/// with (`--source`, else the document's original language).
fn one_document(
    project: &Project,
    name: &str,
    source: &Option<String>,
) -> Result<(polypress::source::Document, String), u8> {
    let document = documents(project, &[name.to_owned()])?.remove(0);
    let source = source
        .clone()
        .unwrap_or_else(|| document.facts.original_language.clone());
    Ok((document, source))
}

impl Status {
    fn execute(self, project: &Project) -> u8 {
        let documents = match documents(project, &self.documents) {
            Ok(d) => d,
            Err(code) => return code,
        };
        let mut all = Vec::new();
        for document in &documents {
            let source = self
                .source
                .clone()
                .unwrap_or_else(|| document.facts.original_language.clone());
            match status::status(document, &source) {
                Ok(s) => all.push(s),
                Err(d) => {
                    super::report(&[d]);
                    return BAD_INPUT;
                }
            }
        }
        // The gate: which of the named states any language has.
        let failing: Vec<String> = all
            .iter()
            .flat_map(|s| s.languages.iter().map(move |(lang, l)| (s, lang, l)))
            .flat_map(|(s, lang, l)| {
                self.fail_on
                    .iter()
                    .filter(|state| l.count(state) > 0)
                    .map(move |state| format!("{} {lang}: {} {state}", s.document, l.count(state)))
            })
            .collect();
        let code = if failing.is_empty() { OK } else { BAD_INPUT };
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "documents": all })).unwrap_or_default()
            );
            return code;
        }
        for s in &all {
            println!("{} (source {})", s.document, s.source);
            for (lang, l) in &s.languages {
                println!(
                    "  {lang}: {} translated, {} stale, {} unreviewed, {} missing, {} obsolete \
                     ({} source words to translate or review)",
                    l.translated.len(),
                    l.stale.len(),
                    l.unreviewed.len(),
                    l.missing.len(),
                    l.obsolete.len(),
                    l.words.stale + l.words.unreviewed + l.words.missing
                );
                for stale in &l.stale {
                    println!("    stale {}:", stale.id);
                    match &stale.old_source {
                        Some(old) => {
                            println!("      was: {old}");
                            println!("      changed: {}", status::word_diff_text(&stale.diff));
                        }
                        None => println!("      was: (not found in the repository's history)"),
                    }
                    println!("      now: {}", stale.new_source);
                }
                for id in &l.missing {
                    println!("    missing {id}");
                }
                for id in &l.obsolete {
                    println!("    obsolete {id}");
                }
            }
        }
        for line in &failing {
            eprintln!("error: {line} (--fail-on)");
        }
        code
    }
}

impl MarkReviewed {
    fn execute(self, project: &Project) -> u8 {
        let (document, source) = match one_document(project, &self.document, &self.source) {
            Ok(d) => d,
            Err(code) => return code,
        };
        let document = &document;
        match status::mark_reviewed(document, &source, &self.lang, &self.segments) {
            Ok((text, marked)) => {
                let path = &document.texts[&self.lang].1.path;
                if let Err(e) = polypress::batch::write_atomic(path, text.as_bytes()) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return FAILED;
                }
                if self.json {
                    print_json(&json!({
                        "document": document.id,
                        "lang": self.lang,
                        "source": source,
                        "file": path,
                        "marked": marked,
                    }));
                } else {
                    println!(
                        "marked {} text(s) of {} reviewed against {source}: {}",
                        marked.len(),
                        path.display(),
                        marked.join(", ")
                    );
                }
                OK
            }
            Err(d) => {
                super::report(&[d]);
                BAD_INPUT
            }
        }
    }
}

fn print_json(value: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

/// Units per state in an exported XLIFF file (1.2: the target's state;
/// 2.0: the segment's sub-state, else its state).
fn states(xml: &str) -> BTreeMap<String, usize> {
    let mut states = BTreeMap::new();
    if let Ok(tree) = roxmltree::Document::parse(xml) {
        for node in tree.descendants() {
            let state = if node.has_tag_name("target")
                && node.parent().is_some_and(|u| u.has_tag_name("trans-unit"))
            {
                node.attribute("state").unwrap_or("")
            } else if node.has_tag_name("segment") {
                node.attribute("subState")
                    .or(node.attribute("state"))
                    .unwrap_or("initial")
            } else {
                continue;
            };
            *states.entry(state.to_owned()).or_default() += 1;
        }
    }
    states
}

impl Export {
    fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        let exported = if self.document == "locales" {
            let source = self.source.clone().unwrap_or_else(|| "en".to_owned());
            xliff_locales::export(&root.join("locales"), &source, &self.lang)
        } else {
            let (document, source) = match one_document(project, &self.document, &self.source) {
                Ok(d) => d,
                Err(code) => return code,
            };
            // Table cells carry no source hash and are not exported yet:
            // say so rather than hand over an incomplete file silently.
            let tables = document.texts.get(&source).map_or(0, |(texts, _)| {
                polypress::source::submission::segments(texts)
                    .iter()
                    .filter(|(id, path, _)| path.contains(".table.") && !id.is_empty())
                    .count()
            });
            if tables > 0 {
                eprintln!(
                    "warning: {tables} table text(s) of `{}` are not in the XLIFF file (titles, cells, notes); translate them in {}.yaml",
                    document.id, self.lang
                );
            }
            let version = if self.xliff == "2.0" {
                xliff::Version::V2_0
            } else {
                xliff::Version::V1_2
            };
            xliff::export(&document, &source, &self.lang, version)
        };
        let xml = match exported {
            Ok(xml) => xml,
            Err(d) => {
                super::report(&[d]);
                return BAD_INPUT;
            }
        };
        match &self.out {
            Some(path) => {
                if let Err(e) = polypress::batch::write_atomic(path, xml.as_bytes()) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return FAILED;
                }
                if self.json {
                    print_json(&json!({ "file": path, "lang": self.lang, "units": states(&xml) }));
                }
            }
            None => print!("{xml}"),
        }
        OK
    }
}

impl Import {
    fn execute(self, project: &Project) -> u8 {
        let root = project.root.as_path();
        // The limits of every input: 16 MiB, UTF-8.
        let xml = match polypress::input::read_text(&self.file) {
            Ok(x) => x,
            Err(d) => {
                super::report(&[d]);
                return BAD_INPUT;
            }
        };
        let result = if self.document == "locales" {
            xliff_locales::import(&root.join("locales"), &xml)
        } else {
            let documents = match documents(project, std::slice::from_ref(&self.document)) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let document = &documents[0];
            xliff::import(document, &xml).map(|(lang, text)| {
                let path = document.texts[&lang].1.path.clone();
                (lang, text.map(|t| (path, t)).into_iter().collect())
            })
        };
        match result {
            Ok((lang, writes)) => {
                // Everything was checked; write each file atomically.
                for (path, text) in &writes {
                    if let Err(e) = polypress::batch::write_atomic(path, text.as_bytes()) {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        return FAILED;
                    }
                }
                let paths: Vec<&std::path::PathBuf> = writes.iter().map(|(p, _)| p).collect();
                if self.json {
                    print_json(&json!({ "lang": lang, "written": paths, "problems": [] }));
                } else if paths.is_empty() {
                    println!("{}: nothing changed in {lang}", self.file.display());
                } else {
                    for path in paths {
                        println!("imported {} into {}", self.file.display(), path.display());
                    }
                }
                OK
            }
            Err(problems) => {
                if self.json {
                    print_json(&json!({ "written": [], "problems": problems }));
                } else {
                    eprintln!("error: {} refused, nothing written:", self.file.display());
                    for p in problems {
                        eprintln!("  {p}");
                    }
                }
                BAD_INPUT
            }
        }
    }
}

impl Tmx {
    fn execute(self, project: &Project) -> u8 {
        let documents = match documents(project, &self.documents) {
            Ok(d) => d,
            Err(code) => return code,
        };
        let tmx = polypress::translate::tmx::export(&documents);
        match &self.out {
            Some(path) => {
                if let Err(e) = polypress::batch::write_atomic(path, tmx.as_bytes()) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return FAILED;
                }
            }
            None => print!("{tmx}"),
        }
        OK
    }
}
