//! The pipeline's stages import only earlier stages: a stage never reaches
//! forward into a later one, nor into `pipeline` (the conductor), the
//! translators' wing (`translate`), `batch` or the CLI. Read from the `crate::` paths in each module's
//! source, so a new import against the data flow fails here.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

/// The stages in data-flow order; utilities any stage may use.
const STAGES: [&str; 9] = [
    "source",
    "l10n",
    "layout",
    "typeset",
    "paginate",
    "pdf",
    "pipeline",
    "translate",
    "batch",
];
const UTILITIES: [&str; 10] = [
    "bytes",
    "diagnostic",
    "house",
    "input",
    "kept",
    "language",
    "later",
    "testing",
    "timing",
    "xml",
];

fn sources(path: &Path, out: &mut Vec<String>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(std::fs::read_to_string(path).unwrap());
    }
}

/// The top-level modules a module's code names as `crate::NAME`.
fn imports(module: &str) -> BTreeSet<String> {
    let src = common::repo().join("src");
    let mut texts = Vec::new();
    sources(&src.join(module), &mut texts);
    sources(&src.join(format!("{module}.rs")), &mut texts);
    let mut found = BTreeSet::new();
    for text in texts {
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name != module && !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn no_stage_imports_a_later_stage() {
    let mut problems = Vec::new();
    for (i, stage) in STAGES.iter().enumerate() {
        for name in imports(stage) {
            let earlier = STAGES[..i].contains(&name.as_str());
            if !earlier && !UTILITIES.contains(&name.as_str()) {
                problems.push(format!("{stage} imports crate::{name}"));
            }
        }
    }
    for utility in UTILITIES {
        for name in imports(utility) {
            if !UTILITIES.contains(&name.as_str()) {
                problems.push(format!("{utility} (a utility) imports crate::{name}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
