//! The frame of the document, which printpdf writes: catalog, page tree,
//! pages (their boxes and link annotations), outline (bookmarks), Info
//! and trailer. Each page's content stream is ours: printpdf writes an
//! empty one (it gets no drawing operations), whose object ours takes.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use printpdf::{Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect};

use super::{name, PdfError};
use crate::paginate::PagedDocument;

/// printpdf's document, as a lopdf document to add ours to: the pages
/// with their `annotations`, and an outline entry for each of the
/// document's.
pub fn write(document: &PagedDocument, annotations: Vec<Vec<Op>>) -> Document {
    let mut pdf = PdfDocument::new(&document.title);
    let size = Rect::from_wh(Pt(document.width), Pt(document.height));
    let pages = annotations
        .into_iter()
        .map(|ops| {
            let mut page = PdfPage::new(Mm(0.0), Mm(0.0), ops);
            page.media_box = size.clone();
            page.trim_box = size.clone();
            page.crop_box = size.clone();
            page
        })
        .collect();
    pdf.with_pages(pages);
    for entry in &document.outline {
        pdf.add_bookmark(&entry.title, entry.page + 1);
    }
    let options = PdfSaveOptions {
        optimize: true,
        // Fonts are ours (subset.rs, fonts.rs): printpdf gets none.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = pdf.to_lopdf_document(&options, &mut warnings);
    // printpdf writes the page mode as a string; the specification wants
    // a name (ISO 32000-1 Table 28).
    let page_mode = if document.outline.is_empty() {
        "UseNone"
    } else {
        "UseOutlines"
    };
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("PageMode", name(page_mode));
    }
    pdf
}

/// The page objects, in page order.
pub fn pages(pdf: &Document) -> Vec<ObjectId> {
    pdf.get_pages().values().copied().collect()
}

/// Puts our content streams in the objects printpdf wrote for them.
pub(crate) fn set_contents(
    pdf: &mut Document,
    pages: &[ObjectId],
    contents: Vec<(Vec<u8>, Option<Vec<u8>>)>,
) -> Result<(), PdfError> {
    for (page, (bytes, compressed)) in pages.iter().zip(contents) {
        let id = pdf
            .get_dictionary(*page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|e| PdfError::Save(format!("page without a content stream: {e}")))?;
        let mut stream = Stream::new(Dictionary::new(), bytes);
        if let Some(compressed) = compressed {
            super::save::set_compressed(&mut stream, compressed);
        }
        pdf.objects.insert(id, Object::Stream(stream));
    }
    Ok(())
}
