//! Every XLIFF file polypress exports validates against the OASIS XLIFF 1.2
//! strict schema (vendored in `tests/fixtures/xliff-schema/`): each
//! document from its original language into each of its other languages
//! (and from English where the original is not English), and the locale
//! files of every language. Every XLIFF 2.0 export of a document validates
//! against the OASIS XLIFF 2.0 core schema (`tests/fixtures/xliff2-schema/`),
//! and the TMX of all documents against the TMX 1.4b DTD
//! (`tests/fixtures/tmx-dtd/`). `xmllint` (Debian's libxml2-utils,
//! installed by `.ci/run`) validates; the tests are skipped, with a
//! message, where it is absent.

use crate::common;

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
    let mut files_2: Vec<PathBuf> = Vec::new();
    let mut export = |args: Vec<String>, name: String| {
        let out = scratch.join(name);
        let mut all = args;
        all.extend(["-o".to_owned(), out.display().to_string()]);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let output = common::polypress(&repo(), &refs);
        let (code, stderr) = common::code_and_stderr(&output);
        assert_eq!(code, 0, "{all:?}: {stderr}");
        if all.iter().any(|a| a == "2.0") {
            files_2.push(out);
        } else {
            files.push(out);
        }
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
                export(
                    args.iter()
                        .chain(&["--xliff", "2.0"])
                        .map(|a| a.to_string())
                        .collect(),
                    format!("{}.{source}-{lang}.2.xlf", document.id),
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

    // XLIFF 2.0, against the OASIS core schema as published (it imports
    // xml.xsd from a relative path the fixture holds).
    assert!(files_2.len() > 20, "every document: {}", files_2.len());
    let schema_2 = repo().join("tests/fixtures/xliff2-schema/xliff_core_2.0.xsd");
    let validate_2 = |files: &[PathBuf]| {
        Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&schema_2)
            .args(files)
            .output()
            .unwrap()
    };
    let output = validate_2(&files_2);
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{report}");
    assert_eq!(
        report.matches(" validates").count(),
        files_2.len(),
        "each file validates: {report}"
    );
    // The validation can fail: a state XLIFF 2.0 does not have.
    let broken = scratch.join("broken.2.xlf");
    let text = std::fs::read_to_string(&files_2[0]).unwrap();
    std::fs::write(&broken, text.replacen("state=\"", "state=\"done\" x=\"", 1)).unwrap();
    let output = validate_2(&[broken]);
    assert!(
        !output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_translation_memory_validates_against_the_tmx_dtd() {
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipped: no xmllint (apt-get install libxml2-utils); .ci/run installs it");
        return;
    }
    let scratch = common::scratch("tmx-dtd");
    let tmx = scratch.join("all.tmx");
    let output = common::polypress(&repo(), &["l10n", "tmx", "-o", tmx.to_str().unwrap()]);
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 0, "{stderr}");
    let dtd = repo().join("tests/fixtures/tmx-dtd/tmx14.dtd");
    let validate = |file: &std::path::Path| {
        Command::new("xmllint")
            .args(["--noout", "--nonet", "--dtdvalid"])
            .arg(&dtd)
            .arg(file)
            .output()
            .unwrap()
    };
    let output = validate(&tmx);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&tmx).unwrap();
    let documents = polypress::batch::discover(&repo().join("documents")).unwrap();
    assert!(
        text.matches("<prop type=\"x-document\">").count() > 100,
        "units of all {} documents",
        documents.len()
    );
    // The validation can fail: a variant without its language.
    let broken = scratch.join("broken.tmx");
    std::fs::write(&broken, text.replacen("<tuv xml:lang=\"en\">", "<tuv>", 1)).unwrap();
    assert!(!validate(&broken).status.success());
}
