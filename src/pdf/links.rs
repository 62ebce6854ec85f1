//! Link annotations (ISO 32000-1 §12.5.6.5): printpdf writes them, one
//! per link mark (pagination resolved its target), inline in `/Annots`;
//! here they are made, and then given what printpdf has no field for:
//! `/F 4`, printable (ISO 19005-2 §6.3.2), and for a tagged link its own
//! object with `/StructParent` and the link's text as `/Contents`
//! (PDF/UA-1 §7.18.5), so the structure tree can refer to it.

use lopdf::{Document, Object, ObjectId};
use printpdf::{Actions, BorderArray, Destination, LinkAnnotation, Op, Pt, Rect};

use super::{text_string, PdfError};
use crate::paginate::{self, Mark, PagedDocument};

/// Each page's link annotations, one for each link area in the order of
/// the page's marks (the order the page's content counts them in).
pub(crate) fn of_pages(document: &PagedDocument) -> Result<Vec<Vec<Op>>, PdfError> {
    document
        .pages
        .iter()
        .map(|page| {
            page.marks
                .iter()
                .filter_map(|mark| match mark {
                    Mark::Link {
                        x,
                        top,
                        width,
                        height,
                        to,
                    } => Some(
                        to.destination
                            .ok_or_else(|| PdfError::UnresolvedLink(to.target.to_string()))
                            .map(|to| annotation([*x, *top, *width, *height], to, document.height)),
                    ),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The annotation of a link area (`x`, `top`, `width`, `height`, in
/// points from the top of a page `page_height` high) that leads to
/// `to`, the place pagination resolved its target to.
pub fn annotation(
    [x, top, width, height]: [f32; 4],
    to: paginate::Destination,
    page_height: f32,
) -> Op {
    Op::LinkAnnotation {
        link: LinkAnnotation::new(
            Rect::from_xywh(Pt(x), Pt(page_height - top - height), Pt(width), Pt(height)),
            Actions::Goto(Destination::Xyz {
                page: to.page as usize + 1,
                left: None,
                top: Some(page_height - to.top + 12.0),
                zoom: None,
            }),
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            None,
            None,
        ),
    }
}

/// Ties the `n`-th annotation of `page` to the structure tree: moved
/// into an object of its own (printpdf writes it inline), with
/// `/StructParent key` and `text` as `/Contents`. Returns its object.
pub fn tag(
    pdf: &mut Document,
    page: ObjectId,
    n: usize,
    key: usize,
    text: &str,
) -> Option<ObjectId> {
    let id = annotation_object(pdf, page, n)?;
    if let Ok(Object::Dictionary(a)) = pdf.get_object_mut(id) {
        a.set("StructParent", Object::Integer(key as i64));
        a.set("Contents", text_string(text));
    }
    Some(id)
}

/// The `n`-th annotation of a page as an indirect object (one written
/// inline is moved out).
fn annotation_object(pdf: &mut Document, page: ObjectId, n: usize) -> Option<ObjectId> {
    match annotations(pdf, page)?.get(n)?.clone() {
        Object::Reference(id) => Some(id),
        Object::Dictionary(d) => {
            let id = pdf.add_object(d);
            annotations(pdf, page)?[n] = Object::Reference(id);
            Some(id)
        }
        _ => None,
    }
}

/// A page's `/Annots` array (printpdf writes it in the page dictionary).
fn annotations(pdf: &mut Document, page: ObjectId) -> Option<&mut Vec<Object>> {
    match pdf.get_dictionary_mut(page).ok()?.get_mut(b"Annots").ok()? {
        Object::Array(annotations) => Some(annotations),
        _ => None,
    }
}

/// Sets the Print flag on every annotation (PDF/A: §6.3.2).
pub(crate) fn printable(pdf: &mut Document, pages: &[ObjectId]) {
    let mut indirect = Vec::new();
    for page in pages {
        if let Ok(Object::Dictionary(page)) = pdf.get_object_mut(*page) {
            if let Ok(Object::Array(annotations)) = page.get_mut(b"Annots") {
                for annotation in annotations {
                    match annotation {
                        Object::Dictionary(annotation) => {
                            annotation.set("F", Object::Integer(4));
                        }
                        Object::Reference(id) => indirect.push(*id),
                        _ => {}
                    }
                }
            }
        }
    }
    for id in indirect {
        if let Ok(Object::Dictionary(annotation)) = pdf.get_object_mut(id) {
            annotation.set("F", Object::Integer(4));
        }
    }
}
