//! Every fixture under tests/fixtures/bad/ is a document with one thing
//! wrong. `polypress check` must exit 2 and print the diagnostic that
//! `expected.txt` names: first line `file[:line:column]`, then substrings
//! of the message and hint.

use crate::common;

use common::repo as root;

use std::path::{Path, PathBuf};
use std::process::Command;

fn check(document: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .arg("check")
        .arg(document)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_bad_fixture_gives_its_diagnostic_and_exit_code_2() {
    let dir = root().join("tests/fixtures/bad");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .collect();
    fixtures.sort();
    assert!(
        fixtures.len() >= 10,
        "at least ten bad-input fixtures, found {}",
        fixtures.len()
    );
    for fixture in fixtures {
        let expected = std::fs::read_to_string(fixture.join("expected.txt")).expect("expected.txt");
        let mut lines = expected.lines();
        let place = lines.next().expect("a location line");
        let (code, stderr) = check(&fixture);
        let name = fixture.file_name().unwrap().to_string_lossy();
        assert_eq!(code, 2, "{name}: exit code\n{stderr}");
        assert!(!stderr.contains("panicked"), "{name}: panicked\n{stderr}");
        let (file, position) = place
            .split_once(':')
            .map_or((place, None), |(f, p)| (f, Some(p)));
        let location = match position {
            Some(p) => format!("--> {}:{p}\n", fixture.join(file).display()),
            None => format!("--> {}\n", fixture.join(file).display()),
        };
        assert!(
            stderr.contains(&location),
            "{name}: expected `{location}` in\n{stderr}"
        );
        for needle in lines {
            assert!(
                stderr.contains(needle),
                "{name}: expected `{needle}` in\n{stderr}"
            );
        }
    }
}

#[test]
fn a_bad_document_does_not_stop_the_others_and_writes_nothing() {
    let out = tempdir("batch");
    let good = root().join("documents/csto-2024-12-23-crisis-response-training");
    let bad = root().join("tests/fixtures/bad/missing-glyph");
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .args(["render", "--lang", "en", "-o"])
        .arg(&out)
        .arg(&good)
        .arg(&bad)
        .output()
        .expect("the binary runs");
    // A batch whose failures are all bad input exits 2; the good document
    // is rendered.
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out
        .join("csto-2024-12-23-crisis-response-training.en.pdf")
        .is_file());
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            ![
                ".polypress-manifest.json",
                ".polypress-journal.jsonl",
                ".polypress.lock",
            ]
            .contains(&n.as_str())
        })
        .collect();
    assert_eq!(
        names,
        vec!["csto-2024-12-23-crisis-response-training.en.pdf".to_owned()],
        "no partial or temporary file"
    );
}

fn tempdir(name: &str) -> PathBuf {
    let dir = crate::common::scratch(&format!("test-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_reports_word_counts_limits_and_symbols_missing_in_a_version() {
    let fixture = root().join("tests/fixtures/warn/over-limit-and-mismatch");
    let (code, stderr) = check(&fixture);
    assert_eq!(code, 0, "warnings do not fail the check\n{stderr}");
    // Word counts are the output (stdout), diagnostics go to stderr.
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .arg("check")
        .arg(&fixture)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("words en 24, ru 18 (limit 10)"), "{stdout}");
    assert!(!stderr.contains("words en 24"), "{stderr}");
    assert!(
        stderr.contains("has 24 words in en, over the limit of 10"),
        "{stderr}"
    );
    assert!(
        stderr.contains("segment `body` in `ru` lacks `1267/1989/2253`, which the en version has"),
        "{stderr}"
    );
    assert!(
        stderr.contains("over-limit-and-mismatch/ru.yaml:5:7"),
        "{stderr}"
    );
}

#[test]
fn check_reports_a_broken_template_that_no_document_uses() {
    // Templates are parsed when a kind is first rendered; `check` parses
    // them all, so a broken note template is found in a set of letters.
    let work = tempdir("broken-template");
    for dir in ["locales", "fonts"] {
        std::os::unix::fs::symlink(root().join(dir), work.join(dir)).unwrap();
    }
    std::fs::create_dir_all(work.join("templates/partials")).unwrap();
    for entry in std::fs::read_dir(root().join("templates/partials")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            work.join("templates/partials")
                .join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    for entry in std::fs::read_dir(root().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(
                &path,
                work.join("templates").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let note = work.join("templates/note.hbs");
    let mut text = std::fs::read_to_string(&note).unwrap();
    text.push_str("{{#if subtitle}}never closed\n");
    std::fs::write(&note, text).unwrap();
    std::fs::create_dir_all(work.join("documents")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(&work)
        .arg("check")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("template syntax error"), "{stderr}");
    assert!(stderr.contains("note.hbs"), "{stderr}");
}
