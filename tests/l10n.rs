//! `polypress l10n check` on the repository's locales and on a broken copy.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(root: &Path) -> (i32, serde_json::Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root)
        .args(["l10n", "check", "--json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    (output.status.code().unwrap_or(-1), json)
}

#[test]
fn the_repository_locales_have_no_errors() {
    let (code, json) = check(&repo());
    assert_eq!(code, 0, "{json:#}");
    let summary = json["summary"].as_object().unwrap();
    for lang in ["ar", "zh", "fr", "ru", "es"] {
        assert_eq!(summary[lang]["errors"], 0, "{lang}: {json:#}");
    }
}

#[test]
fn a_broken_translation_is_reported_with_its_place() {
    let root = std::env::temp_dir().join(format!("polypress-l10n-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for lang in ["en", "fr"] {
        std::fs::create_dir_all(root.join("locales").join(lang)).unwrap();
        for entry in std::fs::read_dir(repo().join("locales").join(lang)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(
                entry.path(),
                root.join("locales").join(lang).join(entry.file_name()),
            )
            .unwrap();
        }
    }
    // A translator mistypes a variable and drops a message.
    let letter = root.join("locales/fr/letter.ftl");
    let text = std::fs::read_to_string(&letter).unwrap();
    let text = text
        .replacen("{ DATE($date) }", "{ DATE($dat) }", 1)
        .replace("signed = (Signé)\n", "");
    std::fs::write(&letter, text).unwrap();
    let (code, json) = check(&root);
    assert_eq!(code, 1);
    let findings = json["findings"].as_array().unwrap();
    let has = |kind: &str, id: &str| {
        findings
            .iter()
            .any(|f| f["kind"] == kind && f["message_id"] == id && f["locale"] == "fr")
    };
    assert!(has("variable", "letter-title"), "{json:#}");
    assert!(has("missing", "signed"), "{json:#}");
    let variable = findings.iter().find(|f| f["kind"] == "variable").unwrap();
    assert!(variable["file"]
        .as_str()
        .unwrap()
        .ends_with("locales/fr/letter.ftl"));
    assert!(variable["line"].as_u64().unwrap() > 0);
}

#[test]
fn pseudo_locales_render_any_english_document() {
    let out = std::env::temp_dir().join(format!("polypress-pseudo-{}", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(repo())
        .args([
            "render",
            "a-75-906-s-2021-534",
            "--lang",
            "en,en-XA,en-XB",
            "-q",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pages = |lang: &str| {
        lopdf::Document::load(out.join(format!("a-75-906-s-2021-534.{lang}.pdf")))
            .unwrap()
            .get_pages()
            .len()
    };
    assert!(
        pages("en-XA") >= pages("en"),
        "the longer pseudo-text takes at least as many pages"
    );
    let text = Command::new("pdftotext")
        .arg(out.join("a-75-906-s-2021-534.en-XA.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Lééttéér dààtééd"),
        "accented and lengthened: {text}"
    );
    assert!(
        text.contains("A/75/906"),
        "symbols are not Fluent strings and stay as they are"
    );

    // en-XB is laid out right to left: the masthead's "United Nations" goes to the right.
    let resources = polypress::pipeline::Resources::load(&repo()).unwrap();
    let document = polypress::source::load_document(
        &repo().join("documents/a-75-906-s-2021-534"),
        &resources.localizer.languages(),
    )
    .unwrap();
    let markup = polypress::pipeline::render_markup(&document, "en-XB", &resources).unwrap();
    let layout = polypress::pipeline::layout(&document, &markup).unwrap();
    assert_eq!(layout.direction, polypress::layout::Direction::RightToLeft);
    let paged = polypress::pipeline::typeset(&document, &layout, &resources).unwrap();
    let un_name = paged.pages[0]
        .marks
        .iter()
        .find_map(|m| match m {
            polypress::paginate::Mark::Text { x, run, .. } if run.size == 14.0 => Some(*x),
            _ => None,
        })
        .unwrap();
    assert!(un_name > 300.0, "mirrored masthead: {un_name}");
}

fn polypress(root: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn a_changed_source_makes_its_translations_stale_until_reviewed() {
    let root = std::env::temp_dir().join(format!("polypress-status-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let doc = root.join("documents/news");
    std::fs::create_dir_all(&doc).unwrap();
    let source = repo().join("documents/csto-2024-12-23-crisis-response-training");
    for name in ["document.yaml", "en.yaml", "fr.yaml"] {
        std::fs::copy(source.join(name), doc.join(name)).unwrap();
    }
    let facts = std::fs::read_to_string(doc.join("document.yaml")).unwrap();
    std::fs::write(
        doc.join("document.yaml"),
        facts.replace("[ar, zh, en, fr, ru, es]", "[en, fr]"),
    )
    .unwrap();
    for dir in ["locales", "templates"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "first"]);

    let (code, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("fr: 0 translated, 0 stale, 1 unreviewed"),
        "{out}"
    );
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "mark-reviewed",
            "news",
            "--lang",
            "fr",
            "--source",
            "en",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let fr = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    assert!(
        fr.contains("    source: "),
        "the hash is written beside the id:\n{fr}"
    );
    assert!(fr.starts_with("# Traduction"), "comments stay:\n{fr}");
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert!(out.contains("fr: 1 translated, 0 stale"), "{out}");
    git(&root, &["commit", "-q", "-am", "reviewed"]);

    // A whitespace-only edit of the source changes nothing.
    let en = std::fs::read_to_string(doc.join("en.yaml")).unwrap();
    std::fs::write(
        doc.join("en.yaml"),
        en.replace("joint training session", "joint  training session"),
    )
    .unwrap();
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert!(out.contains("fr: 1 translated, 0 stale"), "{out}");

    // A real edit makes the French stale, with the old and the new source.
    std::fs::write(
        doc.join("en.yaml"),
        en.replace("joint training session", "joint command-post exercise"),
    )
    .unwrap();
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stale = &json["documents"][0]["languages"]["fr"]["stale"][0];
    assert_eq!(stale["id"], "body");
    assert!(
        stale["old_source"]
            .as_str()
            .unwrap()
            .contains("joint training session"),
        "{json:#}"
    );
    assert!(stale["new_source"]
        .as_str()
        .unwrap()
        .contains("joint command-post exercise"));
    // Reviewed again: current.
    polypress(
        &root,
        &[
            "l10n",
            "mark-reviewed",
            "news",
            "--lang",
            "fr",
            "--source",
            "en",
        ],
    );
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert!(out.contains("fr: 1 translated, 0 stale"), "{out}");
    let fr = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    assert_eq!(
        fr.matches("source: ").count(),
        1,
        "the hash is replaced, not added twice:\n{fr}"
    );
}

#[test]
fn xliff_round_trip_import_and_refusal() {
    let root = std::env::temp_dir().join(format!("polypress-xliff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let doc = root.join("documents/letter");
    std::fs::create_dir_all(&doc).unwrap();
    let source = repo().join("documents/a-75-906-s-2021-534");
    for name in ["document.yaml", "en.yaml", "fr.yaml"] {
        std::fs::copy(source.join(name), doc.join(name)).unwrap();
    }
    let facts = std::fs::read_to_string(doc.join("document.yaml")).unwrap();
    std::fs::write(
        doc.join("document.yaml"),
        facts.replace("[ar, zh, en, fr, ru, es]", "[en, fr]"),
    )
    .unwrap();
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    let before = std::fs::read(doc.join("fr.yaml")).unwrap();
    let xlf = root.join("fr.xlf");
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "export",
            "letter",
            "--lang",
            "fr",
            "--source",
            "en",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let xml = std::fs::read_to_string(&xlf).unwrap();
    let tree = roxmltree::Document::parse(&xml).expect("well-formed XLIFF");
    let units: Vec<_> = tree
        .descendants()
        .filter(|n| n.has_tag_name("trans-unit"))
        .collect();
    assert!(units.len() >= 9, "letter, annex and footnote segments");
    assert!(units
        .iter()
        .any(|u| u.attribute("id") == Some("annexes/csto-statement/partner-status")));
    assert!(
        xml.contains("<x id=\"annex:csto-statement\" equiv-text=\"{annex:csto-statement}\"/>"),
        "placeholders protected"
    );
    assert!(xml.contains("state=\"translated\""));

    // Export then import: every file byte-identical.
    let (code, out) = polypress(&root, &["l10n", "import", "letter", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(std::fs::read(doc.join("fr.yaml")).unwrap(), before);

    // A CAT tool changes a target: it is written back with its source hash.
    let edited = xml.replacen("Nous avons l’honneur", "Nous avons le grand honneur", 1);
    std::fs::write(&xlf, &edited).unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "letter", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let fr = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    assert!(fr.contains("Nous avons le grand honneur"), "{fr}");
    assert!(fr.starts_with("# Traduction"), "comments stay");
    let (code, out) = polypress(&root, &["check", "letter"]);
    assert_eq!(code, 0, "the file still loads: {out}");
    let (_, out) = polypress(
        &root,
        &["l10n", "status", "letter", "--source", "en", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let translated = json["documents"][0]["languages"]["fr"]["translated"]
        .as_array()
        .unwrap();
    assert!(translated.iter().any(|id| id == "transmit"), "{json:#}");

    // A target that drops a placeholder is refused, and nothing is written.
    let current = std::fs::read(doc.join("fr.yaml")).unwrap();
    let broken = edited.replacen(
        "<x id=\"annex:csto-statement\" equiv-text=\"{annex:csto-statement}\"/>",
        "",
        2,
    );
    std::fs::write(&xlf, broken).unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "letter", xlf.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("unit `letter/transmit`: placeholders"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(doc.join("fr.yaml")).unwrap(),
        current,
        "nothing written"
    );
}

#[test]
fn a_bilingual_proof_aligns_segments_and_flags_stale_ones() {
    let root = std::env::temp_dir().join(format!("polypress-proof-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let doc = root.join("documents/news");
    std::fs::create_dir_all(&doc).unwrap();
    let source = repo().join("documents/csto-2024-12-11-afghanistan-working-group");
    for name in ["document.yaml", "en.yaml", "ru.yaml"] {
        std::fs::copy(source.join(name), doc.join(name)).unwrap();
    }
    let facts = std::fs::read_to_string(doc.join("document.yaml")).unwrap();
    std::fs::write(
        doc.join("document.yaml"),
        facts.replace("[ar, zh, en, fr, ru, es]", "[en, ru]"),
    )
    .unwrap();
    // The Russian was reviewed against a source that has changed since.
    let ru = std::fs::read_to_string(doc.join("ru.yaml")).unwrap();
    std::fs::write(
        doc.join("ru.yaml"),
        ru.replacen(
            "  - id: body\n",
            "  - id: body\n    source: 0123456789abcdef\n",
            1,
        ),
    )
    .unwrap();
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    let out = root.join("out");
    let (code, output) = polypress(
        &root,
        &[
            "proof",
            "news",
            "--lang",
            "ru",
            "--source",
            "en",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{output}");
    let pdf = out.join("news.en-ru.proof.pdf");
    let text = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let first = text
        .lines()
        .find(|l| l.contains("On December 11, 2024"))
        .expect("the English column");
    assert!(
        first.contains("11 декабря 2024 года"),
        "the Russian on the same line: {first}"
    );
    assert!(
        text.contains("stale"),
        "the stale segment is flagged: {text}"
    );
}

/// A root whose locales/ holds the given folders (symlinked).
fn locales_root(name: &str, folders: &[(&str, PathBuf)]) -> PathBuf {
    let root = std::env::temp_dir().join(format!("polypress-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("locales")).unwrap();
    for (lang, path) in folders {
        std::os::unix::fs::symlink(path, root.join("locales").join(lang)).unwrap();
    }
    root
}

#[test]
fn the_pdfjs_locales_show_their_real_drift() {
    let corpus = repo().join("tests/fixtures/fluent/pdfjs");
    let langs = ["ar", "en-US", "es-ES", "fr", "ru", "zh-CN"];
    let folders: Vec<(&str, PathBuf)> = langs.iter().map(|l| (*l, corpus.join(l))).collect();
    let root = locales_root("pdfjs", &folders);
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(&root)
        .args(["l10n", "check", "--reference", "en-US", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "real drift is an error");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let count = |lang: &str, kind: &str| {
        findings
            .iter()
            .filter(|f| f["locale"] == lang && f["kind"] == kind)
            .count()
    };
    for lang in ["ar", "es-ES", "fr", "ru", "zh-CN"] {
        assert!(
            count(lang, "obsolete") > 0,
            "{lang}: ids the English no longer has"
        );
    }
    assert!(
        count("es-ES", "missing") > 0 && count("zh-CN", "missing") > 0,
        "ids not yet translated"
    );
    // CLDR wants few and many in Russian, many in French and Spanish.
    assert!(count("ru", "plural") > 0 && count("fr", "plural") > 0);
    assert_eq!(
        count("ar", "plural"),
        0,
        "the Arabic selects have all six categories"
    );
    // pdf.js calls NUMBER and DATETIME, which polypress does not provide.
    assert!(count("en-US", "function") > 0);
    // A variable the translation does not use: what compare-locales misses.
    assert!(findings
        .iter()
        .any(|f| f["kind"] == "variable" && f["locale"] == "zh-CN"));
}

#[test]
fn the_fluent_spec_fixtures_never_crash_the_checker() {
    let root = locales_root("spec", &[("en", repo().join("tests/fixtures/fluent/spec"))]);
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(&root)
        .args(["l10n", "check", "--json"])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "no crash: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let syntax: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "syntax")
        .collect();
    assert!(syntax.len() > 10, "the fixtures' junk is reported");
    assert!(syntax
        .iter()
        .all(|f| f["line"].as_u64().unwrap() > 0 && f["column"].as_u64().unwrap() > 0));
}
