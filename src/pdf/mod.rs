//! Stage 6: the PDF. [`write()`] is the recipe, one file per concern:
//!
//! 1. setup: each font the document draws, subset to its glyphs
//!    (`subset.rs`);
//! 2. pages: each page's content stream and marked-content sequences,
//!    pages in parallel (`page.rs`, with the reading order from
//!    `order.rs` and the operators from `content.rs`), beside the font
//!    programs cut and compressed;
//! 3. the frame printpdf writes: catalog, page tree, pages with their
//!    link annotations (`links.rs`), outline (`frame.rs`), made beside
//!    steps 1 and 2; our content streams, fonts (`fonts.rs`) and form
//!    XObjects (`resources.rs`) go into it;
//! 4. metadata: Info, XMP, output intent (`metadata.rs`);
//! 5. tags: the structure tree (`tags.rs`), which ties each link
//!    annotation to its `Link` element (`links.rs`);
//! 6. the catalog's entries of ours, and the file (`save.rs`).
//!
//! The seam with printpdf. printpdf 0.12 writes a document only from its
//! own model (`PdfDocument::to_lopdf_document`): a page's content is a
//! list of its `Op`s, which it translates itself, fonts are `ParsedFont`s
//! that it parses and subsets, and it has no way to take a ready content
//! stream, font dictionary, structure tree or annotation flag. So printpdf
//! writes what it writes well, the frame (catalog, page tree, page boxes,
//! link annotations with their destinations, outline, trailer), from pages
//! that hold only link annotations; our own objects (font programs and
//! dictionaries, content streams, form XObjects, structure tree,
//! metadata) are each written once, by the file that owns them, into the
//! lopdf document printpdf returns: into the objects printpdf leaves for
//! them (each page's empty content stream, the shared Font and XObject
//! resource dictionaries, the Info dictionary), so every object is
//! reachable and numbered without gaps. What stays a correction of
//! printpdf's objects is what it has no field for: the page mode as a
//! name (`frame.rs`), and `/F`, `/StructParent` and `/Contents` on link
//! annotations, which it writes inline (`links.rs`). The order of the
//! steps is the order objects are numbered in, part of the bytes.
//!
//! Determinism: fonts are named from their hash, all dates come from the
//! source, parallel work is joined in page order, and the trailer `/ID`
//! is a hash of the finished file.

mod content;
mod fonts;
mod frame;
mod kashida;
mod kept;
mod links;
mod metadata;
mod order;
mod page;
mod resources;
mod save;
mod serialize;
mod sfnt;
mod subset;
mod tags;

pub use kept::keep_between_renders;
pub use resources::graphic_form;
#[cfg(test)]
pub(crate) use save::set_id;
pub(crate) use save::{id_of, verified_id};
pub use subset::{Ahead, Closing};

use lopdf::{Object, StringFormat};
use rayon::prelude::*;

use crate::paginate::PagedDocument;
use crate::timing::Phases;
use crate::typeset::{FaceId, FontBook, FontError};

/// Why a PDF could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("cannot subset the font {0:?}: {1}")]
    Subset(FaceId, String),
    #[error("cannot read the table directory of the subset of {0:?}")]
    FontTables(FaceId),
    #[error("a run is set in {0:?}, which the document's fonts lack")]
    NotSubset(FaceId),
    #[error("cannot write the PDF file: {0}")]
    Save(String),
    #[error("a link to `{0}` that pagination did not resolve")]
    UnresolvedLink(String),
}

/// Which standard the PDF claims.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfStandard {
    /// Tagged PDF 1.7 with metadata, no conformance claim.
    None,
    /// PDF/A-2u (ISO 19005-2, level U).
    #[default]
    A2u,
}

/// Facts the PDF records about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfInfo {
    /// Creation and modification date, from the source (never the clock).
    pub date: chrono::NaiveDate,
    /// The symbols or the document id, as the PDF subject.
    pub subject: String,
    pub standard: PdfStandard,
}

/// Writes the paginated document as PDF bytes.
///
/// Three pieces of work run side by side once the fonts are subset: the
/// frame printpdf writes (it needs only the pages' sizes, links and
/// outline, so it starts at once, beside the subsetting), the font
/// programs cut and compressed (a Chinese document's program alone had
/// kept one core busy for as long as everything else took), and the
/// pages written and compressed. The codes and widths the pages need come
/// before the programs (`subset::Subset::program`). The objects are
/// then put into the frame in one fixed order, so the bytes are the same
/// whatever the threads did first.
pub fn write(
    document: &PagedDocument,
    fonts: &FontBook,
    info: &PdfInfo,
) -> Result<Vec<u8>, PdfError> {
    write_with(document, fonts, info, &Ahead::none())
}

/// As [`write`], taking the subsets made ahead that fit the pages
/// ([`Ahead`]). The pages are written on this thread while the font
/// programs are cut on the other, where the work ahead may still be.
pub fn write_with(
    document: &PagedDocument,
    fonts: &FontBook,
    info: &PdfInfo,
    ahead: &Ahead,
) -> Result<Vec<u8>, PdfError> {
    let mut phases = Phases::start();
    let mut frame = None;
    let ours = rayon::scope(|scope| {
        scope.spawn(|_| {
            frame = Some(links::of_pages(document).map(|a| frame::write(document, a)));
        });
        // Setup: the fonts' codes and widths (programs with kashida
        // composites cut here too, since the composites' codes follow
        // their glyphs).
        let subsets = subset::subset_fonts(document, fonts, ahead)?;
        let (pages, programs) = rayon::join(
            || page::write_pages(document, &subsets),
            || cut_programs(&subsets),
        );
        Ok::<_, PdfError>((programs?, pages?, subsets))
    });
    phases.mark("subset+content");
    let (programs, pages, subsets) = ours?;
    let mut pdf = frame.expect("the frame is written in the scope")?;
    phases.mark("frame");

    // Our content, fonts and forms in printpdf's frame.
    let page_ids = frame::pages(&pdf);
    frame::set_contents(&mut pdf, &page_ids, pages.contents)?;
    let (font_resources, program_ids) = fonts::embed(&mut pdf, &subsets, &pages.texts);
    resources::set_fonts(&mut pdf, font_resources);
    resources::add_graphic_forms(&mut pdf, document);
    // Metadata, tags, the annotations' flags and the catalog.
    let metadata = metadata::write(&mut pdf, document, info);
    let struct_tree = tags::write(&mut pdf, document, &pages.tagging, &page_ids);
    links::printable(&mut pdf, &page_ids);
    metadata::catalog(&mut pdf, document, &metadata, struct_tree)?;
    for ((id, subset), (length, compressed)) in
        program_ids.into_iter().zip(subsets.iter()).zip(programs)
    {
        fonts::fill_program(&mut pdf, id, length, compressed, subset)?;
    }
    phases.mark("objects");

    // The file.
    let bytes = save::save(pdf, &mut phases);
    phases.report("pdf", &document.lang);
    bytes
}

/// A font program as the file takes it: its length (`/Length1`), and
/// its bytes compressed when that pays (else the subset's own are
/// written).
type Program = (usize, Option<Vec<u8>>);

/// Every subset's program, cut, and compressed when that pays, in the
/// order of `subsets.iter()`: a font a thread.
fn cut_programs(subsets: &subset::Subsets) -> Result<Vec<Program>, PdfError> {
    let all: Vec<&subset::Subset> = subsets.iter().collect();
    all.into_par_iter()
        .with_max_len(1)
        .map(|subset| subset.take_program())
        .collect()
}

/// A PDF name object.
fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// A text string as PDF wants it: UTF-16BE with a byte-order mark.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}
