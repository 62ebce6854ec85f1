//! End to end: `polypress build` renders every seed document in every
//! language; the PDFs are read back with lopdf, and their text with
//! mupdf.

use crate::common;

use common::repo as root;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn build(out: &Path, extra: &[&str]) {
    let _ = std::fs::remove_dir_all(out);
    let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .arg("build")
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .expect("the binary runs");
    common::assert_succeeded(&output);
}

fn pdfs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// The text of each page of a seed PDF as mupdf gives it, whitespace
/// collapsed.
fn page_texts(name: &str) -> Vec<String> {
    common::mutool_pages(&common::seed_pdfs().join(name))
        .iter()
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn build_writes_every_document_in_every_language() {
    let names: Vec<String> = pdfs(common::seed_pdfs()).into_keys().collect();
    // One PDF per document and language it declares (`languages: [en, fr]`).
    let jobs: usize = std::fs::read_dir(root().join("documents"))
        .unwrap()
        .map(|d| {
            let facts = std::fs::read_to_string(d.unwrap().path().join("document.yaml")).unwrap();
            let line = facts
                .lines()
                .find(|l| l.starts_with("languages:"))
                .expect("every document declares its languages");
            line.matches(',').count() + 1
        })
        .sum();
    assert_eq!(names.len(), jobs, "{names:?}");
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        assert!(names.contains(&format!("a-75-906-s-2021-534.{lang}.pdf")));
        assert!(names.contains(&format!(
            "csto-2024-12-23-crisis-response-training.{lang}.pdf"
        )));
    }
}

#[test]
fn the_letter_has_un_page_furniture() {
    for (lang, letter) in [
        ("ar", "A"),
        ("zh", "C"),
        ("en", "E"),
        ("fr", "F"),
        ("ru", "R"),
        ("es", "S"),
    ] {
        let pages = page_texts(&format!("a-75-906-s-2021-534.{lang}.pdf"));
        let total = pages.len();
        assert!(
            total > 1,
            "{lang}: the letter and its annex take more than one page"
        );
        // The symbol mixes 20 pt and 10 pt runs: spaces may come between.
        assert!(
            pages[0].replace(' ', "").contains("A/75/906–S/2021/534"),
            "{lang}: masthead symbol: {}",
            pages[0]
        );
        assert!(
            pages[0].contains(&format!("21-07422 ({letter})")),
            "{lang}: first-page footer: {}",
            pages[0]
        );
        assert!(
            !pages[0].contains(&format!("1/{total}")),
            "{lang}: no page number on page 1"
        );
        for (index, text) in pages.iter().enumerate().skip(1) {
            let n = index + 1;
            assert!(
                text.contains("A/75/906") && text.contains("S/2021/534"),
                "{lang} p{n}: header: {text}"
            );
            assert!(text.contains("21-07422"), "{lang} p{n}: job number: {text}");
            assert!(
                text.contains(&format!("{n}/{total}")),
                "{lang} p{n}: page number: {text}"
            );
        }
    }
}

#[test]
fn text_copies_out_in_each_language() {
    let en = page_texts("a-75-906-s-2021-534.en.pdf").join(" ");
    assert!(
        en.contains("Letter dated 21 May 2021 from the Permanent"),
        "{en}"
    );
    assert!(
        en.contains("Annex II to the letter dated 21 May 2021"),
        "{en}"
    );
    assert!(en.contains("Dushanbe, 19 May 2021"), "{en}");
    let ru = page_texts("a-75-906-s-2021-534.ru.pdf").join(" ");
    assert!(ru.contains("Организация Объединенных Наций"), "{ru}");
    assert!(ru.contains("Семьдесят пятая сессия"), "{ru}");
    assert!(ru.contains("Приложение II к письму"), "{ru}");
    assert!(ru.contains("Душанбе, 19 мая 2021 года"), "{ru}");
    assert!(
        !ru.contains('\u{FFFD}') && !en.contains('\u{FFFD}'),
        "every glyph maps to text"
    );
}

#[test]
fn fonts_are_embedded_subsets() {
    let bytes = std::fs::read(common::seed_pdfs().join("a-75-906-s-2021-534.ru.pdf")).unwrap();
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let mut descriptors = 0;
    for object in document.objects.values() {
        if let Ok(dictionary) = object.as_dict() {
            if dictionary.get(b"Type").and_then(|t| t.as_name()).ok()
                == Some(b"FontDescriptor".as_slice())
            {
                descriptors += 1;
                assert!(
                    dictionary.has(b"FontFile2"),
                    "font program embedded: {dictionary:?}"
                );
                let name = dictionary.get(b"FontName").unwrap().as_name().unwrap();
                assert_eq!(
                    name[6],
                    b'+',
                    "subset tag: {}",
                    String::from_utf8_lossy(name)
                );
            }
        }
    }
    assert!(descriptors >= 2, "regular and bold at least");
    let catalog = document.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ru");
}

/// The seed letter in `lang`, parsed.
fn letter(lang: &str) -> lopdf::Document {
    let bytes =
        std::fs::read(common::seed_pdfs().join(format!("a-75-906-s-2021-534.{lang}.pdf"))).unwrap();
    lopdf::Document::load_mem(&bytes).unwrap()
}

/// Each Type0 font of a document, with its CIDFont.
fn type0_fonts(
    document: &lopdf::Document,
) -> impl Iterator<Item = (&lopdf::Dictionary, &lopdf::Dictionary)> {
    document.objects.values().filter_map(|object| {
        let font = object.as_dict().ok()?;
        if font.get(b"Subtype").and_then(|t| t.as_name()).ok() != Some(b"Type0".as_slice()) {
            return None;
        }
        let descendant = font.get(b"DescendantFonts").ok()?.as_array().ok()?[0]
            .as_dict()
            .ok()?;
        Some((font, descendant))
    })
}

/// A font of at most 256 glyphs draws with one-byte codes through the
/// embedded CMap, whose name, collection and codes are as PDF/A wants; a
/// larger one (the Chinese face of a whole letter) with Identity-H.
#[test]
fn small_subsets_have_one_byte_codes_and_large_ones_two() {
    for (lang, one_byte, two_byte) in [("en", true, false), ("zh", true, true)] {
        let document = letter(lang);
        let (mut ones, mut twos) = (0, 0);
        for (font, descendant) in type0_fonts(&document) {
            let widths = descendant.get(b"W").unwrap().as_array().unwrap()[1]
                .as_array()
                .unwrap()
                .len();
            match font.get(b"Encoding").unwrap() {
                lopdf::Object::Name(name) => {
                    assert_eq!(name, b"Identity-H");
                    assert!(widths > 256, "{lang}: {widths} codes in two bytes");
                    twos += 1;
                }
                lopdf::Object::Reference(id) => {
                    let cmap = document.get_object(*id).unwrap().as_stream().unwrap();
                    let name = cmap.dict.get(b"CMapName").unwrap().as_name().unwrap();
                    let program = cmap.decompressed_content().unwrap();
                    let program = String::from_utf8(program).unwrap();
                    let declared = format!("/CMapName /{} def", String::from_utf8_lossy(name));
                    assert!(program.contains(&declared), "{program}");
                    assert!(program.contains("<00> <FF>\nendcodespacerange"));
                    let info = cmap.dict.get(b"CIDSystemInfo").unwrap().as_dict().unwrap();
                    let ordering = info.get(b"Ordering").unwrap().as_str().unwrap();
                    assert_eq!(ordering, b"Identity");
                    assert!(widths <= 256, "{lang}: {widths} codes in one byte");
                    ones += 1;
                }
                other => panic!("{lang}: encoding {other:?}"),
            }
        }
        assert_eq!((ones > 0, twos > 0), (one_byte, two_byte), "{lang}");
    }
    // In one byte, the space is code 32, which the word spacing (`Tw`)
    // widens: a justified English page (page 5: body text) sets it, and
    // its lines have almost no adjustment left between glyphs.
    let bytes = std::fs::read(common::seed_pdfs().join("a-hrc-wg6-7-ita-1.en.pdf")).unwrap();
    let page = PageText::of(&lopdf::Document::load_mem(&bytes).unwrap(), 5);
    assert!(
        page.count("Tw") >= 10,
        "{} Tw on a page of justified lines",
        page.count("Tw")
    );
    assert!(
        page.adjustments * 5 < page.spaces,
        "{} adjustments for {} spaces",
        page.adjustments,
        page.spaces
    );
}

/// What the text operators of a page do: its operators, the bytes of its
/// glyph strings, the spaces (byte 32) among them, and the adjustments
/// between strings in `TJ` arrays.
struct PageText {
    operators: Vec<String>,
    bytes: usize,
    spaces: usize,
    adjustments: usize,
}

impl PageText {
    fn of(document: &lopdf::Document, page: u32) -> PageText {
        let id = *document.get_pages().get(&page).unwrap();
        let content = lopdf::content::Content::decode(&document.get_page_content(id)).unwrap();
        let mut text = PageText {
            operators: Vec::new(),
            bytes: 0,
            spaces: 0,
            adjustments: 0,
        };
        for operation in &content.operations {
            text.operators.push(operation.operator.clone());
            if operation.operator != "TJ" {
                continue;
            }
            for item in operation.operands[0].as_array().unwrap() {
                match item {
                    lopdf::Object::String(string, _) => {
                        text.bytes += string.len();
                        text.spaces += string.iter().filter(|&&b| b == 32).count();
                    }
                    _ => text.adjustments += 1,
                }
            }
        }
        text
    }

    fn count(&self, operator: &str) -> usize {
        self.operators.iter().filter(|o| *o == operator).count()
    }
}

/// A Chinese line, set glyph by glyph, carries its justification in the
/// character spacing (`Tc`), not in an adjustment after every glyph.
#[test]
fn chinese_lines_are_spread_by_character_spacing() {
    let page = PageText::of(&letter("zh"), 2);
    assert!(
        page.count("Tc") >= 5,
        "{} Tc on a page of Chinese",
        page.count("Tc")
    );
    // Two bytes a Chinese glyph.
    assert!(
        page.adjustments * 5 < page.bytes / 2,
        "{} adjustments for {} bytes of glyphs",
        page.adjustments,
        page.bytes
    );
}

/// An Arabic line's spaces are drawn in the Arabic font in force, widened
/// by the word spacing: no change of font between words.
#[test]
fn arabic_words_are_not_separated_by_changes_of_font() {
    let page = PageText::of(&letter("ar"), 2);
    assert!(page.count("Tw") >= 5, "{} Tw", page.count("Tw"));
    assert!(
        page.count("Tf") * 2 < page.spaces,
        "{} changes of font for {} spaces",
        page.count("Tf"),
        page.spaces
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let first = pdfs(common::seed_pdfs());
    let again = crate::common::scratch("e2e-again");
    build(&again, &["--jobs", "1"]);
    let second = pdfs(&again);
    assert_eq!(first.len(), second.len());
    for (name, bytes) in &first {
        assert!(
            bytes == &second[name],
            "{name} differs between --jobs N and --jobs 1"
        );
    }
}

/// The widths in each font's `/W` are the embedded font program's own
/// advances (to 1/1000 of a text-space unit), code by code: the viewer's
/// pen then follows the shaped positions, and PDF/A's width check holds.
#[test]
fn font_widths_match_the_embedded_programs() {
    for lang in ["en", "ar", "zh"] {
        let document = letter(lang);
        let mut checked = 0;
        for (_, descendant) in type0_fonts(&document) {
            let w = descendant.get(b"W").unwrap().as_array().unwrap();
            assert_eq!(w[0].as_i64().unwrap(), 0, "{lang}: widths from code 0");
            let widths = w[1].as_array().unwrap();
            let descriptor = document
                .get_dictionary(
                    descendant
                        .get(b"FontDescriptor")
                        .unwrap()
                        .as_reference()
                        .unwrap(),
                )
                .unwrap();
            let program = document
                .get_object(
                    descriptor
                        .get(b"FontFile2")
                        .unwrap()
                        .as_reference()
                        .unwrap(),
                )
                .unwrap()
                .as_stream()
                .unwrap()
                .decompressed_content()
                .unwrap();
            let parsed = harfrust::Font::new(program, 0).unwrap();
            let scale = 1000.0 / f32::from(parsed.units_per_em());
            for (code, width) in widths.iter().enumerate() {
                let width = width.as_float().unwrap();
                let advance = parsed
                    .glyph_metrics()
                    .h_advance(harfrust::GlyphId::new(code as u32))
                    * scale;
                assert!(
                    (width - advance).abs() <= 0.001,
                    "{lang}: code {code} has /W {width}, the font {advance}"
                );
                checked += 1;
            }
        }
        assert!(checked > 50, "{lang}: {checked} widths");
    }
}

/// The messages a job used are fingerprinted for the manifest beside the
/// typesetting, from those recorded once the layout is made, and that
/// fingerprint is the one taken: in every language of a report and of a
/// letter with an annex (a message formatted after the layout would send
/// the job back to fingerprinting at its end, which the phase report
/// tells). What the fingerprint is, and that a changed message renders its
/// PDFs again, `batch::a_second_build_renders_nothing_and_a_locale_change_rebuilds_its_language`
/// and `repository::a_message_and_a_partial_overridden_change_exactly_their_pdfs` check.
#[test]
fn messages_are_fingerprinted_beside_the_typesetting() {
    let out = crate::common::scratch("e2e-early-fingerprint");
    for document in ["a-75-906-s-2021-534", "a-hrc-wg6-7-ita-1"] {
        let output = Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("--root")
            .arg(root())
            .args(["render", document, "-q", "-o"])
            .arg(&out)
            .env("POLYPRESS_PHASES", "1")
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let writes: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("phases write."))
            .collect();
        assert!(!writes.is_empty(), "no write report in:\n{stderr}");
        for line in writes {
            assert!(
                line.contains("messages fingerprinted beside the typesetting"),
                "{document}: {line}"
            );
        }
    }
}

/// `POLYPRESS_PHASES` prints the time of each stage, and nothing without it.
#[test]
fn phases_are_timed_when_asked() {
    let out = crate::common::scratch("e2e-phases");
    let run = |phases: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_polypress"));
        command
            .arg("--root")
            .arg(root())
            .args(["render", "a-75-906-s-2021-534", "--lang", "en", "-q", "-o"])
            .arg(&out)
            .env_remove("POLYPRESS_PHASES");
        if phases {
            command.env("POLYPRESS_PHASES", "1");
        }
        let output = command.output().expect("the binary runs");
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let timed = run(true);
    for stage in [
        "resources",
        "typeset+paginate",
        "subset",
        "content",
        "compress",
        "jobs",
    ] {
        assert!(timed.contains(stage), "no `{stage}` in:\n{timed}");
    }
    // Each report tells when its work began, on one clock for the
    // process: the document's stages begin after the process's.
    let began = |group: &str| -> f64 {
        let line = timed
            .lines()
            .find(|l| l.starts_with(&format!("phases {group}")))
            .unwrap_or_else(|| panic!("no `{group}` report in:\n{timed}"));
        let from = line.split("from ").nth(1).expect("a start");
        from.split(" ms").next().unwrap().parse().expect("a number")
    };
    let process = began("process.*");
    let document = began("a-75-906-s-2021-534.en:");
    assert!(
        process >= 0.0 && document > process,
        "{process} {document}\n{timed}"
    );
    assert!(!run(false).contains("phases"));
}
