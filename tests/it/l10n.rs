//! `polypress l10n check` on the repository's locales and on a broken copy.

use crate::common;

use common::repo;

use std::path::{Path, PathBuf};
use std::process::Command;

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
    let root = crate::common::scratch("l10n");
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
    assert_eq!(code, 2);
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
    let out = crate::common::scratch("pseudo");
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
    common::assert_succeeded(&output);
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
    assert_eq!(
        layout.language().direction(),
        polypress::layout::Direction::RightToLeft
    );
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

    // en-XB mirrors what Fluent isolates too: a select's variant and a
    // function's output (`Annex II`, the date), as en-XA accents them.
    use polypress::l10n::Argument;
    let args = [
        ("number", Argument::Number(2.0)),
        ("date", Argument::Text("2021-05-19".into())),
        ("senders", Argument::Text("the States".into())),
        ("addressee", Argument::Text("Secretary-General".into())),
    ];
    let mirrored = resources
        .localizer
        .format("en-XB", "annex-heading", &args)
        .unwrap();
    let mut overridden = 0i32;
    let mut bare = String::new();
    for c in mirrored.chars() {
        match c {
            '\u{202E}' => overridden += 1,
            '\u{202C}' => overridden -= 1,
            c if c.is_alphanumeric() && overridden == 0 => bare.push(c),
            _ => {}
        }
    }
    assert!(
        bare.is_empty(),
        "letters outside an override: {bare:?} in {mirrored:?}"
    );
    assert!(
        mirrored.contains("II") && mirrored.contains("2021"),
        "{mirrored:?}"
    );
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

/// A temporary root holding a copy of the repository's document `source`
/// as `documents/<name>`, in `langs` only, with the repository's locales,
/// templates and fonts (symlinked). Returns the root and the document folder.
fn document_root(test: &str, source: &str, name: &str, langs: &[&str]) -> (PathBuf, PathBuf) {
    let root = crate::common::scratch(test);
    let _ = std::fs::remove_dir_all(&root);
    let doc = root.join("documents").join(name);
    std::fs::create_dir_all(&doc).unwrap();
    let from = repo().join("documents").join(source);
    std::fs::copy(from.join("document.yaml"), doc.join("document.yaml")).unwrap();
    for lang in langs {
        let file = format!("{lang}.yaml");
        std::fs::copy(from.join(&file), doc.join(&file)).unwrap();
    }
    let facts = std::fs::read_to_string(doc.join("document.yaml")).unwrap();
    std::fs::write(
        doc.join("document.yaml"),
        facts.replace(
            "[ar, zh, en, fr, ru, es]",
            &format!("[{}]", langs.join(", ")),
        ),
    )
    .unwrap();
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(repo().join(dir), root.join(dir)).unwrap();
    }
    (root, doc)
}

#[test]
fn a_changed_source_makes_its_translations_stale_until_reviewed() {
    let (root, doc) = document_root(
        "status",
        "csto-2024-12-23-crisis-response-training",
        "news",
        &["en", "fr"],
    );
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "first"]);

    let (code, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("fr: 0 translated, 0 stale, 2 unreviewed"),
        "the title and the paragraph: {out}"
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
    assert!(
        fr.contains("title:\n  text: Entraînement conjoint"),
        "the plain title becomes a map with its hash:\n{fr}"
    );
    let (code, out) = polypress(&root, &["check", "news"]);
    assert_eq!(code, 0, "the edited file still loads: {out}");
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert!(out.contains("fr: 2 translated, 0 stale"), "{out}");
    git(&root, &["commit", "-q", "-am", "reviewed"]);

    // A whitespace-only edit of the source changes nothing.
    let en = std::fs::read_to_string(doc.join("en.yaml")).unwrap();
    std::fs::write(
        doc.join("en.yaml"),
        en.replace("joint training session", "joint  training session"),
    )
    .unwrap();
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert!(out.contains("fr: 2 translated, 0 stale"), "{out}");

    // A real edit makes the French stale, with the old and the new source.
    std::fs::write(
        doc.join("en.yaml"),
        en.replace("joint training session", "joint command-post exercise"),
    )
    .unwrap();
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stale = &json["documents"][0]["languages"]["fr"]["stale"][0];
    assert_eq!(stale["id"], "paragraphs/body");
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
    // The XLIFF of the stale unit tells the translator the same: where the
    // segment is, its words, the source it was translated from and what
    // changed since.
    let xlf = root.join("fr.xlf");
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "export",
            "news",
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
    assert!(
        xml.contains("document news, segment paragraphs/body: "),
        "{xml}"
    );
    assert!(
        xml.contains("annotates=\"source\">translated from this en text, changed since:"),
        "{xml}"
    );
    assert!(
        xml.contains("[-training session-]") && xml.contains("{+command-post exercise+}"),
        "{xml}"
    );
    // What changed, word by word, and the source words to review.
    let changes: Vec<(String, String)> = stale["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["op"] != "same")
        .map(|c| {
            (
                c["op"].as_str().unwrap().to_owned(),
                c["text"].as_str().unwrap().trim().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("removed".to_owned(), "training session".to_owned()),
            ("added".to_owned(), "command-post exercise".to_owned())
        ],
        "{json:#}"
    );
    let words = &json["documents"][0]["languages"]["fr"]["words"];
    let body = stale["new_source"].as_str().unwrap();
    let body_words = body.split_whitespace().count() as u64;
    let stale_words = words["stale"].as_u64().unwrap();
    assert!(
        stale_words > body_words * 9 / 10 && stale_words <= body_words,
        "the stale paragraph's words: {words}, {body_words} tokens"
    );
    assert!(
        words["translated"].as_u64().unwrap() > 0,
        "the title: {words}"
    );
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en"]);
    assert!(
        out.contains("changed: … joint [-training session-] {+command-post exercise+}")
            || out.contains("[-training session-] {+command-post exercise+}"),
        "{out}"
    );
    // As a CI gate: exit 2 while something is stale, naming it.
    let gate = [
        "l10n",
        "status",
        "--source",
        "en",
        "--fail-on",
        "stale,missing",
    ];
    let (code, out) = polypress(&root, &gate);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("error: news fr: 1 stale (--fail-on)"), "{out}");
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
    let (code, out) = polypress(&root, &gate);
    assert_eq!(code, 0, "nothing stale or missing: {out}");
    assert!(out.contains("fr: 2 translated, 0 stale"), "{out}");
    let fr = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    assert_eq!(
        fr.matches("source: ").count(),
        2,
        "the hashes are replaced, not added twice:\n{fr}"
    );

    // A changed English title makes the French title stale, and only it.
    let en = std::fs::read_to_string(doc.join("en.yaml")).unwrap();
    std::fs::write(
        doc.join("en.yaml"),
        en.replacen("title: Joint", "title: Revised joint", 1),
    )
    .unwrap();
    let (_, out) = polypress(&root, &["l10n", "status", "--source", "en", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fr = &json["documents"][0]["languages"]["fr"];
    assert_eq!(fr["stale"].as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(fr["stale"][0]["id"], "title");
    assert_eq!(fr["translated"], serde_json::json!(["paragraphs/body"]));

    // Marking one text reviewed, with JSON output.
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
            "--segment",
            "title",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["marked"], serde_json::json!(["title"]));
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
            "--segment",
            "nothing",
        ],
    );
    assert_eq!(code, 2, "an unknown id is refused: {out}");
    assert!(
        out.contains("paragraphs/body"),
        "the hint lists the ids: {out}"
    );
}

/// `l10n export letter --lang fr --source en -o xlf`.
fn export_letter_fr(root: &Path, xlf: &Path) -> (i32, String) {
    let xlf = xlf.to_str().unwrap();
    let args = [
        "l10n", "export", "letter", "--lang", "fr", "--source", "en", "-o", xlf,
    ];
    polypress(root, &args)
}

#[test]
fn xliff_round_trip_import_and_refusal() {
    // Russian is the original language: plain `l10n status` compares with it.
    let (root, doc) = document_root(
        "xliff",
        "a-75-906-s-2021-534",
        "letter",
        &["en", "fr", "ru"],
    );
    let before = std::fs::read(doc.join("fr.yaml")).unwrap();
    let xlf = root.join("fr.xlf");
    let (code, out) = export_letter_fr(&root, &xlf);
    assert_eq!(code, 0, "{out}");
    let xml = std::fs::read_to_string(&xlf).unwrap();
    assert_valid_xliff(&xml);
    let tree = roxmltree::Document::parse(&xml).expect("well-formed XLIFF");
    let units: Vec<_> = tree
        .descendants()
        .filter(|n| n.has_tag_name("trans-unit"))
        .collect();
    assert!(
        units.len() >= 10,
        "letter, annex and footnote segments, annex title"
    );
    assert!(units
        .iter()
        .any(|u| u.attribute("id") == Some("annexes/csto-statement/title")));
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

    // A CAT tool changes a target and approves it: it is written back
    // with the hash of the source exported.
    let edited = xml
        .replacen("Nous avons l’honneur", "Nous avons le grand honneur", 1)
        .replacen(
            "<trans-unit id=\"letter/transmit\"",
            "<trans-unit id=\"letter/transmit\" approved=\"yes\"",
            1,
        );
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
    assert!(
        translated.iter().any(|id| id == "letter/transmit"),
        "{json:#}"
    );
    // The stamp names the language it was taken from (`en:…`), so plain
    // `l10n status`, whose source is the original language, agrees.
    assert!(fr.contains("source: en:"), "{fr}");
    let (_, out) = polypress(&root, &["l10n", "status", "letter", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fr_status = &json["documents"][0]["languages"]["fr"];
    assert!(
        fr_status["translated"]
            .as_array()
            .unwrap()
            .iter()
            .any(|id| id == "letter/transmit"),
        "{json:#}"
    );
    assert!(
        !fr_status["stale"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "letter/transmit"),
        "{json:#}"
    );

    // Exported again, the reviewed unit is approved.
    let (code, out) = export_letter_fr(&root, &xlf);
    assert_eq!(code, 0, "{out}");
    let again = std::fs::read_to_string(&xlf).unwrap();
    assert_valid_xliff(&again);
    let unit_of = |xml: &str, id: &str| -> std::ops::Range<usize> {
        let tree = roxmltree::Document::parse(xml).unwrap();
        let unit = tree
            .descendants()
            .find(|n| n.has_tag_name("trans-unit") && n.attribute("id") == Some(id))
            .unwrap();
        assert_eq!(unit.attribute("approved"), Some("yes"), "{id} is approved");
        unit.range()
    };
    let range = unit_of(&again, "letter/transmit");

    // The translator's tool sends it back for review with a new text: the
    // text lands, unreviewed (its stamp removed), not stamped current.
    let unit = again[range.clone()]
        .replacen(" approved=\"yes\"", "", 1)
        .replacen(
            "state=\"translated\"",
            "state=\"needs-review-translation\"",
            1,
        )
        .replacen("le grand honneur", "le très grand honneur", 1);
    let sent_back = format!("{}{unit}{}", &again[..range.start], &again[range.end..]);
    std::fs::write(&xlf, &sent_back).unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "letter", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let fr = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    assert!(fr.contains("le très grand honneur"), "{fr}");
    let (_, out) = polypress(&root, &["l10n", "status", "letter", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let unreviewed = json["documents"][0]["languages"]["fr"]["unreviewed"]
        .as_array()
        .unwrap();
    assert!(
        unreviewed.iter().any(|id| id == "letter/transmit"),
        "needs-review-translation is not stamped reviewed: {json:#}"
    );

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
        out.contains("unit `letter/transmit`: note calls and annex references [] differ"),
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
    let (root, doc) = document_root(
        "proof",
        "csto-2024-12-11-afghanistan-working-group",
        "news",
        &["en", "ru"],
    );
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
        .find(|l| l.contains("On 11 December 2024"))
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
    let root = crate::common::scratch(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("locales")).unwrap();
    // Copied, not linked: polypress reads no locale file through a link
    // from outside its locales/ folder.
    for (lang, path) in folders {
        common::copy_dir(path, &root.join("locales").join(lang));
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
    assert_eq!(output.status.code(), Some(2), "real drift is an error");
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
    // Russian selects name one, few and *[many], French and Spanish one and
    // *[other]: the default variant stands for the rest of CLDR's categories
    // (fractions in Russian, round millions in French and Spanish), and the
    // Arabic selects have all six.
    for lang in ["ar", "es-ES", "fr", "ru", "zh-CN"] {
        assert_eq!(count(lang, "plural"), 0, "{lang}");
    }
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
        matches!(output.status.code(), Some(0 | 2)),
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

/// Checks `xml` against the structure XLIFF 1.2 requires (the constraints
/// of the OASIS `xliff-core-1.2-strict.xsd` our files can touch): the root,
/// its namespace and version; `<file>` with its required attributes and one
/// `<body>`; `<trans-unit>` with an id unique in its file, `<source>` first,
/// at most one `<target>` with a state from the standard's list; inline
/// elements only from the standard's set, with their required ids, and `<x>`
/// empty.
fn assert_valid_xliff(xml: &str) {
    const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
    const STATES: [&str; 10] = [
        "final",
        "needs-adaptation",
        "needs-l10n",
        "needs-review-adaptation",
        "needs-review-l10n",
        "needs-review-translation",
        "needs-translation",
        "new",
        "signed-off",
        "translated",
    ];
    const DATATYPES: [&str; 8] = [
        "plaintext",
        "html",
        "xml",
        "javascript",
        "po",
        "properties",
        "resx",
        "xhtml",
    ];
    let tree = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = tree.root_element();
    assert_eq!(root.tag_name().name(), "xliff");
    assert_eq!(root.tag_name().namespace(), Some(NS));
    assert_eq!(root.attribute("version"), Some("1.2"));
    let elements = |n: roxmltree::Node<'_, '_>| -> Vec<String> {
        n.children()
            .filter(|c| c.is_element())
            .map(|c| {
                assert_eq!(c.tag_name().namespace(), Some(NS), "{:?}", c.tag_name());
                c.tag_name().name().to_owned()
            })
            .collect()
    };
    let files: Vec<_> = root.children().filter(|c| c.is_element()).collect();
    assert!(!files.is_empty(), "at least one <file>");
    for file in files {
        assert_eq!(file.tag_name().name(), "file");
        for required in ["original", "source-language", "datatype"] {
            assert!(
                file.attribute(required).is_some(),
                "<file> needs {required}"
            );
        }
        let datatype = file.attribute("datatype").unwrap();
        assert!(
            DATATYPES.contains(&datatype) || datatype.starts_with("x-"),
            "datatype {datatype}"
        );
        let children = elements(file);
        let bodies = children.iter().filter(|c| *c == "body").count();
        assert_eq!(bodies, 1, "one <body>");
        assert!(children.iter().all(|c| c == "header" || c == "body"));
        let body = file.children().find(|c| c.has_tag_name("body")).unwrap();
        let mut ids = std::collections::BTreeSet::new();
        for unit in body.children().filter(|c| c.is_element()) {
            assert_eq!(unit.tag_name().name(), "trans-unit");
            let id = unit.attribute("id").expect("<trans-unit> needs an id");
            assert!(ids.insert(id.to_owned()), "id {id} unique in its file");
            let children = elements(unit);
            assert_eq!(children.first().map(String::as_str), Some("source"), "{id}");
            assert_eq!(children.iter().filter(|c| *c == "source").count(), 1);
            assert!(children.iter().filter(|c| *c == "target").count() <= 1);
            assert!(children.iter().all(|c| [
                "source",
                "target",
                "note",
                "context-group",
                "alt-trans"
            ]
            .contains(&c.as_str())));
            for part in unit.children().filter(|c| c.is_element()) {
                if let Some(state) = part.attribute("state") {
                    assert!(
                        STATES.contains(&state) || state.starts_with("x-"),
                        "state {state}"
                    );
                }
                if part.has_tag_name("note") {
                    assert!(part.children().all(|c| c.is_text()), "a note is text");
                    continue;
                }
                for inline in part.descendants().skip(1).filter(|c| c.is_element()) {
                    let name = inline.tag_name().name();
                    assert!(
                        ["g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "mrk", "sub"]
                            .contains(&name),
                        "inline <{name}> in {id}"
                    );
                    if name != "mrk" && name != "sub" && name != "g" {
                        assert!(inline.attribute("id").is_some(), "<{name}> needs an id");
                    }
                    if ["x", "bx", "ex"].contains(&name) {
                        assert!(!inline.has_children(), "<{name}/> is empty");
                    }
                    if ["ph", "bpt", "ept", "it"].contains(&name) {
                        assert!(
                            inline
                                .children()
                                .all(|c| c.is_text() || c.has_tag_name("sub")),
                            "<{name}> holds native code only"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn one_english_edit_stales_exactly_that_paragraph_in_every_language() {
    let langs = ["ar", "zh", "en", "fr", "ru", "es"];
    let (root, doc) = document_root("stale-all", "a-75-906-s-2021-534", "letter", &langs);
    git(&root, &["init", "-q"]);
    for lang in ["ar", "zh", "fr", "ru", "es"] {
        let (code, out) = polypress(
            &root,
            &[
                "l10n",
                "mark-reviewed",
                "letter",
                "--lang",
                lang,
                "--source",
                "en",
            ],
        );
        assert_eq!(code, 0, "{out}");
    }
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "reviewed"]);
    let status = |root: &Path| {
        let (code, out) = polypress(root, &["l10n", "status", "--source", "en", "--json"]);
        assert_eq!(code, 0, "{out}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let before = status(&root);
    let total = before["documents"][0]["languages"]["fr"]["translated"]
        .as_array()
        .unwrap()
        .len();
    assert!(total >= 10, "{before:#}");

    let en = std::fs::read_to_string(doc.join("en.yaml")).unwrap();
    assert!(en.contains("international terrorism"));
    std::fs::write(
        doc.join("en.yaml"),
        en.replacen(
            "international terrorism",
            "international terrorism in all its forms",
            1,
        ),
    )
    .unwrap();
    let after = status(&root);
    for lang in ["ar", "zh", "fr", "ru", "es"] {
        let l = &after["documents"][0]["languages"][lang];
        let stale: Vec<&str> = l["stale"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(stale, ["annexes/csto-statement/convinced"], "{lang}: {l:#}");
        assert_eq!(
            l["translated"].as_array().unwrap().len(),
            total - 1,
            "{lang}"
        );
        assert!(
            l["stale"][0]["old_source"]
                .as_str()
                .unwrap()
                .contains("international terrorism, drug"),
            "{lang}: the old source from history: {l:#}"
        );
    }
}

#[test]
fn locale_files_travel_through_xliff_and_back() {
    let root = crate::common::scratch("ftl-xliff");
    let _ = std::fs::remove_dir_all(&root);
    for lang in ["en", "ru"] {
        let dir = root.join("locales").join(lang);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(repo().join("locales").join(lang)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    // A message the Russian lacks.
    let en = root.join("locales/en/press.ftl");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(
        &en,
        format!("{text}\nnew-message = Issued on {{ DATE($date) }}\n"),
    )
    .unwrap();
    let snapshot = |root: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(root.join("locales/ru"))
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&root);
    let xlf = root.join("ru.xlf");
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "export",
            "locales",
            "--lang",
            "ru",
            "-o",
            xlf.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["units"]["needs-translation"], 1, "{summary:#}");
    let xml = std::fs::read_to_string(&xlf).unwrap();
    assert_valid_xliff(&xml);
    assert!(xml.contains("original=\"locales/ru/letter.ftl\""));
    assert!(
        xml.contains("<source>Letter dated <ph id=\"1\">{ DATE($date) }</ph> from"),
        "placeables are protected: {xml}"
    );
    assert!(
        xml.contains("<ph id=\"1\">{ $number -&gt;</ph>"),
        "select syntax is protected"
    );

    // Export then import: byte-identical.
    let (code, out) = polypress(&root, &["l10n", "import", "locales", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(snapshot(&root), before);

    // The translator fills the new message and edits one: both land, the rest stays.
    let translated = xml
        .replace(
            "<target state=\"needs-translation\"></target>",
            "<target state=\"translated\">Выпущено <ph id=\"1\">{ DATE($date) }</ph></target>",
        )
        .replacen(
            "Генерального секретаря</target>",
            "Генерального секретаря ООН</target>",
            1,
        );
    std::fs::write(&xlf, &translated).unwrap();
    let (code, out) = polypress(
        &root,
        &["l10n", "import", "locales", xlf.to_str().unwrap(), "--json"],
    );
    assert_eq!(code, 0, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["written"].as_array().unwrap().len(), 2, "{report:#}");
    let press = std::fs::read_to_string(root.join("locales/ru/press.ftl")).unwrap();
    assert!(
        press.ends_with("\nnew-message = Выпущено { DATE($date) }\n"),
        "{press}"
    );
    let letter = std::fs::read_to_string(root.join("locales/ru/letter.ftl")).unwrap();
    assert!(
        letter.contains("= Генерального секретаря ООН\n"),
        "{letter}"
    );
    let (code, json) = check(&root);
    assert_eq!(code, 0, "the imported locale checks clean: {json:#}");

    // A renamed variable is refused, naming the unit; nothing is written.
    let current = snapshot(&root);
    let broken = translated.replacen("{ DATE($date) }</ph> from", "{ DATE($day) }</ph> from", 1);
    let broken = broken.replacen(
        "<target state=\"translated\">Письмо <ph id=\"2\">{ $senders }</ph> от <ph id=\"1\">{ DATE($date) }</ph>",
        "<target state=\"translated\">Письмо <ph id=\"2\">{ $senders }</ph> от <ph id=\"1\">{ DATE($day) }</ph>",
        1,
    );
    std::fs::write(&xlf, broken).unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "locales", xlf.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("unit `letter-title`: the target uses its variables"),
        "{out}"
    );
    assert_eq!(snapshot(&root), current, "nothing written");

    // A CAT tool that matches placeholders by id: the ids of the Russian
    // placeables are the source's, so moving them keeps each variable…
    let unit = "Письмо <ph id=\"2\">{ $senders }</ph> от <ph id=\"1\">{ DATE($date) }</ph> на имя <ph id=\"3\">{ $addressee }</ph>";
    assert!(translated.contains(unit), "target ids follow the source's");
    let moved = "<ph id=\"2\">{ $senders }</ph> на имя <ph id=\"3\">{ $addressee }</ph> от <ph id=\"1\">{ DATE($date) }</ph>";
    std::fs::write(
        &xlf,
        translated.replacen(unit, &format!("Письмо {moved}"), 1),
    )
    .unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "locales", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let letter = std::fs::read_to_string(root.join("locales/ru/letter.ftl")).unwrap();
    assert!(
        letter.contains(
            "letter-title = Письмо { $senders } на имя { $addressee } от { DATE($date) }\n"
        ),
        "{letter}"
    );
    // …and a target whose ids and contents disagree (the two variables
    // swapped under their ids) is refused whole, naming the placeholder.
    let current = snapshot(&root);
    let swapped = "Письмо <ph id=\"3\">{ $senders }</ph> от <ph id=\"1\">{ DATE($date) }</ph> на имя <ph id=\"2\">{ $addressee }</ph>";
    std::fs::write(&xlf, translated.replacen(unit, swapped, 1)).unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "locales", xlf.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("unit `letter-title`: placeholder 3 is `{ $senders }` in the target but `{ $addressee }` in the source"),
        "{out}"
    );
    assert_eq!(snapshot(&root), current, "nothing written");
}

/// Imports `xml` (written to `xlf`) into `document`; returns exit code and output.
fn import_into(root: &Path, document: &str, xlf: &Path, xml: &str) -> (i32, String) {
    std::fs::write(xlf, xml).unwrap();
    polypress(root, &["l10n", "import", document, xlf.to_str().unwrap()])
}

#[test]
fn an_import_never_puts_a_text_in_the_wrong_place() {
    let (root, doc) = document_root(
        "xliff-guard",
        "a-75-906-s-2021-534",
        "letter",
        &["en", "fr", "ru"],
    );
    common::copy_dir(&doc, &root.join("documents/other-letter"));
    let xlf = root.join("fr.xlf");
    let (code, out) = export_letter_fr(&root, &xlf);
    assert_eq!(code, 0, "{out}");
    let xml = std::fs::read_to_string(&xlf).unwrap();
    let files = ["en.yaml", "fr.yaml", "ru.yaml"];
    let bytes = |dir: &Path| -> Vec<Vec<u8>> {
        files
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .collect()
    };
    let before = bytes(&doc);
    let other_before = bytes(&root.join("documents/other-letter"));
    let edited = xml.replacen("Nous avons l’honneur", "Nous avons le grand honneur", 1);
    let unit = "<trans-unit id=\"letter/transmit\"";
    let refusals: Vec<(&str, String, &str, &str)> = vec![
        // 1. another document, another language, the original language.
        (
            "other-letter",
            edited.clone(),
            "is for `documents/letter/fr.yaml`, not for document `other-letter`",
            "1 another document",
        ),
        (
            "letter",
            edited.replace("target-language=\"fr\"", "target-language=\"es\""),
            "disagree: the file was for another language",
            "1 another language",
        ),
        (
            "letter",
            edited
                .replace("target-language=\"fr\"", "target-language=\"ru\"")
                .replace("documents/letter/fr.yaml", "documents/letter/ru.yaml"),
            "is the original language of `letter`: an import never writes the original",
            "1 the original",
        ),
        // 5. the inline syntax, as authors get it.
        (
            "letter",
            edited.replacen(
                "Nous avons le grand honneur",
                "Nous avons {footnote:agenda} l’honneur",
                1,
            ),
            "note calls and annex references",
            "5 a typed note call",
        ),
        (
            "letter",
            edited.replacen(
                "Nous avons le grand honneur",
                "Nous avons {badtag:x l’honneur",
                1,
            ),
            "unit `letter/transmit`: ",
            "5 a broken tag",
        ),
        (
            "letter",
            edited.replacen("Nous avons le grand honneur", "Nous avons } l’honneur", 1),
            "`}` closes no tag",
            "5 a lone brace",
        ),
        (
            "letter",
            edited.replacen(
                "Nous avons le grand honneur",
                "Nous avons <bpt id=\"1\">&lt;b&gt;</bpt>l’honneur<ept id=\"1\">&lt;/b&gt;</ept>",
                1,
            ),
            "<bpt> code",
            "5 a native code",
        ),
        // 6. a unit twice.
        (
            "letter",
            edited.replacen(
                "</body>",
                &format!(
                    "{}</body>",
                    &xml[xml.find(unit).unwrap()
                        ..xml[xml.find(unit).unwrap()..]
                            .find("</trans-unit>")
                            .unwrap()
                            + xml.find(unit).unwrap()
                            + 13]
                ),
                1,
            ),
            "a second unit with this id",
            "6 duplicate ids",
        ),
        // Bounded: a target too long for one text, inline elements nested
        // 30,000 deep.
        (
            "letter",
            edited.replacen("Nous avons le grand honneur", &"x".repeat(100_001), 1),
            "over the limit of 100000",
            "a huge target",
        ),
        (
            "letter",
            edited.replacen(
                "Nous avons le grand honneur",
                &format!(
                    "{}x{}",
                    "<g id=\"1\">".repeat(30_000),
                    "</g>".repeat(30_000)
                ),
                1,
            ),
            "",
            "30,000 nested <g>",
        ),
        // Riddles made plain.
        (
            "letter",
            edited.replace("version=\"1.2\"", "version=\"2.0\""),
            "version=\"2.0\" does not match the namespace",
            "XLIFF 2 by its version only",
        ),
        (
            "letter",
            edited.replace("urn:oasis:names:tc:xliff:document:1.2", "urn:example:other"),
            "neither XLIFF 1.2's",
            "namespace",
        ),
        (
            "letter",
            {
                let start = edited.find("<body>").unwrap() + 6;
                let end = edited.find("</body>").unwrap();
                format!("{}{}", &edited[..start], &edited[end..])
            },
            "the file has no units",
            "empty body",
        ),
    ];
    for (target, file, message, case) in refusals {
        let (code, out) = import_into(&root, target, &xlf, &file);
        assert_eq!(code, 2, "{case}: {out}");
        assert!(out.contains(message), "{case}: {out}");
        assert!(out.contains("line "), "{case}: located: {out}");
        assert_eq!(bytes(&doc), before, "{case}: nothing written");
        assert_eq!(
            bytes(&root.join("documents/other-letter")),
            other_before,
            "{case}"
        );
    }

    // 2. Approved from the source the translator saw, which the author
    // has changed since: the unit stays stale.
    let en = std::fs::read_to_string(doc.join("en.yaml")).unwrap();
    std::fs::write(
        doc.join("en.yaml"),
        en.replacen(
            "adopted in Dushanbe on 19 May 2021",
            "adopted in Dushanbe on 19 May 2021 and amended",
            1,
        ),
    )
    .unwrap();
    let approved = edited.replacen(unit, &format!("{unit} approved=\"yes\""), 1);
    let (code, out) = import_into(&root, "letter", &xlf, &approved);
    assert_eq!(code, 0, "{out}");
    let (_, out) = polypress(
        &root,
        &["l10n", "status", "letter", "--source", "en", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stale = &json["documents"][0]["languages"]["fr"]["stale"];
    assert!(
        stale
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "letter/transmit"),
        "translated from the old source: {json:#}"
    );

    // 8. States: reviewed, then sent back as fuzzy (translate-toolkit's
    // approved="no" with needs-translation): the stamp goes.
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "mark-reviewed",
            "letter",
            "--lang",
            "fr",
            "--source",
            "en",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = export_letter_fr(&root, &xlf);
    assert_eq!(code, 0, "{out}");
    let fresh = std::fs::read_to_string(&xlf).unwrap();
    let at = fresh.find("<trans-unit id=\"letter/circulate\"").unwrap();
    let end = at + fresh[at..].find("</trans-unit>").unwrap();
    let fuzzy = format!(
        "{}{}{}",
        &fresh[..at],
        fresh[at..end]
            .replace("approved=\"yes\"", "approved=\"no\"")
            .replace("state=\"translated\"", "state=\"needs-translation\""),
        &fresh[end..]
    );
    let (code, out) = import_into(&root, "letter", &xlf, &fuzzy);
    assert_eq!(code, 0, "{out}");
    let (_, out) = polypress(
        &root,
        &["l10n", "status", "letter", "--source", "en", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fr = &json["documents"][0]["languages"]["fr"];
    assert!(
        fr["unreviewed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|id| id == "letter/circulate"),
        "{json:#}"
    );
    assert!(
        fr["translated"].as_array().unwrap().len() > 3,
        "the others stay reviewed: {json:#}"
    );
}

#[test]
fn an_xliff_2_import_is_held_to_the_same_checks() {
    let (root, doc) = document_root(
        "xliff2-guard",
        "a-75-906-s-2021-534",
        "letter",
        &["en", "fr", "ru"],
    );
    common::copy_dir(&doc, &root.join("documents/other-letter"));
    let xlf = root.join("fr.2.xlf");
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
            "--xliff",
            "2.0",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let xml = std::fs::read_to_string(&xlf).unwrap();
    assert!(
        xml.contains("version=\"2.0\" srcLang=\"en\" trgLang=\"fr\""),
        "{xml}"
    );
    let files = ["en.yaml", "fr.yaml", "ru.yaml"];
    let bytes = |dir: &Path| -> Vec<Vec<u8>> {
        files
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .collect()
    };
    let before = bytes(&doc);
    let other_before = bytes(&root.join("documents/other-letter"));
    // Unchanged, the file changes nothing.
    let (code, out) = import_into(&root, "letter", &xlf, &xml);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(bytes(&doc), before);
    let edited = xml.replacen("Nous avons l’honneur", "Nous avons le grand honneur", 1);
    let transmit = "name=\"letter/transmit\"";
    let unit_of = |id: &str| {
        let at = xml.find(&format!("name=\"{id}\"")).unwrap();
        let start = xml[..at].rfind("<unit ").unwrap();
        let end = at + xml[at..].find("</unit>").unwrap() + 7;
        xml[start..end].to_owned()
    };
    let refusals: Vec<(&str, String, &str, &str)> = vec![
        (
            "other-letter",
            edited.clone(),
            "is for `documents/letter/fr.yaml`, not for document `other-letter`",
            "another document",
        ),
        (
            "letter",
            edited.replace("trgLang=\"fr\"", "trgLang=\"es\""),
            "disagree: the file was for another language",
            "another language",
        ),
        (
            "letter",
            edited
                .replace("trgLang=\"fr\"", "trgLang=\"ru\"")
                .replace("documents/letter/fr.yaml", "documents/letter/ru.yaml"),
            "an import never writes the original",
            "the original",
        ),
        (
            "letter",
            edited.replacen("<ph id=\"1\"", "<ph id=\"7\"", 2),
            "the target has a code <ph id=\"7\"/> the source does not have",
            "a code the source lacks",
        ),
        (
            "letter",
            edited.replacen(
                "Nous avons le grand honneur",
                "Nous avons <pc id=\"9\">le grand</pc> honneur",
                1,
            ),
            "<pc> code",
            "a formatting code",
        ),
        (
            "letter",
            edited.replacen(
                "Nous avons le grand honneur",
                "Nous avons {footnote:agenda} l’honneur",
                1,
            ),
            "note calls and annex references",
            "a typed note call",
        ),
        (
            "letter",
            edited.replacen(
                "</file>",
                &format!("{}</file>", unit_of("letter/circulate")),
                1,
            ),
            "a second unit with this id",
            "a unit twice",
        ),
        (
            "letter",
            edited.replacen(transmit, "", 1),
            "the unit has no segment id (`name`)",
            "a unit without its name",
        ),
        (
            "letter",
            edited.replacen("version=\"2.0\"", "version=\"1.2\"", 1),
            "version=\"1.2\" does not match the namespace",
            "the version of the other namespace",
        ),
        (
            "letter",
            edited.replacen(
                "</xliff>",
                "<file id=\"f2\" original=\"x\"></file></xliff>",
                1,
            ),
            "a second <file>",
            "a second file",
        ),
    ];
    for (target, file, message, case) in refusals {
        let (code, out) = import_into(&root, target, &xlf, &file);
        assert_eq!(code, 2, "{case}: {out}");
        assert!(out.contains(message), "{case}: {out}");
        assert!(out.contains("line "), "{case}: located: {out}");
        assert_eq!(bytes(&doc), before, "{case}: nothing written");
        assert_eq!(
            bytes(&root.join("documents/other-letter")),
            other_before,
            "{case}"
        );
    }
    // Locale files travel as XLIFF 1.2: a 2.0 file is refused in plain words.
    let (code, out) = import_into(&root, "locales", &xlf, &edited);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("locale files travel as XLIFF 1.2"), "{out}");

    // Accepted: the edit, reviewed, with its provenance stamp.
    let reviewed = edited;
    let at = reviewed.find(transmit).unwrap();
    let state = at
        + reviewed[at..]
            .find("<segment state=\"translated\"")
            .unwrap();
    let reviewed = format!(
        "{}<segment state=\"reviewed\"{}",
        &reviewed[..state],
        &reviewed[state + "<segment state=\"translated\"".len()..]
    );
    let (code, out) = import_into(&root, "letter", &xlf, &reviewed);
    assert_eq!(code, 0, "{out}");
    let fr = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    assert!(fr.contains("Nous avons le grand honneur"), "{fr}");
    let (_, out) = polypress(
        &root,
        &["l10n", "status", "letter", "--source", "en", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fr = &json["documents"][0]["languages"]["fr"];
    assert_eq!(
        fr["translated"],
        serde_json::json!(["letter/transmit"]),
        "{fr:#}"
    );
    assert_eq!(bytes(&doc)[0], before[0], "the English untouched");
}

#[test]
fn a_locale_import_never_breaks_or_smuggles_into_a_file() {
    let root = crate::common::scratch("ftl-guard");
    let _ = std::fs::remove_dir_all(&root);
    for lang in ["en", "fr"] {
        common::copy_dir(
            &repo().join("locales").join(lang),
            &root.join("locales").join(lang),
        );
    }
    let snapshot = |root: &Path| -> Vec<Vec<u8>> {
        let mut names: Vec<_> = std::fs::read_dir(root.join("locales/fr"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        names.iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    let before = snapshot(&root);
    let xlf = root.join("fr.xlf");
    let (code, out) = polypress(
        &root,
        &[
            "l10n",
            "export",
            "locales",
            "--lang",
            "fr",
            "-o",
            xlf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let xml = std::fs::read_to_string(&xlf).unwrap();
    let title = xml.find("<trans-unit id=\"letter-title\"").unwrap();
    let target = title + xml[title..].find("<target").unwrap();
    let target_text = target + xml[target..].find('>').unwrap() + 1;
    let end = target + xml[target..].find("</target>").unwrap();
    let with_target = |t: &str| format!("{}{t}{}", &xml[..target_text], &xml[end..]);
    let original = &xml[target_text..end];
    let senders = "<ph id=\"2\">{ $senders }</ph>";
    assert!(original.contains(senders), "{original}");
    let cases = [
        // 3. a line break that would define an attribute.
        (
            with_target(&format!("{original}\n.short = X")),
            "would define `letter-title.short`",
        ),
        // 4. a placeholder twice.
        (
            with_target(&format!("{original} {senders}")),
            "the target uses its variables",
        ),
        // 6. a unit twice.
        (
            xml.replacen(
                "</body>",
                &format!(
                    "{}</body>",
                    &xml[title..title + xml[title..].find("</trans-unit>").unwrap() + 13]
                ),
                1,
            ),
            "a second unit with this id",
        ),
    ];
    for (file, message) in cases {
        std::fs::write(&xlf, &file).unwrap();
        let (code, out) = polypress(&root, &["l10n", "import", "locales", xlf.to_str().unwrap()]);
        assert_eq!(code, 2, "{message}: {out}");
        assert!(out.contains(message), "{message}: {out}");
        assert_eq!(snapshot(&root), before, "{message}: nothing written");
    }
    // 3. A line break, even one followed by `letter-title = X`, stays
    // inside the value (a multiline text): the file still parses, with
    // one `letter-title`, and every language still renders.
    std::fs::write(&xlf, with_target(&format!("{original}\nletter-title = X"))).unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "locales", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let letter = std::fs::read_to_string(root.join("locales/fr/letter.ftl")).unwrap();
    assert_eq!(
        letter
            .lines()
            .filter(|l| l.starts_with("letter-title"))
            .count(),
        1,
        "{letter}"
    );
    let (_, out) = polypress(&root, &["l10n", "check"]);
    assert!(
        !out.contains("syntax") && !out.contains("duplicate"),
        "{out}"
    );
}

#[test]
fn a_missing_segment_is_filled_through_xliff_in_its_place() {
    let (root, doc) = document_root(
        "xliff-missing",
        "a-75-906-s-2021-534",
        "letter",
        &["en", "fr", "ru"],
    );
    // The French lacks its second paragraph.
    let fr = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    let start = fr.find("    - id: circulate").unwrap();
    let end = fr.find("annexes:").unwrap();
    let without = format!("{}{}", &fr[..start], &fr[end..]);
    std::fs::write(doc.join("fr.yaml"), &without).unwrap();
    let xlf = root.join("fr.xlf");
    let (code, out) = export_letter_fr(&root, &xlf);
    assert_eq!(code, 0, "{out}");
    let xml = std::fs::read_to_string(&xlf).unwrap();
    let unit = xml.find("<trans-unit id=\"letter/circulate\"").unwrap();
    let target = unit
        + xml[unit..]
            .find("<target state=\"needs-translation\"></target>")
            .unwrap();
    let filled = format!(
        "{}<target state=\"translated\">Nous vous serions reconnaissants de faire distribuer la présente lettre{{footnote:agenda}}.</target>{}",
        &xml[..target],
        &xml[target + "<target state=\"needs-translation\"></target>".len()..]
    );
    let filled = filled.replacen(
        "<trans-unit id=\"letter/circulate\"",
        "<trans-unit id=\"letter/circulate\" approved=\"yes\"",
        1,
    );
    std::fs::write(&xlf, filled).unwrap();
    let (code, out) = polypress(&root, &["l10n", "import", "letter", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let after = std::fs::read_to_string(doc.join("fr.yaml")).unwrap();
    let transmit = after.find("- id: transmit").unwrap();
    let circulate = after
        .find("- id: circulate")
        .expect("the segment is written");
    assert!(
        transmit < circulate && circulate < after.find("annexes:").unwrap(),
        "{after}"
    );
    assert!(
        after.contains("faire distribuer la présente lettre{footnote:agenda}."),
        "{after}"
    );
    // Only the new lines were added; the file still checks and the
    // segment is translated (reviewed in the CAT tool).
    assert_eq!(
        after.lines().count(),
        without.lines().count() + 3,
        "{after}"
    );
    let (code, out) = polypress(&root, &["check", "letter"]);
    assert_eq!(code, 0, "{out}");
    let (_, out) = polypress(
        &root,
        &["l10n", "status", "letter", "--source", "en", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fr = &json["documents"][0]["languages"]["fr"];
    assert!(fr["missing"].as_array().unwrap().is_empty(), "{json:#}");
    assert!(
        fr["translated"]
            .as_array()
            .unwrap()
            .iter()
            .any(|id| id == "letter/circulate"),
        "{json:#}"
    );
}
