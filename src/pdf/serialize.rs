//! The file's bytes from the object graph, written once into one buffer:
//! streams as indirect objects, every other object packed into object
//! streams of at most 100 (ISO 32000-1 §7.5.7), then a cross-reference
//! stream (§7.5.8) carrying the trailer.
//!
//! The layout is lopdf's own (`save_with_options` with object and
//! cross-reference streams), so files read the same everywhere; what
//! differs is the work: each object is serialised once, straight into its
//! object stream (lopdf serialised each three times, through a `dyn Write`,
//! and cloned the graph), object streams are compressed by the
//! libdeflate compressor of every other stream, not by zlib-rs, and they
//! are made on the other threads while the rest is copied out.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use rayon::prelude::*;

use super::PdfError;

/// Objects per object stream, as lopdf and most writers pack them.
const PER_OBJECT_STREAM: usize = 100;

/// The whole file of `pdf`, with its trailer as the cross-reference
/// stream's dictionary.
pub(super) fn write(pdf: &Document) -> Result<Vec<u8>, PdfError> {
    let capacity = pdf
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len() + 128,
            _ => 64,
        })
        .sum::<usize>()
        + 1024;
    let mut out = Vec::with_capacity(capacity);
    let version = if pdf.version.as_str() < "1.5" {
        "1.5"
    } else {
        pdf.version.as_str()
    };
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version.as_bytes());
    out.push(b'\n');
    if !pdf.binary_mark.iter().all(|&b| b >= 128) {
        return Err(PdfError::Save(
            "the binary mark has a byte below 128".into(),
        ));
    }
    out.push(b'%');
    out.extend_from_slice(&pdf.binary_mark);
    out.push(b'\n');

    // Where each object is: (type, field 2, field 3) of its xref entry.
    let mut xref: std::collections::BTreeMap<u32, (u8, u32, u16)> = Default::default();
    // The objects written as they are (streams, and the few an object
    // stream may not hold), and the others in groups, each group an
    // object stream after them.
    let mut direct: Vec<(ObjectId, &Object)> = Vec::new();
    let mut packed: Vec<Vec<(ObjectId, &Object)>> = Vec::new();
    for (&id, object) in &pdf.objects {
        match object {
            Object::Stream(_) => direct.push((id, object)),
            _ if id.1 == 0 && !is_cross_reference(object) => match packed.last_mut() {
                Some(group) if group.len() < PER_OBJECT_STREAM => group.push((id, object)),
                _ => packed.push(vec![(id, object)]),
            },
            _ => direct.push((id, object)),
        }
    }
    // The object streams are made (their objects written and compressed)
    // while the others are copied out: they were a serial part of the
    // end of every render.
    let (streams, ()) = rayon::join(
        || {
            packed
                .par_iter()
                .map(|group| object_stream(group))
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            for &(id, object) in &direct {
                xref.insert(id.0, (1, out.len() as u32, id.1));
                indirect(&mut out, id, object);
            }
        },
    );
    let mut next_id = pdf.max_id + 1;
    for (group, stream) in packed.iter().zip(streams?) {
        let stream_id = next_id;
        next_id += 1;
        for (index, (id, _)) in group.iter().enumerate() {
            xref.insert(id.0, (2, stream_id, index as u16));
        }
        xref.insert(stream_id, (1, out.len() as u32, 0));
        indirect(&mut out, (stream_id, 0), &Object::Stream(stream));
    }

    // The cross-reference stream, numbered last, listing itself.
    let xref_id = next_id;
    let xref_start = out.len();
    xref.insert(xref_id, (1, xref_start as u32, 0));
    let size = xref_id + 1;
    let mut entries = Vec::with_capacity(7 * size as usize);
    let mut index = Vec::new();
    let mut section: Option<(u32, u32)> = None;
    for id in 1..size {
        match xref.get(&id) {
            Some(&(kind, field2, field3)) => {
                entries.push(kind);
                entries.extend_from_slice(&field2.to_be_bytes());
                entries.extend_from_slice(&field3.to_be_bytes());
                section = Some(section.map_or((id, 1), |(start, n)| (start, n + 1)));
            }
            None => {
                if let Some((start, n)) = section.take() {
                    index.extend([Object::Integer(start.into()), Object::Integer(n.into())]);
                }
            }
        }
    }
    if let Some((start, n)) = section {
        index.extend([Object::Integer(start.into()), Object::Integer(n.into())]);
    }
    let mut trailer: Dictionary = pdf.trailer.clone();
    trailer.set("Type", Object::Name(b"XRef".to_vec()));
    trailer.set("Size", i64::from(size));
    trailer.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(4),
            Object::Integer(2),
        ]),
    );
    trailer.set("Index", Object::Array(index));
    trailer.remove(b"Filter");
    trailer.set("Length", entries.len() as i64);
    let xref_stream = lopdf::Stream {
        dict: trailer,
        content: entries,
        allows_compression: true,
        start_position: None,
    };
    indirect(&mut out, (xref_id, 0), &Object::Stream(xref_stream));
    out.extend_from_slice(b"\nstartxref\n");
    out.extend_from_slice(itoa::Buffer::new().format(xref_start).as_bytes());
    out.extend_from_slice(b"\n%%EOF");
    Ok(out)
}

/// Whether `object` is an object or cross-reference stream's dictionary,
/// which no object stream may hold.
fn is_cross_reference(object: &Object) -> bool {
    matches!(object, Object::Dictionary(d)
        if matches!(d.get(b"Type").and_then(Object::as_name), Ok(b"XRef" | b"ObjStm")))
}

/// An object stream of `group`: the numbers and offsets, then the objects,
/// each followed by a space, compressed.
fn object_stream(group: &[(ObjectId, &Object)]) -> Result<lopdf::Stream, PdfError> {
    let mut table = Vec::with_capacity(group.len() * 10);
    let mut body = Vec::with_capacity(group.len() * 64);
    let mut numbers = itoa::Buffer::new();
    for ((number, _), object) in group {
        table.extend_from_slice(numbers.format(*number).as_bytes());
        table.push(b' ');
        table.extend_from_slice(numbers.format(body.len()).as_bytes());
        table.push(b' ');
        object_bytes(&mut body, object);
        body.push(b' ');
    }
    let first = table.len();
    table.extend_from_slice(&body);
    let compressed = super::save::zlib(&table)
        .ok_or_else(|| PdfError::Save("an object stream did not compress".into()))?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    dict.set("N", group.len() as i64);
    dict.set("First", first as i64);
    dict.set("Length", compressed.len() as i64);
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Ok(lopdf::Stream {
        dict,
        content: compressed,
        allows_compression: false,
        start_position: None,
    })
}

/// `id 0 obj`, the object, `endobj`, with the spaces lopdf puts around
/// objects that end in a number, name or keyword.
fn indirect(out: &mut Vec<u8>, (number, generation): ObjectId, object: &Object) {
    let mut buffer = itoa::Buffer::new();
    out.extend_from_slice(buffer.format(number).as_bytes());
    out.push(b' ');
    out.extend_from_slice(buffer.format(generation).as_bytes());
    out.extend_from_slice(b" obj\n");
    if starts_bare(object) {
        out.push(b' ');
    }
    object_bytes(out, object);
    if ends_bare(object) {
        out.push(b' ');
    }
    out.extend_from_slice(b"\nendobj\n");
}

/// Objects that need a space before them after a name or a number.
fn starts_bare(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// Objects that need a space after them before `endobj`.
fn ends_bare(object: &Object) -> bool {
    starts_bare(object) || matches!(object, Object::Name(_) | Object::Stream(_))
}

/// One object in PDF syntax.
fn object_bytes(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(value) => {
            out.extend_from_slice(itoa::Buffer::new().format(*value).as_bytes())
        }
        Object::Real(value) => {
            use std::io::Write;
            // Writing to a vector cannot fail.
            let _ = write!(out, "{value}");
        }
        Object::Name(name) => name_bytes(out, name),
        Object::String(text, StringFormat::Literal) => literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.reserve(text.len() * 2 + 2);
            out.push(b'<');
            for &byte in text {
                out.extend_from_slice(&[HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 15)]]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && starts_bare(item) {
                    out.push(b' ');
                }
                object_bytes(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((number, generation)) => {
            let mut buffer = itoa::Buffer::new();
            out.extend_from_slice(buffer.format(*number).as_bytes());
            out.push(b' ');
            out.extend_from_slice(buffer.format(*generation).as_bytes());
            out.extend_from_slice(b" R");
        }
    }
}

fn dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        name_bytes(out, key);
        if starts_bare(value) {
            out.push(b' ');
        }
        object_bytes(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A name, with white space, delimiters, `#` and bytes outside `!`…`~`
/// written as `#XX`.
fn name_bytes(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        // (White space is outside `!`…`~`.)
        let delimiter = matches!(
            byte,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' | b'#'
        );
        if delimiter || !(33..=126).contains(&byte) {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(&[
                b'#',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ]);
        } else {
            out.push(byte);
        }
    }
}

/// A literal string: backslashes, carriage returns and unbalanced
/// parentheses escaped (balanced ones need none).
fn literal(out: &mut Vec<u8>, text: &[u8]) {
    let mut escaped = vec![false; text.len()];
    let mut open = Vec::new();
    for (index, &byte) in text.iter().enumerate() {
        match byte {
            b'(' => open.push(index),
            b')' if open.pop().is_none() => escaped[index] = true,
            b'\\' | b'\r' => escaped[index] = true,
            _ => {}
        }
    }
    for index in open {
        escaped[index] = true;
    }
    out.push(b'(');
    for (&byte, &escape) in text.iter().zip(&escaped) {
        if escape {
            out.push(b'\\');
            out.push(if byte == b'\r' { b'r' } else { byte });
        } else {
            out.push(byte);
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph with every kind of object, and enough small ones for two
    /// object streams.
    fn graph() -> Document {
        let mut pdf = Document::with_version("1.7");
        let mut dict = Dictionary::new();
        dict.set("Name", Object::Name(b"with space#and/slash\xE9".to_vec()));
        dict.set("Balanced", Object::string_literal("a (b) c"));
        dict.set(
            "Unbalanced",
            Object::String(b"a ) b ( c \\ \r".to_vec(), StringFormat::Literal),
        );
        dict.set(
            "Hex",
            Object::String(vec![0, 0x7f, 0xff], StringFormat::Hexadecimal),
        );
        dict.set(
            "Array",
            Object::Array(vec![
                Object::Integer(-3),
                Object::Real(1.25),
                Object::Null,
                Object::Boolean(true),
                Object::Name(b"N".to_vec()),
                Object::Reference((1, 0)),
                Object::Array(vec![]),
            ]),
        );
        let first = pdf.add_object(dict);
        for i in 0..150 {
            pdf.add_object(Object::Integer(i));
        }
        pdf.add_object(lopdf::Stream::new(
            Dictionary::new(),
            b"0 0 m 1 1 l S".to_vec(),
        ));
        pdf.trailer.set("Root", Object::Reference(first));
        pdf
    }

    #[test]
    fn a_written_file_reads_back_as_the_same_objects() {
        let pdf = graph();
        let bytes = write(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n%"));
        assert!(bytes.ends_with(b"%%EOF"));
        let read = Document::load_mem(&bytes).unwrap();
        for (id, object) in &pdf.objects {
            match (object, read.get_object(*id).unwrap()) {
                (Object::Stream(a), Object::Stream(b)) => {
                    assert_eq!(a.content, b.content);
                    assert_eq!(a.dict, b.dict);
                }
                (a, b) => assert_eq!(a, b, "object {id:?}"),
            }
        }
        assert_eq!(
            read.trailer.get(b"Root").unwrap(),
            &Object::Reference((1, 0))
        );
        // 151 small objects: two object streams, of 100 and 51.
        let streams = bytes.windows(12).filter(|w| w == b"/Type/ObjStm").count();
        assert_eq!(streams, 2);
        assert!(bytes.windows(6).any(|w| w == b"/N 100"));
        assert!(bytes.windows(5).any(|w| w == b"/N 51"));
    }

    #[test]
    fn a_name_escapes_white_space_delimiters_and_what_is_not_printable() {
        for byte in 0..=255u8 {
            let mut out = Vec::new();
            name_bytes(&mut out, &[byte]);
            let escaped = b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte);
            let expected = if escaped {
                format!("/#{byte:02X}").into_bytes()
            } else {
                vec![b'/', byte]
            };
            assert_eq!(out, expected, "{byte:#04x}");
        }
    }
}
