//! `polypress l10n check` on a slice of a real multi-file Fluent project
//! (tests/fixtures/fluent-corpus, from mozilla-l10n/www-l10n): every finding,
//! exactly, so that reading sub-folders, per-file ids, term parameters and
//! plural defaults cannot regress unnoticed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fluent-corpus")
}

/// Runs `polypress --root ROOT l10n check --json ARGS…` and returns its
/// exit code and JSON.
fn check(root: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root)
        .args(["l10n", "check", "--json"])
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON on stdout ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), json)
}

/// A root whose `locales` is the corpus (a symbolic link), as a user would
/// point `--root` at a checkout.
fn root(name: &str) -> PathBuf {
    let root = crate::common::scratch(&format!("corpus-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    std::os::unix::fs::symlink(corpus(), root.join("locales")).unwrap();
    root
}

/// One line per finding: `level kind locale file:line id`, the file relative
/// to the locales folder.
fn lines(json: &serde_json::Value, locales: &Path) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let file = Path::new(file)
                .strip_prefix(locales)
                .unwrap_or(Path::new(file))
                .display()
                .to_string();
            format!(
                "{} {} {} {}:{} {}",
                f["level"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
                f["locale"].as_str().unwrap(),
                file,
                f["line"],
                f["message_id"].as_str().unwrap_or("-"),
            )
        })
        .collect()
}

#[test]
fn the_corpus_gives_exactly_its_findings() {
    let root = root("exact");
    let locales = root.join("locales");
    let (code, json) = check(&root, &[]);
    let got = lines(&json, &locales);
    let reported: Vec<&String> = got.iter().filter(|l| !l.starts_with("accepted ")).collect();
    let expected = std::fs::read_to_string(corpus().join("expected-findings.txt")).unwrap();
    let expected: Vec<&str> = expected
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        reported,
        expected,
        "findings differ from tests/fixtures/fluent-corpus/expected-findings.txt:\n{}",
        reported
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        code, 2,
        "missing messages and plural mistakes are errors (bad input)"
    );

    // The pillars of the list, spelt out.
    let has = |line: &str| got.iter().any(|l| l == line);
    // Sub-folders are read, and a file is compared with the same path.
    assert!(has("warning obsolete ru ru/firefox/browsers/windows-64-bit.ftl:29 windows-64-bit-if-you-see-32-bit-newer"));
    assert!(has("error missing fr fr/firefox/browsers/windows-64-bit.ftl:0 windows-64-bit-if-you-see-32-bit-56-older"));
    assert!(has("error missing-file fr fr/404.ftl:0 -"));
    assert!(has("warning obsolete-file ru ru/404-locale.ftl:0 -"));
    // A term's `$case` is its own parameter, not a variable of a message.
    assert!(!got.iter().any(|l| l.contains(" variable ")), "{got:#?}");
    // `*[many]` in Russian and `*[other]` in French cover the rest of CLDR's
    // categories; a Russian select without `[few]`, one with only `[1]` and
    // a French `[several]` are real mistakes.
    let plural: Vec<&String> = got.iter().filter(|l| l.contains(" plural ")).collect();
    assert_eq!(
        plural,
        [
            "error plural fr fr/test-only/plurals.ftl:13 downloads-done",
            "error plural ru ru/test-only/plurals.ftl:14 downloads-done",
            "error plural ru ru/test-only/plurals.ftl:21 trial-left",
        ]
    );
    // Brand terms reviewed in .l10n-allow are accepted, counted, not warned.
    let summary = &json["summary"];
    assert_eq!(summary["ru"]["accepted"], 56, "{summary:#}");
    assert_eq!(summary["fr"]["accepted"], 66, "{summary:#}");
    assert!(has(
        "accepted identical ru ru/brands.ftl:12 -brand-name-amazon"
    ));
    assert!(!got.iter().any(|l| l.starts_with("warning identical")));
}

#[test]
fn the_locales_flag_reads_a_foreign_tree_in_place() {
    let corpus = corpus();
    let (code, json) = check(
        Path::new("/nonexistent"),
        &["--locales", corpus.to_str().unwrap()],
    );
    let root = root("flag");
    let (_, through_root) = check(&root, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        lines(&json, &corpus),
        lines(&through_root, &root.join("locales")),
        "--locales DIR and --root with DIR as locales/ give the same findings"
    );
}
