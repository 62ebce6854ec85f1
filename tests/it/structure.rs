//! Structured bodies end to end: the six-language fixture
//! (tests/fixtures/structure, whose golden markup tests/it/golden_markup.rs
//! checks) with every element, each language's numbering, a table mirrored
//! in Arabic; and pagination under stress (a note longer than a page, a
//! table longer than a page, a heading at the foot of a page) with no word
//! of any page overprinting another.

use crate::common;

use common::repo as root;
use common::{assert_no_overprint, overprint, pdftotext, words, Word};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn render(documents: &[&Path], out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .arg("render")
        .args(documents)
        .arg("-o")
        .arg(out)
        .output()
        .expect("the binary runs")
}

fn scratch(name: &str) -> PathBuf {
    crate::common::scratch(&format!("structure-{name}"))
}

/// The fixture rendered once in its six languages.
fn fixture_pdfs() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = scratch("fixture");
        let output = render(&[&root().join("tests/fixtures/structure")], &out);
        common::assert_succeeded(&output);
        out
    })
}

#[test]
fn the_overprint_check_finds_words_on_words_and_off_the_page() {
    let word = |text: &str, x: f32, y: f32| Word {
        page: 0,
        text: text.into(),
        x_min: x,
        y_min: y,
        x_max: x + 30.0,
        y_max: y + 10.0,
    };
    let page = [(612.0, 792.0)];
    // Consecutive lines (12 pt apart) with boxes that touch: fine.
    assert_eq!(
        overprint(
            &page,
            &[word("one", 100.0, 100.0), word("two", 100.0, 109.0)]
        ),
        None
    );
    // A note printed over the body text: found.
    assert!(overprint(
        &page,
        &[word("body", 100.0, 100.0), word("note", 110.0, 101.0)]
    )
    .is_some());
    // A line above the top of the page: found.
    assert!(overprint(&page, &[word("up", 100.0, -4.0)]).is_some());
}

#[test]
fn each_language_numbers_in_its_own_style() {
    // (language, strings its PDF must show as lines or words of their own)
    let cases: [(&str, &[&str]); 6] = [
        (
            "en",
            &[
                "I.", "II.", "A.", "B.", "1.", "(a)", "(b)", "(i)", "(ii)", "•", "–", "20.", "21.",
            ],
        ),
        (
            "fr",
            &["I.", "A.", "a)", "b)", "i)", "ii)", "•", "20.", "21."],
        ),
        ("es", &["I.", "A.", "a)", "i)", "20.", "21."]),
        ("ru", &["I.", "A.", "a)", "i)", "20.", "21."]),
        (
            "ar",
            &[
                "أولا -",
                "ثانيا -",
                "ألف -",
                "باء -",
                "(أ)",
                "(ب)",
                "(1)",
                "20 -",
            ],
        ),
        ("zh", &["一.", "二.", "A.", "(a)", "㈠", "㈡", "20."]),
    ];
    for (lang, expected) in cases {
        let text = pdftotext(&fixture_pdfs().join(format!("structure.{lang}.pdf")));
        // Bidi controls that poppler adds around right-to-left lines.
        let text: String = text
            .chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .collect();
        // Poppler may move a right-to-left line's spaces and brackets
        // around its neutral characters ("أولا  -مقدمة", ")(1"): compare
        // Arabic without them (tests/it/scripts.rs checks brackets).
        let squeeze = |s: &str| {
            s.chars()
                .filter(|c| !(c.is_whitespace() || lang == "ar" && matches!(c, '(' | ')')))
                .collect::<String>()
        };
        for needle in expected {
            let squeezed = squeeze(needle);
            // "20 -" may come out with its dash first ("-20").
            let dash_first = format!("-{}", squeezed.trim_end_matches('-'));
            assert!(
                text.lines().any(|l| squeeze(l).starts_with(&squeezed)
                    || squeeze(l).ends_with(&squeezed)
                    || (lang == "ar" && squeeze(l).starts_with(&dash_first))
                    || l.split_whitespace().any(|w| w == *needle)),
                "{lang}: `{needle}` not found in\n{text}"
            );
        }
        // Paragraph 7 is unnumbered, 8 forced to 20: no 7., 8. or 9.
        for absent in ["7.", "8.", "9."] {
            assert!(
                !text.lines().any(|l| l.trim().starts_with(absent)),
                "{lang}: `{absent}` printed"
            );
        }
    }
}

#[test]
fn a_table_reads_from_the_right_in_arabic_and_from_the_left_elsewhere() {
    let first_and_last = |lang: &str, first: &str, last: &str| -> (f32, f32) {
        let (_, words) = words(&fixture_pdfs().join(format!("structure.{lang}.pdf")));
        let x = |needle: &str| {
            // -bbox gives right-to-left words in visual order.
            words
                .iter()
                .find(|w| w.text == needle || w.text.chars().rev().collect::<String>() == needle)
                .unwrap_or_else(|| panic!("{lang}: `{needle}` not in the table"))
                .x_min
        };
        (x(first), x(last))
    };
    // The first column (region) and the last (countries) of the header.
    let (region, countries) = first_and_last("en", "Region", "Countries");
    assert!(region < countries, "en: {region} {countries}");
    let (region, countries) = first_and_last("ar", "المنطقة", "البلدان");
    assert!(
        region > countries,
        "ar: the table is mirrored ({region} {countries})"
    );
}

#[test]
fn no_word_of_the_fixture_overprints_another() {
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        assert_no_overprint(&fixture_pdfs().join(format!("structure.{lang}.pdf")));
    }
}

#[test]
fn no_word_of_the_repository_documents_overprints_another() {
    let out = scratch("documents");
    let mut documents: Vec<PathBuf> = std::fs::read_dir(root().join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    documents.sort();
    let refs: Vec<&Path> = documents.iter().map(PathBuf::as_path).collect();
    let output = render(&refs, &out);
    common::assert_succeeded(&output);
    let mut checked = 0;
    for pdf in std::fs::read_dir(&out).unwrap() {
        let pdf = pdf.unwrap().path();
        if pdf.extension().is_some_and(|e| e == "pdf") {
            assert_no_overprint(&pdf);
            checked += 1;
        }
    }
    assert!(checked >= 34, "checked {checked} PDFs");
}

/// A report in English with the given body, rendered; the PDF's path.
fn stress(name: &str, body: &str, footnotes: &str) -> PathBuf {
    stress_with(name, "", body, footnotes)
}

/// The same, with more facts in document.yaml.
fn stress_with(name: &str, facts: &str, body: &str, footnotes: &str) -> PathBuf {
    let dir = scratch(name).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("document.yaml"),
        format!("kind: report\nsymbols: [A/80/990]\njob_number: 25-99990\nmasthead_date: 2025-06-02\n\
         original_language: en\nlanguages: [en]\norgans:\n  - organ: general-assembly\n    session: 80\n{facts}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("en.yaml"),
        format!("title: A stress test\nparagraphs:\n{body}footnotes:\n{footnotes}"),
    )
    .unwrap();
    let out = dir.parent().unwrap().join("out");
    let output = render(&[&dir], &out);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    out.join(format!("{name}.en.pdf"))
}

fn filler(count: usize, from: usize) -> String {
    (from..from + count)
        .map(|i| {
            format!(
                "  - id: p{i}\n    text: >-\n      Paragraph {i} says that the Member States reviewed the \
                 arrangements for the coordination of assistance and agreed on the steps that follow \
                 from them, with the support of the entities of the system.\n"
            )
        })
        .collect()
}

#[test]
fn a_footnote_longer_than_a_page_continues_on_the_next_pages() {
    let note_words: Vec<String> = (0..1400).map(|i| format!("w{i}")).collect();
    let note = format!(
        "  - id: long\n    text: >-\n      NOTESTART {} NOTEEND\n",
        note_words.join(" ")
    );
    let body = format!(
        "{}  - id: calls\n    text: This paragraph calls the long note.{{footnote:long}} It goes on.\n{}",
        filler(3, 1),
        filler(30, 10)
    );
    let pdf = stress("long-note", &body, &note);
    assert_no_overprint(&pdf);
    let (pages, words) = words(&pdf);
    let page_of = |needle: &str| {
        words
            .iter()
            .find(|w| w.text.contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` is not in the PDF"))
            .page
    };
    let start = page_of("NOTESTART");
    let end = page_of("NOTEEND");
    assert!(
        end >= start + 2,
        "a note of 1,400 words spans three pages: {start}..{end}"
    );
    // The call stays on the page where the note starts.
    assert_eq!(page_of("calls"), start);
    // Every word of the note is printed, once.
    for i in (0..1400).step_by(97) {
        let needle = format!("w{i}");
        assert_eq!(
            words
                .iter()
                .filter(|w| w.text.trim_end_matches('.') == needle)
                .count(),
            1,
            "{needle}"
        );
    }
    assert!(pages.len() >= 3);
}

#[test]
fn a_table_longer_than_a_page_repeats_its_header() {
    let rows: String = (1..=120)
        .map(|i| format!("        - [\"Row{i}\", \"{}\"]\n", i * 7))
        .collect();
    let body = format!(
        "{}  - id: t1\n    table:\n      columns: [{{ width: 3 }}, {{ width: 1, align: right }}]\n      \
         header:\n        - [HeadRegion, HeadCount]\n      rows:\n{rows}{}",
        filler(2, 1),
        filler(2, 200)
    );
    let pdf = stress(
        "long-table",
        &body,
        "  - id: unused\n    text: Not called.\n",
    );
    assert_no_overprint(&pdf);
    let (_, words) = words(&pdf);
    let pages_of = |needle: &str| -> Vec<usize> {
        let mut pages: Vec<usize> = words
            .iter()
            .filter(|w| w.text == needle)
            .map(|w| w.page)
            .collect();
        pages.dedup();
        pages
    };
    let spanned: std::collections::BTreeSet<usize> = words
        .iter()
        .filter(|w| w.text.starts_with("Row"))
        .map(|w| w.page)
        .collect();
    assert!(spanned.len() >= 3, "120 rows span three pages: {spanned:?}");
    let header: std::collections::BTreeSet<usize> = pages_of("HeadRegion").into_iter().collect();
    assert_eq!(header, spanned, "the header heads every page of the table");
    for i in 1..=120 {
        assert_eq!(pages_of(&format!("Row{i}")).len(), 1, "Row{i} printed once");
    }
}

#[test]
fn a_heading_at_the_foot_of_a_page_moves_to_the_next() {
    // Find a filler length that puts the heading last on page 1 if it did
    // not keep with what follows; every length must keep them together.
    for count in 1..12 {
        let body = format!(
            "{}  - id: h1\n    heading: 1\n    text: HEADINGWORD here\n  - id: h1-a\n    heading: 2\n    text: SUBHEADINGWORD there\n{}",
            filler(count, 1),
            filler(3, 100).replace("Paragraph 100", "FIRSTWORDS 100")
        );
        // Without contents, whose entries would repeat the words.
        let pdf = stress_with(
            &format!("heading-{count}"),
            "contents: false\n",
            &body,
            "  - id: unused\n    text: Not called.\n",
        );
        let (_, words) = words(&pdf);
        let page_of = |needle: &str| words.iter().find(|w| w.text == needle).unwrap().page;
        assert_eq!(
            page_of("HEADINGWORD"),
            page_of("SUBHEADINGWORD"),
            "{count} fillers"
        );
        assert_eq!(
            page_of("SUBHEADINGWORD"),
            page_of("FIRSTWORDS"),
            "{count} fillers"
        );
    }
}

#[test]
fn new_writes_skeletons_that_check_and_render() {
    let work = scratch("new");
    for dir in ["locales", "templates", "fonts"] {
        std::os::unix::fs::symlink(root().join(dir), work.join(dir)).unwrap();
    }
    let polypress = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("--root")
            .arg(&work)
            .args(args)
            .output()
            .expect("the binary runs")
    };
    let kinds = [
        "letter",
        "statement",
        "report",
        "resolution",
        "note",
        "press-release",
    ];
    for kind in kinds {
        let output = polypress(&["new", kind, &format!("my-{kind}")]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // A second `new` of the same name writes nothing and says so.
    let again = polypress(&["new", "report", "my-report"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let check = polypress(&["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("0 problem(s), 0 warning(s)"), "{stderr}");
    let out = work.join("out");
    let build = polypress(&["build", "-o", out.to_str().unwrap()]);
    common::assert_succeeded(&build);
    for kind in kinds {
        let pdf = out.join(format!("my-{kind}.en.pdf"));
        assert_no_overprint(&pdf);
    }
    let report = pdftotext(&out.join("my-report.en.pdf"));
    for needle in ["I.", "Introduction", "1.", "(a)", "Summary", "Region"] {
        assert!(report.contains(needle), "`{needle}` in\n{report}");
    }
}

#[test]
fn endnotes_come_at_the_end_under_notes() {
    let body = format!(
        "  - id: calls\n    text: This paragraph calls a note.{{footnote:first}} And another.{{footnote:second}}\n{}",
        filler(12, 1)
    );
    let notes =
        "  - id: first\n    text: FIRSTNOTE text.\n  - id: second\n    text: SECONDNOTE text.\n";
    let pdf = stress_with("endnotes", "notes: endnotes\n", &body, notes);
    assert_no_overprint(&pdf);
    let text = pdftotext(&pdf);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` in\n{text}"))
    };
    // After the last paragraph: the heading, then the notes in order.
    assert!(at("Paragraph 12 says") < at("Notes"));
    assert!(at("Notes") < at("FIRSTNOTE"));
    assert!(at("FIRSTNOTE") < at("SECONDNOTE"));
}

/// Notes with lists, footnotes and endnotes: every item printed once, on
/// a line of its own after the note's text, marked (a), (b) and (i).
#[test]
fn a_note_holds_a_list_and_prints_every_item_once() {
    let notes = "  - id: star\n    label: \"*\"\n    text: STARNOTE was not edited.\n\
                 \x20 - id: list\n    text: LISTNOTE The abbreviations are\n    items:\n\
                 \x20     - id: l1\n        text: FIRSTITEM stands for one body;\n\
                 \x20     - id: l2\n        text: SECONDITEM stands for another, with\n        items:\n\
                 \x20         - id: l2a\n            text: INNERITEM a sub-item.\n\
                 \x20 - id: bare\n    items:\n      - id: b1\n        text: BAREFIRST only items;\n\
                 \x20     - id: b2\n        text: BARESECOND and no text.\n";
    let body = format!(
        "  - id: calls\n    text: This calls the list{{footnote:list}} and the other.{{footnote:bare}}\n{}",
        filler(2, 1)
    );
    for (name, facts) in [("note-list", ""), ("endnote-list", "notes: endnotes\n")] {
        let pdf = stress_with(
            name,
            facts,
            &format!("  - id: first\n    text: The report{{footnote:star}} begins.\n{body}"),
            notes,
        );
        assert_no_overprint(&pdf);
        let (_, words) = words(&pdf);
        let find = |needle: &str| -> Vec<&Word> {
            words.iter().filter(|w| w.text.contains(needle)).collect()
        };
        // The title's `*` note stays at the foot of page 1, below the
        // body, with endnotes as with footnotes.
        let star = find("STARNOTE");
        assert_eq!(star.len(), 1, "{name}");
        assert_eq!(star[0].page, 0, "{name}: the * note on page 1");
        let body_bottom = words
            .iter()
            .filter(|w| w.page == 0 && w.text == "Paragraph")
            .map(|w| w.y_max)
            .fold(0.0, f32::max);
        assert!(
            star[0].y_min > body_bottom,
            "{name}: the * note under the body"
        );
        if facts.contains("endnotes") {
            // The endnotes under "Notes", their numbers hanging as
            // superscripts left of the text, no space between notes.
            let heading = find("Notes");
            assert_eq!(heading.len(), 1, "{name}: one Notes heading");
            // As the real report sets it: out at the furniture's edge, at
            // about the notes' size (not a 14 pt chapter heading).
            let text = find("LISTNOTE")[0];
            assert!(
                heading[0].x_min < text.x_min - 50.0,
                "{name}: Notes at {}",
                heading[0].x_min
            );
            assert!(
                heading[0].y_max - heading[0].y_min < 1.25 * (text.y_max - text.y_min),
                "{name}: Notes at about the notes' size"
            );
            let list = find("LISTNOTE")[0];
            assert!(
                list.page > heading[0].page || list.y_min > heading[0].y_max,
                "{name}"
            );
            let number = words
                .iter()
                .find(|w| {
                    w.text == "1" && w.page == list.page && (w.y_max - list.y_max).abs() < 4.0
                })
                .expect("the note's number");
            assert!(number.x_max <= list.x_min - 5.0, "{name}: the number hangs");
            assert!(
                number.y_max - number.y_min < 0.8 * (list.y_max - list.y_min),
                "{name}: a superscript"
            );
            let bare = find("BAREFIRST")[0];
            let pitch = bare.y_min - find("INNERITEM")[0].y_min;
            assert!(
                (pitch - 11.0).abs() < 0.5,
                "{name}: notes 11 pt apart, not {pitch}"
            );
        }
        // The short centred rule that ends the document, on its last page.
        let rules = end_rules(&pdf);
        assert_eq!(rules.len(), 1, "{name}: {rules:?}");
        for needle in [
            "LISTNOTE",
            "FIRSTITEM",
            "SECONDITEM",
            "INNERITEM",
            "BAREFIRST",
            "BARESECOND",
        ] {
            assert_eq!(find(needle).len(), 1, "{name}: {needle} printed once");
        }
        // Each item starts a line of its own, below the one before, its
        // marker just left of it.
        let (first, second, inner) = (
            find("FIRSTITEM")[0],
            find("SECONDITEM")[0],
            find("INNERITEM")[0],
        );
        assert!(
            first.y_min > find("LISTNOTE")[0].y_min,
            "{name}: the first item under the text"
        );
        assert!(
            second.y_min > first.y_min && inner.y_min > second.y_min,
            "{name}"
        );
        for (item, marker) in [(first, "(a)"), (second, "(b)"), (inner, "(i)")] {
            let marked = words.iter().any(|w| {
                w.text == marker
                    && w.page == item.page
                    && (w.y_min - item.y_min).abs() < 1.0
                    && w.x_max <= item.x_min
            });
            assert!(marked, "{name}: {marker} before {}", item.text);
        }
    }
}

/// The 85 pt rules drawn on the last page of a PDF: (x1, x2).
fn end_rules(pdf: &Path) -> Vec<(f32, f32)> {
    let document = lopdf::Document::load(pdf).unwrap();
    let pages = document.get_pages();
    let last = *pages.values().last().unwrap();
    let content = document.get_and_decode_page_content(last).unwrap();
    let number = |o: &lopdf::Object| o.as_float().unwrap_or(0.0);
    let mut rules = Vec::new();
    let mut start = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "m" => start = Some((number(&op.operands[0]), number(&op.operands[1]))),
            "l" => {
                if let Some((x1, y1)) = start {
                    let (x2, y2) = (number(&op.operands[0]), number(&op.operands[1]));
                    if (y1 - y2).abs() < 0.01 && ((x2 - x1).abs() - 85.0).abs() < 0.5 {
                        rules.push((x1, x2));
                    }
                }
            }
            _ => {}
        }
    }
    rules
}

/// A heading in a note, a note's table with a source line (which a note
/// does not print) or before another item, are refused where they are
/// written; nothing is dropped silently.
#[test]
fn a_note_with_a_table_or_a_heading_is_refused_at_its_place() {
    let dir = scratch("note-table").join("note-table");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("document.yaml"),
        "kind: report\nsymbols: [A/80/990]\njob_number: 25-99990\nmasthead_date: 2025-06-02\n\
         original_language: en\nlanguages: [en]\norgans:\n  - organ: general-assembly\n    session: 80\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("en.yaml"),
        "title: A note with a table\nparagraphs:\n  - id: p1\n    text: It calls{footnote:t}, {footnote:o} and{footnote:h}.\n\
         footnotes:\n  - id: t\n    table:\n      columns: [{ width: 1 }, { width: 3 }]\n      rows:\n        - [AI, Amnesty International]\n      source: Somewhere.\n\
         \x20 - id: o\n    text: Listed\n    items:\n      - id: o1\n        table:\n          columns: [{ width: 1 }]\n          rows:\n            - [A]\n      - id: o2\n        text: after the table.\n\
         \x20 - id: h\n    heading: 1\n    text: A heading\n",
    )
    .unwrap();
    let output = common::polypress(&root(), &["check", dir.to_str().unwrap()]);
    let (code, stderr) = common::code_and_stderr(&output);
    let all = format!("{}{stderr}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(code, 2, "{all}");
    assert!(
        all.contains("a note's table has no title, note or source line"),
        "{all}"
    );
    assert!(all.contains("en.yaml:8:14"), "located: {all}");
    assert!(
        all.contains("a note's table comes before other items"),
        "{all}"
    );
    assert!(all.contains("a note cannot hold a heading"), "{all}");
}

/// A note holding a table (A/HRC/WG.6/34/ITA/3's notes 1–2: abbreviation
/// and stakeholder), longer than a page: every cell printed once, the
/// rows under the note's text, the columns lined up, continued on the
/// next page, nothing over anything; as a footnote and as an endnote.
#[test]
fn a_note_holds_a_table_longer_than_a_page() {
    let rows: String = (1..=70)
        .map(|i| format!("          - [AB{i}, Stakeholder number {i} (Country {i})]\n"))
        .collect();
    let notes = format!(
        "  - id: star\n    label: \"*\"\n    text: STARNOTE was not edited.\n\
         \x20 - id: table\n    text: TABLENOTE The stakeholders listed below contributed.\n    items:\n\
         \x20     - id: civil\n        text: CIVILITEM Civil society\n\
         \x20     - id: list\n        table:\n          columns: [{{ width: 1 }}, {{ width: 3 }}]\n          rows:\n{rows}"
    );
    let body = format!(
        "  - id: first\n    text: The report{{footnote:star}} begins and calls the table.{{footnote:table}}\n{}",
        filler(6, 1)
    );
    for (name, facts) in [("notetab-foot", ""), ("notetab-end", "notes: endnotes\n")] {
        let pdf = stress_with(name, facts, &body, &notes);
        assert_no_overprint(&pdf);
        let (_, words) = words(&pdf);
        let text_at = words
            .iter()
            .find(|w| w.text == "TABLENOTE")
            .expect("the note's text");
        if facts.is_empty() {
            // The line that calls it (and the `*` note) stays on page 1,
            // with the note's first lines; the rest continues.
            let call = words.iter().find(|w| w.text == "begins").expect("the call");
            assert_eq!((call.page, text_at.page), (0, 0), "{name}");
        }
        let mut second_column = Vec::new();
        for i in 1..=70 {
            let cell = format!("AB{i}");
            let found: Vec<&Word> = words.iter().filter(|w| w.text == cell).collect();
            assert_eq!(found.len(), 1, "{name}: {cell} printed once");
            let first = found[0];
            assert!(
                first.page > text_at.page || first.y_min > text_at.y_min,
                "{name}: {cell} under the note's text"
            );
            let stakeholder = words
                .iter()
                .find(|w| {
                    w.page == first.page
                        && (w.y_min - first.y_min).abs() < 1.0
                        && w.text == "Stakeholder"
                })
                .unwrap_or_else(|| panic!("{name}: the row of {cell}"));
            assert!(
                stakeholder.x_min > first.x_max,
                "{name}: {cell}'s row reads left to right"
            );
            second_column.push(stakeholder.x_min);
        }
        let spread = second_column
            .iter()
            .fold(0.0f32, |m, x| m.max((x - second_column[0]).abs()));
        assert!(
            spread < 0.5,
            "{name}: the second column lines up ({spread})"
        );
        let pages: std::collections::BTreeSet<usize> = words
            .iter()
            .filter(|w| w.text.starts_with("AB"))
            .map(|w| w.page)
            .collect();
        assert!(
            pages.len() >= 2,
            "{name}: the table continues on the next page: {pages:?}"
        );
    }
}

/// The text of each page of a PDF, laid out (`pdftotext -layout`).
fn layout_pages(pdf: &Path) -> Vec<String> {
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .split('\u{c}')
        .map(str::to_owned)
        .collect()
}

/// The contents of A/HRC/WG.6/7/ITA/1 take two pages after page 1, as the
/// real report's do; each entry's page is the page its heading is printed
/// on, and its paragraphs are the numbers printed under the heading.
#[test]
fn the_contents_give_each_heading_the_page_it_is_printed_on() {
    let out = scratch("contents");
    let output = render(&[&root().join("documents/a-hrc-wg6-7-ita-1")], &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = out.join("a-hrc-wg6-7-ita-1.en.pdf");
    assert_no_overprint(&pdf);
    let pages = layout_pages(&pdf);
    // Page 1 is the masthead's; "Contents" opens page 2 and runs on to 3.
    assert!(!pages[0].contains("Contents"));
    assert!(
        pages[1].contains("Contents") && pages[1].contains("Paragraphs"),
        "{}",
        pages[1]
    );
    // Entries: "<number> <title> ..... <paragraphs> <page>" (the title may
    // wrap: its last line carries the columns).
    let entry = |line: &str| -> Option<(String, usize)> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let page: usize = words.last()?.parse().ok()?;
        let paragraphs = words.get(words.len().checked_sub(2)?)?;
        paragraphs
            .chars()
            .next()?
            .is_ascii_digit()
            .then(|| (paragraphs.to_string(), page))
    };
    let mut checked = 0;
    let contents_pages: Vec<usize> = (1..pages.len())
        .take_while(|&p| pages[p].contains("....."))
        .collect();
    assert!(
        contents_pages.len() >= 2,
        "the contents take more than one page"
    );
    // Their later pages repeat the heading, continued, and the column heads.
    for &p in &contents_pages[1..] {
        assert!(pages[p].contains("Contents (continued)"), "{}", pages[p]);
        assert!(
            pages[p].contains("Paragraphs") && pages[p].contains("Page"),
            "{}",
            pages[p]
        );
    }
    let body_start = contents_pages.last().unwrap() + 1;
    for &p in &contents_pages {
        let lines: Vec<&str> = pages[p].lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some((paragraphs, page)) = entry(line) else {
                continue;
            };
            // The heading's number and first words: on this line or the
            // line above (a wrapped title).
            let numbered = |l: &str| {
                l.split_whitespace().next().is_some_and(|w| {
                    w.len() <= 5
                        && w.ends_with('.')
                        && w[..w.len() - 1].chars().all(|c| c.is_ascii_alphanumeric())
                })
            };
            let start = if numbered(line) { line } else { lines[i - 1] };
            assert!(numbered(start), "an entry starts with its number: {start}");
            let mut words = start.split_whitespace();
            let number = words.next().unwrap();
            let first_words: Vec<&str> = words.take(2).collect();
            let heading = format!("{number} {}", first_words.join(" "));
            // Printed on that page, after the contents, as a heading line.
            let printed = pages[body_start..]
                .iter()
                .position(|text| {
                    text.lines().any(|l| {
                        let l: Vec<&str> = l.split_whitespace().collect();
                        l.len() >= 3 && format!("{} {} {}", l[0], l[1], l[2]) == heading
                    })
                })
                .map(|k| body_start + k + 1);
            assert_eq!(
                printed,
                Some(page),
                "{heading}: the contents say page {page}"
            );
            // The first paragraph under it is numbered as the range says.
            let first: String = paragraphs.split('–').next().unwrap().to_owned();
            let text: String = pages[page - 1..]
                .iter()
                .flat_map(|p| p.split_whitespace())
                .collect::<Vec<_>>()
                .join(" ");
            let after = &text[text.find(&heading).unwrap()..];
            assert!(
                after.contains(&format!("{first}. ")),
                "{heading}: paragraph {first} follows it"
            );
            checked += 1;
        }
    }
    assert!(checked >= 40, "entries checked: {checked}");
}

/// Contents are a report's: another kind asking for them is refused at
/// the fact, never left without them silently.
#[test]
fn contents_on_another_kind_are_refused_at_the_fact() {
    let dir = scratch("contents-letter").join("letter");
    common::copy_dir(&root().join("documents/a-75-906-s-2021-534"), &dir);
    let facts = std::fs::read_to_string(dir.join("document.yaml")).unwrap();
    std::fs::write(
        dir.join("document.yaml"),
        format!("{facts}contents: true\n"),
    )
    .unwrap();
    let output = common::polypress(&root(), &["check", dir.to_str().unwrap()]);
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("a letter has no table of contents"),
        "{stderr}"
    );
    let line = facts.lines().count() + 1;
    assert!(
        stderr.contains(&format!("document.yaml:{line}:11")),
        "{stderr}"
    );
}

/// A/RES/48/161 as the real resolutions set it: each operative number at
/// the first-line indent of the preambular paragraphs, and a session
/// block without the organ's name (the masthead has it).
#[test]
fn operative_numbers_line_up_with_the_preamble_and_the_session_block_names_no_organ() {
    let out = scratch("resolution");
    let output = render(&[&root().join("documents/a-res-48-161")], &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = out.join("a-res-48-161.en.pdf");
    let (_, words) = words(&pdf);
    let first_x = |needle: &str| {
        words
            .iter()
            .find(|w| w.text == needle)
            .unwrap_or_else(|| panic!("{needle}"))
            .x_min
    };
    let preamble = first_x("Recalling");
    for number in ["1.", "2.", "13.", "26."] {
        let x = first_x(number);
        assert!(
            (x - preamble).abs() < 0.5,
            "{number} at {x}, the preamble at {preamble}"
        );
    }
    let layout = layout_pages(&pdf);
    let block: Vec<&str> = layout[0]
        .lines()
        .skip_while(|l| !l.contains("Forty-eighth session"))
        .take(2)
        .collect();
    assert_eq!(block.len(), 2, "{}", layout[0]);
    let above = layout[0]
        .lines()
        .take_while(|l| !l.contains("Forty-eighth session"))
        .filter(|l| l.trim() == "General Assembly")
        .count();
    assert_eq!(above, 0, "no organ line over the session: {}", layout[0]);
}

/// The footer of later pages follows the duty station: Geneva prints the
/// page alone and the job number at 8 pt (A/HRC/WG.6/34/ITA/3), New York
/// "2/2" and 7 pt.
#[test]
fn later_pages_number_as_their_duty_station_does() {
    let out = scratch("stations");
    let output = render(
        &[
            &root().join("documents/a-hrc-wg6-7-ita-1"),
            &root().join("documents/a-75-906-s-2021-534"),
        ],
        &out,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (document, number, job, size) in [
        ("a-hrc-wg6-7-ita-1", "2", "GE.09-17087", 8.0),
        ("a-75-906-s-2021-534", "2/2", "21-07422", 7.0),
    ] {
        let (_, words) = words(&out.join(format!("{document}.en.pdf")));
        let foot: Vec<&Word> = words
            .iter()
            .filter(|w| w.page == 1 && w.y_min > 740.0)
            .collect();
        assert!(
            foot.iter().any(|w| w.text == number),
            "{document}: {foot:?}"
        );
        let job_word = foot.iter().find(|w| w.text == job).expect("the job number");
        // A word's box is about 1.1 times its size high.
        let height = job_word.y_max - job_word.y_min;
        assert!(
            (height / 1.1 - size).abs() < 0.6,
            "{document}: job number {height} high"
        );
    }
}

/// The furniture of each duty station where the real pages put it
/// (baselines from the words' boxes: this font's descent is 0.216 em).
/// Geneva: A/HRC/WG.6/34/ITA/3 as measured, each within 1 pt; New York:
/// docs/un-format.md §1–2.
#[test]
fn the_furniture_stands_where_each_duty_station_puts_it() {
    let out = scratch("furniture");
    let output = render(
        &[
            &root().join("documents/a-hrc-wg6-7-ita-1"),
            &root().join("documents/a-75-906-s-2021-534"),
        ],
        &out,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // (document, page, word, first after y, size, x, baseline)
    let figures: [(&str, usize, &str, f32, f32, f32, f32); 14] = [
        ("a-hrc-wg6-7-ita-1", 0, "United", 0.0, 14.0, 119.7, 49.8),
        // The title flush with the text block (A/HRC/WG.6/34/ITA/3: x
        // 113.3, baseline 285.7); New York's hangs 12 pt.
        (
            "a-hrc-wg6-7-ita-1",
            0,
            "National",
            250.0,
            14.0,
            113.3,
            285.7,
        ),
        (
            "a-75-906-s-2021-534",
            0,
            "Letter",
            250.0,
            14.0,
            111.0,
            310.0,
        ),
        ("a-hrc-wg6-7-ita-1", 0, "General", 60.0, 20.0, 119.7, 80.3),
        ("a-hrc-wg6-7-ita-1", 0, "Distr.:", 0.0, 10.0, 392.1, 79.0),
        ("a-hrc-wg6-7-ita-1", 0, "Human", 150.0, 12.0, 56.6, 217.7),
        (
            "a-hrc-wg6-7-ita-1",
            0,
            "GE.09-17087",
            700.0,
            10.0,
            56.6,
            783.5,
        ),
        (
            "a-hrc-wg6-7-ita-1",
            1,
            "A/HRC/WG.6/7/ITA/1",
            0.0,
            9.0,
            56.6,
            51.1,
        ),
        ("a-hrc-wg6-7-ita-1", 1, "2", 780.0, 9.0, 56.6, 811.9),
        ("a-75-906-s-2021-534", 0, "United", 0.0, 14.0, 123.0, 57.0),
        ("a-75-906-s-2021-534", 0, "General", 60.0, 20.0, 123.0, 87.0),
        ("a-75-906-s-2021-534", 0, "Distr.:", 0.0, 10.0, 397.0, 87.0),
        ("a-75-906-s-2021-534", 1, "A/75/906", 0.0, 9.0, 60.0, 61.0),
        ("a-75-906-s-2021-534", 1, "2/2", 700.0, 9.0, 60.0, 757.0),
    ];
    for (document, page, text, after, size, x, baseline) in figures {
        let (_, words) = words(&out.join(format!("{document}.en.pdf")));
        let word = words
            .iter()
            .find(|w| w.page == page && w.text == text && w.y_min >= after)
            .unwrap_or_else(|| panic!("{document}: {text} on page {}", page + 1));
        let found = word.y_max - 0.216 * size;
        assert!(
            (word.x_min - x).abs() < 1.0,
            "{document} {text}: x {} for {x}",
            word.x_min
        );
        assert!(
            (found - baseline).abs() < 1.0,
            "{document} {text}: baseline {found} for {baseline}"
        );
    }
    // Geneva's barcode: 84 pt, the code spelt out under it.
    let (_, words) = words(&out.join("a-hrc-wg6-7-ita-1.en.pdf"));
    let spelt: String = words
        .iter()
        .filter(|w| w.page == 0 && w.y_min > 800.0 && w.x_min < 200.0)
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(spelt, "*0917087*");
}

/// Each language version carries its own job number where the document
/// gives one per language (A/HRC/WG.6/7/ITA/1: GE.09-17087 in English,
/// GE.09-17088 in French), on page 1, in its barcode and on later pages;
/// a map that misses a version or names another language is refused.
#[test]
fn each_version_carries_its_own_job_number() {
    let out = scratch("jobs");
    let output = render(&[&root().join("documents/a-hrc-wg6-7-ita-1")], &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (lang, job, letter, barcode) in [
        ("en", "GE.09-17087", "(E)", "*0917087*"),
        ("fr", "GE.09-17088", "(F)", "*0917088*"),
    ] {
        let pages = layout_pages(&out.join(format!("a-hrc-wg6-7-ita-1.{lang}.pdf")));
        let words = pages[0].split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains(&format!("{job} {letter}")),
            "{lang}: {words}"
        );
        // The code spelt out under the bars (the reader joins its letters).
        assert!(
            words.contains(barcode),
            "{lang}: the barcode spelt out: {words}"
        );
        assert!(pages[4].contains(job), "{lang}: page 5's footer");
    }
    let dir = scratch("jobs-bad").join("report");
    common::copy_dir(&root().join("documents/a-hrc-wg6-7-ita-1"), &dir);
    let facts = std::fs::read_to_string(dir.join("document.yaml")).unwrap();
    std::fs::write(
        dir.join("document.yaml"),
        facts.replace("fr: GE.09-17088", "es: GE.09-17088"),
    )
    .unwrap();
    let output = common::polypress(&root(), &["check", dir.to_str().unwrap()]);
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("a job number for `es`, which is not one of the document's languages"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no job number for the `fr` version"),
        "{stderr}"
    );
}

/// A single signature ends at the right margin, as the Editorial Manual
/// ("Communications") places it: its widest line at 490 pt on a Letter
/// page (123 + 367), its lines aligned with each other; it started at the
/// middle and stopped 12 pt short before.
#[test]
fn a_single_signature_ends_at_the_margin() {
    let work = scratch("signature");
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .current_dir(&work)
        .args(["new", "letter", "one-letter"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let out = work.join("out");
    let output = render(&[&work.join("documents/one-letter")], &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (_, words) = words(&out.join("one-letter.en.pdf"));
    let signed = words
        .iter()
        .find(|w| w.text == "(Signed)")
        .expect("the signature");
    let block: Vec<&Word> = words
        .iter()
        .filter(|w| {
            w.page == signed.page && w.y_min >= signed.y_min - 0.5 && w.y_min < signed.y_min + 30.0
        })
        .filter(|w| w.x_min >= signed.x_min - 0.5)
        .collect();
    let right = block.iter().map(|w| w.x_max).fold(0.0, f32::max);
    assert!(
        (right - 490.0).abs() < 0.5,
        "the widest line ends at {right}"
    );
    let starts: Vec<f32> = block
        .iter()
        .filter(|w| w.y_min > signed.y_min + 1.0)
        .map(|w| w.x_min)
        .fold(Vec::new(), |mut v, x| {
            if !v.iter().any(|s: &f32| (s - x).abs() < 30.0) {
                v.push(x);
            }
            v
        });
    assert!(
        starts.iter().any(|s| (s - signed.x_min).abs() < 0.5),
        "lines aligned: {starts:?} for {}",
        signed.x_min
    );
}

/// Wherever a page breaks a paragraph that calls a long note, neither the
/// paragraph nor the note leaves one line alone: not at the foot of the
/// page (an orphan) nor at the top of the next (a widow). The calling
/// paragraph is moved down a line at a time across the page's foot.
#[test]
fn neither_a_paragraph_nor_its_note_leaves_one_line_alone_at_a_page_break() {
    let tokens = |prefix: char, n: usize| -> String {
        (0..n)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for note_tokens in [60, 150] {
        for shim in 50..68 {
            let shims: String = (0..shim)
                .map(|i| format!("  - id: s{i}\n    text: Short paragraph {i}.\n"))
                .collect();
            let body = format!(
                "{shims}  - id: calls\n    text: >-\n      c0 c1 c2{{footnote:long}} {}\n{}",
                tokens('c', 60).replacen("c0 c1 c2 ", "", 1),
                filler(4, 100)
            );
            let note = format!("  - id: long\n    text: {}\n", tokens('q', note_tokens));
            let name = format!("orphans-{note_tokens}-{shim}");
            let pdf = stress(&name, &body, &note);
            let (_, words) = words(&pdf);
            for prefix in ['c', 'q'] {
                // The lines of the paragraph (c) or the note (q), page by page.
                let mut lines: Vec<(usize, i32)> = words
                    .iter()
                    .filter(|w| {
                        w.text.starts_with(prefix)
                            && w.text[1..].chars().all(|c| c.is_ascii_digit())
                            && w.text.len() > 1
                    })
                    .map(|w| (w.page, w.y_max.round() as i32))
                    .collect();
                lines.sort();
                lines.dedup();
                let mut per_page: Vec<(usize, usize)> = Vec::new();
                for (page, _) in &lines {
                    match per_page.last_mut() {
                        Some((p, n)) if p == page => *n += 1,
                        _ => per_page.push((*page, 1)),
                    }
                }
                assert!(
                    per_page.len() == 1 || per_page.iter().all(|&(_, n)| n >= 2),
                    "{name}: the {} runs over pages with lines {per_page:?}",
                    if prefix == 'c' { "paragraph" } else { "note" }
                );
            }
        }
    }
}

/// The six signatories of A/75/906 stand in pairs whose grid ends at the
/// right-hand margin (the Editorial Manual, "Communications"), its two
/// columns straight; the grid started at the left margin before.
#[test]
fn paired_signatures_form_a_grid_that_ends_at_the_margin() {
    let out = scratch("signature-grid");
    let document = "a-75-906-s-2021-534";
    let output = render(&[&root().join("documents").join(document)], &out);
    assert!(output.status.success(), "{output:?}");
    let (_, words) = words(&out.join(format!("{document}.en.pdf")));
    let signed: Vec<&Word> = words.iter().filter(|w| w.text == "(Signed)").collect();
    assert_eq!(signed.len(), 6, "six signatures");
    let mut columns: Vec<f32> = Vec::new();
    for w in &signed {
        if !columns.iter().any(|c| (c - w.x_min).abs() < 0.5) {
            columns.push(w.x_min);
        }
    }
    columns.sort_by(f32::total_cmp);
    assert_eq!(columns.len(), 2, "two straight columns: {columns:?}");
    let (top, bottom) = (signed[0].y_min - 0.5, signed[5].y_min + 30.0);
    let end_column = words
        .iter()
        .filter(|w| w.page == signed[0].page && (top..bottom).contains(&w.y_min))
        .filter(|w| w.x_min >= columns[1] - 0.5);
    let right = end_column.map(|w| w.x_max).fold(0.0, f32::max);
    assert!(
        (right - 490.0).abs() < 0.5,
        "the end column's widest line ends at {right}, the margin at 490"
    );
    assert!(columns[0] > 123.5, "the grid moved from the left margin");
}
