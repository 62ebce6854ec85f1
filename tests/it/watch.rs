//! `polypress watch`: a save re-renders the documents and languages it
//! touches and nothing else; a broken save prints its diagnostic and keeps
//! the last good PDF; a locale change re-renders that language.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{copy_dir, repo, Running};

const TRAINING: &str = "csto-2024-12-11-training-consultations";
const MONITORING: &str = "csto-2024-12-11-monitoring-group-meeting";

/// `polypress watch` with these arguments, in `root`.
fn watch(root: &Path, args: &[&str]) -> Running {
    Running::start(
        Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("--root")
            .arg(root)
            .args(["--color", "never", "watch"])
            .args(args),
    )
}

fn scratch_root(name: &str) -> PathBuf {
    let root = common::scratch(&format!("watch-{name}"));
    for dir in ["locales", "templates"] {
        copy_dir(&repo().join(dir), &root.join(dir));
    }
    for document in [TRAINING, MONITORING] {
        copy_dir(
            &repo().join("documents").join(document),
            &root.join("documents").join(document),
        );
    }
    std::os::unix::fs::symlink(repo().join("fonts"), root.join("fonts")).unwrap();
    root
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_save_re_renders_what_it_touches_and_a_broken_save_keeps_the_last_good_pdf() {
    let root = scratch_root("saves");
    let out = root.join("out");
    let mut watching = watch(&root, &["--lang", "en,fr", "-o", out.to_str().unwrap()]);
    let started = watching.wait_for("watching");
    let rendered = started.iter().filter(|l| l.starts_with("rendered")).count();
    assert_eq!(rendered, 4, "two documents in two languages:\n{started:?}");

    let pdf = |document: &str, lang: &str| out.join(format!("{document}.{lang}.pdf"));
    let training_en = read(&pdf(TRAINING, "en"));
    let monitoring_fr = read(&pdf(MONITORING, "fr"));
    let training_fr = read(&pdf(TRAINING, "fr"));

    // One word of the French text: only that document in French.
    let fr_yaml = root.join("documents").join(TRAINING).join("fr.yaml");
    let text = std::fs::read_to_string(&fr_yaml).unwrap();
    let edited = text.replacen("2026", "2027", 1);
    assert_ne!(edited, text, "the French text names the year");
    std::fs::write(&fr_yaml, &edited).unwrap();
    watching.wait_for(&format!("rendered   {TRAINING}.fr"));
    let after: Vec<String> = watching.lines_within(Duration::from_millis(1500));
    assert!(
        after.iter().all(|l| !l.starts_with("rendered")),
        "nothing else is rendered: {after:?}"
    );
    assert_ne!(
        read(&pdf(TRAINING, "fr")),
        training_fr,
        "the French PDF changed"
    );
    // Set from the paragraphs and compressed streams the watcher kept, it
    // is what a fresh render of the same text writes.
    let fresh = root.join("fresh");
    let status = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(&root)
        .arg("render")
        .arg(root.join("documents").join(TRAINING))
        .args(["--lang", "fr", "-q", "-o"])
        .arg(&fresh)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        read(&pdf(TRAINING, "fr")),
        read(&fresh.join(format!("{TRAINING}.fr.pdf"))),
        "the watched PDF is the fresh render's"
    );
    assert_eq!(
        read(&pdf(TRAINING, "en")),
        training_en,
        "the English PDF did not"
    );
    assert_eq!(read(&pdf(MONITORING, "fr")), monitoring_fr);

    // A broken save: the diagnostic, at its line, and the last good PDF kept.
    let en_yaml = root.join("documents").join(TRAINING).join("en.yaml");
    let good = std::fs::read_to_string(&en_yaml).unwrap();
    std::fs::write(&en_yaml, good.replacen("title:", "title: [unclosed\nx:", 1)).unwrap();
    let lines = watching.wait_for("kept the last good");
    assert!(
        lines.iter().any(|l| l.contains("en.yaml:")),
        "the diagnostic names the file and line: {lines:?}"
    );
    assert_eq!(read(&pdf(TRAINING, "en")), training_en);

    // Fixed again: rendered again.
    std::fs::write(&en_yaml, &good).unwrap();
    watching.wait_for(&format!("rendered   {TRAINING}.en"));
    assert_eq!(
        read(&pdf(TRAINING, "en")),
        training_en,
        "same text, same PDF"
    );

    // A locale file of French: every document in French, no other language.
    let locale = std::fs::read_dir(root.join("locales/fr"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ftl"))
        .unwrap();
    let mut ftl = std::fs::read_to_string(&locale).unwrap();
    ftl.push_str("\n# touched by the watch test\n");
    std::fs::write(&locale, ftl).unwrap();
    let mut lines = watching.wait_for("rendered");
    lines.extend(watching.lines_within(Duration::from_millis(3000)));
    let rendered: Vec<&String> = lines.iter().filter(|l| l.starts_with("rendered")).collect();
    assert_eq!(rendered.len(), 2, "{lines:?}");
    assert!(rendered.iter().all(|l| l.contains(".fr ")), "{lines:?}");
}

#[test]
fn an_unknown_language_or_document_is_refused_before_watching() {
    let root = scratch_root("refused");
    let output = common::polypress(&root, &["watch", "--lang", "de"]);
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("the languages are"), "{stderr}");
    let output = common::polypress(&root, &["watch", "no-such-document"]);
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no document"), "{stderr}");
}
