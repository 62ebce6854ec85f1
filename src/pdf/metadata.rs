//! Metadata and the catalog's entries of ours:
//! - document language `/Lang` (ISO 32000-1 §14.9.2; PDF/UA-1 §7.2);
//! - an Info dictionary with the source's dates and the XMP packet that
//!   matches it, unfiltered (ISO 19005-2 §6.6.2.1, §6.6.3);
//! - `pdfaid:part 2`, `pdfaid:conformance U` in the XMP (ISO 19005-2 §6.6.4);
//! - an sRGB output intent with its ICC profile (ISO 19005-2 §6.2.3); the
//!   profile is Debian's icc-profiles-free sRGB.icc (Zlib), see icc/;
//! - `/ViewerPreferences << /DisplayDocTitle true >>` (PDF/UA-1 §7.1);
//! - the structure tree's root and `/MarkInfo << /Marked true >>`
//!   (ISO 32000-1 §14.7.1, §14.7.2).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::{name, text_string, PdfError, PdfInfo, PdfStandard};
use crate::paginate::PagedDocument;
use crate::xml;

/// The sRGB profile of the output intent, as the house has it (icc/).
#[cfg(test)]
const SRGB_PROFILE: &[u8] = include_bytes!("../../icc/sRGB.icc");

/// The profile as every file carries it: compressed as the render
/// compresses its streams (`save::zlib`, libdeflate at level 1), once, when
/// it was blessed, instead of in every render's last, one-core stretch (a
/// test checks it is the profile's, and writes it again with
/// `POLYPRESS_BLESS`).
const SRGB_PROFILE_COMPRESSED: &[u8] = include_bytes!("sRGB.icc.zlib");

/// The metadata objects the catalog refers to.
pub struct Metadata {
    /// The XMP stream.
    xmp: ObjectId,
    /// The output intent (PDF/A).
    output_intent: Option<ObjectId>,
}

/// Writes the Info dictionary, in the object of printpdf's (its dates are
/// not ours), the XMP packet and the output intent.
pub fn write(pdf: &mut Document, document: &PagedDocument, info: &PdfInfo) -> Metadata {
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
    match pdf.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) if pdf.objects.contains_key(&id) => {
            pdf.objects.insert(id, Object::Dictionary(info_dictionary));
        }
        _ => {
            let info_id = pdf.add_object(info_dictionary);
            pdf.trailer.set("Info", Object::Reference(info_id));
        }
    }
    let mut xmp_stream = Stream::new(
        Dictionary::from_iter(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]),
        xmp(document, info, info.standard),
    );
    xmp_stream.allows_compression = false;
    let xmp = pdf.add_object(xmp_stream);
    let output_intent = (info.standard == PdfStandard::A2u).then(|| output_intent(pdf));
    Metadata { xmp, output_intent }
}

/// The sRGB output intent (PDF/A).
fn output_intent(pdf: &mut Document) -> ObjectId {
    // The entries in the order of every stream compressed by the render:
    // its own, the length, the filter (`save::set_compressed`).
    let mut profile = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        SRGB_PROFILE_COMPRESSED.to_vec(),
    );
    profile.dict.set("Filter", name("FlateDecode"));
    profile.allows_compression = false;
    let profile_id = pdf.add_object(profile);
    pdf.add_object(Dictionary::from_iter(vec![
        ("Type", name("OutputIntent")),
        ("S", name("GTS_PDFA1")),
        (
            "OutputConditionIdentifier",
            Object::string_literal("sRGB IEC61966-2.1"),
        ),
        ("Info", Object::string_literal("sRGB IEC61966-2.1")),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]))
}

/// Adds our entries to the catalog printpdf wrote.
pub fn catalog(
    pdf: &mut Document,
    document: &PagedDocument,
    metadata: &Metadata,
    struct_tree: ObjectId,
) -> Result<(), PdfError> {
    let catalog = pdf
        .catalog_mut()
        .map_err(|e| PdfError::Save(e.to_string()))?;
    catalog.set(
        "Lang",
        Object::string_literal(document.language().pdf_tag()),
    );
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    catalog.set("Metadata", Object::Reference(metadata.xmp));
    catalog.set("StructTreeRoot", Object::Reference(struct_tree));
    catalog.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "Marked",
            Object::Boolean(true),
        )])),
    );
    if let Some(intent) = metadata.output_intent {
        catalog.set(
            "OutputIntents",
            Object::Array(vec![Object::Reference(intent)]),
        );
    }
    Ok(())
}

/// The XMP packet, matching the Info dictionary.
fn xmp(document: &PagedDocument, info: &PdfInfo, standard: PdfStandard) -> Vec<u8> {
    let date = info.date.format("%Y-%m-%dT00:00:00Z").to_string();
    let pdfaid_namespace = match standard {
        PdfStandard::A2u => "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
        PdfStandard::None => "",
    };
    let pdfaid = match standard {
        PdfStandard::A2u => {
            "\n   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>U</pdfaid:conformance>"
        }
        PdfStandard::None => "",
    };
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
  <rdf:Description rdf:about=\"\"
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"{pdfaid_namespace}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>polypress</xmp:CreatorTool>
   <pdf:Producer>polypress {version}</pdf:Producer>{pdfaid}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>",
        title = xml::escape(&document.title),
        subject = xml::escape(&info.subject),
        lang = document.language().pdf_tag(),
        version = env!("CARGO_PKG_VERSION"),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    /// The compressed profile every file carries is the profile compressed
    /// as a render compresses a stream; with `POLYPRESS_BLESS` set, it is
    /// written again instead. Fails when the profile or the compressor
    /// changes without a blessing.
    #[test]
    fn compressed_profile_is_the_profiles() {
        let compressed = super::super::save::zlib(super::SRGB_PROFILE).expect("compressed");
        if std::env::var_os("POLYPRESS_BLESS").is_some() {
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pdf/sRGB.icc.zlib");
            std::fs::write(&path, &compressed).unwrap();
            return;
        }
        assert!(
            compressed.as_slice() == super::SRGB_PROFILE_COMPRESSED,
            "the profile or the compressor changed: run `POLYPRESS_BLESS=1 cargo test \
             compressed_profile`"
        );
        assert!(
            compressed.len() + 19 < super::SRGB_PROFILE.len(),
            "compressing pays"
        );
    }
}
