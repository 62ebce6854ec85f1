//! The file: streams compressed, objects gathered into object streams
//! with a cross-reference stream, and a trailer `/ID` from a hash of the
//! finished file, so the same content always gives the same bytes.
//!
//! Every object printpdf and we write is reachable and numbered 1…
//! without gaps (ours take the numbers of printpdf's placeholders), so
//! no pass to prune and renumber is needed (a test checks both).

use std::cell::RefCell;

use lopdf::{Document, Object, Stream, StringFormat};
use rayon::prelude::*;

use super::{name, PdfError};
use crate::kept::Kept;
use crate::timing::Phases;

/// The trailer `/ID` while the file is written: two strings of zeros,
/// replaced in place by a hash of the file.
const PLACEHOLDER: [u8; 16] = [0; 16];

/// Serialises the finished document.
pub fn save(mut pdf: Document, phases: &mut Phases) -> Result<Vec<u8>, PdfError> {
    compress(&mut pdf);
    phases.mark("compress");
    let placeholder = || Object::String(PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    pdf.trailer
        .set("ID", Object::Array(vec![placeholder(), placeholder()]));
    // Object streams gather the many small dictionaries (structure tree,
    // fonts, annotations) into compressed streams (ISO 32000-1 §7.5.7;
    // allowed by PDF/A-2), with a cross-reference stream.
    let mut bytes = super::serialize::write(&pdf)?;
    crate::later::drop(pdf);
    phases.mark("save");
    set_id(&mut bytes)?;
    Ok(bytes)
}

/// Writes a hash of the file (with the placeholder) over the placeholder
/// `/ID` in the trailer: the last `[<00…00><00…00>]` of the file.
pub(crate) fn set_id(bytes: &mut [u8]) -> Result<(), PdfError> {
    let zeros = "0".repeat(2 * PLACEHOLDER.len());
    let written = format!("[<{zeros}><{zeros}>]");
    let at = bytes
        .windows(written.len())
        .rposition(|w| w == written.as_bytes())
        .ok_or_else(|| PdfError::Save("the trailer /ID placeholder is missing".into()))?;
    let id = hex_id(bytes);
    let id = format!("[<{id}><{id}>]");
    bytes[at..at + id.len()].copy_from_slice(id.as_bytes());
    Ok(())
}

/// Flate-compresses every stream that has no filter yet, with libdeflate
/// at level 1 ([`zlib`]). libdeflate was chosen against zlib-rs at the
/// default level (6): the 300-document batch took 6 % less time (850
/// against 910 ms) and its PDFs were 1.3 % smaller; higher levels cost
/// more than they save (level 8: as slow as zlib-rs for 0.3 % less); level
/// 1 came later, for fewer instructions. Streams are compressed in
/// parallel: each one's bytes depend on it alone, so the file is the same
/// whatever the thread count.
fn compress(pdf: &mut Document) {
    let mut streams: Vec<&mut Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(stream) if stream.allows_compression && !stream.dict.has(b"Filter") => {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    // Largest first, so the threads finish together.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    streams.par_iter_mut().with_max_len(1).for_each(|stream| {
        if let Some(compressed) = worth_compressing(&stream.content) {
            set_compressed(stream, compressed);
        }
    });
}

/// Gives `stream` its compressed bytes: the filter entry after the
/// length, as every compressed stream of ours has it, wherever it was
/// compressed (here, with the pages or with the font programs).
pub(super) fn set_compressed(stream: &mut Stream, compressed: Vec<u8>) {
    stream.dict.set("Filter", name("FlateDecode"));
    stream.set_content(compressed);
}

/// `content` compressed, when that saves more than the filter's entry
/// in the stream's dictionary costs (`/Filter /FlateDecode`, 19 bytes).
pub(super) fn worth_compressing(content: &[u8]) -> Option<Vec<u8>> {
    kept_or_compressed(content).filter(|compressed| compressed.len() + 19 < content.len())
}

/// Compressed streams kept between renders ([`crate::kept`]), by a hash
/// of the bytes compressed.
pub(super) static KEPT_STREAMS: Kept<std::sync::Arc<[u8]>> = Kept::new();

/// `content` compressed, or the same bytes compressed by a recent render
/// when streams are kept: the same, since compression depends on the
/// bytes alone.
fn kept_or_compressed(content: &[u8]) -> Option<Vec<u8>> {
    if !KEPT_STREAMS.is_on() {
        return zlib(content);
    }
    let key = *blake3::hash(content).as_bytes();
    if let Some(found) = KEPT_STREAMS.get(&key) {
        return Some(found.to_vec());
    }
    // Compressed outside the lock: the other threads go on compressing.
    let compressed = zlib(content)?;
    KEPT_STREAMS.put(key, compressed.as_slice().into());
    Some(compressed)
}

/// `content` zlib-compressed by libdeflate at level 1, for the streams of
/// every render (pages, font programs, object streams): against level 6
/// the files are about 3 % larger (realistic 8-page report, en 77.4 to
/// 79.5 KB, zh 162.7 to 167.9 KB) and a render does 7 % (en) to 11 % (zh)
/// fewer instructions, half of them in the compressor, with fewer fresh
/// pages for its tables.
pub(crate) fn zlib(content: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        static FAST: RefCell<Option<Deflater>> = const { RefCell::new(None) };
    }
    FAST.with(|c| compress_with(c, 1, content))
}

/// `content` at libdeflate's default level (6), for what is compressed
/// once and drawn on every page of every document: the forms of the marks
/// (those built in are compressed when they are blessed, see
/// resources.rs).
pub(crate) fn zlib_small(content: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        static SMALL: RefCell<Option<Deflater>> = const { RefCell::new(None) };
    }
    SMALL.with(|c| compress_with(c, 6, content))
}

/// Compresses with the compressor of the calling thread at `level`, made
/// on first use: one is hundreds of KiB (about 650 at level 6) that
/// libdeflate clears when it is made, so a new one per stream cost more
/// fresh memory (page faults) and clearing than the compressing did. A
/// compressor keeps nothing from one stream to the next, so the bytes are
/// the same as with a new one.
fn compress_with(
    compressor: &RefCell<Option<Deflater>>,
    level: i32,
    content: &[u8],
) -> Option<Vec<u8>> {
    let mut compressor = compressor.try_borrow_mut().ok()?;
    if compressor.is_none() {
        *compressor = Deflater::new(level);
    }
    compressor.as_mut()?.zlib(content)
}

/// A libdeflate compressor, called through the library's C interface
/// (`libdeflate.h`), for two things its Rust wrapper does not do:
///
/// - It writes into a vector's spare capacity. The wrapper takes the
///   output as a slice of initialised bytes: a new buffer cleared for each
///   stream, or a thread's buffer and a copy of the result.
/// - It takes the memory of its tables from the program's allocator
///   (`libdeflate_alloc_compressor_ex`), not from C's `malloc`. There, each
///   thread's compressor was memory fresh from the system, past `malloc`'s
///   threshold for mapping pages of its own; from the program's allocator
///   it mostly reuses pages that the stages before freed. That saved about
///   30 page faults of an 8-page render (40 alternated runs each, medians:
///   en 1,205 → 1,174, fr 1,220 → 1,193, zh 1,609 → 1,577).
struct Deflater(std::ptr::NonNull<libdeflate_sys::libdeflate_compressor>);

impl Deflater {
    /// A compressor at `level` (0 to 12), or none when libdeflate cannot
    /// allocate one or the level is out of range.
    fn new(level: i32) -> Option<Self> {
        let options = libdeflate_sys::libdeflate_options {
            sizeof_options: std::mem::size_of::<libdeflate_sys::libdeflate_options>(),
            malloc_func: Some(rust_malloc),
            free_func: Some(rust_free),
        };
        // SAFETY: libdeflate returns a compressor of its own or null; it
        // allocates and frees it with the two functions given.
        let raw = unsafe { libdeflate_sys::libdeflate_alloc_compressor_ex(level, &options) };
        std::ptr::NonNull::new(raw).map(Deflater)
    }

    /// `content` in the zlib format, in a vector as long as it is, or
    /// none when it does not fit the bound (it always does).
    fn zlib(&mut self, content: &[u8]) -> Option<Vec<u8>> {
        // SAFETY: the compressor is libdeflate's and alive while `self` is.
        let bound = unsafe {
            libdeflate_sys::libdeflate_zlib_compress_bound(self.0.as_ptr(), content.len())
        };
        // Only what the compressor writes is written: the rest of the
        // capacity is left as it is, not cleared first.
        let mut out = Vec::<u8>::with_capacity(bound);
        // SAFETY: libdeflate reads `content.len()` bytes from its start and
        // writes at most `bound` bytes into the vector's capacity, which
        // is at least that; it returns how many it wrote (0 when they did
        // not fit), and those are initialised when the length is set.
        unsafe {
            let written = libdeflate_sys::libdeflate_zlib_compress(
                self.0.as_ptr(),
                content.as_ptr().cast(),
                content.len(),
                out.as_mut_ptr().cast(),
                bound,
            );
            if written == 0 || written > bound {
                return None;
            }
            out.set_len(written);
        }
        Some(out)
    }
}

/// The alignment and header of the blocks handed to libdeflate: its
/// `malloc` expects C's alignment, and its `free` passes only the pointer,
/// so each block starts with its size.
const HEADER: usize = 16;

/// libdeflate's allocation through the program's allocator.
unsafe extern "C" fn rust_malloc(size: usize) -> *mut std::ffi::c_void {
    let Some(total) = size.checked_add(HEADER) else {
        return std::ptr::null_mut();
    };
    let Ok(layout) = std::alloc::Layout::from_size_align(total, HEADER) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the layout is not zero-sized; the size is written in the
    // header, which lies within the block, before the rest is handed out.
    unsafe {
        let block = std::alloc::alloc(layout);
        if block.is_null() {
            return block.cast();
        }
        block.cast::<usize>().write(total);
        block.add(HEADER).cast()
    }
}

/// Frees a block of [`rust_malloc`].
unsafe extern "C" fn rust_free(pointer: *mut std::ffi::c_void) {
    if pointer.is_null() {
        return;
    }
    // SAFETY: `pointer` is `HEADER` bytes into a block of `rust_malloc`,
    // whose total size its header holds, allocated with this alignment.
    unsafe {
        let block = pointer.cast::<u8>().sub(HEADER);
        let total = block.cast::<usize>().read();
        std::alloc::dealloc(
            block,
            std::alloc::Layout::from_size_align_unchecked(total, HEADER),
        );
    }
}

impl Drop for Deflater {
    fn drop(&mut self) {
        // SAFETY: made by `libdeflate_alloc_compressor_ex`, freed once,
        // with the free function it was made with.
        unsafe { libdeflate_sys::libdeflate_free_compressor(self.0.as_ptr()) }
    }
}

/// The `/ID` the trailer of a file carries, in hex, read without hashing
/// anything: a fingerprint of the whole file, since the ID is a hash of it.
pub(crate) fn id_of(bytes: &[u8]) -> Option<String> {
    id_span(bytes).and_then(|(at, len)| {
        let inner = std::str::from_utf8(&bytes[at + 2..at + 2 + len]).ok()?;
        Some(inner.to_owned())
    })
}

/// The `/ID` of a file when its bytes give it: the file with the ID put
/// back to its placeholder hashes to the ID. A file changed anywhere, or
/// written by another program, has none.
pub(crate) fn verified_id(bytes: &[u8]) -> Option<String> {
    let id = id_of(bytes)?;
    let (at, len) = id_span(bytes)?;
    let mut original = bytes.to_vec();
    let zeros = "0".repeat(len);
    let placeholder = format!("[<{zeros}><{zeros}>]");
    original[at..at + placeholder.len()].copy_from_slice(placeholder.as_bytes());
    (hex_id(&original) == id).then_some(id)
}

/// Where the last `[<hex><hex>]` after `/ID` begins, and the length of
/// one hex string, when the two strings are the same.
fn id_span(bytes: &[u8]) -> Option<(usize, usize)> {
    let key = bytes.windows(3).rposition(|w| w == b"/ID")?;
    let mut at = key + 3;
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    let rest = bytes.get(at..)?;
    let len = rest
        .get(2..)?
        .iter()
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    let first = rest.get(2..2 + len)?;
    let second = rest.get(2 + len + 2..2 + len + 2 + len)?;
    (rest.starts_with(b"[<")
        && rest.get(2 + len..2 + len + 2) == Some(b"><".as_slice())
        && first == second
        && rest.get(2 + 2 * len + 2..2 + 2 * len + 4) == Some(b">]".as_slice()))
    .then_some((at, len))
}

/// The hex ID of a file with the placeholder: the first bytes of its hash.
fn hex_id(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..2 * PLACEHOLDER.len()].to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_streams_are_what_compression_gives_for_two_renders() {
        use super::super::kept::{keep_between_renders, GENERATIONS_IN_TESTS};
        let _alone = GENERATIONS_IN_TESTS
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let content = b"BT /F1 10 Tf (kept) Tj ET\n".repeat(50);
        let key = *blake3::hash(&content).as_bytes();
        keep_between_renders();
        assert_eq!(kept_or_compressed(&content), zlib(&content));
        assert!(KEPT_STREAMS.holds(&key));
        // The next render takes it (the same bytes) and keeps it on.
        keep_between_renders();
        assert_eq!(kept_or_compressed(&content), zlib(&content));
        keep_between_renders();
        assert!(KEPT_STREAMS.holds(&key), "used by the render before");
        keep_between_renders();
        assert!(!KEPT_STREAMS.holds(&key), "two renders did not use it");
    }

    /// What the compressor writes into a vector's spare capacity reads
    /// back, through lopdf's own inflater (flate2), as the bytes given:
    /// empty, short, repetitive, and incompressible ones (which take the
    /// compressor to its bound), at both levels, twice on one thread (the
    /// compressor is reused).
    #[test]
    fn compressed_streams_inflate_to_their_content() {
        let mut state = 0x2545_f491_u32;
        let noise: Vec<u8> = (0..200_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect();
        let contents = [
            Vec::new(),
            b"q".to_vec(),
            b"BT /F1 10 Tf <0041> Tj ET\n".repeat(4000),
            noise,
        ];
        for compress in [zlib, zlib_small] {
            for _ in 0..2 {
                for content in &contents {
                    let compressed = compress(content).expect("within the bound");
                    assert!(compressed.len() <= content.len() + 64, "{}", content.len());
                    let mut dict = lopdf::Dictionary::new();
                    dict.set("Filter", name("FlateDecode"));
                    let stream = Stream::new(dict, compressed);
                    assert_eq!(&stream.decompressed_content().unwrap(), content);
                }
            }
        }
    }

    /// The blocks handed to libdeflate are aligned as C's `malloc` aligns
    /// them, hold what is written into them, and are freed by their
    /// pointer alone; a null pointer is not freed, and a size past what
    /// can be allocated gives a null pointer.
    #[test]
    fn libdeflate_blocks_come_from_the_program_s_allocator() {
        for size in [0, 1, 15, 16, 100, 4096, 1 << 20] {
            // SAFETY: each block is written within its size and freed once.
            unsafe {
                let block = rust_malloc(size).cast::<u8>();
                assert!(!block.is_null(), "{size}");
                assert_eq!(block as usize % HEADER, 0, "{size}");
                std::ptr::write_bytes(block, 0xA5, size);
                assert!((0..size).all(|i| *block.add(i) == 0xA5));
                rust_free(block.cast());
            }
        }
        // SAFETY: a null pointer, which free ignores.
        unsafe { rust_free(std::ptr::null_mut()) };
        // SAFETY: an impossible size is refused, not wrapped around.
        assert!(unsafe { rust_malloc(usize::MAX) }.is_null());
    }

    #[test]
    fn the_trailer_id_is_a_hash_of_the_file_with_its_placeholder() {
        let zeros = "0".repeat(32);
        let file = format!("stream 00000000000000000000000000000000\n/ID[<{zeros}><{zeros}>]>>\n");
        let mut bytes = file.clone().into_bytes();
        set_id(&mut bytes).unwrap();
        let id: String = blake3::hash(file.as_bytes()).as_bytes()[..16]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        let expected = file.replace(&format!("[<{zeros}><{zeros}>]"), &format!("[<{id}><{id}>]"));
        assert_eq!(String::from_utf8(bytes.clone()).unwrap(), expected);
        assert!(set_id(&mut b"no placeholder".to_vec()).is_err());
        // The ID is read back, and verified against the bytes.
        assert_eq!(id_of(&bytes).as_deref(), Some(id.as_str()));
        assert_eq!(verified_id(&bytes).as_deref(), Some(id.as_str()));
        // One byte changed anywhere: the ID no longer verifies.
        let mut changed = bytes.clone();
        changed[8] = b'1';
        assert_eq!(id_of(&changed).as_deref(), Some(id.as_str()));
        assert_eq!(verified_id(&changed), None);
        assert_eq!(verified_id(b"%PDF-1.7 no id"), None);
    }
}
