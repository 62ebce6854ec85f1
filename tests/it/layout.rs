//! UN page layout: furniture positions, masthead strings per language,
//! footnotes on the page that calls them, outline and links.

use crate::common;

use common::repo as root;

use std::process::Command;

use polypress::paginate::{Geometry, Mark, PagedDocument};
use polypress::pipeline::{self, Resources};
use polypress::source::load_document;

fn paged(lang: &str) -> (PagedDocument, polypress::layout::LayoutDocument) {
    let resources = Resources::load(&root()).unwrap();
    let document = load_document(
        &root().join("documents/a-75-906-s-2021-534"),
        &resources.localizer.languages(),
    )
    .unwrap();
    let markup = pipeline::render_markup(&document, lang, &resources).unwrap();
    let layout = pipeline::layout(&document, &markup).unwrap();
    (
        pipeline::typeset(&document, &layout, &resources).unwrap(),
        layout,
    )
}

/// The x extent of the text marks on a page whose text is `text`, at `size`.
fn extent(document: &PagedDocument, page: usize, text: &str, size: f32) -> Option<(f32, f32)> {
    document.pages[page].marks.iter().find_map(|m| match m {
        Mark::Text { x, run, .. } if run.text() == text && run.size == size => {
            Some((*x, x + run.width()))
        }
        _ => None,
    })
}

#[test]
fn running_headers_alternate_sides_and_page_one_has_none() {
    let letter = Geometry::of(polypress::layout::Paper::Letter);
    for lang in ["en", "ar"] {
        let (document, _) = paged(lang);
        assert!(document.pages.len() >= 2, "{lang}: two pages at least");
        // Page 1: no running header (9 pt bold symbols) and no page number.
        assert!(
            extent(&document, 0, "S/2021/534", 9.0).is_none(),
            "{lang}: no header on page 1"
        );
        let total = document.pages.len();
        assert!(!document.pages[0].text().contains(&format!("1/{total}")));
        // Even pages flush left, odd pages flush right; the other way round
        // in Arabic, whose documents are bound on the right.
        for page in 1..total {
            let (left, right) = extent(&document, page, "A/75/906", 9.0).expect("a header");
            let even = (page + 1) % 2 == 0;
            if even != (lang == "ar") {
                assert!(
                    (left - letter.furniture_left).abs() < 0.5,
                    "{lang} p{}: left {left}",
                    page + 1
                );
            } else {
                assert!(
                    (right - letter.furniture_right).abs() < 0.5,
                    "{lang} p{}: right {right}",
                    page + 1
                );
            }
        }
        // The barcode is vector bars on page 1 only.
        let bars = |page: usize| {
            document.pages[page]
                .marks
                .iter()
                .filter(|m| matches!(m, Mark::Bar { .. }))
                .count()
        };
        assert!(bars(0) > 40, "{lang}: Code 39 bars on page 1");
        assert!(
            (1..total).all(|p| bars(p) == 0),
            "{lang}: no barcode after page 1"
        );
    }
}

#[test]
fn the_right_hand_column_is_english_in_ru_ar_zh_and_localised_in_fr_es() {
    let expect = [
        (
            "ru",
            [
                "Distr.: General",
                "1 June 2021",
                "Russian",
                "Original: Russian",
            ],
        ),
        (
            "ar",
            [
                "Distr.: General",
                "1 June 2021",
                "Arabic",
                "Original: Russian",
            ],
        ),
        (
            "zh",
            [
                "Distr.: General",
                "1 June 2021",
                "Chinese",
                "Original: Russian",
            ],
        ),
        (
            "en",
            [
                "Distr.: General",
                "1 June 2021",
                "English",
                "Original: Russian",
            ],
        ),
        (
            "fr",
            [
                "Distr. générale",
                "1er juin 2021",
                "Français",
                "Original\u{a0}: russe",
            ],
        ),
        (
            "es",
            [
                "Distr. general",
                "1 de junio de 2021",
                "Español",
                "Original: ruso",
            ],
        ),
    ];
    for (lang, lines) in expect {
        let (_, layout) = paged(lang);
        let column: Vec<String> = layout
            .masthead
            .expect("a masthead")
            .right_column
            .iter()
            .map(|l| l.replace(['\u{2068}', '\u{2069}'], ""))
            .collect();
        // The version line is blank in the original language (Russian).
        let expected: Vec<&str> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 2 && lang == "ru" { "" } else { *l })
            .collect();
        assert_eq!(column, expected, "{lang}");
    }
}

#[test]
fn a_footnote_is_set_on_the_page_that_calls_it() {
    for lang in ["en", "fr", "ar", "zh"] {
        let (document, _) = paged(lang);
        for id in ["footnote-agenda", "footnote-regulations"] {
            let call = document
                .pages
                .iter()
                .position(|p| p.marks.iter().any(|m| matches!(m, Mark::Text { run, .. } if run.footnote.as_deref() == Some(id))))
                .unwrap_or_else(|| panic!("{lang}: {id} is called"));
            let anchor = document
                .anchors
                .iter()
                .find(|a| a.id == id)
                .expect("the footnote is placed");
            assert_eq!(anchor.page, call, "{lang}: {id} on the page of its call");
            // Below the body: under the last body line of that page.
            assert!(
                anchor.top > 500.0,
                "{lang}: {id} at the foot of the page ({})",
                anchor.top
            );
        }
    }
}

#[test]
fn an_odd_page_reads_like_the_seed() {
    let out = crate::common::scratch("layout");
    let status = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .args(["render", "a-75-906-s-2021-534", "--lang", "en", "-q", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = out.join("a-75-906-s-2021-534.en.pdf");
    // The letter now fits two pages (signatures two to a row, paragraphs
    // 6 pt apart): its last page, even, and an odd page of the report.
    let page_text = |pdf: &std::path::Path, page: usize| {
        let text = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = page_text(&pdf, 2);
    // Header first; the footer (page n/N, job number) last, after the body.
    assert!(text.starts_with("A/75/906 S/2021/534"), "{text}");
    let job = text.rfind("21-07422").expect("the job number");
    assert!(
        job > text.find("mutual interest").expect("the last paragraph"),
        "{text}"
    );
    assert!(text.contains("2/2"), "{text}");
    let status = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .args(["render", "a-hrc-wg6-7-ita-1", "--lang", "en", "-q", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let report = out.join("a-hrc-wg6-7-ita-1.en.pdf");
    let text = page_text(&report, 3);
    // An odd page: header first, the page number last, on the outer side
    // (a Geneva page prints it alone).
    assert!(text.starts_with("A/HRC/WG.6/7/ITA/1"), "{text}");
    assert!(text.ends_with(" 3"), "{text}");

    // The outline lists the letter and its annex; the annex reference links to it.
    let document = lopdf::Document::load(&pdf).unwrap();
    let toc = document.get_toc().unwrap();
    let titles: Vec<&str> = toc.toc.iter().map(|t| t.title.as_str()).collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Letter dated 21 May 2021")),
        "{titles:?}"
    );
    assert!(titles.contains(&"Annex II"), "{titles:?}");
    let mut links = 0;
    for page in document.get_pages().values() {
        let dictionary = document.get_dictionary(*page).unwrap();
        if let Ok(annotations) = dictionary.get(b"Annots").and_then(|a| a.as_array()) {
            for annotation in annotations {
                let annotation = match annotation {
                    lopdf::Object::Reference(id) => document.get_dictionary(*id).unwrap(),
                    other => other.as_dict().unwrap(),
                };
                let is_link = annotation.get(b"Subtype").and_then(|s| s.as_name()).ok()
                    == Some(b"Link".as_slice());
                let goto = annotation
                    .get(b"A")
                    .and_then(|a| a.as_dict())
                    .and_then(|a| a.get(b"S"))
                    .and_then(|s| s.as_name())
                    .ok()
                    == Some(b"GoTo".as_slice());
                if is_link && goto {
                    links += 1;
                }
            }
        }
    }
    assert!(links >= 1, "the reference to annex II is a link");
}

#[test]
fn a_long_body_sets_the_same_on_one_thread_or_several() {
    let resources = Resources::load(&root()).unwrap();
    for lang in ["en", "ar", "zh"] {
        let document = load_document(
            &root().join("documents/a-75-906-s-2021-534"),
            &resources.localizer.languages(),
        )
        .unwrap();
        let markup = pipeline::render_markup(&document, lang, &resources).unwrap();
        let layout = pipeline::layout(&document, &markup).unwrap();
        // Long enough to be cut into stretches set in parallel.
        let blocks: Vec<_> = (0..8).flat_map(|_| layout.body.clone()).collect();
        assert!(blocks.len() >= 48, "{}", blocks.len());
        let set = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let mut shaper = polypress::typeset::Shaper::new(&resources.fonts);
                shaper.hyphenation = resources.hyphenation.get(lang).cloned();
                polypress::typeset::typeset_body(
                    &blocks,
                    400.0,
                    polypress::language::Language::of(lang),
                    &mut shaper,
                )
                .unwrap()
            })
        };
        assert!(set(1) == set(3), "{lang}: the same lines");
    }
}
