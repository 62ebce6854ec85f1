//! Every XLIFF file polypress exports validates against the OASIS XLIFF 1.2
//! strict schema (vendored in `tests/fixtures/xliff-schema/`): each
//! document from its original language into each of its other languages
//! (and from English where the original is not English), and the locale
//! files of every language. `xmllint --schema` (Debian's libxml2-utils,
//! installed by `.ci/run`) validates; the test is skipped, with a message,
//! where it is absent.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::repo;

#[test]
fn every_exported_xliff_file_validates_against_the_strict_schema() {
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipped: no xmllint (apt-get install libxml2-utils); .ci/run installs it");
        return;
    }
    let scratch = common::scratch("xliff-schema");
    // The schema imports xml.xsd from the W3C's address: point it at the
    // vendored copy, so nothing is fetched.
    let fixtures = repo().join("tests/fixtures/xliff-schema");
    let schema = std::fs::read_to_string(fixtures.join("xliff-core-1.2-strict.xsd")).unwrap();
    let local = schema.replace("http://www.w3.org/2001/xml.xsd", "xml.xsd");
    assert_ne!(local, schema, "the schema imports xml.xsd");
    std::fs::write(scratch.join("xliff-core-1.2-strict.xsd"), local).unwrap();
    std::fs::copy(fixtures.join("xml.xsd"), scratch.join("xml.xsd")).unwrap();

    let resources = polypress::pipeline::Resources::load(&repo()).unwrap();
    let locales = resources.localizer.languages();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut export = |args: Vec<String>, name: String| {
        let out = scratch.join(name);
        let mut all = args;
        all.extend(["-o".to_owned(), out.display().to_string()]);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let output = common::polypress(&repo(), &refs);
        let (code, stderr) = common::code_and_stderr(&output);
        assert_eq!(code, 0, "{all:?}: {stderr}");
        files.push(out);
    };
    for path in polypress::batch::discover(&repo().join("documents")).unwrap() {
        let document = polypress::source::load_document(&path, &locales).unwrap();
        let original = document.facts.original_language.clone();
        let mut sources = vec![original.clone()];
        if original != "en" && document.facts.languages.iter().any(|l| l == "en") {
            sources.push("en".to_owned());
        }
        for source in &sources {
            for lang in document.facts.languages.iter().filter(|l| *l != source) {
                let args = [
                    "l10n",
                    "export",
                    document.id.as_str(),
                    "--lang",
                    lang,
                    "--source",
                    source,
                ];
                export(
                    args.iter().map(|a| a.to_string()).collect(),
                    format!("{}.{source}-{lang}.xlf", document.id),
                );
            }
        }
    }
    for lang in locales.iter().filter(|l| !l.starts_with("en")) {
        let args = ["l10n", "export", "locales", "--lang", lang];
        export(
            args.iter().map(|a| a.to_string()).collect(),
            format!("locales.{lang}.xlf"),
        );
    }
    assert!(
        files.len() > 30,
        "every document and locale: {}",
        files.len()
    );

    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(scratch.join("xliff-core-1.2-strict.xsd"))
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{report}");
    assert_eq!(
        report.matches(" validates").count(),
        files.len(),
        "each file validates: {report}"
    );
}
