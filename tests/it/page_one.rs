//! Page 1 of UN documents: the emblem beside the organ names, the recycle
//! mark and the QR code at the foot, all vector graphics; the barcode at its
//! real width; a document set's own emblem in place of the UN's.

use crate::common;

use common::repo as root;

use std::path::Path;
use std::process::Command;

use polypress::paginate::graphic::PathOp;
use polypress::paginate::{Mark, PagedDocument};
use polypress::pipeline::{self, Resources};
use polypress::source::load_document;

const LETTER: &str = "documents/a-75-906-s-2021-534";

/// The letter in `lang`, laid out with the resources under `root`.
fn paged(resources: &Resources, lang: &str) -> PagedDocument {
    let document = load_document(&root().join(LETTER), &resources.localizer.languages())
        .expect("the letter loads");
    let markup = pipeline::render_markup(&document, lang, resources).expect("markup");
    let layout = pipeline::layout(&document, &markup).expect("layout");
    pipeline::typeset(&document, &layout, resources).expect("pages")
}

/// The box (left, top, right, bottom) of the marks `pick` selects on page 1.
fn extent(
    page: &PagedDocument,
    pick: impl Fn(&Mark) -> Option<(f32, f32, f32, f32)>,
) -> Option<(f32, f32, f32, f32)> {
    page.pages[0]
        .marks
        .iter()
        .filter_map(pick)
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
}

#[test]
fn page_one_has_emblem_recycle_mark_qr_code_and_a_barcode_of_real_width() {
    let resources = Resources::load(&root()).expect("resources");
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        let paged = paged(&resources, lang);
        let shapes: Vec<(f32, f32, f32)> = paged.pages[0]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Shape { x, top, scale, .. } => Some((*x, *top, *scale)),
                _ => None,
            })
            .collect();
        assert_eq!(shapes.len(), 2, "{lang}: emblem and recycle mark");
        // The emblem: 54 pt wide under the thin rule, left of the organ
        // names (right of them in Arabic).
        let (x, top, scale) = shapes[0];
        assert!((scale * 24.0 - 54.0).abs() < 0.01, "{lang}: {scale}");
        assert!((60.0..80.0).contains(&top), "{lang}: emblem top {top}");
        if lang == "ar" {
            assert!(x > 480.0, "ar: the emblem is on the right ({x})");
        } else {
            assert!((60.0..70.0).contains(&x), "{lang}: emblem x {x}");
        }
        // The organ's name clear of the emblem by the real page's 4.9 pt
        // at least (A/HRC/WG.6/34/ITA/3: 5.4 pt of white, ink to ink).
        let organ: Vec<(f32, f32)> = paged.pages[0]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    x: tx,
                    baseline,
                    run,
                    ..
                } if (80.0..95.0).contains(baseline) && run.size > 15.0 => {
                    Some((*tx, tx + run.width()))
                }
                _ => None,
            })
            .collect();
        assert!(!organ.is_empty(), "{lang}: the organ's name");
        let gap = if lang == "ar" {
            x - organ.iter().map(|o| o.1).fold(f32::MIN, f32::max)
        } else {
            organ.iter().map(|o| o.0).fold(f32::MAX, f32::min) - (x + 54.0)
        };
        assert!(gap >= 4.9, "{lang}: {gap} pt between emblem and organ");
        // "United Nations" at the organ column; the long Russian name over
        // the emblem, as the real Russian page sets it.
        let un_x = paged.pages[0]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { x, baseline, .. } if (*baseline - 57.0).abs() < 0.5 && *x < 300.0 => {
                    Some(*x)
                }
                _ => None,
            })
            .fold(f32::MAX, f32::min);
        match lang {
            "ru" => assert!(un_x < 70.0, "ru: the UN's name at {un_x}"),
            "ar" => {}
            _ => assert!(un_x > 100.0, "{lang}: the UN's name at {un_x}"),
        }
        // The recycle mark after its words (the version's own in French
        // and Russian), near the foot, clear of the QR code.
        let (x, top, scale) = shapes[1];
        assert!(
            (300.0..500.0).contains(&x) && top > 720.0,
            "{lang}: recycle at {x} {top}"
        );
        let recycle_right = paged.pages[0]
            .marks
            .iter()
            .find_map(|m| match m {
                Mark::Shape { x: sx, graphic, .. } if *sx == x => {
                    Some(sx + graphic.view_box[2] * scale)
                }
                _ => None,
            })
            .unwrap();
        let (qr_left, ..) = extent(&paged, |m| match m {
            Mark::Bar {
                x,
                top,
                width,
                height,
            } if *x > 300.0 && *top > 700.0 => Some((*x, *top, x + width, top + height)),
            _ => None,
        })
        .expect("the QR code");
        assert!(
            recycle_right < qr_left,
            "{lang}: the mark ends at {recycle_right}, the QR starts at {qr_left}"
        );
        let words: String = paged.pages[0]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    x: tx,
                    baseline,
                    run,
                    ..
                } if *tx > 250.0 && *tx < x && *baseline > 740.0 => Some(run.text()),
                _ => None,
            })
            .collect();
        let expected = match lang {
            "fr" => "Merci de recycler",
            "ru" => "Просьба отправить на вторичную переработку",
            _ => "Please recycle",
        };
        assert_eq!(
            words.split_whitespace().collect::<Vec<_>>().join(" "),
            expected,
            "{lang}"
        );
        // The mark is the outlined loop of three folded arrows the real
        // pages print (each arrow an outline: an outer contour and a hole),
        // not a solid one, 1.5 pt after its words (real: 1.8 pt of ink).
        let (graphic, words_end) =
            paged.pages[0]
                .marks
                .iter()
                .fold((None, 0.0f32), |(g, end), m| match m {
                    Mark::Shape { x: sx, graphic, .. } if *sx == x => (Some(graphic), end),
                    Mark::Text {
                        x: tx,
                        baseline,
                        run,
                        ..
                    } if *tx > 250.0 && *tx < x && *baseline > 740.0 => {
                        (g, end.max(tx + run.width()))
                    }
                    _ => (g, end),
                });
        let contours = graphic
            .unwrap()
            .ops
            .iter()
            .filter(|op| matches!(op, PathOp::Close))
            .count();
        assert!(contours >= 6, "{lang}: {contours} contours, a solid mark");
        assert!(
            (1.0..2.5).contains(&(x - words_end)),
            "{lang}: the mark {} pt after its words",
            x - words_end
        );
        // The barcode: bars at the left, 113 pt wide as a 12 pt Code 39
        // font sets `*2107422*` (A/INF/76/1).
        let (left, _, right, _) = extent(&paged, |m| match m {
            Mark::Bar {
                x,
                top,
                width,
                height,
            } if *x < 300.0 && *top > 700.0 => Some((*x, *top, x + width, top + height)),
            _ => None,
        })
        .expect("a barcode");
        assert!(
            (right - left - 113.0).abs() < 1.0,
            "{lang}: barcode {}",
            right - left
        );
        // The QR code: 44.25 pt square at the bottom right.
        let (left, top, right, bottom) = extent(&paged, |m| match m {
            Mark::Bar {
                x,
                top,
                width,
                height,
            } if *x > 450.0 && *top > 700.0 => Some((*x, *top, x + width, top + height)),
            _ => None,
        })
        .expect("a QR code");
        assert!(
            (right - left - 44.25).abs() < 0.5 && (bottom - top - 44.25).abs() < 0.5,
            "{lang}"
        );
        assert!(
            (paged.height - bottom - 34.4).abs() < 1.0,
            "{lang}: {bottom}"
        );
    }
}

#[test]
fn a_document_set_can_name_its_own_emblem() {
    let work = crate::common::scratch("emblem");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("assets")).unwrap();
    for dir in ["locales", "templates", "fonts", "documents"] {
        std::os::unix::fs::symlink(root().join(dir), work.join(dir)).unwrap();
    }
    std::fs::write(
        work.join("assets/emblem.svg"),
        r#"<svg viewBox="0 0 10 5" xmlns="http://www.w3.org/2000/svg"><path d="M0 0H10V5H0Z"/></svg>"#,
    )
    .unwrap();
    let resources = Resources::load(&work).expect("resources with the set's emblem");
    let paged = paged(&resources, "en");
    let emblem = paged.pages[0].marks.iter().find_map(|m| match m {
        Mark::Shape { graphic, scale, .. } => Some((graphic.view_box, graphic.ops.len(), *scale)),
        _ => None,
    });
    // The set's rectangle, 54 pt wide: 5.4 points a unit.
    assert_eq!(emblem, Some(([0.0, 0.0, 10.0, 5.0], 5, 5.4)));

    // A broken emblem file is refused with its path, not drawn half.
    std::fs::write(
        work.join("assets/emblem.svg"),
        "<svg><path d='M0 0'/></svg>",
    )
    .unwrap();
    let errors = Resources::load(&work)
        .err()
        .expect("a broken emblem is an error");
    assert!(
        errors[0].to_string().contains("emblem.svg"),
        "{}",
        errors[0]
    );
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok()
}

/// Renders the letter and reads the QR code of page 1 back with zbarimg
/// (zbar-tools, which .ci/run installs): the address of the document on
/// ODS in that language, as the QR codes of real UN documents give it.
#[test]
fn the_qr_code_decodes_to_the_documents_address_in_each_language() {
    if !tool("zbarimg") || !tool("pdftoppm") {
        eprintln!("skipped: zbarimg (zbar-tools) or pdftoppm (poppler-utils) is not installed");
        return;
    }
    let out = crate::common::scratch("qr");
    let status = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("--root")
        .arg(root())
        .args(["render", LETTER, "-o"])
        .arg(&out)
        .output()
        .expect("the binary runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        let pdf = out.join(format!("a-75-906-s-2021-534.{lang}.pdf"));
        let png = out.join(format!("page-{lang}"));
        let rendered = Command::new("pdftoppm")
            .args(["-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&pdf)
            .arg(&png)
            .status()
            .unwrap();
        assert!(rendered.success());
        let decoded = Command::new("zbarimg")
            .args(["-q", "--raw", "-Sqrcode.enable=1", "-Sean13.disable=1"])
            .arg(Path::new(&format!("{}.png", png.display())))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&decoded.stdout);
        let expected = if lang == "en" {
            "https://undocs.org/A/75/906".to_owned()
        } else {
            format!("https://undocs.org/{lang}/A/75/906")
        };
        assert!(
            text.lines().any(|l| l.trim() == expected),
            "{lang}: expected {expected}, zbarimg read {text:?}"
        );
        // Vector, not an image: page 1 holds no image.
        let images = Command::new("pdfimages")
            .args(["-list", "-f", "1", "-l", "1"])
            .arg(&pdf)
            .output();
        if let Ok(images) = images {
            let listing = String::from_utf8_lossy(&images.stdout);
            assert!(
                listing.lines().count() <= 2,
                "{lang}: images on page 1:\n{listing}"
            );
        }
    }
}

/// The Arabic formulas join the preposition لـ and the conjunction و to
/// their words: in the rendered letter (title, annex heading, signatures),
/// no لـ or و stands apart, and the States read لأرمينيا وبيلاروس …
/// وطاجيكستان with the article merged (للاتحاد الروسي).
#[test]
fn arabic_formulas_never_leave_a_preposition_or_a_conjunction_apart() {
    let resources = Resources::load(&root()).expect("resources");
    let document = load_document(&root().join(LETTER), &resources.localizer.languages())
        .expect("the letter loads");
    let markup = pipeline::render_markup(&document, "ar", &resources).expect("markup");
    // The formulas only: everything but the texts the translator typed.
    let formulas: String = markup
        .lines()
        .filter(|l| {
            l.contains("<title>")
                || l.contains("<heading")
                || l.contains("<signature>")
                || l.contains("title=\"")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let visible: String = formulas
        .chars()
        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
        .collect();
    assert!(!visible.contains("لـ "), "a bare لـ:\n{visible}");
    assert!(!visible.contains(" و "), "a bare و:\n{visible}");
    for joined in [
        "لأرمينيا",
        "وبيلاروس",
        "والاتحاد الروسي",
        "وطاجيكستان",
        "للاتحاد الروسي",
    ] {
        assert!(visible.contains(joined), "`{joined}` in\n{visible}");
    }
}
