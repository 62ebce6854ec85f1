//! PDF standards: PDF/A-2u identification, tagged PDF structure, document
//! language, artifacts, deterministic /ID.

use crate::common;

use common::repo as root;

use lopdf::{Document, Object};
use polypress::pdf::PdfStandard;
use polypress::pipeline::{self, Resources};
use polypress::source::load_document;

fn render(lang: &str, standard: PdfStandard) -> (Vec<u8>, usize) {
    let mut resources = Resources::load(&root()).unwrap();
    resources.pdf_standard = standard;
    let document = load_document(
        &root().join("documents/a-75-906-s-2021-534"),
        &resources.localizer.languages(),
    )
    .unwrap();
    let markup = pipeline::render_markup(&document, lang, &resources).unwrap();
    let layout = pipeline::layout(&document, &markup).unwrap();
    // Paragraph-like blocks: every body block that is not a page break,
    // plus the masthead.
    let blocks = layout
        .body
        .iter()
        .filter(|b| matches!(b, polypress::layout::Block::Paragraph(_)))
        .count()
        + 1;
    (
        pipeline::render(&document, lang, &resources).unwrap(),
        blocks,
    )
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => document.get_object(*id).unwrap(),
        other => other,
    }
}

#[test]
fn pdf_a_2u_identification_language_and_output_intent() {
    for lang in ["en", "ar", "zh"] {
        let (bytes, _) = render(lang, PdfStandard::A2u);
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let document = Document::load_mem(&bytes).unwrap();
        let catalog = document.catalog().unwrap();
        let expected = if lang == "zh" { "zh-Hans" } else { lang };
        assert_eq!(
            catalog.get(b"Lang").unwrap().as_str().unwrap(),
            expected.as_bytes()
        );
        let metadata = resolve(&document, catalog.get(b"Metadata").unwrap())
            .as_stream()
            .unwrap();
        assert!(
            !metadata.dict.has(b"Filter"),
            "the XMP stream is not filtered (ISO 19005-2 6.6.2.1)"
        );
        let xmp = String::from_utf8(metadata.content.clone()).unwrap();
        assert!(
            xmp.contains("<pdfaid:part>2</pdfaid:part>")
                && xmp.contains("<pdfaid:conformance>U</pdfaid:conformance>")
        );
        assert!(
            xmp.contains(&format!("<rdf:li>{expected}</rdf:li>")),
            "dc:language"
        );
        assert!(
            xmp.contains("<xmp:CreateDate>2021-06-01T00:00:00Z</xmp:CreateDate>"),
            "dates from the source"
        );
        let intents = resolve(&document, catalog.get(b"OutputIntents").unwrap())
            .as_array()
            .unwrap();
        let intent = resolve(&document, &intents[0]).as_dict().unwrap();
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
        let profile = resolve(&document, intent.get(b"DestOutputProfile").unwrap())
            .as_stream()
            .unwrap();
        assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
        let viewer = resolve(&document, catalog.get(b"ViewerPreferences").unwrap())
            .as_dict()
            .unwrap();
        assert!(viewer.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines"
        );
    }
    // Without the claim: metadata and tags, no pdfaid, no output intent.
    let (bytes, _) = render("en", PdfStandard::None);
    let document = Document::load_mem(&bytes).unwrap();
    let catalog = document.catalog().unwrap();
    assert!(!catalog.has(b"OutputIntents"));
    let metadata = resolve(&document, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    assert!(!String::from_utf8_lossy(&metadata.content).contains("pdfaid"));
}

#[test]
fn the_structure_tree_has_one_element_per_block_and_furniture_is_artifact() {
    for lang in ["en", "ar"] {
        let (bytes, blocks) = render(lang, PdfStandard::A2u);
        let document = Document::load_mem(&bytes).unwrap();
        let catalog = document.catalog().unwrap();
        let mark_info = resolve(&document, catalog.get(b"MarkInfo").unwrap())
            .as_dict()
            .unwrap();
        assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
        assert!(
            !mark_info.has(b"Suspects"),
            "poppler complains about /Suspects false"
        );
        let root = resolve(&document, catalog.get(b"StructTreeRoot").unwrap())
            .as_dict()
            .unwrap();
        let role_map = resolve(&document, root.get(b"RoleMap").unwrap())
            .as_dict()
            .unwrap();
        assert_eq!(
            role_map.get(b"Masthead").unwrap().as_name().unwrap(),
            b"Sect"
        );
        let top = resolve(&document, root.get(b"K").unwrap())
            .as_dict()
            .unwrap();
        assert_eq!(top.get(b"S").unwrap().as_name().unwrap(), b"Document");
        let kids = resolve(&document, top.get(b"K").unwrap())
            .as_array()
            .unwrap();
        assert_eq!(
            kids.len(),
            blocks,
            "{lang}: one structure element per paragraph, heading, footnote and the masthead"
        );
        let types: Vec<Vec<u8>> = kids
            .iter()
            .map(|k| {
                resolve(&document, k)
                    .as_dict()
                    .unwrap()
                    .get(b"S")
                    .unwrap()
                    .as_name()
                    .unwrap()
                    .to_vec()
            })
            .collect();
        assert_eq!(types[0], b"Masthead");
        assert_eq!(types[1], b"H1", "{lang}: the title");
        assert!(types.iter().any(|t| t == b"Note"), "{lang}: footnotes");
        assert!(types.iter().any(|t| t == b"H2"), "{lang}: annex heading");
        // Every page: StructParents, and its furniture marked as artifacts.
        for (number, page) in document.get_pages() {
            let dictionary = document.get_dictionary(page).unwrap();
            assert_eq!(
                dictionary.get(b"StructParents").unwrap().as_i64().unwrap(),
                i64::from(number) - 1
            );
            let content = String::from_utf8_lossy(&document.get_page_content(page)).into_owned();
            assert!(
                content.contains("/MCID 0"),
                "{lang} p{number}: marked content"
            );
            if number == 1 {
                assert!(
                    content.contains("/Artifact") && content.contains("/Footer"),
                    "{lang}: the first-page footer"
                );
                assert!(
                    !content.contains("/Header"),
                    "{lang}: no running header on page 1"
                );
            } else {
                assert!(
                    content.contains("/Header") && content.contains("/Footer"),
                    "{lang} p{number}: furniture"
                );
            }
        }
    }
}

#[test]
fn the_id_derives_from_the_content() {
    let (first, _) = render("fr", PdfStandard::A2u);
    let (second, _) = render("fr", PdfStandard::A2u);
    assert!(first == second, "two renders give the same bytes");
    let document = Document::load_mem(&first).unwrap();
    let id = document.trailer.get(b"ID").unwrap().as_array().unwrap();
    let id = id[0].as_str().unwrap();
    assert_eq!(id.len(), 16);
    assert!(id.iter().any(|b| *b != 0), "the placeholder was replaced");
    let (other, _) = render("es", PdfStandard::A2u);
    let other = Document::load_mem(&other).unwrap();
    assert_ne!(
        other.trailer.get(b"ID").unwrap(),
        document.trailer.get(b"ID").unwrap()
    );
}

/// Every structure element under `object` (depth first), with its parent.
fn elements<'a>(document: &'a Document, object: &'a Object, out: &mut Vec<&'a lopdf::Dictionary>) {
    let Ok(dictionary) = resolve(document, object).as_dict() else {
        return;
    };
    if dictionary.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem") {
        out.push(dictionary);
    }
    if let Ok(kids) = dictionary.get(b"K") {
        match resolve(document, kids) {
            Object::Array(kids) => {
                for kid in kids {
                    elements(document, kid, out);
                }
            }
            kid @ Object::Dictionary(_) => elements(document, kid, out),
            _ => {}
        }
    }
}

fn name_of(element: &lopdf::Dictionary) -> &[u8] {
    element.get(b"S").unwrap().as_name().unwrap()
}

fn text_of(document: &Document, object: &Object) -> String {
    let bytes = resolve(document, object).as_str().unwrap();
    assert_eq!(&bytes[..2], [0xFE, 0xFF], "UTF-16BE text string");
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).unwrap()
}

#[test]
fn latin_spans_footnote_labels_and_links_are_tagged() {
    for (lang, link_text) in [("en", "annex II"), ("ar", "المرفق"), ("zh", "附件二")] {
        let (bytes, _) = render(lang, PdfStandard::A2u);
        let document = Document::load_mem(&bytes).unwrap();
        let catalog = document.catalog().unwrap();
        let root = resolve(&document, catalog.get(b"StructTreeRoot").unwrap())
            .as_dict()
            .unwrap();
        let mut all = Vec::new();
        elements(&document, root.get(b"K").unwrap(), &mut all);

        // Latin runs inside Arabic and Chinese carry their language.
        let spans: Vec<_> = all.iter().filter(|e| name_of(e) == b"Span").collect();
        if lang == "en" {
            assert!(spans.is_empty(), "English has no foreign spans");
        } else {
            assert!(spans.len() >= 3, "{lang}: symbols and names in Latin");
            for span in &spans {
                assert_eq!(span.get(b"Lang").unwrap().as_str().unwrap(), b"en");
            }
        }

        // Each footnote begins with its label.
        let notes: Vec<_> = all.iter().filter(|e| name_of(e) == b"Note").collect();
        assert_eq!(notes.len(), 2, "{lang}");
        for note in notes {
            let kids = resolve(&document, note.get(b"K").unwrap())
                .as_array()
                .unwrap();
            let first = resolve(&document, &kids[0]).as_dict().unwrap();
            assert_eq!(name_of(first), b"Lbl", "{lang}");
            assert!(note.has(b"ID"), "PDF/UA-1 7.9: a Note has an ID");
        }

        // Links: a Link element holds the text and the annotation, which
        // points back through its /StructParent and has the text as /Contents.
        let links: Vec<_> = all.iter().filter(|e| name_of(e) == b"Link").collect();
        assert!(!links.is_empty(), "{lang}");
        let parent_tree = resolve(&document, root.get(b"ParentTree").unwrap())
            .as_dict()
            .unwrap();
        let nums = resolve(&document, parent_tree.get(b"Nums").unwrap())
            .as_array()
            .unwrap();
        let mut texts = String::new();
        for link in links {
            let kids = resolve(&document, link.get(b"K").unwrap())
                .as_array()
                .unwrap();
            // Kids: the link text's MCID (an integer) and the annotation.
            let objr = kids
                .iter()
                .filter_map(|k| resolve(&document, k).as_dict().ok())
                .find(|k| k.get(b"Type").unwrap().as_name().unwrap() == b"OBJR")
                .expect("an object reference to the annotation");
            let annotation_id = objr.get(b"Obj").unwrap().as_reference().unwrap();
            let annotation = document.get_dictionary(annotation_id).unwrap();
            assert_eq!(
                annotation.get(b"Subtype").unwrap().as_name().unwrap(),
                b"Link"
            );
            assert_eq!(annotation.get(b"F").unwrap().as_i64().unwrap(), 4);
            texts.push_str(&text_of(&document, annotation.get(b"Contents").unwrap()));
            let key = annotation.get(b"StructParent").unwrap().as_i64().unwrap();
            let at = nums
                .chunks(2)
                .find(|pair| pair[0].as_i64().unwrap() == key)
                .expect("the parent tree has the annotation's key");
            let parent = document
                .get_dictionary(at[1].as_reference().unwrap())
                .unwrap();
            assert_eq!(name_of(parent), b"Link");
        }
        assert!(texts.contains(link_text), "{lang}: {texts}");
        let next = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
        let largest = nums
            .chunks(2)
            .map(|p| p[0].as_i64().unwrap())
            .max()
            .unwrap();
        assert_eq!(next, largest + 1);
    }
}

/// The writer neither prunes nor renumbers: every object must already be
/// reachable from the trailer and numbered 1… without gaps. Checked after
/// loading (object streams expanded), in both standards.
#[test]
fn every_object_is_reachable_and_numbered_without_gaps() {
    for (lang, standard) in [
        ("en", PdfStandard::A2u),
        ("ar", PdfStandard::A2u),
        ("zh", PdfStandard::None),
    ] {
        let (bytes, _) = render(lang, standard);
        let mut document = Document::load_mem(&bytes).unwrap();
        // Object streams and the cross-reference stream are containers,
        // not content: drop them before counting.
        document.objects.retain(|_, object| {
            !matches!(object, Object::Stream(s)
                if matches!(s.dict.get(b"Type").and_then(Object::as_name), Ok(b"ObjStm" | b"XRef")))
        });
        let numbers: Vec<u32> = document.objects.keys().map(|id| id.0).collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected, "{lang}: object numbers have gaps");
        let pruned = document.prune_objects();
        assert!(pruned.is_empty(), "{lang}: unreachable objects {pruned:?}");
    }
}

/// Every marked-content sequence of every page is reached from the
/// structure tree exactly once: as an MCID in an element on the same page
/// (the element's /Pg) or as a marked-content reference with its own /Pg.
#[test]
fn every_marked_content_sequence_is_in_the_structure_tree_once() {
    fn walk(
        document: &Document,
        object: &Object,
        page: Option<lopdf::ObjectId>,
        found: &mut Vec<(lopdf::ObjectId, i64)>,
    ) {
        match resolve(document, object) {
            Object::Integer(mcid) => found.push((page.expect("an MCID needs a /Pg"), *mcid)),
            Object::Array(kids) => {
                for kid in kids {
                    walk(document, kid, page, found);
                }
            }
            Object::Dictionary(d) => {
                let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                match d.get(b"Type").and_then(Object::as_name) {
                    Ok(b"MCR") => found.push((
                        page.expect("an MCR needs a /Pg"),
                        d.get(b"MCID").unwrap().as_i64().unwrap(),
                    )),
                    Ok(b"OBJR") => {}
                    _ => {
                        if let Ok(kids) = d.get(b"K") {
                            walk(document, kids, page, found);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for lang in ["en", "ar", "zh", "ru"] {
        let (bytes, _) = render(lang, PdfStandard::A2u);
        let document = Document::load_mem(&bytes).unwrap();
        let root = resolve(
            &document,
            document.catalog().unwrap().get(b"StructTreeRoot").unwrap(),
        )
        .as_dict()
        .unwrap();
        let mut found = Vec::new();
        walk(&document, root.get(b"K").unwrap(), None, &mut found);
        let mut expected = Vec::new();
        for (_, page) in document.get_pages() {
            let content = String::from_utf8_lossy(&document.get_page_content(page)).into_owned();
            for piece in content.split("/MCID ").skip(1) {
                let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
                expected.push((page, digits.parse::<i64>().unwrap()));
            }
        }
        found.sort();
        expected.sort();
        assert!(!expected.is_empty());
        assert_eq!(found, expected, "{lang}");
    }
}
