//! The finishing pass over printpdf's output, on the lopdf document:
//! document language (`/Lang`), an Info dictionary with the source's dates,
//! `/PageMode` as a name, compression, and a trailer `/ID` computed from the
//! finished bytes so the same content always gives the same file.

use lopdf::{Dictionary, Document, Object, StringFormat};
use sha2::{Digest, Sha256};

use super::PdfInfo;
use crate::paginate::PagedDocument;

/// A text string as PDF wants it: UTF-16BE with a byte-order mark.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Flate-compresses every stream that has no filter yet, at the default
/// level: lopdf's own `compress` uses the best (and slowest) level, which
/// costs several times the time for a few per cent of size.
fn compress(pdf: &mut Document) {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.has(b"Filter") {
                continue;
            }
            let mut encoder = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 2 + 64),
                flate2::Compression::default(),
            );
            let compressed = encoder
                .write_all(&stream.content)
                .and_then(|()| encoder.finish());
            if let Ok(compressed) = compressed {
                if compressed.len() + 19 < stream.content.len() {
                    stream
                        .dict
                        .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    stream.set_content(compressed);
                }
            }
        }
    }
}

/// Finishes `pdf` and serialises it.
pub fn finish(
    mut pdf: Document,
    document: &PagedDocument,
    info: &PdfInfo,
) -> Result<Vec<u8>, String> {
    pdf.version = "1.7".into();
    let date = format!("D:{}000000Z", info.date.format("%Y%m%d"));
    let info_dictionary = Dictionary::from_iter(vec![
        ("Title", text_string(&document.title)),
        ("Subject", text_string(&info.subject)),
        ("Creator", Object::string_literal("polypress")),
        (
            "Producer",
            Object::string_literal(concat!("polypress ", env!("CARGO_PKG_VERSION"))),
        ),
        ("CreationDate", Object::string_literal(date.clone())),
        ("ModDate", Object::string_literal(date)),
    ]);
    let info_id = pdf.add_object(info_dictionary);
    pdf.trailer.set("Info", Object::Reference(info_id));

    let has_outline = !document.outline.is_empty();
    let catalog = pdf.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("Lang", Object::string_literal(document.lang.clone()));
    // printpdf writes PageMode as a string; the specification wants a name.
    let mode: &[u8] = if has_outline {
        b"UseOutlines"
    } else {
        b"UseNone"
    };
    catalog.set("PageMode", Object::Name(mode.to_vec()));
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    pdf.prune_objects();
    pdf.renumber_objects();
    compress(&mut pdf);

    // A placeholder /ID, replaced in place by a hash of the whole file.
    let placeholder = vec![0u8; 16];
    pdf.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(placeholder.clone(), StringFormat::Hexadecimal),
            Object::String(placeholder, StringFormat::Hexadecimal),
        ]),
    );
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(|e| e.to_string())?;
    let digest = Sha256::digest(&bytes);
    let id: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    // Only the last two runs of zeros are the trailer's placeholders.
    let zeros = [b'0'; 32];
    let mut end = bytes.len();
    for _ in 0..2 {
        let at = bytes[..end]
            .windows(32)
            .rposition(|w| w == zeros)
            .ok_or("the trailer /ID placeholder is missing")?;
        bytes[at..at + 32].copy_from_slice(id.as_bytes());
        end = at;
    }
    Ok(bytes)
}
