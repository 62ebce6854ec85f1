//! Entry points for the fuzz targets (`fuzz/`, cargo-fuzz) and their smoke
//! run in the test suite (`tests/it/fuzz_smoke.rs`): one function per parser
//! of user input, taking arbitrary bytes. Each must return, never panic,
//! whatever the bytes; where a parser has a property (printing what it
//! parsed gives the same parse), the function asserts it, so a fuzzer
//! finds a violation as a crash. Each returns whether the input was
//! accepted, so the smoke run can tell that its seeds get past the checks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::layout::{Block, Inline, Paragraph, Style};
use crate::pipeline::Resources;
use crate::source::{inline, load_document_from, Document};
use crate::typeset::{typeset_body, Shaper};

/// Runs `f` on a thread with the stack the binary's workers have
/// ([`crate::batch::WORKER_STACK`]), as every fuzz target and the smoke run
/// do: an input that would overflow a worker's stack overflows here too,
/// and one that fits there is not reported for the fuzzer's own stack.
/// A panic in `f` is resumed on the caller's thread.
pub fn on_worker_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .stack_size(crate::batch::WORKER_STACK)
            .spawn_scoped(scope, f)
            .unwrap_or_else(|e| panic!("cannot start a fuzz thread: {e}"));
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The repository whose locales, templates, fonts and documents the
/// targets use: `POLYPRESS_ROOT`, or this crate's folder.
fn root() -> PathBuf {
    std::env::var_os("POLYPRESS_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn resources() -> &'static Resources {
    static RESOURCES: OnceLock<Resources> = OnceLock::new();
    RESOURCES.get_or_init(|| {
        Resources::load(&root()).unwrap_or_else(|e| panic!("the repository loads: {e:?}"))
    })
}

fn languages() -> &'static [String] {
    static LANGUAGES: OnceLock<Vec<String>> = OnceLock::new();
    LANGUAGES.get_or_init(|| resources().localizer.languages())
}

/// The inline markup of texts (`{i:…}`, `{footnote:id}`, `\{`): parsing
/// never panics, and what [`inline::write`] prints of a parse parses back
/// to the same pieces.
pub fn inline_markup(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(pieces) = inline::parse(text) else {
        return false;
    };
    let _ = inline::plain(&pieces);
    let printed = inline::write(&pieces, &mut |t| t.to_owned());
    let again = inline::parse(&printed)
        .unwrap_or_else(|e| panic!("{text:?} printed as {printed:?}, which does not parse: {e:?}"));
    assert_eq!(pieces, again, "{text:?} printed as {printed:?}");
    true
}

/// The layout markup that templates produce.
pub fn layout_markup(data: &[u8]) -> bool {
    std::str::from_utf8(data).is_ok_and(|text| crate::layout::markup::parse(text).is_ok())
}

/// A document's sources: the bytes are `document.yaml` and `en.yaml`,
/// split at the first `\n---8<---\n` (without it, the bytes are `en.yaml`
/// beside a fixed report's `document.yaml`), loaded and checked as
/// `polypress check` does.
pub fn sources(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        let _ = crate::input::decode(Path::new("x.yaml"), data.to_vec());
        return false;
    };
    let (facts, texts) = match text.split_once("\n---8<---\n") {
        Some((facts, texts)) => (facts.to_owned(), texts.to_owned()),
        None => (REPORT_FACTS.to_owned(), text.to_owned()),
    };
    let files = BTreeMap::from([
        ("document.yaml".to_owned(), facts),
        ("en.yaml".to_owned(), texts),
    ]);
    load_document_from(Path::new("documents/fuzz"), &files, languages()).is_ok()
}

/// The facts of a one-language report, for [`sources`] and [`render`].
const REPORT_FACTS: &str = "kind: report
symbols: [A/80/999]
job_number: 25-99999
duty_station: new-york
masthead_date: 2025-06-02
original_language: en
distribution: general
languages: [en]
organs:
  - organ: general-assembly
    session: 80
    agenda_items: [73]
";

/// An XLIFF file imported into the seed letter (its texts are not written).
pub fn xliff_import(data: &[u8]) -> bool {
    static LETTER: OnceLock<Document> = OnceLock::new();
    let letter = LETTER.get_or_init(|| {
        crate::source::load_document(&root().join("documents/a-75-906-s-2021-534"), languages())
            .unwrap_or_else(|e| panic!("the seed letter loads: {e:?}"))
    });
    std::str::from_utf8(data)
        .is_ok_and(|text| crate::translate::xliff::import(letter, text).is_ok())
}

/// The typesetter on arbitrary Unicode: the first byte chooses the
/// language (and so the direction), emphasis and a list depth; the rest
/// is set as two paragraphs (all scripts, bidi controls, combining marks,
/// characters no font has: an error is fine, a panic is not).
pub fn typeset(data: &[u8]) -> bool {
    let Some((&first, rest)) = data.split_first() else {
        return false;
    };
    let text = String::from_utf8_lossy(rest);
    let langs = ["en", "ar", "zh", "fr", "ru", "es"];
    let lang = langs[usize::from(first) % langs.len()];
    let inline = |text: &str| Inline {
        text: text.to_owned(),
        bold: first & 0x40 != 0,
        italic: first & 0x80 != 0,
        ..Default::default()
    };
    let (a, b) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    let blocks = vec![
        Block::Paragraph(Paragraph {
            style: Style::Body,
            id: None,
            bookmark: None,
            inlines: vec![inline(a), inline(b)],
            label: None,
            depth: 0,
            boxed: false,
            contents: None,
        }),
        Block::Paragraph(Paragraph {
            style: Style::Item,
            id: None,
            bookmark: None,
            inlines: vec![inline(b)],
            label: None,
            depth: usize::from(first >> 3 & 3),
            boxed: false,
            contents: None,
        }),
    ];
    let mut shaper = Shaper::pooled(&resources().fonts, &resources().caches);
    typeset_body(
        &blocks,
        481.9,
        crate::language::Language::of(lang),
        &mut shaper,
    )
    .is_ok()
}

/// The whole pipeline on a report whose paragraph is the bytes (as text
/// of the inline syntax): load, check, markup, layout, typeset, paginate
/// and write the PDF.
pub fn render(data: &[u8]) -> bool {
    let text = String::from_utf8_lossy(data);
    let quoted = serde_json::to_string(&text).unwrap_or_default();
    let texts = format!("title: Fuzz\nparagraphs:\n  - id: p1\n    text: {quoted}\n");
    let files = BTreeMap::from([
        ("document.yaml".to_owned(), REPORT_FACTS.to_owned()),
        ("en.yaml".to_owned(), texts),
    ]);
    load_document_from(Path::new("documents/fuzz"), &files, languages())
        .is_ok_and(|document| crate::pipeline::render(&document, "en", resources()).is_ok())
}

/// `l10n check` on a locale file: the bytes are `fr/main.ftl` of a tree
/// whose reference `en/main.ftl` has messages, attributes, a term, a
/// plural select and functions.
pub fn fluent_lint(data: &[u8]) -> bool {
    static TREE: OnceLock<PathBuf> = OnceLock::new();
    let tree = TREE.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("polypress-fuzz-fluent-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("en"));
        let _ = std::fs::create_dir_all(dir.join("fr"));
        let _ = std::fs::write(dir.join("en/main.ftl"), FLUENT_REFERENCE);
        dir
    });
    std::fs::write(tree.join("fr/main.ftl"), data).is_ok()
        && !crate::translate::lint::check(tree, "en").is_empty()
}

const FLUENT_REFERENCE: &str = r#"-brand = { $case ->
   *[nominative] Polypress
    [genitive] Polypress's
}
hello = Hello, { $name }!
    .title = Greeting for { $name }
pages = { $count ->
    [one] { $count } page
   *[other] { $count } pages
}
dated = Dated { DATE($date, month: "long") } by { -brand(case: "genitive") } team
ordinal = The { ORDINAL($n) } session
"#;
