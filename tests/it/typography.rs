//! Typography a reviser checks, read back from the PDFs with poppler's
//! `pdftotext` (skipped, with a message, where it is absent; `.ci/run`
//! installs it).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::repo;

fn pdftotext(pdf: &Path) -> Option<String> {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Renders `document` (under documents/) in `langs` into a scratch folder.
fn render(test: &str, document: &str, langs: &str) -> PathBuf {
    let out = common::scratch(test);
    let output = common::polypress(
        &repo(),
        &[
            "render",
            document,
            "--lang",
            langs,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let (code, stderr) = common::code_and_stderr(&output);
    assert_eq!(code, 0, "{stderr}");
    out
}

#[test]
fn straight_quotation_marks_print_as_each_languages_own() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: no pdftotext (poppler-utils); .ci/run installs it");
        return;
    }
    // A/RES/48/161 types its eight quotation marks straight in English
    // and in French.
    let source = std::fs::read_to_string(repo().join("documents/a-res-48-161/en.yaml")).unwrap();
    assert_eq!(
        source.matches('"').count(),
        8,
        "the source's straight marks"
    );
    let out = render("quotes", "a-res-48-161", "en,fr");
    let en = pdftotext(&out.join("a-res-48-161.en.pdf")).unwrap();
    let fr = pdftotext(&out.join("a-res-48-161.fr.pdf")).unwrap();
    for (lang, text) in [("en", &en), ("fr", &fr)] {
        assert!(
            !text.contains('"'),
            "{lang}: a straight mark printed:\n{text}"
        );
    }
    assert_eq!(en.matches('“').count(), 4, "{en}");
    assert_eq!(en.matches('”').count(), 4, "{en}");
    assert!(en.contains("known as the “Group of Three”, is"), "{en}");
    // French: « and », spaced inside (a no-break space, which the text
    // layer gives as a space).
    assert_eq!(fr.matches('«').count(), 4, "{fr}");
    assert_eq!(fr.matches('»').count(), 4, "{fr}");
    let spaced = fr.replace('\u{a0}', " ");
    assert!(spaced.contains("dénommé « Groupe des Trois », se"), "{fr}");
}

#[test]
fn kashida_is_drawn_and_never_extracted_as_tatweel() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: no pdftotext (poppler-utils); .ci/run installs it");
        return;
    }
    let letter = "a-75-906-s-2021-534";
    let source =
        std::fs::read_to_string(repo().join("documents").join(letter).join("ar.yaml")).unwrap();
    assert!(!source.contains('\u{0640}'), "the source has no tatweel");
    let out = render("kashida", letter, "ar");
    let pdf = out.join(format!("{letter}.ar.pdf"));
    // The letter's justified lines are lengthened: the same word is
    // drawn wider where kashida lengthens it (poppler's word boxes; the
    // text the same).
    let (_, boxes) = common::words(&pdf);
    let widths: Vec<f32> = boxes
        .iter()
        .filter(|w| w.text == "نأشب") // "بشأن" as -bbox gives it, visually
        .map(|w| w.x_max - w.x_min)
        .collect();
    let spread = widths.iter().fold(0.0f32, |a, &b| a.max(b))
        - widths.iter().fold(f32::MAX, |a, &b| a.min(b));
    assert!(
        widths.len() >= 2 && spread > 2.0,
        "a word lengthened by kashida: {widths:?}"
    );
    let poppler = pdftotext(&pdf).unwrap();
    // mupdf gives the glyphs in drawing order, which for right-to-left
    // text is the visual order: each phrase is then read reversed.
    let mupdf = common::mutool_pages(&pdf).concat();
    let visual: String = mupdf.split_whitespace().collect::<Vec<_>>().join(" ");
    for (reader, text, reversed) in [("pdftotext", &poppler, false), ("mutool", &visual, true)] {
        // Nothing but the letters: no tatweel, no joiner standing for one.
        for mark in ['\u{0640}', '\u{200D}'] {
            assert_eq!(
                text.matches(mark).count(),
                0,
                "{reader}: U+{:04X} extracted",
                u32::from(mark)
            );
        }
        for phrase in ["الأمين العام", "بشأن", "منظمة معاهدة الأمن الجماعي"]
        {
            let phrase: String = if reversed {
                phrase.chars().rev().collect()
            } else {
                phrase.to_owned()
            };
            assert!(
                text.contains(&phrase),
                "{reader}: {phrase} not found in {text}"
            );
        }
    }
}

/// French ordinals set their letters superior, as the real French pages
/// do ("1er février" in A/RES/48/161): smaller and raised, and the text
/// still reads "1er".
#[test]
fn french_ordinals_set_their_letters_superior() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: no pdftotext (poppler-utils); .ci/run installs it");
        return;
    }
    let out = render("ordinals", "a-res-48-161", "fr");
    let pdf = out.join("a-res-48-161.fr.pdf");
    assert!(pdftotext(&pdf).unwrap().contains("du 1er février 1993"));
    let output = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&output.stdout);
    let words: Vec<(f32, f32, f32, f32, String)> = html
        .lines()
        .filter_map(|l| {
            let number = |key: &str| -> Option<f32> {
                let at = l.find(key)? + key.len();
                l[at..].split('"').next()?.parse().ok()
            };
            let text = l.split('>').nth(1)?.split('<').next()?.to_owned();
            Some((
                number("xMin=\"")?,
                number("yMin=\"")?,
                number("xMax=\"")?,
                number("yMax=\"")?,
                text,
            ))
        })
        .collect();
    let at = words
        .windows(3)
        .position(|w| w[0].4 == "1" && w[1].4 == "er" && w[2].4 == "février")
        .expect("1 er février");
    let (one, er) = (&words[at], &words[at + 1]);
    let height = |w: &(f32, f32, f32, f32, String)| w.3 - w.1;
    assert!(
        height(er) < 0.7 * height(one),
        "smaller: {er:?} beside {one:?}"
    );
    assert!(er.3 < one.3 - 2.0, "raised: {er:?} beside {one:?}");
    assert!((er.0 - one.2).abs() < 0.5, "touching the number");
}

/// A press release's title stands on the text's left edge, under the
/// organization's name and the dateline, in every language (it hung
/// 12 pt out to the left, as a UN report's does, under a masthead that
/// has none of the report's furniture).
#[test]
fn press_release_titles_align_with_their_text() {
    if !common::have_pdftotext() {
        return;
    }
    let document = "csto-2024-12-23-crisis-response-training";
    let out = render("press-title", document, "en,ru,ar");
    for lang in ["en", "ru", "ar"] {
        let (_, words) = common::words(&out.join(format!("{document}.{lang}.pdf")));
        // Lines by the middle of their words' boxes (Arabic letters and
        // digits have boxes of different heights), each with its ends.
        let mut lines: Vec<(f32, f32, f32)> = Vec::new();
        for w in words.iter().filter(|w| w.page == 0) {
            let middle = (w.y_min + w.y_max) / 2.0;
            match lines.iter_mut().find(|l| (l.0 - middle).abs() < 3.0) {
                Some(l) => {
                    l.1 = l.1.min(w.x_min);
                    l.2 = l.2.max(w.x_max);
                }
                None => lines.push((middle, w.x_min, w.x_max)),
            }
        }
        // Every line starts (ends, right to left) on one edge.
        let edges: Vec<f32> = lines
            .iter()
            .map(|l| if lang == "ar" { l.2 } else { l.1 })
            .collect();
        let first = edges[0];
        for (line, edge) in lines.iter().zip(&edges) {
            assert!(
                (edge - first).abs() < 1.0,
                "{lang}: the line at y {} starts at {edge}, the organization's at {first}",
                line.0
            );
        }
    }
}

/// Titles and session blocks never end on a line of one word or one
/// ideograph: the cases a reviser sent back, read from the PDFs.
#[test]
fn no_title_or_session_block_ends_on_a_lone_word() {
    if !common::have_pdftotext() {
        return;
    }
    let report = render("lone-report", "a-hrc-wg6-7-ita-1", "fr");
    let letter = render("lone-letter", "a-75-906-s-2021-534", "zh,ru");
    for (pdf, lone) in [
        (report.join("a-hrc-wg6-7-ita-1.fr.pdf"), "l’homme*"),
        (letter.join("a-75-906-s-2021-534.zh.pdf"), "信"),
        (letter.join("a-75-906-s-2021-534.ru.pdf"), "Наций"),
    ] {
        let text = pdftotext(&pdf).unwrap();
        let page_one = text.split('\u{c}').next().unwrap();
        assert!(
            !page_one.lines().any(|line| line.trim() == lone),
            "{}: «{lone}» alone on a line:\n{page_one}",
            pdf.display()
        );
    }
}

/// Arabic agenda items take one form, the locale's own «32 و 38» (و apart
/// from a figure), in the session block as in the text; «و» still joins
/// the next word in a list of States (لأرمينيا وبيلاروس).
#[test]
fn arabic_agenda_items_are_joined_as_the_text_writes_them() {
    if !common::have_pdftotext() {
        return;
    }
    let out = render("ar-agenda", "a-75-906-s-2021-534", "ar");
    let pdf = out.join("a-75-906-s-2021-534.ar.pdf");
    // The session block's line: the first "32" of page 1. On it «و» is a
    // word of its own, apart from both figures (poppler's word boxes: it
    // read «و38» as one word before).
    let (_, words) = common::words(&pdf);
    let middle = |w: &common::Word| (w.y_min + w.y_max) / 2.0;
    let first = words
        .iter()
        .find(|w| w.page == 0 && w.text == "32")
        .expect("the agenda items on page 1");
    let line: Vec<&str> = words
        .iter()
        .filter(|w| w.page == 0 && (middle(w) - middle(first)).abs() < 3.0)
        .map(|w| w.text.as_str())
        .collect();
    assert!(
        line.contains(&"و") && line.contains(&"38"),
        "the session block's agenda items: {line:?}"
    );
    let text = pdftotext(&pdf).unwrap();
    let page_one = text.split('\u{c}').next().unwrap();
    assert!(page_one.contains(" وبيلاروس"), "{page_one}");
}

/// An Arabic comma between a number and its note call ("79/1،" with the
/// call after the punctuation, as Arabic places it) stays outside the
/// number: the call at the comma's left, never the comma inside the figure
/// run ("79/1،¹" drawn left to right).
#[test]
fn an_arabic_comma_before_a_note_call_stays_outside_the_number() {
    if !common::have_pdftotext() {
        return;
    }
    let root = common::scratch("ar-comma");
    let document = "a-75-906-s-2021-534";
    let folder = root.join("documents").join(document);
    common::copy_dir(&repo().join("documents").join(document), &folder);
    let arabic = std::fs::read_to_string(folder.join("ar.yaml")).unwrap();
    let edited = arabic.replace(
        "32 و 38{footnote:agenda} من جدول الأعمال،",
        "32 و 79/1{footnote:agenda}، من جدول الأعمال،",
    );
    assert_ne!(arabic, edited, "the sentence to edit is in ar.yaml");
    std::fs::write(folder.join("ar.yaml"), edited).unwrap();
    let out = root.join("out");
    let output = common::polypress(
        &root,
        &[
            "render",
            document,
            "--lang",
            "ar",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let (_, words) = common::words(&out.join(format!("{document}.ar.pdf")));
    let number = words
        .iter()
        .find(|w| w.text.contains("79/1"))
        .expect("the number");
    assert!(
        !number.text.ends_with('،') && number.text.starts_with('،'),
        "the comma at the number's left, where the reading goes on: {number:?}"
    );
    // The call: the small figure on the number's line.
    let call = words
        .iter()
        .find(|w| {
            w.page == number.page
                && w.text == "1"
                && (w.y_max - w.y_min) < 0.8 * (number.y_max - number.y_min)
                && (w.y_min - number.y_min).abs() < 6.0
        })
        .expect("the note call");
    assert!(
        call.x_max <= number.x_min + 0.5,
        "the call left of the comma and the number: {call:?} {number:?}"
    );
}

/// Under a Geneva title, which stands on the text's edge, the subtitle
/// does too ("Italie" under the title of A/HRC/WG.6/7/ITA/1, as the real
/// page sets it); it hung 12 pt out to the left.
#[test]
fn a_geneva_subtitle_stands_under_its_title() {
    if !common::have_pdftotext() {
        return;
    }
    let out = render("geneva-subtitle", "a-hrc-wg6-7-ita-1", "fr");
    let (_, words) = common::words(&out.join("a-hrc-wg6-7-ita-1.fr.pdf"));
    let x = |text: &str| {
        words
            .iter()
            .find(|w| w.page == 0 && w.text == text)
            .map(|w| w.x_min)
            .unwrap_or_else(|| panic!("{text} on page 1"))
    };
    assert!(
        (x("Italie") - x("Rapport")).abs() < 0.5,
        "Italie at {}, the title at {}",
        x("Italie"),
        x("Rapport")
    );
}
