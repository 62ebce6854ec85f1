//! Inputs that once gave a wrong PDF or an unbounded failure: each is now
//! refused with exit 2, its file, line and column, and a hint.

use crate::common;

use std::path::{Path, PathBuf};

use common::{code_and_stderr, copy_dir, polypress, repo, scratch};

const PRESS_RELEASE: &str = "documents/csto-2024-12-23-crisis-response-training";
const LETTER: &str = "documents/a-75-906-s-2021-534";

/// A scratch root whose documents/ holds a copy of `document` as `name`,
/// with the repository's locales, templates and fonts linked.
fn root_with(test: &str, document: &str, name: &str) -> (PathBuf, PathBuf) {
    let root = scratch(test);
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    let dir = root.join("documents").join(name);
    copy_dir(&repo().join(document), &dir);
    (root, dir)
}

fn check(root: &Path, dir: &Path) -> (i32, String) {
    code_and_stderr(&polypress(root, &["check", dir.to_str().unwrap()]))
}

#[test]
fn utf16_invalid_utf8_and_binary_sources_are_refused_at_their_place() {
    let (root, dir) = root_with("encodings", PRESS_RELEASE, "pr");
    let en = dir.join("en.yaml");
    let text = std::fs::read_to_string(&en).unwrap();

    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&en, &utf16).unwrap();
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("UTF-16 byte-order mark"), "{stderr}");
    assert!(stderr.contains("en.yaml:1:1"), "{stderr}");
    assert!(stderr.contains("save the file as UTF-8"), "{stderr}");

    // "defense" on line 7 of the English text, in Latin-1.
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("defense").map(|c| (i + 1, c + 2)))
        .unwrap();
    let latin1 = text.replacen("defense", "d\u{e9}fense", 1);
    let bytes: Vec<u8> = latin1.chars().map(|c| c as u32 as u8).collect();
    std::fs::write(&en, &bytes).unwrap();
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not UTF-8: byte 0xE9"), "{stderr}");
    assert!(
        stderr.contains(&format!("en.yaml:{line}:{column}")),
        "{line}:{column} in {stderr}"
    );

    std::fs::write(&en, b"title: x\n\x00\x01\x02\x03binary").unwrap();
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("binary content"), "{stderr}");
    assert!(stderr.contains("en.yaml:2:1"), "{stderr}");
}

#[test]
fn a_link_out_of_the_document_folder_is_refused_and_its_target_not_echoed() {
    let (root, dir) = root_with("links", PRESS_RELEASE, "pr");
    let secret = root.join("secret.yaml");
    std::fs::write(&secret, "TOPSECRET-TOKEN: {Annex:x\n").unwrap();
    let en = dir.join("en.yaml");
    std::fs::remove_file(&en).unwrap();
    std::os::unix::fs::symlink(&secret, &en).unwrap();
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a link to"), "{stderr}");
    assert!(!stderr.contains("TOPSECRET"), "{stderr}");

    // A document folder linked from outside documents/.
    let outside = scratch("links-outside");
    copy_dir(&repo().join(PRESS_RELEASE), &outside.join("pr"));
    std::os::unix::fs::symlink(outside.join("pr"), root.join("documents/linked")).unwrap();
    let output = polypress(
        &root,
        &[
            "build",
            "--lang",
            "en",
            "-q",
            "-o",
            root.join("out").to_str().unwrap(),
        ],
    );
    let (code, stderr) = code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("documents/linked is a link to"), "{stderr}");
    assert!(!root.join("out/linked.en.pdf").exists());
}

#[test]
fn a_long_line_is_shown_as_a_bounded_excerpt() {
    let (root, dir) = root_with("long-line", PRESS_RELEASE, "pr");
    let words = "word ".repeat(20_000);
    std::fs::write(
        dir.join("en.yaml"),
        format!("title: T\nparagraphs:\n  - id: body\n    text: {words}see {{Annex:x}}\n"),
    )
    .unwrap();
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("en.yaml:4:"), "{stderr}");
    assert!(
        stderr.len() < 3_000,
        "{} bytes of diagnostics",
        stderr.len()
    );
}

#[test]
fn inputs_over_the_limits_are_refused_with_exit_2() {
    let (root, dir) = root_with("limits", PRESS_RELEASE, "pr");
    let en = dir.join("en.yaml");
    let paragraph = "word ".repeat(25_000);
    std::fs::write(
        &en,
        format!("title: T\nparagraphs:\n  - id: body\n    text: {paragraph}\n"),
    )
    .unwrap();
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("over the limit of 100000"), "{stderr}");
    assert!(stderr.contains("en.yaml:4:11"), "{stderr}");

    let big = format!("# {}\ntitle: T\n", "x".repeat(17 * 1024 * 1024));
    std::fs::write(&en, big).unwrap();
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("over the limit of 16 MiB"), "{stderr}");
}

#[test]
fn a_masthead_title_too_long_for_page_one_is_refused_at_its_place() {
    let (root, dir) = root_with("masthead", LETTER, "letter");
    let en = dir.join("en.yaml");
    let text = std::fs::read_to_string(&en).unwrap();
    let title = "Prevention of armed conflict and strengthening of institutions ".repeat(30);
    std::fs::write(
        &en,
        text.replacen(
            "32: Prevention of armed conflict",
            &format!("32: {}", title.trim()),
            1,
        ),
    )
    .unwrap();
    let out = root.join("out");
    let output = polypress(
        &root,
        &[
            "render",
            "letter",
            "--lang",
            "en",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let (code, stderr) = code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("masthead's session block is too long"),
        "{stderr}"
    );
    assert!(stderr.contains("en.yaml:4:7"), "{stderr}");
    assert!(!out.join("letter.en.pdf").exists());
    // `check` finds it too.
    let (code, stderr) = check(&root, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("en.yaml:4:7"), "{stderr}");
}

#[test]
fn mistyped_references_are_errors_at_their_column() {
    let (root, dir) = root_with("references", LETTER, "letter");
    let en = dir.join("en.yaml");
    let text = std::fs::read_to_string(&en).unwrap();
    for wrong in [
        "{Annex:csto-statement}",
        "{annex csto-statement}",
        "{footnote:agenda )",
        "{footnote:agenda,",
    ] {
        let changed = text.replacen("{annex:csto-statement}", wrong, 1);
        std::fs::write(&en, &changed).unwrap();
        let offset = changed.find(wrong).unwrap();
        let line = changed[..offset].matches('\n').count() + 1;
        let (code, stderr) = check(&root, &dir);
        assert_eq!(code, 2, "{wrong}: {stderr}");
        assert!(
            stderr.contains(&format!("en.yaml:{line}:")),
            "{wrong}: line {line} in {stderr}"
        );
        assert!(stderr.contains("hint:"), "{wrong}: {stderr}");
    }
}

#[test]
fn an_unknown_or_miscased_language_is_an_error_not_zero_jobs() {
    let out = scratch("languages");
    for (lang, near) in [("xx", None), ("FR", Some("did you mean `fr`?"))] {
        let output = polypress(
            &repo(),
            &[
                "render",
                LETTER,
                "--lang",
                lang,
                "-o",
                out.to_str().unwrap(),
            ],
        );
        let (code, stderr) = code_and_stderr(&output);
        assert_eq!(code, 2, "{lang}: {stderr}");
        assert!(
            stderr.contains(&format!("no locale for language `{lang}`")),
            "{stderr}"
        );
        assert!(
            stderr.contains("the languages are ar, en, es, fr, ru, zh"),
            "{stderr}"
        );
        if let Some(near) = near {
            assert!(stderr.contains(near), "{stderr}");
        }
    }
    // Every kind can be selected, and selects only its documents.
    let output = polypress(
        &repo(),
        &[
            "build",
            "--kind",
            "resolution",
            "--lang",
            "en",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let (code, stderr) = code_and_stderr(&output);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 job(s): 1 rendered"), "{stderr}");
    assert!(out.join("a-res-48-161.en.pdf").exists());
}

#[test]
fn a_short_unicode_escape_in_a_locale_is_an_error_not_a_crash() {
    // Found by fuzzing `l10n check`: fluent-syntax 0.12 panics on it.
    let root = scratch("escape");
    for dir in ["templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    copy_dir(&repo().join("locales"), &root.join("locales"));
    copy_dir(&repo().join(PRESS_RELEASE), &root.join("documents/pr"));
    std::fs::write(root.join("locales/fr/zz.ftl"), "x = { \"\\u000»\" }\n").unwrap();
    let out = root.join("out");
    let output = polypress(
        &root,
        &["render", "pr", "--lang", "fr", "-o", out.to_str().unwrap()],
    );
    let (code, stderr) = code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("zz.ftl:1:8"), "{stderr}");
    let output = polypress(&root, &["l10n", "check"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("zz.ftl:1:8"), "{stdout}");
}

#[test]
fn placeables_nested_thousands_deep_in_a_locale_are_an_error_not_a_stack_overflow() {
    // 1,000 nested `{ ` (4 KB) overflowed the Fluent parser's stack: every
    // command that reads locales aborted (exit 134).
    let root = scratch("deep-placeables");
    for dir in ["templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    copy_dir(&repo().join("locales"), &root.join("locales"));
    copy_dir(&repo().join(PRESS_RELEASE), &root.join("documents/pr"));
    let n = 20_000;
    std::fs::write(
        root.join("locales/fr/zz.ftl"),
        format!("# deep\nx = {}\"y\"{}\n", "{ ".repeat(n), " }".repeat(n)),
    )
    .unwrap();
    let out = root.join("out");
    let output = polypress(
        &root,
        &["render", "pr", "--lang", "fr", "-o", out.to_str().unwrap()],
    );
    let (code, stderr) = code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("placeables nest more than 32 deep"),
        "{stderr}"
    );
    assert!(stderr.contains("zz.ftl:2:69"), "{stderr}");
    let output = polypress(&root, &["l10n", "check"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("zz.ftl:2:69"), "{stdout}");
}
