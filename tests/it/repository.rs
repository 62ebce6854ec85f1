//! polypress installed once and used in document repositories of its own:
//! the binary copied where no checkout is above it, `init`, `new`,
//! `check`, `build` from a sub-folder, byte-identical PDFs, overrides of a
//! message and a partial, `house diff`, and what is refused.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{copy_dir, repo};

/// The test binary copied into a scratch folder of its own: no checkout,
/// no locales/ or templates/ anywhere above it.
fn installed(name: &str) -> (PathBuf, PathBuf) {
    let base = common::scratch(&format!("repository-{name}"));
    assert!(
        base.ancestors().all(|d| !d.join("templates").is_dir()),
        "the scratch folder must not be inside a checkout"
    );
    let bin = base.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join("polypress");
    // A hard link where it can be (the debug binary is 300 MB): another
    // path to the same program, as an installed copy is.
    if std::fs::hard_link(env!("CARGO_BIN_EXE_polypress"), &exe).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_polypress"), &exe).unwrap();
    }
    let work = base.join("work");
    std::fs::create_dir_all(&work).unwrap();
    (exe, work)
}

/// Runs the installed binary in `dir`, with no `--root`.
fn run(exe: &Path, dir: &Path, args: &[&str]) -> Output {
    common::unsharded(Command::new(exe).current_dir(dir))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The job ids a build printed as rendered.
fn rendered(output: &Output) -> BTreeSet<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .chain(String::from_utf8_lossy(&output.stdout).lines())
        .filter_map(|l| l.strip_prefix("rendered"))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn pdfs(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect()
}

#[test]
fn an_installed_binary_makes_and_builds_a_repository_anywhere() {
    let (exe, work) = installed("anywhere");
    let version = run(&exe, &work, &["--version"]);
    assert!(text(&version).contains("(house "), "{}", text(&version));

    let output = run(&exe, &work, &["init", "docs"]);
    assert!(output.status.success(), "{}", text(&output));
    let docs = work.join("docs");
    for file in [
        "polypress.toml",
        ".gitignore",
        ".github/workflows/documents.yml",
        "README.md",
        "documents/example-report/document.yaml",
    ] {
        assert!(docs.join(file).is_file(), "init wrote no {file}");
    }
    for kind in [
        "report",
        "resolution",
        "note",
        "letter",
        "statement",
        "press-release",
    ] {
        let name = format!("my-{kind}");
        let output = run(&exe, &docs, &["new", kind, &name]);
        assert!(output.status.success(), "{kind}: {}", text(&output));
    }
    // From a sub-folder: the root is found by its polypress.toml.
    let sub = docs.join("documents/my-report");
    let output = run(&exe, &sub, &["check"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("checked 7 document(s)"),
        "{}",
        text(&output)
    );
    let output = run(&exe, &sub, &["build"]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(pdfs(&docs.join("out")).len(), 7);
    assert!(docs.join("out/my-letter.en.pdf").is_file());
    // Nothing changed: up to date, from the root or through --root.
    let output = run(&exe, &docs, &["build"]);
    assert!(rendered(&output).is_empty(), "{}", text(&output));
    let output = run(&exe, &work, &["--root", docs.to_str().unwrap(), "build"]);
    assert!(rendered(&output).is_empty(), "{}", text(&output));
}

#[test]
fn the_example_set_renders_the_same_bytes_as_in_the_checkout() {
    let (exe, work) = installed("bytes");
    let output = run(&exe, &work, &["init", "docs"]);
    assert!(output.status.success(), "{}", text(&output));
    let docs = work.join("docs");
    std::fs::remove_dir_all(docs.join("documents")).unwrap();
    copy_dir(&repo().join("documents"), &docs.join("documents"));
    let output = run(&exe, &docs, &["build"]);
    assert!(output.status.success(), "{}", text(&output));

    let checkout_out = work.join("checkout-out");
    let output = common::polypress(&repo(), &["build", "-o", checkout_out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    let names = pdfs(&checkout_out);
    assert_eq!(names, pdfs(&docs.join("out")));
    assert!(names.len() >= 30, "{names:?}");
    for name in &names {
        assert!(
            std::fs::read(checkout_out.join(name)).unwrap()
                == std::fs::read(docs.join("out").join(name)).unwrap(),
            "{name} differs between the checkout and the repository"
        );
    }
}

/// A repository holding the checkout's documents, built once.
fn built_repository(name: &str) -> (PathBuf, PathBuf) {
    let (exe, work) = installed(name);
    let docs = work.join("docs");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    std::fs::remove_dir_all(docs.join("documents")).unwrap();
    copy_dir(&repo().join("documents"), &docs.join("documents"));
    let output = run(&exe, &docs, &["build"]);
    assert!(output.status.success(), "{}", text(&output));
    (exe, docs)
}

#[test]
fn a_message_and_a_partial_overridden_change_exactly_their_pdfs() {
    let (exe, docs) = built_repository("overrides");
    let before: Vec<(String, Vec<u8>)> = pdfs(&docs.join("out"))
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(docs.join("out").join(&n)).unwrap();
            (n, bytes)
        })
        .collect();

    // One French message: only the French PDFs that print it.
    std::fs::create_dir_all(docs.join("locales/fr")).unwrap();
    std::fs::write(
        docs.join("locales/fr/ours.ftl"),
        "# Our press office's wording.\npress-release = Communiqué du Bureau\n",
    )
    .unwrap();
    let output = run(&exe, &docs, &["build"]);
    assert!(output.status.success(), "{}", text(&output));
    let changed = rendered(&output);
    assert_eq!(changed.len(), 4, "{changed:?}");
    assert!(changed
        .iter()
        .all(|id| id.starts_with("csto-") && id.ends_with(".fr")));
    let pdf = docs.join("out/csto-2024-12-23-crisis-response-training.fr.pdf");
    let extracted = Command::new("pdftotext").arg(&pdf).arg("-").output();
    if let Ok(extracted) = extracted {
        let extracted = String::from_utf8_lossy(&extracted.stdout);
        assert!(extracted.contains("Communiqué du Bureau"), "{extracted}");
    }

    // One partial: only the letters, which call it.
    std::fs::create_dir_all(docs.join("templates/partials")).unwrap();
    let built_in =
        std::fs::read_to_string(repo().join("templates/partials/letter-title.hbs")).unwrap();
    assert!(built_in.contains("{{#if letter.title}}"));
    std::fs::write(
        docs.join("templates/partials/letter-title.hbs"),
        built_in.replace("{{#if letter.title}}", "Ours: {{#if letter.title}}"),
    )
    .unwrap();
    let output = run(&exe, &docs, &["build"]);
    assert!(output.status.success(), "{}", text(&output));
    let changed = rendered(&output);
    assert_eq!(
        changed.len(),
        6,
        "the letter in its six languages: {changed:?}"
    );
    assert!(
        changed
            .iter()
            .all(|id| id.starts_with("a-75-906-s-2021-534.")),
        "{changed:?}"
    );
    if let Ok(extracted) = Command::new("pdftotext")
        .arg(docs.join("out/a-75-906-s-2021-534.en.pdf"))
        .arg("-")
        .output()
    {
        assert!(String::from_utf8_lossy(&extracted.stdout).contains("Ours: Letter dated"));
    }
    // The other PDFs are the bytes they were.
    for (name, bytes) in &before {
        let ours = (name.starts_with("csto-") && name.ends_with(".fr.pdf"))
            || name.starts_with("a-75-906-s-2021-534.");
        if !ours {
            assert!(
                std::fs::read(docs.join("out").join(name)).unwrap() == *bytes,
                "{name} changed"
            );
        }
    }

    let diff = run(&exe, &docs, &["house", "diff"]);
    let diff = text(&diff);
    assert!(
        diff.contains("overrides `press-release` (fr, locales/fr/ours.ftl)"),
        "{diff}"
    );
    assert!(
        diff.contains("+ press-release = Communiqué du Bureau"),
        "{diff}"
    );
    assert!(
        diff.contains("overrides templates/partials/letter-title.hbs"),
        "{diff}"
    );
    assert!(diff.contains("2 overridden, 0 added"), "{diff}");
}

#[test]
fn a_broken_override_is_a_located_error_of_every_command() {
    let (exe, work) = installed("broken");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    let docs = work.join("docs");

    // A variable the built-in message does not give.
    std::fs::create_dir_all(docs.join("locales/fr")).unwrap();
    std::fs::write(
        docs.join("locales/fr/ours.ftl"),
        "\nletter-title = Lettre de { $sender }\n",
    )
    .unwrap();
    for command in [&["check"][..], &["build"], &["l10n", "check"]] {
        let output = run(&exe, &docs, command);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        let message = text(&output);
        assert!(message.contains("locales/fr/ours.ftl:2:1"), "{message}");
        assert!(message.contains("$sender"), "{message}");
    }
    // A message the repository adds in English and not in French is
    // missing there; with no overrides at all, the check is clean.
    std::fs::create_dir_all(docs.join("locales/en")).unwrap();
    std::fs::write(docs.join("locales/fr/ours.ftl"), "office = Bureau\n").unwrap();
    std::fs::write(
        docs.join("locales/en/ours.ftl"),
        "office = Office\nphone = Phone\n",
    )
    .unwrap();
    let output = run(&exe, &docs, &["l10n", "check"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("`phone` is missing in `fr`"),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(docs.join("locales")).unwrap();
    let output = run(&exe, &docs, &["l10n", "check"]);
    assert!(output.status.success(), "{}", text(&output));
    std::fs::create_dir_all(docs.join("locales/fr")).unwrap();
    std::fs::write(
        docs.join("locales/fr/ours.ftl"),
        "\nletter-title = Lettre de { $sender }\n",
    )
    .unwrap();
    std::fs::remove_file(docs.join("locales/fr/ours.ftl")).unwrap();

    // A template override that does not parse: refused before any render.
    std::fs::create_dir_all(docs.join("templates/partials")).unwrap();
    std::fs::write(
        docs.join("templates/partials/masthead.hbs"),
        "{{#if x}}\nopen",
    )
    .unwrap();
    let output = run(&exe, &docs, &["build"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("templates/partials/masthead.hbs:"),
        "{}",
        text(&output)
    );
    assert!(!docs.join("out/example-report.en.pdf").exists());
    std::fs::remove_file(docs.join("templates/partials/masthead.hbs")).unwrap();

    // polypress.toml: an unknown key, located, with "did you mean".
    std::fs::write(
        docs.join("polypress.toml"),
        "out = \"out\"\nlanguage = [\"en\"]\n",
    )
    .unwrap();
    let output = run(&exe, &docs.join("documents"), &["build"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("polypress.toml:2:1"),
        "{}",
        text(&output)
    );
    assert!(
        text(&output).contains("did you mean `languages`"),
        "{}",
        text(&output)
    );
    // An unknown default language, at its place.
    std::fs::write(
        docs.join("polypress.toml"),
        "languages = [\"en\", \"fx\"]\n",
    )
    .unwrap();
    let output = run(&exe, &docs, &["build"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("polypress.toml:1:20"),
        "{}",
        text(&output)
    );
}

#[test]
fn init_never_overwrites_a_file() {
    let (exe, work) = installed("init");
    std::fs::write(work.join("README.md"), "ours\n").unwrap();
    let output = run(&exe, &work, &["init"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(!work.join("polypress.toml").exists());
    let output = run(&exe, &work, &["init", "--force"]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(
        std::fs::read_to_string(work.join("README.md")).unwrap(),
        "ours\n"
    );
    assert!(work.join("polypress.toml").is_file());
    assert!(text(&output).contains("kept"), "{}", text(&output));
}

#[test]
fn house_export_writes_the_built_in_files_and_never_over_a_file() {
    let (exe, work) = installed("export");
    let output = run(&exe, &work, &["house", "export", "--templates", "house"]);
    assert!(output.status.success(), "{}", text(&output));
    let exported = std::fs::read(work.join("house/templates/partials/masthead.hbs")).unwrap();
    assert_eq!(
        exported,
        std::fs::read(repo().join("templates/partials/masthead.hbs")).unwrap()
    );
    assert!(!work.join("house/locales").exists());
    let output = run(&exe, &work, &["house", "export", "--templates", "house"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
}

#[test]
fn a_repository_adds_a_face_for_characters_the_built_in_ones_lack() {
    let (exe, work) = installed("fonts");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    let docs = work.join("docs");
    let texts = docs.join("documents/example-report/en.yaml");
    let source = std::fs::read_to_string(&texts)
        .unwrap()
        .replace("Numbers of headings", "The name कख. Numbers of headings");
    std::fs::write(&texts, source).unwrap();

    // No built-in face has Devanagari: refused at the character, with the way out.
    let output = run(&exe, &docs, &["build"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let message = text(&output);
    assert!(message.contains("en.yaml:"), "{message}");
    assert!(
        message.contains("fonts/ of the document repository"),
        "{message}"
    );

    // A face of our own (tests/fixtures/fonts/make-added-face.py) added in fonts/.
    std::fs::create_dir_all(docs.join("fonts")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/fonts/added-face.ttf"),
        docs.join("fonts/added-face.ttf"),
    )
    .unwrap();
    let output = run(&exe, &docs, &["build"]);
    assert!(output.status.success(), "{}", text(&output));
    if let Ok(fonts) = Command::new("pdffonts")
        .arg(docs.join("out/example-report.en.pdf"))
        .output()
    {
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(fonts.contains("PolypressTestAdded"), "{fonts}");
    }
    if let Ok(extracted) = Command::new("pdftotext")
        .arg(docs.join("out/example-report.en.pdf"))
        .arg("-")
        .output()
    {
        let extracted = String::from_utf8_lossy(&extracted.stdout);
        assert!(extracted.contains("name कख."), "{extracted}");
    }
    // `house diff` names it; a file that is no font is a located error.
    let diff = text(&run(&exe, &docs, &["house", "diff"]));
    assert!(diff.contains("adds      fonts/added-face.ttf"), "{diff}");
    std::fs::write(docs.join("fonts/broken.ttf"), b"not a font").unwrap();
    let output = run(&exe, &docs, &["check"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("fonts/broken.ttf"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_yaml_alias_is_refused_before_it_can_expand() {
    let (exe, work) = installed("alias");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    let docs = work.join("docs");
    let texts = docs.join("documents/example-report/en.yaml");
    // Nine levels of ten aliases each: a billion copies once expanded.
    let mut bomb = String::from("x0: &x0 \"lol\"\n");
    for level in 1..10 {
        let refs = vec![format!("*x{}", level - 1); 10].join(", ");
        bomb.push_str(&format!("x{level}: &x{level} [{refs}]\n"));
    }
    let source = std::fs::read_to_string(&texts).unwrap();
    std::fs::write(&texts, format!("{source}{bomb}")).unwrap();
    for command in ["check", "build"] {
        let output = run(&exe, &docs, &[command]);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        let lines = source.lines().count();
        assert!(
            text(&output).contains(&format!("en.yaml:{}:", lines + 2)),
            "{}",
            text(&output)
        );
        assert!(text(&output).contains("a YAML alias"), "{}", text(&output));
    }
}

#[test]
fn what_would_print_wrong_is_refused_at_its_place() {
    let (exe, work) = installed("printed");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    let docs = work.join("docs");
    copy_dir(
        &repo().join("documents/a-res-48-161"),
        &docs.join("documents/a-res-48-161"),
    );
    let facts = docs.join("documents/a-res-48-161/document.yaml");
    let yaml = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        yaml.replace("number: 48/161", "number: \"48/16{sup:1\"")
            .replace("draft: A/48/L.21/Rev.1", "draft: A/48/L.2l/Rev.1"),
    )
    .unwrap();
    let texts = docs.join("documents/example-report/en.yaml");
    let source = std::fs::read_to_string(&texts).unwrap();
    std::fs::write(
        &texts,
        source.replace(
            "text: One or two paragraphs that sum up the report.",
            "text: \"One or two paragraphs with a nul\\0byte.\"",
        ),
    )
    .unwrap();
    let output = run(&exe, &docs, &["check"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let message = text(&output);
    for expected in [
        "`48/16{sup:1` is not a resolution number",
        "document.yaml:18:11",
        "malformed draft symbol `A/48/L.2l/Rev.1`",
        "a control character (U+0000) in a text",
        "en.yaml:",
    ] {
        assert!(message.contains(expected), "{expected}: {message}");
    }
}

#[test]
fn a_word_wider_than_its_line_or_column_is_refused_not_set_off_the_page() {
    let (exe, work) = installed("wide");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    let docs = work.join("docs");
    let texts = docs.join("documents/example-report/en.yaml");
    let source = std::fs::read_to_string(&texts).unwrap();
    let long = "x".repeat(120);
    std::fs::write(
        &texts,
        source.replace(
            "One or two paragraphs that sum up the report.",
            &format!("One {long} paragraph."),
        ),
    )
    .unwrap();
    let output = run(&exe, &docs, &["build"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("wider than its line"),
        "{}",
        text(&output)
    );
    assert!(text(&output).contains("en.yaml:8:15"), "{}", text(&output));
    assert!(!docs.join("out/example-report.en.pdf").exists());

    // Forty columns: no cell's word may run over the next one.
    let columns = vec!["{ width: 1 }"; 40].join(", ");
    let header: Vec<String> = (0..40).map(|i| format!("Heading{i}")).collect();
    std::fs::write(
        &texts,
        source
            .replace(
                "columns: [{ width: 3 }, { width: 1, align: right }]",
                &format!("columns: [{columns}]"),
            )
            .replace(
                "- [Region, Projects]",
                &format!("- [{}]", header.join(", ")),
            )
            .replace(
                "- [Africa, \"12\"]",
                &format!("- [{}]", vec!["Population"; 40].join(", ")),
            )
            .replace(
                "- [Asia and the Pacific, \"9\"]",
                &format!("- [{}]", vec!["\"9\""; 40].join(", ")),
            ),
    )
    .unwrap();
    let output = run(&exe, &docs, &["build"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("wider than its table column"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_locale_file_linked_from_outside_is_never_read() {
    let (exe, work) = installed("links");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    let docs = work.join("docs");
    let secret = work.join("secret.txt");
    std::fs::write(&secret, "letter-title = the secret line\n").unwrap();
    std::fs::create_dir_all(docs.join("locales/fr")).unwrap();
    std::os::unix::fs::symlink(&secret, docs.join("locales/fr/ours.ftl")).unwrap();
    for command in [&["check"][..], &["build"], &["l10n", "check"]] {
        let output = run(&exe, &docs, command);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{command:?}: {}",
            text(&output)
        );
        let message = text(&output);
        assert!(message.contains("is a link to"), "{command:?}: {message}");
        assert!(
            !message.contains("the secret line"),
            "{command:?}: {message}"
        );
    }
}

#[test]
fn brackets_nested_past_any_real_file_are_refused_at_once() {
    let (exe, work) = installed("nesting");
    assert!(run(&exe, &work, &["init", "docs"]).status.success());
    let docs = work.join("docs");
    let texts = docs.join("documents/example-report/en.yaml");
    let source = std::fs::read_to_string(&texts).unwrap();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(
        &texts,
        source.replace(
            "subtitle: Report of the Secretary-General",
            &format!("subtitle: {deep}"),
        ),
    )
    .unwrap();
    let output = run(&exe, &docs, &["check"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("en.yaml:5:139"), "{}", text(&output));
    assert!(
        text(&output).contains("nest more than 128 deep"),
        "{}",
        text(&output)
    );
}
