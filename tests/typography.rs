//! Typography a reviser checks, read back from the PDFs with poppler's
//! `pdftotext` (skipped, with a message, where it is absent; `.ci/run`
//! installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::repo;

fn pdftotext(pdf: &Path) -> Option<String> {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Renders `document` (under documents/) in `langs` into a scratch folder.
fn render(test: &str, document: &str, langs: &str) -> PathBuf {
    let out = common::scratch(test);
    let output = common::polypress(
        &repo(),
        &[
            "render",
            document,
            "--lang",
            langs,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 0, "{stderr}");
    out
}

#[test]
fn straight_quotation_marks_print_as_each_languages_own() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: no pdftotext (poppler-utils); .ci/run installs it");
        return;
    }
    // A/RES/48/161 types its eight quotation marks straight in English
    // and in French.
    let source = std::fs::read_to_string(repo().join("documents/a-res-48-161/en.yaml")).unwrap();
    assert_eq!(
        source.matches('"').count(),
        8,
        "the source's straight marks"
    );
    let out = render("quotes", "a-res-48-161", "en,fr");
    let en = pdftotext(&out.join("a-res-48-161.en.pdf")).unwrap();
    let fr = pdftotext(&out.join("a-res-48-161.fr.pdf")).unwrap();
    for (lang, text) in [("en", &en), ("fr", &fr)] {
        assert!(
            !text.contains('"'),
            "{lang}: a straight mark printed:\n{text}"
        );
    }
    assert_eq!(en.matches('“').count(), 4, "{en}");
    assert_eq!(en.matches('”').count(), 4, "{en}");
    assert!(en.contains("known as the “Group of Three”, is"), "{en}");
    // French: « and », spaced inside (a no-break space, which the text
    // layer gives as a space).
    assert_eq!(fr.matches('«').count(), 4, "{fr}");
    assert_eq!(fr.matches('»').count(), 4, "{fr}");
    let spaced = fr.replace('\u{a0}', " ");
    assert!(spaced.contains("dénommé « Groupe des Trois », se"), "{fr}");
}
