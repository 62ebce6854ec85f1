//! The embedded fonts, written straight into the document: for each subset
//! a Type0 font over a CIDFontType2 (ISO 32000-1 §9.7), its widths, a font
//! descriptor with the metrics read from the font's own tables, the font
//! program (`FontFile2`) and a ToUnicode CMap (§9.10.3) with one text per
//! glyph code. A glyph's code is its CID, which is its glyph id in the
//! subset: two bytes (Identity-H) in a subset of more than 256 glyphs, one
//! byte (the embedded CMap [`ONE_BYTE_CMAP`]) in a smaller one.
//!
//! printpdf used to write these from a parse of every subset (outlines
//! included) for every document: a tenth of a batch's time, and its
//! descriptor said every face was upright.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::name;
use super::sfnt::{table, BigEndian};
use super::subset::{Subset, Subsets};
use crate::typeset::GlyphText;

/// Adds the fonts to `pdf` and returns the font resource dictionary that
/// maps each tag to its font. `texts` holds, by font slot index, the text
/// of each code (none: the code is not drawn).
///
/// The programs' streams are left empty, their objects returned in the
/// order of `subsets.iter()`: [`fill_program`] puts each program in once
/// cut, which happens meanwhile (pdf/mod.rs).
pub(crate) fn embed(
    pdf: &mut lopdf::Document,
    subsets: &Subsets,
    texts: &[Vec<Option<GlyphText>>],
) -> (Dictionary, Vec<ObjectId>) {
    let mut resources = Dictionary::new();
    let mut programs = Vec::new();
    // The one-byte CMap, embedded once for all the fonts that use it.
    let mut one_byte = None;
    for subset in subsets.iter() {
        let encoding = if subset.one_byte() {
            Object::Reference(*one_byte.get_or_insert_with(|| one_byte_cmap(pdf)))
        } else {
            name("Identity-H")
        };
        let (id, program) = embed_one(pdf, subset, encoding, &texts[subset.slot.index()]);
        resources.set(subset.tag.as_bytes().to_vec(), Object::Reference(id));
        programs.push(program);
    }
    (resources, programs)
}

/// Puts a font program into its stream (made empty by [`embed`]): its
/// `length` uncompressed, and its `compressed` bytes if compressing pays
/// (`save::worth_compressing`), else the subset's program as it is. The
/// stream is then as save.rs would have made it.
pub(crate) fn fill_program(
    pdf: &mut lopdf::Document,
    id: ObjectId,
    length: usize,
    compressed: Option<Vec<u8>>,
    subset: &Subset,
) -> Result<(), super::PdfError> {
    if let Ok(Object::Stream(stream)) = pdf.get_object_mut(id) {
        stream.dict.set("Length1", Object::Integer(length as i64));
        match compressed {
            Some(bytes) => super::save::set_compressed(stream, bytes),
            None => stream.set_content(subset.program()?.to_vec()),
        }
    }
    Ok(())
}

/// One font: the Type0 font, its CIDFont, descriptor, program (empty
/// until filled) and ToUnicode; the Type0 font's object and the program's.
fn embed_one(
    pdf: &mut lopdf::Document,
    font: &Subset,
    encoding: Object,
    texts: &[Option<GlyphText>],
) -> (ObjectId, ObjectId) {
    let bytes: &[u8] = &font.face.bytes;
    let metrics = Metrics::of(bytes);
    // A subset's name carries its tag (ISO 32000-1 §9.6.4).
    let base_font = format!(
        "{}+{}",
        font.tag,
        postscript_name(bytes).unwrap_or_else(|| format!("{:?}", font.face.id))
    );
    let program = {
        let mut stream = Stream::new(
            Dictionary::from_iter(vec![("Length1", Object::Integer(0))]),
            Vec::new(),
        );
        stream.allows_compression = true;
        pdf.add_object(stream)
    };
    let descriptor = descriptor(pdf, font, &metrics, &base_font, program);
    let to_unicode = pdf.add_object(Stream::new(
        Dictionary::new(),
        to_unicode(texts, font.one_byte()),
    ));
    let widths: Vec<Object> = font.widths.iter().map(|&w| Object::Real(w)).collect();
    let cid_font = Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("CIDFontType2")),
        ("BaseFont", name(&base_font)),
        ("CIDSystemInfo", identity_system_info()),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("DW", Object::Integer(1000)),
        (
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        ),
        ("CIDToGIDMap", name("Identity")),
    ]);
    let type0 = pdf.add_object(Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&base_font)),
        ("Encoding", encoding),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]));
    (type0, program)
}

/// Adobe-Identity-0, the character collection of the CIDFonts and of the
/// one-byte CMap: PDF/A-2 (ISO 19005-2 §6.2.11.3.1) wants the two alike.
fn identity_system_info() -> Object {
    Object::Dictionary(Dictionary::from_iter(vec![
        (
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        ),
        (
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        ),
        ("Supplement", Object::Integer(0)),
    ]))
}

/// The name of the one-byte CMap, in its stream's dictionary and in the
/// program, which PDF/A-2 wants identical (ISO 19005-2 §6.2.11.3.3).
const ONE_BYTE_CMAP_NAME: &str = "Polypress-OneByte-Identity-H";

/// The one-byte encoding: codes 00 to FF, each the CID of its own value
/// (ISO 32000-1 §9.7.5, Adobe Technical Note #5014), horizontal.
const ONE_BYTE_CMAP: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
     /CIDSystemInfo 3 dict dup begin\n/Registry (Adobe) def\n/Ordering (Identity) def\n\
     /Supplement 0 def\nend def\n\
     /CMapName /Polypress-OneByte-Identity-H def\n/CMapType 1 def\n/WMode 0 def\n\
     1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
     1 begincidrange\n<00> <FF> 0\nendcidrange\n\
     endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// Embeds the one-byte CMap.
fn one_byte_cmap(pdf: &mut lopdf::Document) -> ObjectId {
    let mut stream = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", name("CMap")),
            ("CMapName", name(ONE_BYTE_CMAP_NAME)),
            ("CIDSystemInfo", identity_system_info()),
            ("WMode", Object::Integer(0)),
        ]),
        ONE_BYTE_CMAP.as_bytes().to_vec(),
    );
    stream.allows_compression = true;
    pdf.add_object(stream)
}

/// The font descriptor, with the metrics read from the face's tables.
fn descriptor(
    pdf: &mut lopdf::Document,
    font: &Subset,
    metrics: &Metrics,
    base_font: &str,
    program: ObjectId,
) -> ObjectId {
    let scale = 1000.0 / f32::from(font.face.units_per_em.max(1));
    let units = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
    pdf.add_object(Dictionary::from_iter(vec![
        ("Type", name("FontDescriptor")),
        ("FontName", name(base_font)),
        ("Flags", Object::Integer(metrics.flags())),
        (
            "FontBBox",
            Object::Array(metrics.bbox.iter().map(|&v| units(v)).collect()),
        ),
        (
            "ItalicAngle",
            Object::Integer(metrics.italic_angle.round() as i64),
        ),
        ("Ascent", units(metrics.ascent)),
        ("Descent", units(metrics.descent)),
        ("CapHeight", units(metrics.cap_height)),
        ("StemV", Object::Integer(metrics.stem_v())),
        ("FontFile2", Object::Reference(program)),
    ]))
}

/// The last `digits` hex digits of `value`, upper case (`{:04X}`).
fn push_hex(out: &mut String, value: u16, digits: u32) {
    for shift in (0..digits).rev() {
        let digit = (value >> (4 * shift)) & 0xF;
        out.push(char::from(b"0123456789ABCDEF"[usize::from(digit)]));
    }
}

/// A ToUnicode CMap (Adobe Technical Note #5411): each drawn code (one
/// byte or two, as the font's encoding has them) and its text as
/// UTF-16BE, at most 100 to a `bfchar` block.
pub(crate) fn to_unicode(texts: &[Option<GlyphText>], one_byte: bool) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n",
    );
    out.push_str(if one_byte {
        "<00> <FF>\n"
    } else {
        "<0000> <FFFF>\n"
    });
    out.push_str("endcodespacerange\n");
    let entries: Vec<(usize, &str)> = texts
        .iter()
        .enumerate()
        .filter_map(|(code, text)| Some((code, text.as_ref()?.as_str())))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    for chunk in entries.chunks(100) {
        out.push_str(itoa::Buffer::new().format(chunk.len()));
        out.push_str(" beginbfchar\n");
        for &(code, text) in chunk {
            out.push('<');
            // Codes below 2^16: the glyph codes of a subset.
            push_hex(&mut out, code as u16, if one_byte { 2 } else { 4 });
            out.push_str("> <");
            for unit in text.encode_utf16() {
                push_hex(&mut out, unit, 4);
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// What the font descriptor says of a face, in font units.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Metrics {
    /// `head`: xMin, yMin, xMax, yMax.
    bbox: [i16; 4],
    /// `hhea` ascender and descender.
    ascent: i16,
    descent: i16,
    /// `OS/2` sCapHeight (version 2 and later), else the ascent.
    cap_height: i16,
    /// `OS/2` usWeightClass (0 when there is no OS/2 table).
    weight: u16,
    /// `post` italicAngle, degrees counter-clockwise from the vertical.
    italic_angle: f32,
}

impl Metrics {
    fn of(font: &[u8]) -> Metrics {
        let i16_at = |table: &[u8], at: usize| BigEndian(table).i16(at).unwrap_or(0);
        let mut m = Metrics::default();
        if let Some(head) = table(font, b"head") {
            m.bbox = [36, 38, 40, 42].map(|at| i16_at(head, at));
        }
        if let Some(hhea) = table(font, b"hhea") {
            m.ascent = i16_at(hhea, 4);
            m.descent = i16_at(hhea, 6);
        }
        m.cap_height = m.ascent;
        if let Some(os2) = table(font, b"OS/2") {
            m.weight = i16_at(os2, 4) as u16;
            if i16_at(os2, 0) >= 2 && os2.len() >= 90 {
                m.cap_height = i16_at(os2, 88);
            }
        }
        if let Some(angle) = table(font, b"post").and_then(|post| BigEndian(post).i32(4)) {
            m.italic_angle = angle as f32 / 65536.0;
        }
        m
    }

    /// Nonsymbolic (the standard Latin set), italic when slanted
    /// (ISO 32000-1 Table 123).
    fn flags(&self) -> i64 {
        const NONSYMBOLIC: i64 = 1 << 5;
        const ITALIC: i64 = 1 << 6;
        NONSYMBOLIC | if self.italic_angle != 0.0 { ITALIC } else { 0 }
    }

    /// No table holds the stem width: estimated from the weight class as
    /// PDF producers do (about 88 at 400, 166 at 700).
    fn stem_v(&self) -> i64 {
        if self.weight == 0 {
            80
        } else {
            50 + (f32::from(self.weight) / 65.0).powi(2).round() as i64
        }
    }
}

/// The PostScript name of a font (`name` table, name ID 6), from the
/// Windows Unicode record or else the Macintosh Roman one.
fn postscript_name(font: &[u8]) -> Option<String> {
    let table = table(font, b"name")?;
    let u16_at = |at: usize| BigEndian(table).u16(at);
    let count = usize::from(u16_at(2)?);
    let storage = usize::from(u16_at(4)?);
    let mut mac = None;
    for i in 0..count {
        let record = 6 + 12 * i;
        let (platform, encoding, name_id) =
            (u16_at(record)?, u16_at(record + 2)?, u16_at(record + 6)?);
        if name_id != 6 {
            continue;
        }
        let length = usize::from(u16_at(record + 8)?);
        let offset = storage + usize::from(u16_at(record + 10)?);
        let bytes = table.get(offset..offset + length)?;
        match (platform, encoding) {
            (3, 1) | (0, _) => {
                let units: Vec<u16> = bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                return String::from_utf16(&units).ok();
            }
            (1, 0) => mac = Some(bytes.iter().map(|&b| b as char).collect()),
            _ => {}
        }
    }
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(file: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fonts")
                .join(file),
        )
        .unwrap()
    }

    #[test]
    fn metrics_and_names_come_from_the_font_tables() {
        let regular = face("latin/LiberationSerif-Regular.ttf");
        assert_eq!(
            postscript_name(&regular).as_deref(),
            Some("LiberationSerif")
        );
        let m = Metrics::of(&regular);
        // Liberation Serif: 2048 units per em, ascender 1825, descender -443.
        assert_eq!((m.ascent, m.descent), (1825, -443));
        assert!(m.cap_height > 1000 && m.cap_height < m.ascent, "{m:?}");
        assert_eq!(m.flags(), 32);
        let italic = Metrics::of(&face("latin/LiberationSerif-Italic.ttf"));
        assert!(italic.italic_angle < -5.0, "{italic:?}");
        assert_eq!(italic.flags(), 32 | 64);
        let bold = Metrics::of(&face("latin/LiberationSerif-Bold.ttf"));
        assert!(bold.stem_v() > Metrics::of(&regular).stem_v());
        assert_eq!(
            postscript_name(&face("arabic/NotoNaskhArabic-Regular.ttf")).as_deref(),
            Some("NotoNaskhArabic-Regular")
        );
    }

    #[test]
    fn to_unicode_maps_each_drawn_code_to_its_text() {
        let texts = vec![
            None,
            Some(GlyphText::new(" ")),
            Some(GlyphText::new("fi")),
            Some(GlyphText::new("")),
            Some(GlyphText::new("𝐀")),
        ];
        let cmap = String::from_utf8(to_unicode(&texts, false)).unwrap();
        assert!(
            cmap.contains(
                "3 beginbfchar\n<0001> <0020>\n<0002> <00660069>\n<0004> <D835DC00>\nendbfchar\n"
            ),
            "{cmap}"
        );
        assert!(cmap.contains("begincodespacerange\n<0000> <FFFF>\nendcodespacerange"));
        assert!(cmap.ends_with("end\nend\n"));
        let cmap = String::from_utf8(to_unicode(&texts, true)).unwrap();
        assert!(
            cmap.contains(
                "3 beginbfchar\n<01> <0020>\n<02> <00660069>\n<04> <D835DC00>\nendbfchar\n"
            ),
            "{cmap}"
        );
        assert!(cmap.contains("begincodespacerange\n<00> <FF>\nendcodespacerange"));
    }

    #[test]
    fn the_one_byte_cmap_names_itself_as_its_dictionary_does() {
        assert!(ONE_BYTE_CMAP.contains(&format!("/CMapName /{ONE_BYTE_CMAP_NAME} def")));
        assert!(ONE_BYTE_CMAP.contains("<00> <FF>\nendcodespacerange"));
        assert!(ONE_BYTE_CMAP.contains("<00> <FF> 0\nendcidrange"));
    }
}
